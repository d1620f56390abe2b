"""The hot loop: find every lexicon phrase in a text, on word boundaries, case-insensitively, with
exact code-point offsets into the original string.

An Aho-Corasick automaton (``unspin._scan``, in C) runs over a *one-byte-per-code-point* folded copy
of the text (lower case, curly quotes and dashes mapped to ASCII, every whitespace character to a
space), so byte offsets in the copy are code-point offsets in the original. One C pass makes the copy
(``_wordscan.view``): an ASCII character (most English) through a table; a non-ASCII character becomes
its folded ASCII form, or a byte of its own in 0x80-0xFE when some pattern uses it, or 0xFF (no
pattern has it). Matches are found overlapping ("data top minister": the failed "a top" must not
swallow "top minister"), then filtered by word boundaries: on the bytes when they decide it, else on
the original text.

The automaton reads hyphens as spaces, so a phrase's space/hyphen variants are one pattern (see
ScanTables); matches that only some variants explain are verified on the folded bytes. A dense spun
text yields a match every few words, so the common case (neighbour bytes that settle the boundary,
targets that do not depend on the text or were resolved for it before) is decided in C, which sorts
and makes the ``Match`` tuples; Python sees only the rest (see Matcher._collect).
"""

from __future__ import annotations

import bisect
import itertools
import operator
import unicodedata
from collections.abc import Callable, Iterable
from typing import NamedTuple

from ._scan import Automaton, merge
from ._wordscan import view
from .automaton import StrAutomaton
from .edits import merge_spans
from .gcpause import paused
from .inflect import variants
from .lexicon import Entry

HYPHENS = "-\u2010\u2011"
APOSTROPHES = "'\u2019\u2018\u02bc"

_FOLD_TABLE = {ord(c): "'" for c in "\u2019\u2018\u02bc\u2032"}
_FOLD_TABLE.update({ord(c): '"' for c in "\u201c\u201d\u201e\u2033"})
_FOLD_TABLE.update({ord(c): "-" for c in "\u2010\u2011"})
# str.lower() is context-sensitive for one letter: a word-final capital sigma lowers to "ς", elsewhere to
# "σ"; non-ASCII runs are folded apart from their context (see _run_folder), so fold both to "σ"
_FOLD_TABLE[ord("\u03c2")] = "\u03c3"
_FOLD_TABLE.update({ord(c): " " for c in "\t\n\r\x0b\x0c\x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004"
                    "\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"})

# fold() restricted to ASCII, as a bytes table: A-Z lowered, ASCII whitespace to a space.
_ASCII_FOLD = bytes.maketrans(b"ABCDEFGHIJKLMNOPQRSTUVWXYZ\t\n\r\x0b\x0c", b"abcdefghijklmnopqrstuvwxyz     ")
# Per byte of the folded copy: 1 = word character, 0 = not, 2 = a non-ASCII character (look at the
# original). Only ASCII bytes are decided here; "'" also passes for the prime U+2032, see _boundary.
_WORD_BYTE = bytes(1 if (chr(b).isalnum() or b == 95) else 0 for b in range(128)) + bytes([2] * 128)
_HYPHEN, _APOSTROPHE = ord("-"), ord("'")
# The class of a match's left neighbour byte, for Matcher._collect: 0 = a boundary (space,
# punctuation), 1 = a word character (no boundary), 2 = a hyphen or apostrophe (a boundary unless a
# word character precedes it: "self-protection"), 3 = ask the original text (non-ASCII; in a non-ASCII
# text also "'", which may stand for a prime, U+2032, not an apostrophe).
_LEFT_ASCII = bytes(1 if _WORD_BYTE[b] == 1 else 2 if b in (_HYPHEN, _APOSTROPHE) else 3 if b >= 128 else 0
                    for b in range(256))
_LEFT_FOLDED = _LEFT_ASCII[:_APOSTROPHE] + b"\x03" + _LEFT_ASCII[_APOSTROPHE + 1:]
# the same for the right neighbour: only a hyphen joins words there ("protection-related")
_RIGHT = bytes(1 if _WORD_BYTE[b] == 1 else 2 if b == _HYPHEN else 3 if b >= 128 else 0 for b in range(256))
_HYPHEN_AS_SPACE = bytes(range(256)).replace(b"-", b" ")  # how the automaton reads the text: see ScanTables
# The bytes after which both left tables reject a match (a word character): the automaton starts no
# match there (see WORD STARTS in _scan.c), so a scan inside a word waits on one node for its end.
_NO_START_AFTER = bytes(1 if _LEFT_ASCII[b] == 1 == _LEFT_FOLDED[b] else 0 for b in range(256))
_OTHER = "\xff"  # the byte of every non-ASCII character no pattern uses
_MAX_ALPHABET = 127  # non-ASCII characters patterns may use before the str automaton takes over


def fold(text: str) -> str:
    """Lower-case and map quotes, dashes and spaces, keeping the length (one char for one char).

    >>> fold("TOP\\u00a0Minister\\u2019s"), len(fold("İx")) == len("İx")
    ("top minister's", True)
    """
    lowered = text.lower()
    if len(lowered) != len(text):  # a char such as "İ" lowers to two: fold char by char
        lowered = "".join(c if len(low := c.lower()) != 1 else low for c in text)
    return lowered.translate(_FOLD_TABLE)


_WORD_CACHE: dict[str, bool] = {}


def is_word_char(c: str) -> bool:
    """Letters, digits, underscore and combining marks belong to words; U+02BC, a letter to Unicode
    but an apostrophe in English text (and folded to one), does not.

    >>> is_word_char("é"), is_word_char("\\u0301"), is_word_char("-"), is_word_char("\\u02bc")
    (True, True, False, False)
    """
    known = _WORD_CACHE.get(c)
    if known is None:
        known = c not in APOSTROPHES and (c.isalnum() or c == "_" or unicodedata.category(c)[0] == "M")
        if len(_WORD_CACHE) < 65536:  # bounded: any text could otherwise grow it without limit
            _WORD_CACHE[c] = known
    return known


# characters beyond a match that a boundary check reads (a hyphen or apostrophe, then the character after)
_BOUNDARY_REACH = 2


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
    if " " not in surface:
        return [surface]
    parts = surface.split(" ")
    if len(parts) == 2 or len(parts) > 4:  # > 4: keep the pattern count bounded: all spaces or all hyphens
        return [surface, "-".join(parts)]
    # every combination, in itertools.product(" -", ...) order; built by doubling (a 100k-phrase
    # lexicon expands to ~280k patterns, and this was most of its compile time)
    out = [parts[0]]
    for part in parts[1:]:
        out = [head + sep + part for head in out for sep in " -"]
    return out


class Tables(NamedTuple):
    """What compiling entries produces, before the automaton: plain data, so it pickles and caches.

    ``patterns[i]`` is a folded surface; ``targets[i]`` the (entry index, form) pairs it stands for;
    ``case_surfaces`` the case-sensitive keys a ``case``-flagged (entry, form) accepts.
    """

    patterns: list[str]
    targets: list[tuple[tuple[int, str], ...]]
    case_surfaces: dict[tuple[int, str], frozenset[str]]


def compile_tables(entries: list[Entry] | tuple[Entry, ...]) -> Tables:
    """Expand entries into folded patterns (inflections, space/hyphen variants).

    >>> compile_tables([Entry("top minister", ("prime minister",), "sure")]).patterns
    ['top minister', 'top-minister']
    """
    index: dict[str, list[tuple[int, str]]] = {}
    case_surfaces: dict[tuple[int, str], frozenset[str]] = {}
    for i, entry in enumerate(entries):
        for surface, form in variants(entry.spun, entry.flags):
            target = (i, form)
            for pattern in _space_variants(fold(surface)):
                if (targets := index.get(pattern)) is None:
                    index[pattern] = [target]
                elif target not in targets:
                    targets.append(target)
            if "case" in entry.flags:
                key = (i, form)
                case_surfaces[key] = case_surfaces.get(key, frozenset()) | {_case_key(surface)}
    patterns = list(index)
    return Tables(patterns, [tuple(index[p]) for p in patterns], case_surfaces)


class _ByteMap(dict):
    """str.translate table from folded characters to one latin-1 character each (see the module doc)."""

    def __missing__(self, code: int) -> str:
        out = chr(code) if code < 128 else _OTHER
        self[code] = out
        return out


def _run_folder(byte_map: _ByteMap) -> Callable[[str], bytes]:
    """The fold of a run of non-ASCII text to its bytes, for ``_wordscan.view``, which calls it for the
    runs with a character it has not seen before in the text, so ASCII stays at C speed: each character
    folded (``fold``, character by character: "ς" and "σ" alike), then a latin-1 character each
    (``byte_map``), then, as every byte of the view, through ``_ASCII_FOLD``."""
    table = _ByteMap({ord(c): v for c, v in ((chr(k), v) for k, v in byte_map.items())})

    def fold_run(run: str) -> bytes:
        return fold(run).translate(table).encode("latin-1").translate(_ASCII_FOLD)

    return fold_run


_Target = tuple[int, str, "frozenset[str] | None"]


class ScanTables(NamedTuple):
    """The byte automaton's view of the patterns: hyphens searched as spaces.

    A phrase with spaces is compiled with every space/hyphen combination ("sun panels", "sun-panels"),
    which multiplies the patterns (279k for 100k phrases). Searching a copy of the text with hyphens
    made spaces needs one pattern per group, a third as many: the automaton builds ~3x faster and
    scans ~2x faster, its states staying in the cache. ``patterns[k]`` is a group's common form
    (latin-1 text, hyphens made spaces, as the automaton reads the text); a match of it is a match of
    the group's member spelled as in the text. When every combination is a member, all with the same
    targets, that is certain: ``fixed[k]`` holds the targets' (entry, form) pairs if none has a case
    flag, else ``shared[k]`` holds the targets, to be checked against the text. Otherwise both are None
    and ``exact`` maps each member's bytes to its own targets. A target is (entry, form, the case
    surfaces of a ``case``-flagged entry or None). ``fixed[k]`` is None whenever the matched text
    decides (see Matcher._resolve).
    """

    fixed: list[tuple[tuple[int, str], ...] | None]
    shared: list[tuple[_Target, ...] | None]
    exact: dict[bytes, tuple[_Target, ...]]
    patterns: list[str]


# given the function that builds a matcher's scan tables, returns them (stored, or built and stored)
ScanCache = Callable[[Callable[[], ScanTables]], ScanTables]


class Matcher:
    """A compiled set of lexicon entries.

    The automaton is built on first need: a short text (a command-line one-liner, a test) is matched by
    hashing its candidate substrings instead, which is cheaper than building an automaton over tens of
    thousands of patterns, until the short texts add up (HASHED_MOST). Both paths give the same matches.

    >>> from unspin.lexicon import Entry
    >>> m = Matcher.build([Entry("top minister", ("prime minister",), "sure")])
    >>> m.find("Jap Top Minister")
    [Match(start=4, end=16, entry=0, form='base')]
    """

    # below this many characters, and while no automaton exists, match by hashing (see find); but only
    # until the texts hashed total HASHED_MOST: hashing costs ~2.3 us a character of news text, building
    # the shipped lexicons' automaton from the compile cache ~16 ms, so a process that matches many short
    # texts (fix_lines, an ETL job) builds it once they have cost about as much, and a one-line command
    # never does
    SMALL_TEXT = 2048
    HASHED_MOST = 8192
    RESOLVED_KEPT = 1 << 16  # remembered (pattern, text) resolutions (_resolve) before starting over
    SUBSETS_KEPT = 64  # matchers of entry subsets (find_entries) kept before starting over

    def __init__(self, entries: list[Entry] | tuple[Entry, ...], tables: Tables,
                 scan_cache: ScanCache | None = None) -> None:
        patterns, targets, case_surfaces = tables
        self.entries: tuple[Entry, ...] = tuple(entries)
        self.targets = targets  # per pattern: (entry index, form) pairs
        self.case_surfaces = case_surfaces
        self._patterns = patterns
        self._scan: ScanTables | None = None
        self._scan_cache = scan_cache
        self._automaton: Automaton | StrAutomaton | None = None
        self._index: dict[str, int] | None = None
        self._hashed = 0  # characters matched by hashing so far (see HASHED_MOST)
        # (scanned pattern, matched text) -> its (entry, form) targets, for patterns that need the text
        # to decide (case-flagged entries, separators to verify): a spun text repeats its artifacts
        self._resolved: dict[tuple[int, str], tuple[tuple[int, str], ...]] = {}
        self._longest: int | None = None  # characters of the longest pattern (find_near)
        self._subsets: dict[tuple[int, ...], Matcher] = {}  # find_entries' matchers, by entry indices
        alphabet = sorted({c for p in patterns if not p.isascii() for c in p if c >= "\x80"})
        self._byte_map = _ByteMap({ord(c): chr(0x80 + k) for k, c in enumerate(alphabet)})
        # the fold of non-ASCII runs for the byte view; None: the str automaton (a huge alphabet)
        self.fold_run = _run_folder(self._byte_map) if patterns and len(alphabet) <= _MAX_ALPHABET else None

    def _latin1_patterns(self) -> list[str]:
        # each pattern as latin-1 text of its bytes (ASCII ones unchanged: the common case costs nothing)
        return [p if p.isascii() else p.translate(self._byte_map) for p in self._patterns]

    def _scan_tables(self) -> ScanTables:
        """The patterns the byte automaton searches: each with its hyphens made spaces (see ScanTables).

        Built with the automaton: the short-text path (_find_small) does without, since this costs
        several times what its index does and a one-line command should not pay for it. Through the
        ``scan_cache`` the matcher was made with, if any (the compile cache: reading them back costs
        about a seventh of building them).
        """
        if self._scan is None:
            self._scan = self._scan_cache(self._build_scan_tables) if self._scan_cache else self._build_scan_tables()
        return self._scan

    def _build_scan_tables(self) -> ScanTables:
        groups: dict[str, list[int]] = {}
        latin1 = self._latin1_patterns()
        for i, p in enumerate(latin1):
            if (members := groups.get(key := p.replace("-", " "))) is None:
                groups[key] = [i]
            else:
                members.append(i)
        targets, cases = self.targets, self.case_surfaces
        fixed: list[tuple[tuple[int, str], ...] | None] = []
        shared: list[tuple[_Target, ...] | None] = []
        exact: dict[bytes, tuple[_Target, ...]] = {}
        for scanned, members in groups.items():
            first = targets[members[0]]
            # every space/hyphen combination is a pattern, all with the same targets: a match of the
            # scanned form is a match of one of them, whatever separators the text has
            if len(members) == 1 << scanned.count(" ") and (
                    len(members) == 1 or all(targets[i] == first for i in members)):
                if any(t in cases for t in first):
                    fixed.append(None)
                    shared.append(tuple((e, f, cases.get((e, f))) for e, f in first))
                else:
                    fixed.append(first)
                    shared.append(())  # never read: _resolve serves only patterns without fixed targets
            else:
                fixed.append(None)
                shared.append(None)
                for i in members:
                    exact[latin1[i].encode("latin-1")] = tuple((e, f, cases.get((e, f))) for e, f in targets[i])
        return ScanTables(fixed, shared, exact, list(groups))

    @classmethod
    def build(cls, entries: list[Entry] | tuple[Entry, ...]) -> Matcher:
        return cls(entries, compile_tables(entries))

    @classmethod
    def from_tables(cls, entries: list[Entry] | tuple[Entry, ...], tables: Tables,
                    scan_cache: ScanCache | None = None) -> Matcher:
        """A matcher for tables made by :func:`compile_tables` (possibly read back from a cache);
        ``scan_cache(build)`` returns the scan tables, stored or ``build()``."""
        return cls(entries, tables, scan_cache)

    @property
    def automaton(self) -> Automaton | StrAutomaton | None:
        """The Aho-Corasick automaton (built on first use; None without patterns)."""
        if self._automaton is None and self._patterns:
            if self.fold_run:
                encoded = [p.encode("latin-1") for p in self._scan_tables().patterns]
                self._automaton = Automaton(encoded, _HYPHEN_AS_SPACE, _NO_START_AFTER)
            else:
                self._automaton = StrAutomaton(self._patterns)
        return self._automaton

    def find(self, text: str) -> list[Match]:
        """Every boundary-valid match, overlapping ones included, sorted by start then longest."""
        if not self._patterns or not text:
            return []
        if not self.fold_run:
            return self._find_str(text)
        exact = text.isascii()  # O(1) in CPython: the string knows its kind
        data = view(text, _ASCII_FOLD, self.fold_run)
        if self._automaton is None and len(data) <= self.SMALL_TEXT and self._hashed + len(data) <= self.HASHED_MOST:
            self._hashed += len(data)
            return self._find_small(data, text)
        left = _LEFT_ASCII if exact else _LEFT_FOLDED
        if len(self._resolved) > self.RESOLVED_KEPT:  # bounded: case variants of a surface are unlimited
            self._resolved.clear()
        with paused():  # the Match tuples are many and hold no cycles: see gcpause.py
            found = self.automaton.scan(  # type: ignore[union-attr]
                data, left, _RIGHT, self._scan_tables().fixed, Match, text, self._resolved)
            return self._collect(*found, data, text, left)

    def find_near(self, text: str, windows: list[tuple[int, int]]) -> list[Match]:
        """The matches of :meth:`find` that overlap or touch one of ``windows`` (sorted, disjoint spans),
        found by searching only around them: a later pass looks again only where the last one changed
        the text.

        >>> from unspin.lexicon import Entry
        >>> m = Matcher.build([Entry("top minister", ("prime minister",), "sure")])
        >>> m.find_near("Top Minister, and the Top Minister.", [(25, 27)])
        [Match(start=22, end=34, entry=0, form='base')]
        """
        if not self._patterns or not windows:
            return []
        if self._longest is None:
            self._longest = max(map(len, self._patterns))
        # a match overlapping a window lies within the longest pattern of it; two characters more
        # hold every neighbour a boundary check reads, so each piece decides as the whole text does
        pieces = merge_spans(windows, self._longest + _BOUNDARY_REACH, len(text))
        starts = [lo for lo, _ in windows]
        ends = [hi for _, hi in windows]  # disjoint and sorted: the ends are sorted too
        # the pieces are searched as one text, a line break between each two: a match that spans one
        # overlaps no window (it would lie within its piece), so none is lost or added; one search
        # instead of one per piece, each of which paid the call's setup (a later pass has hundreds)
        bases = list(itertools.accumulate((hi - lo + 1 for lo, hi in pieces), initial=0))
        out: list[Match] = []
        k = 0
        for m in self.find("\n".join([text[lo:hi] for lo, hi in pieces])):
            while m.start >= bases[k + 1]:
                k += 1
            if m.end >= bases[k + 1]:  # across a line break put between two pieces
                continue
            shift = pieces[k][0] - bases[k]
            start, end = m.start + shift, m.end + shift
            w = bisect.bisect_left(ends, start)  # the first window ending at or after the start
            if w < len(ends) and starts[w] <= end:
                out.append(Match(start, end, m.entry, m.form))
        return out

    def find_entries(self, text: str, wanted: Iterable[int]) -> list[Match]:
        """The matches of :meth:`find` whose entry is one of ``wanted`` (entry indices), found by a
        matcher of those entries alone: a later pass that must decide a few entries again everywhere
        (their document verdict changed) scans for them, not for the whole lexicon.

        >>> from unspin.lexicon import Entry
        >>> m = Matcher.build([Entry("jap", ("japanese",), "sure"), Entry("legit", ("official",), "sure")])
        >>> m.find_entries("the Jap legit", {1})
        [Match(start=8, end=13, entry=1, form='base')]
        """
        ids = sorted(set(wanted))
        if not ids or not text:
            return []
        key = tuple(ids)
        sub = self._subsets.get(key)
        if sub is None:
            if len(self._subsets) >= self.SUBSETS_KEPT:
                self._subsets.clear()
            sub = self._subsets[key] = Matcher.build([self.entries[k] for k in ids])
        # the sub-matcher's entries are ids' positions: same patterns, targets in the same order
        return [Match(m.start, m.end, ids[m.entry], m.form) for m in sub.find(text)]

    def _collect(self, out: list[Match], settled: list[tuple[int, int, int]],
                 unsettled: list[tuple[int, int, int]], data: bytes, text: str, left: bytes) -> list[Match]:
        """All the boundary-valid, case-valid matches, sorted, from what the automaton's scan returns.

        ``out`` holds the common case, decided in C: neighbour bytes that settle the boundary (a space,
        punctuation) and targets that do not depend on the text (``fixed``) or were resolved before for
        this pattern and text (``_resolved``). ``settled`` are the other matches with such neighbours,
        whose targets depend on the matched text (case flags, separators to verify): resolved here and
        remembered. ``unsettled`` have a neighbour to look beyond: a hyphen, an apostrophe, non-ASCII.
        No match in either touches a word character.
        """
        if not settled and not unsettled:
            return out  # sorted by the scan
        n, word = len(data), _WORD_BYTE
        fixed = self._scan_tables().fixed
        new = tuple.__new__
        more: list[Match] = []
        append = more.append
        for match in unsettled:
            pattern, start, end = match
            # neighbour classes (see _LEFT_ASCII): 0 settles it, 2 (a hyphen or apostrophe) depends on
            # the byte beyond it, 3 (non-ASCII, or "'" that may be a prime) on the original
            if start and (k := left[data[start - 1]]):
                if k == 2:
                    if start > 1 and (w := word[data[start - 2]]) and (w == 1 or not _boundary(data, text, start, end)):
                        continue
                elif not _boundary(data, text, start, end):
                    continue
            if end < n and (k := _RIGHT[data[end]]):
                if k == 2:
                    if end + 1 < n and (w := word[data[end + 1]]) and (w == 1 or not _boundary(data, text, start, end)):
                        continue
                elif not _boundary(data, text, start, end):
                    continue
            if (targets := fixed[pattern]) is None:
                settled.append(match)
                continue
            for target in targets:
                append(new(Match, (start, end) + target))
        resolved, resolve = self._resolved, self._resolve
        for pattern, start, end in settled:
            key = (pattern, text[start:end])
            targets = resolved[key] if key in resolved else resolve(key, data, start, end)
            for target in targets:
                append(new(Match, (start, end) + target))
        sort_matches(more)
        return merge(out, more)

    def _resolve(self, key: tuple[int, str], data: bytes, start: int, end: int) -> tuple[tuple[int, str], ...]:
        """The (entry, form) targets of a match of scanned pattern ``key[0]`` whose text is ``key[1]``,
        for a pattern whose targets depend on that text: the separators as written, when only some
        space/hyphen spellings are patterns, and the surface of case-flagged entries. The pattern and
        the text decide it (the folded bytes are the text's, char for char), so it is remembered."""
        pattern, surface = key
        _, shared, exact_patterns, _ = self._scan_tables()
        found_targets = shared[pattern]
        if found_targets is None:
            found_targets = exact_patterns.get(data[start:end], ())
        case_key = None
        out = []
        for entry, form, surfaces in found_targets:
            if surfaces is not None:
                if case_key is None:
                    case_key = _case_key(surface)
                if case_key not in surfaces:
                    continue
            out.append((entry, form))
        self._resolved[key] = targets = tuple(out)
        return targets

    def _find_small(self, data: bytes, text: str) -> list[Match]:
        """find() without an automaton: substrings looked up by hash, then checked like the automaton's.

        A boundary-valid match starts at 0 or after a non-word character, so only those starts are
        tried, each with every pattern length. The index holds the compiled patterns themselves (not
        the scan tables, which cost several times more to build), as this path serves one-line inputs
        where start-up time is what counts.
        """
        if self._index is None:
            self._index = {p: i for i, p in enumerate(self._latin1_patterns())}
            self._lengths = sorted({len(p) for p in self._index})
        index, lengths, word, n = self._index, self._lengths, _WORD_BYTE, len(data)
        chars = data.decode("latin-1")  # one char per byte: slices hash like the patterns
        out: list[Match] = []
        for start in range(n):
            if start and word[data[start - 1]] == 1:
                continue
            for length in lengths:
                if start + length > n:
                    break
                pattern = index.get(chars[start:start + length])
                if pattern is None or not _boundary(data, text, start, start + length):
                    continue
                for entry, form in self.targets[pattern]:
                    surfaces = self.case_surfaces.get((entry, form))
                    if surfaces is not None and _case_key(text[start:start + length]) not in surfaces:
                        continue
                    out.append(Match(start, start + length, entry, form))
        sort_matches(out)
        return out

    def _find_str(self, text: str) -> list[Match]:
        # patterns use more distinct non-ASCII characters than a byte can name: the str automaton
        out: list[Match] = []
        for pattern, start, end in self.automaton.find(fold(text)):  # type: ignore[union-attr]
            if not at_word_boundaries(text, start, end):
                continue
            for entry, form in self.targets[pattern]:
                surfaces = self.case_surfaces.get((entry, form))
                if surfaces is not None and _case_key(text[start:end]) not in surfaces:
                    continue
                out.append(Match(start, end, entry, form))
        sort_matches(out)
        return out

    def __getstate__(self) -> dict:
        # the automaton is rebuilt rather than pickled: it is a native object
        return {"entries": self.entries}

    def __setstate__(self, state: dict) -> None:
        self.__init__(state["entries"], compile_tables(state["entries"]))  # type: ignore[misc]


_BY_START, _BY_END = operator.itemgetter(0), operator.itemgetter(1)


def sort_matches(matches: list[Match]) -> None:
    """Sort by start, then longest first, then entry: two stable sorts with C-level keys.

    Same (start, end) means the same pattern, whose targets were appended in entry order; a key
    function written in Python would cost more than the rest of the loop.
    """
    matches.sort(key=_BY_END, reverse=True)  # stable: ties keep their order
    matches.sort(key=_BY_START)


def _boundary(data: bytes, text: str, start: int, end: int) -> bool:
    """at_word_boundaries() for non-ASCII text, from the folded bytes when they are unambiguous."""
    word = _WORD_BYTE
    if start:
        c = data[start - 1]
        # "'" may stand for U+2032 (folded to "'", yet not an apostrophe): ask the original
        if word[c] == 2 or c == _APOSTROPHE:
            return at_word_boundaries(text, start, end)
        if word[c]:
            return False
        if c == _HYPHEN and start > 1:
            w = word[data[start - 2]]
            if w == 2:
                return at_word_boundaries(text, start, end)
            if w:
                return False
    if end < len(data):
        c = data[end]
        if word[c] == 2:
            return at_word_boundaries(text, start, end)
        if word[c]:
            return False
        if c == _HYPHEN and end + 1 < len(data):
            w = word[data[end + 1]]
            if w == 2:
                return at_word_boundaries(text, start, end)
            if w:
                return False
    return True


def _case_key(surface: str) -> str:
    """Case-sensitive comparison key: quotes and dashes mapped, spaces and hyphens alike."""
    return surface.translate(_FOLD_TABLE).replace("-", " ")
