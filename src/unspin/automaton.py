"""Aho-Corasick search of str patterns in str text, with code-point offsets, on the C automaton.

The automaton (``unspin._scan``, compiled at install) works on bytes. When every pattern is ASCII, a
text is searched one byte per code point: its non-ASCII characters become 0x80, a byte no pattern
has, so offsets stay code-point offsets and ASCII text costs a plain encode. Otherwise patterns and
text are searched as UTF-32 (four bytes per code point), and the matches that start inside a code
point are dropped. The lexicon matcher (match.py) has its own byte view and uses the automaton
directly; this serves the rest: document constraints, and lexicons too varied for that view.
"""

from __future__ import annotations

from collections.abc import Sequence

from ._scan import Automaton
from .wordbytes import byte_view

__all__ = ["Automaton", "StrAutomaton"]

_masked = byte_view(lambda c: 0x80)  # every non-ASCII character as 0x80


class StrAutomaton:
    """Every occurrence of every pattern, overlapping ones included: (pattern index, start, end).

    >>> StrAutomaton(["top minister", "minister"]).find("Jap top minister")
    [(0, 4, 16), (1, 8, 16)]
    >>> StrAutomaton(["café"]).find("un café")
    [(0, 3, 7)]
    """

    def __init__(self, patterns: Sequence[str]) -> None:
        self.ascii = all(p.isascii() for p in patterns)
        if self.ascii:
            self._automaton = Automaton([p.encode("ascii") for p in patterns])
        else:  # surrogatepass: a lone surrogate is a code point like any other
            self._automaton = Automaton([p.encode("utf-32-le", "surrogatepass") for p in patterns])

    def find(self, text: str) -> list[tuple[int, int, int]]:
        if self.ascii:
            return self._automaton.find(_masked(text))
        found = self._automaton.find(text.encode("utf-32-le", "surrogatepass"))
        return [(k, start >> 2, end >> 2) for k, start, end in found if not start & 3]
