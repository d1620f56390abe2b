"""Glued sentence boundaries: ``the Pacific.They are`` -> ``the Pacific. They are``.

Scrapers that drop the markup between paragraphs leave sentences glued together. The rule, in full:

A boundary is sentence punctuation (``.``, ``?`` or ``!``, alone or doubled like ``?!``), then any
closing quotes or brackets (``” ’ " ) ]``), then optionally an opening quote (``“ ‘``), then a
capitalised word (an upper-case letter starting a run of letters, or an initialism like ``U.S.``).
The separator goes after the closing quotes and before the opening quote:
``Indo-Pacific.”The`` -> ``Indo-Pacific.” The``, ``Hawaii.“Lately`` -> ``Hawaii. “Lately``.

It is left alone when any of these says "not a sentence end" (precision over recall):
- the word before the punctuation is an abbreviation or initial: it follows another period
  (``U.S.``, ``N.C.``, ``e.g.``, ``a.m.``, ``J.R.R.``), is a single letter (``J.Tolkien``,
  ``Plan B.``), or is in ABBREVIATIONS (``Adm.``, ``Dr.``, ``etc.``);
- the punctuation is an ellipsis (``..``, ``…``);
- the word before is glued to ``/ @ : _ = # \\ $ ~`` or contains characters other than letters, digits,
  hyphens and apostrophes (URLs, paths, e-mail addresses, code), or is ``www``;
- the word after is a file extension or top-level domain (``Amazon.Com``, ``setup.Py``,
  ``README.Md``), is followed by ``(``, ``.x``, ``@``, ``/``, ``_``, ``=`` or ``:`` + letter
  (``obj.Method()``, ``www.Example.com``, ``john.Smith@x``), or is CamelCase after a lower-case word
  (``pd.DataFrame``);
- the word before is a lower-case word of one or two letters that is not an English word
  (``os.Path``, ``np.Array``);
- the boundary sits inside an inline code span (an odd number of backticks before it on its line).
Digits never start a capitalised word, so decimals, money, times and versions (``$14.9``, ``10.30``,
``3.5%``, ``1.2.3``) cannot match.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from unspin.model import Edit

from ._edit import make_edit, words

STEP = "glued"
CONFIDENCE = 0.99

_BOUNDARY = re.compile(
    r"(?P<punct>[.?!…]+)(?P<close>[”’\"')\]]*)(?P<open>[“‘]?)"
    r"(?P<word>(?:[^\W\d_]\.){2,}|[^\W\d_][^\W_]*(?:['’\-][^\W_]+)*)"
)
_WORD_BEFORE = re.compile(r"[^\W_]+(?:['’\-][^\W_]+)*$")
_CAMEL = re.compile(r"[^\W\d_]*[a-z][A-Z]")

ABBREVIATIONS = words(
    """Mr Mrs Ms Mx Dr Prof Adm Gen Lt Col Maj Capt Cmdr Sgt Cpl Pvt Gov Sen Rep Rev Hon Pres Supt
    Amb Atty Insp Fr Sr Jr St Ste Mt Ft Ave Blvd Rd Hwy Dept Univ Assn Inc Ltd Co Corp Bros Cie
    No Nos Vol Vols Fig Figs Eq Eqs Ch Chap Sec Art Ed Eds Pp Jan Feb Mar Apr Jun Jul Aug Sep Sept
    Oct Nov Dec Mon Tue Tues Wed Thu Thur Thurs Fri Sat Sun Ph Esq Messrs Mme Mlle Dir Gr Op
    etc vs al cf viz ca approx est ibid pp op cit seq resp incl excl eg ie"""
)

# Extensions and top-level domains that are not English words; "It", "In", "Is", "Me", "Us", "Go",
# "No" and "To" are domains too but far more often start a sentence, so they are not listed.
EXTENSIONS = words(
    """com org net gov edu mil int info biz io co uk de fr jp cn ru eu nl au ca ch es se br tv ly
    py pyc pyi md rst txt csv tsv json jsonl yaml yml toml ini cfg conf xml html htm css js mjs ts
    tsx jsx sh bash ps1 bat exe dll so dylib rs rb java kt scala c h cc cpp hpp cs php pl lua r sql db
    pdf doc docx xls xlsx ppt pptx odt png jpg jpeg gif svg webp bmp tif tiff mp3 mp4 wav avi mov
    zip gz tgz bz2 xz tar rar whl ipynb lock log tmp bak"""
)

# Lower-case words of one or two letters that end sentences in prose; any other such word before a
# period glued to a capital is more likely a module or object name (os.Path, np.Array).
_SHORT_WORDS = words(
    "a i am an as at be by do go he hi if in is it me my no of oh ok on or so to up us we ya yo"
)
_CODE_BEFORE = set("/@:_=#\\$~<>|^&*+%`[{")
_CODE_AFTER = re.compile(r"[(@/_=\[]|[.:][^\W_]")


@dataclass(frozen=True, slots=True)
class Boundary:
    """A glued sentence boundary: the separator goes at offset ``at`` of the text."""

    at: int


def _word_before(text: str, end: int) -> tuple[str, int]:
    """The word that ends at ``end`` (letters, digits, inner hyphens/apostrophes) and its start."""
    lo = max(0, end - 64)
    m = _WORD_BEFORE.search(text, lo, end)
    if not m:
        return "", end
    return m.group(), m.start()


def _in_code_span(text: str, pos: int) -> bool:
    line_start = text.rfind("\n", 0, pos) + 1
    return text.count("`", line_start, pos) % 2 == 1


def _is_boundary(text: str, m: re.Match[str]) -> bool:
    punct, word = m.group("punct"), m.group("word")
    if ".." in punct or "…" in punct:
        return False  # ellipsis: a pause, often mid-sentence
    start = m.start()
    before, before_start = _word_before(text, start)
    if not before:
        # "said.”.The", "(end).The": look through closing brackets and quotes to the word.
        j = start
        while j > 0 and text[j - 1] in ")]”’\"'":
            j -= 1
        if j == start or j == 0:
            return False
        before, before_start = _word_before(text, j)
        if not before:
            return False
    if before_start > 0:
        prev = text[before_start - 1]
        if prev == "." or prev in _CODE_BEFORE:
            return False  # U.S., e.g., a.m., J.R.R., URLs, paths, e-mail, code
    if len(before) == 1 and before.isalpha():
        return False  # initials: J.Tolkien; Plan B.The is lost on purpose
    if before in ABBREVIATIONS or before.lower() == "www":
        return False
    if before.islower() and len(before) <= 2 and before not in _SHORT_WORDS:
        return False  # os.Path, np.Array
    if "." not in word and word.lower() in EXTENSIONS and punct == ".":
        return False  # Amazon.Com, setup.Py, README.Md
    after = m.end()
    if after < len(text) and _CODE_AFTER.match(text, after):
        return False  # obj.Method(), www.Example.com, john.Smith@example.com
    if before.islower() and _CAMEL.match(word) and punct == ".":
        return False  # pd.DataFrame
    return not _in_code_span(text, start)


def find_boundaries(text: str) -> list[Boundary]:
    """Glued sentence boundaries of ``text``, in text order (see the module docstring for the rule).

    >>> [b.at for b in find_boundaries("the Pacific.They are. See U.S.Steel, e.g.This, os.Path")]
    [12]
    """
    out: list[Boundary] = []
    for m in _BOUNDARY.finditer(text):
        if _is_boundary(text, m):
            at = m.start("open") if m.group("open") else m.start("word")
            out.append(Boundary(at))
    return out


def find_glued(text: str, separator: str = " ") -> list[Edit]:
    """Insertions of ``separator`` at every glued sentence boundary.

    >>> from unspin.normalize._edit import apply
    >>> t = "the Indo-Pacific.”The good points. Hawaii.“Lately, at 10.30 a.m.The"
    >>> apply(t, find_glued(t))
    'the Indo-Pacific.” The good points. Hawaii. “Lately, at 10.30 a.m.The'
    """
    reason = "glued sentence boundary: inserted a space" if separator == " " else \
        "glued sentence boundary: restored a line break"
    return [make_edit(text, b.at, b.at, separator, STEP, CONFIDENCE, reason) for b in find_boundaries(text)]
