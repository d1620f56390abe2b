"""Text as one byte per code point, by word class, for questions asked of every word of a text.

Counting words and looking for doubled words try a regular expression at every word of the text
(~40-55 ms per MB here). Here the text is encoded once to bytes that keep only what those questions
need, in the classes a question needs, and read by one C loop (src/unspin/_wordscan.c):

- an ASCII character is itself; ``’`` becomes ``'`` (both join words);
- a non-ASCII word character (what ``\\w`` matches: ``str.isalnum()``) becomes ``0x80``, except the
  four that ``re.IGNORECASE`` equates with an ASCII letter (``İ ı ſ K``), which become that letter;
- any other non-ASCII character becomes a space.

Byte offsets are code-point offsets, since each character becomes exactly one byte.

>>> word_bytes("Grüße, it’s  İ")
b"Gr\\x80\\x80e, it's  i"
"""

from __future__ import annotations

from collections.abc import Callable

from . import _wordscan

_ASCII_OF = {"\u0130": b"i", "\u0131": b"i", "\u017f": b"s", "\u212a": b"k"}


_IDENTITY = bytes(range(256))


def byte_view(non_ascii: Callable[[str], int], classes: bytes = _IDENTITY) -> Callable[[str], bytes]:
    """An encoder of text to one byte per code point: an ASCII character ``c`` as ``classes[c]``, any
    other as ``classes[non_ascii(c)]``. One C pass over the text (``_wordscan.view``), which calls back
    for a run of non-ASCII characters only when it has one it has not mapped before in that text, so
    ASCII text and the usual curly quotes and dashes are read at C speed.

    >>> view = byte_view(lambda c: 0x80)
    >>> view("café ok"), byte_view(lambda c: 0x80, bytes(range(256)).upper())("café ok")
    (b'caf\\x80 ok', b'CAF\\x80 OK')
    """
    def runs(run: str) -> bytes:
        return bytes([classes[non_ascii(c)] for c in run])

    return lambda text: _wordscan.view(text, classes, runs)


def _word_class(c: str) -> int:
    return 0x27 if c == "’" else _ASCII_OF[c][0] if c in _ASCII_OF else 0x80 if c.isalnum() else 0x20


_word_view = byte_view(_word_class)


def word_bytes(text: str) -> bytes:
    """``text`` as one byte per code point (see the module docstring)."""
    return _word_view(text)


def _table(mapping: dict[int, int], default: int) -> bytes:
    return bytes(mapping.get(b, default) for b in range(256))


_WORD = [*range(ord("0"), ord("9") + 1), *range(ord("A"), ord("Z") + 1), *range(ord("a"), ord("z") + 1),
         ord("_"), 0x80]
# word characters -> "a", joiners (' and -) -> "j", anything else -> " "
_CLASSES = _table({**{b: ord("a") for b in _WORD}, ord("'"): ord("j"), ord("-"): ord("j")}, ord(" "))
_word_classes = byte_view(_word_class, _CLASSES)


def count_words(text: str) -> int:
    r"""Words as the scorer counts them: the matches of ``\w+(?:['’-]\w+)*`` in ``text`` (words
    joined by apostrophes or hyphens count once), counted without running it.

    In the class bytes (word character ``a``, joiner ``j``, other `` ``) a word is a run of ``a``,
    together with the runs joined to it by a single joiner (``aja``); one C loop counts them
    (src/unspin/_wordscan.c), where the expression restarted at every word.

    >>> count_words("It’s a well-known fact -- isn't it? U.S. 3,000 a--b x-")
    13
    """
    return _wordscan.count_words(_word_classes(text))


# words for the doubled-word test: letters folded to lower case, digits, "_", "'" and 0x80 kept, an
# ASCII space a space (the only thing between a word and its repeat), anything else 0x01
_OTHER = 0x01
_FOLDED = _table({**{b: b for b in _WORD}, **{b: b + 32 for b in range(ord("A"), ord("Z") + 1)},
                  ord("'"): ord("'"), ord(" "): ord(" ")}, _OTHER)
_folded_words = byte_view(lambda c: _OTHER if (k := _word_class(c)) == 0x20 else k, _FOLDED)


def repeated_words(text: str) -> list[int]:
    r"""Offsets of the words that are followed, across exactly one space, by the same word (in case
    folded bytes): a superset of where ``\b(\w+) \1\b`` (case-insensitive) matches, whenever
    neither copy is glued to an apostrophe.

    A word here is a run of letters, apostrophes and non-ASCII word characters after a non-word
    character (or at the start), its repeat follows one ASCII space and may not run on into a word
    character: in the folded bytes (other non-word characters 0x01), the matches of
    ``rb"[ \x01]([a-z'\x80]++) \1(?![a-z0-9_\x80])"`` with a space put in front, found by one C loop.

    >>> repeated_words("The the end, a a. Élan élan; the-the"), repeated_words("x the\nthe the")
    ([0, 13, 18], [6])
    """
    return _wordscan.repeats(_folded_words(text))
