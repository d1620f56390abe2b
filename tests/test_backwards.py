"""Left contexts checked with reversed patterns decide as the forward search of the window does."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from unspin.backwards import backwards
from unspin.constraints import compiled, left_context_ok, left_reach
from unspin.lexicon import load_lexicon, shipped_paths

SHIPPED_LEFT = sorted({e.left for path in shipped_paths() for e in load_lexicon(path).entries if e.left})
# the words the patterns name, so that random texts meet them, and characters where \w, \s and \b are
# subtle: a combining accent, a non-ASCII letter and digit, the separators str.isspace() knows
WORDS = sorted({w.lower() for p in SHIPPED_LEFT for w in re.findall(r"[A-Za-z]{2,}", re.sub(r"\\.", " ", p))})
SEPARATORS = [" ", "  ", "\n", ", ", ". ", "”", "’", "-", "é", "e\u0301", "\u0663", "\x1c", "\u00a0", "3", "_"]


def _forward(pattern: str, text: str, start: int) -> bool:
    return compiled(pattern, "left").search(text, max(0, start - left_reach(pattern)), start) is not None


def test_most_shipped_left_contexts_reverse() -> None:
    reversible = [p for p in SHIPPED_LEFT if backwards(p) and isinstance(compiled(p, "left"), re.Pattern)]
    assert len(reversible) >= 0.8 * len(SHIPPED_LEFT)


@settings(max_examples=1500, deadline=None)
@given(st.sampled_from(SHIPPED_LEFT), st.lists(st.sampled_from(WORDS + SEPARATORS), max_size=14),
       st.integers(0, 200), st.booleans())
def test_left_context_equals_the_forward_search(pattern: str, pieces: list[str], cut: int, upper: bool) -> None:
    text = "".join(pieces) + " legit said"
    if upper:
        text = text.title()
    start = min(cut, len(text))
    assert left_context_ok(pattern, text, start) == _forward(pattern, text, start)


@pytest.mark.parametrize(("pattern", "text", "expected"), [
    # the reversed match runs past the 80-character window: the search finds a shorter one inside it
    (r"(?:a\s+b|b)\s", "a" + " " * 100 + "b X", True),
    (r"(?i:\bcontributed\s+to\s+this\s)", "contributed to" + " " * 90 + "this X", False),
    (r"(?i:\bcontributed\s+to\s+this\s)", "Contributed to this X", True),
    # a lookbehind reads before the window; a boundary reads the character before the match
    (r"(?<!(?i:\bnot\s))", "not X", False),
    (r"(?<!(?i:\bnot\s))", "knot X", True),
    (r"(?i:\bthe\s)", "bathe X", False),
    (r"(?i:\bthe\s)", "THE X", True),
])
def test_left_context_cases(pattern: str, text: str, expected: bool) -> None:
    start = text.index("X")
    assert left_context_ok(pattern, text, start) is expected
    assert _forward(pattern, text, start) is expected


@pytest.mark.parametrize("pattern", [r"(?:^|\.\s)", r"(a)\1", r"(?>ab)", r"a++", r"(?m:x)", r"(?=a+)b"])
def test_what_cannot_be_reversed_is_searched_forwards(pattern: str) -> None:
    assert backwards(pattern) is None
