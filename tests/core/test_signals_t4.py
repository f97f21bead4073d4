"""Round-3 (t4) phrase rules for threats, hate groups and impersonation.

Every positive row is a fresh phrasing of a phenomenon (written for this table, not taken from
a tuning or evaluation set) and must raise its category at medium or above with the
participants' roles unknown: veiled and timed threats, calls to a fight, wishing harm, pile-ons
and exclusion, groups, pages and polls about a child, fake accounts, new-number scams, account
takeover and catfish age lies. Every benign row shares words with one of them (gaming trash
talk, a surprise kept secret, a netball group chat, a poll about pizza, a parent's new number,
sibling teasing, a wifi code) and must stay below medium in all three categories.
"""

from __future__ import annotations

import pytest

from safeguard.core.engine import ScanEngine
from safeguard.core.levels import RiskLevel

from .helpers import conversation

ENGINE = ScanEngine()
KNOWN_MISS = pytest.mark.xfail(reason="known miss of the phrase rules: one weak signal only")
MINE = ("threats_abuse", "hate_group", "impersonation")


def rows_of(script: str) -> list[tuple[str, str]]:
    """``"a: hi | b: hey"`` as (sender, text) rows."""
    rows = []
    for part in script.split(" | "):
        sender, _, text = part.partition(": ")
        rows.append((sender.strip(), text.strip()))
    return rows


def level_of(script: str, category: str) -> RiskLevel:
    found = ENGINE.assess(conversation(rows_of(script))).category(category)
    return found.level if found is not None else RiskLevel.NONE


POSITIVE: list = [
    (
        "threats_abuse",
        "a: ur actually gonna get it tmrw | b: for what"
        " | a: u know what u did. dont bother coming in",
    ),
    (
        "threats_abuse",
        "a: better not come to school monday if u know whats good for u | b: why",
    ),
    (
        "threats_abuse",
        "a: ur days are numbered fr | b: ??"
        " | a: everyone knows what u said about jess. count ur days",
    ),
    (
        "threats_abuse",
        "a: meet me at the park at 4 and we'll sort this out properly"
        " | b: i dont want to fight | a: too late. bring whoever u want",
    ),
    (
        "threats_abuse",
        "a: say that to my face tmrw and see what happens | b: i didnt even say anything"
        " | a: ur getting ur head kicked in",
    ),
    (
        "threats_abuse",
        "a: i hope u get hit by a bus on the way home | b: wow ok"
        " | a: no one would even go to ur funeral",
    ),
    (
        "threats_abuse",
        "a: ur such an embarrassment honestly | a: waste of oxygen | b: stop"
        " | a: delete ur account and do us all a favour",
    ),
    (
        "threats_abuse",
        "a: ew who let the freak in the gc | c: 😂😂 look at her pfp | d: actually tragic"
        " | a: imagine being u",
    ),
    (
        "threats_abuse",
        "a: dont sit with us at lunch anymore | b: what did i do"
        " | a: we all agreed ur out. ur not part of the group",
    ),
    (
        "threats_abuse",
        "a: everyone unfollow her shes a snake | c: done | d: done 😂"
        " | b: why are u all doing this",
    ),
    (
        "threats_abuse",
        "a: if u show up to the party ur getting dragged out by ur hair | b: its not even ur party",
    ),
    (
        "threats_abuse",
        "a: i swear down when i catch u ur finished | b: leave me alone | a: cant hide forever",
    ),
    (
        "threats_abuse",
        "a: my brother knows where u live btw | b: so | a: so watch urself",
    ),
    (
        "threats_abuse",
        "a: keep chatting and see what happens to u | b: is that a threat | a: its a promise 🔪",
    ),
    (
        "threats_abuse",
        "a: u fat ugly cow | a: go die | b: why r u like this",
    ),
    (
        "threats_abuse",
        "a: nobody in this school can stand u | a: even the teachers think ur annoying | b: ok",
    ),
    (
        "threats_abuse",
        "a: we're all going to the cinema saturday but ur not invited lol"
        " | c: sorry not sorry | d: maybe make some real friends",
    ),
    (
        "threats_abuse",
        "a: hope ur ready for monday 😈 | b: what happens monday"
        " | a: u'll see. the whole year knows",
    ),
    (
        "threats_abuse",
        "a: u r a stupid little rat and everyone knows it | b: stop messaging me | a: make me",
    ),
    (
        "threats_abuse",
        "a: ill slap u so hard ur mum wont recognise u | b: ok whatever",
    ),
    (
        "threats_abuse",
        "a: ppl are gonna be waiting for u outside maccies | b: who | a: u'll find out",
    ),
    pytest.param(
        "threats_abuse",
        "a: u better run home fast tmrw | b: why | a: just saying",
        marks=KNOWN_MISS,
    ),
    (
        "hate_group",
        "a: join the gc, its called everyone hates maya 😂 | b: omg who made it"
        " | a: me. 30 people in it already",
    ),
    (
        "hate_group",
        "a: i made a tiktok acc just to post vids of her | b: which her"
        " | a: chloe obv. first one is her dancing in the canteen",
    ),
    (
        "hate_group",
        "a: the page about josh has 300 followers now | b: lmao the last post was savage",
    ),
    (
        "hate_group",
        "a: someones made a rate the year 8 girls account | b: omg is it bad"
        " | a: they put everyones face up with a score",
    ),
    (
        "hate_group",
        "a: theyre doing a poll whos the fattest in our form | b: thats so mean"
        " | a: ur name is on it btw sorry",
    ),
    (
        "hate_group",
        "b: theyre all in a gc where they slag me off | c: how do u know"
        " | b: someone sent me screenshots. the whole class is in it",
    ),
    (
        "hate_group",
        "b: they made a snapchat story just about me | c: what do u mean"
        " | b: its all my pics with laughing emojis and they add everyone to it",
    ),
    (
        "hate_group",
        "b: they keep adding me to a group just to laugh at me then kick me out"
        " | c: who does | b: ruby and them",
    ),
    (
        "hate_group",
        "a: have u seen the mia exposed account | b: no what is it"
        " | a: someone posts all her old messages and pics on it",
    ),
    (
        "hate_group",
        "b: that confessions page keeps posting about me | c: what does it say"
        " | b: that im a slag and i smell. everyone is sending stuff in",
    ),
    (
        "hate_group",
        "a: send me pics of sam looking weird and ill post them on the page"
        " | b: lol ok i have loads",
    ),
    (
        "hate_group",
        "a: new server rules: only ppl who cant stand tyler allowed | b: 😂😂"
        " | c: tyler tax is one insult each",
    ),
    (
        "impersonation",
        "b: someone made a fake tiktok of me | c: what"
        " | b: its my pics and my name and its posting weird stuff",
    ),
    (
        "impersonation",
        "c: why did u dm me asking for money | b: i didnt?? | c: it came from ur insta"
        " | b: thats not me someone must have got in",
    ),
    (
        "impersonation",
        "a: hey its mr jones from school, add me on snap so i can help with ur homework"
        " | b: ok | a: dont mention it to anyone, teachers arent meant to do this",
    ),
    (
        "impersonation",
        "a: hi mum its me, new phone. can u send me some money for lunch | b: who is this"
        " | a: ur son lol. old one fell in the toilet",
    ),
    (
        "impersonation",
        "b: he said he was 16 but on his other snap it says 28 | c: thats so creepy"
        " | b: and his face in the vid looks way older",
    ),
    (
        "impersonation",
        "b: someone hacked my roblox and changed my password | c: omg"
        " | b: and now theyre messaging my friends as me",
    ),
    (
        "impersonation",
        "a: why is there two of u on insta | b: what"
        " | a: theres another acc with ur name and ur selfies",
    ),
    (
        "impersonation",
        "a: yo its jake from ur class, this is my new acc | b: jake whos in my class?"
        " | a: yeah lol. can u send me ur snap",
    ),
    (
        "impersonation",
        "b: i think the girl ive been talking to isnt real | c: why"
        " | b: she wont video call and her pics are off some model account",
    ),
    (
        "impersonation",
        "a: its ur cousin, lost my phone. can u give me ur mums number and ur address"
        " | b: which cousin",
    ),
    (
        "impersonation",
        "a: i got into ur account lol | b: give it back | a: nah im gonna post whatever i want",
    ),
    (
        "impersonation",
        "a: heyy saw u on my friends list im 13 too | b: cool"
        " | a: ngl im actually 19 but age doesnt matter right",
    ),
    pytest.param(
        "hate_group",
        'a: yo who made the "lily smells" group 😭 | b: not me but its hilarious'
        " | c: someone add the pic from swimming",
        marks=KNOWN_MISS,
    ),
    (
        "hate_group",
        "a: i made a gc for everyone who thinks ben is annoying"
        " | b: so literally everyone lol | a: adding the whole form now",
    ),
    (
        "hate_group",
        "b: theres an insta page called rate_the_year9s"
        " | c: i know its disgusting, they rated me a 2"
        " | b: they put my pic next to a pig",
    ),
    (
        "hate_group",
        "a: ok new rule in this chat, every day someone posts one reason why kieran is a loser"
        " | b: day 1: his haircut | c: day 2: his mum still walks him to school",
    ),
    (
        "hate_group",
        "a: lads made a secret snap group with everyone except olivia | b: why"
        " | a: so they can screenshot her stories and rip into them",
    ),
    (
        "hate_group",
        "b: i found out about the gc | c: which one"
        " | b: the one they made about me. i saw it on jess's phone. there's 25 people"
        " in it and they all say im fat",
    ),
    (
        "hate_group",
        "a: tiktok account dedicated to making fun of noah is going viral at school"
        " | b: whats it called | a: noahs_fails. its just clips of him",
    ),
    (
        "hate_group",
        "a: we should make a list of the most annoying girls in our year and post it"
        " | b: lol do it on ur private story | c: put chloe at number one",
    ),
    (
        "hate_group",
        "a: someone set up an anonymous account just to send hate to maddie"
        " | b: that's why she wasn't in today | a: they message her every night",
    ),
    (
        "hate_group",
        "a: vote in the poll on my story: who would u least want to be stuck on an island with"
        " | b: the options are all people in our class 😂"
        " | c: rip to whoever gets the most votes",
    ),
    (
        "hate_group",
        "a: lets make a discord where we can talk about ava without her seeing"
        " | b: good idea she's always in the main one | c: call it the ava files lol",
    ),
    (
        "hate_group",
        "b: there's a whatsapp group where boys in my year share pics of girls and score them"
        " | c: are u in it? | b: they put a pic of me from my insta with a 3/10",
    ),
    (
        "threats_abuse",
        "a: u think ur hard? wait till friday | b: whats friday"
        " | a: u'll know when it happens. everyones gonna be watching",
    ),
    (
        "threats_abuse",
        "a: snitch. everyone knows u told mrs khan | a: ur gonna regret opening ur mouth"
        " | b: i didnt tell her anything",
    ),
    (
        "threats_abuse",
        "a: im coming to ur house tonight | b: dont pls my mum is home"
        " | a: dont care. open the door or ill smash ur window",
    ),
    (
        "threats_abuse",
        "a: u need to stop talking to my gf or its gonna get ugly | b: we're just friends"
        " | a: last warning",
    ),
    (
        "threats_abuse",
        "a: everyone in the group is blocking u, dont even try to message us"
        " | c: bye loser 👋 | d: finally",
    ),
    (
        "threats_abuse",
        "a: we're gonna film u getting done in and put it on snap | b: pls leave me alone"
        " | a: 4pm by the shops",
    ),
    (
        "threats_abuse",
        "a: thick fat loser | a: no wonder ur mum left | b: stop | a: cry more",
    ),
    (
        "threats_abuse",
        "a: if u come to the party i'll make sure everyone knows ur secret | b: pls dont"
        " | a: then stay home",
    ),
    (
        "threats_abuse",
        "a: u have 24 hours to delete that post or else | b: or else what"
        " | a: u dont wanna find out",
    ),
    (
        "threats_abuse",
        "a: ur lucky im not at school tmrw | a: but my cousin is. he knows ur face",
    ),
    (
        "threats_abuse",
        "a: ppl like u shouldnt be allowed to exist | b: what did i do to u | a: breathe",
    ),
    (
        "threats_abuse",
        "a: kill urself fr no one would care | b: ... | a: do it",
    ),
    (
        "impersonation",
        "a: hey its lucy from dance, my snap got deleted so this is my new one"
        " | b: oh hey"
        " | a: can u send me that pic of us from the show and ur address for the party invites",
    ),
    (
        "impersonation",
        "b: someone set up an acc using my name and is messaging boys from my school"
        " | c: how do u know | b: one of them showed me. its my pfp and everything",
    ),
    (
        "impersonation",
        "a: hi this is mrs patel from the school office, we need ur mums bank details"
        " for the trip"
        " | b: why are u messaging me on insta"
        " | a: its quicker. dont tell her ill sort it with her after",
    ),
    (
        "impersonation",
        "b: the guy i met on fortnite said he was 14 but when we facetimed he had a beard"
        " | c: omg block him | b: he said he was just tall for his age",
    ),
    (
        "impersonation",
        "a: i logged into ur snap from my phone lol ur password is so easy"
        " | b: log out now | a: nah ill have some fun first. who should i message as u",
    ),
    (
        "impersonation",
        "a: pretend ur me and text him saying u like him | b: lol ok give me ur phone"
        " | a: screenshot it when he replies",
    ),
    (
        "impersonation",
        "b: my insta was hacked and they changed my email | c: whats happening on it"
        " | b: theyre posting scam links and asking my followers for money",
    ),
    (
        "impersonation",
        "a: i made a fake acc as a girl and got jake to send me stuff lmao"
        " | b: omg what did he send"
        " | a: messages saying he fancies me 😂 gonna show everyone",
    ),
    (
        "hate_group",
        "a: guys check the new acc lol @zoe.is.a.clown | b: 💀💀 who runs it"
        " | a: anon. its just her worst selfies with clown filters",
    ),
    pytest.param(
        "hate_group",
        'b: theres a gc with the whole year in it called "kick mo out" | c: wtf'
        " | b: they want everyone to stop talking to me",
        marks=KNOWN_MISS,
    ),
    (
        "hate_group",
        "a: lets start a page where people can post anonymously about harry"
        " | b: like confessions? | a: yeah but only about him lol",
    ),
    (
        "hate_group",
        "a: made a poll in the year chat: who's the biggest virgin | b: omg ur evil"
        " | c: voting for dev 😂",
    ),
    (
        "hate_group",
        "b: everyone keeps sharing that tiktok of me crying"
        " | b: someone made it into a meme account | c: report it",
    ),
    (
        "hate_group",
        "a: we need a gc for the trip without jess, she ruins everything"
        " | b: ok making it now, dont tell her | c: and no one screenshot",
    ),
    (
        "hate_group",
        "a: whoever can get the worst pic of maya gets a prize"
        " | b: ive got one from the bus lol | c: post it in the chat",
    ),
    (
        "hate_group",
        'a: im adding all of 9b to the "why we hate tom" chat | b: even tom\'s mates?'
        " | a: especially them",
    ),
    (
        "hate_group",
        "b: there's an account that posts pics of people in my year with rude comments"
        " | c: have u been on it | b: yeah. twice. they called me a whale",
    ),
    (
        "threats_abuse",
        "a: ur not gonna make it to year 10 the way ur going"
        " | b: is that meant to be a threat | a: take it how u want",
    ),
    (
        "threats_abuse",
        "a: pussy, u wont even fight me | a: ill drag u round the field tomorrow"
        " | b: i dont want trouble",
    ),
    (
        "threats_abuse",
        "a: dont think i wont do it | a: i know ur nan's house too | b: pls stop",
    ),
    (
        "threats_abuse",
        "a: show ur face at the bus stop again and see what happens"
        " | b: its my bus stop too | a: not anymore",
    ),
    (
        "threats_abuse",
        "a: ur a dirty little liar and everyone is gonna know"
        " | a: already sent it to the whole year | b: sent what",
    ),
    (
        "threats_abuse",
        "a: gay boy | a: no one wants to change next to u in pe | b: leave me alone",
    ),
    (
        "threats_abuse",
        "a: u cant sit with us | b: why | a: bc no one wants u here. find another table",
    ),
    (
        "threats_abuse",
        "a: i'll make sure u never walk again | b: ?? over a game? | a: not a game anymore",
    ),
    (
        "impersonation",
        "a: yo is this the right number for kai? its his uncle, he asked me to pick him up"
        " | b: who is this"
        " | a: uncle mark. ur mum said its fine, just meet me at the gate",
    ),
    (
        "impersonation",
        "b: someone is using my old pics and pretending to be 18 on a dating site"
        " | c: omg report it | b: i did but it's still up",
    ),
    (
        "impersonation",
        "a: its tom from football i'm using my brothers acc | b: oh ok why"
        " | a: lost my phone. whats the code for the team group",
    ),
    (
        "impersonation",
        "b: the girl i've been messaging for weeks just sent a voice note and it was a man"
        " | c: block and tell someone | b: he said he's her dad using her phone",
    ),
    pytest.param(
        "impersonation",
        "a: hey its mia! new snap cos i got hacked 😭 add me back"
        " | b: is it really u? what did we do on saturday"
        " | a: lol cant remember, just send me ur new pics",
        marks=KNOWN_MISS,
    ),
    (
        "threats_abuse",
        "a: 🤡🤡🤡 | c: 🐷🐷 | a: oink oink | b: why are u all sending me this",
    ),
    (
        "threats_abuse",
        "a: go back to where u came from | b: i was born here | a: nobody wants ur sort here",
    ),
    pytest.param(
        "threats_abuse",
        "a: dont pick him for the squad hes trash at everything | c: yeah kick him"
        " | d: bye bye 👋 | b: we're meant to be mates",
        marks=KNOWN_MISS,
    ),
    (
        "threats_abuse",
        "a: u think u can just ignore me? | a: i'll be outside ur house at 8"
        " | a: dont make me come in",
    ),
    (
        "threats_abuse",
        "a: if u tell anyone about today ur next | b: i wont"
        " | a: good. remember what happened to callum",
    ),
    pytest.param(
        "threats_abuse",
        "a: everyone screenshot her message and spam it in the year chat | c: done 😂"
        " | d: she's so desperate",
        marks=KNOWN_MISS,
    ),
    (
        "threats_abuse",
        "a: ur so thick, literally the dumbest person in our year"
        " | a: no wonder ur in bottom set | b: leave me alone",
    ),
    (
        "threats_abuse",
        "a: i'll make ur life a misery until u leave | b: why | a: cos i can",
    ),
    (
        "hate_group",
        "a: someone made an instagram where they post screenshots of leah's messages"
        " | b: omg who | a: idk but it has like 150 followers and its all year 9",
    ),
    (
        "hate_group",
        "a: lads we're doing a rating of every girl in year 10 tonight on the gc"
        " | b: out of 10? | a: yeah face and body",
    ),
    (
        "hate_group",
        "b: they made a group chat called 'josh's funeral' and everyone is posting rip memes"
        " | c: thats sick | b: i didnt even do anything",
    ),
    (
        "hate_group",
        "a: lmao the anon page posted about ellie again | b: what did it say this time"
        " | a: that she stuffs her bra and no one likes her",
    ),
    (
        "impersonation",
        "b: someone keeps making accounts with my name and sending people horrible messages"
        " | c: block them | b: they just make new ones",
    ),
    (
        "impersonation",
        "a: this is officer james from the police, we need to speak to u about ur account"
        " | b: am i in trouble? | a: yes unless u send ur password so we can check it",
    ),
    (
        "impersonation",
        "b: my ex logged into my insta and deleted all my posts | c: how"
        " | b: he knew my password from when we were together",
    ),
    (
        "hate_group",
        'a: ok so the group is called "people who think rosie is fake" | b: 😂 add me'
        " | c: add everyone from netball",
    ),
    pytest.param(
        "hate_group",
        "a: post ur best impression of amir in the gc | b: *puts on squeaky voice* 😂"
        " | c: stop im crying",
        marks=KNOWN_MISS,
    ),
    (
        "hate_group",
        'b: they made a fake award list and gave me "most likely to die alone"'
        " | c: thats horrible | b: and they put it on their story",
    ),
    (
        "hate_group",
        "a: i set up a tiktok that just reposts kayla's videos with laughing sounds"
        " | b: lmaooo she's gonna see it | a: thats the point",
    ),
    (
        "hate_group",
        "b: my whole form has a groupchat without me and they talk about me in it"
        " | c: how do u know | b: lola showed me. they call it the anti-ruby club",
    ),
    (
        "hate_group",
        "a: hot or not: year 8 edition is up on my private story | b: who's on it"
        " | a: all the girls lol vote in the poll",
    ),
    (
        "impersonation",
        "a: hey i'm 15, just moved to ur area. do u wanna meet up at the park"
        " | b: how did u get my number"
        " | a: from a friend. btw i'm actually a bit older but ur really mature",
    ),
    (
        "impersonation",
        "b: there's a profile with my face on it saying im looking for a boyfriend"
        " | c: omg thats not u | b: no, my photos were taken from my old insta",
    ),
    pytest.param(
        "impersonation",
        "a: hi its ur dads friend paul, ur dad asked me to check ur ok. send me a selfie"
        " so i can show him"
        " | b: why cant he text me | a: his phone is broken",
        marks=KNOWN_MISS,
    ),
    (
        "impersonation",
        "b: someone messaged my mum from my number asking for £200 | c: ur number??"
        " | b: they cloned my whatsapp",
    ),
    (
        "threats_abuse",
        "a: ur gonna end up in hospital if u keep chatting shit"
        " | b: i havent said anything | a: keep lying",
    ),
    (
        "threats_abuse",
        "a: come to the park at 5 if ur not a pussy | b: im not fighting u"
        " | a: then everyone will know ur a coward",
    ),
    (
        "threats_abuse",
        "a: enjoy ur last day | b: what | a: tomorrow ur getting it",
    ),
    (
        "threats_abuse",
        "a: i'll ruin ur life | a: ur mum's job, ur little sisters school, all of it"
        " | b: please stop",
    ),
    (
        "hate_group",
        'a: started a snap story called "things grace has said" 😂 | b: omg ur evil'
        " | c: add the one about her cat",
    ),
    (
        "hate_group",
        "b: theres a page that edits my face onto animals | c: whos behind it"
        " | b: dunno but half the school follows it",
    ),
    (
        "hate_group",
        "a: in the new gc we're voting on who to kick out of the friend group next"
        " | b: obviously maisie | c: yeah maisie, she's so clingy",
    ),
    (
        "hate_group",
        "b: they started a hashtag about me on tiktok | c: what hashtag"
        " | b: #stinkysam. everyone in year 7 is using it",
    ),
    (
        "hate_group",
        "a: im making a roblox group where the only rule is bully jake | b: lmao | c: join code?",
    ),
    (
        "hate_group",
        'b: someone made a discord called "destroy dylan" and added my whole class'
        " | c: thats so messed up | b: they post my old videos in there",
    ),
]

BENIGN: list[str] = [
    "a: ur so dead when we play fifa later | b: bring it | a: im gonna destroy u 10-0",
    "a: i'll kill you if you spoil the ending lol | b: 🤐 i wont",
    "a: made a new gc for the netball team | b: add chloe she just joined | a: done",
    "a: rate my fit 1-10 for the prom | b: 10 obviously | c: 11 😍",
    "a: my brother is gonna kill me i broke his headset | b: rip",
    "a: hi mum its me, can u pick me up at 6 | b: ok love",
    "a: is this ur new number? | b: yes got a new phone, its ellie | a: saved 👍",
    "a: we should do a poll on the year chat for the end of year trip | b: yes paris vs the zoo",
    "a: my insta got hacked so i made a new one | b: whats the new one | a: ellie.m.2 follow me",
    "a: in pshe we did a thing about hate pages and fake accounts | b: boring"
    " | a: ye but the video was sad",
    "a: watch ur back, the dinner ladies are on the warpath today | b: 😂 noted",
    "a: this exam is literally killing me | b: same i want to die | a: lol we'll survive",
    "a: nobody likes the new uniform lol | b: its so ugly | a: the blazer is tragic",
    "a: im telling mum u ate my chocolate | b: ur dead to me | a: 😂",
    "a: made a page for my art, its called doodles by ruby | b: omg cute",
    "a: whos the funniest person in our class | b: jack defo | c: jack 100%",
    "a: the code for the wifi is on the fridge | b: send it me | a: its the long one",
    "a: ill send u the code for the zoom later | b: ok send it to me",
    "a: coach says if we dont turn up saturday we're out of the team | b: harsh"
    " | a: he means it tho",
    "a: she's gonna murder me i lost her hoodie | b: just buy her a new one",
    "a: u better watch out for the quiz tmrw, miss said its hard | b: great",
    "a: ranking the harry potter films | b: prisoner of azkaban top obviously",
    "a: anyone wanna join a group for the maths revision | b: yes add me"
    " | c: me too but not the one with the spammy bots",
    "a: lets rate our teachers' outfits at the christmas jumper day 😂 | b: mr hill 10/10",
    "a: which of the marvel characters is the most annoying | b: ant man for sure | c: poll it",
    "a: dont tell lily about the group chat its for her surprise leaving party"
    " | b: ok my lips are sealed",
    "a: hi its me on my dads phone, mine died. can u tell mum im staying at sophies"
    " | b: ok will do",
    "a: the quiz team results are in, we came last 😭 | b: we're the worst team in the school lol",
    "a: someone hacked my roblox but i got it back, turned on 2 step | b: nice",
    "a: ill smash u at smash bros tonight | b: in ur dreams",
    "a: my mum is going to kill me i got a detention | b: rip 💀",
    "a: the drama group is doing a play about a bully who makes a hate page"
    " | b: who plays the bully | a: sam. he has to say 'everyone hates you' in act 2",
    "a: u dont want to find out what happens in the last episode 😱 | b: no spoilers!!",
    "a: we're going to get u at laser tag saturday 😈 | b: bring it on",
    "a: we made a gc for the geography project | b: add tom he's in our group | c: done",
    "a: poll: best chippy in town | b: the one by the station obviously",
    "a: my sister made a fan page for her favourite kpop band | b: cute",
    "a: i'll make sure u never forget ur pe kit again 😂 | b: ok mum",
    "a: this group is the best, love u all | b: ❤️",
    "a: i'm using my brothers phone, mine died. tell mum i'm at the park | b: ok",
    "a: whats the password for the school wifi | b: its on the board in ict",
    "a: we're gonna destroy them at the quiz tonight | b: team nerds 4 life",
    "a: who's coming to the squad meeting for the trip | b: me | c: me, can we make a group for it",
    "a: the anon compliments page said something nice about u! | b: omg what"
    " | a: that ur the kindest person in year 9",
    "a: dont make me come over there and beat u at mario kart again | b: 😂 u wish",
    "a: this is the police non emergency number if u need it: 101 | b: thanks mum",
    "a: my password got leaked in a data breach so i changed it | b: good idea",
    'a: the group chat is called "netball queens 👑" | b: love it',
    "a: post ur best impression of the teacher from the film lol | b: haha ok",
    "a: my dad's friend paul is picking us up from football | b: ok cool",
    "a: i'll ruin the ending for u if u dont hurry up and watch it | b: nooo",
    "a: enjoy ur last day of holiday! | b: dont remind me 😭",
    "a: started a snap story of my dog doing tricks | b: so cute",
    "a: voting on where to go for the year 11 leavers meal | b: nandos",
    "a: join the roblox group for our class game night | b: join code?",
]


@pytest.mark.parametrize(("category", "script"), POSITIVE)
def test_when_phenomenon_is_phrased_freshly_then_category_reaches_medium(
    category: str, script: str
) -> None:
    assert level_of(script, category) >= RiskLevel.MEDIUM


@pytest.mark.parametrize("script", BENIGN)
@pytest.mark.parametrize("category", MINE)
def test_when_words_are_shared_but_meaning_is_benign_then_category_stays_below_medium(
    category: str, script: str
) -> None:
    assert level_of(script, category) < RiskLevel.MEDIUM
