"""PDF text layers: ligatures, soft hyphens and line-end hyphenation must not hide a phrase, and every
edit's offsets must point into the original text."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from unspin import Unspinner, apply_edits
from unspin.pdftext import LIGATURES, Vocabulary, explain_pdf_text, joins, needs_view, pdf_view


@pytest.fixture(scope="module")
def science() -> Unspinner:
    return Unspinner(lexicons=["science"])


def found(unspinner: Unspinner, text: str) -> list[tuple[str, str]]:
    """(original as written, replacement) of every artifact, after checking offsets and replay."""
    result = explain_pdf_text(unspinner, text)
    for e in result.edits:
        assert text[e.start:e.end] == e.original, e
    assert apply_edits(text, list(result.edits)) == result.text
    return [(e.original, e.replacement) for e in result.edits if e.kind != "normalize"]


# -- should find -----------------------------------------------------------------------------------
@pytest.mark.parametrize(("text", "original", "replacement"), [
    # ligatures: one code point standing for two or three letters
    ("The \ufb02u\ufb00y rationale controller is stable.", "\ufb02u\ufb00y rationale", "fuzzy logic"),
    ("Energy pro\ufb01ciency improved by ten percent.", "Energy pro\ufb01ciency", "Energy efficiency"),
    ("We report malignancy \ufb01nding in scans.", "malignancy \ufb01nding", "tumor detection"),
    # a word the typesetter broke at a line end
    ("Our counter-\nfeit consciousness model.", "counter-\nfeit consciousness", "artificial intelligence"),
    ("We trained the arbitrary back-\nwoods on it.", "arbitrary back-\nwoods", "random forest"),
    ("Our counter-  \r\n  feit consciousness model.", "counter-  \r\n  feit consciousness",
     "artificial intelligence"),
    ("Our counter\u2010\nfeit consciousness model.", "counter\u2010\nfeit consciousness", "artificial intelligence"),
    # a lexicon word that is itself hyphenated, broken at its hyphen: the hyphen must stay
    ("Results of the cross-\napproval are shown.", "cross-\napproval", "cross-validation"),
    # soft hyphens, inside a line and at a line end
    ("Our counterfeit conscious\u00adness model.", "counterfeit conscious\u00adness", "artificial intelligence"),
    ("Our counter\u00ad\nfeit consciousness model.", "counter\u00ad\nfeit consciousness", "artificial intelligence"),
    # all at once: a ligature inside a word broken across lines
    ("The \ufb02uf-\nfy rationale controller.", "\ufb02uf-\nfy rationale", "fuzzy logic"),
])
def test_hidden_phrase_is_found(science: Unspinner, text: str, original: str, replacement: str) -> None:
    assert (original, replacement) in found(science, text)


def test_the_plain_engine_misses_what_the_view_finds(science: Unspinner) -> None:
    # the reason this module exists: without the view these phrases stay hidden
    text = "Our counter-\nfeit consciousness and \ufb02u\ufb00y rationale."
    assert not [e for e in science.explain(text).edits if e.kind == "exact"]
    assert len(found(science, text)) == 2


# -- must not join ---------------------------------------------------------------------------------
@pytest.mark.parametrize(("text", "view"), [
    ("a self-\nreport survey", "a self-report survey"),  # "selfreport" is not a word
    ("data-\ndriven models", "data-driven models"),
    ("a well-\nknown result", "a well-known result"),
    ("arti-\nficial", "artificial"),  # a word broken by the typesetter
    ("a real hyphen - \nthen text", "a real hyphen - \nthen text"),  # a dash between spaces: not a break
    ("- \nitem", "- \nitem"),
    ("pages 10-\n12 of COVID-\n19", "pages 10-12 of COVID-19"),  # numbers are never joined
])
def test_view_joins_only_broken_words(text: str, view: str) -> None:
    assert pdf_view(text).text == view


def test_compound_stays_hyphenated_and_its_phrase_still_matches(science: Unspinner) -> None:
    # "self-report" must not become "selfreport": the text around it is untouched by any edit
    text = "The self-\nreport survey used counterfeit consciousness."
    result = explain_pdf_text(science, text)
    assert [e.original for e in result.edits] == ["counterfeit consciousness"]


def test_joins_uses_lexicon_words_before_word_frequencies() -> None:
    vocabulary = Vocabulary.from_phrases(["man-made fibre", "arbitrary backwoods"])
    assert not joins("man", "made", vocabulary)  # a lexicon compound keeps its hyphen
    assert joins("back", "woods", vocabulary)  # a lexicon word is joined
    assert joins("arti", "ficial") and not joins("self", "report")  # wordfreq decides the rest


# -- offsets ---------------------------------------------------------------------------------------
def test_view_maps_every_code_point_back() -> None:
    text = "pro\ufb01cient counter-\nfeit, self-\nreport, conscious\u00adness"
    view = pdf_view(text)
    assert view.text == "proficient counterfeit, self-report, consciousness"
    for k, c in enumerate(view.text):
        s, e = view.source_span(k, k + 1)
        # each view letter comes from the same letter, or from a ligature that contains it
        assert c in LIGATURES.get(text[s:e], text[s:e])


def test_plain_text_goes_straight_to_the_engine(science: Unspinner) -> None:
    text = "The counterfeit consciousness of the arbitrary backwoods."
    assert not needs_view(text)
    assert explain_pdf_text(science, text) == science.explain(text)


DAMAGE = st.sampled_from(["ligature", "break", "soft", "none"])


@settings(max_examples=60, deadline=None)
@given(st.lists(DAMAGE, min_size=3, max_size=3), st.sampled_from(["\n", "\r\n", " \n  "]))
def test_damaged_text_finds_the_same_artifacts_with_valid_offsets(science: Unspinner, damage: list[str],
                                                                   newline: str) -> None:
    # the clean sentence has three artifacts; damage each one a different way
    words = ["fluffy", "counterfeit", "backwoods"]
    spelled = []
    for word, how in zip(words, damage, strict=True):
        if how == "ligature":
            word = word.replace("ff", "\ufb00").replace("fl", "\ufb02")
        elif how == "break":
            word = f"{word[:4]}-{newline}{word[4:]}"
        elif how == "soft":
            word = f"{word[:3]}\u00ad{word[3:]}"
        spelled.append(word)
    template = "A {} rationale met a {} consciousness; the arbitrary {} won the benchmark."
    text, clean = template.format(*spelled), template.format(*words)
    expected = sorted(e.replacement for e in science.explain(clean).edits)
    assert len(expected) == 3
    assert sorted(r for _, r in found(science, text)) == expected
