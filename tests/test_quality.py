"""Quality regression thresholds, from benchmarks/quality.py (numbers in docs/quality.md).

The whole must-not-touch corpus (samples/clean/, about 208,000 words) is run, with the default settings
and with the contextual layer switched on: both take seconds, because the layer only runs on spun
windows. Nothing is sampled.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from unspin import Unspinner
from unspin.evaluate import load_sites, score

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "samples" / "seed"
CLEAN = ROOT / "samples" / "clean"

SETTINGS = {"default": {}, "context layer on": {"context": True}}


@pytest.fixture(scope="module", params=sorted(SETTINGS))
def unspinner(request: pytest.FixtureRequest) -> Unspinner:
    return Unspinner(**SETTINGS[request.param])


def _seed_score(u: Unspinner):
    spun = (SEED / "spun.txt").read_text(encoding="utf-8")
    sites = load_sites(spun, (SEED / "sites.tsv").read_text(encoding="utf-8"))
    return score(spun, sites, u.fix(spun))


def test_seed_recall_and_precision(unspinner: Unspinner) -> None:
    s = _seed_score(unspinner)
    assert s.recall >= 0.90, [f"{m.site.spun} -> {m.site.accepted[0]} (got {m.got})" for m in s.missed]
    assert s.precision >= 0.97, [f"{w.expected} -> {w.got}: {w.context}" for w in s.wrong]


def test_gold_text_is_left_almost_alone(unspinner: Unspinner) -> None:
    gold = (SEED / "gold.txt").read_text(encoding="utf-8")
    edits = unspinner.find_edits(gold)
    assert len(edits) <= 1, [(e.rule, e.original, e.replacement) for e in edits]


def test_clean_corpus_wrong_edits_per_1000_words(unspinner: Unspinner) -> None:
    words = wrong = 0
    made = []
    files = sorted(CLEAN.glob("*.txt"))
    assert len(files) >= 20
    for path in files:
        text = path.read_text(encoding="utf-8")
        result = unspinner.explain(text)
        s = score(text, [], result.text)
        words += s.words
        wrong += s.wrong_edits
        made += [(path.name, e.rule, e.original, e.replacement) for e in result.edits]
    assert words > 200_000
    assert 1000 * wrong / words <= 0.1, made


def test_profiles_trade_recall_for_safety() -> None:
    """A lower confidence threshold never restores fewer seed sites, and safe restores fewer than aggressive."""
    recalls = [_seed_score(Unspinner(profile=p)).recall for p in ("safe", "balanced", "aggressive")]
    assert recalls == sorted(recalls)
    assert recalls[0] < recalls[2]
