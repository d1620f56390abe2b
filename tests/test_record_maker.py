"""RecordMaker (src/unspin/_records.c): records made without __init__ are the records __init__ makes; the
candidates of lexicon matches made in C are those a plain loop makes."""

from __future__ import annotations

import copy
import dataclasses
import gc
import pickle
import sys
import weakref

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from unspin._records import RecordMaker, Restorations, candidates

from unspin import _edits, compile_cache
from unspin.decide import Candidate, make_candidate
from unspin.lexicon import Entry, select_lexicons
from unspin.model import Edit, make_edit

_text = st.text(max_size=12)
edit_values = st.tuples(st.integers(0, 10**9), st.integers(0, 10**9), _text, _text, _text, _text, _text,
                        st.floats(0, 1), st.sampled_from(["exact", "fuzzy", "context", "normalize"]),
                        st.lists(_text, max_size=3).map(tuple), _text)


@settings(max_examples=200, deadline=None)
@given(edit_values)
def test_made_edit_is_the_edit_init_makes(values: tuple) -> None:
    made, built = make_edit(*values), Edit(*values)
    assert type(made) is Edit
    assert made == built and hash(made) == hash(built) and repr(made) == repr(built)
    assert dataclasses.astuple(made) == values
    assert pickle.loads(pickle.dumps(made)) == built
    assert copy.copy(made) == built
    assert made.to_dict() == built.to_dict()


def test_made_records_stay_frozen() -> None:
    e = make_edit(0, 3, "Jap", "Japanese", "news:1", "news", "1", 0.97, "exact", (), "")
    with pytest.raises(dataclasses.FrozenInstanceError):
        e.start = 5  # type: ignore[misc]
    c = make_candidate(e, "strong", "sure", False)
    assert c == Candidate(e, "strong", "sure", False)


def test_records_of_numbers_and_strings_are_left_to_reference_counting() -> None:
    e = make_edit(0, 3, "Jap", "Japanese", "news:1", "news", "1", 0.97, "exact", ("Japan", "Jpn"), "")
    assert not gc.is_tracked(e) and not gc.is_tracked(e.alternatives)
    assert not gc.is_tracked(make_candidate(e, "strong", "sure", False))
    moved = _edits.shifted([e], 5)[0]  # copies made in C (with_slots) likewise
    assert not gc.is_tracked(moved) and moved.start == 5
    gc.collect()
    assert e.alternatives == ("Japan", "Jpn") and moved.original == "Jap"


class _Cyclic(list):
    """A list that can be weakly referenced: whether the collector freed it can be seen."""


@pytest.mark.parametrize("wrap", [lambda x: x, lambda x: (x,), lambda x: ("a", x)])
def test_a_record_holding_a_container_stays_tracked_and_its_cycles_are_collected(wrap) -> None:
    box = _Cyclic()
    e = make_edit(0, 1, "a", "b", "", "", "", 1.0, "exact", wrap(box), "")
    assert gc.is_tracked(e) and gc.is_tracked(_edits.shifted([e], 1)[0])
    assert gc.is_tracked(make_candidate(e, "strong", "sure", False))
    box.append(e)  # a cycle through the record
    seen = weakref.ref(box)
    del box, e
    gc.collect()
    assert seen() is None


def test_every_shipped_entry_read_back_from_the_cache_is_equal() -> None:
    for lexicon in select_lexicons(["all"]):
        again = compile_cache._load_lexicon(compile_cache._dump_lexicon(lexicon))
        assert again == lexicon
        assert all(type(e) is Entry for e in again.entries)


def test_values_are_referenced_once_and_released() -> None:
    value = "x" * 50  # not interned: its reference count is ours alone
    before = sys.getrefcount(value)
    made = [make_edit(0, 1, value, value, "", "", "", 1.0, "exact", (), "") for _ in range(100)]
    assert sys.getrefcount(value) == before + 200
    del made
    assert sys.getrefcount(value) == before


@pytest.mark.parametrize("call", [
    lambda: make_edit(0, 1),  # too few
    lambda: make_edit(*range(12)),  # too many
    lambda: make_edit(0, 1, "a", "b", "", "", "", 1.0, "exact", (), reason=""),  # keywords
])
def test_wrong_arguments_raise_type_error(call) -> None:
    with pytest.raises(TypeError, match="positional arguments"):
        call()


class _Plain:
    __slots__ = ("a",)
    b = property(lambda self: 1)


class _WithDict:
    def __init__(self) -> None:
        self.a = 1


@pytest.mark.parametrize(("cls", "fields"), [(Edit, ["start", "nope"]), (_Plain, ["b"]), (_WithDict, ["a"]),
                                             (_Plain, [1])])
def test_fields_must_be_writable_slots_of_the_class(cls, fields) -> None:
    with pytest.raises(TypeError, match="not a writable object slot"):
        RecordMaker(cls, fields)


def test_an_uninitialised_maker_refuses_and_one_cannot_be_reinitialised() -> None:
    bare = RecordMaker.__new__(RecordMaker)
    with pytest.raises(ValueError, match="not initialised"):
        bare(1)
    maker = RecordMaker(_Plain, ["a"])
    assert maker(5).a == 5
    with pytest.raises(TypeError, match="already initialised"):
        maker.__init__(_Plain, ["a"])


def _restore(entry: int, original: str, form: str) -> tuple:
    return (original.upper() + form, f"r:{entry}", "lex", "1", 0.5 + entry / 10, (original,), "why", "strong",
            "likely", bool(entry % 2))


def _plain_candidates(matches: list, text: str) -> list[Candidate]:
    out = []
    for start, end, entry, form in matches:
        r = _restore(entry, text[start:end], form)
        out.append(Candidate(Edit(start, end, text[start:end], r[0], r[1], r[2], r[3], r[4], "exact", r[5], r[6]),
                             r[7], r[8], r[9]))
    return out


_matches = st.lists(st.tuples(st.integers(0, 8), st.integers(0, 4), st.integers(0, 3), st.sampled_from(["base", "s"]))
                    .map(lambda m: (m[0], m[0] + m[1], m[2], m[3])), max_size=12)


@settings(max_examples=300, deadline=None)
@given(_matches, st.sampled_from(["Jap Top Minister", "Jap Töp Minister", "Jap Top Minister\u201d",
                                  "J\U0001f600p Top Minister"]))
def test_candidates_are_those_a_plain_loop_makes(matches: list, text: str) -> None:
    kept = Restorations()
    asked = []

    def restore(entry: int, original: str, form: str) -> tuple:
        asked.append((original, entry, form))
        return _restore(entry, original, form)

    made = candidates(matches, text, kept, restore, make_edit, make_candidate)
    assert made == _plain_candidates(matches, text)
    # each distinct (original, entry, form) restored once, and kept
    keys = sorted(key for key, _ in kept.items())
    assert sorted(asked) == sorted({(text[s:e], k, f) for s, e, k, f in matches}) == keys
    assert len(kept) == len(keys)
    assert candidates(matches, text, kept, lambda *a: 1 / 0, make_edit, make_candidate) == made  # all kept now
    # the same words in a text of another kind (one byte, two, four a character) are the same keys
    for other in ("Jap Top Minister", "Jap Top Minister\u201d", "Jap Top Minister\U0001f600"):
        same = [m for m in matches if other[m[0]:m[1]] == text[m[0]:m[1]]]
        assert candidates(same, other, kept, lambda *a: 1 / 0, make_edit, make_candidate) == \
            _plain_candidates(same, other)
    replacements = ["before"]
    assert candidates(matches, text, kept, restore, make_edit, make_candidate, replacements) == made
    assert replacements == ["before", *(c.edit.replacement for c in made)]


def test_candidates_share_the_kept_original_and_grow_the_table() -> None:
    text = " ".join(f"w{k}" for k in range(3000))  # more keys than the first table holds
    matches, at = [], 0
    for word in text.split(" "):
        matches.append((at, at + len(word), 0, "base"))
        at += len(word) + 1
    kept = Restorations()
    made = candidates(matches, text, kept, _restore, make_edit, make_candidate)
    assert made == _plain_candidates(matches, text) and len(kept) == 3000
    again = candidates(matches, text, kept, lambda *a: 1 / 0, make_edit, make_candidate)
    assert all(a.edit.original is b.edit.original for a, b in zip(made, again, strict=True))
    kept.clear()
    assert len(kept) == 0 and kept.items() == []


def test_candidates_survive_a_restore_that_empties_the_table() -> None:
    kept = Restorations()

    def restore(entry: int, original: str, form: str) -> tuple:
        kept.clear()
        return _restore(entry, original, form)

    matches = [(0, 3, 0, "base"), (4, 7, 1, "base"), (0, 3, 0, "base")]
    assert candidates(matches, "Jap Top", kept, restore, make_edit, make_candidate) == \
        _plain_candidates(matches, "Jap Top")


def _restoring_with(alternatives: object):
    """A restore function whose fields hold ``alternatives`` (a container, for a reference cycle)."""
    return lambda *a: ("x", "r", "l", "1", 0.5, alternatives, "", "strong", "sure", False)


def test_restorations_are_seen_by_the_collector() -> None:
    class Marker:
        pass

    marker = Marker()
    probe = weakref.ref(marker)
    kept, box = Restorations(), [marker]
    candidates([(0, 3, 0, "base")], "Jap", kept, _restoring_with(box), make_edit, make_candidate)
    box.append(kept)  # a cycle: the table, a restoration it keeps, the list in that, the table
    assert gc.is_tracked(kept)
    del kept, box, marker
    gc.collect()
    assert probe() is None  # the collector saw through the table and freed the cycle


def test_candidates_refuse_bad_matches_and_restorations() -> None:
    def make(matches: list, restore=_restore) -> list:
        return candidates(matches, "abc", Restorations(), restore, make_edit, make_candidate)

    with pytest.raises(ValueError, match="outside the text"):
        make([(2, 9, 0, "base")])
    with pytest.raises(TypeError, match="a match is a tuple"):
        make([(0, 1, 0)])
    with pytest.raises(TypeError, match="10 fields"):
        make([(0, 1, 0, "base")], lambda *a: ("x",))
    with pytest.raises(ZeroDivisionError):
        make([(0, 1, 0, "base")], lambda *a: 1 / 0)
    assert make([]) == []
    with pytest.raises(TypeError, match="a list or None"):
        candidates([], "abc", Restorations(), _restore, make_edit, make_candidate, ("not", "a list"))
    with pytest.raises(TypeError):
        candidates([], "abc", {}, _restore, make_edit, make_candidate)  # a dict is no Restorations
    assert candidates([(0, 1, 0, "base")], "abc", Restorations(), _restore, make_edit, make_candidate, None) == \
        _plain_candidates([(0, 1, 0, "base")], "abc")


def test_candidates_hold_their_matches_while_restore_runs() -> None:
    matches = [(0, 1, 0, "base"), (1, 2, 1, "base")]

    def restore(entry: int, original: str, form: str) -> tuple:
        matches.clear()  # Python code may change the list under the loop: it reads its own copy
        return _restore(entry, original, form)

    made = candidates(matches, "ab", Restorations(), restore, make_edit, make_candidate)
    assert [c.edit.original for c in made] == ["a", "b"]
