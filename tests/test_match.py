"""The hot loop: offsets exact on any Unicode text, both search paths equal, the compile cache."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from match_reference import reference
from unspin._scan import FOUR_WALKS_MIN

from unspin import compile_cache
from unspin.lexicon import Entry, load_lexicon, shipped_paths
from unspin.match import Matcher, fold

PHRASES = ["top minister", "jap", "legit", "sun panels", "café au lait", "naïve", "it's", "İstanbul",
           "a", "e-mail", "ŝtato", "big data"]
ENTRIES = [Entry(p, ("x",), "sure") for p in PHRASES] + [Entry("Jap", ("Japanese",), "sure", frozenset({"case"}))]
# text made of the phrases' pieces and the characters that break naive offset handling
PIECES = st.sampled_from(PHRASES + ["TOP", "Minister", "İ", "ı", "e\u0301", "\u0301", "😀", "’", "‘", "“",
                                    "\r\n", "\n", "\t", "\u00a0", "-", "\u2010", "\u2032", "_", "x", " ", ".",
                                    "ß", "ẞ", "Σ", "ς", "\ud800", "K", "Café", "NAÏVE", "\u0130STANBUL"])
TEXTS = st.lists(st.one_of(PIECES, st.text(max_size=3)), max_size=25).map("".join)




@pytest.fixture(scope="module")
def matchers() -> tuple[Matcher, Matcher]:
    small, big = Matcher.build(ENTRIES), Matcher.build(ENTRIES)
    big.automaton  # noqa: B018 - built: find() then always scans with the automaton
    return small, big


@settings(max_examples=400, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(TEXTS)
def test_matches_equal_the_regex_reference(matchers: tuple[Matcher, Matcher], text: str) -> None:
    small, big = matchers
    want = reference(Matcher.build(ENTRIES), text)
    for m in (small, big):
        got = m.find(text)
        assert {(x.start, x.end, x.entry) for x in got} == want
        assert got == sorted(got, key=lambda x: (x.start, -x.end, x.entry))


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.one_of(PIECES, st.text(max_size=3)), min_size=1, max_size=200).map("".join).filter(bool))
def test_long_texts_equal_the_regex_reference(matchers: tuple[Matcher, Matcher], piece: str) -> None:
    """From FOUR_WALKS_MIN characters on, the automaton reads a text in four walks at once (_scan.c)."""
    text = piece * (FOUR_WALKS_MIN // len(piece) + 1)
    got = matchers[1].find(text)
    assert {(x.start, x.end, x.entry) for x in got} == reference(Matcher.build(ENTRIES), text)
    assert got == sorted(got, key=lambda x: (x.start, -x.end, x.entry))


@settings(max_examples=300, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.data(), TEXTS)
def test_find_near_equals_find_filtered_to_the_windows(matchers: tuple[Matcher, Matcher], data: st.DataObject,
                                                       text: str) -> None:
    # windows: sorted, disjoint spans of the text (a later pass's changes, widened and merged)
    cuts = sorted(data.draw(st.lists(st.integers(0, len(text)), max_size=6, unique=True)))
    windows = list(zip(cuts[::2], cuts[1::2], strict=False))
    for m in matchers:
        want = [x for x in m.find(text) if any(x.end >= lo and x.start <= hi for lo, hi in windows)]
        assert m.find_near(text, windows) == want


@settings(max_examples=300, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.sets(st.integers(0, len(ENTRIES) - 1)), TEXTS)
def test_find_entries_equals_find_filtered_to_the_entries(matchers: tuple[Matcher, Matcher], wanted: set[int],
                                                         text: str) -> None:
    # a matcher of some entries alone finds what the whole one finds for them, in the same order
    for m in matchers:
        assert m.find_entries(text, wanted) == [x for x in m.find(text) if x.entry in wanted]


def test_find_entries_on_the_shipped_lexicons() -> None:
    # the entries a later pass decides again are those with a document pattern; a long text takes the
    # automaton path of both matchers
    from unspin import Unspinner

    matcher = Unspinner().matcher
    constrained = {k for k, e in enumerate(matcher.entries) if e.requires or e.excludes}
    text = (Path(__file__).parents[1] / "samples" / "seed" / "spun.txt").read_text(encoding="utf-8")
    text += " the management said; a loose industry settlement; the legit mentioned " * 200
    want = [x for x in matcher.find(text) if x.entry in constrained]
    assert want  # the text has such matches: the comparison below is not vacuous
    assert matcher.find_entries(text, constrained) == want
    some = {x.entry for x in want[:3]}
    assert matcher.find_entries(text, some) == [x for x in want if x.entry in some]


def test_find_near_reads_the_neighbours_beyond_a_window(matchers: tuple[Matcher, Matcher]) -> None:
    # "top minister" (as long as any pattern) ends where the window begins; the "a" before it, outside
    # the window by more than the longest pattern, still makes it part of a longer word
    for m in matchers:
        assert m.find_near("atop minister b", [(13, 14)]) == []
        assert [x[:2] for x in m.find_near("a top minister b", [(14, 15)])] == [(2, 14)]


@settings(max_examples=200)
@given(TEXTS)
def test_fold_keeps_length(text: str) -> None:
    assert len(fold(text)) == len(text)


def test_offsets_after_characters_that_lower_to_two() -> None:
    m = Matcher.build(ENTRIES)
    text = "İİ Top Minister 😀 said “legit” naïve"
    spans = {text[x.start:x.end] for x in m.find(text)}
    assert {"Top Minister", "legit", "naïve"} <= spans


def test_word_boundaries_on_non_ascii() -> None:
    m = Matcher.build(ENTRIES)
    assert m.find("légit jape top ministers") == []
    assert [(x.start, x.end) for x in m.find("x\u2032legit")] == [(2, 7)]  # a prime is not an apostrophe
    assert m.find("it’s") and m.find("x’jap") == []


def test_small_and_automaton_paths_agree_on_a_long_text() -> None:
    text = "The Jap Top Minister’s big-data naïve CAFÉ AU LAIT, self-legit e-mail. " * 60
    small, big = Matcher.build(ENTRIES), Matcher.build(ENTRIES)
    assert len(text) > Matcher.SMALL_TEXT  # find() would take the automaton path...
    small.SMALL_TEXT = len(text)  # ...unless told otherwise
    found = small.find(text)
    assert small._automaton is None and big.automaton is not None
    assert found == big.find(text) and len(found) == 7 * 60


def test_short_texts_are_hashed_until_they_add_up_then_the_automaton_is_built() -> None:
    # a one-line command never builds the automaton; a stream of short texts (fix_lines) does once they
    # have cost about what building it does, and finds the same matches either way
    line = "The Jap Top Minister’s big-data naïve CAFÉ AU LAIT, self-legit e-mail.\n"
    m, reference = Matcher.build(ENTRIES), Matcher.build(ENTRIES)
    assert reference.automaton is not None  # built: the reference matches by the automaton throughout
    hashed = 0
    while hashed + len(line) <= Matcher.HASHED_MOST:
        assert m.find(line) == reference.find(line)
        hashed += len(line)
        assert m._automaton is None
    assert m.find(line) == reference.find(line) and len(m.find(line)) == 7
    assert m._automaton is not None


def test_cache_round_trip_and_corruption(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.delenv("UNSPIN_NO_CACHE", raising=False)
    path = shipped_paths()[0]
    first = compile_cache.load_lexicon_cached(path)
    files = list((tmp_path / "unspin").iterdir())
    assert len(files) == 1 and first == load_lexicon(path)
    assert compile_cache.load_lexicon_cached(path) == first  # read back from the file
    files[0].write_bytes(b"\x00garbage")
    assert compile_cache.load_lexicon_cached(path) == first  # ignored and rebuilt
    assert files[0].read_bytes() != b"\x00garbage"
    lexicons = [first]
    m1 = compile_cache.matcher_for(lexicons, first.entries)
    m2 = compile_cache.matcher_for(lexicons, first.entries)
    text = "the legit mentioned that the Jap Top Minister visited"
    assert m1.find(text) == m2.find(text) == Matcher.build(first.entries).find(text)


def test_scan_tables_cached_read_only_when_needed_and_rebuilt_when_bad(tmp_path, monkeypatch) -> None:
    import marshal

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.delenv("UNSPIN_NO_CACHE", raising=False)
    lexicons = [compile_cache.load_lexicon_cached(p) for p in shipped_paths()]
    entries = [e for lex in lexicons for e in lex.entries]
    short = "the legit mentioned that the Jap Top Minister visited"
    one_line = compile_cache.matcher_for(lexicons, entries)
    one_line.find(short)  # the short-text path: no scan tables, so none stored
    assert not list((tmp_path / "unspin").glob("scan-*"))
    long_text = (short + ". ") * 100
    built = compile_cache.matcher_for(lexicons, entries)
    want = built.find(long_text)
    (scan_file,) = (tmp_path / "unspin").glob("scan-*")
    read_back = compile_cache.matcher_for(lexicons, entries)
    assert read_back._scan_tables() == built._scan_tables()
    assert read_back.find(long_text) == want == Matcher.build(entries).find(long_text)
    for bad in (b"\x00garbage", marshal.dumps(([None], [], (), ["x"]))):  # unreadable; inconsistent
        scan_file.write_bytes(bad)
        rebuilt = compile_cache.matcher_for(lexicons, entries)
        assert rebuilt.find(long_text) == want
        assert scan_file.read_bytes() != bad


def test_cache_key_follows_content(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    lex = tmp_path / "demo.tsv"
    lex.write_text("# unspin-lexicon 1\n# name: demo\n# version: 1\nspun\tcanonical\tprior\nfoo bar\tbaz\tsure\n")
    assert compile_cache.load_lexicon_cached(lex).entries[0].spun == "foo bar"
    lex.write_text("# unspin-lexicon 1\n# name: demo\n# version: 1\nspun\tcanonical\tprior\nqux\tbaz\tsure\n")
    assert compile_cache.load_lexicon_cached(lex).entries[0].spun == "qux"


def test_cache_disabled(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setenv("UNSPIN_NO_CACHE", "1")
    compile_cache.load_lexicon_cached(shipped_paths()[0])
    assert not (tmp_path / "unspin").exists()
    assert os.environ["UNSPIN_NO_CACHE"] == "1"


# -- the byte automaton searches hyphens as spaces, then verifies (match.ScanTables) --------------
SEPARATOR_ENTRIES = [
    Entry("sun panels", ("solar panels",), "sure"),  # every space/hyphen combination: no verification
    Entry("e-mail", ("email",), "sure"),  # a hyphen of its own: "e mail" is not this entry
    Entry("big data", ("x",), "sure"),
    Entry("big-data", ("y",), "sure"),  # same letters as the entry above, other targets: verified
    Entry("one two three four five six", ("x",), "sure"),  # >4 spaces: all spaces or all hyphens only
    Entry("protection", ("defense",), "sure"),
    Entry("Top Minister", ("Prime Minister",), "sure", frozenset({"case"})),
]
SEPARATOR_CASES = [
    # (text, the matched spans, as (start, end, entry))
    ("sun panels", {(0, 10, 0)}),
    ("Sun-Panels", {(0, 10, 0)}),
    ("sun\u2010panels and sun\u2011panels", {(0, 10, 0), (15, 25, 0)}),
    ("sun.panels, sun--panels, sun  panels, sun_panels", set()),
    ("e-mail", {(0, 6, 1)}),
    ("e mail, e\u2010mail", {(8, 14, 1)}),
    ("big data", {(0, 8, 2)}),
    ("big-data", {(0, 8, 2), (0, 8, 3)}),
    ("one two three four five six", {(0, 27, 4)}),
    ("one-two-three-four-five-six", {(0, 27, 4)}),
    ("one-two three four five six", set()),
    # boundaries: a hyphen or an apostrophe after a word character joins the words
    ("self-protection, protection-related, x'protection", set()),
    ("protection - related; 'protection'; \u2018protection\u2019; (protection)", {(0, 10, 5), (23, 33, 5),
                                                                             (37, 47, 5), (51, 61, 5)}),
    ("-protection-", {(1, 11, 5)}),
    ("protection", {(0, 10, 5)}),
    ("\u00e9-protection, \u00e9protection, protection\u00e9, \u2014protection\u2014", {(41, 51, 5)}),
    ("protection\u2032s x\u2032protection", {(0, 10, 5), (15, 25, 5)}),
    ("the Top-Minister, the top minister, the TOP MINISTER", {(4, 16, 6)}),
]


@pytest.mark.parametrize(("text", "want"), SEPARATOR_CASES)
@pytest.mark.parametrize("automaton", [False, True])
def test_separators_and_boundaries(text: str, want: set[tuple[int, int, int]], automaton: bool) -> None:
    m = Matcher.build(SEPARATOR_ENTRIES)
    if automaton:
        m.automaton  # noqa: B018
    got = {(x.start, x.end, x.entry) for x in m.find(text)}
    assert got == want == reference(m, text)


SEPARATOR_PIECES = st.sampled_from(["sun", "panels", "e", "mail", "big", "data", "one", "two", "three", "four",
                                    "five", "six", "protection", "self", "Top", "minister", " ", " ", "-",
                                    "\u2010", "'", "\u2019", "\u2032", "é", ".", "x", "_"])


@settings(max_examples=300, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(SEPARATOR_PIECES, max_size=30).map("".join), st.booleans())
def test_separator_variants_equal_the_reference(text: str, automaton: bool) -> None:
    m = Matcher.build(SEPARATOR_ENTRIES)
    if automaton:
        m.automaton  # noqa: B018
    got = m.find(text)
    assert {(x.start, x.end, x.entry) for x in got} == reference(m, text)
    assert got == sorted(got, key=lambda x: (x.start, -x.end, x.entry))


def test_multiple_targets_keep_entry_order_and_forms() -> None:
    entries = [Entry("mention", ("say",), "sure", frozenset({"verb"})), Entry("mentioned", ("said",), "sure"),
               Entry("mention", ("note",), "sure")]
    m = Matcher.build(entries)
    got = m.find("he mentioned it; she will mention it")
    assert got == sorted(got, key=lambda x: (x.start, -x.end, x.entry))
    assert [(x.start, x.entry, x.form) for x in got] == [(3, 0, "ed"), (3, 1, "base"), (26, 0, "base"),
                                                         (26, 2, "base")]


def test_garbage_collector_state_is_restored() -> None:
    import gc

    m = Matcher.build(ENTRIES)
    assert gc.isenabled()
    m.find("the Jap Top Minister " * 200)
    assert gc.isenabled()
    gc.disable()
    try:
        m.find("the Jap Top Minister " * 200)
        assert not gc.isenabled()  # the caller's choice is kept
    finally:
        gc.enable()


def test_resolutions_are_remembered_per_pattern_and_text_and_stay_bounded() -> None:
    # case-flagged entries and separators to verify decide by the matched text; the matcher remembers
    # each (pattern, text) decision, which must hold for every later text, and forgets when full
    m = Matcher.build(SEPARATOR_ENTRIES)
    m.automaton  # noqa: B018
    text = "Top Minister, top minister, TOP MINISTER, big-data, big data. " * 3
    first = m.find(text)
    assert m._resolved  # the case-flagged and the verified matches were resolved by text
    assert m.find(text) == first == sorted(first, key=lambda x: (x.start, -x.end, x.entry))
    assert {(x.start, x.end, x.entry) for x in first} == reference(m, text)
    m.RESOLVED_KEPT = 2
    variants = " ".join(f"{a}op {b}inister" for a in "Tt" for b in "Mm")  # four case variants
    for _ in range(3):
        assert {(x.start, x.end, x.entry) for x in m.find(variants)} == reference(m, variants)
        assert len(m._resolved) <= 4  # cleared before a call once over the bound: this call's four


# Patterns with more distinct non-ASCII characters than a byte can name (here 300 CJK ones) are
# searched by the str automaton: code points as UTF-32, offsets divided back.
WIDE = [Entry(chr(0x4E00 + 2 * k) + chr(0x4E01 + 2 * k) + " x", ("y",), "sure") for k in range(150)]
WIDE_PIECES = st.sampled_from([chr(0x4E00 + k) for k in range(0, 300, 7)] + [" ", "x", "X", "😀", "\ud800", "-", "é"])


@pytest.fixture(scope="module")
def wide_matcher() -> Matcher:
    m = Matcher.build(WIDE)
    assert m.fold_run is None  # the str automaton, not the byte view
    return m


@settings(max_examples=200, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(WIDE_PIECES, max_size=40).map("".join))
def test_the_str_automaton_equals_the_reference(wide_matcher: Matcher, text: str) -> None:
    assert {(m.start, m.end, m.entry) for m in wide_matcher.find(text)} == reference(wide_matcher, text)


def test_the_str_automaton_finds_a_wide_phrase() -> None:
    m = Matcher.build(WIDE)
    text = "😀 " + chr(0x4E00) + chr(0x4E01) + " X, " + chr(0x4E02) + chr(0x4E03) + "-x"
    assert [(f.start, f.end, f.entry) for f in m.find(text)] == [(2, 6, 0), (8, 12, 1)]
