"""The engine on a small test lexicon: priors, gating, case, inflection, offsets, the round trip."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from unspin._records import Restorations

from unspin import Config, Unspinner, apply_edits
from unspin.api import _candidates, _entry_fields, _restoration
from unspin.casing import article_for, transfer_case
from unspin.inflect import inflect_phrase, variants
from unspin.lexicon import Entry
from unspin.match import Match, at_word_boundaries, fold

LEX = Path(__file__).parent / "data" / "testlex.tsv"
# Enough sure artifacts to make a window "spun": context entries may fire near them.
SPUN = "The Jap Top Minister shared a imaginative and prescient. Jap officers met the top minister. "


@pytest.fixture(scope="module")
def unspinner() -> Unspinner:
    return Unspinner([str(LEX)], Config(normalize=False, context=False))


def fix(u: Unspinner, text: str) -> str:
    result = u.explain(text)
    assert apply_edits(text, result.edits) == result.text
    return result.text


# should-fix / must-not-touch examples for each prior (sure, likely, context) and constraint kind
SHOULD_FIX = [
    ("President Biden welcomes Jap Top Minister Kishida.", "President Biden welcomes Japanese Prime Minister Kishida."),
    ("a imaginative and prescient for the region", "a vision for the region"),
    ("two imaginative and prescients", "two visions"),
    ("He consulted with Tokyo.", "He visited Tokyo."),
    ("He will be consulting with Tokyo.", "He will be visiting Tokyo."),
    (SPUN + "The legit mentioned it.", SPUN.replace("a imaginative and prescient", "a vision")
     .replace("Jap", "Japanese").replace("Top Minister", "Prime Minister").replace("top minister", "prime minister")
     + "The official said it."),
    ("We used an irregular woodland classifier.", "We used a random forest classifier."),
    ("Irregular Woodland models", "Random Forest models"),
    ("Jap officers, Jap Top Minister: the malignant growth classification task.",
     "Japanese officers, Japanese Prime Minister: the cancer classification task."),
    ("Prices turned out to be high.", "Prices became high."),
]
MUST_NOT_TOUCH = [
    "He mentioned the legit concerns of the space agency.",  # context entries in clean text
    "The Japanese delegation met in Japan.",  # 'Jap' is case-sensitive and whole-word only
    "JAPAN and jap-style cooking",  # case flag: exact case only
    "self-consult with care",  # hyphen-joined: not a word boundary
    "The malignant growth classification task.",  # context prior: needs spin around it
    "the top-ministerial level",  # no boundary after 'minister'
    "",
]


@pytest.mark.parametrize(("text", "expected"), SHOULD_FIX)
def test_should_fix(unspinner: Unspinner, text: str, expected: str) -> None:
    assert fix(unspinner, text) == expected


@pytest.mark.parametrize("text", MUST_NOT_TOUCH)
def test_must_not_touch(unspinner: Unspinner, text: str) -> None:
    assert unspinner.explain(text).edits == ()


@pytest.mark.parametrize("text", [
    "Jap Top Minister, Jap: a malignant growth was removed.",  # requires 'classif...' in the document
    "Jap Top Minister, Jap: malignant growth was benign; classification followed.",  # excludes 'benign'
])
def test_document_constraints(unspinner: Unspinner, text: str) -> None:
    out = fix(unspinner, text)
    assert "malignant growth" in out and out.startswith("Japanese Prime Minister")


def test_context_entry_needs_spun_window(unspinner: Unspinner) -> None:
    clean_paragraph = "The legit mentioned it. " + "Clean prose about the weather and the harvest. " * 40
    text = SPUN * 2 + clean_paragraph
    result = unspinner.explain(text)
    late = [e for e in result.edits if e.start >= len(SPUN) * 2 + 200]
    assert late == []  # the clean paragraph far from the spun one stays untouched
    rejected = {e.original for e in result.rejected}
    assert "mentioned" not in rejected or any(e.original == "mentioned" for e in result.edits)


def test_left_constraint(unspinner: Unspinner) -> None:
    out = fix(unspinner, SPUN + "a legit mentioned; legit pay mentioned")
    assert out.endswith("an official said; legit pay said")


def test_min_confidence_threshold() -> None:
    strict = Unspinner([str(LEX)], Config(min_confidence=0.9, normalize=False, context=False))
    assert strict.fix("He consulted with Tokyo.") == "He consulted with Tokyo."  # likely: below 0.9
    assert strict.fix("Jap Top Minister") == "Japanese Prime Minister"  # sure: above 0.9


def test_alternatives_and_reason(unspinner: Unspinner) -> None:
    (edit,) = unspinner.find_edits("an irregular woodland")
    assert edit.alternatives == ("random forests",)
    assert edit.rule == f"testlex:{edit.rule.split(':')[1]}" and edit.lexicon == "testlex"
    assert edit.lexicon_version == "1.0" and edit.kind == "exact"
    assert "irregular woodland" in edit.reason


@settings(max_examples=300, deadline=None)
@given(original=st.text(alphabet="aAzZ'’ -éÉ", min_size=1, max_size=6),
       form=st.sampled_from(["base", "plural", "ed", "ing", "s"]),
       canonical=st.lists(st.sampled_from(["prime minister", "it’s", "rock 'n' roll", "the U.S."]),
                          min_size=1, max_size=3))
def test_candidates_restore_each_spelling_as_restoration_does(original: str, form: str,
                                                            canonical: list[str]) -> None:
    # the cache of _candidates restores most matches by the entry alone (lower case, base form, no
    # apostrophe): for any spelling and form, the edit must be the one _restoration makes
    entry = Entry("x", tuple(canonical), "sure", lexicon="t", line=3)
    text = f"<{original}>"
    (candidate,) = _candidates([Match(1, 1 + len(original), 0, form)], text, [entry], Restorations(), {})
    want = _restoration(entry, original, form, _entry_fields(entry))
    edit = candidate.edit
    assert (edit.replacement, edit.rule, edit.alternatives, edit.reason) == (want[0], want[1], want[5], want[6])


@pytest.mark.parametrize(("original", "canonical", "expected"), [
    ("top minister", "prime minister", "prime minister"),
    ("Top Minister", "prime minister", "Prime Minister"),
    ("TOP MINISTER", "prime minister", "PRIME MINISTER"),
    ("Top minister", "prime minister", "Prime minister"),
    ("america", "the United States", "the United States"),
    ("The USA", "the United States", "The United States"),
    ("Complete and Modern Settlement", "comprehensive and progressive agreement",
     "Comprehensive and Progressive Agreement"),
    ("Jap", "Japanese", "Japanese"),
    ("In the meantime", "meanwhile", "Meanwhile"),
    ("imaginative and prescient", "vision", "vision"),
    ("Imaginative And Prescient", "vision", "Vision"),
    # words as letter_words finds them: marks and apostrophes inside, digits outside
    ("Naïve Bayes", "simple bayes", "Simple Bayes"),
    ("3 men", "three men", "three men"),
    ("’Tis", "it is", "It is"),
])
def test_transfer_case(original: str, canonical: str, expected: str) -> None:
    assert transfer_case(original, canonical) == expected


@pytest.mark.parametrize(("word", "article"), [
    ("area", "an"), ("vision", "a"), ("hour", "an"), ("university", "a"), ("European", "a"),
    ("honest", "an"), ("one-time", "a"), ("umbrella", "an"), ("FBI", None), ("2025", None)])
def test_article_for(word: str, article: str | None) -> None:
    assert article_for(word) == article


def test_article_agreement(unspinner: Unspinner) -> None:
    assert fix(unspinner, SPUN + "They claim a space. An space too.").endswith("They claim an area. An area too.")


@pytest.mark.parametrize(("phrase", "form", "expected"), [
    ("visit", "ed", "visited"), ("become", "ed", "became"), ("turn out to be", "ing", "turning out to be"),
    ("consult with", "s", "consults with"), ("policy", "plural", "policies"), ("stop", "ed", "stopped"),
    ("make", "ing", "making"), ("die", "ing", "dying"), ("go", "s", "goes"), ("take", "pp", "taken")])
def test_inflect(phrase: str, form: str, expected: str) -> None:
    assert inflect_phrase(phrase, form) == expected


def test_variants_cover_forms() -> None:
    forms = dict(variants("take part", frozenset({"verb"})))
    assert {"takes part", "took part", "taking part", "taken part"} <= set(forms)


# offsets stay exact whatever precedes the match
@pytest.mark.parametrize("prefix", ["", "😀 ", "İİİ ", "e\u0301te\u0301 ", "line one\r\n", "日本語 ", "ß ﬁ "])
def test_offsets_under_unicode(unspinner: Unspinner, prefix: str) -> None:
    text = prefix + "Jap Top Minister\r\n"
    result = unspinner.explain(text)
    assert [text[e.start:e.end] for e in result.edits] == ["Jap", "Top Minister"]
    assert result.text == prefix + "Japanese Prime Minister\r\n"


def test_fold_keeps_length() -> None:
    for s in ["İstanbul", "ΣΑΣ", "ǅ", "ﬁ", "Straße", "\u2019’“”"]:
        assert len(fold(s)) == len(s)


def test_combining_mark_blocks_boundary() -> None:
    text = "Jap\u0301 Top"
    assert not at_word_boundaries(text, 0, 3)


def test_curly_and_straight_apostrophes_match() -> None:
    lex = LEX.read_text(encoding="utf-8") + "Biden’s management\tBiden’s administration\tsure\t\t\t\t\t\ttest\tx\n"
    path = Path(__file__).parent / "data"
    tmp = path / "_apos.tsv"
    tmp.write_text(lex.replace("name: testlex", "name: apos"), encoding="utf-8")
    try:
        u = Unspinner([str(tmp)], Config(normalize=False, context=False))
        assert u.fix("Biden's management") == "Biden's administration"
        assert u.fix("Biden’s management") == "Biden’s administration"
    finally:
        tmp.unlink()


def test_space_matches_hyphen_and_newline(unspinner: Unspinner) -> None:
    assert fix(unspinner, "top-minister") == "prime-minister" or fix(unspinner, "top-minister") == "prime minister"
    assert fix(unspinner, "the Top\nMinister") == "the Prime Minister"


def test_overlapping_candidates_longest_wins(unspinner: Unspinner) -> None:
    # 'a top' style false starts must not hide 'top minister'
    assert fix(unspinner, "data top minister") == "data prime minister"


def test_pickle_is_small_and_works(unspinner: Unspinner) -> None:
    import pickle

    blob = pickle.dumps(unspinner)
    clone = pickle.loads(blob)
    assert clone.fix("Jap Top Minister") == "Japanese Prime Minister"
    assert len(blob) < 20_000


def test_fix_batch(unspinner: Unspinner) -> None:
    assert unspinner.fix_batch(["Jap", "clean"]) == ["Japanese", "clean"]


def test_pickle_sends_shipped_lexicons_by_reference() -> None:
    import pickle

    u = Unspinner(extra=[str(LEX)])
    blob = pickle.dumps(u)
    assert len(blob) < 50_000  # the shipped lexicons hold thousands of entries: only names travel
    clone = pickle.loads(blob)
    assert [x.name for x in clone.lexicons] == [x.name for x in u.lexicons]
    assert clone.fix("an irregular woodland") == u.fix("an irregular woodland") == "a random forest"


def _constraint_patterns() -> list[str]:
    from unspin.lexicon import select_lexicons

    return sorted({p for lex in select_lexicons(["all"]) for e in lex.entries for p in (e.requires, e.excludes) if p})


# anchor_tries 0: every phrase goes through the collapsed copy; index_after 0: through the phrase
# index; collapsed: the collapsed copy exists before the first lookup (other patterns use it then)
@pytest.mark.parametrize(("anchor_tries", "index_after", "collapsed"),
                         [(0, 10**9, False), (64, 10**9, False), (64, 0, False), (64, 10**9, True)])
def test_document_constraints_found_exactly_as_a_regex_search_would(anchor_tries: int, index_after: int,
                                                                    collapsed: bool, monkeypatch) -> None:
    """The anchored and indexed lookups of plain phrase patterns agree with a full case-insensitive
    search, for every constraint of the shipped lexicons, in texts where the phrase occurs in any case,
    hyphenated, inside a longer word (no match) or not at all."""
    import re

    import unspin.constraints
    from unspin.constraints import Document, PhraseIndex, _plain_phrases, compiled, occurs

    monkeypatch.setattr(unspin.constraints, "ANCHOR_TRIES", anchor_tries)
    monkeypatch.setattr(unspin.constraints, "INDEX_AFTER", index_after)

    patterns = _constraint_patterns()
    index = PhraseIndex(patterns)
    assert sum(1 for p in patterns if _plain_phrases(p)) > len(patterns) // 2  # the fast path is the usual one
    for pattern in patterns:
        expected = compiled(pattern, "requires")  # the regex the lexicon check compiled
        words = re.findall(r"[^\W\d_]{2,}", pattern.replace(r"\b", " ").replace(r"\s", " "))
        phrase = " ".join(words)
        texts = [phrase, phrase.upper(), "x" + phrase, phrase.replace(" ", "-") + "s", "Unrelated text.",
                 "(" + phrase.replace(" ", " -\n\t ") + ")", phrase.replace(" ", "_"), phrase.replace(" ", "--"),
                 "A " + phrase.replace(" ", "-") + ".",
                 f"The {phrase.title()} here.\nAnd {phrase}ing."]
        for text in texts:
            document = Document(text, index)
            if collapsed:
                assert document.spaced is not None
            assert occurs(pattern, document) == bool(expected.search(text)), (pattern, text)


def _context_ok_by_search(entry, text: str, start: int, end: int) -> bool:
    """The context columns as plainly as they can be read: the right pattern matched after the match,
    the left one searched for over the whole window before it (no reach bound, no reversal)."""
    from unspin.constraints import LOCAL_CONTEXT_CHARS, compiled

    right_ok = not entry.right or compiled(entry.right, "right").match(
        text, end, min(len(text), end + LOCAL_CONTEXT_CHARS)) is not None
    return right_ok and (not entry.left or compiled(entry.left, "left").search(
        text, max(0, start - LOCAL_CONTEXT_CHARS), start) is not None)


def test_context_checks_keep_the_matches_a_plain_search_accepts() -> None:
    """The per-entry context tests made on first use decide as a plain search of the context window
    does, for every match of the seed article and of two clean samples (entries with a left context,
    a right one, both and neither), asked twice so that the second time uses the tests already made."""
    from unspin import Unspinner
    from unspin.constraints import ContextChecks

    u = Unspinner()
    entries = u.matcher.entries
    checks = ContextChecks(entries)
    root = Path(__file__).parents[1]
    kinds, dropped = set(), 0
    for path in [root / "samples" / "seed" / "spun.txt", *sorted((root / "samples" / "clean").glob("news-*.txt"))[:2]]:
        text = path.read_text(encoding="utf-8")
        matches = u.matcher.find(text)
        expected = [m for m in matches if _context_ok_by_search(entries[m.entry], text, m.start, m.end)]
        assert checks.keep(matches, text) == expected == checks.keep(matches, text)
        kinds |= {(bool(entries[m.entry].left), bool(entries[m.entry].right)) for m in matches}
        dropped += len(matches) - len(expected)
    assert kinds == {(True, True), (True, False), (False, True), (False, False)}
    assert dropped > 0


def test_left_context_window_bounded_by_the_pattern_finds_the_same() -> None:
    """A left pattern is searched only as far back as its longest match reaches; at every word start
    of the seed article that decides exactly as the full window does."""
    import re

    from unspin.constraints import LOCAL_CONTEXT_CHARS, compiled, left_reach
    from unspin.lexicon import select_lexicons

    text = (Path(__file__).parents[1] / "samples" / "seed" / "spun.txt").read_text(encoding="utf-8")
    starts = [m.start() for m in re.finditer(r"\b\w", text)]
    lefts = {e.left for lex in select_lexicons(["all"]) for e in lex.entries if e.left}
    assert any(left_reach(p) < LOCAL_CONTEXT_CHARS for p in lefts)
    for pattern in lefts:
        regex, reach = compiled(pattern, "left"), left_reach(pattern)
        for s in starts:
            full = regex.search(text, max(0, s - LOCAL_CONTEXT_CHARS), s) is not None
            assert (regex.search(text, max(0, s - reach), s) is not None) == full, (pattern, s)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["categorical", "CATEGORICAL", "Categorical", "denial", "rejection", "colour",
                                 "color", "Colr", "red", " ", "  ", "\n", "-", "x", "é", "’", "Biden", "white",
                                 "House", "Trumpet"]), max_size=30),
       st.sampled_from([0, 2, 64]))
@example(["Biden", "x", " ", "white", " ", "House"], 64)  # only a later alternative's word matches
def test_patterns_with_a_leading_word_are_found_as_a_regex_search_would(tokens: list[str], tries: int) -> None:
    """A pattern that starts with a word (``\\bcategorical\\s+...``), or with alternatives that each do
    (``\\b(?:Biden|White House)\\b``), is tried only where those words occur (while each occurs at most
    ANCHOR_TRIES times): the same verdict as a search of the whole text."""
    import unspin.constraints
    from unspin.constraints import Document, compiled, occurs

    text = "".join(tokens)
    patterns = [r"\bcategorical\s+(?:denial|rejection)", r"\bcolou?r\s+red\b", r"\bcat\w*\s*-",
                r"\b(?:Biden|Trump|White House|White Area)\b", r"\b(?:red|colou?r\s+red)\b"]
    saved = unspin.constraints.ANCHOR_TRIES
    unspin.constraints.ANCHOR_TRIES = tries
    try:
        for pattern in patterns:
            assert occurs(pattern, Document(text)) == bool(compiled(pattern, "requires").search(text)), pattern
    finally:
        unspin.constraints.ANCHOR_TRIES = saved


def test_a_document_expecting_many_lookups_scans_its_index_from_the_first() -> None:
    from unspin.constraints import INDEX_AFTER, Document, PhraseIndex, occurs

    patterns = [r"\brandom[\s-]+forest\b", r"\bpost\-hoc\b"]
    index = PhraseIndex(patterns)
    text = "A random  forest, post-hoc."
    few, many = Document(text, index), Document(text, index, expected=INDEX_AFTER + 1)
    assert [occurs(p, few) for p in patterns] == [occurs(p, many) for p in patterns] == [True, True]
    assert "occurring" not in vars(few) and "occurring_hyphenated" not in vars(few)  # two substring tests
    # one scan of the collapsed copy finds both, the hyphenated phrase in its collapsed form
    assert vars(many)["occurring"] == {"random forest", "post hoc"}
    assert vars(many)["occurring_hyphenated"] == {"post-hoc"}


@pytest.mark.parametrize(("text", "collapsed", "want"), [
    ("self-supervised  learning works", True, True),
    ("self supervised learning", True, False),  # the form occurs, but "\\-" wants the hyphen: the expression runs
    ("self-supervised methods; learning", False, False),
    ("unsupervised learning", False, False)])
def test_a_pattern_mixing_separators_is_ruled_out_by_the_index(text: str, collapsed: bool, want: bool) -> None:
    """A pattern of words joined by both "\\-" and "[\\s-]+" is not a plain phrase: the index holds its
    collapsed form, which every match has in the collapsed copy, so a document the index has scanned
    runs the expression only where that form occurs."""
    from unspin.constraints import Document, PhraseIndex, compiled, occurs

    pattern = r"\bself\-supervised[\s-]+learning\b"
    index = PhraseIndex([pattern, r"\brandom[\s-]+forest\b"])
    assert index.knows(["self supervised learning"]) and not index.knows(["deep learning"])
    doc = Document(text, index)
    assert ("self supervised learning" in doc.occurring) == collapsed  # scanned, as one asked about many
    assert occurs(pattern, doc) == want == bool(compiled(pattern, "requires").search(text))
    assert "spaced" not in vars(doc)  # no collapsed copy was made to decide it


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["keen", "Keen", "savvy", "SAVVY", "keener", "_keen", "é", " ", "\n", "."]),
                max_size=12).map("".join))
def test_a_conjunction_of_words_is_each_word_searched(text: str) -> None:
    """The Problematic Paper Screener's AND queries, ``(?s)\\A(?=.*?\\bw\\b)...``, are answered by one search
    per word; the answer is the whole expression's."""
    from unspin.constraints import Document, _conjuncts, compiled, occurs

    pattern = r"(?s)\A(?=.*?\bkeen\b)(?=.*?\bsavvy\b)"
    assert len(_conjuncts(pattern)) == 2
    assert occurs(pattern, Document(text)) == bool(compiled(pattern, "requires").search(text))


@pytest.mark.parametrize("value", [None, b"Jap Top Minister", 42, float("nan")])
def test_every_entry_point_refuses_what_is_not_str_by_its_type(unspinner: Unspinner, value: object) -> None:
    # an ETL column's null or bytes must not surface as an AttributeError from deep in the matcher
    for call in (unspinner.explain, unspinner.fix, unspinner.find_edits):
        with pytest.raises(TypeError, match=f"^expected str, got {type(value).__name__}$"):
            call(value)


@pytest.mark.parametrize("options, message", [
    ({"profile": "strict"}, "unknown profile 'strict' (choose from safe, balanced, aggressive)"),
    ({"min_confidence": "high"}, "min_confidence must be a number from 0 to 1, not 'high'"),
    ({"min_confidence": 1.5}, "min_confidence must be a number from 0 to 1, not 1.5"),
    ({"min_confidence": True}, "min_confidence must be a number from 0 to 1, not True"),
    ({"window_words": -1}, "window_words must be a whole number of words, 0 or more, not -1"),
    ({"window_words": 2.5}, "window_words must be a whole number of words, 0 or more, not 2.5"),
])
def test_unusable_options_are_refused_when_the_unspinner_is_made(options: dict, message: str) -> None:
    with pytest.raises(ValueError) as caught:
        Unspinner([str(LEX)], **options)
    assert str(caught.value) == message


@pytest.mark.parametrize("options, min_confidence", [
    ({"profile": "safe"}, 0.9), ({"min_confidence": 0}, 0), ({"min_confidence": 1}, 1), ({"window_words": 0}, 0.7)])
def test_the_edges_of_the_options_are_accepted(options: dict, min_confidence: float) -> None:
    assert Unspinner([str(LEX)], **options).config.min_confidence == min_confidence
