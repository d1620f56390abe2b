"""wordbytes: the byte-level word count and doubled-word candidates agree with the expressions they
replace, on random text built from the characters that decide word boundaries."""

from __future__ import annotations

import re

from hypothesis import example, given, settings
from hypothesis import strategies as st

from unspin.normalize.doubled import _DOUBLE
from unspin.wordbytes import count_words, repeated_words, word_bytes

_WORDS = re.compile(r"\w++(?:['’-]\w++)*+")
# letters in both cases, digits, joiners, spaces, punctuation, non-ASCII letters, digits and
# symbols, and the four characters that case-insensitive matching equates with ASCII letters
_ALPHABET = "aAbBtThHeE09_ '’-.,\n\téÉßüÜ٣²“”—\u0301\u00a0İıſK中"
texts = st.text(alphabet=_ALPHABET, max_size=40)


@settings(max_examples=600, deadline=None)
@given(texts)
@example("İt’s a well-known fact -- isn't it? U.S. 3,000 a--b x- '-'")
def test_count_words_matches_the_expression(text: str) -> None:
    assert count_words(text) == len(_WORDS.findall(text))


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=30))
def test_count_words_on_any_unicode(text: str) -> None:
    assert count_words(text) == len(_WORDS.findall(text))


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=30))
def test_word_bytes_keeps_one_byte_per_code_point(text: str) -> None:
    assert len(word_bytes(text)) == len(text)


@settings(max_examples=800, deadline=None)
@given(texts)
@example("The the end, Élan élan, a a.")
@example("ſo ſo, Kin kin, İt it")
@example("A² A²")
@example("\nthe the(the\nthe the")  # the same word across a line break is no repeat, nor hides one
@example("a\u00a0a a")
def test_repeated_words_find_every_doubled_word(text: str) -> None:
    # every match of the doubled-word expression that is not glued to an apostrophe on either side
    # (the step skips those as parts of longer tokens) starts at a candidate offset
    candidates = set(repeated_words(text))
    for m in _DOUBLE.finditer(text):
        if text[m.start() - 1:m.start()] in ("'", "’") or text[m.end():m.end() + 1] in ("'", "’"):
            continue
        assert m.start() in candidates, (text, m.start())


def test_repeated_words_offsets() -> None:
    assert repeated_words("The the end, a a. Élan élan; no repeat here") == [0, 13, 18]
    assert repeated_words("x  x") == []  # two spaces: not one word repeated across one space
