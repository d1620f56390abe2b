"""casing: the written-out word scan agrees with the ``regex`` expression it replaces (the case
transfer examples are in test_engine.py)."""

from __future__ import annotations

import sys
import unicodedata

import regex
from hypothesis import example, given, settings
from hypothesis import strategies as st

from unspin.casing import letter_words

_EXPRESSION = regex.compile(r"\p{L}[\p{L}\p{M}'’]*")
_LETTER, _MARK = regex.compile(r"\p{L}"), regex.compile(r"\p{M}")


def _same_class(c: str) -> bool:
    """Whether Python's Unicode database and the regex module's (often newer) classify ``c`` alike:
    characters assigned after Python's version differ by design, not by the scan."""
    return (bool(_LETTER.match(c)) == c.isalpha()
            and bool(_MARK.match(c)) == unicodedata.category(c).startswith("M"))


# letters in both cases and several scripts, combining and spacing marks, both apostrophes, digits
# (ASCII and not), spaces, punctuation, hyphens, and letters that case-insensitivity equates
_ALPHABET = "aAbZ09 '’-.,\t\néÉßüÜ中ĳǅ\u0301\u0903\u093f٣²İıſK‐“"


@settings(max_examples=600, deadline=None)
@given(st.text(alphabet=_ALPHABET, max_size=40))
@example("Jap Top-Minister’s 3 naïve")
@example("e\u0301te\u0301 ’tis 'quoted' x'")
def test_letter_words_matches_the_expression(text: str) -> None:
    assert letter_words(text) == _EXPRESSION.findall(text)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(max_codepoint=127), max_size=40))
@example("it's 'x' a'b O'Neil _a1b")
def test_letter_words_on_ascii_text(text: str) -> None:
    assert letter_words(text) == _EXPRESSION.findall(text)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=30).filter(lambda t: all(_same_class(c) for c in t)))
def test_letter_words_on_any_unicode(text: str) -> None:
    assert letter_words(text) == _EXPRESSION.findall(text)


def test_the_classes_differ_only_where_python_lacks_the_character() -> None:
    """Where the two databases disagree, the character is unassigned in Python's (the regex module's
    database is newer): the scan follows Python's, so it differs only on characters Python's own
    ``str`` methods do not know."""
    disagree = [c for c in map(chr, range(sys.maxunicode + 1)) if not _same_class(c)]
    assert [hex(ord(c)) for c in disagree if unicodedata.category(c) != "Cn"] == []


def test_one_line_import_path_leaves_regex_out() -> None:
    """A warm one-line run does not import the regex module (its import is ~15 ms of start-up)."""
    import subprocess

    code = ("import sys; from unspin import Unspinner; u = Unspinner(); u.matcher; "
            "print(u.fix('Jap Top Minister')); print('regex' in sys.modules)")
    subprocess.run([sys.executable, "-c", code], check=True, capture_output=True)  # fills the cache
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True).stdout
    assert out.split() == ["Japanese", "Prime", "Minister", "False"]
