"""The C automaton (unspin._scan) and its str wrapper, against plainly right references."""

from __future__ import annotations

import random
import re
import threading

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from unspin._scan import FOUR_WALKS_MIN, Automaton, merge

from unspin import _wordscan
from unspin.automaton import StrAutomaton

HYPHEN_AS_SPACE = bytes(range(256)).replace(b"-", b" ")


def naive(patterns: list[bytes], data: bytes) -> list[tuple[int, int, int]]:
    """Every occurrence of every pattern, by brute force; a repeated pattern counts under its first index."""
    first = {p: k for k, p in reversed(list(enumerate(patterns)))}
    return sorted((k, s, s + len(p)) for p, k in first.items() for s in range(len(data)) if data.startswith(p, s))


# a small alphabet makes the patterns share prefixes and suffixes (failure and output links), and many
# children per node (dense rows) next to single-child chains (sparse nodes)
small_bytes = st.binary(min_size=1, max_size=6).map(lambda b: bytes(97 + x % 4 for x in b))
any_bytes = st.binary(min_size=1, max_size=8)


@settings(max_examples=400, deadline=None)
@given(st.lists(small_bytes, min_size=1, max_size=40),
       st.binary(max_size=200).map(lambda b: bytes(97 + x % 5 for x in b)))
@example([b"a", b"ab", b"bab", b"abab"], b"ababab")
def test_find_equals_brute_force_on_a_small_alphabet(patterns: list[bytes], data: bytes) -> None:
    assert sorted(Automaton(patterns).find(data)) == naive(patterns, data)


@settings(max_examples=200, deadline=None)
@given(st.lists(any_bytes, min_size=1, max_size=60), st.binary(max_size=300))
def test_find_equals_brute_force_on_any_bytes(patterns: list[bytes], data: bytes) -> None:
    assert sorted(Automaton(patterns).find(data)) == naive(patterns, data)


# Up to 1 MB of rows, every node gets a dense row (a complete DFA); above it, nodes with few children
# are sparse. These patterns (~29,000 trie nodes over 8 letters) make an automaton of the second kind.
_RANDOM = random.Random(5)
_LARGE = sorted({bytes(_RANDOM.choices(b"abcdefgh", k=_RANDOM.randint(3, 9))) for _ in range(12000)})


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(_LARGE), max_size=12).map(b"".join) | st.binary(max_size=60).map(
    lambda b: bytes(97 + x % 9 for x in b)))
def test_find_equals_brute_force_with_sparse_nodes(data: bytes) -> None:
    automaton = _large_automaton()
    assert automaton.nbytes < automaton.states * 9 * 4  # fewer words than a dense row per node
    assert sorted(automaton.find(data)) == naive(_LARGE, data)


def _large_automaton(kept: list[Automaton] = []) -> Automaton:  # noqa: B006 - built once, on first use
    if not kept:
        kept.append(Automaton(_LARGE))
    return kept[0]


def naive_by_length(patterns: list[bytes], data: bytes) -> list[tuple[int, int, int]]:
    """naive(), by looking up the slice of each pattern length at each offset: fast enough for long data."""
    first = {p: k for k, p in reversed(list(enumerate(patterns)))}
    lengths = sorted({len(p) for p in first})
    return sorted((first[data[s:s + n]], s, s + n) for s in range(len(data)) for n in lengths
                  if s + n <= len(data) and data[s:s + n] in first)


# Data from FOUR_WALKS_MIN bytes on is read by four walks in one loop, each from a quarter (_scan.c, FOUR
# WALKS...): long data, in pieces that make many matches, some across the quarters' edges
def _long(data: bytes) -> bytes:
    return data * (FOUR_WALKS_MIN // len(data) + 1)  # repeated up to the length that takes four walks


_LONG_DATA = st.lists(st.sampled_from(_LARGE) | st.sampled_from([b"x", b"abc", b"h"]), min_size=300,
                      max_size=1100).map(b"".join).map(_long)


@settings(max_examples=40, deadline=None)
@given(_LONG_DATA)
def test_long_data_is_read_as_short_data(data: bytes) -> None:
    automaton = _large_automaton()
    found = automaton.find(data)
    assert len(data) >= FOUR_WALKS_MIN
    assert sorted(found) == naive_by_length(_LARGE, data)
    assert found == sorted(found, key=lambda m: (m[2], m[1]))  # by end, the longest first at an end


def test_matches_across_the_quarters_of_long_data() -> None:
    """The longest pattern, placed to end at every offset around each quarter's edge, is found once."""
    patterns = [b"abcabcabcab", b"bca", b"cab", b"c", b"abcabcabcabc"]
    longest = max(map(len, patterns))
    for n in (FOUR_WALKS_MIN, FOUR_WALKS_MIN + 3, 8000):
        for edge in (n // 4, n // 2, 3 * n // 4):
            for end in range(edge - longest - 3, edge + longest + 3):
                data = b"x" * (end - longest) + patterns[-1] + b"x" * (n - end)
                assert len(data) == n
                assert sorted(Automaton(patterns).find(data)) == naive(patterns, data), (n, edge, end)


# word starts: no match may start right after a word byte (letters and digits here, as the matcher says)
WORD_BYTES = bytes(1 if chr(b).isalnum() else 0 for b in range(128)) + bytes(128)


def starting_apart(found: list[tuple[int, int, int]], data: bytes, byte_map: bytes = bytes(range(256))) -> list:
    """The matches that start the data or follow a byte that is not a word byte (after the byte map)."""
    return sorted(m for m in found if m[1] == 0 or not WORD_BYTES[byte_map[data[m[1] - 1]]])


# words and separators: a word byte, a space, a hyphen read as a space, an apostrophe, and bytes no pattern
# has on either side (x a word byte, "." not)
word_patterns = st.lists(st.text("ab1 -'", min_size=1, max_size=7).map(lambda p: p.replace("-", " ").encode()),
                         min_size=1, max_size=40)
word_text = st.text("ab1 -'x.", max_size=200).map(str.encode)


@settings(max_examples=300, deadline=None)
@given(word_patterns, word_text)
@example([b"a b", b"b", b"ab"], b"xa b ab.b")
def test_word_starts_find_every_match_apart_from_a_word_byte(patterns: list[bytes], data: bytes) -> None:
    """With word bytes, the automaton reports the matches of the full one that no word byte precedes."""
    full = Automaton(patterns, HYPHEN_AS_SPACE).find(data)
    assert sorted(Automaton(patterns, HYPHEN_AS_SPACE, WORD_BYTES).find(data)) == \
        starting_apart(full, data, HYPHEN_AS_SPACE)


_WORDY = sorted({bytes(_RANDOM.choices(b"abcdefgh   '", k=_RANDOM.randint(3, 11))).strip() or b"a"
                 for _ in range(12000)})


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(_WORDY) | st.sampled_from([b" ", b"x", b"."]), max_size=16).map(b"".join))
def test_word_starts_with_sparse_nodes(data: bytes) -> None:
    kept = _wordy_automata()
    assert kept[1].nbytes < kept[1].states * 9 * 4  # sparse nodes: not a complete DFA
    assert sorted(kept[1].find(data)) == starting_apart(kept[0].find(data), data)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from(_WORDY) | st.sampled_from([b" ", b"x", b"."]), min_size=300, max_size=1300)
       .map(b"".join).map(_long))
def test_word_starts_on_long_data(data: bytes) -> None:
    kept = _wordy_automata()
    assert len(data) >= FOUR_WALKS_MIN
    assert sorted(kept[1].find(data)) == starting_apart(naive_by_length(_WORDY, data), data)


def _wordy_automata(kept: list[Automaton] = []) -> list[Automaton]:  # noqa: B006 - built once, on first use
    if not kept:
        kept += [Automaton(_WORDY), Automaton(_WORDY, None, WORD_BYTES)]
    return kept


def test_a_small_automaton_is_a_complete_dfa() -> None:
    """Its nodes all have a row indexed by byte class (here 3 classes: none, a, b)."""
    a = Automaton([b"ab", b"ba", b"abb"])
    assert a.nbytes >= a.states * (3 + 3) * 4


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text("ab -", min_size=1, max_size=6), min_size=1, max_size=30),
       st.text("ab -x", max_size=100))
def test_byte_map_translates_the_text_not_the_patterns(patterns: list[str], text: str) -> None:
    encoded = [p.replace("-", " ").encode() for p in patterns]
    data = text.encode()
    assert sorted(Automaton(encoded, HYPHEN_AS_SPACE).find(data)) == naive(encoded, data.replace(b"-", b" "))


def test_find_reports_by_end_and_longest_first_at_an_end() -> None:
    assert Automaton([b"he", b"she", b"hers"]).find(b"ushers") == [(1, 1, 4), (0, 2, 4), (2, 2, 6)]


def test_a_bytes_like_text_is_accepted() -> None:
    a = Automaton([b"top minister"])
    assert a.find(bytearray(b"the top minister")) == a.find(memoryview(b"the top minister")) == [(0, 4, 16)]


def test_sizes_are_reported() -> None:
    a = Automaton([b"abc", b"abd"])
    assert (a.patterns, a.states) == (2, 5)
    assert a.nbytes > 0


@pytest.mark.parametrize(("patterns", "byte_map", "error"), [
    ([b""], None, ValueError),
    (["text"], None, TypeError),
    (b"abc", None, TypeError),
    ([b"a"], b"short", ValueError),
    ([b"a"], "x" * 256, ValueError),
])
def test_bad_arguments_are_refused(patterns, byte_map, error) -> None:
    with pytest.raises(error):
        Automaton(patterns, byte_map)


@pytest.mark.parametrize("word_bytes", [b"short", "x" * 256, 5])
def test_bad_word_bytes_are_refused(word_bytes) -> None:
    with pytest.raises(ValueError):
        Automaton([b"a"], None, word_bytes)


def test_an_unbuilt_automaton_refuses_to_scan() -> None:
    # made without __init__, or after a failed one: an error, never a read of tables that do not exist
    unbuilt = Automaton.__new__(Automaton)
    with pytest.raises(ValueError, match="not built"):
        unbuilt.find(b"abc")
    failed = Automaton.__new__(Automaton)
    with pytest.raises(ValueError):
        failed.__init__([b"a", b""])
    with pytest.raises(ValueError, match="not built"):
        failed.scan(b"a", WORD, WORD, [], M, "a", {})


def test_an_automaton_is_built_once() -> None:
    a = Automaton([b"a"])
    with pytest.raises(TypeError):
        a.__init__([b"b"])
    assert a.find(b"ab") == [(0, 0, 1)]


# -- scan: boundaries, targets, known resolutions, order -------------------------------------------
# neighbour classes as match.py defines them: 0 a boundary, 1 a word character, 2 look further
WORD = bytes(1 if chr(b).isalnum() else 2 if b in b"-'" else 0 for b in range(256))


class M(tuple):
    __slots__ = ()


def scan(patterns, data, targets, known=None, text=None):
    text = data.decode("latin-1") if text is None else text
    return Automaton(patterns).scan(data, WORD, WORD, targets, M, text, known or {})


def test_scan_sorts_drops_word_neighbours_and_splits_the_rest() -> None:
    matches, settled, unsettled = scan(
        [b"top minister", b"minister", b"top", b"mini"],
        b"x top minister; self-top ministers",
        [((0, "base"),), ((1, "base"), (2, "plural")), None, ((3, "base"),)])
    assert all(type(m) is M for m in matches)
    # sorted by start, then longest first; both targets of pattern 1, in their order
    assert matches == [(2, 14, 0, "base"), (6, 14, 1, "base"), (6, 14, 2, "plural")]
    assert settled == [(2, 2, 5)]  # no fixed targets: Python decides
    assert unsettled == [(2, 21, 24)]  # after "self-": look further; "ministers" touches a word character


def test_scan_uses_known_resolutions_by_pattern_and_text() -> None:
    # the automaton reads the folded bytes; the resolutions are keyed by the original text
    known = {(0, "US"): ((7, "base"),), (0, "us"): ()}
    assert scan([b"us"], b"us and us", [None], known, "US and us") == ([(0, 2, 7, "base")], [], [])
    assert scan([b"us"], b"us and us", [None], {}, "US and Us") == ([], [(0, 0, 2), (0, 7, 9)], [])


def test_scan_checks_its_arguments() -> None:
    a = Automaton([b"a"])
    with pytest.raises(ValueError):
        a.scan(b"a", WORD[:10], WORD, [None], M, "a", {})
    with pytest.raises(ValueError):
        a.scan(b"a", WORD, WORD, [], M, "a", {})
    with pytest.raises(TypeError):
        a.scan(b"a", WORD, WORD, [None], dict, "a", {})
    with pytest.raises(TypeError):
        a.scan(b"a", WORD, WORD, [(1, "base")], M, "a", {})  # a pair, not a tuple of pairs


@given(st.lists(st.tuples(st.integers(0, 30), st.integers(1, 8)), max_size=30),
       st.lists(st.tuples(st.integers(0, 30), st.integers(1, 8)), max_size=30))
def test_merge_keeps_start_then_longest_order(a: list, b: list) -> None:
    def ordered(spans):
        return sorted(((s, s + n, "x") for s, n in spans), key=lambda m: (m[0], -m[1]))
    left, right = ordered(a), ordered(b)
    merged = merge(left, right)
    assert sorted(merged) == sorted(left + right)
    assert [(m[0], -m[1]) for m in merged] == sorted((m[0], -m[1]) for m in merged)


def test_threads_share_an_automaton() -> None:
    # the scan runs without the GIL: the automaton must be read-only while it does
    a = Automaton([b"top minister", b"legit", b"minister"])
    data = b"the legit said the top minister " * 20000
    want = a.find(data)
    results: list[list] = []
    threads = [threading.Thread(target=lambda: results.append(a.find(data))) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == [want] * 4


# -- StrAutomaton: code-point offsets --------------------------------------------------------------
@settings(max_examples=200, deadline=None)
@given(st.lists(st.text("ab\u00e9\u4e2d\U0001f600", min_size=1, max_size=4), min_size=1, max_size=10),
       st.text("ab \u00e9\u4e2d\U0001f600\ud800", max_size=60))
def test_str_automaton_offsets_are_code_points(patterns: list[str], text: str) -> None:
    assert sorted(StrAutomaton(patterns).find(text)) == _str_naive(patterns, text)


def _str_naive(patterns: list[str], text: str) -> list[tuple[int, int, int]]:
    first = {p: k for k, p in reversed(list(enumerate(patterns)))}
    return sorted((k, s, s + len(p)) for p, k in first.items() for s in range(len(text)) if text.startswith(p, s))


# more distinct non-ASCII characters in the patterns than bytes 0x81-0xFF: searched as UTF-32
_MANY = "".join(chr(0x400 + i) for i in range(130))


@settings(max_examples=100, deadline=None)
@given(st.lists(st.text("a\u0400\u0401\u047f\u0481\U0001f600", min_size=1, max_size=4), min_size=1, max_size=10),
       st.text("a \u0400\u0401\u047f\u0481\u0482\U0001f600\ud800", max_size=60), st.booleans())
def test_str_automaton_with_many_non_ascii_characters(patterns: list[str], text: str, many: bool) -> None:
    if many:
        patterns = [*patterns, _MANY]
    a = StrAutomaton(patterns)
    assert a.one_byte is not many
    assert sorted(a.find(text)) == _str_naive(patterns, text)


def test_ascii_patterns_in_non_ascii_text() -> None:
    a = StrAutomaton(["cafe", "e au"])
    assert a.one_byte
    assert a.find("café au lait, cafe au lait") == [(0, 14, 18), (1, 17, 21)]


def _apart(text: str, start: int, end: int) -> bool:
    word = re.compile(r"\w")
    return not (start and word.match(text, start - 1)) and not (end < len(text) and word.match(text, end))


@settings(max_examples=400, deadline=None)
@given(st.lists(st.text("ab é", min_size=1, max_size=4), min_size=1, max_size=8), st.text("ab é_-.ü1", max_size=60),
       st.booleans())
def test_find_apart_is_find_kept_at_word_boundaries(patterns: list[str], text: str, many: bool) -> None:
    if many:  # past 126 distinct non-ASCII characters: the UTF-32 path, where nothing is settled in C
        patterns = [*patterns, "".join(chr(0x100 + k) for k in range(130))]
    automaton = StrAutomaton(patterns)
    settled, unsettled = automaton.find_apart(text)
    assert len(settled) == len(set(settled))
    assert set(settled) | {k for k, s, e in unsettled if _apart(text, s, e)} == {
        k for k, s, e in automaton.find(text) if _apart(text, s, e)}
    assert all(not text[s - 1 if s else 0].isascii() or not text[min(e, len(text) - 1)].isascii() or many
               for _, s, e in unsettled)  # left to the caller only for a non-ASCII neighbour
    own = {c for p in patterns for c in p if not c.isascii()}
    assert all(many or (s and text[s - 1] in own) or (e < len(text) and text[e] in own)
               for _, s, e in unsettled)  # only next to a character some pattern has


@settings(max_examples=400, deadline=None)
@given(st.lists(st.text("ab é", min_size=1, max_size=4), min_size=1, max_size=8),
       st.text("ab é_-.ü1\t\n\xa0\u2003\x1c", max_size=60), st.booleans())
def test_find_apart_collapsed_is_find_apart_of_the_collapsed_copy(patterns: list[str], text: str, many: bool) -> None:
    """The view squeezed in bytes finds what the collapsed str would: the same patterns settled, the
    same matches (offsets into the collapsed copy) left to the caller."""
    if many:
        patterns = [*patterns, "".join(chr(0x100 + k) for k in range(130))]
    automaton = StrAutomaton([" ".join(p.split()) or "a" for p in patterns])
    collapsed = _wordscan.collapse_separators(text)
    settled, unsettled = automaton.find_apart_collapsed(text)
    want_settled, want_unsettled = automaton.find_apart(collapsed)
    assert (sorted(settled), sorted(unsettled)) == (sorted(want_settled), sorted(want_unsettled))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text("ab é-", min_size=1, max_size=4), min_size=1, max_size=8),
       st.text("ab é_-.ü1\t", max_size=60), st.booleans())
def test_an_automaton_for_patterns_apart_answers_as_the_full_one(patterns: list[str], text: str, many: bool) -> None:
    """``apart=True`` skips the occurrences a word character precedes: find loses exactly those, and
    find_apart and find_apart_collapsed decide the same patterns and leave the same ones to the caller."""
    if many:
        patterns = [*patterns, "".join(chr(0x100 + k) for k in range(130))]
    full, apart = StrAutomaton(patterns), StrAutomaton(patterns, apart=True)
    found, every = set(apart.find(text)), set(full.find(text))
    # all those no word character precedes; of the others, at most those after a pattern's own
    # character (its byte in the view does not say whether it is a word character)
    assert {m for m in every if not _word_before(text, m[1])} <= found <= every
    own = {c for p in patterns for c in p if not c.isascii()}
    assert all(many or text[m[1] - 1] in own for m in found if _word_before(text, m[1]))
    for method in ("find_apart", "find_apart_collapsed"):
        (settled, unsettled), (want_settled, want_unsettled) = getattr(apart, method)(text), getattr(full, method)(text)
        assert sorted(settled) == sorted(want_settled)
        checked = text if method == "find_apart" else _wordscan.collapse_separators(text)
        assert sorted(m for m in unsettled if _apart(checked, m[1], m[2])) == \
            sorted(m for m in want_unsettled if _apart(checked, m[1], m[2]))


def _word_before(text: str, start: int) -> bool:
    return bool(start and re.match(r"\w", text[start - 1]))
