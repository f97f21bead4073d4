"""Phrase rules for threats, hate groups, self-harm, impersonation, personal info, adult content.

Each positive row is a fresh phrasing of a phenomenon (not a line from the tuning set) and must
raise its category at medium or above with the participants' roles unknown. Each benign row
shares words with a phenomenon (gaming trash talk, exam stress, a parent's pick-up, a lesson
recap) and must stay below medium in that category. Texts are short training-material style.
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
