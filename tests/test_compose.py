"""Edits found on normalized text, composed back onto the original."""

from __future__ import annotations

import pytest

from unspin import Edit, apply_edits
from unspin.compose import compose

CASES = [
    # (original, normalization edits, edits on the normalized text)
    ("the Pacific.They saw Jap", [Edit(12, 12, "", " ")], [Edit(22, 25, "Jap", "Japanese")]),
    ("x celebration-â€™ y", [Edit(14, 17, "â€™", "’")], [Edit(2, 13, "celebration", "party")]),
    ("say {that a} Jap", [Edit(4, 5, "{", ""), Edit(11, 12, "}", "")], [Edit(4, 10, "that a", "that an")]),
    ("the the legit", [Edit(0, 4, "the ", "")], [Edit(0, 9, "the legit", "the official")]),
    ("a.B c", [Edit(2, 2, "", " ")], [Edit(0, 4, "a. B", "X")]),
]


@pytest.mark.parametrize(("original", "norm", "later"), CASES)
def test_compose_equals_two_steps(original: str, norm: list[Edit], later: list[Edit]) -> None:
    normalized = apply_edits(original, norm)
    expected = apply_edits(normalized, later)
    composed = compose(original, norm, later)
    assert apply_edits(original, composed) == expected
    for e in composed:
        assert original[e.start:e.end] == e.original
