"""The hot loop: find every lexicon phrase in a text, on word boundaries, case-insensitively, with
exact code-point offsets into the original string.

An Aho-Corasick automaton runs over a *one-byte-per-code-point* folded copy of the text (lower case,
curly quotes and dashes mapped to ASCII, every whitespace character to a space), so byte offsets in the
copy are code-point offsets in the original. ASCII text (most English) is encoded and folded by
``bytes.translate`` at memory speed; a non-ASCII character becomes its folded ASCII form, or a byte
of its own in 0x80-0xFE when some pattern uses it, or 0xFF (no pattern has it). Matches are found
overlapping ("data top minister": the failed "a top" must not swallow "top minister"), then filtered
by word boundaries: on the bytes when they decide it, else on the original text.
"""

from __future__ import annotations

import codecs
import hashlib
import itertools
import unicodedata
from typing import NamedTuple

import ahocorasick_rs

from .inflect import variants
from .lexicon import Entry

# Above this many patterns the DFA's memory outgrows the CPU cache and the NFA is faster (measured
# with benchmarks/throughput.py: docs/speed.md); the DFA also takes far longer to build.
DFA_MAX_PATTERNS = 12_000
HYPHENS = "-\u2010\u2011"
APOSTROPHES = "'\u2019\u2018\u02bc"

_FOLD_TABLE = {ord(c): "'" for c in "\u2019\u2018\u02bc\u2032"}
_FOLD_TABLE.update({ord(c): '"' for c in "\u201c\u201d\u201e\u2033"})
_FOLD_TABLE.update({ord(c): "-" for c in "\u2010\u2011"})
# str.lower() is context-sensitive for one letter: a word-final capital sigma lowers to "ς", elsewhere to
# "σ"; non-ASCII runs are folded apart from their context (see _error_handler), so fold both to "σ"
_FOLD_TABLE[ord("\u03c2")] = "\u03c3"
_FOLD_TABLE.update({ord(c): " " for c in "\t\n\r\x0b\x0c\x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004"
                    "\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"})
_SURROGATES = {c: "\ufffd" for c in range(0xD800, 0xE000)}

# fold() restricted to ASCII, as a bytes table: A-Z lowered, ASCII whitespace to a space.
_ASCII_FOLD = bytes.maketrans(b"ABCDEFGHIJKLMNOPQRSTUVWXYZ\t\n\r\x0b\x0c", b"abcdefghijklmnopqrstuvwxyz     ")
# Per byte of the folded copy: 1 = word character, 0 = not, 2 = a non-ASCII character (look at the
# original). Only ASCII bytes are decided here; "'" also passes for the prime U+2032, see _boundary.
_WORD_BYTE = bytes(1 if (chr(b).isalnum() or b == 95) else 0 for b in range(128)) + bytes([2] * 128)
_HYPHEN, _APOSTROPHE = ord("-"), ord("'")
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
            for pattern in _space_variants(fold(surface)):
                targets = index.setdefault(pattern, [])
                if (i, form) not in targets:
                    targets.append((i, form))
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


_ERROR_HANDLERS: dict[str, str] = {}


def _error_handler(byte_map: _ByteMap) -> str:
    """Register (once per alphabet) the codec error handler that folds runs of non-ASCII text.

    The codec calls it once per run of non-ASCII characters, so ASCII stays at C speed; a handler per
    alphabet (rather than one reading a global) keeps concurrent matchers independent.
    """
    alphabet = "".join(sorted(chr(k) for k in byte_map if k >= 128))
    name = "unspin-fold-" + hashlib.sha1(alphabet.encode("utf-8", "surrogatepass")).hexdigest()[:16]
    if name not in _ERROR_HANDLERS:
        table = _ByteMap({ord(c): v for c, v in ((chr(k), v) for k, v in byte_map.items())})

        def handler(exc: UnicodeError) -> tuple[bytes, int]:
            run = exc.object[exc.start:exc.end]  # type: ignore[attr-defined]
            return fold(run).translate(table).encode("latin-1"), exc.end  # type: ignore[attr-defined]

        codecs.register_error(name, handler)
        _ERROR_HANDLERS[name] = alphabet
    return name


class Matcher:
    """A compiled set of lexicon entries.

    The automaton is built on first need: a short text (a command-line one-liner, a test) is matched by
    hashing its candidate substrings instead, which is cheaper than building an automaton over tens of
    thousands of patterns. Both paths give the same matches.

    >>> from unspin.lexicon import Entry
    >>> m = Matcher.build([Entry("top minister", ("prime minister",), "sure")])
    >>> m.find("Jap Top Minister")
    [Match(start=4, end=16, entry=0, form='base')]
    """

    # below this many characters, and while no automaton exists, match by hashing (see find)
    SMALL_TEXT = 2048

    def __init__(self, entries: list[Entry] | tuple[Entry, ...], tables: Tables) -> None:
        patterns, targets, case_surfaces = tables
        self.entries: tuple[Entry, ...] = tuple(entries)
        self.targets = targets  # per pattern: (entry index, form) pairs
        self.case_surfaces = case_surfaces
        self._patterns = patterns
        self._automaton: ahocorasick_rs.AhoCorasick | ahocorasick_rs.BytesAhoCorasick | None = None
        self._index: dict[str, int] | None = None
        alphabet = sorted({c for p in patterns if not p.isascii() for c in p if c >= "\x80"})
        self.errors = ""  # codec error handler folding non-ASCII runs; "" = str automaton (huge alphabet)
        self._byte_map = _ByteMap({ord(c): chr(0x80 + k) for k, c in enumerate(alphabet)})
        if patterns and len(alphabet) <= _MAX_ALPHABET:
            self.errors = _error_handler(self._byte_map)

    def _latin1_patterns(self) -> list[str]:
        # each pattern as latin-1 text of its bytes (ASCII ones unchanged: the common case costs nothing)
        return [p if p.isascii() else p.translate(self._byte_map) for p in self._patterns]

    @classmethod
    def build(cls, entries: list[Entry] | tuple[Entry, ...]) -> Matcher:
        return cls(entries, compile_tables(entries))

    @classmethod
    def from_tables(cls, entries: list[Entry] | tuple[Entry, ...], tables: Tables) -> Matcher:
        """A matcher for tables made by :func:`compile_tables` (possibly read back from a cache)."""
        return cls(entries, tables)

    @property
    def automaton(self) -> ahocorasick_rs.AhoCorasick | ahocorasick_rs.BytesAhoCorasick | None:
        """The Aho-Corasick automaton (built on first use; None without patterns)."""
        if self._automaton is None and self._patterns:
            impl = (ahocorasick_rs.Implementation.DFA if len(self._patterns) <= DFA_MAX_PATTERNS
                    else ahocorasick_rs.Implementation.ContiguousNFA)
            kind = ahocorasick_rs.MatchKind.Standard
            if self.errors:
                encoded = [p.encode("latin-1") for p in self._latin1_patterns()]
                self._automaton = ahocorasick_rs.BytesAhoCorasick(encoded, matchkind=kind, implementation=impl)
            else:
                self._automaton = ahocorasick_rs.AhoCorasick(self._patterns, matchkind=kind, implementation=impl)
        return self._automaton

    def find(self, text: str) -> list[Match]:
        """Every boundary-valid match, overlapping ones included, sorted by start then longest."""
        if not self._patterns or not text:
            return []
        if not self.errors:
            return self._find_str(text)
        exact = text.isascii()  # O(1) in CPython: the string knows its kind
        data = (text.encode("ascii") if exact else text.encode("ascii", self.errors)).translate(_ASCII_FOLD)
        if self._automaton is None and len(data) <= self.SMALL_TEXT:
            found = self._find_small(data)
        else:
            found = self.automaton.find_matches_as_indexes(data, overlapping=True)  # type: ignore[union-attr]
        n, word, targets, cases = len(data), _WORD_BYTE, self.targets, self.case_surfaces
        new = tuple.__new__
        out: list[Match] = []
        for pattern, start, end in found:
            if exact:  # inline for the common case; bytes decide everything
                if start and (word[c := data[start - 1]] or (
                        c in (_HYPHEN, _APOSTROPHE) and start > 1 and word[data[start - 2]])):
                    continue
                if end < n and (word[c := data[end]] or (c == _HYPHEN and end + 1 < n and word[data[end + 1]])):
                    continue
            elif not _boundary(data, text, start, end):
                continue
            for entry, form in targets[pattern]:
                if cases and (surfaces := cases.get((entry, form))) is not None and (
                        _case_key(text[start:end]) not in surfaces):
                    continue
                out.append(new(Match, (start, end, entry, form)))
        out.sort(key=_order)
        return out

    def _find_small(self, data: bytes) -> list[tuple[int, int, int]]:
        """What the automaton would report at every possible match start: substrings looked up by hash.

        A boundary-valid match starts at 0 or after a non-word character, so only those starts are
        tried, each with every pattern length.
        """
        if self._index is None:
            self._index = {p: i for i, p in enumerate(self._latin1_patterns())}
            self._lengths = sorted({len(p) for p in self._index})
        index, lengths, word, n = self._index, self._lengths, _WORD_BYTE, len(data)
        chars = data.decode("latin-1")  # one char per byte: slices hash like the patterns
        found = []
        for start in range(n):
            if start and word[data[start - 1]] == 1:
                continue
            for length in lengths:
                if start + length > n:
                    break
                i = index.get(chars[start:start + length])
                if i is not None:
                    found.append((i, start, start + length))
        return found

    def _find_str(self, text: str) -> list[Match]:
        # patterns use more distinct non-ASCII characters than a byte can name: the str automaton
        folded = fold(text)
        try:
            found = self.automaton.find_matches_as_indexes(folded, overlapping=True)  # type: ignore[union-attr]
        except UnicodeEncodeError:  # lone surrogates (--errors=surrogateescape): mask them, same length
            found = self.automaton.find_matches_as_indexes(  # type: ignore[union-attr]
                folded.translate(_SURROGATES), overlapping=True)
        out = []
        for pattern, start, end in found:
            if not at_word_boundaries(text, start, end):
                continue
            for entry, form in self.targets[pattern]:
                surfaces = self.case_surfaces.get((entry, form))
                if surfaces is not None and _case_key(text[start:end]) not in surfaces:
                    continue
                out.append(Match(start, end, entry, form))
        out.sort(key=_order)
        return out

    def __getstate__(self) -> dict:
        # the automaton is rebuilt rather than pickled: it is a native object
        return {"entries": self.entries}

    def __setstate__(self, state: dict) -> None:
        self.__init__(state["entries"], compile_tables(state["entries"]))  # type: ignore[misc]


def _order(m: Match) -> tuple[int, int, int]:
    return m[0], -m[1], m[2]


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
