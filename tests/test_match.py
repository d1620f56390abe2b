"""The hot loop: offsets exact on any Unicode text, both search paths equal, the compile cache."""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from match_reference import reference

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
