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
- the word before is glued to ``/ @ : _ = # \\ $ ~`` (URLs, paths, e-mail addresses, code), or is
  ``www``, or is a lower-case word of one or two letters that is not English (``os.Path``);
- the word after is a single letter other than ``A`` and ``I``, or any single letter after a number
  (``section 4.B``); or a file extension or top-level domain (``Amazon.Com``, ``setup.Py``,
  ``README.Md``); or is followed by ``(``, ``.x``, ``@``, ``/``, ``_``, ``=`` or ``:x``
  (``obj.Method()``, ``www.Example.com``, ``john.Smith@x``);
- the boundary sits inside an inline code span (an odd number of backticks before it on its line).
Without a quotation mark between the words (a quote marks prose), three more tests, against
references to code in prose (``the queue.Queue class``, ``logging.DEBUG``, ``AnEnum.MEMBER``):
- either word is CamelCase (``ssl.SSLContext``, ``pd.DataFrame``; ``McDonald`` is lost on purpose),
  the word before mixes letters and digits (``sqlite3.Connection``), or the word after is in
  capitals (``logging.DEBUG``; ``U.S.`` and other initialisms still count);
- the text uses the word before as a namespace elsewhere (``typing.assert_never``, so
  ``typing.Never``), or the same line holds another reference to code within 100 characters:
  a word glued by a dot to a lower-case word (``functools.partial ... typing.Union``);
- the word after is a closed-class word or sentence adverb (SENTENCE_STARTERS: ``The``, ``They``,
  ``However``...), or else a name: a word that the text never writes in lower case and that does
  not repeat the word before (``queue.Queue``, ``typing.Any`` and ``asyncio.Task`` fail, ``Biden``
  and ``Kishida`` pass).
Digits never start a capitalised word, so decimals, money, times and versions (``$14.9``, ``10.30``,
``3.5%``, ``1.2.3``) cannot match.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass

from unspin import _wordscan
from unspin.model import Edit
from unspin.wordbytes import byte_view
from unspin.wordfind import occurs_apart

from ._edit import make_edit, words

STEP = "glued"
CONFIDENCE = 0.99

_WORD = re.compile(r"[^\W\d_]+")

ABBREVIATIONS = words(
    """Mr Mrs Ms Mx Dr Prof Adm Gen Lt Col Maj Capt Cmdr Sgt Cpl Pvt Gov Sen Rep Rev Hon Pres Supt
    Amb Atty Insp Fr Sr Jr St Ste Mt Ft Ave Blvd Rd Hwy Dept Univ Assn Inc Ltd Co Corp Bros Cie
    No Nos Vol Vols Fig Figs Eq Eqs Ch Chap Sec Art Ed Eds Pp Jan Feb Mar Apr Jun Jul Aug Sep Sept
    Oct Nov Dec Mon Tue Tues Wed Thu Thur Thurs Fri Sat Sun Ph Esq Messrs Mme Mlle Dir Gr Op
    etc vs al cf viz ca approx est ibid pp op cit seq resp incl excl eg ie"""
)

# Closed-class words and sentence adverbs: capitalised, they almost always start a sentence.
SENTENCE_STARTERS = words(
    """The A An This That These Those It Its He She They We I You His Her Their Our My Your Him Them
    Us And But Or Nor So Yet For However Moreover Meanwhile Still Also Then Thus Therefore Instead
    Otherwise Indeed Even Although Though While When Whenever Where Why How What Which Who Whom Whose
    If Unless Until Since Because As After Before During In On At By From With Without Within Into
    Under Over Among Between Through Across Against Despite Given Following According Amid Along
    Around Beyond Toward Towards Upon Like Unlike Once Now Today Yesterday Tomorrow Last Next Earlier
    Later Lately Recently Previously Currently Finally First Second Third Here There Some Many Most
    Much More Few All Both Each Every Either Neither No None Not Nothing Several Such Other Another
    Only Just Never Always Often Sometimes Perhaps Maybe Yes One Two Three Four Five Six Seven Eight
    Nine Ten Let Please Is Are Was Were Do Does Did Has Have Had Can Could Will Would Should May Might
    Must Shall Overall Eventually Ultimately Certainly Clearly Fortunately Unfortunately Besides
    Furthermore Additionally Similarly Likewise Nevertheless Nonetheless Hence Accordingly
    Consequently Specifically Notably Importantly Initially Afterwards Soon Again Actually"""
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


@dataclass(frozen=True, slots=True)
class Boundary:
    """A glued sentence boundary: the separator goes at offset ``at`` of the text."""

    at: int


def _namespaces(text: str, classes: bytes | None = None) -> frozenset[str]:
    """Words (a letter, then word characters) followed by a dot and a lower-case letter: ``os.path``.

    Found from the dots, in one C loop (src/unspin/_wordscan.c), rather than with
    ``\\b([^\\W\\d_]\\w*)\\.(?=[a-z_])`` over every word; the dots are looked for among the text's
    sentence punctuation in its glue-class view (``classes``, made if not given), by memchr.

    >>> sorted(_namespaces("os.path and typing.never; 3.x, 1x.y, U.S. Steel"))
    ['os', 'typing']
    """
    return frozenset(_wordscan.namespaces(text, _glue_classes(text) if classes is None else classes))


# Bytes of the glue-class view that are letters ([^\W\d_]): a lower-case ASCII letter, any other letter.
_LETTER_BYTES = b"lx"
_LETTER_CLASS = r"[^\W\d_]"
NEARBY_CHARS = 4000  # either side of a name's place, searched for the word in lower case first


class _TextFacts:
    """Facts about the whole text that the name test needs, computed once and only if asked."""

    def __init__(self, text: str, classes: bytes | None = None, starts: list[int] | None = None) -> None:
        self._text = text
        self.classes = _glue_classes(text) if classes is None else classes  # see _GLUE_CLASSES
        self._starts = starts  # _punctuation_glued(classes), when the caller has it
        self._asked: set[str] = set()
        self._lower: set[str] = set()
        self._pairs: dict[str, int] = {}
        self._around_dots: dict[str, list[int]] | None = None  # see glued_pairs

    def ask_lower_case(self, asks: Iterable[tuple[str, int]]) -> None:
        """Learn which words the text writes in lower case; each ask is a word and the offset its
        question comes from.

        A word is looked for within NEARBY_CHARS of that offset first: a reference to code names its
        module close by ("the decimal module ... decimal.Decimal"). The words not found there are looked
        for in one pass over the whole text for all of them: a name, the usual case, occurs nowhere, and
        a search of its own read the whole text each time (~0.5 ms per MB).
        """
        far: set[str] = set()
        for word, near in asks:
            if word in self._asked or word in far or not (_WORD.fullmatch(word) and word[0].islower()):
                continue
            lo, hi = self._after_letters(near - NEARBY_CHARS, -1), self._after_letters(near + NEARBY_CHARS, 1)
            if occurs_apart(self._text[lo:hi], word, _LETTER_CLASS):  # whole there: whole in the text
                self._lower.add(word)
                self._asked.add(word)
            else:
                far.add(word)
        if far:
            self._lower |= _wordscan.runs_among(self.classes, _LETTER_BYTES, self._text, far)
            self._asked |= far

    @functools.cached_property
    def has_backticks(self) -> bool:
        """Whether the text has a backtick at all: a code span needs one (news text has none)."""
        return "`" in self._text

    def _after_letters(self, at: int, step: int) -> int:
        """``at`` within the text, moved (by ``step``) off any run of letters it would cut."""
        at, classes = min(max(at, 0), len(self._text)), self.classes
        if step < 0:
            while at > 0 and classes[at - 1] in _LETTER_BYTES:
                at -= 1
        else:
            while at < len(classes) and classes[at] in _LETTER_BYTES:
                at += 1
        return at

    def written_in_lower_case(self, word: str, near: int = 0) -> bool:
        """Whether the text has ``word`` (letters, the first lower case) as a whole run of letters
        (``near``: where the question comes from, as in :meth:`ask_lower_case`).

        >>> facts = _TextFacts("Kishida and kishidas; the theme")
        >>> [facts.written_in_lower_case(w) for w in ("kishida", "the", "he", "Kishida")]
        [False, True, False, False]
        """
        if word not in self._asked:
            self.ask_lower_case(((word, near),))
        return word in self._lower

    @functools.cached_property
    def namespaces(self) -> frozenset[str]:
        """The words the text uses as a module or object: ``word.lower_case`` somewhere."""
        return _namespaces(self._text, self.classes)

    def glued_pairs(self, before: str, head: str) -> int:
        """How often ``before.head`` occurs in the text, as ``str.count`` counts (a glued boundary rarely
        repeats exactly); ``before`` ends in a letter or digit, ``head`` starts with a capital.

        Each occurrence's dot then starts a run of glued punctuation (``_punctuation_glued``), so only
        those places are tried, not the whole text.

        >>> _TextFacts("the summit.Kishida and summit.Kishida; a summit. Kishida").glued_pairs("summit", "Kishida")
        2
        """
        pair = f"{before}.{head}"
        if pair not in self._pairs:
            if self._around_dots is None:
                # the places by the characters around their dot: a pair is tried only where its own
                # are (a spun MB asks ~140 pairs of ~900 places)
                if self._starts is None:
                    self._starts = _punctuation_glued(self.classes)
                self._around_dots = {}
                for start in self._starts:
                    if start:
                        self._around_dots.setdefault(self._text[start - 1:start + 2], []).append(start)
            count, end, lead = 0, 0, len(before)
            # in order: occurrences counted apart, as str.count does (one that fails the test moves
            # nothing, so skipping the places whose characters differ changes no count)
            for start in self._around_dots.get(pair[lead - 1:lead + 2], ()):
                at = start - lead
                if at >= end and self._text.startswith(pair, at):
                    count, end = count + 1, at + len(pair)
            self._pairs[pair] = count
        return self._pairs[pair]


def _shared_stem(a: str, b: str) -> bool:
    """queue/Queue, fractions/Fraction, shelve/Shelf: the words share their first letters."""
    a, b = a.lower(), b.lower()
    n = min(4, len(a), len(b))
    return a[:n] == b[:n]


_HEAD_END = re.compile(r"['’-]")


def _head(word: str) -> str:
    """The part of a capitalised word the name test looks up: up to an apostrophe or hyphen."""
    return _HEAD_END.split(word, 1)[0]


def _is_name_after(before: str, word: str, facts: _TextFacts) -> bool:
    """Whether a capitalised word that is not a closed-class word reads as a name starting a sentence.

    A name is a word the text never writes in lower case. A class after its module fails the other
    tests: it shares the module's stem (queue.Queue), the pair repeats, or the word before is in
    capitals (PIL.Image).
    """
    head = _head(word)
    if facts.written_in_lower_case(head.lower()) or _shared_stem(before, head):
        return False
    if before.isupper():
        return False
    return facts.glued_pairs(before, head) < 2


def find_boundaries(text: str) -> list[Boundary]:
    """Glued sentence boundaries of ``text``, in text order (see the module docstring for the rule).

    >>> [b.at for b in find_boundaries("the Pacific.They are. See U.S.Steel, e.g.This, os.Path")]
    [12]
    >>> [b.at for b in find_boundaries("the queue.Queue class; a task.Kishida spoke. Task")]
    [30]
    """
    classes = _glue_classes(text)
    starts = _punctuation_glued(classes)
    # Punctuation right after a word of one letter is never a boundary (the initials test), and most
    # places in news text are such (U.S., F.D.A.): they are left out first. Leaving one out also leaves
    # out the end of its match, which skips the places inside it; but those lie inside an initialism (a
    # letter and a dot, twice or more: only the word alternative with dots holds one), so each follows
    # a word of one letter too, and is left out as well.
    places = _wordscan.past_initials(text, starts)
    if not places:
        return []
    facts = _TextFacts(text, classes, starts)
    # the expression and every test but the name test, in C (~4 us a place in Python; a spun MB has
    # ~800 over its passes): tests/glued_reference.py is the rule in Python, which it equals
    found = _wordscan.glued_verdicts(text, places, classes, facts.namespaces, facts.has_backticks,
                                     ABBREVIATIONS, SENTENCE_STARTERS, EXTENSIONS, _SHORT_WORDS)
    # the names' lower-case forms are looked up together (see ask_lower_case)
    facts.ask_lower_case((_head(v[1]).lower(), at) for at, v in found if v is not True)
    return [Boundary(at) for at, v in found if v is True or _is_name_after(v[0], v[1], facts)]


# Classes: sentence punctuation -> P; a letter -> x, except a lower-case ASCII letter -> l; a closing
# quote or bracket -> c; an opening quote -> o; anything else -> a space. A non-ASCII character is
# classed as an ASCII one of its class ("…" as ".", "”" as ")", a letter as "X"), an opening quote as
# the control character 0x01, whose class is o.
_OPENING = 0x01
_GLUE_CLASSES = bytes(
    ord("P") if chr(b) in ".?!" else ord("l") if chr(b).islower() else ord("x") if chr(b).isalpha()
    else ord("c") if chr(b) in "\"')]" else ord("o") if b == _OPENING else ord(" ") for b in range(128)) + b" " * 128
_glue_classes = byte_view(lambda c: ord(".") if c == "…" else ord(")") if c in "”’" else _OPENING if c in "“‘"
                          else ord("X") if c.isalnum() and not c.isdecimal() else ord(" "), _GLUE_CLASSES)


def _punctuation_glued(classes: bytes) -> list[int]:
    """Where a run of sentence punctuation followed by a letter (after any closing quotes and brackets
    and an opening quote) starts: the only places a boundary can match. Found on the text's glue-class
    view (``_glue_classes``) by one C loop, where the expression itself tried every position (~16 ms per
    MB).

    A lower-case ASCII letter after the punctuation starts a lower-case word, never a boundary, so
    it is skipped (``os.path``, ``3.x``: most such places in technical prose); unless punctuation
    follows it, since then the expression could match an initialism (``x.u.S.``) and so hide the
    places inside it, as it did before.

    >>> _punctuation_glued(_glue_classes("See U.S. Steel. It rose 3.5%.Then?!“Yes” os.path e.g.Then"))
    [5, 28, 33, 50, 52]
    """
    return _wordscan.glued_starts(classes)


def find_glued(text: str, separator: str = " ", boundaries: list[int] | None = None) -> list[Edit]:
    """Insertions of ``separator`` at every glued sentence boundary (``boundaries``, if known).

    >>> from unspin.normalize._edit import apply
    >>> t = "the Indo-Pacific.”The good points. Hawaii.“Lately, at 10.30 a.m.The"
    >>> apply(t, find_glued(t))
    'the Indo-Pacific.” The good points. Hawaii. “Lately, at 10.30 a.m.The'
    """
    reason = "glued sentence boundary: inserted a space" if separator == " " else \
        "glued sentence boundary: restored a line break"
    if boundaries is None:
        boundaries = [b.at for b in find_boundaries(text)]
    return [make_edit(text, at, at, separator, STEP, CONFIDENCE, reason) for at in boundaries]
