"""``unspin eval`` and unspin.evaluate: the quality metric agrees with the reference scorer, number for
number, on the seed sample (several outputs) and on clean text, and reports what it counts."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from unspin import Unspinner
from unspin.cli import main
from unspin.evaluate import SitesError, attribute, load_sites, pair_sites, score, tokenize

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "samples" / "seed"
CLEAN = ROOT / "samples" / "clean"
SUMMARY = ("words", "required", "restored", "wrong_edits", "recall", "precision", "f0.5", "wrong_per_1000_words")


def _reference_scorer() -> Path:
    """shared/tools/score.py sits beside the project (also in CI); UNSPIN_SCORE_PY overrides."""
    candidates = [os.environ.get("UNSPIN_SCORE_PY", ""), ROOT.parent / "shared" / "tools" / "score.py",
                  Path("/work/shared/tools/score.py")]
    for c in candidates:
        if c and Path(c).is_file():
            return Path(c)
    pytest.fail("reference scorer shared/tools/score.py not found (set UNSPIN_SCORE_PY)")


def _reference(*args: str | Path) -> dict:
    out = subprocess.run([sys.executable, str(_reference_scorer()), *map(str, args), "--json"],
                         capture_output=True, text=True, check=True).stdout
    return json.loads(out)


def _ours(capsys: pytest.CaptureFixture[str], *args: str | Path) -> dict:
    assert main(["eval", *map(str, args), "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def _same_summary(ours: dict, ref: dict) -> None:
    assert {k: ours[k] for k in SUMMARY} == {k: ref[k] for k in SUMMARY}


def _spun() -> str:
    return (SEED / "spun.txt").read_text(encoding="utf-8")


def _gold() -> str:
    return (SEED / "gold.txt").read_text(encoding="utf-8")


def _damaged_gold() -> str:
    """The gold text with deliberate wrong edits: substitutions, a deletion and an insertion."""
    text = _gold()
    text = re.sub(r"\bsaid\b", "stated", text, count=3)
    text = re.sub(r"\bthe\b", "a", text, count=4)
    text = text.replace("Kishida", "", 1)
    return text.replace("Biden", "Biden himself", 1) + "\nAn added closing line."


@pytest.fixture(scope="module")
def unspin_output() -> str:
    return Unspinner().fix(_spun())


@pytest.mark.parametrize("which", ["gold", "spun", "damaged", "unspin"])
def test_sites_mode_equals_reference(which: str, unspin_output: str, tmp_path: Path,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    text = {"gold": _gold(), "spun": _spun(), "damaged": _damaged_gold(), "unspin": unspin_output}[which]
    out = tmp_path / "out.txt"
    out.write_text(text, encoding="utf-8")
    ours = _ours(capsys, SEED / "spun.txt", SEED / "sites.tsv", "--output", out)
    ref = _reference(SEED / "spun.txt", SEED / "sites.tsv", out)
    _same_summary(ours, ref)
    assert len(ours["missed"]) == len(ref["missed"])
    assert [w["steps"] for w in ours["wrong"]] == [w.split() for w in ref["wrong"]]


def test_running_unspin_itself_scores_its_output(unspin_output: str, tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out.txt"
    out.write_text(unspin_output, encoding="utf-8")
    _same_summary(_ours(capsys, SEED / "spun.txt", SEED / "sites.tsv"),
                  _reference(SEED / "spun.txt", SEED / "sites.tsv", out))


def test_gold_scores_perfectly_and_damage_is_counted(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    spun, sites = _spun(), load_sites(_spun(), (SEED / "sites.tsv").read_text(encoding="utf-8"))
    gold = score(spun, sites, _gold())
    assert (gold.recall, gold.precision, gold.wrong_edits) == (1.0, 1.0, 0)
    damaged = score(spun, sites, _damaged_gold())
    # 3 said->stated, 4 the->a, one deletion, one insertion, the added line: at least 9 runs (some of
    # the substitutions may fall on sites, then they are misses instead)
    assert damaged.wrong_edits + (gold.restored - damaged.restored) >= 9
    assert any(w.got == "stated" for w in damaged.wrong)
    assert any(w.expected == "Kishida" and w.got == "" for w in damaged.wrong)
    assert damaged.wrong[-1].got == "An added closing line"


def test_pair_mode_equals_reference(unspin_output: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for text in (unspin_output, _damaged_gold()):
        out = tmp_path / "out.txt"
        out.write_text(text, encoding="utf-8")
        ours = _ours(capsys, "--pair", SEED / "spun.txt", SEED / "gold.txt", "--output", out)
        _same_summary(ours, _reference("--pair", SEED / "spun.txt", SEED / "gold.txt", out))
        assert ours["required"] == len(pair_sites(_spun(), _gold())) > 100


def test_clean_mode_equals_reference_and_counts_every_edit(tmp_path: Path,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    original = CLEAN / "news-business.txt"
    text = original.read_text(encoding="utf-8")
    changed = re.sub(r"\bsaid\b", "mentioned", text, count=2).replace(" the ", " ", 1)
    out = tmp_path / "out.txt"
    out.write_text(changed, encoding="utf-8")
    ours = _ours(capsys, "--clean", original, "--output", out)
    _same_summary(ours, _reference("--clean", original, out))
    assert ours["wrong_edits"] == 3 and ours["recall"] == 1.0
    assert ours["wrong_per_1000_words"] == round(3000 / len(tokenize(text)), 3)


def test_long_text_with_few_changes_equals_reference(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A long text is aligned piecewise (shared stretches skipped); the numbers must not change."""
    original = CLEAN / "licence-gpl-3.txt"
    text = original.read_text(encoding="utf-8")
    changed = text.replace("software", "program", 2).replace("\n\n", "\n\nExtra words.\n\n", 1)
    changed = changed.replace("License", "Licence Licence", 1)[:-200]
    out = tmp_path / "out.txt"
    out.write_text(changed, encoding="utf-8")
    ours = _ours(capsys, "--clean", original, "--output", out)
    _same_summary(ours, _reference("--clean", original, out))
    assert ours["wrong_edits"] >= 4


def test_site_restored_only_when_an_accepted_option_matches_exactly() -> None:
    spun = "the legit mentioned it on Monday"
    sites = load_sites(spun, "# comment\nlegit\tofficial|officer\treq\nmentioned\tsaid\treq\n")
    assert score(spun, sites, "the officer said it on Monday").restored == 2
    partial = score(spun, sites, "the official told it on Monday")
    assert (partial.restored, partial.wrong_edits) == (1, 1)
    assert [m.site.spun for m in partial.missed] == ["mentioned"]
    assert partial.missed[0].got == "told"
    optional = load_sites(spun, "legit\tofficial\topt\n")
    assert score(spun, optional, spun).recall == 1.0  # optional sites may stay as they are
    assert score(spun, optional, spun).wrong_edits == 0


def test_wrong_edit_runs_and_context() -> None:
    text = "one two three four five six seven"
    s = score(text, [], "one 2 3 four five six seven eight")
    assert s.wrong_edits == 2  # two runs: "two three" -> "2 3", and the inserted "eight"
    first = s.wrong[0]
    assert (first.expected, first.got) == ("two three", "2 3")
    assert "one [2 3] four" in first.context
    assert s.wrong_per_1000_words == pytest.approx(2000 / 7)


def test_wrong_edits_name_the_rules_that_made_them() -> None:
    from unspin.model import Edit
    text = "The committee met on Monday."
    edit = Edit(4, 13, "committee", "panel", rule="demo:1")
    s = attribute(score(text, [], "The panel met on Monday."), [edit])
    assert s.wrong[0].rules == ("demo:1",)


def test_bad_sites_file_is_reported_with_its_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SitesError, match=r"sites:2: .*not found"):
        load_sites("a b c", "b\tB\treq\nzzz\tZ\treq\n")
    with pytest.raises(SitesError, match=r"sites:1: expected"):
        load_sites("a b c", "b\tB\n")
    bad = tmp_path / "sites.tsv"
    bad.write_text("nowhere\tx\treq\n", encoding="utf-8")
    assert main(["eval", str(SEED / "spun.txt"), str(bad)]) == 2
    assert "sites.tsv:1" in capsys.readouterr().err


def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["eval", str(SEED / "spun.txt")]) == 2
    assert main(["eval", "--clean", str(SEED / "gold.txt"), "extra"]) == 2


def test_text_report_lists_missed_sites_and_wrong_edits(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out.txt"
    out.write_text(_damaged_gold(), encoding="utf-8")
    assert main(["eval", str(SEED / "spun.txt"), str(SEED / "sites.tsv"), "--output", str(out)]) == 0
    report = capsys.readouterr().out
    assert report.startswith("words=1334 required=315 ")
    assert re.search(r"^wrong edits \(\d+\):$", report, re.M)
    assert '"said" -> "stated": ' in report  # a wrong edit, with its context
    assert '"mentioned" -> "said", got "stated": ' in report  # a missed site, with what came out


def test_seed_scoring_is_fast(unspin_output: str) -> None:
    import time
    spun = _spun()
    sites = load_sites(spun, (SEED / "sites.tsv").read_text(encoding="utf-8"))
    t = time.perf_counter()
    score(spun, sites, unspin_output)
    assert time.perf_counter() - t < 10  # about 0.5 s on one core; generous for a loaded CI machine
