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
  ``typing.Never``), or the same line holds another reference to code within CODE_NEARBY characters:
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
from typing import NamedTuple

from unspin import _wordscan
from unspin.model import Edit
from unspin.wordbytes import byte_view
from unspin.wordfind import occurs_apart

from ._edit import make_edit, words

STEP = "glued"
CONFIDENCE = 0.99

_BOUNDARY = re.compile(
    r"(?P<punct>[.?!…]+)(?P<close>[”’\"')\]]*)(?P<open>[“‘]?)"
    r"(?P<word>(?:[^\W\d_]\.){2,}|[^\W\d_][^\W_]*(?:['’\-][^\W_]+)*)"
)
_WORD = re.compile(r"[^\W\d_]+")
_LETTERS_AND_DIGITS = re.compile(r"(?=[^\W_]*\d)(?=[^\W_]*[^\W\d_])[^\W_]+")

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
# A reference to code: a word of two or more characters glued by a dot to a lower-case word
# (functools.partial, os.path, example.com). A sentence boundary is never followed by lower case, and
# e.g., i.e. and a.m. have one letter before the dot.
_CODE_REFERENCE = re.compile(r"(?<![\w.])[^\W\d_][^\W_]+\.[a-z]")
CODE_NEARBY = 100  # characters either side of a boundary searched for another reference to code
_CODE_BEFORE = set("/@:_=#\\$~<>|^&*+%`[{")
_CODE_AFTER = re.compile(r"[(@/_=\[]|[.:][^\W_]")


@dataclass(frozen=True, slots=True)
class Boundary:
    """A glued sentence boundary: the separator goes at offset ``at`` of the text."""

    at: int


def _word_before(text: str, end: int) -> tuple[str, int]:
    """The word that ends at ``end`` (letters, digits, inner hyphens/apostrophes) and its start,
    looking back at most 64 characters; ``end`` may follow a final newline, as ``$`` allows.

    What a search for ``[^\\W_]+(?:['’\\-][^\\W_]+)*$`` in that window finds, walked backwards in C
    (_wordscan.word_before): the search tries every start in the window (~20 us a call here), a Python
    walk cost ~3 us, the C one reads only the word.

    >>> _word_before("the well-known.", 14), _word_before("a b--c", 6), _word_before("x. ", 3)
    (('well-known', 4), ('c', 5), ('', 3))
    """
    return _wordscan.word_before(text, end)


def _in_code_span(text: str, pos: int) -> bool:
    line_start = text.rfind("\n", 0, pos) + 1
    return text.count("`", line_start, pos) % 2 == 1


def _near_code_reference(text: str, classes: bytes, pos: int) -> bool:
    """Whether the line around ``pos`` holds a reference to code within CODE_NEARBY characters of it.

    Each holds a dot before a lower-case ASCII letter, "Pl" in the text's glue classes (where a byte
    search finds it); the expression runs only where there is one, which is rare in prose.

    >>> t = "functools.partial and typing.Union"
    >>> _near_code_reference(t, _glue_classes(t), 28)
    True
    >>> t = "e.g. the Pacific.They"
    >>> _near_code_reference(t, _glue_classes(t), 16)
    False
    """
    # the line's ends, looked for only within reach (a paragraph is one line of thousands of characters)
    lo = max(text.rfind("\n", max(0, pos - CODE_NEARBY), pos) + 1, pos - CODE_NEARBY)
    hi = text.find("\n", pos, pos + CODE_NEARBY)
    hi = min(len(text) if hi < 0 else hi, pos + CODE_NEARBY)
    at = classes.find(b"Pl", lo, hi)
    while at >= 0:
        if text[at] == "." and _CODE_REFERENCE.search(text, lo, at + 2):
            return True
        at = classes.find(b"Pl", at + 1, hi)
    return False


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
        self._namespaces: frozenset[str] | None = None
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

    def is_namespace(self, word: str) -> bool:
        """Whether the text uses ``word`` as a module or object: ``word.lower_case`` elsewhere."""
        if self._namespaces is None:
            self._namespaces = _namespaces(self._text, self.classes)
        return word in self._namespaces

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


def _mixed_case(word: str) -> bool:
    """CamelCase or similar: an upper-case letter after the first and a lower-case letter somewhere.

    >>> [_mixed_case(w) for w in ("DataFrame", "McDonald", "Kishida", "UUID", "ÉtatFoo", "x")]
    [True, True, False, False, True, False]
    """
    if word.isascii():  # (a string compare per question, where the loops below ran per character)
        tail = word[1:]
        return tail != tail.lower() and word != word.upper()
    return any(c.isupper() for c in word[1:]) and any(c.islower() for c in word)


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


class _NameQuestion(NamedTuple):
    """A place whose verdict rests on the name test alone (``_is_name_after(before, word, facts)``)."""

    before: str
    word: str


def _is_boundary(text: str, m: re.Match[str], facts: _TextFacts) -> bool:
    """Whether the match of _BOUNDARY is a glued sentence boundary (the rule in the module docstring)."""
    verdict = _verdict(text, m, facts)
    return verdict if isinstance(verdict, bool) else _is_name_after(verdict.before, verdict.word, facts)


def _verdict(text: str, m: re.Match[str], facts: _TextFacts) -> bool | _NameQuestion:
    """_is_boundary's answer, or the name test it rests on, for a caller who asks them all at once."""
    # Every test but the quotation-mark one says "not a boundary", so their order changes no answer:
    # the word before and its initials come first (U.S., a.m.: most places in news text), then those
    # that read only the match, where most references to code stop.
    punct, close, opening, word = m.groups()
    if not word[0].isupper():
        return False
    start = m.start()
    before, before_start = _word_before(text, start)
    if not before:
        # "(end).The", "rose 5%.Analysts": look through closing brackets, quotes and % to the word.
        j = start
        while j > 0 and text[j - 1] in ")]”’\"'%":
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
    if ".." in punct or "…" in punct:
        return False  # ellipsis: a pause, often mid-sentence
    after = m.end()
    if after < len(text) and _CODE_AFTER.match(text, after):
        return False  # obj.Method(), www.Example.com, john.Smith@example.com
    quoted = bool(close or opening)  # a quotation mark between the two words: prose
    if not quoted and (_mixed_case(word) or (len(word) > 1 and word.isupper() and "." not in word)):
        return False  # ssl.SSLContext, pd.DataFrame; logging.DEBUG, Color.RED, uuid.UUID
    if before in ABBREVIATIONS or before.lower() == "www":
        return False
    if before.islower() and len(before) <= 2 and before not in _SHORT_WORDS:
        return False  # os.Path, np.Array
    if len(word) == 1 and (before.isdigit() or word not in "AI"):
        return False  # section and list numbers: 4.B, Appendix C.D
    if "." not in word and word.lower() in EXTENSIONS and punct == ".":
        return False  # Amazon.Com, setup.Py, README.Md
    if facts.has_backticks and _in_code_span(text, start):
        return False
    if quoted:
        return True
    if _mixed_case(before) or (not before.isalpha() and _LETTERS_AND_DIGITS.fullmatch(before)):
        return False  # AnEnum.MEMBER, sqlite3.Connection
    if facts.is_namespace(before) or _near_code_reference(text, facts.classes, start):
        return False  # typing.Never, with typing.assert_never elsewhere or functools.partial nearby
    if word in SENTENCE_STARTERS:
        return True
    return _NameQuestion(before, word)


def find_boundaries(text: str) -> list[Boundary]:
    """Glued sentence boundaries of ``text``, in text order (see the module docstring for the rule).

    >>> [b.at for b in find_boundaries("the Pacific.They are. See U.S.Steel, e.g.This, os.Path")]
    [12]
    >>> [b.at for b in find_boundaries("the queue.Queue class; a task.Kishida spoke. Task")]
    [30]
    """
    classes = _glue_classes(text)
    starts = _punctuation_glued(classes)
    facts = _TextFacts(text, classes, starts)
    found: list[tuple[int, bool | _NameQuestion]] = []
    done = 0
    # Punctuation right after a word of one letter is never a boundary (the initials test), and most
    # places in news text are such (U.S., F.D.A.): they are left out in C. Leaving one out also leaves
    # out the end of its match below, which skips the places inside it; but those lie inside an
    # initialism (a letter and a dot, twice or more: only the word alternative with dots holds one), so
    # each follows a word of one letter too, and is left out as well.
    for start in _wordscan.past_initials(text, starts):
        m = _BOUNDARY.match(text, start) if start >= done else None
        if m is None:
            continue
        done = m.end()  # as finditer would, never start inside an earlier match (U.S.)
        verdict = _verdict(text, m, facts)
        if verdict:
            found.append((m.start("open") if m.group("open") else m.start("word"), verdict))
    # the names' lower-case forms are looked up together (see ask_lower_case)
    facts.ask_lower_case((_head(v.word).lower(), at) for at, v in found if isinstance(v, _NameQuestion))
    return [Boundary(at) for at, v in found
            if v is True or (isinstance(v, _NameQuestion) and _is_name_after(v.before, v.word, facts))]


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
