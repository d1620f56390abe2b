"""The glued rule in plain Python, what ``find_boundaries`` (its loop in C: _wordscan.glued_verdicts) is
checked against (test_normalize.py): the boundary expression at every position, then each test of the
rule in the order of the module docstring of unspin.normalize.glued."""

from __future__ import annotations

import re

from unspin.normalize.glued import (
    _SHORT_WORDS,
    ABBREVIATIONS,
    EXTENSIONS,
    SENTENCE_STARTERS,
    _is_name_after,
    _TextFacts,
)

BOUNDARY = re.compile(
    r"(?P<punct>[.?!…]+)(?P<close>[”’\"')\]]*)(?P<open>[“‘]?)"
    r"(?P<word>(?:[^\W\d_]\.){2,}|[^\W\d_][^\W_]*(?:['’\-][^\W_]+)*)"
)
LETTERS_AND_DIGITS = re.compile(r"(?=[^\W_]*\d)(?=[^\W_]*[^\W\d_])[^\W_]+")
# a reference to code: a word of two or more characters glued by a dot to a lower-case word
CODE_REFERENCE = re.compile(r"(?<![\w.])[^\W\d_][^\W_]+\.[a-z]")
CODE_NEARBY = 100  # characters either side of a boundary searched for another reference to code
CODE_BEFORE = set("/@:_=#\\$~<>|^&*+%`[{")
CODE_AFTER = re.compile(r"[(@/_=\[]|[.:][^\W_]")
WORD_BEFORE = re.compile(r"[^\W_]+(?:['’\-][^\W_]+)*$")


def boundaries(text: str) -> list[int]:
    """Where the glued rule puts a separator in ``text``."""
    facts = _TextFacts(text)
    return [m.start("open") if m.group("open") else m.start("word")
            for m in BOUNDARY.finditer(text) if is_boundary(text, m, facts)]


def word_before(text: str, end: int) -> tuple[str, int]:
    """The word ending at ``end`` and its start, looking back at most 64 characters (``$`` also matches
    before a final newline); ("", end) when none does."""
    m = WORD_BEFORE.search(text, max(0, end - 64), end)
    return (m.group(), m.start()) if m else ("", end)


def mixed_case(word: str) -> bool:
    return any(c.isupper() for c in word[1:]) and any(c.islower() for c in word)


def near_code_reference(text: str, pos: int) -> bool:
    lo = max(text.rfind("\n", max(0, pos - CODE_NEARBY), pos) + 1, pos - CODE_NEARBY)
    hi = text.find("\n", pos, pos + CODE_NEARBY)
    hi = min(len(text) if hi < 0 else hi, pos + CODE_NEARBY)
    return any(text[at] == "." and text[at + 1] in "abcdefghijklmnopqrstuvwxyz"
               and CODE_REFERENCE.search(text, lo, at + 2) for at in range(lo, hi - 1))


def is_boundary(text: str, m: re.Match[str], facts: _TextFacts) -> bool:
    punct, close, opening, word = m.groups()
    if not word[0].isupper():
        return False
    start = m.start()
    before, before_start = word_before(text, start)
    if not before:  # "(end).The", "rose 5%.Analysts": through closing brackets, quotes and %
        j = start
        while j > 0 and text[j - 1] in ")]”’\"'%":
            j -= 1
        if j == start or j == 0:
            return False
        before, before_start = word_before(text, j)
        if not before:
            return False
    if before_start > 0 and (text[before_start - 1] == "." or text[before_start - 1] in CODE_BEFORE):
        return False  # U.S., e.g., a.m., J.R.R., URLs, paths, e-mail, code
    if len(before) == 1 and before.isalpha():
        return False  # initials
    if ".." in punct or "…" in punct:
        return False  # ellipsis
    if m.end() < len(text) and CODE_AFTER.match(text, m.end()):
        return False  # obj.Method(), www.Example.com
    quoted = bool(close or opening)
    if not quoted and (mixed_case(word) or (len(word) > 1 and word.isupper() and "." not in word)):
        return False  # ssl.SSLContext, logging.DEBUG
    if before in ABBREVIATIONS or before.lower() == "www":
        return False
    if before.islower() and len(before) <= 2 and before not in _SHORT_WORDS:
        return False  # os.Path
    if len(word) == 1 and (before.isdigit() or word not in "AI"):
        return False  # section 4.B
    if "." not in word and word.lower() in EXTENSIONS and punct == ".":
        return False  # Amazon.Com, setup.Py
    if "`" in text and text.count("`", text.rfind("\n", 0, start) + 1, start) % 2 == 1:
        return False  # inside an inline code span
    if quoted:
        return True
    if mixed_case(before) or LETTERS_AND_DIGITS.fullmatch(before):
        return False  # AnEnum.MEMBER, sqlite3.Connection
    if before in facts.namespaces or near_code_reference(text, start):
        return False  # typing.Never with typing.assert_never elsewhere; functools.partial nearby
    if word in SENTENCE_STARTERS:
        return True
    return _is_name_after(before, word, facts)

