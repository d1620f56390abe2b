"""The must-not-touch corpus (samples/clean/) is big enough and every file's origin is recorded."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

CLEAN = Path(__file__).resolve().parent.parent / "samples" / "clean"
SOURCES = CLEAN / "SOURCES.md"

# The scorer's token rule (shared/tools/score.py), so "words" here means what the quality metric counts.
TOKEN = re.compile(r"\d+(?:[.,]\d+)*|(?:[^\W\d_]\.){2,}|\w+(?:[’'\-]\w+)*|[{}|]")


def _words(path: Path) -> int:
    return sum(1 for _ in TOKEN.finditer(path.read_text(encoding="utf-8")))


def _corpus() -> list[Path]:
    return sorted(CLEAN.glob("*.txt"))


def _listed() -> dict[str, int]:
    """File name -> word count, from the rows of the SOURCES.md table."""
    rows = re.findall(r"^\| ([\w.-]+\.txt) \|.*\| (\d+) \|$", SOURCES.read_text(encoding="utf-8"), re.M)
    return {name: int(n) for name, n in rows}


def test_corpus_has_at_least_200000_words() -> None:
    total = sum(_words(p) for p in _corpus())
    assert total >= 200_000, f"corpus has {total} words"


def test_corpus_stays_small_enough_to_commit() -> None:
    assert sum(p.stat().st_size for p in _corpus()) < 3_000_000


@pytest.mark.parametrize(("prefix", "minimum"), [("news-", 10_000), ("science-", 6_000)])
def test_own_writing_sets_are_large_enough(prefix: str, minimum: int) -> None:
    assert sum(_words(p) for p in CLEAN.glob(prefix + "*.txt")) >= minimum


def test_sources_lists_every_file_with_its_word_count() -> None:
    listed = _listed()
    files = {p.name for p in _corpus()}
    assert files, "no corpus files"
    assert set(listed) == files, f"unlisted: {files - set(listed)}; listed but missing: {set(listed) - files}"
    for p in _corpus():
        assert listed[p.name] == _words(p), f"{p.name}: SOURCES.md word count is stale"


def test_sources_names_a_licence_for_every_file() -> None:
    for line in SOURCES.read_text(encoding="utf-8").splitlines():
        if re.match(r"^\| [\w.-]+\.txt \|", line):
            cells = [c.strip() for c in line.strip("|").split("|")]
            assert cells[3], f"no licence: {line}"


def test_corpus_is_text_not_markup() -> None:
    """Conversion from reStructuredText left no roles, directives or interactive prompts behind."""
    for p in _corpus():
        text = p.read_text(encoding="utf-8")
        assert not re.search(r":\w+:`|^\.\. \w+::|^>>> ", text, re.M), p.name
