"""Aho-Corasick search of str patterns in str text, with code-point offsets, on the C automaton.

The automaton (``unspin._scan``, compiled at install) works on bytes. A text is searched one byte per
code point, so offsets stay code-point offsets: an ASCII character is itself, each non-ASCII character
that some pattern has gets a byte of its own from 0x81 up, and every other character becomes 0xFF if it
is a word character (``\\w``) and 0x80 if not, bytes no pattern has. Only patterns with more than 126
distinct non-ASCII characters are searched as UTF-32 instead (four bytes per code point; the matches
that start inside a code point are dropped), which costs several times as much: the text is four times
as long, and each match is checked. The lexicon matcher (match.py) has its own byte view and uses the
automaton directly; this serves the rest: document constraints, and lexicons too varied for that view.
"""

from __future__ import annotations

from collections.abc import Sequence

from ._scan import Automaton
from ._wordscan import collapse_separators, squeeze_spaces
from .wordbytes import byte_view

__all__ = ["Automaton", "StrAutomaton"]

# the bytes of a non-ASCII character that no pattern has: one that is not a word character, one that is
# (\w, what str.isalnum() says), so that a match's neighbour settles whether it stands apart
_OTHER, _OTHER_WORD = 0x80, 0xFF
_OWN_BYTES = _OTHER_WORD - _OTHER - 1  # non-ASCII characters that can have a byte of their own


def _other(c: str) -> int:
    return _OTHER_WORD if c.isalnum() else _OTHER


_masked = byte_view(_other)  # a text for patterns without non-ASCII characters
# a neighbour byte of a match, for find_apart: 1 a word character (\w), 0 any other character, 2 a
# pattern's own non-ASCII character (the view does not say whether it is a word character)
_WORD_EDGES = bytes(1 if b == _OTHER_WORD or (b < 0x80 and (chr(b).isalnum() or b == 0x5F)) else
                    0 if b < 0x80 or b == _OTHER else 2 for b in range(256))
# the bytes of a view that are word characters: no pattern standing apart starts after one
_WORD_BYTES = bytes(1 if edge == 1 else 0 for edge in _WORD_EDGES)
# find_apart_collapsed's view: every separator of collapse_separators (whitespace, "-") as a space
_SPACED = bytes(0x20 if b < 0x80 and (chr(b).isspace() or chr(b) == "-") else b for b in range(256))


class StrAutomaton:
    """Every occurrence of every pattern, overlapping ones included: (pattern index, start, end).

    With ``apart``, for a caller that asks only for the patterns standing apart (:meth:`find_apart`),
    :meth:`find` leaves out the occurrences that a word character (``\\w``) precedes, but for one of the
    patterns' own non-ASCII characters (its byte does not say): that spares the scan the middle of every
    word (see WORD STARTS in _scan.c).

    >>> StrAutomaton(["top minister", "minister"]).find("Jap top minister")
    [(0, 4, 16), (1, 8, 16)]
    >>> StrAutomaton(["café"]).find("un café")
    [(0, 3, 7)]
    >>> StrAutomaton(["top", "op"], apart=True).find("top")
    [(0, 0, 3)]
    """

    def __init__(self, patterns: Sequence[str], apart: bool = False) -> None:
        wide = sorted({c for p in patterns for c in p if not c.isascii()})
        self._apart = apart
        self.one_byte = len(wide) <= _OWN_BYTES
        if self.one_byte:
            codes = {c: _OTHER + 1 + i for i, c in enumerate(wide)}
            self._view = byte_view(lambda c: codes.get(c) or _other(c)) if wide else _masked
            self._spaced_view = byte_view(lambda c: 0x20 if c.isspace() else codes.get(c) or _other(c), _SPACED)
            self._automaton = Automaton([bytes(codes.get(c) or ord(c) for c in p) for p in patterns], None,
                                        _WORD_BYTES if apart else None)
        else:  # surrogatepass: a lone surrogate is a code point like any other
            self._automaton = Automaton([p.encode("utf-32-le", "surrogatepass") for p in patterns])

    def find_apart(self, text: str) -> tuple[list[int], list[tuple[int, int, int]]]:
        """The patterns that occur in ``text`` as words of their own (no ``\\w`` character right before or
        after them), once each, and the matches whose neighbours a view of the text cannot settle (a
        non-ASCII character) for the caller to look at: ``(patterns, [(pattern, start, end), ...])``.

        >>> StrAutomaton(["top", "minister"]).find_apart("the top minister, étop, ministers")
        ([0, 1], [])
        >>> StrAutomaton(["top", "é"]).find_apart("étop")  # "é" is a pattern's: its byte says nothing
        ([], [(0, 1, 4)])
        """
        if not self.one_byte:
            return [], self.find(text)
        return self._automaton.distinct(self._view(text), _WORD_EDGES, _WORD_EDGES)

    def find_apart_collapsed(self, text: str) -> tuple[list[int], list[tuple[int, int, int]]]:
        """:meth:`find_apart` in ``collapse_separators(text)`` (every run of whitespace and hyphens one
        space, none at the ends; the unsettled matches' offsets are into that copy), without making
        the copy: the view gives each separator a space, and the spaces are squeezed in the view.

        >>> StrAutomaton(["top minister"]).find_apart_collapsed("the top --  minister")
        ([0], [])
        """
        if not self.one_byte:
            return [], self.find(collapse_separators(text))
        return self._automaton.distinct(squeeze_spaces(self._spaced_view(text)), _WORD_EDGES, _WORD_EDGES)

    def find(self, text: str) -> list[tuple[int, int, int]]:
        if self.one_byte:
            return self._automaton.find(self._view(text))
        found = self._automaton.find(text.encode("utf-32-le", "surrogatepass"))
        found = [(k, start >> 2, end >> 2) for k, start, end in found if not start & 3]
        if self._apart:  # as the byte view's automaton leaves them out (and more)
            found = [m for m in found if not (m[1] and (text[m[1] - 1].isalnum() or text[m[1] - 1] == "_"))]
        return found
