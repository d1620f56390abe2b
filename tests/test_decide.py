"""decide's choice of non-overlapping edits agrees with a pairwise definition of conflict."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from unspin.decide import _non_overlapping
from unspin.model import Edit


def _conflict(a: Edit, b: Edit) -> bool:
    """The definition: spans sharing a character; an insertion strictly inside a span; two
    insertions at one offset."""
    if a.start == a.end or b.start == b.end:
        point, span = (a, b) if a.start == a.end else (b, a)
        return span.start < point.start < span.end or span.start == span.end == point.start
    return a.start < b.end and b.start < a.end


def _reference(ranked: list[Edit]) -> list[Edit]:
    kept: list[Edit] = []
    for e in ranked:
        if not any(_conflict(e, k) for k in kept):
            kept.append(e)
    return sorted(kept, key=lambda e: (e.start, e.end))


spans = st.tuples(st.integers(0, 30), st.integers(0, 6)).map(lambda t: Edit(t[0], t[0] + t[1], "", str(t)))


@settings(max_examples=500, deadline=None)
@given(st.lists(spans, max_size=25))
def test_greedy_choice_matches_the_pairwise_definition(ranked: list[Edit]) -> None:
    rejected: list[Edit] = []
    kept = _non_overlapping(ranked, rejected)
    assert kept == _reference(ranked)
    assert sorted(map(id, kept + rejected)) == sorted(map(id, ranked))  # nothing lost, nothing twice
    assert rejected == [e for e in ranked if not any(e is k for k in kept)]  # in their rank order


def test_insertion_at_a_span_boundary_is_kept() -> None:
    ranked = [Edit(2, 6, "abcd", "x"), Edit(6, 6, "", " "), Edit(2, 2, "", " "), Edit(4, 4, "", " ")]
    kept = _non_overlapping(ranked, [])
    assert [(e.start, e.end) for e in kept] == [(2, 2), (2, 6), (6, 6)]


def test_native_loop_checks_its_argument() -> None:
    from unspin._scan import non_overlapping

    assert non_overlapping([]) == ([], b"")
    for bad, error in [([(3, 1)], ValueError), ([(-1, 2)], ValueError), ([(1,)], TypeError), ((1, 2), TypeError),
                       ([("a", 2)], TypeError)]:
        with pytest.raises(error):
            non_overlapping(bad)
