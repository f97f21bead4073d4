"""Sexual-harm phenomena with roles removed: grooming, image solicitation, sexual talk, webcam
abuse, sextortion, sexual imagery and commercial exploitation.

Each positive case is a short chat written fresh for this test (not taken from the benchmark
sets), in the register of UK teen chat, and must raise its category at medium or above with no
roles or ages given. Each benign case shares words with a risky phrase (pets, homework, a
surprise party, a parent's pick-up, a lesson about warning signs) and must stay below medium in
every sexual-harm category. Texts are short and non-graphic, like safeguarding training material.

A case is written as one string: messages separated by " | ", each "sender: text".
"""

from __future__ import annotations

import pytest

from safeguard.core.engine import build_engine
from safeguard.core.levels import RiskLevel

from .helpers import conversation

SEXUAL_HARM = (
    "grooming",
    "image_solicitation",
    "sexual_conversation",
    "webcam_abuse",
    "sextortion",
    "sexual_imagery",
    "exploitation_commercial",
)
ENGINE = build_engine()


def levels(chat: str) -> dict[str, RiskLevel]:
    rows = []
    for part in chat.split(" | "):
        sender, _, text = part.partition(": ")
        rows.append((sender.strip(), text))
    assessment = ENGINE.assess(conversation(rows))
    return {c.category: c.level for c in assessment.categories}


POSITIVE: list[tuple[str, str]] = [
    # --- grooming: secrecy, isolation, probing, platform move, gifts, meeting ---------------
    ("grooming", "a: dont tell ur mum we talk ok | a: and delete the chat after"),
    ("grooming", "a: keep this between me and u yeah, ur parents wouldnt get it"),
    ("grooming", "a: nobody needs to know about us | a: clear ur messages before bed"),
    ("grooming", "a: ur so mature for 13 honestly | a: dont tell ur dad we chat tho"),
    ("grooming", "a: u act way older than ur age | a: ur parents dont understand u like i do"),
    ("grooming", "a: r ur parents home rn | b: no | a: what time do they get back"),
    ("grooming", "a: u on ur own tonight? | a: is ur door locked"),
    ("grooming", "a: how old r u | b: 12 | a: add me on snap its more private"),
    ("grooming", "a: this chat is monitored lets go on telegram | a: dont tell ur mum tho"),
    ("grooming", "a: ill get u a new phone so we can talk | a: just dont mention it to ur mum"),
    ("grooming", "a: want some robux? | a: dont tell ur parents i sent them"),
    ("grooming", "a: i wanna meet u irl | a: say ur staying at a mates"),
    ("grooming", "a: come on ur own, dont bring anyone | a: ill pick u up round the corner"),
    ("grooming", "a: i understand u better than ur friends do | a: they r just jealous of us"),
    ("grooming", "a: hows my princess | a: u know ur special to me | a: our little secret ok"),
    (
        "grooming",
        "a: whats ur snap | a: ur really pretty | a: are u home alone | a: i can buy u vbucks",
    ),
    ("grooming", "a: turn off ur location before u come | a: and dont tell anyone were meeting"),
    (
        "grooming",
        "b: i want to stop talking | a: u dont get to just stop | a: i saved all our chats",
    ),
    # --- image solicitation ---------------------------------------------------------------
    ("image_solicitation", "a: send me a pic in ur underwear"),
    ("image_solicitation", "a: take a selfie without ur top, just for me"),
    ("image_solicitation", "a: can i see u in ur pjs 😉 send one"),
    ("image_solicitation", "a: send nudes"),
    ("image_solicitation", "a: show me ur body pls"),
    ("image_solicitation", "a: u should send me a pic in ur bikini"),
    ("image_solicitation", "a: send a pic of u lying on ur bed, no one else will see it"),
    ("image_solicitation", "a: swap pics? ill go first | a: ur turn now, a proper one"),
    (
        "image_solicitation",
        "a: i sent u mine | a: dont be shy | a: it disappears after 10 seconds anyway",
    ),
    ("image_solicitation", "a: for the casting we need a full body shot in swimwear"),
    (
        "image_solicitation",
        "a: send me something | b: like what | a: a pic. u know what kind | b: i dont want to"
        " | a: if u loved me u would send it",
    ),
    ("image_solicitation", "a: 1 more in ur undies and ur account is verified"),
    # --- sexual conversation --------------------------------------------------------------
    ("sexual_conversation", "a: wyd | a: what u wearing rn | a: r u a virgin"),
    ("sexual_conversation", "a: have u ever kissed a boy | a: what do u wear to bed"),
    ("sexual_conversation", "a: i keep thinking about u in bed"),
    ("sexual_conversation", "a: what would u do if i was in ur room rn"),
    ("sexual_conversation", "a: lots of girls ur age do this stuff, its normal"),
    ("sexual_conversation", "a: do u touch urself"),
    ("sexual_conversation", "a: lets talk dirty 😈"),
    ("sexual_conversation", "a: ur body must be changing | a: its natural to be curious at ur age"),
    # --- webcam abuse ---------------------------------------------------------------------
    ("webcam_abuse", "a: go on cam, make sure ur alone"),
    ("webcam_abuse", "a: lock ur door and turn ur camera on"),
    ("webcam_abuse", "a: on the call move the camera lower"),
    ("webcam_abuse", "a: hop on facetime | a: do exactly what i say on cam"),
    ("webcam_abuse", "a: 500 coins if u lift ur top on stream"),
    ("webcam_abuse", "a: go live just for me, private show"),
    # --- sextortion -----------------------------------------------------------------------
    ("sextortion", "a: send 2 more pics or i send ur nudes to ur whole year"),
    ("sextortion", "a: pay £100 or everyone sees the pic"),
    ("sextortion", "a: i still have that pic | a: do what i say or ur mum gets it"),
    ("sextortion", "a: u have 1 hour to pay or it goes on ur insta"),
    ("sextortion", "a: i screenshotted all ur followers | a: send the money or they all see it"),
    ("sextortion", "b: he says hell post my pic unless i pay him"),
    # --- sexual imagery -------------------------------------------------------------------
    ("sexual_imagery", "a: her nudes are going round the whole year"),
    ("sexual_imagery", "a: someone airdropped a nude of a girl in year 9 to the bus"),
    ("sexual_imagery", "a: who has the nudes of jess | a: drop them in the gc"),
    ("sexual_imagery", "a: he made a fake nude of her with an ai app"),
    ("sexual_imagery", "a: selling her nudes for a tenner"),
    # --- commercial exploitation ----------------------------------------------------------
    ("exploitation_commercial", "a: ill pay u £20 for every pic u send"),
    ("exploitation_commercial", "a: be my sugar baby, allowance every month"),
    (
        "exploitation_commercial",
        "a: u owe us for the weed now | a: be nice to my mate and its sorted",
    ),
    ("exploitation_commercial", "a: wanna make easy money? just drop this bag off for me"),
    ("exploitation_commercial", "a: ive spent loads on u | a: so be nice to me u know"),
    (
        "exploitation_commercial",
        "a: party at my mates flat, older guys are coming | a: free vodka | a: u owe me tho",
    ),
    # --- second and third rounds of fresh phrasings -------------------------------------
    (
        "grooming",
        "a: u want me to send u some vbux | a: keep it lowkey, dont want ur mum asking questions",
    ),
    (
        "grooming",
        "a: she treats u like a baby | a: ur better off talking to me | a: dont show her this chat",
    ),
    (
        "grooming",
        "a: is ur dad still working nights | a: so ur on ur own after 10 | a: ill message u then",
    ),
    ("grooming", "a: i got u that hoodie u wanted | a: and remember, our secret"),
    ("grooming", "a: i got u something | a: dont show ur parents, say u saved up"),
    ("grooming", "a: how old r u | a: make an insta, she wont know | a: add me on snap"),
    (
        "grooming",
        "a: coach doesnt see it like i do | a: extra sessions, just us two | a: tell ur mum its"
        " a club thing if she asks",
    ),
    (
        "grooming",
        "a: do u have ur own room | a: we can facetime late | a: wear headphones so no one hears",
    ),
    ("image_solicitation", "a: send a selfie | a: cute. now one in ur bra"),
    ("image_solicitation", "a: pic? | a: u in ur uniform | a: then one without it 😏"),
    (
        "image_solicitation",
        "a: i need a pic to get me through the week | a: something sexy 😉 | a: u trust me dont u",
    ),
    ("image_solicitation", "a: send me a video of u dancing | a: now do it in just ur bra"),
    (
        "image_solicitation",
        "a: u got any pics in ur swimsuit from holiday | a: send them, just for me",
    ),
    ("image_solicitation", "a: i sent u mine, its only fair | a: make it a good one 😏"),
    ("sexual_conversation", "a: do u ever think about sex | a: come on everyone does at ur age"),
    ("sexual_conversation", "a: whats ur bra size"),
    ("sexual_conversation", "a: tell me what u would let me do to u"),
    ("sexual_conversation", "a: whats the furthest uve gone with a boy | a: bet ur a good kisser"),
    (
        "sexual_conversation",
        "a: have u had ur first kiss | a: want me to teach u | a: its natural to want to practise",
    ),
    ("webcam_abuse", "a: omegle? | a: now go on ur bed and pull ur top up"),
    ("webcam_abuse", "a: get on video | a: i want to watch u change"),
    ("webcam_abuse", "a: video call me when ur in bed"),
    (
        "webcam_abuse",
        "a: facetime me | a: go to ur room first | a: now lock the door | a: move ur phone lower",
    ),
    ("sextortion", "a: ive got ur pics | a: £50 in amazon cards or they go to ur mum"),
    (
        "sextortion",
        "a: u thought i deleted it lol | a: send another one tonight or ill share it with ur class",
    ),
    (
        "sextortion",
        "a: i have screenshots of everything u sent | a: pay me 100 quid or ur parents get them",
    ),
    ("sexual_imagery", "a: someones posted a pic of leah with no top in the gc"),
    ("sexual_imagery", "a: jake has nudes of half our year on his phone"),
    ("sexual_imagery", "a: someone photoshopped her face onto a naked body and sent it round"),
    (
        "exploitation_commercial",
        "a: u still owe for them vapes | a: u can pay it back a different way",
    ),
    (
        "exploitation_commercial",
        "a: ill top up ur phone every week | a: just send me a pic every now and then",
    ),
    (
        "exploitation_commercial",
        "a: hold this bag at urs for a week, ill give u 50 | a: dont ask questions",
    ),
    (
        "exploitation_commercial",
        "a: older guys pay good money to spend time with girls like u | a: just being nice to them",
    ),
    # --- fourth and fifth rounds ------------------------------------------------------------
    (
        "grooming",
        "a: u know u can always come to me | a: i get u more than they ever will | a: dont tell"
        " them where u are",
    ),
    (
        "grooming",
        "a: ur cracked for ur age, how old r u | a: discord is too strict, we use telegram | a: she"
        " doesnt have to know lol | a: delete the link after",
    ),
    (
        "grooming",
        "a: you have real potential | a: best not mention it to the club or your parents yet",
    ),
    (
        "grooming",
        "a: i could sort u out with some cash | a: just dont go telling ur family where its from",
    ),
    (
        "grooming",
        "a: i got u a little something, its a secret tho | a: only if u promise not to tell",
    ),
    ("grooming", "a: ill pick u up round the corner from school, not at the gate | a: just us"),
    (
        "image_solicitation",
        "a: send me a pic of what ur wearing to bed | a: itll delete after u open it",
    ),
    (
        "image_solicitation",
        "a: i know u sent one to kyle | a: send me one too or ill tell everyone",
    ),
    (
        "image_solicitation",
        "a: u never send me anything | a: other girls send stuff | a: prove u love me",
    ),
    ("image_solicitation", "a: sc me a pic of ur outfit | a: cute. now without the jumper 😏"),
    (
        "sexual_conversation",
        "a: u got a bf? | a: so no one to keep u warm at night 😏 | a: what do u wear to bed",
    ),
    ("sexual_conversation", "a: do u want to know what id do to u if u were here"),
    ("sexual_conversation", "a: have u ever been with a guy | a: i could be ur first"),
    (
        "sexual_conversation",
        "a: have u ever touched a boy | a: whats the naughtiest thing uve done",
    ),
    ("webcam_abuse", "a: go on cam in ur underwear for 10 secs"),
    ("webcam_abuse", "a: tiktok live rn? | a: im gonna send u a lion if u show ur belly"),
    ("webcam_abuse", "a: facetime? | a: u alone | a: put it down a bit. lower | a: lower"),
    ("webcam_abuse", "a: come on live | a: close ur door | a: now show me ur bed | a: lie back"),
    ("sextortion", "a: u sent me that pic | a: send a video or its on ur snap story by tonight"),
    (
        "sextortion",
        "a: i want 200 in bitcoin | a: or ur little video goes to every contact on ur insta",
    ),
    (
        "sextortion",
        "a: ive still got the video | a: do what i say or it goes on every group chat in ur school",
    ),
    (
        "sexual_imagery",
        "a: did u get the pic of aisha | b: the one going round? | a: someone sent it in the"
        " year 9 chat | b: shes naked in it?",
    ),
    ("sexual_imagery", "a: omg lilys nudes got leaked | a: theyre on some website"),
    (
        "exploitation_commercial",
        "a: u need cash? i know a way | a: meet some friends of mine, they pay well for company",
    ),
    (
        "exploitation_commercial",
        "a: my mate wants to meet u | a: do it for me, hell give u money after",
    ),
    (
        "exploitation_commercial",
        "a: free drinks for girls at the afterparty | a: hotel room, my mates booked it",
    ),
    (
        "exploitation_commercial",
        "a: got u a vape too | a: u can repay me sometime 😉 | a: party at my"
        " cousins, older lads. be nice and ur sorted",
    ),
    # --- round 2 (generalisation): fresh phrasings of each phenomenon --------------------
    ("sextortion", "a: i saved all ur nudes | a: 150 quid by tonight or they go to ur mum"),
    ("sextortion", "a: pay up now | a: or i post the pics in ur year gc"),
    ("sextortion", "a: send 100 quid by monday or everyone at ur school will see it"),
    ("sextortion", "b: someone has a pic of me and wants 200 quid | b: i dont know what to do"),
    ("sextortion", "a: u got 1 hour to send the money | a: or ur pics get posted on insta"),
    (
        "sextortion",
        "b: the lad i sent a pic to now wants money | b: he says hell post it on his story",
    ),
    ("sexual_imagery", "a: made a leaks page for our year | a: drop what uve got"),
    ("sexual_imagery", "b: my ex posted the pic i sent him on his story | b: everyones seen it"),
    ("sexual_imagery", "a: her ex leaked it in the lads gc | a: shes only 14"),
    ("sexual_imagery", "a: i stuck ur face on a naked pic with an ai app, looks real dont it"),
    ("sexual_imagery", "a: new telegram channel for the exposed lot | a: names in the caption"),
    ("sexual_imagery", "b: he shared the nudes i sent him with his mates"),
    ("image_solicitation", "a: ill give u 2k robux if u send a pic in ur bikini"),
    ("image_solicitation", "a: take a pic in ur pjs for me"),
    ("image_solicitation", "a: send me something no one else gets to see"),
    ("image_solicitation", "b: this man on roblox keeps asking me for pics"),
    ("image_solicitation", "b: some guy keeps begging me to send nudes"),
    ("image_solicitation", "b: he keeps asking me for stuff | a: what stuff | b: like pics"),
    ("sexual_conversation", "a: what would u let me do to u if i came over"),
    ("sexual_conversation", "a: how far have u gone with a boy | a: ill be gentle with u"),
    ("sexual_conversation", "a: ur body is looking so developed for 14"),
    ("sexual_conversation", "a: dm me and ill tell u what id do to u"),
    ("sexual_conversation", "a: lets talk about grown up stuff on snap | a: dont be a prude"),
    ("webcam_abuse", "b: he made me take my top off on facetime"),
    ("webcam_abuse", "b: on the call he kept telling me what to do"),
    (
        "webcam_abuse",
        "b: we were on cam and he asked me to take stuff off | b: he says he recorded it",
    ),
    ("webcam_abuse", "b: the man on video chat kept asking me to take things off"),
    ("webcam_abuse", "b: i took stuff off for him on cam cos he kept asking"),
    (
        "grooming",
        "a: ill drop the headset off sat, come on ur own | a: if ur mum asks say ur mate lent it u",
    ),
    ("grooming", "a: meet me by urself at the park | a: cba with ur parents asking questions"),
    (
        "grooming",
        "b: he said if i tell anyone hell stop talking to me | b: and i owe him for the robux",
    ),
    ("grooming", "a: tell ur dad u found it | a: come alone tho"),
    ("grooming", "a: u owe me for the vbucks | a: if u tell anyone ill block u"),
    # round 2, second batch of fresh phrasings
    ("sextortion", "a: i still got them pics u sent | a: 300 by tmrw or ur whole year sees them"),
    ("sextortion", "a: send £50 on paypal or ur nudes go on ur story"),
    (
        "sextortion",
        "b: this girl i was talking to has got my pics and says pay or she sends them to my mum",
    ),
    ("sextortion", "a: transfer the money now, ur mates are gonna see everything"),
    ("sextortion", "a: i have ur video. u have 30 mins to pay"),
    ("sexual_imagery", "a: who has the nudes of chloe from 10b | a: send them in here"),
    ("sexual_imagery", "b: he sent my pic round the whole rugby team"),
    ("sexual_imagery", "a: someone made a fake nude of her with ai and its going round"),
    ("sexual_imagery", "a: theres a page exposing girls from our school | a: theyre posting pics"),
    ("sexual_imagery", "b: my ex put my pics on his close friends"),
    ("image_solicitation", "a: send me a pic of u in ur pants"),
    ("image_solicitation", "a: i'll give u 20 quid for one pic in ur swimsuit"),
    ("image_solicitation", "b: there's this man who keeps messaging me for pics"),
    ("image_solicitation", "a: show me u in ur pyjamas rn"),
    ("image_solicitation", "a: a pic just for my eyes, nobody else ever sees it"),
    ("sexual_conversation", "a: what would u do if i kissed u | a: how far would u let me go"),
    ("sexual_conversation", "a: u look well developed for ur age"),
    ("sexual_conversation", "a: stop being frigid and tell me what ud let me do"),
    ("webcam_abuse", "b: he told me to take my clothes off on the video call"),
    (
        "webcam_abuse",
        "b: on facetime he got me to take my top off and now says he screenshotted it",
    ),
    ("webcam_abuse", "b: this guy on omegle kept telling me what to do on cam"),
    ("grooming", "a: dont bring ur mates, just u | a: ill get u the trainers"),
    ("grooming", "a: if ur dad asks tell him u won it in a comp"),
    ("grooming", "b: he said if i tell my mum hell never speak to me again"),
    ("grooming", "a: after all the skins i got u, u owe me"),
    # round 2, third batch of fresh phrasings
    (
        "sextortion",
        "a: i know where u go to school | a: pay me or ur nudes r going on the school insta",
    ),
    ("sextortion", "b: he screenshotted my video and now hes demanding 100 quid"),
    ("sextortion", "a: pay up by 9 or im sending it to ur dad"),
    ("sextortion", "a: ur pic goes to every one of ur followers unless u send cash"),
    ("sexual_imagery", "b: my boyfriend showed my pics to his mates"),
    ("sexual_imagery", "a: someone used an app to make nudes of girls in our year"),
    ("image_solicitation", "a: send me one in ur undies"),
    ("image_solicitation", "a: i wanna see u in ur bikini, send one"),
    ("image_solicitation", "b: my mates cousin keeps asking me for nudes"),
    ("image_solicitation", "a: delete after but send me a pic of u with less on"),
    (
        "sexual_conversation",
        "a: have u ever done anything with a boy | a: like what would u do with me",
    ),
    ("sexual_conversation", "a: ur body is so fit for 13"),
    ("webcam_abuse", "b: on the vc he asked me to take my clothes off"),
    ("webcam_abuse", "a: put ur cam on and take ur top off"),
    ("grooming", "a: come meet me by urself, dont tell anyone"),
    ("grooming", "a: just say ur mate gave u the phone"),
    ("grooming", "a: u owe me after all the robux i sent u"),
    # round 2, fourth batch of fresh phrasings
    ("sextortion", "a: i recorded our call. 200 quid or ur family gets the link"),
    ("sextortion", "b: some account says it will post my video unless i pay 50"),
    ("webcam_abuse", "b: he made me do stuff on cam and said he saved it"),
    ("webcam_abuse", "a: go on cam and take ur hoodie off"),
    ("image_solicitation", "a: go on send one in ur towel"),
    ("image_solicitation", "b: a boy in year 11 keeps pestering me for pics"),
    ("grooming", "a: meet me at the bus station alone, dont tell ur mum"),
    # round 3 (t2): indirect image requests, pictures passed round, directions on a call
    ("image_solicitation", "a: wat r u wearing rn | b: pjs lol | a: show me 😏"),
    ("image_solicitation", "a: can i see what ur wearing under that hoodie"),
    ("image_solicitation", "a: i sent u one | a: so send one back, fair is fair"),
    ("image_solicitation", "a: put it on view once if ur worried | a: now send it"),
    ("image_solicitation", "a: go on just a quick one | a: it deletes after u open it"),
    ("image_solicitation", "a: take one in the bathroom mirror | a: with less on this time"),
    ("image_solicitation", "a: got any pics in ur swimsuit | a: the ones u didnt put on insta"),
    ("image_solicitation", "a: send a video of u trying on ur new bikini"),
    ("image_solicitation", "a: do a quick video for me | a: showing ur body, no face needed"),
    (
        "image_solicitation",
        "a: ur the only one who hasnt sent me anything | a: the other girls have",
    ),
    ("image_solicitation", "a: add me on telegram, its safer there for pics | a: nothing saves"),
    ("image_solicitation", "a: if u want the skin u know what to do | a: 3 pics and its urs"),
    ("image_solicitation", "a: prove ur real | a: send one in ur bed rn"),
    (
        "sexual_imagery",
        "a: did u see the pic of ellie in the gc | a: shes not wearing anything in it",
    ),
    (
        "sexual_imagery",
        "a: someone screenshotted the snap she sent jake | a: its all over the year 8 chat",
    ),
    ("sexual_imagery", "a: he's selling his gfs pics on telegram"),
    ("sexual_imagery", "a: theres an app that undresses people | a: i did one of jade"),
    ("sexual_imagery", "a: drop the year 9 leaks"),
    ("sexual_imagery", "a: my bf showed his mates my pics | a: what do i do"),
    ("sexual_imagery", "a: everyones got the pic of me now | a: i only sent it to him"),
    ("sexual_imagery", "a: someone posted a vid of her getting changed in the changing rooms"),
    ("sexual_imagery", "a: some boy made a fake of me with no clothes on | a: using an app"),
    (
        "sexual_imagery",
        "a: forward me the pics ur friend sent her bf | a: screenshot them she wont know",
    ),
    ("webcam_abuse", "a: go on cam | a: now stand up and turn around slowly | a: do what i say"),
    ("webcam_abuse", "a: pick up the facetime | a: prop ur phone on the pillow | a: tilt it lower"),
    (
        "webcam_abuse",
        "a: turn ur cam on | a: nobody else is in the call | a: take it off i wont record",
    ),
    ("webcam_abuse", "a: im streaming on the other account | a: they want u to lift ur shirt"),
    ("webcam_abuse", "a: when ur mum goes to bed come on vc | a: wear the thing i told u"),
    ("image_solicitation", "a: u ever sent noodz"),
    ("image_solicitation", "a: u owe me a pic for the vbucks | a: i already gave u 2000"),
    ("image_solicitation", "a: rate me and ill rate u | a: send a full body one first"),
    (
        "sexual_imagery",
        "a: he saved my snaps before they went | a: now his mates are laughing at me",
    ),
    ("webcam_abuse", "a: come on omegle with me | a: ill tell u what to do"),
    ("webcam_abuse", "a: on discord call | a: take off ur socks, then ur top"),
    ("webcam_abuse", "a: u look so good on cam | a: lean closer | a: now lower the phone a bit"),
    ("image_solicitation", "a: send me something to get me through the night"),
    (
        "image_solicitation",
        "a: i deleted the last one like i promised | a: so u can trust me with another",
    ),
    ("image_solicitation", "a: ur my gf now so u have to send me stuff | a: thats what gfs do"),
    ("image_solicitation", "a: my mate wants to see u too | a: send one i can show him"),
    (
        "sexual_imagery",
        "a: jakes got a pic of maya from her changing for pe | a: she doesnt know he has it",
    ),
    ("sexual_imagery", "a: theres a vid of him and his gf doing stuff | a: his mate filmed it"),
    ("sexual_imagery", "a: the year 10 boys are swapping pics of girls like cards"),
    ("sexual_imagery", "a: someone dropped a pic of becca with her top off in the gc"),
    ("sexual_imagery", "a: my pics are on a telegram group | a: i dont know how they got them"),
    ("sexual_imagery", "a: ppl keep saying theyve seen my nudes | a: i never sent any, its fake"),
    ("webcam_abuse", "a: video chat rn? | a: need u to do something for me on camera"),
    ("webcam_abuse", "a: u promised me a live show tonight | a: just me, no one else watching"),
    (
        "webcam_abuse",
        "a: everyone else has left the stream | a: now its just us, do the thing i asked",
    ),
    # --- grooming, round 3 (t1): warm, slow stages in many phrasings -------------------------
    ("grooming", "a: ur mum still going through ur phone? | a: make sure u clear it then"),
    ("grooming", "a: u talk like ur 16 honestly | a: r u in ur room? | a: door shut?"),
    ("grooming", "a: ive sent u money, check ur account | a: just dont let ur parents know"),
    ("grooming", "a: feels like ive known u forever | a: ur parents just dont understand u"),
    ("grooming", "a: save me in ur phone as jake from school | a: ur the only one who gets me"),
    ("grooming", "a: discord logs everything | a: download telegram n add me"),
    ("grooming", "a: im not far from u | a: i could pop round when ur mums at work"),
    (
        "grooming",
        "a: this guy from roblox keeps saying im special | a: he said not to tell my mum"
        " | a: he wants me to come to his flat",
    ),
    ("grooming", "a: u r s0 pr3tty 4 13 | a: dnt t3ll ur m0m ab0ut m3"),
    ("grooming", "a: u kinda owe me now | a: lets move this to kik, mods r nosy"),
]


BENIGN: list[str] = [
    # pets and everyday photos
    "a: send me a pic of ur puppy!! | b: here | a: omg the little paws send more pics",
    "a: send a pic of the homework | b: here u go",
    "a: which dress for prom | a: send me a pic of both | b: the blue one",
    "a: send a pic of the kit list pls i lost mine",
    "a: can u send the pic of us from the trip",
    # surprise party, crush, grandparent's money
    "a: dont tell her about the surprise party | b: my lips are sealed 🤐 | a: delete this before"
    " she sees lol | a: its our secret til sat",
    "a: promise u wont tell anyone | b: promise | a: i have a crush on him",
    "a: happy birthday darling | a: dont tell ur brother i gave u extra xx",
    # a parent's pick-up, a coach, a cousin
    "a: what time do u want picking up | b: 8 | a: ill pick u up outside, text me when ur out",
    "a: are ur parents in? | b: ye | a: good, dont walk home on ur own",
    "a: training moves to 6 | a: ill drop u home after, ur mum said its fine",
    # online-safety lesson and news
    'a: pshe homework is a poster on warning signs | b: like if someone says "dont tell ur'
    ' parents" or "send me a pic just for me"',
    "a: did u see the news, a man got arrested for asking kids for pics | b: so creepy",
    # sex education, LGBTQ+ identity, peer romance
    "a: is it normal to have irregular periods | b: ask the school nurse, its confidential",
    "a: i think im bi | b: thats amazing, thank u for telling me | b: u dont have to tell"
    " anyone til ur ready",
    "a: i like u | b: i like u too 🙈 | a: wanna go cinema sat | b: my mum can drop us",
    # gaming and exam stress
    "a: gg ill destroy u next round | b: lol u wish | a: 1v1 me",
    "a: this exam is killing me | b: same i want to die | a: maccies after",
    "a: got the battle pass | b: nice | a: want to squad up later",
    # song lyrics and drama
    "a: the song goes 'keep it between us, nobody needs to know' | b: such a tune",
    # misc shared words
    "a: what r u wearing to the party | b: my green dress",
    "a: whats ur snap | b: jess_w22 | a: added u",
    "a: how old is ur brother | b: 15",
    "a: r u in year 8 too | b: ye 8w | a: can we meet in the library",
    "a: nude lipstick or pink for prom | b: nude defo",
    "a: u owe me a fiver from lunch lol",
    "a: my cat is on cam in the living room lol",
    "a: turn ur camera on for the lesson please | b: ok miss",
    "a: just got new coins in subway surfers | b: nice",
    "a: lets facetime later | b: ok after tea",
    "a: i still have that pic of us at the beach lol | b: delete it i look awful",
    # more look-alikes
    "a: dont tell mum but i broke the vase | b: ur so dead lol",
    "a: keep it a secret but im getting mum a puppy for her birthday",
    "a: in computing we learned about sextortion, like when someone threatens to share ur pics"
    " | b: u report it to ceop",
    "a: whats ur insta | b: @mia.draws | a: followed!",
    "a: i need to make some money for the trip | b: do a car wash",
    "a: my brother airdropped me a meme on the bus | b: send it",
    "a: wanna vc and do the homework | b: ye | a: put ur cam on so i can see ur book",
    "a: the video of ur cat falling off the sofa is everywhere lol",
    "a: are u coming round, my parents are out | b: ye lets watch a film",
    "a: who has the pic of the timetable | b: me, ill send it in the gc",
    "a: remind me again why theres a lingerie shop next to the gym",
    "a: happy birthday!! dont tell mum but i got u the airpods | b: OMG",
    "a: im so tired i just want to lie in bed all day | b: same lol",
    "a: mum said we can go to the party if dad picks us up | a: ill tell her ur at mine after",
    "a: the play has a line where he says keep this between us | b: we need to learn it",
    "a: lets move the group chat to whatsapp, instagram keeps glitching | b: ill add u",
    "a: stream was so good, people sent loads of coins | b: ur famous",
    "a: join the call for the history project | b: ok | a: share ur screen",
    "a: the teacher told us never to send nudes, its illegal under 18 | b: tell an adult if asked",
    # round 2 look-alikes
    "a: is it just u tho or is ur brother coming too | b: just me",
    "a: my mate lent me his controller | b: say thanks from me",
    "a: send a pic of u in ur football kit for the team page",
    "a: nan wants a pic of u in ur swimming costume before the gala | b: ok",
    "a: send a pic in ur pjs for pj day | b: done",
    "a: how far would u go for a free pizza lol",
    "a: the leaks channel says the new fifa trailer drops friday",
    "a: gta 6 leaks page is going mad | a: drop what uve got",
    "a: i put ur face on the birthday banner lol | b: omg",
    "a: keep them coming, these memes are gold",
    "b: my dog keeps asking me for treats lol",
    "a: pay up u owe me a tenner from the chippy",
    "a: its 5 quid by friday for the trip or u cant go",
    "a: he recorded the call for the podcast | b: cool",
    "a: be gentle with the cat shes old | b: i will",
    "a: in pshe we learned warning signs, like someone saying what would u let me do",
    "a: my little brother keeps asking me for stuff | b: like what | a: sweets and my charger",
    "a: she sent my pic round the family chat from the holiday lol",
    "a: the lads are posting pics from the match | b: ur goal was class",
    "a: what would u do if u won the lottery | b: buy a house",
    "a: what would u do if i kissed u on the cheek lol | b: run",
    "a: my mum said if i tell anyone about her surprise party shell be sad lol",
    "a: 20 by friday for the trip or u lose ur place | b: ok",
    "a: pay up u lost the bet, a fiver by friday",
    "a: i put ur face on the meme lol its so funny",
    "a: the leak of the new album is all over tiktok",
    "a: come by urself or bring ur sister, party starts at 7",
    "a: ur body is so tired after pe",
    "a: he recorded the whole gig on his phone",
    "a: my ex posted a pic of his new car on his story",
    "a: send me a pic of u in ur prom dress!!",
    "a: the lads keep asking me for the homework answers",
    "a: what would u let me do if i beat u at fifa, get to pick the film?",
    "a: my dad keeps asking for pics of my new haircut",
    "a: how far would u go to get taylor swift tickets",
    "a: u got 1 hour to finish the essay or miss will kill u",
    "a: in pshe they said abusers say if u tell anyone theyll stop talking to u",
    "a: i recorded our call so we can use the quotes in the presentation",
    "a: dont be a prude, its just pineapple on pizza",
    "a: ur so frigid lol its 20 degrees put a coat on",
    "a: my ex sent round the pics from the school trip",
    "a: new channel for minecraft builds, drop what uve got",
    "a: the exposed page for the class reunion is hilarious",
    "a: send a pic of u in ur new trainers",
    "a: after all the presents i got u, u owe me a hug lol",
    "a: he kept telling me what to do on the call for the group project",
    # round 3 (t2)
    "a: ur facecam is too high, move the camera down a bit | a: we can only see ur ceiling",
    "a: camera on pls nana cant see u | a: move the phone down, i can only see ur forehead",
    "a: answer the facetime nan wants to say happy birthday | a: hold the phone up so she can see",
    "a: what r u wearing to prom | b: the blue dress | a: show me!!",
    "a: what are you wearing tonight | b: jeans | a: show me when ur ready",
    "a: send me a pic of ur dog | a: ur turn, send one of the cat",
    "a: i sent u one so send one back | a: of the maths answers",
    "a: have u seen the leaked gta 6 pics | a: forward it to the group chat",
    "a: turn on disappearing messages in here the chat is so long",
    "a: i put ur face on shrek 😂 | a: its going on my story",
    "a: he had his top off at the beach and got sunburnt | a: check the pic i posted",
    "a: she had nothing on her phone | a: the pic she sent me was of her dog",
    "a: join the vc | a: no one else is in the call yet | a: wait for jake",
    "a: lie down and rest ur ankle | a: ill facetime u later to check",
    "a: on the call can u show me the steps | a: stand up so i can see ur feet",
    "a: did u see the deepfake of the prime minister | a: so funny",
    "a: omg ur hair!! send a better one | a: the first one was blurry",
    "a: my mum took loads of pics of me in my bikini on holiday | a: so cringe",
    "a: that app that makes u look old is so funny | a: i did one of my dad",
    "a: send me the ones u didnt post from prom, the funny ones",
    "a: can u lean closer to the mic ur so quiet | a: now lower the music a bit",
    "a: hop on discord call | a: ill tell u what to do on the level, its a hard puzzle",
    "a: u promised me a pic of the new kitten tonight",
    "a: send me something to cheer me up | a: a meme or a cat video",
    "a: i deleted the last one like u asked | a: the ugly pic from the bus",
    "a: they photoshopped her head onto a pineapple | a: its everywhere lol",
    "a: my mate wants to see ur drawing too | a: send one i can show him",
    "a: my pics from the art show are on the school website | a: so proud",
    "a: video chat rn? need u to help me with something on camera, my printer is broken",
    "a: everyone else has left the stream | a: gg thanks for watching, see u tomorrow",
    # round 3 (t1): a crush, a song, a birthday gift between gamers, a lesson, a peer couple
    "a: can u keep a secret | b: ye | a: i think i like sam | a: dont tell anyone!! delete this",
    "a: no one can stop us now | b: lol that song | a: one day well be together is the best line",
    "a: ill gift u the battle pass for ur birthday | b: thank u | a: lets go vc on discord",
    (
        "teacher: warning signs: they ask you to keep chats secret or delete messages"
        " | teacher: they want to move the chat to another app or send you gifts"
    ),
    "a: dont tell anyone were going out yet | b: ok lol | a: meet me at the park after school",
    "a: turn on disappearing messages in the gc its so long | b: ye do it",
]


@pytest.mark.parametrize(("category", "chat"), POSITIVE)
def test_when_phenomenon_written_freshly_then_raised_with_roles_removed(
    category: str, chat: str
) -> None:
    assert levels(chat).get(category, RiskLevel.NONE) >= RiskLevel.MEDIUM


@pytest.mark.parametrize("chat", BENIGN)
def test_when_benign_chat_shares_words_then_no_sexual_harm_alert(chat: str) -> None:
    raised = {c: lv for c, lv in levels(chat).items() if c in SEXUAL_HARM}
    assert all(lv < RiskLevel.MEDIUM for lv in raised.values()), raised
