"""Lazy loaders for the contextual layer's word lists: the reverse thesaurus and WordNet multi-word
expressions, from the package data in src/unspin/data/ (built by tools/build_context_data.py).

Nothing is read at import time: each table is loaded, once, on first use.
"""

from __future__ import annotations

from functools import cache

from unspin import bigrams as _counts
from unspin.bigrams import data_lines as _lines
from unspin.bigrams import data_pairs as _pairs


@cache
def thesaurus() -> dict[str, str]:
    """Reverse thesaurus: spun word or phrase -> ``"orig|=orig|..."`` (most common first; ``=`` marks an
    original related both ways, see :func:`mutual`).

    The candidates stay one string until asked for (see :func:`originals`): splitting 90k lines up
    front would double the load time for lists most runs never read.

    >>> "solar" in originals("sun")
    True
    """
    it = _pairs("thesaurus.tsv.gz")
    return dict(zip(it, it, strict=False))


@cache
def originals(spun: str) -> tuple[str, ...]:
    """The words a thesaurus lists ``spun`` as a synonym of (empty if none).

    >>> originals("no-such-word")
    ()
    """
    cands = thesaurus().get(spun)
    return tuple(cands.replace("=", "").split("|")) if cands else ()


@cache
def mutual(spun: str) -> frozenset[str]:
    """The originals of ``spun`` that also list ``spun`` as one of their originals (near synonyms,
    related both ways; marked at build time so that the check costs nothing here).

    >>> "visit" in mutual("call") and "solar" not in mutual("sun")
    True
    """
    cands = thesaurus().get(spun)
    return frozenset(c[1:] for c in cands.split("|") if c[:1] == "=") if cands else frozenset()


@cache
def mwes() -> frozenset[str]:
    """WordNet multi-word expressions of 2-3 words (``"in the end"``, ``"solar panel"``)."""
    return frozenset(_lines("mwe.tsv.gz"))


def load_all() -> None:
    """Load every table now (for benchmarks and servers that prefer to pay up front)."""
    _counts.bigrams()
    _counts.zipf_table()
    thesaurus()
    mwes()


def loaded() -> bool:
    """Whether any table has been loaded yet (tests check that import alone loads nothing)."""
    return _counts.loaded() or any(f.cache_info().currsize for f in (thesaurus, mwes))
