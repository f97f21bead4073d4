import pytest

from safeguard.core.normaliser import normalise


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("S3nd me a p1c", "send me a pic"),
        ("s e n d  m e  a  p i c", "send me a pic"),
        ("n.u.d.e.s", "nudes"),
        ("ѕеnd nudes", "send nudes"),  # Cyrillic look-alikes
        ("𝐬𝐞𝐧𝐝 pics", "send pic"),  # mathematical bold letters (NFKD)
        ("se\u200bnd a pic", "send a pic"),  # zero-width space
        ("pleeeease", "please"),
        ("whats ur asl", "whats your age sex location"),
        ("wyd rn", "what are you doing right now"),
        ("u r so cute", "you are so cute"),
        ("don't tell ur mum 🤫", "dont tell your mum emoji_secret"),
        ("don\u2019t tell ur mum", "dont tell your mum"),  # a phone's curly apostrophe
        ("it\u2018s our secret", "its our secret"),
        ("oh seven seven double nine one two three four five six", "07799123456"),
        ("I am 13yo", "i am 13 years old"),
        ("pay me £50", "pay me money 50"),
    ],
)
def test_when_text_is_evasive_then_normalised_form_is_plain(raw: str, expected: str) -> None:
    assert normalise(raw).text.strip() == expected


@pytest.mark.parametrize(
    "ordinary",
    ["u r a loser lol", "my_user_99", "see you at 5pm", "I have one cat and two dogs"],
)
def test_when_text_is_ordinary_then_words_are_not_mangled(ordinary: str) -> None:
    text = normalise(ordinary).text
    for word in ("loser", "my_user_99", "5pm", "one cat and two dogs"):
        if word in ordinary.lower():
            assert word in text


@pytest.mark.parametrize(
    ("raw", "phrase", "quote"),
    [
        ("pls S3nd me a p1c now", "send me a pic", "S3nd me a p1c"),
        ("ѕеnd nudes", "send", "ѕеnd"),
        ("ok s e n d  m e it", "send me", "s e n d  m e"),
        ("hey 😘 send", "emoji_kiss", "😘"),
    ],
)
def test_when_phrase_found_then_quote_is_the_original_text(
    raw: str, phrase: str, quote: str
) -> None:
    norm = normalise(raw)
    start = norm.text.index(f" {phrase} ") + 1
    assert norm.original_quote(start, start + len(phrase)) == quote
