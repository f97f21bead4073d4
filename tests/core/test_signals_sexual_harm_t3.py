"""Round 3 (t3) table tests: sexual talk, sextortion and commercial exploitation, roles removed.

Fresh phrasings of each phenomenon (not taken from the benchmark sets) must raise their category at
medium or above; look-alikes (loans between friends, selling games, birthday money, dares, bets,
family errands, lessons and news about sextortion, a parent-run modelling job) must stay below
medium in every sexual-harm category. Short and non-graphic, like safeguarding training material.
"""

from __future__ import annotations

import pytest

from safeguard.core.levels import RiskLevel

from .test_signals_sexual_harm import SEXUAL_HARM, levels

POSITIVE: list[tuple[str, str]] = [
    (
        "sextortion",
        "a: hey remember me | a: i still got the vid from our call"
        " | a: 200 quid or ur whole school sees it",
    ),
    ("sextortion", "a: u really thought i deleted them? | a: send 3 more tonight or i show ur dad"),
    (
        "sextortion",
        "a: i made a fake of u with ai, looks real"
        " | a: pay 80 in apple cards or it goes on ur schools insta",
    ),
    ("sextortion", "a: be a shame if ur mum saw what u sent me 😬 | a: u know what to do"),
    (
        "sextortion",
        "b: someone on insta has my pics and says if i dont pay 100 hes sending them to"
        " my family"
        " | b: i dont know what to do",
    ),
    (
        "sextortion",
        "b: this guy keeps messaging saying hell leak my nudes to my followers if i dont send more",
    ),
    (
        "sextortion",
        "a: send the steam card code now | a: or everyone on ur friends list gets a link",
    ),
    (
        "sextortion",
        "a: u want this to go away? | a: 50 quid in google play cards | a: 20 mins left",
    ),
    ("sextortion", "a: pay up n the pics get deleted, ignore me n ur family gets them"),
    ("sextortion", "a: i kno ur school n ur mums name | a: send more or i tag her in ur pics"),
    (
        "sextortion",
        "a: u ever want to see ur pics again?"
        " | a: transfer 150 or theyre going on every page i can find",
    ),
    (
        "sextortion",
        "a: think ur nan wants to see what u sent me? | a: didnt think so. send the money",
    ),
    (
        "sextortion",
        "b: my ex said if i dont get back with him hes gonna show everyone the pics i sent",
    ),
    ("sextortion", "a: ur 1 hour starts now | a: paypal me 100 or ur contacts see everything"),
    ("sextortion", "a: send another video tonight or the first one goes in ur year gc"),
    (
        "sexual_conversation",
        "a: wyd in bed rn? 😏 | a: u thinking about me? | a: tell me sumthin naughty",
    ),
    (
        "sexual_conversation",
        "a: so have u done anything with a boy yet | a: dont be shy its normal at 13",
    ),
    ("sexual_conversation", "a: ur gettin curves now i bet | a: boys must love that"),
    ("sexual_conversation", "a: ur probs still innocent huh | a: i could teach u a few things"),
    (
        "sexual_conversation",
        "a: lets rp, ur my wife | a: we go to our bedroom and lie in bed together",
    ),
    (
        "sexual_conversation",
        "a: u ever wondered what its like | a: u know.. doing it"
        " | a: its natural to want to try at ur age",
    ),
    (
        "sexual_conversation",
        "a: describe ur body to me | a: ur so mature i can talk to u about anything",
    ),
    ("sexual_conversation", "a: do u sleep naked | a: just curious lol"),
    ("sexual_conversation", "a: wanna hear what i'd do if u were here tonight 😈"),
    ("sexual_conversation", "a: has anyone ever touched u there | a: u can tell me"),
    (
        "sexual_conversation",
        "a: whats ur type of guy | a: would u ever be with an older guy"
        " | a: ive been with girls ur age before",
    ),
    ("exploitation_commercial", "a: wat would u do for 1000 robux"),
    (
        "exploitation_commercial",
        "a: ill send u 20 quid on paypal if u send a pic | a: no face needed",
    ),
    (
        "exploitation_commercial",
        "a: ill pay for ur nails and hair if u come see me saturday"
        " | a: dont tell ur mum where u got the money",
    ),
    (
        "exploitation_commercial",
        "a: need a runner this weekend, 200 for the day"
        " | a: u just drop off packages, no questions",
    ),
    (
        "exploitation_commercial",
        "a: i got u that iphone yeah | a: now u owe me | a: my boy wants to link u tonight",
    ),
    (
        "exploitation_commercial",
        "a: im a photographer, paid shoot for new faces"
        " | a: no need to tell ur parents, come on ur own",
    ),
    ("exploitation_commercial", "a: u want free vbucks? | a: just show me ur feet on cam first"),
    (
        "exploitation_commercial",
        "a: theres a party at my mates flat, older lads, free drink | a: ill pay ur uber"
        " | a: be nice to them",
    ),
    (
        "exploitation_commercial",
        "a: i'll top up ur phone every week babe | a: u just gotta send me a pic every night",
    ),
    ("exploitation_commercial", "a: 50 quid for a pic of u in ur uniform"),
    ("exploitation_commercial", "a: hold this bag at urs for a week and ill give u 100"),
    ("sextortion", "a: i got ur vid saved 😈 | a: u better do what i say from now on"),
    (
        "sextortion",
        "a: send me £40 on cashapp | a: otherwise ur mum gets a very interesting message",
    ),
    ("sextortion", "a: ur pics r going on a website unless u pay"),
    ("sextortion", "a: u got till midnight. 100 or i expose u"),
    ("sextortion", "a: if u block me ill send it to every1 u know"),
    ("sextortion", "a: wanna keep ur pics private? then pay"),
    ("sextortion", "a: i have what u sent. i want 2 more by tonight or i start sending"),
    (
        "sextortion",
        "b: i sent a pic to a girl on snap and now shes blackmailing me | b: she wants 300 quid",
    ),
    ("sextortion", "b: hes threatening to post my pics if i dont send him money"),
    ("sextortion", "a: i recorded u on the vc | a: ur dad will love it | a: pay or he sees it"),
    ("sextortion", "a: i own u now | a: u do what i say or the video goes public"),
    (
        "sextortion",
        "a: i found ur school on ur tiktok"
        " | a: ur headteacher is getting these pics unless u send more",
    ),
    ("sextortion", "a: one screenshot to ur mum and ur done | a: send the money"),
    ("sextortion", "b: someone is blackmailing me with my nudes what do i do"),
    ("sexual_conversation", "a: u in bed? | a: what u wearing under the covers 😏"),
    ("sexual_conversation", "a: do u like older guys | a: i could make u feel like a woman"),
    ("sexual_conversation", "a: im so bored, entertain me 😉 | a: tell me ur fantasies"),
    ("sexual_conversation", "a: r u a good girl or a naughty girl"),
    ("sexual_conversation", "a: u ever let a boy touch u | a: u can tell me im not ur mum lol"),
    (
        "sexual_conversation",
        "a: bet ur parents never talked to u about sex | a: i can tell u everything",
    ),
    (
        "exploitation_commercial",
        "a: u want money? theres older guys who pay to hang out with girls like u",
    ),
    (
        "exploitation_commercial",
        "a: i can get u any skin u want | a: just need u to do me a favour first",
    ),
    ("exploitation_commercial", "a: send me pics and ill pay ur phone bill"),
    (
        "exploitation_commercial",
        "a: ill send u 500 robux for a video of u dancing in ur room, just for me",
    ),
    ("exploitation_commercial", "a: u can earn £££ on my platform, over 18 not needed"),
    (
        "exploitation_commercial",
        "a: u can stay at mine whenever, just got to do a few things for my mates in return",
    ),
    (
        "exploitation_commercial",
        "a: im a talent scout, paid modelling work, send ur measurements and some body shots",
    ),
    (
        "exploitation_commercial",
        "a: bro u wanna make 500 a week"
        " | a: just hold a phone and answer it, run to the addresses i send",
    ),
    (
        "exploitation_commercial",
        "a: u still owe for the weed"
        " | a: so ur gonna go to this address tonight and drop something off",
    ),
    ("exploitation_commercial", "a: i'll buy u the battle pass if u send a selfie in ur bed"),
    ("sextortion", "a: ill send it to ur whole school"),
    ("sextortion", "a: everyone at ur school is about to see ur nudes"),
    ("sextortion", "a: last chance. pay or im posting"),
    ("sextortion", "a: i have ur nudes and ur friends list. 100 now"),
    ("sextortion", "a: u want ur mum to see this? | a: didnt think so. pay"),
    ("sextortion", "b: he said hed send my pics to my mum if i stopped replying"),
    (
        "sextortion",
        "a: i know where u go to school. do what i say or the pics go to ur headteacher",
    ),
    ("sextortion", "a: send more or ur pics go on a leak page"),
    ("sexual_conversation", "a: i had a dream about u last night ;) | a: it was a naughty one"),
    ("sexual_conversation", "a: have u ever seen a guy naked"),
    ("sexual_conversation", "a: do u know what sex is | a: i can explain it to u"),
    ("sexual_conversation", "a: do u want to lose it to me"),
    ("sexual_conversation", "a: i think about u in a way i shouldnt | a: ur so mature"),
    ("sexual_conversation", "a: where r u ticklish 😏 | a: bet i could find out"),
    (
        "sexual_conversation",
        "a: u must get so lonely at night | a: wish i was there to keep u company in bed",
    ),
    (
        "exploitation_commercial",
        "a: u can make money selling content on fansly, ill set it up for u",
    ),
    ("exploitation_commercial", "a: my friend will give u 100 if u spend the night"),
    (
        "exploitation_commercial",
        "a: u wanna be on the team? we look after our youngers | a: 300 a week easy",
    ),
    ("exploitation_commercial", "a: ill get u a vape if u send a pic"),
    (
        "exploitation_commercial",
        "a: come to the party, u get paid just for turning up"
        " | a: older guys pay well for pretty girls",
    ),
    (
        "exploitation_commercial",
        "a: want to earn some robux? | a: turn ur cam on and do what i say",
    ),
    ("exploitation_commercial", "a: i'll pay u to keep me company on cam"),
    ("exploitation_commercial", "a: i'll give u 50 quid if u come to my car"),
    (
        "sextortion",
        "a: hiii | b: hey | a: u looked good in that vid 👀 | b: what vid"
        " | a: the one from our call. i kept it | a: so heres what happens now"
        " | a: 150 by friday | b: please i dont have it | a: then ur sister gets a copy",
    ),
    (
        "sextortion",
        "a: u still there? | a: i see u read it | a: ignoring me wont help"
        " | a: ur followers are one click away | a: 20 mins",
    ),
    (
        "sextortion",
        "b: omg i need help | c: whats wrong"
        " | b: i added this girl and we were flirting and i sent stuff"
        " | b: now its a guy and he says pay him or he sends it to my whole family"
        " | c: dont pay, screenshot everything and tell ur mum",
    ),
    (
        "sextortion",
        "a: nice pics btw | a: be a real shame if they ended up on ur schools page"
        " | a: u can stop that tho | a: u know what i want",
    ),
    ("sextortion", "a: i have ur pics | a: send 5 more or ur bf sees them all"),
    (
        "sexual_conversation",
        "a: how was school | b: ok | a: any boys caught ur eye 😉 | b: lol no"
        " | a: come on a pretty girl like u | a: u must of had a bf by now"
        " | a: have u kissed one yet | a: what else have u done 😏",
    ),
    (
        "sexual_conversation",
        "a: ur so easy to talk to | b: aw | a: can i ask u something a bit personal"
        " | b: ok | a: do u ever touch urself | b: what | a: its normal everyone does",
    ),
    (
        "sexual_conversation",
        "a: lets play would u rather | b: ok"
        " | a: would u rather kiss me or cuddle me in bed | b: lol neither"
        " | a: u have to pick 😏",
    ),
    (
        "sexual_conversation",
        "a: i bet ur a good kisser | a: u want me to teach u?"
        " | a: i could show u some things ur bf doesnt know",
    ),
    ("sexual_conversation", "a: ur lips look so soft in ur pfp | a: i wonder what else is soft 😏"),
    (
        "exploitation_commercial",
        "a: hey gorgeous, i pay girls to chat with me"
        " | a: £20 for every hour u stay online | a: more if u do what i ask",
    ),
    (
        "exploitation_commercial",
        "a: u like ur nails done? | b: yeah | a: ill pay for them every week"
        " | a: just come see me after school, dont tell ur mum",
    ),
    (
        "exploitation_commercial",
        "a: im putting a shoot together for a clothing brand | a: paid, £150"
        " | a: its swimwear so come by urself, parents get in the way",
    ),
    (
        "exploitation_commercial",
        "a: bro we need someone to go up to norwich this weekend"
        " | a: u get 300 and a new phone | a: just keep ur head down",
    ),
    (
        "exploitation_commercial",
        "a: i got u the robux like u asked | b: thank uuu"
        " | a: so now u owe me a little something 😉",
    ),
    ("sextortion", "a: i got ur n00dz | a: p4y or they g0 to ur fam"),
    ("sextortion", "a: s e n d   t h e   m o n e y or everyone sees"),
    ("sextortion", "a: ur p1cs will be everywhere by tmrw unless u pay up"),
    ("sextortion", "a: 💰 or 📸 goes to ur mum"),
    ("sextortion", "a: i have the vid. $200 or ur school gets it"),
    ("sextortion", "b: some1 is threatening me w my pics and wants money idk what to do"),
    ("sextortion", "a: i screen recorded the facetime | a: u better do what i say now"),
    ("sextortion", "a: don't make me post it | a: u know what i need"),
    ("sexual_conversation", "a: u ever done s3x stuff"),
    ("sexual_conversation", "a: wat u wearin 2nite 😈"),
    ("sexual_conversation", "a: r u a v1rgin still lol | a: i could change that"),
    ("sexual_conversation", "a: tell me what ur into 😏 | a: like in bed"),
    ("sexual_conversation", "a: u mature enough for adult convos? | a: i think u are"),
    ("sexual_conversation", "a: ur body is a 10 | a: wish i could see it irl"),
    ("exploitation_commercial", "a: u want v bux? | a: send me a pic of u first"),
    ("exploitation_commercial", "a: i can give u r0bux if u send pics"),
    ("exploitation_commercial", "a: ca$h for pics, dm me"),
    ("exploitation_commercial", "a: u can make £££ if u come to my mates party"),
    ("exploitation_commercial", "a: i got u the nitro, now ur gonna do something for me"),
    (
        "exploitation_commercial",
        "a: we got a flat, bare drinks and weed, bring ur gals, older guys will be there",
    ),
    (
        "sextortion",
        "a: ok so listen | a: i saved everything from last night"
        " | a: ur gonna send me 100 on paypal | a: and nobody has to find out",
    ),
    (
        "sextortion",
        "a: ur little secret is safe with me... for now | a: depends what u do next"
        " | a: 50 in steam cards should do it",
    ),
    (
        "sextortion",
        "a: i know ur dads facebook"
        " | a: would be awkward if he got a message from me with attachments",
    ),
    (
        "sextortion",
        "b: i cant stop shaking"
        " | b: he says if i dont send another one hes posting the first everywhere",
    ),
    ("sextortion", "a: u dont reply in 10 mins and i hit send on the group chat"),
    (
        "sexual_conversation",
        "a: can i be honest | a: i cant stop thinking about u like that"
        " | a: u know what i mean 😏 | a: like more than friends stuff",
    ),
    (
        "sexual_conversation",
        "a: u sleep in just a tshirt? | a: cute | a: what else do u wear or not wear 😉",
    ),
    (
        "sexual_conversation",
        "a: ever had a proper bf | a: one who knows what hes doing | a: not like the boys ur age",
    ),
    (
        "sexual_conversation",
        "a: girls ur age are so curious | a: u can ask me stuff u cant ask ur mum",
    ),
    (
        "exploitation_commercial",
        "a: im lookin for a girl to be my online gf | a: ill pay £100 a week"
        " | a: must send daily pics",
    ),
    (
        "exploitation_commercial",
        "a: my mate does photos for a living, he pays cash"
        " | a: he likes younger models, ur perfect | a: go meet him on sat, just u",
    ),
    (
        "exploitation_commercial",
        "a: u want that new phone? | a: i can sort it"
        " | a: u just gotta come with me to a few parties",
    ),
    (
        "exploitation_commercial",
        "a: ur tab is getting big | a: 3 bags of bud and the vape | a: time to work it off",
    ),
    ("exploitation_commercial", "a: robux for ur snap? ill send 1000"),
]

BENIGN: list[str] = [
    "a: can u lend me 20 till next week | b: ye sure | a: ill pay u back friday promise",
    "a: selling my ps4 and 3 games, 120 on paypal | b: send pics of it | a: sent | b: ill pay tmrw",
    "a: happy birthday sweetheart here is some money for robux | b: thank u grandad!!"
    " | a: send me a pic of what u get",
    "a: i dare u to ask her out | b: only if u pay me a fiver lol | a: deal",
    "a: u lost the bet so pay up 10 quid | b: nooo"
    " | a: or the vid of u singing goes in the gc 😂 | b: fine lol",
    "a: miss said in pshe that if someone says pay or the pics go to ur family u"
    " should tell an adult and not pay",
    "a: mum the modelling agency called, they want me for a shoot"
    " | b: brilliant, ill come with u, a parent has to stay",
    "a: want to earn some money? dad says i can wash cars with him on saturday"
    " | b: how much | a: 10 quid each",
    "a: our school photos came back | b: omg u look so grown up in them | a: thanks nan",
    "a: are u still up | b: ye cant sleep, thinking about tmrw exam | a: same its gonna kill me",
    "a: wanna do a roleplay on roblox? | b: ok im a doctor ur the patient"
    " | a: lol we go to the hospital bed",
    "a: did u do anything with her today | b: just went shops and got bubble tea",
    "a: my brother owes me money for the game i bought him lol | b: make him pay u back",
    "a: heard about the guy who got jailed for sextortion?"
    " | b: ye he said pay or the pics get sent to ur family, so sick",
    "a: i have all the pics from the trip | b: send them to the gc"
    " | a: ok everyone will see them tonight",
    "a: pay me back the 5 quid or im telling mum u ate her chocolate 😂",
    "a: the gift card code didnt work | b: try again or ill ask the shop | a: ok it worked",
    "a: ur 1 hour starts now for the mock | b: omg the timer is running",
    "a: what would u do for a million pounds | b: eat a spider lol",
    "a: free vbucks if u watch the ad lol | b: its a scam dont",
    "a: my tutor said its normal at my age to find maths hard",
    "a: everyone in year 10 will see the play tonight | b: cant wait, send me pics after",
    "a: my mum said she'll pay for my nails if i get good grades",
    "a: ur gonna be in so much trouble if mum sees ur room lol",
    "a: the teacher will see it if u dont delete that meme from the class chat",
    "a: lol if u dont come to practice coach will make u do laps",
    "a: pay me 2 quid for the bus and ill get u back tmrw | b: ok",
    "a: got the vid of ur goal! | b: send it to my dad pls"
    " | a: sent, everyone in the group saw it too",
    "a: haha imagine if ur mum saw that dance video 😂 | b: she would actually die",
    "a: whats the most uve spent on a game | b: like 100 on fifa points lol",
    "a: my cousin is a photographer, she said i can do a test shoot with mum there",
    "a: how much for ur old bike | b: 40 quid | a: deal send pics",
    "a: free vbucks link?? | b: its a scam bro dont click it",
    "a: the older boys at football are so annoying | b: ye they never pass",
    "a: be nice to ur sister she had a bad day | b: ok mum",
    "a: hold my bag while i go toilet | b: ok",
    "a: i need a runner for cross country, can u do the relay | b: yes!",
    "a: u owe me a fiver lol | b: ill pay u back tmrw",
    "a: my ex keeps texting me, i blocked him | b: good hes weird",
    "a: lets rp! ur a dragon and im a knight | b: ok i fly to the castle",
    "a: happy bday!! got u robux 🎁 | b: omg thank uuu",
    "a: u look so grown up in ur prom dress!! | b: thanks mum",
    "a: my sister is blackmailing me to do her chores or shes telling mum i broke the vase lol",
    "a: whats the body count in that new horror film | b: like 12 lol",
    "a: truth or dare? only spicy ones lol | b: ok truth, who do u fancy | a: no one!!",
    "a: hold the phone, u passed?? | b: yes!!",
    "a: can u take it to this address for me, its nans birthday card | b: ok mum",
    "a: i get urges to eat chocolate at midnight lol",
    "a: mum never talked to me about periods, the nurse did | b: same",
    "a: thinking about u all day, hope ur interview went ok | b: thanks nan",
    "a: send me pics of the puppy and ill send u pics of mine | b: deal",
    "a: send pics and ill pay u back for the tickets | b: ok",
    "a: ill gift u any skin u want for ur birthday | b: omg thank u",
    "a: do me a favour and get me some robux with the card mum gave | b: ok",
    "a: the police came to school about sextortion, if anyone is blackmailing you tell an adult",
    "a: im becoming a woman of culture, watched 3 anime today lol",
    "a: if i dont pay the phone bill mum will kill me | b: lol same",
    "a: pay or they get nothing, thats how the tuck shop works",
    "a: ur dad will love it, its his favourite cake | b: yay",
    "a: my little bro keeps threatening to show everyone the video of me singing lol",
    "a: id love to make u feel like a princess on ur birthday sweetheart | b: aw thanks nan",
    "a: age doesnt matter for this club, anyone can join | b: cool",
    "a: ill record u on the vc so we can watch the routine back | b: ok coach",
    "a: mum said ill get 10 quid if i tidy my room | b: lucky",
    "a: whos coming to the party sat | b: me | a: bring ur mates, theres pizza",
    "a: my uncle pays me to help at his car wash | b: nice how much",
    "a: pls dont show anyone that pic of me sleeping on the bus 😭 | b: too late its in the gc lol",
    "a: would u rather be a cat or a dog | b: cat obvs",
    "a: i owe u one for helping with the maths | b: ur welcome",
    "a: ur lips look so good with that lipgloss! | b: its the new one from boots",
    "a: we need someone to go up to the front for the assembly | b: not me",
    "a: the new trainers are one click away from my basket lol | b: buy them",
    "a: i got u that hoodie for ur bday | b: omg ty"
    " | a: u owe me a favour now lol, help me with my essay",
    "a: babysitting pays 8 quid for every hour | b: thats good",
    "a: we pay kids to do the paper round, 20 a week | b: ill ask my mum",
    "a: i need someone to go to the shop with me | b: ill come",
    "a: just keep ur head down and revise, exams are soon | b: ok sir",
    "a: what else have u done today | b: just homework",
    "a: did u kiss him yet?? | b: omg no stop | a: u so fancy him",
    "a: would u rather kiss me or hug me lol | b: hug | a: fair",
    "a: ignoring me wont help, u still have to do the washing up | b: fine mum",
    "a: ur lips look so soft with that balm | b: its vaseline lol",
    "a: its swimwear only at the pool party so bring ur costume | b: ok",
    "a: what would u rather, pizza or pasta | b: pizza",
    "a: i need u to take this parcel to the post office, ill give u 5 quid | b: ok dad",
    "a: my brother pays me to do his chores lol",
    "a: the photos from the shoot came out great, mum loved them | b: yay",
    "a: if i dont pay for the trip by friday i cant go | b: ask ur mum",
    "a: he said he would send the pics from the match to my mum | b: nice",
    "a: we need to send them to the teacher or we lose marks | b: ok",
    "a: haha be a shame if u lost again | b: shut up lol next round ill win",
    "a: send the money for the trip to mrs k by friday | b: ok",
    "a: lol ur such a v1rgin for not watching stranger things",
    "a: what u wearing to the party 2nite | b: my black dress",
    "a: $200 for concert tickets is insane | b: ikr",
    "a: gimme ur robux lol | b: no get ur own",
    "a: can u send me the vid of the goal for my dad | b: sent",
    "a: did u finish the homework | b: ye | a: send pics of it pls",
    "a: i screen recorded the lecture so we can revise | b: legend",
    "a: ok so listen, i saved everything from the revision session | a: ill send it on the gc",
    "a: ur secret is safe with me, i wont tell anyone u fancy jake | b: thank u",
    "a: would be awkward if ur dad saw u skiving lol | b: dont",
    "a: girls ur age are so into taylor swift | b: facts",
    "a: my mate does photos for a living, he did our wedding | b: nice",
    "a: ur tab at the tuck shop is getting big lol | b: ill pay friday",
    "a: im so curious what the new fortnite season has",
]


@pytest.mark.parametrize(("category", "chat"), POSITIVE)
def test_when_t3_phenomenon_written_freshly_then_raised_with_roles_removed(
    category: str, chat: str
) -> None:
    assert levels(chat).get(category, RiskLevel.NONE) >= RiskLevel.MEDIUM


@pytest.mark.parametrize("chat", BENIGN)
def test_when_t3_look_alike_then_no_sexual_harm_alert(chat: str) -> None:
    found = levels(chat)
    raised = [c for c in SEXUAL_HARM if found.get(c, RiskLevel.NONE) >= RiskLevel.MEDIUM]
    assert raised == []
