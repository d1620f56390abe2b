"""Paragraph breaks for scraped articles that lost their line breaks (off by default).

A line is an article whose paragraphs were run together when it is long and holds many glued
boundaries: at least MIN_LINE_CHARS characters and MIN_GLUED glued sentence boundaries (see
``glued``). In such a line every glued boundary gets a line break instead of a space, giving one
line per paragraph; lines that do not qualify keep the plain space of the glued step. A
properly separated sentence (``. The``) is never broken: only the glue marks a lost paragraph.
"""

from __future__ import annotations

import re

from unspin.model import Edit

from ._edit import make_edit
from .glued import find_boundaries

STEP = "paragraphs"
CONFIDENCE = 0.9
MIN_LINE_CHARS = 300
MIN_GLUED = 3
_LINE = re.compile(r"[^\n]+")


def find_paragraph_breaks(text: str, boundaries: list[int] | None = None) -> list[Edit]:
    """Line-break insertions at the glued boundaries of run-together lines (empty for other text).

    ``boundaries`` are the offsets of ``find_boundaries(text)`` when the caller has them already.

    >>> t = " ".join(["Word."] * 60) + " One is here.Two is here.Three is here.Four"
    >>> [e.replacement for e in find_paragraph_breaks(t)]
    ['\\n', '\\n', '\\n']
    >>> find_paragraph_breaks("Short.Line.With.Glue")
    []
    """
    if boundaries is None:
        boundaries = [b.at for b in find_boundaries(text)]
    edits: list[Edit] = []
    i = 0
    for m in _LINE.finditer(text):
        inside: list[int] = []
        while i < len(boundaries) and boundaries[i] < m.end():
            if boundaries[i] >= m.start():
                inside.append(boundaries[i])
            i += 1
        if len(inside) >= MIN_GLUED and m.end() - m.start() >= MIN_LINE_CHARS:
            edits += [make_edit(text, at, at, "\n", STEP, CONFIDENCE,
                                "glued sentence boundary in a run-together article: restored a line break")
                      for at in inside]
    return edits
