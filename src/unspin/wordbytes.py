"""Text as one byte per code point, by word class, for questions asked of every word of a text.

Counting words and looking for doubled words try a regular expression at every word of the text
(~40-55 ms per MB here). Here the text is encoded once to bytes that keep only what those questions
need, and the questions become C-level ``bytes`` operations (``count``, ``split``, ``translate``):

- an ASCII character is itself; ``’`` becomes ``'`` (both join words);
- a non-ASCII word character (what ``\\w`` matches: ``str.isalnum()``) becomes ``0x80``, except the
  four that ``re.IGNORECASE`` equates with an ASCII letter (``İ ı ſ K``), which become that letter;
- any other non-ASCII character becomes a space.

Byte offsets are code-point offsets, since each character becomes exactly one byte.

>>> word_bytes("Grüße, it’s  İ")
b"Gr\\x80\\x80e, it's  i"
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Callable

_ASCII_OF = {"\u0130": b"i", "\u0131": b"i", "\u017f": b"s", "\u212a": b"k"}


def byte_view(name: str, non_ascii: Callable[[str], int]) -> Callable[[str], bytes]:
    """An encoder of text to one byte per code point: ASCII as itself, any other character as
    ``non_ascii(char)``. The codec calls the error handler registered under ``name`` once per run of
    non-ASCII characters, so ASCII text is copied at C speed.

    >>> view = byte_view("unspin-doctest", lambda c: 0x80)
    >>> view("café ok")
    b'caf\\x80 ok'
    """
    def handler(exc: UnicodeError) -> tuple[bytes, int]:
        run = exc.object[exc.start:exc.end]  # type: ignore[attr-defined]
        return bytes(map(non_ascii, run)), exc.end  # type: ignore[attr-defined]

    codecs.register_error(name, handler)
    return lambda text: text.encode("ascii", name)


def _word_class(c: str) -> int:
    return 0x27 if c == "’" else _ASCII_OF[c][0] if c in _ASCII_OF else 0x80 if c.isalnum() else 0x20


_word_view = byte_view("unspin-word-bytes", _word_class)


def word_bytes(text: str) -> bytes:
    """``text`` as one byte per code point (see the module docstring)."""
    return _word_view(text)


def _table(mapping: dict[int, int], default: int) -> bytes:
    return bytes(mapping.get(b, default) for b in range(256))


_WORD = [*range(ord("0"), ord("9") + 1), *range(ord("A"), ord("Z") + 1), *range(ord("a"), ord("z") + 1),
         ord("_"), 0x80]
# word characters -> "a", joiners (' and -) -> "j", anything else -> " "
_CLASSES = _table({**{b: ord("a") for b in _WORD}, ord("'"): ord("j"), ord("-"): ord("j")}, ord(" "))


def count_words(text: str) -> int:
    r"""Words as the scorer counts them: the matches of ``\w+(?:['’-]\w+)*`` in ``text`` (words
    joined by apostrophes or hyphens count once), counted without running it.

    In the class bytes (word character ``a``, joiner ``j``, other `` ``) a word starts at each run of
    ``a`` except one joined to the run before by a single joiner (``aja``). Every count below is of a
    sequence that cannot overlap itself, so ``bytes.count`` (a C scan) gets each one exactly.

    >>> count_words("It’s a well-known fact -- isn't it? U.S. 3,000 a--b x-")
    13
    """
    c = word_bytes(text).translate(_CLASSES)
    runs = c.startswith(b"a") + c.count(b" a") + c.count(b"ja")
    joins = c.count(b"aj") - c.count(b"aj ") - c.count(b"ajj") - c.endswith(b"aj")
    return runs - joins


# words for the doubled-word test: letters folded to lower case, digits, "_", "'" and 0x80 kept,
# anything else a space
_FOLDED = _table({**{b: b for b in _WORD}, **{b: b + 32 for b in range(ord("A"), ord("Z") + 1)},
                  ord("'"): ord("'")}, ord(" "))


# a word (letters, apostrophes, non-ASCII word characters) after a space, repeated across one
# space: starting with a literal, the scan skips ahead at C speed instead of trying every position
_REPEAT = re.compile(rb" ([a-z'\x80]++) \1(?![a-z0-9_\x80])")


def repeated_words(text: str) -> list[int]:
    r"""Offsets of the words that are followed, across exactly one space, by the same word (in case
    folded bytes): a superset of where ``\b(\w+) \1\b`` (case-insensitive) matches, whenever
    neither copy is glued to an apostrophe.

    >>> repeated_words("The the end, a a. Élan élan; the-the")
    [0, 13, 18, 29]
    """
    # a space in front lets a repeat at the very start match; it shifts offsets by one
    return [m.start() for m in _REPEAT.finditer(b" " + word_bytes(text).translate(_FOLDED))]
