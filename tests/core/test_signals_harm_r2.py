"""Round-2 phrase rules for threats, hate groups, self-harm, impersonation and adult content.

Every positive row is a fresh phrasing of a phenomenon (written for this table, not taken from a
tuning set) and must raise its category at medium or above with the participants' roles unknown.
Every benign row shares words with a phenomenon (a football match, a school play, song lyrics,
a hacked game account sorted out, a doctor's advice) and must stay below medium in that category.
Texts are short, training-material style.
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
    # threatening to show a child's parents / friends something if they stop complying
    ("threats_abuse", "a: stop replying and ill send ur mum everything u told me"),
    ("threats_abuse", "a: if u block me im gonna show ur dad the chat"),
    ("threats_abuse", "a: leave the call and ill tell ur parents what u did"),
    ("threats_abuse", "a: ignore me again and im showing the whole school the pics"),
    ("threats_abuse", "a: if u tell anyone ill post the screenshots to everyone"),
    # threats against the family
    ("threats_abuse", "a: u think u can quit? ur family will suffer"),
    ("threats_abuse", "a: do it or ur little brother gets hurt"),
    ("threats_abuse", "a: i got ur address. ur mum will pay for this"),
    # telling someone to kill themself is abuse as well as self-harm encouragement
    ("threats_abuse", "a: honestly just kill urself nobody likes u"),
    ("threats_abuse", "a: go kill yourself loser"),
    # a threat to post something humiliating
    ("threats_abuse", "a: ur secrets go up tonight. have fun at school"),
    ("threats_abuse", "a: tomorrow ur nudes go online | b: please no"),
    # a bot or spam set on a child
    ("threats_abuse", "a: made a bot that spams him saying freak | b: what did i ever do to u"),
    ("threats_abuse", "a: block me and watch what happens to ur little sister"),
    ("threats_abuse", "a: everyone in year 9 is gonna see ur messages tmrw"),
    # impersonation: a copied or hacked account
    ("impersonation", "a: this account copied all my pics and is messaging my friends"),
    ("impersonation", "a: someone made a fake acc with my pics | b: omg report it"),
    ("impersonation", "a: that wasnt me, someone got into my snap"),
    ("impersonation", "a: theres an account pretending to be u | b: what?? thats not me"),
    (
        "impersonation",
        "a: why is ur insta posting weird stuff | b: not me, someone got into my insta",
    ),
    ("impersonation", "a: some acc is using ur name and pic | b: its fake pls report"),
    ("impersonation", "a: hi its me but better. i am u now"),
    # an adult posing as a child: gives an age, avoids voice or video, moves the chat
    ("impersonation", "a: im 13 hbu | b: 12 | a: my cam doesnt work lol lets just chat on snap"),
    ("impersonation", "a: im 11 wbu | b: 11 too | a: cant vc rn, whats ur number"),
    ("impersonation", "a: me 12 what about you | b: 11 | a: im shy to vc, add my whatsapp"),
    # adult content shown to a child
    (
        "adult_content_exposure",
        "a: u ever seen adult videos? | b: no | a: its normal, ill send one",
    ),
    ("adult_content_exposure", "a: loads of girls ur age watch porn | b: ew no"),
    ("adult_content_exposure", "a: we can watch the xxx ones together when ur round"),
    ("adult_content_exposure", "a: a man on that chat site wasnt wearing any clothes | b: ew"),
    ("adult_content_exposure", "a: this guy on omegle had his thing out | b: close it"),
    ("adult_content_exposure", "a: look at this porn site | b: omg | a: everyone watches it"),
    # self-harm encouragement in a group
    ("self_harm_encouragement", "a: show us ur arms after so we know u did it"),
    ("self_harm_encouragement", "a: relapsing is valid babe dont let anyone tell u otherwise"),
    ("self_harm_encouragement", "a: u know what to do with the blade tonight"),
    ("self_harm_encouragement", "a: dont eat tmrw. prove ur serious | b: ok"),
    ("self_harm_encouragement", "a: task 5 burn ur arm and send proof | b: i dont want to"),
    ("adult_content_exposure", "a: a guy sent me a video of himself doing stuff | b: block him"),
    # self-harm risk in the child's own words
    (
        "self_harm_risk",
        "a: i cant keep doing this, so tired of everything | a: i gave my cat to my nan",
    ),
    ("self_harm_risk", "a: im such a burden | a: everyone would be better off without me"),
    (
        "self_harm_risk",
        "a: honestly what is the point of anything | a: ive worked out how id do it",
    ),
    ("self_harm_risk", "a: im just a burden to my family | b: no ur not"),
    ("self_harm_risk", "a: my family would be better off if i wasnt here"),
    (
        "self_harm_risk",
        "a: i keep thinking about how i would do it | a: i dont see the point anymore",
    ),
    # a group set up to share exposing pictures of pupils
    ("hate_group", "a: new page for year 10 leaks | a: drop what uve got"),
    ("hate_group", "a: made a gc for the nudes from our school, names in the caption"),
    ("hate_group", "a: the exposed page needs more | a: keep them coming"),
]

BENIGN: list[tuple[str, str]] = [
    ("threats_abuse", "a: ur dead at footy tmrw | b: we'll see lol"),
    ("threats_abuse", "a: im gonna batter u at five a side | b: in ur dreams"),
    (
        "threats_abuse",
        "a: act 2 from the top | b: touch her and ill kill you | a: good, more menace",
    ),
    ("threats_abuse", "a: ill tell ur mum ur coming for tea | b: ok ta"),
    ("threats_abuse", "a: if u leave early ill show ur mum where the keys are"),
    ("threats_abuse", "a: my family will pay for the pizza dont worry"),
    ("threats_abuse", "a: ill show ur parents the pics from the trip theyre so cute"),
    ("threats_abuse", "a: we set up a bot that pings everyone when the stream starts"),
    ("impersonation", "a: my fortnite acc got hacked | b: change ur password"),
    ("impersonation", "a: thats not me in the pic its my twin lol"),
    ("impersonation", "a: i logged out of my account on the library computer"),
    ("impersonation", "a: the lesson was about fake accounts pretending to be someone"),
    ("impersonation", "a: my mic is broken so ill type in game chat"),
    ("impersonation", "a: im 12 how old r u | b: 12 | a: cool"),
    ("impersonation", "a: my camera is broken, text me when ur outside"),
    ("adult_content_exposure", "a: he wasnt wearing anything warm and it was freezing"),
    ("adult_content_exposure", "a: we watched adult swim cartoons | b: lol classic"),
    ("adult_content_exposure", "a: we can watch the film together at mine"),
    ("adult_content_exposure", "a: in rse we learnt porn gives the wrong idea | b: cringe"),
    ("self_harm_encouragement", "a: dont eat before the blood test | b: ok mum"),
    ("self_harm_encouragement", "a: show us ur arm after the tattoo | b: its healing"),
    ("self_harm_encouragement", "a: dont eat that its gone off"),
    ("self_harm_risk", "a: everyone would be better off if we left early for the train"),
    ("self_harm_risk", "a: whats the point of algebra honestly | b: exams lol"),
    ("self_harm_risk", "a: ive thought about how id do it, the science project i mean"),
    (
        "self_harm_risk",
        'a: track 3 is my fave | b: "i wanna disappear tonight" that line | a: so good',
    ),
    ("self_harm_risk", 'a: this album is sad | a: "i just wanna disappear" hits hard'),
    ("self_harm_risk", "a: i cant keep doing this homework its endless"),
    ("self_harm_risk", "a: i gave my old bike to my cousin it was too small"),
    ("impersonation", "a: my sister is messaging my friends about my party"),
    ("self_harm_encouragement", "a: relapse is normal when ur quitting vaping the nurse said"),
    ("adult_content_exposure", "a: we can watch it together at mine tmrw | b: the new marvel one?"),
    ("threats_abuse", "a: if u leave the call early ill tell ur mum u were good | b: lol ok"),
    ("hate_group", "a: new channel for game leaks | b: the new map looks sick"),
    ("hate_group", "a: keep them coming these memes are gold"),
    ("hate_group", "a: we learnt in pshe that sharing nudes is illegal even if theyre yours"),
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
