"""Shared inputs for the streaming, batch and records tests: the seed article's sentences as
paragraphs, and an Unspinner over a small lexicon of this test suite (tests/data/etl-lexicon.tsv)."""

from __future__ import annotations

import functools
import re
import subprocess
import sys
from pathlib import Path

from unspin import Unspinner

ROOT = Path(__file__).resolve().parent.parent
LEXICON = ROOT / "tests" / "data" / "etl-lexicon.tsv"
SEED = ROOT / "samples" / "seed" / "spun.txt"
# the contextual layer is slow to load and has its own tests: these tests exercise the plumbing
CLI_OPTIONS = ["--lexicon-set", str(LEXICON), "--no-context"]


@functools.cache
def unspinner() -> Unspinner:
    return Unspinner([LEXICON], context=False)


def seed_paragraphs() -> list[str]:
    """The seed article's glued sentences, three to a paragraph, joined by spaces."""
    text = SEED.read_text(encoding="utf-8").replace("\n", " ")
    sentences = [s.strip() for s in re.split(r"(?<=[.!?”])(?=[A-Z“])", text) if s.strip()]
    return [" ".join(sentences[i:i + 3]) for i in range(0, len(sentences), 3)]


def spun_document(copies: int = 3) -> str:
    """Paragraphs separated by blank lines, each made unique by a numbered prefix."""
    paras = [f"Item {k}-{j}. {p}" for k in range(copies) for j, p in enumerate(seed_paragraphs())]
    return "\n\n".join(paras) + "\n"


def run_cli(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "unspin", *args], input=stdin, capture_output=True,
                          timeout=300, check=False)
