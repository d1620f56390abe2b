"""The prose view of a structured document, and mapping edits on it back to the document.

A :class:`ProseView` is the text a reader sees (markup removed, character references decoded, a
paragraph break between blocks) with, for every view code point, the span of the source it came
from. The engine runs on the view; :func:`map_edits` turns its edits into edits on the source.

The rules for an edit on the view (docs/markup.md):

1. An edit that covers a block break is rejected: phrases never cross blocks.
2. When the edit's words and the replacement's words are equally many, each word is rewritten in
   place and the source between the words (whitespace, tags, line prefixes) is kept byte for byte:
   ``<b>Top</b> Minister`` -> ``<b>Prime</b> Minister``. A word that itself contains markup
   (``T<i>o</i>p``) cannot be rewritten: rejected.
3. Otherwise the whole span is replaced when the source inside it holds only text and whitespace;
   when it holds markup (``<em>imaginative</em> and prescient`` -> ``vision``), the edit is rejected.
4. Within a replaced stretch, the common prefix and suffix of old and new text keep their source
   spelling; new characters are escaped for the format, and a character the source spelled as a
   reference inside the edit (``&#8217;``) is spelled the same way again.

>>> v = ProseView("<b>Top</b> Minister")
>>> v.add_source(3, 6); v.add_source(10, 19)
>>> v.text
'Top Minister'
>>> v.source_span(0, 12)
(3, 19)
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from ..edits import common_affixes
from ..model import Edit

BREAK = "\n\n"
PLACEHOLDER = "\ufffc"  # OBJECT REPLACEMENT CHARACTER: not a word, not whitespace
_WORD = re.compile(r"\S+")

Escaper = Callable[[str], str]


class ProseView:
    """Prose text with a source span for every code point.

    Synthetic code points (block breaks) have an empty span at the position they stand for and
    are flagged, so an edit covering one can be refused.
    """

    def __init__(self, source: str) -> None:
        self.source = source
        self._chars: list[str] = []
        self.starts: list[int] = []
        self.ends: list[int] = []
        self.synthetic: list[bool] = []
        self._text: str | None = None

    @property
    def text(self) -> str:
        if self._text is None:
            self._text = "".join(self._chars)
        return self._text

    def tail(self, mark: int) -> str:
        """The view text from code point ``mark`` on."""
        return "".join(self._chars[mark:])

    def __len__(self) -> int:
        return len(self._chars)

    def add_source(self, start: int, end: int) -> None:
        """Add ``source[start:end]`` verbatim, one view code point per source code point."""
        for i in range(start, end):
            self._add(self.source[i], i, i + 1, False)

    def add_decoded(self, decoded: str, start: int, end: int) -> None:
        """Add text decoded from ``source[start:end]`` (a character reference, an escape)."""
        for c in decoded:
            self._add(c, start, end, False)

    def ends_with_space(self) -> bool:
        """Whether the view ends in whitespace (or is empty), so another space would be redundant."""
        return not self._chars or self._chars[-1].isspace() or self._chars[-1] == PLACEHOLDER

    def add_break(self, at: int) -> None:
        """A block boundary at source offset ``at``; consecutive breaks collapse into one."""
        if self._chars and not (self.synthetic[-1] and self._chars[-1] == BREAK[-1]):
            for c in BREAK:
                self._add(c, at, at, True)

    def add_placeholder(self, at: int) -> None:
        """Something that is not prose but sits inside it (a code span, an image): a synthetic
        non-word code point, so no phrase matches across it and no edit may cover it."""
        self._add(PLACEHOLDER, at, at, True)

    def truncate(self, n: int) -> None:
        """Forget everything after the first ``n`` view code points (a block that failed to map)."""
        del self._chars[n:], self.starts[n:], self.ends[n:], self.synthetic[n:]
        self._text = None

    def _add(self, c: str, start: int, end: int, synthetic: bool) -> None:
        self._text = None
        self._chars.append(c)
        self.starts.append(start)
        self.ends.append(end)
        self.synthetic.append(synthetic)

    # -- queries ---------------------------------------------------------------------------------
    def source_span(self, a: int, b: int) -> tuple[int, int]:
        """The source span of view code points ``a..b`` (``a < b``)."""
        return self.starts[a], self.ends[b - 1]

    def gaps(self, a: int, b: int) -> list[str]:
        """The source text between consecutive view code points of ``a..b`` that no view code point
        covers (tags, markup, line prefixes); empty strings omitted."""
        out = []
        for k in range(a, b - 1):
            if self.ends[k] != self.starts[k + 1]:
                out.append(self.source[self.ends[k]:self.starts[k + 1]] if self.ends[k] < self.starts[k + 1]
                           else "\0")  # one reference decoded to several code points: never "text"
        return out

    def spelling(self, k: int) -> str:
        """How the source spells view code point ``k``."""
        return self.source[self.starts[k]:self.ends[k]]

    def insertion_point(self, a: int) -> int | None:
        """The source offset for an insertion before view code point ``a``, None at a block break."""
        if a > 0 and not self.synthetic[a - 1]:
            return self.ends[a - 1]
        if a < len(self) and not self.synthetic[a]:
            return self.starts[a]
        return None


class Unmappable(Exception):
    """An edit on the view that cannot be written back to the source; the message says why."""


def _rewrite(view: ProseView, a: int, b: int, new: str, escape: Escaper) -> str:
    """The source text for view ``a..b`` with its text changed to ``new`` (rule 4)."""
    old = view.text[a:b]
    p, q = common_affixes(old, new)
    s, e = view.source_span(a, b)
    head_end = view.ends[a + p - 1] if p else s
    tail_start = view.starts[b - q] if q else e
    refs = {view.text[k]: view.spelling(k) for k in range(a, b)
            if view.spelling(k) != view.text[k] and len(view.spelling(k)) > 1}
    middle = "".join(refs.get(c) or escape(c) for c in new[p:len(new) - q])
    return view.source[s:head_end] + middle + view.source[tail_start:e]


def map_edit(view: ProseView, edit: Edit, escape: Escaper) -> Edit:
    """The edit on the source equivalent to ``edit`` on the view; raises :class:`Unmappable`.

    >>> v = ProseView("<b>Top</b> Minister")
    >>> v.add_source(3, 6); v.add_source(10, 19)
    >>> e = map_edit(v, Edit(0, 12, "Top Minister", "Prime Minister"), str)
    >>> (e.start, e.end, e.original, e.replacement)
    (3, 19, 'Top</b> Minister', 'Prime</b> Minister')
    """
    a, b, new = edit.start, edit.end, edit.replacement
    if a == b:
        at = view.insertion_point(a)
        if at is None:
            raise Unmappable("an insertion at a block boundary")
        text = "".join(escape(c) for c in new)
        return edit.moved(at, at, "", text)
    if any(view.synthetic[a:b]):
        raise Unmappable("the phrase crosses a block boundary or code")
    s, e = view.source_span(a, b)
    old = view.text[a:b]
    old_words = [(m.start() + a, m.end() + a) for m in _WORD.finditer(old)]
    new_words = _WORD.findall(new)
    gaps = view.gaps(a, b)
    if old_words and len(old_words) == len(new_words):
        parts, pos = [], s
        for (wa, wb), word in zip(old_words, new_words, strict=True):
            if view.gaps(wa, wb):
                raise Unmappable("markup inside a word")
            ws, we = view.source_span(wa, wb)
            parts += [view.source[pos:ws], _rewrite(view, wa, wb, word, escape)]
            pos = we
        parts.append(view.source[pos:e])
        replacement = "".join(parts)
    elif all(g.isspace() for g in gaps):
        replacement = _rewrite(view, a, b, new, escape)
    else:
        raise Unmappable("the phrase crosses inline markup and its word count changes")
    return edit.moved(s, e, view.source[s:e], replacement)


def map_edits(view: ProseView, edits: Iterable[Edit], escape: Escaper) -> tuple[list[Edit], list[Edit]]:
    """Map view edits to source edits: (mapped, refused). A refused edit keeps its source span
    (when it has one) and its reason says why it was not applied."""
    mapped, refused = [], []
    for edit in edits:
        try:
            m = map_edit(view, edit, escape)
        except Unmappable as exc:
            refused.append(refuse(view, edit, str(exc)))
            continue
        if m.original != m.replacement:
            mapped.append(m)
    return mapped, refused


def refuse(view: ProseView, edit: Edit, why: str) -> Edit:
    """``edit`` re-anchored on the source for reporting, its reason extended with ``why``."""
    if edit.start < edit.end:
        s, e = view.source_span(edit.start, edit.end)
    else:
        s = e = view.insertion_point(edit.start) or 0
    reason = f"{edit.reason}; not applied: {why}" if edit.reason else f"not applied: {why}"
    return edit.moved(s, e, view.source[s:e], edit.replacement, reason=reason)
