"""Shared helpers for the markup tests (no tests here): the test lexicon, the seed sample in reading
order, scoring."""

from __future__ import annotations

import functools
import importlib.util
import re
import sys
from pathlib import Path

from unspin import Unspinner
from unspin.edits import check_edits
from unspin.lexicon import load_lexicon, parse_lexicon
from unspin.model import Result

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data" / "markup"
SEED = ROOT / "samples" / "seed"
SCORER = Path("/work/shared/tools/score.py")
TOKEN = re.compile(r"\w+(?:[’'\-]\w+)*")

sys.path.insert(0, str(DATA))
from build_fixtures import paragraphs  # noqa: E402


@functools.cache
def unspinner() -> Unspinner:
    """The engine with only the tests' own lexicon, so the tests do not move with the shipped ones."""
    return Unspinner(lexicons=[load_lexicon(DATA / "mini.tsv")])


def lexicon_unspinner(rows: str) -> Unspinner:
    """An engine with a lexicon given inline: ``spun<TAB>canonical<TAB>prior`` rows."""
    text = "# unspin-lexicon 1\n# name: inline\n# version: 1\nspun\tcanonical\tprior\tflags\n" + rows
    return Unspinner(lexicons=[parse_lexicon(text)])


def seed() -> tuple[str, str]:
    """The seed sample: (article body, headline)."""
    body, headline = SEED.joinpath("spun.txt").read_text(encoding="utf-8").split("\n")[:2]
    return body, headline


def reading_order_baseline() -> str:
    """The plain-text engine's output for the sample as a page shows it (headline first, one block
    per paragraph), rearranged to the sample's order (body, then headline) for scoring."""
    body, headline = seed()
    out = unspinner().fix(headline + "\n\n" + "\n\n".join(paragraphs(body)))
    head, rest = out.split("\n\n", 1)
    return rest + "\n" + head


def between(text: str, start: str, end: str) -> str:
    i = text.index(start) + len(start)
    return text[i:text.index(end, i)]


def assert_untouched_outside_edits(source: str, result: Result) -> None:
    """The output is the source with the edits applied, and byte for byte the source elsewhere."""
    edits = check_edits(source, result.edits)
    pos = out = 0
    for e in edits:
        gap = e.start - pos
        assert result.text[out:out + gap] == source[pos:e.start]
        out += gap + len(e.replacement)
        pos = e.end
        assert result.text[out - len(e.replacement):out] == e.replacement
    assert result.text[out:] == source[pos:]


def score(output: str) -> dict | None:
    """The reference scorer's numbers for an output of the seed sample, None when it is absent."""
    if not SCORER.exists():
        return None
    spec = importlib.util.spec_from_file_location("reference_score", SCORER)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    spun = SEED.joinpath("spun.txt").read_text(encoding="utf-8")
    r = mod.score(spun, mod.load_sites(spun, str(SEED / "sites.tsv")), output)
    return {k: r[k] for k in ("restored", "restored_any", "wrong_edits", "recall", "precision")}
