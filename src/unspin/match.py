"""The hot loop: find every lexicon phrase in a text, on word boundaries, case-insensitively, with
exact code-point offsets into the original string.

An Aho-Corasick automaton runs over a *length-preserving* folded copy of the text (lower case, curly
quotes and dashes mapped to ASCII, every whitespace character to a space), so offsets in the copy are
offsets in the original. Matches are found overlapping ("data top minister": the failed "a top" must
not swallow "top minister"), then filtered by word boundaries checked on the original.
"""

from __future__ import annotations

import itertools
import unicodedata
from dataclasses import dataclass
from typing import NamedTuple

import ahocorasick_rs

from .inflect import variants
from .lexicon import Entry

# Above this many patterns the DFA's memory outgrows the CPU cache and the NFA is faster.
DFA_MAX_PATTERNS = 20_000
HYPHENS = "-\u2010\u2011"
APOSTROPHES = "'\u2019\u2018\u02bc"

_FOLD_TABLE = {ord(c): "'" for c in "\u2019\u2018\u02bc\u2032"}
_FOLD_TABLE.update({ord(c): '"' for c in "\u201c\u201d\u201e\u2033"})
_FOLD_TABLE.update({ord(c): "-" for c in "\u2010\u2011"})
_FOLD_TABLE.update({ord(c): " " for c in "\t\n\r\x0b\x0c\x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004"
                    "\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"})
_SURROGATES = {c: "\ufffd" for c in range(0xD800, 0xE000)}


def fold(text: str) -> str:
    """Lower-case and map quotes, dashes and spaces, keeping the length (one char for one char).

    >>> fold("TOP\\u00a0Minister\\u2019s"), len(fold("İx")) == len("İx")
    ("top minister's", True)
    """
    lowered = text.lower()
    if len(lowered) != len(text):  # a char such as "İ" lowers to two: fold char by char
        lowered = "".join(c if len(low := c.lower()) != 1 else low for c in text)
    return lowered.translate(_FOLD_TABLE)


def is_word_char(c: str) -> bool:
    """Letters, digits, underscore and combining marks belong to words."""
    return c.isalnum() or c == "_" or unicodedata.category(c)[0] == "M"


def at_word_boundaries(text: str, start: int, end: int) -> bool:
    """True when text[start:end] is not part of a longer word (hyphen-joined words included).

    >>> at_word_boundaries("self-protection", 5, 15), at_word_boundaries("the protection.", 4, 14)
    (False, True)
    """
    if start > 0:
        c = text[start - 1]
        if is_word_char(c):
            return False
        if (c in HYPHENS or c in APOSTROPHES) and start > 1 and is_word_char(text[start - 2]):
            return False
    if end < len(text):
        c = text[end]
        if is_word_char(c):
            return False
        if c in HYPHENS and end + 1 < len(text) and is_word_char(text[end + 1]):
            return False
    return True


class Match(NamedTuple):
    """A lexicon phrase found in the text: offsets, the entry's index and the inflected form."""

    start: int
    end: int
    entry: int
    form: str


def _space_variants(surface: str) -> list[str]:
    """A space in a phrase also matches a hyphen ("sun panels", "sun-panels")."""
    parts = surface.split(" ")
    if len(parts) == 1:
        return [surface]
    if len(parts) > 4:  # keep the pattern count bounded: all spaces or all hyphens
        return [surface, "-".join(parts)]
    out = []
    for seps in itertools.product(" -", repeat=len(parts) - 1):
        out.append(parts[0] + "".join(s + p for s, p in zip(seps, parts[1:], strict=True)))
    return out


@dataclass
class Matcher:
    """A compiled set of lexicon entries.

    >>> from unspin.lexicon import Entry
    >>> m = Matcher.build([Entry("top minister", ("prime minister",), "sure")])
    >>> m.find("Jap Top Minister")
    [Match(start=4, end=16, entry=0, form='base')]
    """

    entries: tuple[Entry, ...]
    targets: list[tuple[tuple[int, str], ...]]  # per pattern: (entry index, form) pairs
    automaton: ahocorasick_rs.AhoCorasick | None
    case_surfaces: dict[tuple[int, str], frozenset[str]]

    @classmethod
    def build(cls, entries: list[Entry] | tuple[Entry, ...]) -> Matcher:
        index: dict[str, list[tuple[int, str]]] = {}
        case_surfaces: dict[tuple[int, str], frozenset[str]] = {}
        for i, entry in enumerate(entries):
            for surface, form in variants(entry.spun, entry.flags):
                folded = fold(surface)
                spaced = _space_variants(folded)
                for pattern in spaced:
                    targets = index.setdefault(pattern, [])
                    if (i, form) not in targets:
                        targets.append((i, form))
                if "case" in entry.flags:
                    key = (i, form)
                    case_surfaces[key] = case_surfaces.get(key, frozenset()) | {
                        _case_key(surface)}
        patterns = list(index)
        automaton = None
        if patterns:
            impl = (ahocorasick_rs.Implementation.DFA if len(patterns) <= DFA_MAX_PATTERNS
                    else ahocorasick_rs.Implementation.ContiguousNFA)
            automaton = ahocorasick_rs.AhoCorasick(
                patterns, matchkind=ahocorasick_rs.MatchKind.Standard, implementation=impl)
        targets = [tuple(index[p]) for p in patterns]
        return cls(tuple(entries), targets, automaton, case_surfaces)

    def find(self, text: str) -> list[Match]:
        """Every boundary-valid match, overlapping ones included, sorted by start then longest."""
        if self.automaton is None or not text:
            return []
        folded = fold(text)
        try:
            found = self.automaton.find_matches_as_indexes(folded, overlapping=True)
        except UnicodeEncodeError:  # lone surrogates (--errors=surrogateescape): mask them, same length
            found = self.automaton.find_matches_as_indexes(folded.translate(_SURROGATES), overlapping=True)
        out = []
        for pattern, start, end in found:
            if not at_word_boundaries(text, start, end):
                continue
            for entry, form in self.targets[pattern]:
                surfaces = self.case_surfaces.get((entry, form))
                if surfaces is not None and _case_key(text[start:end]) not in surfaces:
                    continue
                out.append(Match(start, end, entry, form))
        out.sort(key=lambda m: (m.start, -m.end, m.entry))
        return out

    def __getstate__(self) -> dict:
        # the automaton is rebuilt rather than pickled: it is a native object
        return {"entries": self.entries}

    def __setstate__(self, state: dict) -> None:
        built = Matcher.build(state["entries"])
        self.__dict__.update(built.__dict__)


def _case_key(surface: str) -> str:
    """Case-sensitive comparison key: quotes and dashes mapped, spaces and hyphens alike."""
    return surface.translate(_FOLD_TABLE).replace("-", " ")
