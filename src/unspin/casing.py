"""Carry the original's case pattern over to a replacement, and keep a/an in agreement.

>>> transfer_case("Top Minister", "prime minister")
'Prime Minister'
>>> transfer_case("TOP MINISTER", "prime minister"), transfer_case("america", "the United States")
('PRIME MINISTER', 'the United States')
>>> transfer_case("Even though", "although")
'Although'
"""

from __future__ import annotations

import functools
import re
import unicodedata

# Words kept lower case inside a title-cased replacement ("Comprehensive and Progressive Agreement").
SMALL_WORDS = frozenset(
    ["a", "an", "and", "as", "at", "but", "by", "for", "in", "nor", "of", "on", "or", "the", "to", "via", "with"])
_NON_SPACE = re.compile(r"\S+")
_APOSTROPHES = "'’"
_ASCII_LETTER_WORD = re.compile(r"[A-Za-z][A-Za-z']*")  # the expression below, on ASCII text


def letter_words(text: str) -> list[str]:
    """The words of ``text`` as ``\\p{L}[\\p{L}\\p{M}'’]*`` finds them: a letter, then letters,
    combining marks and apostrophes. Written out rather than run by the ``regex`` module, which a
    one-line command would otherwise import (~15 ms) for this alone; letters and marks are those of
    Python's Unicode database.

    >>> letter_words("Jap Top-Minister’s 3 naïve")
    ['Jap', 'Top', 'Minister’s', 'naïve']
    """
    if text.isascii():  # nearly every original: ASCII letters have no marks, "'" is the apostrophe
        return _ASCII_LETTER_WORD.findall(text)
    out: list[str] = []
    start = -1
    for i, c in enumerate(text):
        if start < 0:
            if c.isalpha():
                start = i
        elif not (c.isalpha() or c in _APOSTROPHES or (c > "\x7f" and unicodedata.category(c)[0] == "M")):
            out.append(text[start:i])  # c is no letter, so it starts no word either
            start = -1
    if start >= 0:
        out.append(text[start:])
    return out


def _is_upper(s: str) -> bool:
    if not s.isupper():  # C speed, and false for nearly every original
        return False
    letters = [c for c in s if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def _capitalize_first(s: str) -> str:
    for i, c in enumerate(s):
        if c.isalpha():
            return s[:i] + c.upper() + s[i + 1:]
    return s


def transfer_case(original: str, replacement: str) -> str:
    """The replacement in the original's case: lower (as written), Title, Every Word Title, UPPER.

    >>> transfer_case("top minister", "prime minister"), transfer_case("Top Minister", "prime minister")
    ('prime minister', 'Prime Minister')
    """
    if "a" <= original[:1] <= "z":  # most originals: a lower-case first word, which nothing below overrules
        return replacement
    words = letter_words(original)
    if not words:
        return replacement
    if _is_upper(original):
        return replacement.upper()
    if not words[0][0].isupper():
        return replacement  # lower case original: the canonical is written in its natural case
    if len(words) > 1 and all(w[0].isupper() for w in words if w.lower() not in SMALL_WORDS):
        out, first = [], True
        for m in _NON_SPACE.finditer(replacement):
            w = m.group()
            out.append(w if (not first and w.lower() in SMALL_WORDS) else _capitalize_first(w))
            first = False
        return _rejoin(replacement, out)
    return _capitalize_first(replacement)


def match_apostrophes(original: str, replacement: str) -> str:
    """Write the replacement's apostrophes in the original's style (straight or curly).

    >>> match_apostrophes("Biden's management", "Biden’s administration")
    "Biden's administration"
    """
    if "'" in original and "’" not in original:
        return replacement.replace("’", "'")
    if "’" in original and "'" not in original:
        return replacement.replace("'", "’")
    return replacement


def _rejoin(template: str, words: list[str]) -> str:
    it = iter(words)
    return _NON_SPACE.sub(lambda _m: next(it), template)


# Words starting with a vowel letter but a consonant sound, and the reverse.
@functools.cache
def _sounds() -> tuple:
    import regex  # on first use: most runs never choose an article

    return (regex.compile(r"(?i)(?:uni(?!nt|mp|nh|ns)|use|usu|ura|uro|eu|ew|one\b|once\b|ubiq|uti|uk)"),
            regex.compile(r"(?i)(?:hour|honest|honor|honour|heir)"))


def article_for(word: str) -> str | None:
    """``a`` or ``an`` for the word that follows; None when unsure (acronyms, digits, symbols).

    >>> article_for("area"), article_for("vision"), article_for("university"), article_for("hour")
    ('an', 'a', 'a', 'an')
    """
    if not word or not word[0].isalpha():
        return None
    if _is_upper(word):
        return None  # "an FBI", "a NATO": depends on spelling-out; leave it
    consonant_sound, vowel_sound = _sounds()
    if vowel_sound.match(word):
        return "an"
    if word[0].lower() in "aeiou":
        return "a" if consonant_sound.match(word) else "an"
    return "a"
