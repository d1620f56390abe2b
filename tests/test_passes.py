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


def test_an_entry_that_cannot_match_is_not_searched_for_again(unspinner: Unspinner,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    # "random" occurs near a change, so the verdict of "woodland" (which requires it) is in question;
    # but no search since the last whole one matched "woodland", so the text cannot hold it: the later
    # pass decides as before without searching the whole text for it
    from unspin.api import _affected, _Searched

    matcher = unspinner.matcher
    (woodland,) = [k for k, e in enumerate(matcher.entries) if e.spun == "woodland"]
    text = "A random choice. " + FILLER + "one baz two"
    searches: list[set[int]] = []
    real = matcher.find_entries
    monkeypatch.setattr(matcher, "find_entries", lambda t, wanted: searches.append(set(wanted)) or real(t, wanted))
    searched = _Searched()
    searched.whole(matcher.find(text))
    outcomes = []
    for known in (None, searched):
        verdicts = {woodland: False}
        outcomes.append((_affected(matcher, [(2, 8)], text, verdicts, searched=known), verdicts))
    assert searches == [{woodland}]  # only the pass that does not know what was searched looks for it
    assert outcomes[0] == outcomes[1] == ([], {woodland: False})


def test_searched_entries_are_the_whole_search_and_the_near_ones_since() -> None:
    from unspin.api import _Searched
    from unspin.match import Match

    searched = _Searched()
    assert searched.entries() == set()
    searched.whole([Match(0, 3, 4, "base"), Match(5, 9, 7, "base")])
    searched.near([Match(20, 23, 9, "base")])
    assert searched.entries() == {4, 7, 9}
    searched.whole([Match(1, 2, 1, "base")], {1})
    assert searched.entries() == {1}


def test_an_entry_whose_every_match_a_pass_repaired_is_not_searched_for_again(
        unspinner: Unspinner, monkeypatch: pytest.MonkeyPatch) -> None:
    # pass one repairs "arbitrary", its only match, and so supplies the "random" that the far "woodland"
    # requires; the document patterns of both ("model", "random") now occur near the change. "woodland"
    # still has its match and is decided again, searched for in the whole text; "arbitrary" has no match
    # left (an edit reached every one), so the later pass does not search the whole text for it
    matcher = unspinner.matcher
    ids = {e.spun: k for k, e in enumerate(matcher.entries)}
    searches: list[set[int]] = []
    real = matcher.find_entries
    monkeypatch.setattr(matcher, "find_entries", lambda t, wanted: searches.append(set(wanted)) or real(t, wanted))
    text = "The model uses arbitrary splits. " + FILLER + "A woodland of trees."
    fixed = unspinner.fix(text)
    assert fixed == "The model uses random splits. " + FILLER + "A forest of trees."
    assert searches == [{ids["woodland"]}]
    assert unspinner.fix(fixed) == fixed


def test_searched_may_match_leaves_out_entries_whose_every_match_one_pass_reached(
        monkeypatch: pytest.MonkeyPatch) -> None:
    from unspin import api
    from unspin.api import _Searched
    from unspin.match import Match
    from unspin.model import Edit

    whole = [Match(0, 3, 4, "base"), Match(10, 13, 4, "base"), Match(20, 23, 7, "base"), Match(30, 33, 8, "base"),
             Match(40, 43, 9, "base")]
    asked = {4, 5, 7, 8, 9}
    searched = _Searched(10)
    searched.whole(whole)
    # one of 4's two matches reached; 7 and 9 within two characters, after and before; 5 never matched
    searched.applied([Edit(0, 3, "abc", "x"), Edit(24, 25, "d", "y"), Edit(36, 38, "ef", "z")])
    assert searched.may_match(asked) == {4, 8}
    assert searched.entries() == {4, 7, 8, 9}  # what the whole search matched, as before
    searched.applied([Edit(30, 33, "abc", "x")])  # a second pass's edits: offsets of another text
    assert searched.may_match(asked) == asked
    searched.whole(whole)
    # 7 and 9 three characters away; 4 reached twice but found again near the changes
    searched.applied([Edit(0, 3, "abc", "x"), Edit(10, 13, "abc", "x"), Edit(26, 27, "e", "z"),
                      Edit(36, 37, "e", "z")])
    searched.near([Match(1, 2, 4, "base")])
    assert searched.may_match(asked) == {4, 7, 8, 9}
    unknown = _Searched()  # the number of entries unknown: every entry asked about may match
    unknown.whole(whole)
    unknown.applied([Edit(30, 33, "abc", "x")])
    assert unknown.may_match(asked) == asked
    monkeypatch.setattr(api, "APPLIED_KEPT", 1)  # more edits than are kept: every entry may match
    searched.whole(whole)
    searched.applied([Edit(20, 23, "abc", "x"), Edit(30, 33, "abc", "x")])
    assert searched.may_match(asked) == asked
