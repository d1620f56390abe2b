"""Decide which candidate edits to apply: confidence from the entry's prior and the local spin
density, a threshold, then the best non-overlapping set (longest first).

The central idea (DESIGN.md): many artifacts are ordinary English elsewhere. Strong candidates
(``sure`` and ``likely`` entries) are the evidence that a stretch of text is spun; weak ones (``context``
entries and the contextual layer) are applied only when enough strong evidence lies within a window
around them, so a clean paragraph next to a spun one stays clean.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, fields

from ._decide import gate
from ._edits import after_article
from ._records import RecordMaker
from .casing import article_for
from .model import Edit

# Average characters per English word, spaces included: converts the window from words to chars.
CHARS_PER_WORD = 6
SURE, LIKELY_ALONE, LIKELY_BACKED, CONTEXT_ALONE = 0.97, 0.75, 0.85, 0.3


@dataclass(frozen=True, slots=True)
class Candidate:
    """An edit before gating. ``strength``: ``strong`` (sure/likely: counts as spin evidence),
    ``weak`` (needs spin around it), ``fixed`` (normalization: never gated)."""

    edit: Edit
    strength: str
    prior: str = ""
    constrained: bool = False


# Candidate(...) with every field given, without the frozen dataclass's __init__ (see model.make_edit)
make_candidate = RecordMaker(Candidate, [f.name for f in fields(Candidate)])


def gated_confidence(c: Candidate, evidence: int) -> float:
    """Confidence of a candidate given the number of *other* strong artifacts in its window.

    >>> e = Edit(0, 9, "mentioned", "said", confidence=0.5)
    >>> gated_confidence(Candidate(e, "weak", "context"), 0), gated_confidence(Candidate(e, "weak", "context"), 5)
    (0.3, 0.95)
    """
    if c.strength == "fixed":
        return c.edit.confidence
    if c.prior == "sure":
        return SURE
    if c.prior == "likely":
        return LIKELY_BACKED if evidence >= 1 else LIKELY_ALONE
    if c.prior == "context":
        if evidence == 0:  # ordinary English with no artifact near it: never, whatever the profile
            return CONTEXT_ALONE
        conf = 0.45 + 0.1 * min(evidence, 5) + (0.1 if c.constrained else 0.0)
        return round(min(conf, 0.95), 4)
    # contextual-layer edits carry their own evidence-based confidence; the window scales it
    return round(c.edit.confidence * min(1.0, evidence / 4), 4)


# gated_confidence depends on the evidence only up to this many (tests/test_decide.py checks it): the
# scoring loop asks it once per kind of candidate and capped evidence
EVIDENCE_CAP = 5


def decide(candidates: list[Candidate], *, min_confidence: float, window_words: int
           ) -> tuple[list[Edit], list[Edit], int]:
    """Accepted edits (sorted), rejected edits, and the number of strong artifacts found.

    A candidate's evidence is the number of strong candidates within ``window_words`` of it that do not
    overlap it. The loop over candidates is ``unspin._decide.gate``, in C (spun text has a candidate
    every other word).

    >>> e = Edit(4, 13, "mentioned", "said", rule="news:1", confidence=0.5)
    >>> chosen, rejected, strong = decide([Candidate(e, "weak", "context")], min_confidence=0.7, window_words=100)
    >>> chosen, [x.confidence for x in rejected], strong
    ([], [0.3], 0)
    """
    # (ranked, then the greedy choice of edits that conflict with none ranked above them, made in
    # clusters of overlapping ones: see _decide.c)
    return gate(list(candidates), window_words * CHARS_PER_WORD, min_confidence, gated_confidence, EVIDENCE_CAP)


@functools.cache
def _article_patterns() -> tuple:
    """The article before an edit and the replacement's first word (compiled on first need: a text
    without an "a"/"an" before an edit never imports ``regex``)."""
    import regex

    return regex.compile(r"(?<![\w'’-])([Aa]n?)(\s+)\Z"), regex.compile(r"[\p{L}\p{N}]+")


@functools.lru_cache(maxsize=4096)
def _article_wanted(replacement: str) -> str | None:
    """The article a replacement takes (see casing.article_for); None when it starts with no word or
    the article is unsure. Asked once per distinct replacement: spun text repeats its canonicals, and
    ~600 edits per MB follow an article.

    >>> _article_wanted("area of study"), _article_wanted("university"), _article_wanted("-- FBI")
    ('an', 'a', None)
    """
    word = _article_patterns()[1].match(replacement)
    return article_for(word.group()) if word else None


def fix_articles(text: str, edits: list[Edit]) -> list[Edit]:
    """Extend edits whose replacement needs the other article ("a space" -> "an area").

    >>> fix_articles("a space", [Edit(2, 7, "space", "area")])[0].replacement
    'an area'
    """
    out = list(edits)
    # the expression needs "a"/"an" and space before the edit: the few edits that have them are found
    # in C (spun text has an edit every few words, and a word ending in "a" or "n" before many)
    for i in after_article(text, edits):
        e = edits[i]
        want = _article_wanted(e.replacement)
        if not want:
            continue
        m = _article_patterns()[0].search(text, max(0, e.start - 12), e.start)
        prev_end = edits[i - 1].end if i else 0  # an article fix moves only an edit's start
        if m and m.start() >= prev_end:
            have = m.group(1)
            if want != have.lower():
                fixed = want[0].upper() + want[1:] if have[0].isupper() else want
                # (moved: dataclasses.replace runs the record's __init__, ~6 us; spun text has ~100 a MB)
                out[i] = e.moved(m.start(), e.end, text[m.start():e.end], fixed + m.group(2) + e.replacement,
                                 reason=(e.reason + "; " if e.reason else "") + f"article {have!r} -> {fixed!r}")
    return out
