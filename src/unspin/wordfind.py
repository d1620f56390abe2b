"""Whether a literal occurs in a text as a word of its own: no character of a class (``\\w``, letters)
right before or after it.

Most lookups settle at the first few occurrences, found with ``str.find`` at memory speed. A literal
frequent inside longer words ("ar" in "are", "he" in "the") would make that a Python loop over
thousands of them; after FINDS occurrences the rest is one expression search with the literal first,
so that the expression engine scans for it, and the neighbours checked after it.

>>> occurs_apart("the theme", "he"), occurs_apart("the theme; he", "he"), occurs_apart("a_b", "a")
(False, True, False)
>>> occurs_apart("4g", "g", "[^\\\\W\\\\d_]")  # letters only: a digit is no part of a word
True
"""

from __future__ import annotations

import functools
import re

FINDS = 32  # occurrences tried one by one before the expression search
WORD = r"\w"


@functools.lru_cache(maxsize=16)
def _one(char: str) -> re.Pattern[str]:
    return re.compile(char)


@functools.lru_cache(maxsize=1024)
def _apart(literal: str, char: str) -> re.Pattern[str]:
    w = re.escape(literal)
    return re.compile(f"{w}(?!{char})(?<!{char}{w})")


def occurs_apart(text: str, literal: str, char: str = WORD, *, from_end: bool = False) -> bool:
    """Whether ``literal`` occurs in ``text`` with no match of the one-character class ``char`` right
    before or right after it; ``from_end``: the occurrences are tried from the last one back (where a
    caller knows the likely ones to be).

    >>> occurs_apart("the theme; he", "he", from_end=True), occurs_apart("he the theme", "he", from_end=True)
    (True, True)
    """
    one = _one(char)
    n = len(literal)
    at = text.rfind(literal) if from_end else text.find(literal)
    for _ in range(FINDS):
        if at < 0:
            return False
        if not (at and one.match(text, at - 1)) and not one.match(text, at + n):
            return True
        # the next occurrence: one starting after this, or (from the end) one starting before it
        at = text.rfind(literal, 0, at + n - 1) if from_end else text.find(literal, at + 1)
    if at < 0:
        return False
    return _apart(literal, char).search(text, 0 if from_end else at) is not None
