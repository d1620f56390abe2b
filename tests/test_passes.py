"""Later passes: what a repair creates (a completed phrase, a document that now has what an entry
requires) is found in the next pass, which looks only at what the last pass changed."""

from __future__ import annotations

from pathlib import Path

import pytest

from unspin import Config, Unspinner

LEXICON = """# unspin-lexicon 1
# name: passes
# version: 1
# source: unspin test suite
# licence: CC0-1.0
spun\tcanonical\tprior\tflags\tleft\tright\trequires\texcludes\ttags\tnote
foo bar\tbaz\tsure\t\t\t\t\t\ttest\tpass one
baz qux\tquux\tsure\t\t\t\t\t\ttest\tcompleted by a pass-one repair
arbitrary\trandom\tsure\t\t\t\t\\bmodel\\b\t\ttest\tconstrained: its repair adds "random"
woodland\tforest\tsure\t\t\t\t\\brandom\\b\t\ttest\trequires "random" somewhere
"""
FILLER = "Plain words fill this sentence to keep the two places apart. " * 12


@pytest.fixture(scope="module")
def unspinner(tmp_path_factory: pytest.TempPathFactory) -> Unspinner:
    path: Path = tmp_path_factory.mktemp("lex") / "passes.tsv"
    path.write_text(LEXICON, encoding="utf-8")
    return Unspinner([], Config(normalize=False), extra=[path])


def test_a_phrase_completed_by_a_repair_is_restored(unspinner: Unspinner) -> None:
    text = "one foo bar qux two"
    result = unspinner.explain(text)
    assert result.text == "one quux two"
    assert unspinner.fix(result.text) == result.text


def test_a_far_match_whose_requirement_a_repair_supplied_is_decided_again(unspinner: Unspinner) -> None:
    # pass one: "woodland" requires "random", which the text lacks; "arbitrary" -> "random" is applied
    # (its own requirement, "model", is there). Pass two: "random" now occurs near a change, so the
    # far "woodland" is decided again on the repaired document, as a second run would decide it.
    text = "The model uses arbitrary splits. " + FILLER + "A woodland of trees."
    fixed = unspinner.fix(text)
    assert fixed == "The model uses random splits. " + FILLER + "A forest of trees."
    assert unspinner.fix(fixed) == fixed


def test_far_matches_are_not_decided_again_without_cause(unspinner: Unspinner) -> None:
    # the first pass rejects "woodland" (no "random" anywhere) and repairs "foo bar" far away; the
    # later pass does not change that verdict, and the output is stable
    text = "A woodland of trees. " + FILLER + "one foo bar two"
    fixed = unspinner.fix(text)
    assert fixed == "A woodland of trees. " + FILLER + "one baz two"
    assert unspinner.fix(fixed) == fixed
