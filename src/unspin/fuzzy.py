"""Fuzzy variants of lexicon entries: near misses of listed artifacts (typos, spacing, hyphenation,
inflections the rules miss) found with rapidfuzz.

Never all windows against all phrases: a window is only compared with the entries that share its
exact first word (windows starting there) or exact last word (windows ending there), and each such
bucket is scored in one ``rapidfuzz.process.cdist`` call with a ``score_cutoff``. Only multi-word
``sure`` and ``likely`` entries without context constraints take part (short common words would
match everywhere). A near miss must differ from the entry only by spacing or hyphens, or by words that
are not common words themselves (a typo, not another word: "top ministry" is no variant of
"top minister").

>>> idx = FuzzyIndex([Entry("counterfeit consciousness", ("artificial intelligence",), "sure")])
>>> [(f.edit.original, f.edit.replacement) for f in find_fuzzy("a counterfeit consciousnes model", idx)]
[('counterfeit consciousnes', 'artificial intelligence')]
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import regex
from rapidfuzz import fuzz, process

from unspin import bigrams as counts
from unspin.casing import transfer_case
from unspin.lexicon import Entry
from unspin.model import Edit

TOKEN = regex.compile(r"[\p{L}\p{N}]+(?:['’\-][\p{L}\p{N}]+)*")
CUTOFF = 88.0  # normalized Indel similarity (0-100) a window needs
STRONG_SIMILARITY = 95.0  # a sure entry this close counts as strong spin evidence
_GAP = regex.compile(r"[ \t]*[\-‐]?[ \t]*|[ \t]*\n[ \t]*")
MIN_CHARS = 10  # entries shorter than this are too easy to hit by accident
MAX_ANCHOR_ZIPF = 5.5  # anchor words more common than this are not used to find windows
MAX_TYPO_ZIPF = 3.0  # a differing word more common than this is another word, not a typo


@dataclass(frozen=True, slots=True)
class FuzzyHit:
    """A fuzzy candidate: the edit and whether it counts as strong evidence or must be gated."""

    edit: Edit
    strength: str  # "strong" or "weak"


def _norm(s: str) -> str:
    return " ".join(s.lower().replace("’", "'").replace("-", " ").split())


class FuzzyIndex:
    """The fuzzy-eligible entries, bucketed by their exact first and last words."""

    def __init__(self, entries: Sequence[Entry]) -> None:
        self.entries: list[Entry] = []
        self.phrases: list[str] = []
        self.canonicals: list[frozenset[str]] = []
        self.by_first: dict[str, list[int]] = {}
        self.by_last: dict[str, list[int]] = {}
        seen: set[str] = set()
        for e in entries:
            phrase = _norm(e.spun)
            words = phrase.split(" ")
            if (e.prior not in ("sure", "likely") or len(words) < 2 or len(phrase) < MIN_CHARS
                    or e.left or e.right or e.requires or e.excludes or phrase in seen):
                continue
            seen.add(phrase)
            i = len(self.entries)
            self.entries.append(e)
            self.phrases.append(phrase)
            self.canonicals.append(frozenset(_norm(c) for c in e.canonical))
            # very common anchor words ("the", "in") would put a window at every other word
            if counts.zipf(words[0]) < MAX_ANCHOR_ZIPF:
                self.by_first.setdefault(words[0], []).append(i)
            if counts.zipf(words[-1]) < MAX_ANCHOR_ZIPF:
                self.by_last.setdefault(words[-1], []).append(i)
        self.listed = frozenset(self.phrases)


def _plausible_variant(window: str, phrase: str) -> bool:
    """Spacing/hyphenation variant, or as many words with only rare (typo) words differing."""
    if window.replace(" ", "") == phrase.replace(" ", ""):
        return True
    if window.count(" ") != phrase.count(" "):
        return False
    known = set(phrase.split(" "))
    return all(counts.zipf(w) < MAX_TYPO_ZIPF for w in window.split(" ") if w not in known)


def find_fuzzy(text: str, index: FuzzyIndex, *, skip: Sequence[tuple[int, int]] = ()) -> list[FuzzyHit]:
    """Near misses of the index's entries in ``text``, not overlapping ``skip``, best first per span.

    See the module docstring for an example.
    """
    toks = [(m.start(), m.end(), m.group().lower()) for m in TOKEN.finditer(text)]
    taken = sorted(skip)
    hits: dict[tuple[int, int], FuzzyHit] = {}
    for k, (_, _, word) in enumerate(toks):
        for bucket, forward in ((index.by_first.get(word), True), (index.by_last.get(word), False)):
            if not bucket:
                continue
            spans, windows = [], []
            sizes = {len(index.phrases[i].split(" ")) for i in bucket}
            for n in sorted({m for s in sizes for m in (s - 1, s, s + 1) if m >= 1}):
                lo, hi = (k, k + n) if forward else (k - n + 1, k + 1)
                if lo < 0 or hi > len(toks):
                    continue
                start, end = toks[lo][0], toks[hi - 1][1]
                if not all(_GAP.fullmatch(text[toks[g][1]:toks[g + 1][0]]) for g in range(lo, hi - 1)):
                    continue  # only spaces or a hyphen may separate the words of a variant
                spans.append((start, end))
                windows.append(_norm(text[start:end]))
            if not windows:
                continue
            choices = [index.phrases[i] for i in bucket]
            scores = process.cdist(windows, choices, scorer=fuzz.ratio, score_cutoff=CUTOFF)
            for w, row in enumerate(scores):
                j = int(row.argmax())
                sim = float(row[j])
                if (sim < CUTOFF or windows[w] in index.listed or windows[w] in index.canonicals[bucket[j]]
                        or not _plausible_variant(windows[w], choices[j])):
                    continue
                start, end = spans[w]
                if any(s < end and start < e for s, e in taken):
                    continue
                entry = index.entries[bucket[j]]
                hit = _hit(text, start, end, entry, sim)
                old = hits.get((start, end))
                if old is None or hit.edit.confidence > old.edit.confidence:
                    hits[(start, end)] = hit
    return sorted(hits.values(), key=lambda h: (h.edit.start, h.edit.end))


def _hit(text: str, start: int, end: int, entry: Entry, sim: float) -> FuzzyHit:
    original = text[start:end]
    strong = entry.prior == "sure" and sim >= STRONG_SIMILARITY
    # a near miss is a little less sure than the listed phrase; the engine gates weak ones
    confidence = round((0.97 if entry.prior == "sure" else 0.85) * sim / 100, 3)
    edit = Edit(start, end, original, transfer_case(original, entry.canonical[0]), rule=entry.rule,
                lexicon=entry.lexicon, lexicon_version=entry.version, confidence=confidence, kind="fuzzy",
                alternatives=tuple(entry.canonical[1:]),
                reason=f"near miss ({sim:.0f}% similar) of {entry.prior} artifact {entry.spun!r} -> "
                       f"{entry.canonical[0]!r}")
    return FuzzyHit(edit, "strong" if strong else "weak")


_INDEXES: dict[tuple, tuple[Sequence, FuzzyIndex]] = {}


def fuzzy_index(lexicons: Sequence) -> FuzzyIndex:
    """The fuzzy index of a set of :class:`~unspin.lexicon.Lexicon` objects, built once per set.

    >>> from unspin.lexicon import select_lexicons
    >>> len(fuzzy_index(select_lexicons(["news"])).entries) > 10
    True
    """
    # keyed by identity (the cache value keeps the lexicons alive), as unspin.context.swap_index
    key = tuple((lex.name, lex.digest, id(lex.entries)) for lex in lexicons)
    hit = _INDEXES.get(key)
    if hit is None:
        if len(_INDEXES) > 16:
            _INDEXES.clear()
        hit = _INDEXES[key] = (lexicons, FuzzyIndex([e for lex in lexicons for e in lex.entries]))
    return hit[1]
