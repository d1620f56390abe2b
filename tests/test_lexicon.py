"""Lexicon parsing and validation: every error is one `file:line: problem` line."""

from __future__ import annotations

import pytest

from unspin.lexicon import LexiconError, parse_lexicon, select_lexicons, shipped_paths, validate

HEAD = "# unspin-lexicon 1\n# name: t\n# version: 1\n"
COLS = "spun\tcanonical\tprior\tflags\tleft\n"

PARSE_ERRORS = [
    ("# unspin-lexicon 2\n", 1, "expected header"),
    ("", 1, "expected header"),
    ("# unspin-lexicon 1\n# version: 1\nspun\tcanonical\tprior\n", 3, "missing metadata line '# name"),
    ("# unspin-lexicon 1\n# name: Bad Name\n# version: 1\nspun\tcanonical\tprior\n", 4, "must match"),
    (HEAD + "spun\tcanonical\tprior\tcolour\n", 4, "unknown column 'colour'"),
    (HEAD + "spun\tcanonical\n", 4, "missing required column 'prior'"),
    (HEAD + COLS + "a\tb\tsure\t\t\textra\n", 5, "6 cells, but 5 columns"),
    (HEAD + COLS + "\tb\tsure\n", 5, "empty 'spun'"),
    (HEAD + COLS + "a\t\tsure\n", 5, "empty 'canonical'"),
    (HEAD + COLS + "a\tb|\tsure\n", 5, "empty 'canonical'"),
    (HEAD + COLS + "a\tb\tmaybe\n", 5, "unknown prior 'maybe'"),
    (HEAD + COLS + "a\tb\tsure\tadverb\n", 5, "unknown flag 'adverb'"),
    (HEAD + COLS + "a\tb\tsure\t\t(unclosed\n", 5, "invalid regular expression in 'left'"),
    (HEAD, 3, "no column row"),
]


@pytest.mark.parametrize(("text", "line", "problem"), PARSE_ERRORS)
def test_parse_errors(text: str, line: int, problem: str) -> None:
    with pytest.raises(LexiconError) as info:
        parse_lexicon(text, "bad.tsv")
    assert info.value.line == line
    assert problem in info.value.problem
    assert str(info.value).startswith(f"bad.tsv:{line}: ")
    assert "\n" not in str(info.value)


VALIDATION_ERRORS = [
    ("top minister\tprime minister\tsure\ntop minister\tprime minister\tlikely\n", 6, "duplicate of bad.tsv:5"),
    ("legit\tofficial\tsure\nlegit\tlegitimate\tsure\n", 6, "conflict with bad.tsv:5"),
    ("sun panels\tsolar panels\tsure\nsolar panels\tsun panels\tsure\n", 5, "cycle: sun panels -> solar panels"),
    ("a b\tc d\tsure\nc d\te f\tsure\ne f\ta b\tsure\n", 5, "cycle: a b -> "),
    ("legit\tofficial\tsure\nthe legit said\tthe legit stated\tsure\n", 6, "contains 'legit'"),
]


@pytest.mark.parametrize(("rows", "line", "problem"), VALIDATION_ERRORS)
def test_validation_errors(rows: str, line: int, problem: str) -> None:
    lex = parse_lexicon(HEAD + "spun\tcanonical\tprior\n" + rows, "bad.tsv")
    problems = validate([lex])
    assert any(p.line == line and problem in p.problem for p in problems), [str(p) for p in problems]


def test_constrained_entries_are_not_conflicts() -> None:
    rows = "management\tadministration\tcontext\t\tBiden\\s\nmanagement\tleadership\tcontext\t\tcompany\\s\n"
    assert validate([parse_lexicon(HEAD + COLS + rows, "ok.tsv")]) == []


def test_valid_lexicon_has_no_problems() -> None:
    rows = "top minister\tprime minister\tsure\tnoun\nJap\tJapanese\tsure\tcase\n"
    lex = parse_lexicon(HEAD + "# source: tests\n" + COLS + rows, "ok.tsv")
    assert validate([lex]) == []
    assert lex.meta["source"] == "tests" and len(lex.entries) == 2 and lex.entries[1].flags == {"case"}


@pytest.mark.skipif(not shipped_paths(), reason="no shipped lexicons yet")
def test_shipped_lexicons_validate() -> None:
    lexicons = select_lexicons(["all"])
    assert [str(p) for p in validate(lexicons)] == []


def test_unknown_selector_is_an_error() -> None:
    with pytest.raises(LexiconError, match="no shipped lexicon named or tagged 'nonesuch'"):
        select_lexicons(["nonesuch"])
