"""Phrase rules for threats, hate groups, self-harm, impersonation, personal info, adult content.

Each positive row is a fresh phrasing of a phenomenon (not a line from the tuning set) and must
raise its category at medium or above with the participants' roles unknown. Each benign row
shares words with a phenomenon (gaming trash talk, exam stress, a parent's pick-up, a lesson
recap) and must stay below medium in that category. Texts are short training-material style.

The scenario tables hold longer chats written in batches; each batch was first run blind (before
any rule was changed for it) to estimate how the rules generalise, then used to widen them. The
few still missed are marked as expected failures: most need the meaning of one message to reach
the next ("i want to hurt myself" / "then do it"), which phrase rules matched message by message
cannot see.
"""

from __future__ import annotations

import pytest

from safeguard.core.engine import ScanEngine
from safeguard.core.levels import RiskLevel

from .helpers import conversation

ENGINE = ScanEngine()


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


POSITIVE: list[tuple[str, str]] = [
    # threats and cyberbullying among peers
    ("threats_abuse", "a: say that again and ill batter u after school"),
    ("threats_abuse", "a: i know where u live. watch ur back"),
    ("threats_abuse", "a: were all gonna blank u tomorrow | b: why | a: cos ur a snake"),
    ("threats_abuse", "a: i screenshotted ur msgs and put them in the year gc"),
    ("threats_abuse", "a: keep crying lol everyone in our year thinks ur pathetic"),
    ("threats_abuse", "a: if u block me ill come to ur school and wait for u"),
    ("threats_abuse", "a: u better not show ur face on monday | a: ur dead when i see u"),
    ("threats_abuse", "a: ur gonna get jumped after school"),
    ("threats_abuse", "a: everyone knows what u did now | a: told the whole class ur a liar"),
    ("threats_abuse", "a: u'll regret this | a: wait till monday"),
    ("threats_abuse", "a: no one likes u, just leave the group"),
    ("threats_abuse", "a: ur so ugly no wonder u have no mates"),
    ("threats_abuse", "a: we'll make ur life hell at school"),
    ("threats_abuse", "a: my brother's gonna batter u"),
    ("threats_abuse", "a: nobody wants u here go away | b: leave me alone"),
    # hate groups about a child
    ("hate_group", "a: made a gc called ugly club, adding the whole year | b: is she in it"),
    ("hate_group", "a: lets do a poll who's the ugliest girl in year 8"),
    ("hate_group", "a: someone made a hate page about maya"),
    ("hate_group", "a: rate her outfit out of 10 in the gc lol"),
    ("hate_group", "a: everyone go comment on her tiktok and tell her shes ugly"),
    ("hate_group", "a: we made a group just to roast him | b: add everyone"),
    ("hate_group", "a: make sure she doesnt find out about the gc | a: add everyone except her"),
    ("hate_group", "a: i made an exposing page for the girls in 9c"),
    ("hate_group", "a: started a burn book on insta lmao"),
    # self-harm encouragement
    ("self_harm_encouragement", "a: just kys honestly"),
    ("self_harm_encouragement", "a: go unalive urself no one cares"),
    ("self_harm_encouragement", "a: do it then. nobody would even notice u were gone"),
    ("self_harm_encouragement", "a: u should starve urself till ur thin"),
    ("self_harm_encouragement", "a: group rules: skip every meal and post proof"),
    ("self_harm_encouragement", "a: bet u wont do it. take all the pills"),
    ("self_harm_encouragement", "a: everyone would be better off if u were dead"),
    ("self_harm_encouragement", "a: try the blackout challenge, its sick"),
    ("self_harm_encouragement", "a: we could end it together, pick a day"),
    ("self_harm_encouragement", "a: if u eat today ur weak. punish urself"),
    ("self_harm_encouragement", "a: the world would be better without u in it"),
    # self-harm risk (a child's disclosure)
    ("self_harm_risk", "a: i cant take it anymore i just want it all to end"),
    ("self_harm_risk", "a: i took like 20 tablets earlier | b: what??"),
    ("self_harm_risk", "a: cut again last night | a: dont tell anyone"),
    ("self_harm_risk", "a: honestly i dont want to be here anymore"),
    ("self_harm_risk", "a: everyone would be better off without me"),
    ("self_harm_risk", "a: ive been saving my meds for a while"),
    ("self_harm_risk", "a: this is my last message. tell my mum im sorry"),
    ("self_harm_risk", "a: u can have my xbox | b: why | a: i wont need it anymore"),
    ("self_harm_risk", "a: i think about dying all the time"),
    ("self_harm_risk", "a: i wish i was never born"),
    ("self_harm_risk", "a: im so done with everything. no one would care if i disappeared"),
    ("self_harm_risk", "a: my scars are getting worse and i cant hide them"),
    # impersonation
    (
        "impersonation",
        "a: hiya its jess, new number save this | b: is this actually u? whats my cats name",
    ),
    ("impersonation", "a: someone made a fake insta with my pics"),
    ("impersonation", "a: some guy is pretending to be me on snap and messaging my friends"),
    ("impersonation", "a: my insta got hacked and theyre posting stuff as me"),
    ("impersonation", "a: i know her password lol lets post something from her account"),
    ("impersonation", "a: ill make an account with his name and pfp and message his crush"),
    ("impersonation", "a: im 14 too | b: cool | a: tbh im actually 19, dont be mad"),
    ("impersonation", "a: that wasnt me who posted that, someone got into my account"),
    # personal information given to someone asking for it
    (
        "personal_info",
        "a: where abouts do u live | b: i live on elm street near the big tesco"
        " | a: what school | b: my school is st marys",
    ),
    ("personal_info", "a: r u home alone rn | b: ye nobody's home til 7 | a: whats ur address"),
    (
        "personal_info",
        "a: whats ur number | b: 07700 900123 | a: and ur snap? | b: my snap is lily_x09",
    ),
    (
        "personal_info",
        "a: turn on ur location so i can find u | b: ok ive turned it on | a: which park r u at",
    ),
    # adult content exposure
    ("adult_content_exposure", "a: have u ever watched porn | b: no ew | a: its what grown ups do"),
    ("adult_content_exposure", "a: this guy in roblox keeps sending me rude videos"),
    (
        "adult_content_exposure",
        "a: someone dropped a porn vid in the year 7 gc | b: ew i didnt want to see that",
    ),
    ("adult_content_exposure", "a: check out this x rated vid lol"),
    ("adult_content_exposure", "a: go on pornhub its funny"),
    ("adult_content_exposure", "a: want me to show u what adults do in bed"),
    # round 3 (t1): school, address and routine given to a stranger in text-speak
    (
        "personal_info",
        "a: which skl r u at | b: st marys | a: wots ur addy ill send u the merch"
        " | b: 22 fenwick road",
    ),
    ("personal_info", "a: asl | b: 13 f | a: where abouts | b: leeds | a: u alone? | b: ye till 6"),
]

BENIGN: list[tuple[str, str]] = [
    # gaming, sport and sibling banter; a play; a lesson
    ("threats_abuse", "a: ur trash at this game lol | b: 1v1 me then"),
    ("threats_abuse", "a: ill destroy u next round | b: in ur dreams"),
    ("threats_abuse", "a: mum's gonna kill u when she sees the mess | b: not if i clean"),
    ("threats_abuse", "a: this exam is killing me | b: same"),
    ("threats_abuse", "a: ur so weird i love u | b: lol ur weirder"),
    ("threats_abuse", "a: dont tell her about the party or ill kill u 😂"),
    ("threats_abuse", "a: in the play i have to say ill stab you to the king"),
    ("threats_abuse", "a: we learnt in pshe that saying no one likes u is bullying"),
    ("threats_abuse", "a: ill smash u at chess tmrw | b: u wish"),
    ("threats_abuse", "a: omg ur so annoying 😂 | b: u love me"),
    ("threats_abuse", "a: i sent the homework to the whole class gc"),
    ("threats_abuse", "a: watch ur back theres a sniper on the roof"),
    ("threats_abuse", "a: u'll be sorry u missed the party, it was amazing"),
    # a party chat, a class project, a prom outfit, a pet fan page
    ("hate_group", "a: made the gc for sophies party, adding everyone now"),
    ("hate_group", "a: lets do a poll for where to go for food"),
    ("hate_group", "a: rate my outfit for prom? | b: 10/10"),
    ("hate_group", "a: i made a fan page for my cat | b: omg following"),
    ("hate_group", "a: the group for the geography project is up | b: add everyone"),
    ("hate_group", "a: in pshe we talked about hate pages and how to report them"),
    ("hate_group", "a: pineapple on pizza hot or not"),
    # support, ordinary dares, medicine doses, a breakup
    ("self_harm_encouragement", "a: dont punish urself over one bad test"),
    ("self_harm_encouragement", "a: we did the ice bucket challenge lol"),
    ("self_harm_encouragement", "a: do it then, ask her out | b: omg fine"),
    ("self_harm_encouragement", "a: how many paracetamol can i take for a headache"),
    ("self_harm_encouragement", "a: ur better off without him tbh, he never texts back"),
    ("self_harm_encouragement", "a: we could go together to the cinema, pick a day"),
    ("self_harm_encouragement", "a: did u hurt urself when u fell off ur bike"),
    ("self_harm_encouragement", "a: just cut urself some slack, u did ur best"),
    ("self_harm_encouragement", "a: promise u wont tell anyone i like him | b: i wont"),
    # figures of speech, medicines, ordinary goodbyes, a gift
    ("self_harm_risk", "a: this revision is killing me | b: i want to die lol"),
    ("self_harm_risk", "a: im dead 😂😂 | b: same"),
    ("self_harm_risk", "a: i literally want to disappear that was so embarrassing"),
    ("self_harm_risk", "a: i took my tablets this morning | b: good"),
    ("self_harm_risk", "a: goodbye everyone see u after the holidays 🎉"),
    ("self_harm_risk", "a: thanks for being my friend at the new school"),
    ("self_harm_risk", "a: u can have my old hoodie, it doesnt fit me"),
    ("self_harm_risk", "a: u can have my switch, im getting a new one | a: wont need it"),
    ("self_harm_risk", "a: i hate this homework so much i wanna die"),
    ("self_harm_risk", "a: i just want to stop talking about it | b: ok"),
    # a friend's real new number, an art account, a fan account, the news
    ("impersonation", "a: new number, save it! its me from football | b: saved"),
    ("impersonation", "a: i made a new insta for my art | b: ooh following"),
    ("impersonation", "a: is this actually true? | b: ye"),
    ("impersonation", "a: the news said a man was pretending to be a teenager online"),
    ("impersonation", "a: lol my brother hacked my fortnite account | b: gg"),
    ("impersonation", "a: im 13 too! | b: yay"),
    # parents arranging a pick-up; friends from the same school; a sleepover
    (
        "personal_info",
        "mum: where r u? ill pick u up | b: outside the leisure centre"
        " | mum: ok 5 mins, turn ur location on",
    ),
    ("personal_info", "a: what school do u go to | b: oakfield, u? | a: same!! what year"),
    ("personal_info", "dad: what time do u finish school | b: 3:15 | dad: ill get u from the gate"),
    ("personal_info", "a: which bus r u getting | b: the 42 from town | a: ill meet u at the stop"),
    ("personal_info", "a: im home alone tonight, mum's at work, facetime? | b: ye"),
    # a sex-education lesson, kisses, a meme, a blocked homework site
    ("adult_content_exposure", "a: in rse we talked about how porn isnt like real life"),
    ("adult_content_exposure", "a: love u nana xxx | b: love u too xxx"),
    ("adult_content_exposure", "a: this cake is basically food porn"),
    ("adult_content_exposure", "a: go on this site for the maths homework | b: ok"),
    ("adult_content_exposure", "a: why would u send that in the gc lol | b: its a meme"),
    ("adult_content_exposure", "a: my ipad says its blocked | b: ask ur mum"),
    # round 3 (t1): a parent collecting, a friend who forgot, a trip form, friends gaming
    (
        "personal_info",
        "mum: where are u love? send me ur location | b: at ollies its 12 birch road"
        " | mum: ok stay there ill pick u up soon, dont walk home on ur own",
    ),
    ("personal_info", "a: whats ur address again i forgot | b: 7 holly lane | a: see u sat x"),
    ("personal_info", "teacher: for the trip form i need your date of birth | b: 3rd march 2012"),
    (
        "personal_info",
        "a: my mums out tonight wanna come play fifa | b: whats ur address again"
        " | a: 9 the crescent",
    ),
]


# Longer conversations of each phenomenon, written as realistic chat (roles unknown).
SCENARIOS: list[object] = [
    (
        "threats_abuse",
        "a: did u finish the science | b: nearly | a: can u send it | b: ye after tea"
        " | c: why is she even in this gc | a: lol idk | c: nobody asked u to join"
        " | b: i was added by mr k for the project | c: well ur not wanted. leave"
        " | a: harsh | c: shes a snake she told miss about the vape"
        " | c: if u come in tmrw ur getting it",
    ),
    (
        "threats_abuse",
        "a: u told on us didnt u | b: no i swear | a: liar. ur so dead at lunch"
        " | b: i didnt say anything | a: everyones saying its u"
        " | a: anyone who sits with u is out the group",
    ),
    (
        "threats_abuse",
        "a: ur lucky i didnt hit u today | b: what did i even do | a: u know what u did"
        " | a: bring a tenner tmrw or ur getting it | b: i dont have money"
        " | a: not my problem",
    ),
    (
        "threats_abuse",
        "a: go back to ur own country | b: i was born here | a: no one wants u here",
    ),
    (
        "threats_abuse",
        "a: i saw what u posted | b: it was a joke"
        " | a: well now the whole year has seen it"
        " | a: screenshotted it and sent it round | b: pls delete it"
        " | a: nah. wait till monday",
    ),
    (
        "hate_group",
        "a: new gc 😂 | b: whats this one | a: its for rating the year 8 girls"
        " | b: lmaooo add me | a: first up is lily. smash or pass | c: pass obviously 💀"
        " | a: post ur votes in here",
    ),
    (
        "hate_group",
        "a: did u see the page | b: which | a: the one with all ellas pics and captions"
        " | b: omg who made it | a: idk but everyone in our year follows it"
        " | b: she deleted her insta because of it | a: lol good",
    ),
    (
        "hate_group",
        "a: lets all unfollow her | b: why | a: shes so annoying | c: ok done"
        " | a: and spam her comments with the clown emoji | c: 🤡🤡🤡"
        " | b: this is a bit mean",
    ),
    (
        "self_harm_encouragement",
        "a: i feel like hurting myself again | b: then do it | b: nobody cares anyway"
        " | a: thats so mean | b: prove it then. send a pic",
    ),
    (
        "self_harm_encouragement",
        "a: welcome to the ana group | b: hi | a: rule 1 u dont eat after 12"
        " | a: rule 2 weigh in every morning and post it | b: what if i eat"
        " | a: then u punish urself",
    ),
    (
        "self_harm_encouragement",
        "a: why are u still alive | a: do everyone a favour | b: stop"
        " | a: ur family would be happier without u",
    ),
    (
        "self_harm_risk",
        "a: hey r u ok u werent in today | b: not really | a: whats wrong"
        " | b: i dont see the point in anything anymore | a: like school?"
        " | b: like everything. i keep thinking about not waking up"
        " | a: ive got u. can i tell my mum",
    ),
    (
        "self_harm_risk",
        "a: can u look after my rabbit if anything happens | b: what do u mean"
        " | a: nothing. just promise | b: ur scaring me"
        " | a: im sorry for being such a burden to everyone",
    ),
    (
        "self_harm_risk",
        "a: i havent eaten in 3 days | b: what why | a: i need to lose more"
        " | a: and i made myself sick after tea",
    ),
    (
        "self_harm_risk",
        "a: my friend said she wants to kill herself | b: omg what"
        " | a: she showed me her arms too | b: u have to tell someone",
    ),
    (
        "impersonation",
        "a: hi mum its me, this is my new number | b: who is this"
        " | a: its amy. lost my phone. can u send me the code that just came through"
        " | b: amy is sitting next to me",
    ),
    (
        "impersonation",
        "a: someone made an account called ben.real.xx | b: so"
        " | a: its using his pics and dming girls from school | b: omg thats so weird",
    ),
    (
        "impersonation",
        "a: ur account just messaged me asking for money | b: wtf i didnt send that"
        " | b: i cant even log in, they changed my password",
    ),
    (
        "impersonation",
        "a: we were on call last night | b: and"
        " | a: he said he was 15 but he sounded like a grown man | b: block him",
    ),
    (
        "personal_info",
        "a: ur so pretty whats ur name | b: chloe | a: what school u at chloe"
        " | b: kingsmead | a: which bus u get home | b: the 18"
        " | a: is anyone home when u get in | b: no mum works till 6",
    ),
    (
        "personal_info",
        "a: i wanna send u a birthday present | b: aw | a: whats ur address"
        " | b: 4 ash grove, wigan | a: and postcode | b: WN3 5PL",
    ),
    (
        "personal_info",
        "a: where r u rn | b: the skate park | a: on ur own? | b: ye"
        " | a: share ur location ill come say hi | b: ok sent it",
    ),
    (
        "adult_content_exposure",
        "a: my cousin showed me videos of people doing it | b: ew"
        " | a: he said its normal and i should watch more | b: how old is he | a: 19",
    ),
    (
        "adult_content_exposure",
        "a: someone airdropped porn to everyone on the bus | b: omg who"
        " | a: idk a year 10 | b: theres literally year 7s on that bus",
    ),
    (
        "adult_content_exposure",
        "a: do u want to see a video | b: of what | a: its for adults only lol"
        " | a: dont tell ur mum i sent it",
    ),
    (
        "threats_abuse",
        "a: hows ur face after pe lol | b: what | a: everyone saw u fall over"
        " | a: ur such a loser | b: leave me alone | a: or what. gonna cry to miss again",
    ),
    (
        "threats_abuse",
        "a: i know its u whos been chatting about me | b: its not"
        " | a: ur gonna regret it. my cousins coming to ur school friday",
    ),
    (
        "threats_abuse",
        "a: delete ur account no one wants to see ur face | b: why r u like this"
        " | a: cos ur pathetic. everyone in 9r agrees",
    ),
    (
        "threats_abuse",
        "a: saw ur mum dropping u off lol | b: so | a: ur family are tramps"
        " | a: and if u tell sir ill make sure everyone sees those messages",
    ),
    (
        "hate_group",
        "a: new insta acc just dropped: @mia.cringe.moments | b: 💀💀 whos running it"
        " | a: me and jas. we post her worst bits | b: follow follow",
    ),
    (
        "hate_group",
        "a: ok so the rules of this chat: no one tells keira it exists | b: lol"
        " | a: and every day we post something weird she did"
        " | c: she picked her nose in maths 😭",
    ),
    (
        "hate_group",
        "a: poll: who smells worse, tom or dev | b: dev obviously | c: tom"
        " | a: ill post the results on my story",
    ),
    (
        "self_harm_encouragement",
        "a: im so fat i hate it | b: then stop eating. its easy"
        " | b: u just have to want it enough | b: if u slip u deserve to be punished",
    ),
    (
        "self_harm_encouragement",
        "a: i cant take this anymore | b: so end it then | b: no one would even come to ur funeral",
    ),
    (
        "self_harm_encouragement",
        "a: i did the blue whale thing up to level 20 | b: whats level 21"
        " | a: u have to cut a shape in ur arm and send a pic",
    ),
    (
        "self_harm_risk",
        "a: u up | b: ye | a: i dont think i can keep going tbh | b: what happened"
        " | a: everything. i just want to sleep and never wake up",
    ),
    (
        "self_harm_risk",
        "a: i keep hurting myself when i get like this | b: like how"
        " | a: scratching my arms till they bleed | b: please talk to someone",
    ),
    (
        "self_harm_risk",
        "a: ive decided. tonights the night | b: what r u talking about"
        " | a: ive got the pills ready",
    ),
    (
        "impersonation",
        "a: is that u on the new account? | b: what account"
        " | a: tilly_h_2 its got ur photos and its following everyone | b: thats not me!!",
    ),
    (
        "impersonation",
        "a: hi its ur big cousin ryan, new insta | b: ryan doesnt have insta"
        " | a: i do now lol. whats ur snap | b: who are u really",
    ),
    (
        "impersonation",
        "a: i logged into jades snap cos she left her phone | b: lmao"
        " | a: gonna message her crush as her",
    ),
    (
        "personal_info",
        "a: r u in year 7 | b: ye | a: which school | b: st johns | a: wheres that"
        " | b: by the big roundabout in ashford | a: nice. what time do u leave"
        " | b: 3:20 i walk home by myself",
    ),
    (
        "personal_info",
        "a: whats ur number? | b: why | a: so we can text properly | b: 07911 123456"
        " | a: and where do u live roughly | b: hamlet close",
    ),
    (
        "adult_content_exposure",
        "a: guys look what i found 🔞 | b: wtf why would u send that"
        " | c: thats literally porn delete it | a: lmao relax",
    ),
    (
        "adult_content_exposure",
        "a: theres this man on the game who keeps sending links to sex videos"
        " | b: did u click them | a: one. it was disgusting",
    ),
    (
        "threats_abuse",
        "a: anyone know when the maths test is | b: thursday i think"
        " | c: can someone send the revision sheet | a: ye one sec"
        " | d: lol why is megan even here | b: shes in our class"
        " | d: so? shes such a weirdo | megan: i can hear u know"
        " | d: good. u smell like ur nan's house | c: 😂😂"
        " | d: no one actually likes u megan theyre just nice to ur face"
        " | megan: thats not true | d: ask them",
    ),
    (
        "threats_abuse",
        "a: heard u were chatting to my gf | b: i wasnt i was just asking about homework"
        " | a: dont lie to me | a: if i see u near her again ur getting battered"
        " | b: ok sorry | a: and tell ur little mates too",
    ),
    (
        "threats_abuse",
        "a: why did u block me | a: answer me | a: i can see ur online"
        " | a: ur gonna wish u hadnt done that"
        " | a: i'll be at the bus stop tomorrow. see how brave u are then",
    ),
    (
        "hate_group",
        "a: ok everyone in the gc vote | b: for what"
        " | a: worst dressed in 8k. options: abi, kayla, zara | c: abi 100%"
        " | b: her shoes tho 💀 | a: abi wins lol ill tell her | c: noooo dont",
    ),
    (
        "hate_group",
        "a: have u seen the account someone made about mr lewis's daughter"
        " | b: no whats it called | a: idk it just posts her photos with rude captions"
        " | b: thats so bad | a: the whole school follows it",
    ),
    (
        "hate_group",
        "a: lets start a group about joe | b: saying what"
        " | a: just stuff about how weird he is | c: ill add the lads"
        " | a: dont let him find it | b: he'll cry lmao",
    ),
    (
        "self_harm_encouragement",
        "a: i told them in the vent chat i cut last night | b: what did they say"
        " | a: one girl said i should go deeper next time if i mean it"
        " | b: thats horrible, pls leave that chat",
    ),
    (
        "self_harm_encouragement",
        "a: ur so sad | a: honestly just kill urself | b: why would u say that"
        " | a: joking. kind of. nobody would care",
    ),
    (
        "self_harm_encouragement",
        "a: ur not skinny enough to be in here | b: im trying"
        " | a: trying isnt enough. 500 cals max or dont come back | b: ok",
    ),
    (
        "self_harm_risk",
        "a: i had a really bad night | b: what happened"
        " | a: i ended up hurting myself again | b: oh no. are u safe now"
        " | a: i think so. i just feel like a burden to everyone | b: ur not a burden",
    ),
    (
        "self_harm_risk",
        "a: i wrote a letter for my mum | b: like a card? | a: no like in case"
        " | b: in case what | a: in case i dont wake up"
        " | b: please call childline or ill call my mum",
    ),
    (
        "self_harm_risk",
        "a: sorry ive been quiet | b: its ok | a: honestly i dont want to exist anymore"
        " | a: everything would be easier if i just wasnt here",
    ),
    (
        "impersonation",
        "a: dad?"
        " | b: hi sweetheart its dad, im on my work phone. whats the code on ur phone"
        " | a: dads at work he doesnt have a work phone | b: he does now. quickly pls",
    ),
    (
        "impersonation",
        "a: why is there an account with my name following all my friends"
        " | b: omg is it not u | a: no!! i only have one account"
        " | b: it messaged me last night saying it was u",
    ),
    (
        "impersonation",
        "a: bro someone got ur password | b: what"
        " | a: ur insta is posting weird stuff about jess | b: i didnt post anything"
        " | b: i cant log in",
    ),
    (
        "personal_info",
        "a: i love ur tiktoks | b: thank u 🥰 | a: where abouts r u from"
        " | b: near manchester | a: same!! what part | b: stockport"
        " | a: no way which school | b: harrytown | a: i know it! do u walk home"
        " | b: ye through the park",
    ),
    (
        "personal_info",
        "a: hey babe hows ur day | b: boring | a: r u home | b: ye | a: anyone else there"
        " | b: no my mum and dad are at work | a: what time do they get back | b: like 7",
    ),
    pytest.param(
        "personal_info",
        "a: wanna be friends | b: ok | a: what ur full name so i can add u on facebook"
        " | b: maisie taylor | a: and ur birthday? | b: 3rd march 2011",
    ),
    (
        "adult_content_exposure",
        "a: this older boy showed me something on his phone at the park | b: what"
        " | a: a video of people having sex | b: eww how old was he"
        " | a: like 16. he said dont tell",
    ),
    (
        "adult_content_exposure",
        "a: someone posted a link in the discord | b: to what"
        " | a: a porn site. its still there | b: report it to the mods",
    ),
    (
        "adult_content_exposure",
        "a: i accidentally saw something really bad | b: what"
        " | a: my brother left a tab open and it was naked people | b: omg",
    ),
    (
        "threats_abuse",
        "a: can i tell u something | b: ye"
        " | a: ryan and his mates keep waiting for me after school | b: what do they do"
        " | a: push me about and say theyll stab me if i tell | b: u have to tell someone",
    ),
    (
        "threats_abuse",
        "a: omg look what lily put on her story about u | b: what"
        " | a: 'some people need to learn to keep their mouth shut or theyll get it'"
        " | b: thats about me isnt it | a: and she tagged the whole year",
    ),
    (
        "threats_abuse",
        "a: u think ur so special | a: u r nothing"
        " | a: everyone laughs at u behind ur back | b: please stop messaging me"
        " | a: make me",
    ),
    (
        "hate_group",
        "a: someone made a snap group called amys fan club"
        " | a: its just people taking the piss out of her | b: omg thats horrible"
        " | a: theres like 40 people in it",
    ),
    (
        "hate_group",
        "a: lol the discord for bullying danny is so funny | b: wait what"
        " | a: we just roast him all day | b: thats kinda messed up",
    ),
    (
        "hate_group",
        "a: everyone needs to join the new tiktok account, were posting videos of jack eating lunch"
        " | b: 💀 | c: omg hes gonna see it",
    ),
    (
        "self_harm_encouragement",
        "a: i dont want to be here anymore | b: then dont be. simple | c: stop it!!"
        " | b: what? shes always saying it, go on then",
    ),
    (
        "self_harm_encouragement",
        "a: pro tip from the group: ice cubes and water when ur hungry | b: does it work"
        " | a: ye and if u eat anything u have to do 100 squats as punishment",
    ),
    (
        "self_harm_encouragement",
        "a: everyone on the server says u should just end it | b: why would they say that"
        " | a: because ur a waste of oxygen",
    ),
    (
        "self_harm_risk",
        "a: i dont really see a future for me | b: what do u mean"
        " | a: like i cant see myself getting older | b: thats scary to hear, can we talk",
    ),
    (
        "self_harm_risk",
        "a: ive been feeling really low | b: how low"
        " | a: like i googled how many paracetamol it would take"
        " | b: ok im here. who else can we tell",
    ),
    (
        "self_harm_risk",
        "a: i just want everyone to leave me alone forever | b: im worried about u"
        " | a: dont be. soon it wont matter",
    ),
    (
        "impersonation",
        "a: why did u send me that message last night | b: what message"
        " | a: the one saying i was ugly and fat"
        " | b: that wasnt me i swear someone must have my login",
    ),
    (
        "impersonation",
        "a: ok so theres this account pretending to be mrs clark | b: the head??"
        " | a: ye its messaging year 7s asking them for pics",
    ),
    (
        "impersonation",
        "a: hey its harry from ur class | b: harry who?"
        " | a: harry s. new account lol my old one got deleted"
        " | b: harry s is in my maths class, whats our teachers name | a: i forgot lol",
    ),
    pytest.param(
        "personal_info",
        "a: where do u normally hang out | b: the rec behind sainsburys | a: on weekends?"
        " | b: saturday mornings | a: cool which school u go to | b: westfield",
    ),
    (
        "personal_info",
        "a: ur gonna need to tell me where to send the gift card | b: ok"
        " | a: house number and street | b: 27 oak avenue",
    ),
    pytest.param(
        "personal_info",
        "a: send me ur location so i know ur safe lol | b: why | a: just cos | b: ok shared",
        marks=pytest.mark.xfail(reason="known miss of the phrase rules (see the module docstring)"),
    ),
    (
        "adult_content_exposure",
        "a: why did u add me to that group | b: what group"
        " | a: the one where they just post porn clips"
        " | b: i didnt know it was that sorry",
    ),
    (
        "adult_content_exposure",
        "a: this guy online asked if ive ever watched grown up videos | b: ew"
        " | a: then he sent me a link",
    ),
    (
        "adult_content_exposure",
        "a: my mate showed me a video on his phone of people having sex in the toilets at break"
        " | b: ewww which mate",
    ),
    (
        "threats_abuse",
        "a: who was the girl who reported me | b: dunno | a: when i find out shes done"
        " | a: tell everyone that whoever grassed is gonna get their head kicked in",
    ),
    (
        "threats_abuse",
        "a: hey loser | b: what do u want"
        " | a: just reminding u that nobody at this school wants u"
        " | a: do everyone a favour and move schools",
    ),
    (
        "threats_abuse",
        "a: did u really think u could sit with us | b: i just asked"
        " | a: ur a joke. we all agreed ur banned from our table | c: lol sorry not sorry",
    ),
    (
        "hate_group",
        "a: i made a page where people can post anonymous stuff about ruby"
        " | b: lmao anonymous? | a: ye so she wont know who"
        " | b: im posting about her teeth",
    ),
    (
        "hate_group",
        "a: the whole of 10b is in a gc without hannah | b: why"
        " | a: its where they talk about her"
        " | b: thats so mean she thinks theyre her friends",
    ),
    (
        "hate_group",
        "a: ranking the year 9 boys by looks in the gc tonight | b: omg who's last"
        " | a: lewis obviously 💀 | c: hes gonna see it lol",
    ),
    (
        "self_harm_encouragement",
        "a: ive been clean for 2 weeks"
        " | b: boring. the group liked u better when u posted | a: what do u mean"
        " | b: post a new one or ur out",
    ),
    (
        "self_harm_encouragement",
        "a: ppl at school said i should kill myself | b: who"
        " | a: like half the year. they keep writing kys on my desk",
    ),
    (
        "self_harm_encouragement",
        "a: i feel so fat today | b: u know what to do"
        " | b: skip dinner and if u cave make urself sick | a: ok",
    ),
    (
        "self_harm_risk",
        "a: i did it again last night | b: did what | a: the thing with the blade"
        " | b: oh hun. how bad | a: its ok i cleaned it",
    ),
    (
        "self_harm_risk",
        "a: whats the point in even trying | b: in what"
        " | a: anything. i'm so tired of it all. i just want to go to sleep forever",
    ),
    (
        "self_harm_risk",
        "a: if i wasnt around would anyone even notice | b: yes!! me"
        " | a: i dont think so. i think i'd be doing everyone a favour",
    ),
    (
        "impersonation",
        "a: i think someone is using ur face on tinder | b: what??"
        " | a: ye its ur selfies but the name says jade 19",
    ),
    (
        "impersonation",
        "a: u messaged my mum asking for money?? | b: no?? that wasnt me"
        " | a: it came from ur whatsapp | b: my whatsapp got stolen yesterday",
    ),
    (
        "impersonation",
        "a: hi this is coach mike from the academy, we're scouting young players"
        " | b: which academy"
        " | a: cant say yet. send me a vid of u in ur kit and ur address"
        " | b: my dad says coaches dont message on tiktok",
    ),
    (
        "personal_info",
        "a: u from round here? | b: ye near the big asda"
        " | a: i go there a lot lol which road u on | b: manor road | a: what number"
        " | b: 41",
    ),
    pytest.param(
        "personal_info",
        "a: whos picking u up after netball | b: no one i walk | a: which way"
        " | b: past the church and down the alley | a: on ur own? | b: ye",
    ),
    (
        "personal_info",
        "a: hey is this ur real pic | b: ye | a: ur cute. whats ur insta and phone"
        " | b: ok its lucy.m_08 and my number is 07123 456789",
    ),
    (
        "adult_content_exposure",
        "a: ryan showed us a film on his laptop at the sleepover | b: what film"
        " | a: an 18 one with loads of sex in it | b: omg ur 11",
    ),
    (
        "adult_content_exposure",
        "a: someone keeps dming me links to nsfw stuff | b: block them"
        " | a: i did but they made a new account",
    ),
    (
        "adult_content_exposure",
        "a: whats onlyfans | b: its for adults why"
        " | a: this guy said he'd pay for my account there | b: that's not ok tell ur mum",
    ),
    (
        "threats_abuse",
        "a: gg | b: gg | c: wait is that ollie from year 8 | a: lmao it is"
        " | c: ollie why do u even play u r so bad | b: hes always trying to join us"
        " | c: we dont want u here. every game we see u we're leaving"
        " | a: and everyone at school is gonna hear about it",
    ),
    (
        "threats_abuse",
        "a: its not fair ur always with them now | b: i can have other friends"
        " | a: fine but ill tell everyone what u told me about ur dad"
        " | b: please dont thats private | a: then stop ignoring me",
    ),
    (
        "threats_abuse",
        "a: ur so fake it's unreal | b: what have i done | a: talking about me to jade"
        " | b: i never"
        " | a: everyone knows ur a liar. ur going to have no one left by the end of this week",
    ),
    (
        "hate_group",
        "a: so the story rating thing is going well 😂 | b: which one"
        " | a: the one where everyone votes on nadias outfits each day"
        " | b: lmao is she following it | a: not yet",
    ),
    (
        "hate_group",
        "a: can u make me admin of the roast server | b: why"
        " | a: i wanna pin the pic of kai crying | b: go for it",
    ),
    (
        "hate_group",
        "a: made a group for everyone who cant stand chloe | b: lol add me"
        " | c: how many in it | a: 32 so far",
    ),
    (
        "self_harm_encouragement",
        "a: im thinking of ending it | b: ok then do it, ur always saying it"
        " | b: actually do it this time",
    ),
    (
        "self_harm_encouragement",
        "a: ur so ugly u should just die | b: thats really mean"
        " | a: its true tho. nobody would care if u did",
    ),
    (
        "self_harm_encouragement",
        "a: in the group we do a challenge every night | b: like what"
        " | a: last night was holding ur breath till u pass out. tonight is worse",
    ),
    (
        "self_harm_risk",
        "a: i keep thinking everyone would be happier if i was gone | b: thats not true"
        " | a: it feels true",
    ),
    (
        "self_harm_risk",
        "a: do u want my hoodies | b: why are u giving me all ur clothes"
        " | a: i just dont need them | b: ur being weird | a: just take care of my cat ok",
    ),
    (
        "self_harm_risk",
        "a: i swallowed a load of my sisters pills | b: WHAT when | a: like 20 mins ago"
        " | b: im calling 999",
    ),
    (
        "impersonation",
        "a: hey its megan, got a new phone, can u send me the pics from the party"
        " | b: megan has a new phone? | a: yh | b: whats our form room then",
    ),
    (
        "impersonation",
        "a: omg someone has made a tiktok as me | b: how do u know"
        " | a: its got my name and my school and its posting stuff i never said",
    ),
    (
        "impersonation",
        "a: im 14 and from ur area | b: oh cool | a: can we video call | b: ok"
        " | b: why do u look like a grown man",
    ),
    (
        "personal_info",
        "a: where do u live | b: why | a: just wondering lol | b: in leigh"
        " | a: which street | b: windsor avenue | a: what number | b: 7",
    ),
    (
        "personal_info",
        "a: im bored whats ur snap | b: its amy.k12"
        " | a: whats ur address? ill send u something | b: 18 lime grove",
    ),
    (
        "personal_info",
        "a: r ur parents home | b: no theyre out | a: when do they get back | b: like 9"
        " | a: and ur on ur own till then? | b: ye with my little brother",
    ),
    (
        "adult_content_exposure",
        "a: he sent me a vid and it was like a man and woman doing stuff | b: omg"
        " | a: he said its what i'll do when im older",
    ),
    (
        "adult_content_exposure",
        "a: the year 10s showed us porn on the bus | b: wtf"
        " | a: they thought it was funny making us watch",
    ),
    (
        "adult_content_exposure",
        "a: my cousin says ill learn about sex from watching these videos he sent"
        " | b: how old is ur cousin | a: 20",
    ),
    (
        "threats_abuse",
        "a: who's going to the cinema sat | b: me | c: me | d: can i come"
        " | a: no sorry its full | d: u said there was space yesterday"
        " | c: there isnt space for u. there never will be | b: 😂 | d: what did i do"
        " | c: ur just annoying. stop trying to hang round us",
    ),
    (
        "threats_abuse",
        "a: stop talking to my boyfriend | b: we're in the same science group"
        " | a: i dont care. next time i see u with him ill rip ur hair out",
    ),
    (
        "threats_abuse",
        "a: ur the reason jess left the group | b: how is it my fault"
        " | a: everyones blaming u and honestly ur lucky thats all. some people want to sort u out",
    ),
    (
        "hate_group",
        "a: lol look at the insta page posting lauras old pics | b: whos doing it"
        " | a: no idea but the comments are brutal | b: is it everyone from our year",
    ),
    (
        "hate_group",
        "a: in the class chat theyre voting on who's the biggest loser in 7c"
        " | b: who's winning | a: sam, again",
    ),
    (
        "hate_group",
        "a: we should make a private story called 'things ellie does that are cringe'"
        " | b: add everyone but her | c: 💀💀",
    ),
    (
        "self_harm_encouragement",
        "a: i think i need help | b: no u need to toughen up"
        " | b: if ur that sad just do it and stop moaning",
    ),
    (
        "self_harm_encouragement",
        "a: ive been told if i want to be part of the group i have to send a pic of my arm"
        " | b: of what | a: the cuts. to show im serious",
    ),
    (
        "self_harm_encouragement",
        "a: my mate online says i should stop eating til im under 40kg"
        " | b: thats dangerous | a: she says its the only way people will like me",
    ),
    (
        "self_harm_risk",
        "a: i couldnt sleep again | b: why"
        " | a: thinking about how i dont want to be alive | b: can i call u",
    ),
    (
        "self_harm_risk",
        "a: im sorry for everything i did | b: what are u on about"
        " | a: just want u to remember the good stuff | b: ur scaring me where r u",
    ),
    (
        "self_harm_risk",
        "a: i found my mums sleeping pills | b: why were u looking | a: i just want it to be over",
    ),
    (
        "impersonation",
        "a: is this still ur number? | b: ye who's this"
        " | a: its aunty sam, new phone. could u text me the 6 digits u just got"
        " | b: my aunty doesnt call me that",
    ),
    (
        "impersonation",
        "a: did u know theres a fake version of ur snap | b: what do u mean"
        " | a: same name but with an extra letter and its adding everyone",
    ),
    (
        "impersonation",
        "a: hi im 13, love ur videos | b: thx"
        " | a: can u send me ur snap, im not allowed insta | b: ok"
        " | b: ur story has a car and a beer in it",
    ),
    pytest.param(
        "personal_info",
        "a: r u in town today | b: ye at the shopping centre | a: which bit"
        " | b: outside primark with my mates | a: till when | b: like 4",
    ),
    (
        "personal_info",
        "a: ur profile says manchester | b: ye | a: which high school | b: parrs wood"
        " | a: i used to go there lol what year r u | b: 8 | a: what time do u finish",
    ),
    pytest.param(
        "personal_info",
        "a: so whats ur full name | b: why | a: so i can find u on fb | b: its chloe anne baker",
        marks=pytest.mark.xfail(reason="known miss of the phrase rules (see the module docstring)"),
    ),
    (
        "adult_content_exposure",
        "a: he keeps saying have i ever seen a naked man | b: what??"
        " | a: and he sent a link to a video of one",
    ),
    (
        "adult_content_exposure",
        "a: they were watching porn in the back of the class on their phones"
        " | b: in which lesson | a: history, and they kept showing it to the girls",
    ),
    (
        "adult_content_exposure",
        "a: dont open the link ben sent | b: why | a: its porn. my little sister saw it",
    ),
    (
        "threats_abuse",
        "a: saw u grassed to mr hughes | b: i didnt"
        " | a: snitches get stitches. remember that walking home",
    ),
    (
        "threats_abuse",
        "a: ur voice is so annoying in class | b: ok?"
        " | a: keep ur mouth shut tomorrow or we'll shut it for u",
    ),
    (
        "threats_abuse",
        "a: haha look at her shoes | b: where did she even get them | c: charity shop lol"
        " | d: guys she's in this chat | a: good, she should know shes a tramp"
        " | c: no one wants to be seen with u dani",
    ),
    (
        "hate_group",
        "a: omg theres a whole gc dedicated to slagging off mia | b: no way"
        " | a: they even made stickers of her face | b: thats horrible",
    ),
    (
        "hate_group",
        "a: join the server, we have a channel just for posting screenshots of olivias messages"
        " | b: lmao why | a: cos theyre so cringe",
    ),
    (
        "hate_group",
        "a: poll in the year group: is jake a virgin | b: 💀 | c: thats so bad"
        " | a: already 80 votes",
    ),
    (
        "self_harm_encouragement",
        "a: i feel like cutting | b: go on then. u never actually do it"
        " | a: maybe i will this time",
    ),
    (
        "self_harm_encouragement",
        "a: how do i make the pain stop | b: there's one way that works forever"
        " | b: u know what i mean. nobody would blame u",
    ),
    (
        "self_harm_encouragement",
        "a: im a bit scared of the next challenge"
        " | b: no excuses. do it and send the vid or ur out of the group",
    ),
    (
        "self_harm_risk",
        "a: i have a plan now | b: a plan for what | a: for ending it. i've thought about it loads",
    ),
    (
        "self_harm_risk",
        "a: its my fault mum and dad fight. everyone would be better without me"
        " | b: thats not true at all",
    ),
    (
        "self_harm_risk",
        "a: i havent told anyone but ive been burning myself with a lighter"
        " | b: oh no. since when | a: a few months",
    ),
    (
        "impersonation",
        "a: lily why did u post that about me | b: i didnt post anything!!"
        " | a: it was on ur insta story | b: someone knows my password i swear",
    ),
    (
        "impersonation",
        "a: i think the boy im talking to isnt real | b: why"
        " | a: his pics are from a model's insta, i found them on google",
    ),
    (
        "impersonation",
        "a: theres a girl in the year whos made a snap pretending to be me and sending boys stuff"
        " | b: omg report it",
    ),
    (
        "personal_info",
        "a: so where do u go to school | b: st annes"
        " | a: is that the one on the high street | b: ye | a: and u walk there?"
        " | b: yes on my own",
    ),
    pytest.param(
        "personal_info",
        "a: add me on snap ur so fun | b: whats ur name | a: kayden_1. whats urs"
        " | b: millie.xo3 | a: where do u live millie | b: bolton",
        marks=pytest.mark.xfail(reason="known miss of the phrase rules (see the module docstring)"),
    ),
    (
        "personal_info",
        "a: r u alone at home | b: yeah till mum gets back at 7 | a: what do u do when ur alone",
    ),
    (
        "adult_content_exposure",
        "a: my brother made me watch something disgusting on his phone | b: like what"
        " | a: a video with naked people doing stuff | b: tell ur mum",
    ),
    (
        "adult_content_exposure",
        "a: someone in the gc posted an x rated clip | b: omg whos in the gc"
        " | a: like 30 of year 7",
    ),
    (
        "adult_content_exposure",
        "a: this guy in the game chat keeps linking porn sites | b: report him"
        " | a: i did but hes back on another account",
    ),
    (
        "threats_abuse",
        "a: u think ur funny posting that | b: it was a joke"
        " | a: a joke? wait till i see u on the field tomorrow, ur not gonna be laughing",
    ),
    (
        "threats_abuse",
        "a: why are u still in our friendship group | b: i thought we were friends"
        " | a: we only let u hang around cos we felt sorry for u"
        " | c: fr. nobody actually likes u",
    ),
    (
        "threats_abuse",
        "a: bro everyone saw ur mum at parents evening 😂 | b: leave my mum out of it"
        " | a: or what. ur family are a joke. ur a joke",
    ),
    (
        "hate_group",
        "a: the 'leahs ugly' account got taken down | b: finally"
        " | a: someone made a new one already"
        " | b: omg and all the same people are following it",
    ),
    (
        "hate_group",
        "a: in the class discord theres a channel ranking everyone's faces"
        " | b: is my face on it | a: no but lucy is last",
    ),
    (
        "hate_group",
        "a: lets make a gc where we just roast maisie every day | b: lol ok"
        " | c: dont add her obviously",
    ),
    (
        "self_harm_encouragement",
        "a: i messed up again i ate loads"
        " | b: then u know what to do. make it come back up | a: ok",
    ),
    (
        "self_harm_encouragement",
        "a: im so done with life | b: same. we should just go together | a: like how"
        " | b: i'll tell u in private",
    ),
    (
        "self_harm_encouragement",
        "a: just say it ur never going to do it | b: i might"
        " | a: no ur not. stop pretending and just do it already",
    ),
    (
        "self_harm_risk",
        "a: whats the most tablets someone can take | b: why | a: just asking"
        " | b: ur scaring me | a: im just so tired",
    ),
    (
        "self_harm_risk",
        "a: tell everyone im sorry | b: for what??"
        " | a: for being such a mess. i wont be around much longer",
    ),
    (
        "self_harm_risk",
        "a: i dont want to go home | b: why | a: i just cant take it anymore"
        " | a: i keep thinking about jumping off the bridge near school",
    ),
    (
        "impersonation",
        "a: someone is going round saying theyre me online | b: like a fake account?"
        " | a: ye it has my name and my school in the bio",
    ),
    (
        "impersonation",
        "a: hi sweetie its grandma, i've got a new phone number | b: hi nan"
        " | a: can you tell me the code that was just texted to you",
    ),
    (
        "impersonation",
        "a: were u just messaging my little brother? | b: no i havent even got his number"
        " | a: well someone with ur name and pic is",
    ),
    (
        "personal_info",
        "a: where do u live | b: kirkby | a: whats ur road called | b: elm grove"
        " | a: and what number | b: 14 | a: cool is it a house or flat",
    ),
    pytest.param(
        "personal_info",
        "a: r u home by urself after school | b: ye till 5 | a: every day? | b: mon to thurs",
    ),
    (
        "personal_info",
        "a: what school r u at | b: the academy on carr lane | a: what time do u get out | b: 3:10",
    ),
    (
        "adult_content_exposure",
        "a: this older guy on snap sent me a video of himself and some woman doing things"
        " | b: ew block him | a: he said its normal to watch",
    ),
    (
        "adult_content_exposure",
        "a: the year 9s have a gc where they share porn | b: how do u know"
        " | a: someone added me by mistake",
    ),
    (
        "adult_content_exposure",
        "a: have u heard of that website with the rude videos | b: no"
        " | a: u should look it up lol everyone in our class has",
    ),
]
SCENARIO_BENIGN: list[object] = [
    "a: gg that was close | b: ur so bad at this lol | a: 1v1 me | b: ill destroy u"
    " | a: in ur dreams | b: rematch tmrw",
    "a: mum said if we dont tidy she'll kill us | b: lol she always says that"
    " | a: shes home at 5 | b: ill do the kitchen",
    "a: the group chat for the trip is up | b: add everyone from 8c | a: done"
    " | b: whats the poll for | a: where to sit on the coach",
    "a: rate my outfit for the party | b: 10/10 | a: hot or not | b: hot obviously",
    "a: i want to die this test was so hard | b: same lol | a: maths next week | b: kill me now",
    "a: in pshe we learnt about warning signs like someone saying kys or nobody would miss you"
    " | b: ye and to tell someone",
    "a: mum where r u | b: outside tesco | a: whats the postcode for the sat nav | b: ill text it",
    "a: dad can u pick me up | b: where are u | a: at ellas, 14 park road | b: 10 mins",
    "a: new phone who dis | b: lol its me jake | a: saving u now",
    "a: my cat is so fat | b: aww send pics | a: shes such a pig lol",
    "a: u can have my old bike im getting a new one for my birthday | b: omg thanks",
    "a: goodbye everyone!! last day of year 11 🎉 | b: cya at prom",
    "a: we did a lesson on porn and consent in rse | b: so awkward | a: mr b went so red",
    "a: lol my brother hacked my minecraft account and built a house on my island",
    "a: have u ever been to the skate park | b: ye every saturday with my dad",
    "a: my mum works nights so my nan looks after us | b: aw ur nan is lovely",
    "a: the villain says ill kill you all before he dies | b: best scene in the film",
    "a: im dead 💀 that meme | b: crying",
    "a: u should come to mine after school | b: is ur mum in"
    " | a: no shes at work till 6 | b: ok ill bring snacks",
    "a: someone keeps messaging me pretending to be harry styles lol | b: obviously fake",
    "a: ur gonna get smashed in the final | b: we'll see | a: loser buys maccies",
    "a: i swear ill kill u if u spoil the ending | b: lol i wont",
    "a: made a gc for the surprise for ms ali, dont add her | b: omg cute"
    " | a: everyone add a message for the card",
    "a: whos the tallest in our class | b: prob sam",
    "a: i want to die of cringe | b: what happened | a: i called miss mum",
    "a: my nan gave me her old phone | b: nice | a: she doesnt need it anymore she got an iphone",
    "a: can i have ur address for the party invites | b: 12 mill lane | a: thanks!",
    "a: he made an insta for his dog lol | b: follow it",
    "a: we watched a documentary about catfish in computing | b: so creepy",
    "a: my screen went black and it said blocked | b: the school wifi blocks everything",
    "a: ur actually so funny | b: ur funnier",
    "a: im so done with this homework | b: same i cant do this anymore lol",
    "a: the song goes i dont want to live forever | b: tune",
    "a: ill come to ur house at 4 | b: ok mum said fine",
    "a: ur such a noob | b: ur worse | a: i carried u all game"
    " | b: respawn and stop crying | a: ill get u next time",
    "a: the new girl in our form is nice | b: ye we should invite her to the gc | a: added her",
    "a: my mum will kill me if i fail | b: lol same | a: lets revise saturday",
    "a: i wrote a card for my mum for mothers day | b: aw cute",
    "a: dad where do i get the bus | b: the 12 from outside the library | a: ok thanks",
    "a: i cant cope with how cute this puppy is | b: omg send more",
    "a: ive got a fake tan appointment | b: fancy",
    "a: that film was so gory | b: the part where he says im going to kill you all | a: i screamed",
    "a: im home alone lol can u come over | b: ye after dinner",
    "a: did u see the porn scandal on the news | b: the politician? ye | a: so embarrassing",
    "a: ur gonna regret not coming, the party is gonna be sick | b: fomo",
    "a: whats ur snap | b: ellie.r09 | a: added!",
    "a: omg u killed it in the talent show | b: thank u!! | a: ur gonna smash it at regionals",
    "a: my brother is such a pig he ate all the cereal | b: lol brothers",
    "a: can i join ur minecraft server | b: ye whats ur username | a: blocky_dan09",
    "a: im so dead tired | b: same | a: early night",
    "a: i took some paracetamol for my headache | b: hope u feel better",
    "a: did u see the documentary about online bullying | b: ye in pshe | a: so sad",
    "a: were doing a secret santa in the gc | b: add me | a: done, dont tell anyone who u got",
    "a: u can have my old phone when i get my new one | b: yesss",
    "a: my mum said share ur location when ur walking back from the park | b: ok",
    "a: what bus do i need for the cinema | b: the 23 from the station",
    "a: i hate myself for eating all that cake lol | b: worth it",
    "a: mr khan said teachers arent allowed to follow us on insta | b: fair",
    "a: we should make a group for the netball team | b: yes add everyone"
    " | a: and a poll for the kit colour",
    "a: the ending of that show was so sad i cried | b: same i wanted to die when she left",
    "a: ur dead meat at dodgeball tomorrow | b: bring it | a: loser does the washing up",
    "a: we made a group to plan mums 40th | b: dont add her lol | a: obviously not",
    "a: my little brother is so annoying he keeps copying me | b: aw thats cute",
    "a: i cant take it anymore this wifi is so slow | b: lol same",
    "a: whats ur address again for the sleepover | b: 5 rose close | a: see u at 6!",
    "a: my mum is picking us up after netball | b: yay | a: shes outside the leisure centre at 5",
    "a: we watched a film about a catfish in english"
    " | b: the one where he pretends to be a girl? | a: ye",
    "a: new number save it x | b: done! hows uni | a: busy",
    "a: the teacher said dont post pics of other people without asking | b: ye online safety week",
    "a: rank these pizza toppings | b: pepperoni top | a: pineapple worst",
    "a: hes so ugly lol | b: who | a: the villain in the film",
    "a: i want to disappear lol i just fell up the stairs in front of everyone | b: 😭😭",
    "a: gg everyone | b: ur carrying us | a: im so bad at this | b: ur not bad ur just new",
    "a: my dad is gonna kill me i lost my coat | b: lol check lost property",
    "a: im ending it with jack | b: omg finally | a: he never texts back",
    "a: i could kill for a pizza rn | b: same",
    "a: the form gc is so dead | b: someone post something | a: ok poll: best biscuit",
    "a: i love ur hoodie | b: u can have it im getting a new one",
    "a: whats ur address for the christmas card | b: 12 the crescent",
    "a: can u come to mine | b: whats ur postcode | a: ill send it, mums picking u up anyway",
    "a: omg i pass out every time i see blood lol | b: same i cant even watch greys",
    "a: we did a lesson on consent and porn today | b: awkward",
    "a: my new number is this one btw | b: saved!",
    "a: her tiktoks are so funny | b: ye her dance one has 10k views",
    "a: ur so annoying lol | b: ur more annoying | a: love u | b: love u too",
    "a: my hamster died | b: noooo im so sorry | a: i'll miss him so much",
    "a: please look after my plants while im on holiday | b: of course",
    "a: remember the good times in year 7 | b: so cringe lol",
    "a: who's the funniest in our class | b: ryan for sure",
    "a: the group chat for the football team is made | b: add my dad too for the lifts",
    "a: is this still ur number? | b: ye its me! | a: ok cool just checking",
    "a: what high school are u going to | b: the same as my brother | a: nice",
    "a: i cut my fringe and it looks so bad | b: pics | a: no way lol",
    "a: dont open that link its a virus | b: thanks",
    "a: we had the sex ed talk today | b: so awkward | a: mr p showed diagrams",
    "a: im going to the shopping centre with my mum | b: have fun",
    "a: snitches get stitches lol | b: its just a tv show quote | a: still",
    "a: shut up ur so funny 😂 | b: ur funnier",
    "a: we made a gc for our dance group | b: add me | a: added",
    "a: poll: pizza or burgers for the end of year party | b: pizza",
    "a: i feel like crying this film is so sad | b: same",
    "a: i have a plan for the weekend | b: go on | a: cinema then maccies",
    "a: my mum burnt the toast again | b: lol",
    "a: someone knows my netflix password and keeps watching my shows | b: change it",
    "a: where do u go to school again | b: st annes | a: my cousin goes there!",
    "a: im home alone so ordering pizza | b: lucky",
    "a: the year 9 assembly was about porn and online safety | b: cringe",
    "a: lol the group chat is so dead | b: someone send a meme",
    "a: wait till i see u at the party tomorrow ur gonna love my outfit | b: omg cant wait",
    "a: ur family are so nice | b: aw thanks",
    "a: the server for our minecraft world is back up | b: yay",
    "a: i ate loads at nans | b: same her roast is amazing",
    "a: we should go together to the concert | b: yesss",
    "a: whats the most tablets u can have in a day for a cold | b: check the box",
    "a: im so tired of this rain | b: same",
    "a: my grandma got a new phone and keeps sending me emojis | b: cute",
    "a: where do u live now u moved | b: near my dads work | a: cool",
    "a: r u home by urself | b: no my nans here | a: ok ill come round later",
    "a: we watched a film in rse about online safety and porn | b: so cringe",
    "a: my brother keeps playing rude songs | b: lol",
]


@pytest.mark.parametrize(("category", "script"), POSITIVE)
def test_when_phenomenon_is_phrased_freshly_then_category_reaches_medium(
    category: str, script: str
) -> None:
    assert level_of(script, category) >= RiskLevel.MEDIUM


@pytest.mark.parametrize(("category", "script"), BENIGN)
def test_when_words_are_shared_but_meaning_is_benign_then_category_stays_below_medium(
    category: str, script: str
) -> None:
    assert level_of(script, category) < RiskLevel.MEDIUM


MY_CATEGORIES = frozenset(category for category, _script in POSITIVE)


@pytest.mark.parametrize(("category", "script"), SCENARIOS)
def test_when_a_realistic_chat_shows_the_phenomenon_then_category_reaches_medium(
    category: str, script: str
) -> None:
    assert level_of(script, category) >= RiskLevel.MEDIUM


@pytest.mark.parametrize("script", SCENARIO_BENIGN)
def test_when_a_realistic_chat_is_ordinary_then_none_of_these_categories_reaches_medium(
    script: str,
) -> None:
    assessment = ENGINE.assess(conversation(rows_of(script)))
    raised = [
        c.category
        for c in assessment.categories
        if c.category in MY_CATEGORIES and c.level >= RiskLevel.MEDIUM
    ]
    assert raised == []
