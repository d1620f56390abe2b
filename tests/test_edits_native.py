"""The C loops over edits (src/unspin/_edits.c) give what the plain Python definitions give, and leave to
the Python path (its checks, its messages) every list they are not sure of."""

from __future__ import annotations

import bisect
import dataclasses
import re
import sys
from array import array

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from unspin import _edits
from unspin.edits import (
    EditConflict,
    apply_edits,
    by_span,
    changed_spans,
    check_edits,
    flat_spans,
    output_spans,
    span_pairs,
)
from unspin.model import Edit

TEXT = "Jap Top Minister said é’\U0001f600 the the"  # a character of each width: kinds 1, 2 and 4


def _plain_apply(text: str, edits: list[Edit]) -> str:
    parts, pos = [], 0
    for e in check_edits(text, edits):
        parts += [text[pos:e.start], e.replacement]
        pos = e.end
    return "".join(parts) + text[pos:]


def _edit(text: str, start: int, length: int, replacement: str, stale: bool) -> Edit:
    end = min(len(text), start + length)
    return Edit(start, end, ("x" if stale else "") + text[start:end], replacement)


_edits_on_text = st.lists(st.builds(lambda s, n, r, stale: _edit(TEXT, s, n, r, stale), st.integers(0, len(TEXT)),
                                    st.integers(0, 5), st.sampled_from(["", "a", "é", "’", "\U0001f600", "Prime"]),
                                    st.sampled_from([False, False, False, True])), max_size=8)


@settings(max_examples=600, deadline=None)
@given(_edits_on_text, st.booleans())
@example([Edit(4, 4, "", "a"), Edit(4, 4, "", "b")], False)  # two insertions at one offset
@example([Edit(0, 3, "Jap", "Japanese"), Edit(4, 7, "Top", "Prime")], False)
def test_apply_gives_the_checked_join_or_its_error(edits: list[Edit], shuffle: bool) -> None:
    if shuffle:
        edits = edits[::-1]
    try:
        expected = _plain_apply(TEXT, edits)
    except EditConflict as error:
        with pytest.raises(EditConflict, match=str(error).split(":")[0]):
            apply_edits(TEXT, edits)
        assert _edits.apply(TEXT, edits) is None  # refused in C, explained in Python
        return
    assert apply_edits(TEXT, edits) == expected
    assert apply_edits(TEXT, iter(edits)) == expected


def test_apply_narrows_the_result_as_join_does() -> None:
    """Removing the only wide character must give the narrow string Python itself would make."""
    fixed = _edits.apply("caf\U0001f600", [Edit(3, 4, "\U0001f600", "e")])
    assert fixed == "cafe" and fixed.isascii() and hash(fixed) == hash("cafe")
    quoted = _edits.apply("it’s é", [Edit(2, 3, "’", "'")])  # two bytes a character -> one
    assert quoted == "it's é" and sys.getsizeof(quoted) == sys.getsizeof("it's é")
    # Latin-1 to ASCII, the accented letter first: CPython's own copy refuses what follows it
    plain = _edits.apply("é and more", [Edit(0, 1, "é", "e")])
    assert plain == "e and more" and plain.isascii()


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ab é\u00ad’\U0001f600", max_size=20), st.data())
def test_apply_makes_what_join_makes_on_every_kind(text: str, data: st.DataObject) -> None:
    """Deleting or replacing characters of any width gives the string (and kind) slicing and join give."""
    cuts = sorted(data.draw(st.lists(st.integers(0, len(text)), max_size=6, unique=True)))
    spans = list(zip(cuts[::2], cuts[1::2], strict=False))
    edits = [Edit(a, b, text[a:b], data.draw(st.sampled_from(["", "x", "é", "’"]))) for a, b in spans]
    fixed = _edits.apply(text, edits)
    assert fixed == _plain_apply(text, edits)
    if len(fixed) > 1:  # (one character of Latin-1 is a shared object that Python 3.12 gives a cached UTF-8 copy)
        assert sys.getsizeof(fixed) == sys.getsizeof(_plain_apply(text, edits))


def test_apply_leaves_records_it_cannot_read_to_python() -> None:
    @dataclasses.dataclass
    class Loose:  # no slots: the C loop does not read it
        start: int
        end: int
        original: str
        replacement: str

    assert _edits.apply("abc", [Loose(0, 1, "a", "x")]) is None
    assert apply_edits("abc", [Loose(0, 1, "a", "x")]) == "xbc"  # type: ignore[list-item]
    with pytest.raises(TypeError):
        _edits.apply("abc", [Edit(0, 1, "a", 5)])  # type: ignore[arg-type]


def _plain_output_spans(edits: list[Edit]) -> tuple[list[int], list[int], list[int]]:
    starts, ends, shifts, growth = [], [], [], 0
    for e in edits:
        shifts.append(growth)
        starts.append(e.start + growth)
        ends.append(e.start + growth + len(e.replacement))
        growth += len(e.replacement) - (e.end - e.start)
    return starts, ends, shifts + [growth]


_sound_edits = st.lists(st.tuples(st.integers(0, 4), st.integers(0, 4), st.text("ab", max_size=6)), max_size=10).map(
    lambda items: _lay_out(items))


def _lay_out(items: list[tuple[int, int, str]]) -> list[Edit]:
    out, pos = [], 0
    for gap, length, replacement in items:
        start = pos + gap + (1 if out and out[-1].start == out[-1].end and gap == 0 and length == 0 else 0)
        out.append(Edit(start, start + length, "o" * length, replacement))
        pos = start + length
    return out


@settings(max_examples=400, deadline=None)
@given(_sound_edits)
@example([Edit(2, 2, "", "x"), Edit(2, 4, "oo", "y")])  # one start, two ends: reversed, out of order
def test_output_spans_are_the_running_sums(edits: list[Edit]) -> None:
    assert tuple(map(list, output_spans(edits))) == _plain_output_spans(edits)
    starts, ends, _ = _plain_output_spans(edits)
    assert span_pairs(changed_spans(edits)) == list(zip(starts, ends, strict=True))
    assert changed_spans(edits[::-1]) == changed_spans(edits)  # put in order first
    assert output_spans(edits[::-1]) == output_spans(edits)
    if len(edits) > 1:  # the loops read the order as they go: out of it, they leave the sorting to the caller
        assert _edits.output_spans(edits[::-1]) is None and _edits.changed_spans(edits[::-1]) is None


@settings(max_examples=400, deadline=None)
@given(_sound_edits, st.lists(st.tuples(st.integers(0, 40), st.integers(0, 6)), max_size=10))
def test_moved_clear_moves_what_no_output_touches(norm: list[Edit], spans: list[tuple[int, int]]) -> None:
    starts, ends, shifts = output_spans(norm)
    later = [Edit(s, s + n, "x" * n, "y") for s, n in spans]
    if later != sorted(later, key=lambda e: (e.start, e.end)):  # out of span order: the caller sorts
        assert _edits.moved_clear(later, starts, ends, shifts) is None
        later.sort(key=lambda e: (e.start, e.end))
    mapped, left = _edits.moved_clear(later, starts, ends, shifts)
    assert left == [i for i, m in enumerate(mapped) if m is None]  # the edits it leaves to the caller
    for e, m in zip(later, mapped, strict=True):
        k = bisect.bisect_right(ends, e.start)
        if e.start < e.end and (k == len(ends) or starts[k] >= e.end):
            assert m == dataclasses.replace(e, start=e.start - shifts[k], end=e.end - shifts[k])
            assert m is e or shifts[k]
        else:
            assert m is None


@settings(max_examples=400, deadline=None)
@given(_sound_edits, st.lists(st.tuples(st.integers(0, 40), st.integers(0, 6)), max_size=10), st.data())
def test_moved_clear_in_place_moves_only_what_the_list_alone_holds(norm: list[Edit], spans: list[tuple[int, int]],
                                                                   data: st.DataObject) -> None:
    starts, ends, shifts = output_spans(norm)
    later = [Edit(s, s + n, "x" * n, "y") for s, n in spans]
    before = [(e.start, e.end) for e in later]
    held = {i: later[i] for i in data.draw(st.sets(st.integers(0, max(0, len(later) - 1))))} if later else {}
    if before != sorted(before):  # out of span order: nothing may move before the caller sorts and asks again
        assert _edits.moved_clear(later, starts, ends, shifts, True) is None
        assert [(e.start, e.end) for e in later] == before
        later.sort(key=lambda e: (e.start, e.end))
        before = [(e.start, e.end) for e in later]
        held = {i: e for i, e in enumerate(later) if any(e is h for h in held.values())}
    ids = [id(e) for e in later]  # (ids, not the edits: a reference here would make every edit held)
    expected, expected_left = _edits.moved_clear([Edit(s, t, "x" * (t - s), "y") for s, t in before],
                                                 starts, ends, shifts)
    mapped, left = _edits.moved_clear(later, starts, ends, shifts, True)
    assert mapped == expected and left == expected_left  # the same edits as copies make
    for i, m in enumerate(mapped):
        if i in held:  # held elsewhere: copied when it moves, never changed
            assert (held[i].start, held[i].end) == before[i]
            assert m is None or m is held[i] or (m.start, m.end) != before[i]
        elif m is not None:  # the list alone held it: the same object, moved
            assert id(m) == ids[i]


def test_moved_clear_checks_its_arguments() -> None:
    with pytest.raises(ValueError, match="one more"):
        _edits.moved_clear([], [0], [1], [0])
    with pytest.raises(TypeError, match="list of ints"):
        _edits.moved_clear([], (0,), [1], [0, 0])
    with pytest.raises(TypeError, match="slots record"):
        _edits.moved_clear([object()], [], [], [0])


@settings(max_examples=300, deadline=None)
@given(_sound_edits, st.integers(-3, 50))
def test_shifted_moves_every_edit_and_apply_reads_offsets_of_a_longer_text(edits: list[Edit], by: int) -> None:
    moved = _edits.shifted(edits, by)
    assert moved == [dataclasses.replace(e, start=e.start + by, end=e.end + by) for e in edits]
    if by == 0:
        assert all(m is e for m, e in zip(moved, edits, strict=True))
    text = "o" * (edits[-1].end if edits else 0) + "tail"
    assert _edits.apply(text, moved, by) == _edits.apply(text, edits) == apply_edits(text, edits)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["a", "é", "’", ""]), st.sampled_from(["a", "é", "’", ""])), max_size=8))
def test_changing_keeps_the_edits_whose_replacement_differs(pairs: list[tuple[str, str]]) -> None:
    edits = [Edit(0, len(o), o, r) for o, r in pairs]
    assert _edits.changing(edits) == [e for e in edits if e.original != e.replacement]


def test_changing_checks_its_edits() -> None:
    with pytest.raises(TypeError, match="changing: an edit must be a slots record"):
        _edits.changing([object()])
    with pytest.raises(TypeError, match="must be a str"):
        _edits.changing([Edit(0, 1, "a", 5)])  # type: ignore[arg-type]


def _right(text: str, pos: int, endpos: int) -> object:
    """A right context: a "b" right after the match."""
    return True if text.startswith("b", pos) and pos < endpos else None


# left plans (constraints.LeftPlan): an "a" right before the match, found by the reversed match or the search
_BEFORE = (re.compile("a").match, 0, 1, re.compile("a").search)
_SEARCHED = (None, 0, 1, re.compile("a").search)
_LONGER = (re.compile("a+").match, 2, 1, re.compile("a").search)  # may match past the window: the search decides
_PLANS = [(_right, None), (None, _BEFORE), (_right, _SEARCHED), (None, _LONGER)]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ab ", max_size=12), st.lists(st.tuples(st.integers(0, 11), st.integers(0, 3)), max_size=12),
       st.binary(min_size=4, max_size=4), st.lists(st.booleans(), min_size=4, max_size=4))
def test_kept_matches_are_those_whose_context_holds(text: str, raw: list[tuple[int, int]], flagged: bytes,
                                                     known: list[bool]) -> None:
    from unspin.constraints import context_holds

    matches = [(s, s + 1, entry, "base") for s, entry in raw if s < len(text)]
    plans: list = [plan if k else None for plan, k in zip(_PLANS, known, strict=True)]
    prepared = []

    def prepare(entry: int) -> tuple:
        prepared.append(entry)
        matches.clear()  # Python code may change the list under the loop: it reads its own copy
        plans[entry] = _PLANS[entry]
        return plans[entry]

    expected = [m for m in matches if not flagged[m[2]] or context_holds(_PLANS[m[2]], text, m[0], m[1])]
    unknown = {m[2] for m in matches if flagged[m[2]] and not known[m[2]]}
    assert _edits.kept_matches(matches, flagged, plans, prepare, text, 3) == expected
    assert sorted(prepared) == sorted(unknown)  # each entry's plan made once, on its first match


def test_kept_matches_check_their_arguments() -> None:
    with pytest.raises(IndexError, match="entry 5 has no flag"):
        _edits.kept_matches([(0, 1, 5, "base")], b"\x00", [None], bool, "ab", 3)
    with pytest.raises(TypeError, match="a match is a tuple"):
        _edits.kept_matches([(0, 1)], b"\x00", [None], bool, "ab", 3)
    with pytest.raises(TypeError, match="a plan is a pair"):
        _edits.kept_matches([(0, 1, 0, "base")], b"\x01", [None], lambda entry: "not a plan", "ab", 3)
    with pytest.raises(TypeError, match="a left plan is"):
        _edits.kept_matches([(0, 1, 0, "base")], b"\x01", [(None, lambda t, s: True)], bool, "ab", 3)
    with pytest.raises(ZeroDivisionError):
        _edits.kept_matches([(0, 1, 0, "base")], b"\x01", [(lambda *a: 1 / 0, None)], bool, "ab", 3)


def test_apply_with_an_offset() -> None:
    moved = [Edit(11, 12, "b", "B")]  # "b" of "abc", the text beginning at 10 of a longer one
    assert _edits.apply("abc", moved, 10) == "aBc"
    assert _edits.apply("abc", moved) is None  # out of range without the offset


@given(st.lists(st.tuples(st.integers(0, 6), st.integers(0, 3)), max_size=8))
def test_sorted_by_span_says_whether_sorting_would_change_the_order(pairs: list[tuple[int, int]]) -> None:
    edits = [Edit(s, s + n, "x" * n, "") for s, n in pairs]
    spans = [(e.start, e.end) for e in edits]
    assert _edits.sorted_by_span(edits) == (spans == sorted(spans))
    assert by_span(edits) == sorted(edits, key=lambda e: (e.start, e.end))


def _near_matches_plainly(matches: list, spans: list, reach: int, wide: bytes, reopened: set) -> list:
    out = []
    for m in matches:
        r = reach if wide[m[2]] else 0
        if any(e >= m[0] - r and s <= m[1] + r for s, e in spans) or m[2] in reopened:
            out.append(m)
    return out


@given(st.lists(st.tuples(st.integers(0, 60), st.integers(0, 6), st.integers(0, 3)), max_size=12),
       st.lists(st.integers(0, 70), max_size=8, unique=True), st.integers(0, 9),
       st.binary(min_size=4, max_size=4), st.sets(st.integers(0, 3)))
def test_near_matches_keep_what_a_changed_span_can_reach(raw: list, cuts: list[int], reach: int, wide: bytes,
                                                        reopened: set[int]) -> None:
    matches = sorted((s, s + n, entry, "base") for s, n, entry in raw)
    cuts = sorted(cuts)
    spans = list(zip(cuts[::2], cuts[1::2], strict=False))  # sorted, disjoint
    got = _edits.near_matches(matches, spans, reach, wide, reopened)
    assert got == _near_matches_plainly(matches, spans, reach, wide, reopened)
    assert _edits.near_matches(matches, flat_spans(spans), reach, wide, reopened) == got  # a later pass's form


def test_near_matches_check_their_arguments() -> None:
    with pytest.raises(IndexError, match="no flag"):
        _edits.near_matches([(0, 1, 5, "base")], [(0, 1)], 0, b"\0", set())
    with pytest.raises(TypeError, match="a match"):
        _edits.near_matches([(0, 1)], [(0, 1)], 0, b"\0", set())


@given(st.lists(st.tuples(st.integers(0, 50), st.integers(0, 5), st.integers(0, 3)), max_size=12),
       st.binary(min_size=4, max_size=4))
def test_split_flagged_parts_the_matches_by_their_entry_flag(raw: list, flags: bytes) -> None:
    matches = sorted((s, s + n, entry, "base") for s, n, entry in raw)
    unflagged, flagged = _edits.split_flagged(matches, flags)
    assert unflagged == [m for m in matches if not flags[m[2]]]
    assert flagged == [m for m in matches if flags[m[2]]]


def test_split_flagged_checks_its_arguments() -> None:
    with pytest.raises(IndexError, match="no flag"):
        _edits.split_flagged([(0, 1, 1, "base")], b"\0")
    with pytest.raises(TypeError, match="a match"):
        _edits.split_flagged([(0, 1)], b"\0")


_pairs = st.lists(st.tuples(st.integers(0, 6), st.integers(0, 3)), max_size=8)


@given(_pairs, _pairs, st.booleans())
def test_merged_by_span_is_the_sort_of_the_two_lists(first: list[tuple[int, int]], second: list[tuple[int, int]],
                                                    presort: bool) -> None:
    a = [Edit(s, s + n, "x" * n, f"a{k}") for k, (s, n) in enumerate(first)]
    b = [Edit(s, s + n, "x" * n, f"b{k}") for k, (s, n) in enumerate(second)]
    if presort:  # the usual case: both in order (ties keep their list's order)
        a, b = by_span(a), by_span(b)
    merged = _edits.merged_by_span(a, b)
    if _edits.sorted_by_span(a) and _edits.sorted_by_span(b):
        assert merged == sorted(a + b, key=lambda e: (e.start, e.end))  # sorted() is stable: a's first on a tie
    else:
        assert merged is None


def test_merged_by_span_leaves_other_records_to_the_caller() -> None:
    assert _edits.merged_by_span([Edit(0, 1, "a", "b")], [(1, 2)]) is None
    with pytest.raises(TypeError):
        _edits.merged_by_span((), [])


def _map_spans_plainly(spans: list[tuple[int, int]], edits: list[Edit]) -> list[tuple[int, int]]:
    """Each end moved by the growth of the edits starting before it, with the edits' outputs, sorted and
    merged where they overlap or touch."""
    out_starts, out_ends, shifts = output_spans(edits)
    starts = [e.start for e in edits]
    place = bisect.bisect_left

    def moved_offset(at: int) -> int:  # an offset inside an edit's span: its output's start at the earliest
        k = place(starts, at)
        return max(at + shifts[k], out_starts[k - 1]) if k else at + shifts[k]

    moved = [(moved_offset(a), max(moved_offset(a), moved_offset(b))) for a, b in spans]
    merged: list[list[int]] = []
    for lo, hi in sorted([*zip(out_starts, out_ends, strict=True), *moved]):
        if merged and lo <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], hi)
        else:
            merged.append([lo, hi])
    return [(lo, hi) for lo, hi in merged]


@given(st.lists(st.tuples(st.integers(0, 40), st.integers(0, 5)), max_size=10), _sound_edits, st.booleans())
def test_map_spans_moves_each_end_by_the_growth_before_it(spans: list[tuple[int, int]], edits: list[Edit],
                                                         in_order: bool) -> None:
    spans = [(a, a + n) for a, n in spans]
    if in_order:  # as a later pass gives them: sorted
        spans.sort()
    expected = _map_spans_plainly(spans, edits)
    assert span_pairs(_edits.map_spans(spans, edits)) == expected
    assert span_pairs(_edits.map_spans(flat_spans(spans), edits)) == expected  # as a later pass gives them


def test_map_spans_checks_its_arguments() -> None:
    with pytest.raises(TypeError, match="a span"):
        _edits.map_spans([(1, 2, 3)], [])
    with pytest.raises(ValueError, match="an end for every start"):
        _edits.map_spans(array("q", [1, 2, 3]), [])
    with pytest.raises(TypeError, match="array"):
        _edits.map_spans(array("i", [1, 2]), [])
    with pytest.raises(ValueError, match="sorted"):
        _edits.map_spans([], [Edit(4, 5, "a", "b"), Edit(0, 1, "a", "b")])
    with pytest.raises(TypeError, match="slots record"):
        _edits.map_spans([], [(0, 1)])
