"""Shared helpers of the normalization steps: building Edits and choosing a non-overlapping set."""

from __future__ import annotations

import bisect
from collections.abc import Iterable

from unspin.model import Edit

LEXICON = "normalize"
VERSION = "1"


def make_edit(text: str, start: int, end: int, replacement: str, step: str, confidence: float,
              reason: str) -> Edit:
    """An Edit of kind ``normalize`` replacing ``text[start:end]`` with ``replacement``.

    >>> make_edit("a.B", 2, 2, " ", "glued", 0.99, "glued").original
    ''
    """
    return Edit(start, end, text[start:end], replacement, rule=f"normalize:{step}", lexicon=LEXICON,
                lexicon_version=VERSION, confidence=confidence, kind="normalize", reason=reason)


def conflicts(a: Edit, b: Edit) -> bool:
    """True when two edits cannot both be applied unambiguously.

    Spans that share characters conflict. A zero-width insertion conflicts with a span that strictly
    contains its offset, with another insertion at the same offset, and with a span that starts at
    its offset (the splice order of the two would then depend on how a caller sorts ties).

    >>> from unspin.model import Edit
    >>> conflicts(Edit(3, 3, "", " "), Edit(3, 5, "ab", "")), conflicts(Edit(3, 3, "", " "), Edit(1, 3, "ab", ""))
    (True, False)
    """
    if a.start == a.end and b.start == b.end:
        return a.start == b.start
    if a.start == a.end:
        return b.start <= a.start < b.end
    if b.start == b.end:
        return a.start <= b.start < a.end
    return a.start < b.end and b.start < a.end


def select(groups: Iterable[Iterable[Edit]]) -> list[Edit]:
    """Keep edits in priority order (earlier groups win), dropping any that conflicts with a kept one.

    Returns the kept edits sorted by (start, end).

    >>> from unspin.model import Edit
    >>> [(e.start, e.end) for e in select([[Edit(2, 4, "ab", "")], [Edit(3, 3, "", " "), Edit(0, 1, "x", "")]])]
    [(0, 1), (2, 4)]
    """
    kept: list[Edit] = []
    keys: list[tuple[int, int]] = []
    for group in groups:
        for edit in group:
            key = (edit.start, edit.end)
            # Kept edits never conflict with each other, so only the edit sorted just before this
            # one and those starting inside its span can conflict with it.
            j = max(bisect.bisect_left(keys, key) - 1, 0)
            clash = False
            while j < len(kept) and kept[j].start <= edit.end:
                if conflicts(edit, kept[j]):
                    clash = True
                    break
                j += 1
            if not clash:
                k = bisect.bisect_right(keys, key)
                kept.insert(k, edit)
                keys.insert(k, key)
    return kept


def apply(text: str, edits: Iterable[Edit]) -> str:
    """Splice non-overlapping edits into ``text`` (a local twin of the engine's apply_edits).

    >>> apply("a.B", [make_edit("a.B", 2, 2, " ", "glued", 0.99, "")])
    'a. B'
    """
    out, pos = [], 0
    for e in sorted(edits, key=lambda e: (e.start, e.end)):
        out.append(text[pos:e.start])
        out.append(e.replacement)
        pos = e.end
    out.append(text[pos:])
    return "".join(out)


def words(spaced: str) -> frozenset[str]:
    """A word set written as one spaced string, so long lists stay readable in the source.

    >>> sorted(words("b a  b"))
    ['a', 'b']
    """
    return frozenset(spaced.split())
