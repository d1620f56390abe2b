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


def data_text(name: str) -> str:
    """The body of a packaged gzip'd TSV (after its checked format header), one string.

    Decompressing in one call and splitting with C string methods loads a table several times faster
    than iterating over a text-mode gzip file line by line.
    """
    ref = resources.files("unspin") / "data" / name
    with ref.open("rb") as raw:
        text = gzip.decompress(raw.read()).decode("utf-8")
    header, _, body = text.partition("\n")
    if header != HEADER:
        raise ValueError(f"{name}: unknown data format {header!r}, expected {HEADER!r}")
    return body


def data_lines(name: str) -> list[str]:
    """Data lines of a packaged gzip'd TSV, after checking its format header."""
    return data_text(name).splitlines()


def data_pairs(name: str) -> Iterator[str]:
    """The fields of a two-column TSV, flattened: key, value, key, value, ...

    >>> it = data_pairs("unigrams.tsv.gz"); next(it) != "" and next(it).isdigit()
    True
    """
    # "\t" and "\n" both end a field: one C-level split instead of a partition per line
    return iter(data_text(name).replace("\t", "\n").splitlines())


@cache
def bigrams() -> dict[str, int]:
    """Bigram counts keyed by ``"w1 w2"`` (lower case).

    >>> bigrams()["prime minister"] > 10**8
    True
    """
    it = data_pairs("bigrams.tsv.gz")
    return dict(zip(it, map(int, it), strict=False))


@cache
def zipf_table() -> dict[str, float]:
    """Word -> wordfreq Zipf frequency (log10 of occurrences per billion words)."""
    it = data_pairs("unigrams.tsv.gz")
    return {key: int(z) / 100 for key, z in zip(it, it, strict=False)}


def zipf(word: str) -> float:
    """Zipf frequency of a lower-case word, 0.0 if unknown.

    >>> zipf("minister") > zipf("prescient") > 0
    True
    """
    return zipf_table().get(word, 0.0)


def loaded() -> bool:
    """Whether a count table has been loaded yet."""
    return any(f.cache_info().currsize for f in (bigrams, zipf_table))
