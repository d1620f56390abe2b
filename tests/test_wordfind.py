"""occurs_apart: the find loop and the expression it falls back on answer as a plain search would."""

from __future__ import annotations

import re

from hypothesis import example, given, settings
from hypothesis import strategies as st

import unspin.wordfind
from unspin.wordfind import occurs_apart


def _reference(text: str, literal: str, char: str) -> bool:
    one = re.compile(char)
    return any(not (at and one.match(text, at - 1)) and not one.match(text, at + len(literal))
               for at in range(len(text)) if text.startswith(literal, at))


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="ahé_1 .-\n", max_size=40), st.text(alphabet="ahé_1 .", min_size=1, max_size=3),
       st.sampled_from([r"\w", r"[^\W\d_]"]), st.sampled_from([0, 1, 2, 32]))
@example("ha " * 40 + "ha", "a", r"\w", 32)  # more occurrences than FINDS: the expression decides
@example("ha " * 40, "a", r"\w", 32)
@example("ha" + " ha" * 40 + "a", "a", r"\w", 32)  # from the end too: the first occurrence decides
@example("aaa", "aa", r"\w", 2)  # occurrences that overlap
def test_occurs_apart_equals_a_plain_search(text: str, literal: str, char: str, finds: int) -> None:
    saved = unspin.wordfind.FINDS
    unspin.wordfind.FINDS = finds
    try:
        expected = _reference(text, literal, char)
        assert occurs_apart(text, literal, char) == expected
        assert occurs_apart(text, literal, char, from_end=True) == expected
    finally:
        unspin.wordfind.FINDS = saved
