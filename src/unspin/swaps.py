"""Word swaps learned from lexicon pairs: the spinner is systematic, so its listed artifacts teach
which word it writes for which ("irregular woodland" -> "random forest" and "irregular variable" ->
"random variable" both say irregular -> random).

A :class:`SwapModel` holds, from the lexicon entries in use:

- ``swaps``: spun word (or short phrase) -> canonical word -> number of entries that show the swap;
- ``terms``: the canonical sides of the entries (and their inner phrases of two or more words), the
  known terms a restored phrase may become, and in ``term_entries`` how many entries show each;
- ``artifacts``: the spun sides, which a restoration must never produce;
- ``canonical_words`` and ``spun_words``: how many canonical sides and how many spun sides use each
  word (a word the lexicons use in real terms is no artifact by itself, whatever swaps it shows).

Words are aligned pair by pair: equal-length pairs word by word; otherwise the common leading and
trailing words are stripped and the rest, if both sides are at most three words, is one unit swap
("imaginative and prescient" -> "vision"). The model is small (a few thousand swaps) and is built in
milliseconds, so it is learned at load from exactly the lexicons the engine uses: a lexicon left out
(or a held-out fold of one) teaches nothing.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

import regex

from unspin.edits import common_affixes
from unspin.lexicon import Entry

_PHRASE = regex.compile(r"[\p{Ll}][\p{Ll}'\-]*(?: [\p{Ll}][\p{Ll}'\-]*)*\Z")
MAX_UNIT = 3  # longest spun or canonical unit learned from unequal-length pairs
# Words a spinner's swap of is syntax, not meaning (and whose swaps would fire everywhere).
_STOP = frozenset(["a", "an", "the", "of", "to", "in", "on", "at", "by", "for", "with", "and", "or", "as",
                   "is", "are", "be", "it", "its"])


@dataclass(frozen=True, slots=True)
class SwapModel:
    """Swaps and known terms learned from lexicon entries (see the module docstring).

    >>> m = learn([Entry("irregular woodland", ("random forest",), "sure"),
    ...            Entry("irregular variable", ("random variable",), "sure")])
    >>> m.originals("irregular")
    (('random', 2),)
    >>> "random forest" in m.terms
    True
    """

    swaps: dict[str, dict[str, int]]
    terms: frozenset[str]
    artifacts: frozenset[str]
    canonical_words: dict[str, int] = field(default_factory=dict)
    spun_words: dict[str, int] = field(default_factory=dict)
    term_entries: dict[str, int] = field(default_factory=dict)  # known term -> entries whose canonical holds it

    def artifact_word(self, word: str) -> bool:
        """Whether the lexicons use ``word`` more often in spun sides than in canonical ones.

        >>> m = learn([Entry("fake model", ("artificial model",), "sure")])
        >>> m.artifact_word("fake"), m.artifact_word("model")
        (True, False)
        """
        return self.spun_words.get(word, 0) > self.canonical_words.get(word, 0)

    def originals(self, unit: str) -> tuple[tuple[str, int], ...]:
        """Canonical units the spinner replaced by ``unit`` (lower case), most often seen first."""
        seen = self.swaps.get(unit)
        if not seen:
            return ()
        return tuple(sorted(seen.items(), key=lambda kv: (-kv[1], kv[0])))


@lru_cache(maxsize=1 << 16)  # each entry's sides are split twice (learn, aligned_swaps)
def _words(phrase: str) -> tuple[str, ...] | None:
    norm = " ".join(phrase.lower().replace("’", "'").split())
    return tuple(norm.split(" ")) if _PHRASE.match(norm) else None


def aligned_swaps(spun: str, canonical: str) -> list[tuple[str, str]]:
    """The (spun unit, canonical unit) swaps one lexicon pair shows.

    >>> aligned_swaps("division of protection", "department of defense")
    [('division', 'department'), ('protection', 'defense')]
    >>> aligned_swaps("imaginative and prescient", "vision")
    [('imaginative and prescient', 'vision')]
    >>> aligned_swaps("a number of the", "some of the")
    [('a number', 'some')]
    """
    s, c = _words(spun), _words(canonical)
    if s is None or c is None:
        return []
    if len(s) == len(c):
        return [(a, b) for a, b in zip(s, c, strict=True) if a != b and a not in _STOP and b not in _STOP]
    lo, hi = common_affixes(s, c)
    s_mid, c_mid = s[lo:len(s) - hi], c[lo:len(c) - hi]
    if not s_mid or not c_mid or len(s_mid) > MAX_UNIT or len(c_mid) > MAX_UNIT:
        return []
    return [(" ".join(s_mid), " ".join(c_mid))]


def _inner_phrases(words: Sequence[str]) -> Iterable[str]:
    """Every contiguous run of two or more words that does not start or end with a stop word."""
    for i in range(len(words)):
        for j in range(i + 2, len(words) + 1):
            if words[i] not in _STOP and words[j - 1] not in _STOP:
                yield " ".join(words[i:j])


def learn(entries: Iterable[Entry]) -> SwapModel:
    """Learn a :class:`SwapModel` from lexicon entries (see the class docstring for an example)."""
    swaps: dict[str, dict[str, int]] = defaultdict(dict)
    terms: dict[str, int] = defaultdict(int)
    artifacts: set[str] = set()
    canonical_words: dict[str, int] = defaultdict(int)
    spun_words: dict[str, int] = defaultdict(int)
    for e in entries:
        spun = _words(e.spun)
        if spun is not None:
            artifacts.add(" ".join(spun))
            for w in set(spun):
                spun_words[w] += 1
        for canonical in e.canonical:
            c = _words(canonical)
            if c is not None:
                for t in set(_inner_phrases(c)):
                    terms[t] += 1
                for w in set(c):
                    canonical_words[w] += 1
            for a, b in aligned_swaps(e.spun, canonical):
                swaps[a][b] = swaps[a].get(b, 0) + 1
    # a phrase that is itself a listed artifact is no known term (the canonical side of one entry may
    # contain another's artifact only in lexicons that do not validate; stay safe anyway)
    support = {t: n for t, n in terms.items() if t not in artifacts}
    return SwapModel(dict(swaps), frozenset(support), frozenset(artifacts), dict(canonical_words),
                     dict(spun_words), support)
