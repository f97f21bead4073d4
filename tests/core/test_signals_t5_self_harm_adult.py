"""Round-3 (t5) phrase rules for self-harm risk, self-harm encouragement and adult content.

Every positive row is a fresh phrasing of a phenomenon (euphemisms such as "unaliving", calm
hints of not being around, stockpiling, recovery slang, hiding marks, eating-disorder talk,
goading, pro-ana coaching, explicit groups and waved-away age checks) and must raise its
category at medium or above with the participants' roles unknown. Every benign row shares words
with a phenomenon (exam stress, an upgrade, a snap streak, a boxing weigh-in, a parent's
online-safety advice) and must stay below medium in that category. Short, non-graphic,
training-material style.
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
    # euphemisms and plain words for suicidal thoughts
    ("self_harm_risk", "a: u ok | b: been thinking about unaliving tbh"),
    ("self_harm_risk", "a: i keep thinking about sewerslide"),
    ("self_harm_risk", "a: im considering ctb honestly"),
    ("self_harm_risk", "a: i wanna kms and im not joking"),
    # calm hints of not being around
    ("self_harm_risk", "a: u ok | b: i dont think ill be around much longer | a: what"),
    ("self_harm_risk", "a: everyone would be better off if i just wasnt here"),
    ("self_harm_risk", "a: nobody would even notice if i was gone"),
    ("self_harm_risk", "a: if i died tomorrow would anyone even care"),
    ("self_harm_risk", "a: honestly im tired of existing"),
    # stockpiling and a plan next to self-harm words
    ("self_harm_risk", "a: ive been stockpiling my dads tablets"),
    ("self_harm_risk", "a: ive got a stash of pills in my drawer"),
    (
        "self_harm_risk",
        "a: i have a plan now | b: a plan for what | a: for ending it. i've thought about it loads",
    ),
    ("self_harm_risk", "a: been thinking about unaliving | a: saturday is when im gonna do it"),
    # recovery slang, hidden marks, coping by hurting
    ("self_harm_risk", "a: relapsed | a: was 2 months clean and i ruined it"),
    ("self_harm_risk", "a: wearing long sleeves all summer so nobody sees my arms"),
    ("self_harm_risk", "a: it helps me feel something when i do it to my arms"),
    ("self_harm_risk", "a: i feel like doing it again | b: doing what | a: u know. the arms thing"),
    # eating-disorder harm
    ("self_harm_risk", "a: i throw up after every meal now"),
    ("self_harm_risk", "a: i just go to the loo after dinner so mum doesnt know"),
    ("self_harm_risk", "a: havent eaten since monday | a: i need to get under 38kg"),
    ("self_harm_risk", "a: my goal weight is 40. i still feel huge"),
    # giving things away, farewells
    ("self_harm_risk", "a: gave my switch to my cousin, wont need it"),
    ("self_harm_risk", "a: thank you for everything, sorry for being a burden. bye x"),
    ("self_harm_risk", "a: tell my dad it wasnt his fault ok"),
    ("self_harm_risk", "a: i deserve to hurt"),
    ("self_harm_risk", "a: i shd last night"),
    ("self_harm_risk", "a: my arms are covered in scratches and its pe tomorrow"),
    ("self_harm_risk", "a: i think i have an eating disorder, dont tell anyone"),
    ("self_harm_risk", "a: u ok? | b: there wont be a tomorrow for me"),
    ("self_harm_risk", "a: i hope i never wake up"),
    ("self_harm_risk", "a: i keep staring at the train tracks on the way home"),
    ("self_harm_risk", "a: can u feed my hamster if anything happens to me"),
    ("self_harm_risk", "a: ive said my goodbyes to everyone"),
    ("self_harm_risk", "a: the voices keep telling me to hurt myself"),
    ("self_harm_risk", "a: i looked up how long it takes to bleed out"),
    ("self_harm_risk", "a: i cant see myself making it to 15"),
    ("self_harm_risk", "a: i made a playlist for my funeral"),
    ("self_harm_risk", "a: if im not in school tomorrow youll know why"),
    ("self_harm_risk", "a: i keep hoping a bus hits me on the way home"),
    ("self_harm_risk", "a: i dont trust myself tonight"),
    ("self_harm_risk", "a: my dad found my blades"),
    # goading a child who hints at self-harm
    ("self_harm_encouragement", "a: i might cut again | b: do it properly for once then"),
    ("self_harm_encouragement", "a: u never even go deep enough, all talk"),
    ("self_harm_encouragement", "a: not like anyone would miss u"),
    ("self_harm_encouragement", "a: no one would notice if u were gone tbh"),
    ("self_harm_encouragement", "a: not the game. irl. unalive urself"),
    ("self_harm_encouragement", "a: just end it loser in real life"),
    ("self_harm_encouragement", "a: next task hurt urself and send a pic"),
    ("self_harm_encouragement", "a: hold it until u black out, film it"),
    ("self_harm_encouragement", "a: hunger is weakness leaving the body"),
    ("self_harm_encouragement", "a: hide ur dinner in a napkin so they dont notice"),
    ("self_harm_encouragement", "a: ur so fat | a: stop eating"),
    ("self_harm_encouragement", "a: go drink bleach"),
    ("self_harm_encouragement", "a: we'd all be happier if u just died"),
    ("self_harm_encouragement", "a: rule is u cut every time u eat over 600"),
    ("self_harm_encouragement", "a: id kill myself if i looked like that"),
    ("self_harm_encouragement", "a: if u dont cut tonight ur out of the group"),
    ("self_harm_encouragement", "a: take the lot, itll put u to sleep forever"),
    ("self_harm_encouragement", "a: just unalive already nobody cares"),
    ("self_harm_encouragement", "a: do ur mum a favour and disappear forever"),
    # explicit groups, age checks, "watch this", adults' videos
    ("adult_content_exposure", "a: ill add u to the nsfw gc, loads there"),
    ("adult_content_exposure", "a: theres a server with porn channels u can join"),
    ("adult_content_exposure", "a: free xxx vids in here | a: ur 12? nobody checks lol"),
    ("adult_content_exposure", "a: watch this 🔞"),
    ("adult_content_exposure", "a: he sent me a p*rn link"),
    ("adult_content_exposure", "a: i can show u videos of what grown ups do"),
    ("adult_content_exposure", "a: he makes me watch dirty films with him"),
    ("adult_content_exposure", "a: go check out my onlyfans"),
    ("adult_content_exposure", "a: someone airdropped a porno to everyone on the coach"),
    ("adult_content_exposure", "a: want some vids? theyre 18+ but whatever"),
    ("adult_content_exposure", "a: an advert popped up with naked people on my tablet"),
    ("adult_content_exposure", "a: he made us watch a porn video at his house"),
    ("adult_content_exposure", "a: theres a gc where they post porn | a: want in?"),
    ("adult_content_exposure", "a: use incognito and search xvideos"),
    ("adult_content_exposure", "a: ur old enough to see this now 🔞 dont tell ur mum"),
    ("adult_content_exposure", "a: have u ever seen people doing it? i have loads saved"),
]

BENIGN: list[tuple[str, str]] = [
    ("self_harm_risk", "a: this exam is killing me | b: kill me now lol"),
    ("self_harm_risk", "a: can u help me with my revision plan"),
    ("self_harm_risk", "a: been saving up for a new phone for ages"),
    ("self_harm_risk", "a: mum hid the paracetamol on the top shelf so my brother cant reach it"),
    ("self_harm_risk", "a: do u want my old xbox? getting a ps5 so i wont need it"),
    ("self_harm_risk", "a: she got 100 days on her snap streak"),
    ("self_harm_risk", "a: 30 days clean of vaping"),
    ("self_harm_risk", "a: i relapsed and ate a whole chocolate bar"),
    ("self_harm_risk", "a: i threw up after lunch, think its a bug, mum is picking me up"),
    ("self_harm_risk", "a: go to the toilet after lunch then meet me at the gate"),
    ("self_harm_risk", "a: i need to be under 45kg for my boxing weight class"),
    ("self_harm_risk", "a: if i died in the game would you revive me"),
    ("self_harm_risk", "a: thank you for everything today, see you tomorrow bye x"),
    ("self_harm_risk", "a: thinking of ending it with my boyfriend tbh"),
    ("self_harm_risk", "a: i feel like doing it again, that escape room was sick"),
    ("self_harm_risk", "a: ur better off without him honestly"),
    ("self_harm_risk", "a: its my last day at school tomorrow!!"),
    ("self_harm_encouragement", "a: i hope u dont wake up late for the trip"),
    ("self_harm_encouragement", "a: stop eating my crisps you fatty"),
    ("self_harm_encouragement", "a: do it then, the homework wont do itself"),
    ("self_harm_encouragement", "a: just end it, we're losing anyway gg"),
    ("self_harm_encouragement", "a: hunger games is the best film"),
    (
        "adult_content_exposure",
        "a: if anyone ever sends you links to adult sites, show me or a teacher",
    ),
    ("adult_content_exposure", "a: join the spicy food group chat, we're trying hot wings"),
    ("adult_content_exposure", "a: watch this, its my cat doing a backflip"),
    ("adult_content_exposure", "a: the age rating is 12 so nobody checks on roblox"),
    ("adult_content_exposure", "a: the film is 18+ but my dad said i can watch it"),
    ("adult_content_exposure", "a: he made us watch a horror film at the sleepover"),
    ("self_harm_risk", "a: look after your sister and if anything happens ring me"),
    ("self_harm_risk", "a: my legs are covered in scratches from the brambles"),
    ("self_harm_risk", "a: we stood at the edge of the cliff for a photo"),
    ("self_harm_risk", "a: im scared of what ill do if i see him again"),
    ("self_harm_risk", "a: watch the trailer, youll know why its trending"),
    ("self_harm_encouragement", "a: do ur mum a favour and go tidy ur room"),
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
