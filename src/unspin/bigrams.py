"""Lazy loaders for the contextual layer's counts: bigram counts and unigram (Zipf) frequencies, from
the package data in src/unspin/data/ (built by tools/build_context_data.py).

Nothing is read at import time: each table is loaded, once, on first use (``functools.cache``), so
``import unspin`` stays cheap and runs that disable the layer never pay for it.
"""

from __future__ import annotations

import gzip
from collections.abc import Iterator
from functools import cache
from importlib import resources

HEADER = "# unspin-context-data 1"
# Unigram counts on the bigram list's scale: count ~= 10 ** zipf * UNIGRAM_SCALE. Measured at build
# time: summed listed bigram counts of frequent words ("of", "to", "and", ...) are ~2e4 * 10 ** zipf,
# a lower bound since only the top bigrams are listed; 4e4 puts the whole corpus near 4e13 tokens.
UNIGRAM_SCALE = 4e4


def data_lines(name: str) -> Iterator[str]:
    """Data lines of a packaged gzip'd TSV, after checking its format header."""
    ref = resources.files("unspin") / "data" / name
    with ref.open("rb") as raw, gzip.open(raw, "rt", encoding="utf-8") as f:
        header = f.readline().rstrip("\n")
        if header != HEADER:
            raise ValueError(f"{name}: unknown data format {header!r}, expected {HEADER!r}")
        for line in f:
            yield line.rstrip("\n")


@cache
def bigrams() -> dict[str, int]:
    """Bigram counts keyed by ``"w1 w2"`` (lower case).

    >>> bigrams()["prime minister"] > 10**8
    True
    """
    out: dict[str, int] = {}
    for line in data_lines("bigrams.tsv.gz"):
        key, _, count = line.partition("\t")
        out[key] = int(count)
    return out


@cache
def zipf_table() -> dict[str, float]:
    """Word -> wordfreq Zipf frequency (log10 of occurrences per billion words)."""
    out: dict[str, float] = {}
    for line in data_lines("unigrams.tsv.gz"):
        key, _, z = line.partition("\t")
        out[key] = int(z) / 100
    return out


def zipf(word: str) -> float:
    """Zipf frequency of a lower-case word, 0.0 if unknown.

    >>> zipf("minister") > zipf("prescient") > 0
    True
    """
    return zipf_table().get(word, 0.0)


def loaded() -> bool:
    """Whether a count table has been loaded yet."""
    return any(f.cache_info().currsize for f in (bigrams, zipf_table))
