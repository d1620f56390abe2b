"""Edits found on normalized text, composed back onto the original."""

from __future__ import annotations

import dataclasses
import itertools

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from unspin import Edit, apply_edits
from unspin.compose import compose
from unspin.edits import flat_spans, merge_spans

CASES = [
    # (original, normalization edits, edits on the normalized text)
    ("the Pacific.They saw Jap", [Edit(12, 12, "", " ")], [Edit(22, 25, "Jap", "Japanese")]),
    ("x celebration-â€™ y", [Edit(14, 17, "â€™", "’")], [Edit(2, 13, "celebration", "party")]),
    ("say {that a} Jap", [Edit(4, 5, "{", ""), Edit(11, 12, "}", "")], [Edit(4, 10, "that a", "that an")]),
    ("the the legit", [Edit(0, 4, "the ", "")], [Edit(0, 9, "the legit", "the official")]),
    ("a.B c", [Edit(2, 2, "", " ")], [Edit(0, 4, "a. B", "X")]),
    ("a.B c d", [Edit(2, 2, "", " ")], [Edit(0, 4, "a. B", "X"), Edit(7, 8, "d", "Y")]),
]


@pytest.mark.parametrize(("original", "norm", "later"), CASES)
def test_compose_equals_two_steps(original: str, norm: list[Edit], later: list[Edit]) -> None:
    normalized = apply_edits(original, norm)
    expected = apply_edits(normalized, later)
    composed = compose(original, norm, later)
    assert apply_edits(original, composed) == expected
    for e in composed:
        assert original[e.start:e.end] == e.original


@pytest.mark.parametrize(("original", "norm", "later"), CASES)
def test_compose_takes_edits_in_any_order(original: str, norm: list[Edit], later: list[Edit]) -> None:
    # the C loops find the lists out of span order, and they are sorted: the edit left to place by hand
    # (one that absorbs a normalization output) is the sorted list's
    assert compose(original, norm[::-1], later[::-1]) == compose(original, norm, later)


@st.composite
def _edits(draw: st.DrawFn, text: str, tag: str, insertions: bool = True) -> list[Edit]:
    """Non-overlapping edits on ``text``: replacements, deletions and (at most one per offset) insertions."""
    cuts = sorted(draw(st.lists(st.integers(0, len(text)), max_size=12)))
    edits, pos = [], -1
    for a, b in zip(cuts[::2], cuts[1::2], strict=False):
        if a <= pos or (a == b and a == pos):
            continue
        replacement = draw(st.text("xy ", max_size=3))
        if a == b and (not replacement or not insertions):
            continue
        edits.append(Edit(a, b, text[a:b], replacement, rule=f"{tag}{a}", reason=f"{tag} at {a}"))
        pos = b
    return edits


def _touches(e: Edit, c: int, d: int) -> bool:
    """Whether edit ``e`` shares a character with the output [c, d), or (an empty output) lies around it."""
    return (c < e.end and e.start < d) if d > c else e.start < c < e.end


@given(st.data(), st.text("ab .", max_size=30))
def test_compose_property(data: st.DataObject, original: str) -> None:
    norm = data.draw(_edits(original, "norm"))
    normalized = apply_edits(original, norm)
    later = data.draw(_edits(normalized, "later", insertions=False))  # as the pipeline's repairs are
    # compose's domain: each normalization output touched by at most one later edit
    shifts = itertools.accumulate([len(n.replacement) - len(n.original) for n in norm], initial=0)
    outputs = [(e.start + shift, e.start + shift + len(e.replacement)) for e, shift in zip(norm, shifts, strict=False)]
    assume(all(sum(1 for e in later if _touches(e, c, d)) <= 1 for c, d in outputs))
    composed = compose(original, norm, later, normalized)
    assert apply_edits(original, composed) == apply_edits(normalized, later)  # also checks overlaps, stale text
    # an edit that touches no normalization output keeps its text and reason: only its offsets move
    by_reason = {e.reason: e for e in composed}
    for e in later:
        if e.reason in by_reason:
            moved = by_reason[e.reason]
            assert (moved.original, moved.replacement, moved.end - moved.start) == (e.original, e.replacement,
                                                                                      e.end - e.start)
    # each mapped edit alone (as rejected candidates are reported) is the same change on the original
    for e, alone in zip(sorted(later, key=lambda x: (x.start, x.end)), compose(original, norm, later, normalized,
                                                                               keep_norm=False), strict=True):
        assert original[alone.start:alone.end] == alone.original
        assert alone.rule == e.rule
    # consume=True (the pipeline's own lists) gives the same edits, and moves in place only what the list alone
    # holds: the edits of ``later`` are held here, and stay as they were
    copies = [dataclasses.replace(e) for e in later]
    assert compose(original, norm, copies, normalized, consume=True) == composed
    spans = [(e.start, e.end) for e in later]
    assert compose(original, norm, list(later), normalized, consume=True) == composed
    assert [(e.start, e.end) for e in later] == spans


def _merge_reference(spans: list[tuple[int, int]], radius: int, length: int | None) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for s, e in spans:
        lo, hi = max(0, s - radius), e + radius if length is None else min(e + radius, length)
        if out and lo <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], hi))
        else:
            out.append((lo, hi))
    return out


@given(st.lists(st.tuples(st.integers(0, 60), st.integers(0, 8)), max_size=20), st.integers(0, 5),
       st.one_of(st.none(), st.integers(60, 80)))
def test_merge_spans_equals_the_loop(pairs: list[tuple[int, int]], radius: int, length: int | None) -> None:
    spans = sorted((s, s + w) for s, w in pairs)  # sorted by start; spans may nest or overlap
    assert merge_spans(spans, radius, length) == _merge_reference(spans, radius, length)
    assert merge_spans(flat_spans(spans), radius, length) == _merge_reference(spans, radius, length)
