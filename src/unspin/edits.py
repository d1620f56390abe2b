"""Applying edits to text, and checking that a set of edits is well formed.

>>> from unspin.model import Edit
>>> apply_edits("Jap Top Minister", [Edit(0, 3, "Jap", "Japanese"), Edit(4, 7, "Top", "Prime")])
'Japanese Prime Minister'
"""

from __future__ import annotations

import operator
from array import array
from collections.abc import Callable, Iterable, Sequence
from typing import TypeVar

from . import _edits
from .model import Edit

T = TypeVar("T")
BY_SPAN = operator.attrgetter("start", "end")  # sort key for edits, by (start, end), at C speed


def in_span_order(loop: Callable[..., T | None], edits: Iterable[Edit], *args: object) -> tuple[list[Edit], T]:
    """``loop(edits, *args)`` for one of the C loops that check the span order as they read the edits and
    return None when it is broken (they read every edit anyway; a separate check read them all once more):
    then the edits are sorted and the loop runs again. Returns the edits as the loop read them, and its
    result.

    >>> in_span_order(_edits.changed_spans, [Edit(4, 7, "Top", "Prime"), Edit(0, 3, "Jap", "Japanese")])[1]
    array('q', [0, 8, 9, 14])
    """
    edits = listed(edits)
    result = loop(edits, *args)
    if result is None:
        edits = sorted(edits, key=BY_SPAN)
        result = loop(edits, *args)
    return edits, result


def listed(items: Iterable) -> list:
    """``items`` as a list, itself if it is one (the C loops take lists)."""
    return items if isinstance(items, list) else list(items)


class EditConflict(ValueError):
    """Edits that overlap, fall outside the text, or no longer match it."""


def check_edits(text: str, edits: Iterable[Edit]) -> list[Edit]:
    """Sorted edits, after checking bounds, the original text at each offset and overlaps."""
    ordered = by_span(edits)
    prev_end, prev = 0, None
    for e in ordered:
        if not (0 <= e.start <= e.end <= len(text)):
            raise EditConflict(f"edit {e.start}-{e.end} lies outside the text (length {len(text)})")
        if text[e.start:e.end] != e.original:
            raise EditConflict(
                f"stale edit at {e.start}-{e.end}: expected {e.original!r}, found {text[e.start:e.end]!r}")
        if prev is not None and (e.start < prev_end or (e.start == prev_end == prev.start == e.end)):
            raise EditConflict(f"edits overlap at {e.start}: {prev.original!r} and {e.original!r}")
        prev_end, prev = e.end, e
    return ordered


def apply_edits(text: str, edits: Iterable[Edit]) -> str:
    """Apply non-overlapping edits whose offsets are code points into ``text``.

    Raises :class:`EditConflict` for stale, overlapping or out-of-range edits.
    """
    edits = listed(edits)
    fixed = _edits.apply(text, edits)  # in C, for edits sorted and sound; None otherwise
    if fixed is not None:
        return fixed
    parts, pos = [], 0
    for e in check_edits(text, edits):
        parts.append(text[pos:e.start])
        parts.append(e.replacement)
        pos = e.end
    parts.append(text[pos:])
    return "".join(parts)


def output_spans(edits: Sequence[Edit]) -> tuple[array, array, array]:
    """For edits sorted by span: where each one's replacement lies in the text they make (starts,
    ends), and how much the text has grown before each edit (``shifts``, with one more item: the
    growth after the last). In C (_edits.output_spans), as ``array('q')``: later passes ask this of
    thousands of edits to place a few.

    >>> [list(x) for x in output_spans([Edit(0, 3, "Jap", "Japanese"), Edit(4, 7, "Top", "Prime")])]
    [[0, 9], [8, 14], [0, 5, 7]]
    """
    return in_span_order(_edits.output_spans, edits)[1]


def changed_spans(edits: Iterable[Edit]) -> array:
    """Where the text made by applying ``edits`` differs from the input: each edit's replacement,
    as a span of the output (a deletion leaves an empty span where it was), flat (see
    :func:`flat_spans`).

    >>> from unspin.model import Edit
    >>> changed_spans([Edit(0, 3, "Jap", "Japanese"), Edit(4, 7, "Top", "Prime")])
    array('q', [0, 8, 9, 14])
    """
    return in_span_order(_edits.changed_spans, edits)[1]  # in C: a later pass gets one span per repair


def flat_spans(spans: Iterable[tuple[int, int]]) -> array:
    """Spans as the loops over thousands of them pass them on: one ``array('q')`` of starts and ends
    interleaved, where (start, end) tuples cost three objects each (~2 ms to make for the 22,000
    changes of a spun MB, as long again to read). :func:`merge_spans`, :func:`map_spans` and
    ``_edits.near_matches`` take either form.

    >>> flat_spans([(0, 8), (9, 14)]), span_pairs(flat_spans([(0, 8), (9, 14)]))
    (array('q', [0, 8, 9, 14]), [(0, 8), (9, 14)])
    """
    return array("q", [x for span in spans for x in span])


def span_pairs(flat: array) -> list[tuple[int, int]]:
    """Flat spans (:func:`flat_spans`) as (start, end) pairs."""
    return list(zip(flat[::2], flat[1::2], strict=True))


def map_spans(spans: array | Iterable[tuple[int, int]], edits: Sequence[Edit]) -> array:
    """``spans`` of a text (flat, or (start, end) pairs) as spans of the text made by applying ``edits``
    (sorted, non-overlapping), together with the edits' own output spans, merged where they overlap or
    touch: where either differs, as the output sees it (flat). (An end inside an edit's span moves to
    that edit's output.)

    >>> from unspin.model import Edit
    >>> map_spans(flat_spans([(10, 12)]), [Edit(2, 2, "", " ")])
    array('q', [2, 3, 11, 13])
    """
    if not edits:
        return spans if isinstance(spans, array) else flat_spans(spans)
    # an offset moves by the growth of the edits that start before it (in C: a later pass maps one span
    # per repair of the last one)
    return _edits.map_spans(spans if isinstance(spans, array) else listed(spans), listed(edits))


def merge_spans(spans: array | Iterable[tuple[int, int]], radius: int = 0, length: int | None = None
                ) -> list[tuple[int, int]]:
    """Sorted ``spans`` (flat, or (start, end) pairs) widened by ``radius`` (kept within
    ``[0, length]``), those that overlap or touch merged.

    >>> merge_spans([(5, 6), (9, 10), (40, 41)], 3, 42), merge_spans([(1, 2), (2, 4), (6, 6)])
    ([(2, 13), (37, 42)], [(1, 4), (6, 6)])
    """
    # in C: a later pass merges one span per repair, thousands of them
    return _edits.merge_spans(spans if isinstance(spans, array) else listed(spans), radius,
                              -1 if length is None else length)


def by_span(edits: Iterable[Edit]) -> list[Edit]:
    """The edits in (start, end) order: the list itself when it is in that order already (checked in
    C; sorting thousands of sorted edits still calls the key on each).

    >>> [e.start for e in by_span([Edit(4, 7, "Top", "Prime"), Edit(0, 3, "Jap", "Japanese")])]
    [0, 4]
    """
    edits = listed(edits)
    return edits if _edits.sorted_by_span(edits) else sorted(edits, key=BY_SPAN)


def common_affixes(a: Sequence, b: Sequence) -> tuple[int, int]:
    """Lengths of the common prefix and of the common suffix of ``a`` and ``b`` (not overlapping),
    so that an edit can cover only what changed.

    >>> common_affixes("the area", "the region"), common_affixes(["a", "b", "c"], ["a", "c"])
    ((4, 0), (1, 1))
    """
    n = min(len(a), len(b))
    p = 0
    while p < n and a[p] == b[p]:
        p += 1
    q = 0
    while q < n - p and a[-1 - q] == b[-1 - q]:
        q += 1
    return p, q
