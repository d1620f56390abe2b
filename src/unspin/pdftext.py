r"""Text extracted from PDF files, cleaned into a view the engine can match, with offsets kept.

A PDF's text layer hides phrases in three ways: typographic ligatures (``ﬁ`` is one code point for
``fi``), words hyphenated across line ends (``counter-\nfeit consciousness``) and soft hyphens
(U+00AD). :func:`pdf_view` builds a :class:`PdfView` in which those are undone, each view code point
knowing the span of the original it came from; :func:`explain_pdf_text` runs the engine on the view
and maps its edits back, so their offsets point into the ORIGINAL text.

A hard hyphen at a line end is ambiguous: ``arti-\nficial`` is one word broken by the typesetter,
``self-\nreport`` a compound that happens to fall there. The lexicons' own words decide first (a
hyphenated lexicon word keeps its hyphen, a solid one is joined); other words are joined when the
joined spelling is a common English word (wordfreq); otherwise only the line break goes and the
hyphen stays (``self-report``, which the lexicons match like ``self report``).

>>> v = pdf_view("counter-\nfeit conscious\ufb00")
>>> v.text
'counterfeit consciousff'
>>> v.source_span(0, 11)
(0, 13)
"""

from __future__ import annotations

import bisect
import dataclasses
import functools
import itertools
import re
import unicodedata
import weakref
from collections.abc import Iterable

from .api import Unspinner
from .edits import apply_edits
from .model import Edit, Result

SOFT_HYPHEN = "\u00ad"
# Latin ligatures of the Alphabetic Presentation Forms block (U+FB00..U+FB06): ff fi fl ffi ffl st st
LIGATURES = {chr(c): unicodedata.normalize("NFKC", chr(c)) for c in range(0xFB00, 0xFB07)}
# a word, a hyphen (ASCII or U+2010) at the end of a line, optional spaces, the next line's word
_BROKEN = re.compile(r"\b(\w++)([-\u2010])[ \t]*\r?\n[ \t]*(?=(\w+))")
# a soft hyphen, plus the line break after it if it ends a line: it only ever marks a break point
_SOFT = re.compile("\u00ad(?:[ \\t]*\\r?\\n[ \\t]*)?")
_LIGATURE_TABLE = str.maketrans(LIGATURES)
_LIGATURE = re.compile("[\ufb00-\ufb06]")
_NEEDS_VIEW = re.compile("[\u00ad\ufb00-\ufb06]|[-\u2010][ \\t]*\\r?\\n")


# joined spelling at least this common (wordfreq Zipf: 2.5 is about 3 per 10 million words)
MIN_ZIPF = 2.5


@dataclasses.dataclass(frozen=True)
class Vocabulary:
    """Words the lexicons match, so that a line-end hyphen never hides one of their phrases.

    ``hyphenated``: adjacent pieces of the lexicons' hyphenated words (``man-made``, ``k-implies``),
    kept hyphenated when a line break falls at their hyphen. ``solid``: their other words
    (``backwoods``), joined when a line break splits them.
    """

    hyphenated: frozenset[str] = frozenset()
    solid: frozenset[str] = frozenset()

    @classmethod
    def from_phrases(cls, phrases: Iterable[str]) -> Vocabulary:
        """The vocabulary of spun phrases.

        >>> v = Vocabulary.from_phrases(["sunlight-based power", "arbitrary backwoods"])
        >>> sorted(v.hyphenated), "backwoods" in v.solid
        (['sunlight-based'], True)
        """
        hyphenated, solid = set(), set()
        for phrase in phrases:
            for word in phrase.lower().split():
                parts = word.split("-")
                hyphenated.update(f"{a}-{b}" for a, b in itertools.pairwise(parts))
                solid.update(p for p in parts if p)
        return cls(frozenset(hyphenated), frozenset(solid))


def joins(head: str, tail: str, vocabulary: Vocabulary | None = None) -> bool:
    """Whether ``head-`` at a line end followed by ``tail`` is one word broken by the typesetter:
    the lexicons' own words decide first, then whether the joined spelling is a common English word.

    >>> joins("arti", "ficial"), joins("counter", "feit"), joins("self", "report")
    (True, True, False)
    >>> joins("man", "made", Vocabulary.from_phrases(["man-made"]))
    False
    """
    head, tail = head.translate(_LIGATURE_TABLE).lower(), tail.translate(_LIGATURE_TABLE).lower()
    pair, joined = f"{head}-{tail}", head + tail
    if not (head.isalpha() and tail.isalpha()):
        return False  # ranges and codes (pages 10-12, COVID-19) are never broken words
    if vocabulary is not None:
        if pair in vocabulary.hyphenated:
            return False
        if joined in vocabulary.solid:
            return True
    return _common(joined)


@functools.lru_cache(maxsize=65536)
def _common(word: str) -> bool:
    from wordfreq import zipf_frequency  # loaded on first use: import and first lookup cost ~0.1 s

    return zipf_frequency(word, "en") >= MIN_ZIPF


def _removals(text: str, vocabulary: Vocabulary | None) -> list[tuple[int, int]]:
    """Spans of ``text`` the view leaves out: soft hyphens, and the hyphen-and-line-break (or only
    the line break) of words broken across lines; sorted, not overlapping."""
    spans = [(m.start(), m.end()) for m in _SOFT.finditer(text)]
    for m in _BROKEN.finditer(text):
        # the hyphen goes too when the pieces make one word; else only the line break
        start = m.start(2) if joins(m.group(1), m.group(3), vocabulary) else m.end(2)
        spans.append((start, m.end()))
    spans.sort()
    merged: list[tuple[int, int]] = []
    for s, e in spans:
        if merged and s <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], e))
        else:
            merged.append((s, e))
    return merged


class PdfView:
    """Cleaned text and, for every code point of it, the span of the source it came from.

    Like :class:`unspin.markup.segments.ProseView` (same queries), but stored as runs rather than
    one record per code point: a PDF view is nearly all verbatim text, and per-code-point lists
    built at 0.8 MB/s, slower than the engine itself.
    """

    def __init__(self, source: str) -> None:
        self.source = source
        self._parts: list[str] = []
        self._view_starts: list[int] = []  # view offset where each run starts
        self._runs: list[tuple[int, int, bool]] = []  # (source start, source end, verbatim)
        self._len = 0
        self._text: str | None = None

    def add_source(self, start: int, end: int) -> None:
        """Add ``source[start:end]`` verbatim."""
        if start < end:
            self._add(self.source[start:end], start, end, True)

    def add_decoded(self, decoded: str, start: int, end: int) -> None:
        """Add ``decoded``, every code point of which stands for all of ``source[start:end]``."""
        self._add(decoded, start, end, False)

    def _add(self, text: str, start: int, end: int, verbatim: bool) -> None:
        self._parts.append(text)
        self._view_starts.append(self._len)
        self._runs.append((start, end, verbatim))
        self._len += len(text)
        self._text = None

    @property
    def text(self) -> str:
        if self._text is None:
            self._text = "".join(self._parts)
        return self._text

    def __len__(self) -> int:
        return self._len

    def _locate(self, k: int) -> tuple[int, int]:
        """(start, end) in the source of view code point ``k``."""
        i = bisect.bisect_right(self._view_starts, k) - 1
        start, end, verbatim = self._runs[i]
        if verbatim:
            at = start + k - self._view_starts[i]
            return at, at + 1
        return start, end

    def source_span(self, a: int, b: int) -> tuple[int, int]:
        """The source span of view code points ``a..b`` (``a < b``)."""
        return self._locate(a)[0], self._locate(b - 1)[1]

    def insertion_point(self, a: int) -> int:
        """The source offset for an insertion before view code point ``a``."""
        if a > 0:
            return self._locate(a - 1)[1]
        return self._locate(0)[0] if self._len else 0


def pdf_view(text: str, vocabulary: Vocabulary | None = None) -> PdfView:
    r"""The cleaned view of a PDF text layer (see the module docstring).

    >>> pdf_view("self-\nreport, arti\u00adficial").text
    'self-report, artificial'
    """
    view = PdfView(text)
    pos = 0
    for s, e in [*_removals(text, vocabulary), (len(text), len(text))]:
        run_start = pos
        for m in _LIGATURE.finditer(text, pos, s):
            view.add_source(run_start, m.start())
            view.add_decoded(LIGATURES[m.group()], m.start(), m.end())
            run_start = m.end()
        view.add_source(run_start, s)
        pos = e
    return view


def needs_view(text: str) -> bool:
    """Whether ``text`` holds anything :func:`pdf_view` would change (a cheap test first)."""
    return _NEEDS_VIEW.search(text) is not None


def map_edit(view: PdfView, edit: Edit) -> Edit:
    r"""``edit`` on the view re-anchored on the original: its span covers every original code point
    the edited view text came from (the hyphen and line break of a joined word included), so
    applying it writes the repaired words without the break.

    >>> v = pdf_view("arti-\nficial")
    >>> e = map_edit(v, Edit(0, 10, "artificial", "counterfeit"))
    >>> (e.start, e.end, e.original)
    (0, 12, 'arti-\nficial')
    """
    if edit.start < edit.end:
        s, e = view.source_span(edit.start, edit.end)
    else:
        s = e = view.insertion_point(edit.start)
    return edit.moved(s, e, view.source[s:e], edit.replacement)


_VOCABULARIES: weakref.WeakKeyDictionary[Unspinner, Vocabulary] = weakref.WeakKeyDictionary()


def vocabulary_of(unspinner: Unspinner) -> Vocabulary:
    """The :class:`Vocabulary` of an Unspinner's spun phrases, built once per Unspinner."""
    vocabulary = _VOCABULARIES.get(unspinner)
    if vocabulary is None:
        vocabulary = _VOCABULARIES[unspinner] = Vocabulary.from_phrases(e.spun for e in unspinner.entries)
    return vocabulary


def explain_pdf_text(unspinner: Unspinner, text: str) -> Result:
    r"""Like ``unspinner.explain(text)`` for a PDF text layer: phrases hidden by ligatures, soft
    hyphens and line-end hyphenation are found, and edits carry offsets into ``text``.

    >>> u = Unspinner(lexicons=["science"])
    >>> r = explain_pdf_text(u, "we use counter-\nfeit consciousness")
    >>> [(e.start, e.end, e.replacement) for e in r.edits]
    [(7, 34, 'artificial intelligence')]
    """
    if not needs_view(text):
        return unspinner.explain(text)
    view = pdf_view(text, vocabulary_of(unspinner))
    result = unspinner.explain(view.text)
    edits: list[Edit] = []
    rejected = [map_edit(view, e) for e in result.rejected]
    for edit in sorted((map_edit(view, e) for e in result.edits), key=lambda e: (e.start, e.end)):
        # two view edits can meet inside one ligature; the original cannot take both
        if edits and edit.start < edits[-1].end:
            rejected.append(dataclasses.replace(edit, reason=f"{edit.reason}; not applied: overlaps "
                                                             "another edit in the original"))
        else:
            edits.append(edit)
    return Result(apply_edits(text, edits), tuple(edits), result.spin_score, result.words, tuple(rejected))
