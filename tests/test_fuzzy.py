"""Fuzzy variants of lexicon entries (unspin.fuzzy) and the learned swap table (unspin.swaps)."""

from __future__ import annotations

import pytest

from unspin import Unspinner
from unspin.context import find_swap_edits, gating_prior
from unspin.fuzzy import FuzzyIndex, find_fuzzy
from unspin.lexicon import Entry
from unspin.swaps import aligned_swaps, learn

ENTRIES = [
    Entry("counterfeit consciousness", ("artificial intelligence",), "sure", lexicon="t", line=3),
    Entry("top minister", ("prime minister",), "sure", lexicon="t", line=4),
    Entry("huge information", ("big data",), "likely", lexicon="t", line=5),
    Entry("mentioned", ("said",), "context", lexicon="t", line=6),
]


@pytest.mark.parametrize(("text", "near", "want"), [
    ("a counterfit consciousness system", "counterfit consciousness", "artificial intelligence"),
    ("with hugeinformation tools", None, None),  # glued words are one token: no anchor, no hit
    ("with huge informaton tools", "huge informaton", "big data"),
])
def test_near_misses_found(text: str, near: str | None, want: str | None) -> None:
    hits = find_fuzzy(text, FuzzyIndex(ENTRIES))
    assert [(h.edit.original, h.edit.replacement) for h in hits] == ([(near, want)] if near else [])
    for h in hits:
        assert text[h.edit.start:h.edit.end] == h.edit.original and h.edit.kind == "fuzzy"


@pytest.mark.parametrize("text", [
    "the top ministry said",  # another real word, not a typo
    "counterfeit consciousness",  # the listed phrase itself is the lexicon's job
    "the minister mentioned it",  # single-word and context entries never take part
    "artificial intelligence",  # the canonical side
])
def test_not_variants(text: str) -> None:
    assert find_fuzzy(text, FuzzyIndex(ENTRIES)) == []


def test_strength_follows_prior_and_similarity() -> None:
    idx = FuzzyIndex(ENTRIES)
    sure = find_fuzzy("a counterfit consciousness", idx)[0]
    likely = find_fuzzy("huge informaton", idx)[0]
    assert sure.strength == "strong" and likely.strength == "weak"
    assert likely.edit.confidence < sure.edit.confidence


def test_skip_spans_respected() -> None:
    text = "a counterfit consciousness"
    assert find_fuzzy(text, FuzzyIndex(ENTRIES), skip=[(2, 6)]) == []


def test_swaps_learned_from_pairs() -> None:
    m = learn([Entry("irregular woodland", ("random forest",), "sure"),
               Entry("irregular variable", ("random variable",), "sure")])
    assert m.originals("irregular") == (("random", 2),)
    assert m.originals("woodland") == (("forest", 1),)
    assert "random forest" in m.terms and "irregular woodland" in m.artifacts
    assert aligned_swaps("the legit", "the official") == [("legit", "official")]
    assert aligned_swaps("a b c d e", "x") == []  # too long to be one unit swap


def test_held_out_phrase_restored_from_learned_swaps() -> None:
    # "irregular timberland" is listed nowhere; its words' swaps are, and "random forest" is a term
    edits = find_swap_edits("we trained an irregular timberland model")
    assert [(e.original, e.replacement) for e in edits] == [("irregular timberland", "random forest")]
    assert gating_prior(edits[0]) == "likely" and "irregular -> random" in edits[0].reason


def test_engine_runs_fuzzy_only_when_asked() -> None:
    text = "Jap Top Minister Kishida and the imaginative and prescent for counterfeit consciousness."
    off, on = Unspinner(), Unspinner(fuzzy=True)
    assert "vision" not in off.fix(text)
    assert "vision" in on.fix(text)
    assert any(e.kind == "fuzzy" for e in on.find_edits(text))
