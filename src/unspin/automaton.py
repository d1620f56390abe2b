"""Aho-Corasick search of str patterns in str text, with code-point offsets, on the C automaton.

The automaton (``unspin._scan``, compiled at install) works on bytes. A text is searched one byte per
code point, so offsets stay code-point offsets: an ASCII character is itself, each non-ASCII character
that some pattern has gets a byte of its own from 0x81 up, and every other character becomes 0x80, a
byte no pattern has. Only patterns with more than 127 distinct non-ASCII characters are searched as
UTF-32 instead (four bytes per code point; the matches that start inside a code point are dropped),
which costs several times as much: the text is four times as long, and each match is checked. The
lexicon matcher (match.py) has its own byte view and uses the automaton directly; this serves the
rest: document constraints, and lexicons too varied for that view.
"""

from __future__ import annotations

from collections.abc import Sequence

from ._scan import Automaton
from .wordbytes import byte_view

__all__ = ["Automaton", "StrAutomaton"]

_masked = byte_view(lambda c: 0x80)  # every non-ASCII character as 0x80
_OTHER = 0x80  # the byte of a non-ASCII character that no pattern has
_OWN_BYTES = 0xFF - _OTHER  # non-ASCII characters that can have a byte of their own
# a neighbour byte of a match, for find_apart: 1 an ASCII word character (\w), 0 any other ASCII
# character, 2 non-ASCII (the view does not say whether it is a word character)
_WORD_EDGES = bytes(2 if b > 0x7F else 1 if chr(b).isalnum() or b == 0x5F else 0 for b in range(256))


class StrAutomaton:
    """Every occurrence of every pattern, overlapping ones included: (pattern index, start, end).

    >>> StrAutomaton(["top minister", "minister"]).find("Jap top minister")
    [(0, 4, 16), (1, 8, 16)]
    >>> StrAutomaton(["café"]).find("un café")
    [(0, 3, 7)]
    """

    def __init__(self, patterns: Sequence[str]) -> None:
        wide = sorted({c for p in patterns for c in p if not c.isascii()})
        self.one_byte = len(wide) <= _OWN_BYTES
        if self.one_byte:
            codes = {c: _OTHER + 1 + i for i, c in enumerate(wide)}
            self._view = byte_view(lambda c: codes.get(c, _OTHER)) if wide else _masked
            self._automaton = Automaton([bytes(codes.get(c) or ord(c) for c in p) for p in patterns])
        else:  # surrogatepass: a lone surrogate is a code point like any other
            self._automaton = Automaton([p.encode("utf-32-le", "surrogatepass") for p in patterns])

    def find_apart(self, text: str) -> tuple[list[int], list[tuple[int, int, int]]]:
        """The patterns that occur in ``text`` as words of their own (no ``\\w`` character right before or
        after them), once each, and the matches whose neighbours a view of the text cannot settle (a
        non-ASCII character) for the caller to look at: ``(patterns, [(pattern, start, end), ...])``.

        >>> StrAutomaton(["top", "minister"]).find_apart("the top minister, étop, ministers")
        ([0, 1], [(0, 19, 22)])
        """
        if not self.one_byte:
            return [], self.find(text)
        return self._automaton.distinct(self._view(text), _WORD_EDGES, _WORD_EDGES)

    def find(self, text: str) -> list[tuple[int, int, int]]:
        if self.one_byte:
            return self._automaton.find(self._view(text))
        found = self._automaton.find(text.encode("utf-32-le", "surrogatepass"))
        return [(k, start >> 2, end >> 2) for k, start, end in found if not start & 3]
