"""The lexicon's regular-expression columns at run time: ``left``/``right`` context around a match,
and ``requires``/``excludes`` patterns that must (not) occur somewhere in the document.

>>> from unspin.lexicon import Entry
>>> entry = Entry("irregular woodland", ("random forest",), "context", requires=r"\\bclassif\\w*")
>>> document_ok(entry, Document("An irregular woodland classifier.")), document_ok(entry, Document("A woodland."))
(True, False)
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Sequence
from functools import cached_property
from typing import TYPE_CHECKING

from . import _wordscan
from ._edits import kept_matches
from .automaton import StrAutomaton
from .backwards import backwards
from .lexicon import REGEX_WRAPPERS, Entry
from .wordfind import occurs_apart

if TYPE_CHECKING:
    import regex

    from .match import Match

LOCAL_CONTEXT_CHARS = 80  # how far left and right context patterns look


@functools.cache
def compiled(pattern: str, where: str) -> re.Pattern[str] | regex.Pattern[str]:
    """A constraint column's pattern, embedded as the lexicon check compiled it."""
    wrapped = REGEX_WRAPPERS[where].format(pattern)
    try:  # the standard library compiles several times faster; `regex` takes what it cannot
        return re.compile(wrapped)
    except re.error:
        import regex  # imported when first needed: start-up does without it

        return regex.compile(wrapped)


# An entry's context test, as _edits.kept_matches runs it: (right, left), where right (unless None) is
# the bound ``match`` of its right pattern and left (unless None) the plan of its left one.
ContextPlan = tuple["Callable[..., object] | None", "LeftPlan | None"]


@functools.cache
def context_plan(left: str, right: str) -> ContextPlan:
    """The test of a left and a right context pattern, their compiled forms looked up once: the right
    one's ``match`` (called at a match's end, with LOCAL_CONTEXT_CHARS of reach) and the left one's test
    (called at its start). The right one is tried first: an anchored match, where the left one searches
    a window.

    >>> right, left = context_plan(r"(?i:\\bthe\\s)", r"\\s+said\\b")
    >>> right("the legit said", 9, 9 + LOCAL_CONTEXT_CHARS) is not None
    True
    >>> left_holds(left, "the legit said", 4), left_holds(left, "a legit", 2)
    (True, False)
    >>> context_plan("", r"\\s+said\\b")[1] is None
    True
    """
    return (compiled(right, "right").match if right else None, _left_plan(left) if left else None)


def context_holds(plan: ContextPlan, text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` has its entry's context around it: what _edits.kept_matches asks.

    >>> plan = context_plan(r"(?i:\\bthe\\s)", r"\\s+said\\b")
    >>> context_holds(plan, "the legit said", 4, 9), context_holds(plan, "a legit said", 2, 7)
    (True, False)
    """
    right, left = plan
    return (right is None or right(text, end, end + LOCAL_CONTEXT_CHARS) is not None) and (
        left is None or left_holds(left, text, start))


class ContextChecks:
    """The context tests of a matcher's entries, each made on its entry's first match (so an entry
    that never matches never compiles its patterns: start-up does without them)."""

    def __init__(self, entries: Sequence[Entry]) -> None:
        self._entries = entries
        self.flags = with_context(entries)
        self._plans: list[ContextPlan | None] = [None] * len(entries)

    def _prepare(self, k: int) -> ContextPlan:
        entry = self._entries[k]
        plan = self._plans[k] = context_plan(entry.left, entry.right)
        return plan

    def keep(self, matches: Iterable[Match], text: str) -> list[Match]:
        """The matches whose entries' context patterns hold around them in ``text``."""
        # in C (context_holds for each match of an entry with context; the others pass straight through):
        # no Python frame between the loop and the right pattern's match, the usual test
        return kept_matches(matches if isinstance(matches, list) else list(matches), self.flags, self._plans,
                            self._prepare, text, LOCAL_CONTEXT_CHARS)


def with_context(entries: Sequence[Entry]) -> bytes:
    """Per entry: 1 when it has a left or right context pattern (whose verdict a change within its reach
    can change), else 0."""
    return bytes(1 if e.left or e.right else 0 for e in entries)


def left_context_ok(pattern: str, text: str, start: int) -> bool:
    """Whether ``pattern`` matches text that ends at ``start`` and begins inside the window before it.

    The search of the window tries every start in it; the reversed pattern (unspin.backwards), where
    it exists for the engine the search uses, is matched once at the start of the reversed window.
    When what it matches is longer than the window (runs of spaces), a shorter match may still fit,
    and the search decides.

    >>> left_context_ok(r"(?i:\\bthe\\s)", "the legit said", 4), left_context_ok(r"(?i:\\bthe\\s)", "then legit", 5)
    (True, False)
    """
    return left_holds(_left_plan(pattern), text, start)


# A left context pattern's test, as _edits.kept_matches runs it: (reversed match or None, characters
# it reads before the window, the window's reach, the forward search); see left_holds.
LeftPlan = tuple[Callable[[str], "re.Match[str] | None"] | None, int, int, Callable[..., object]]


@functools.cache
def _left_plan(pattern: str) -> LeftPlan:
    """left_context_ok's plan for one pattern: its window, compiled forms and reversal looked up once."""
    reach, forward = left_reach(pattern), compiled(pattern, "left")
    back = backwards(pattern) if isinstance(forward, re.Pattern) else None
    return (None, 0, reach, forward.search) if back is None else (back[0].match, back[1], reach, forward.search)


def left_holds(plan: LeftPlan, text: str, start: int) -> bool:
    """What left_context_ok says, given the pattern's plan (and what _edits.kept_matches does in C)."""
    reversed_match, reads_before, reach, search = plan
    lo = start - reach if start > reach else 0
    if reversed_match is not None:
        found = reversed_match(text[lo - reads_before if lo > reads_before else 0:start][::-1])
        if found is None:
            return False
        if found.end() <= start - lo:
            return True
    return search(text, lo, start) is not None


@functools.cache
def left_reach(pattern: str) -> int:
    """How far back a left-context search must start: the pattern's longest match, when the regex
    parser can bound it, else LOCAL_CONTEXT_CHARS. The search is anchored at the candidate, and tries
    every start in its window, so a word-sized window is several times cheaper.

    >>> left_reach(r"(?i:\\b(?:will|would)\\s)"), left_reach(r",\\s*")
    (6, 80)
    """
    try:
        from re import _parser  # the standard library's own parser (private; used only for this bound)

        longest = _parser.parse(pattern).getwidth()[1]
    except Exception:  # a pattern only the regex module compiles, or a changed parser: the safe bound
        return LOCAL_CONTEXT_CHARS
    return min(longest, LOCAL_CONTEXT_CHARS)


class PhraseIndex:
    """One automaton over the plain phrases of a lexicon set's document patterns, so that a document
    asked about many of them is scanned once rather than once per phrase. It scans the collapsed copy
    (separators made one space) for the phrases of words joined by any separators, and for the
    hyphenated phrases in their collapsed form: one occurs as a word in the lower-case copy only if its
    collapsed form occurs as one in the collapsed copy, so those it finds are confirmed by a substring
    search (a second automaton over the lower-case copy cost a scan as long as the first).

    >>> index = PhraseIndex([r"\\brandom[\\s-]+forest\\b", r"\\bSQL\\b", r"\\bpost\\-hoc\\b"])
    >>> sorted(index.phrases), sorted(index.hyphenated)
    (['random forest', 'sql'], ['post-hoc'])
    >>> found = index.occurring("a random \\n forest, not mysql; post hoc")
    >>> sorted(found), index.occurring_hyphenated("post hoc", found), index.occurring_hyphenated("post-hoc", found)
    (['post hoc', 'random forest'], set(), {'post-hoc'})
    """

    def __init__(self, patterns: Iterable[str]) -> None:
        patterns = list(patterns)
        plain = {phrase for pattern in patterns for _, phrase in _plain_phrases(pattern)}
        self.phrases = frozenset(p for p in plain if "-" not in p)
        self.hyphenated = frozenset(plain - self.phrases)
        self._collapsed = {h: " ".join(h.replace("-", " ").split()) for h in self.hyphenated}
        # and the collapsed phrases of patterns mixing "\-" and "[\s-]+", which occurs() rules out with
        # them (see knows)
        self._mixed = frozenset(c for pattern in patterns if not _plain_phrases(pattern)
                                for c in _collapsed_phrases(pattern))
        self._spaced = _Occurrences(self.phrases | set(self._collapsed.values()) | self._mixed)

    def knows(self, collapsed: Iterable[str]) -> bool:
        """Whether :meth:`occurring` says of each of these collapsed phrases whether it occurs."""
        return all(c in self._mixed or c in self.phrases for c in collapsed)

    def occurring(self, lowered: str) -> set[str]:
        """The indexed phrases, and the collapsed forms of the hyphenated ones, that occur as words in
        the collapsed copy of ``lowered`` (lower case; every run of separators one space), which is made
        only if a match next to a character of a phrase's own needs looking at."""
        return self._spaced.find(lowered)

    def occurring_hyphenated(self, lowered: str, found: set[str]) -> set[str]:
        """The indexed hyphenated phrases that occur as words in ``lowered`` (lower case), given what
        :meth:`occurring` found in its collapsed copy."""
        # from the end: a document to check is a text with its repairs' replacements after it, and a
        # hyphenated phrase in it is most often one a repair put there
        return {h for h, c in self._collapsed.items() if c in found and occurs_apart(lowered, h, from_end=True)}


class _Occurrences:
    """The phrases of a set that occur as words in a text's collapsed copy, found by one automaton (built
    on first use)."""

    def __init__(self, phrases: Iterable[str]) -> None:
        self._ordered = sorted(phrases)
        self._automaton: StrAutomaton | bool | None = None

    def find(self, text: str) -> set[str]:
        """The phrases that occur as words in ``collapse_separators(text)``."""
        if self._automaton is None:
            self._automaton = StrAutomaton(self._ordered, apart=True) if self._ordered else False
        if not self._automaton:
            return set()
        settled, unsettled = self._automaton.find_apart_collapsed(text)
        if unsettled:  # their offsets are into the collapsed copy
            text = _wordscan.collapse_separators(text)
        found = {self._ordered[k] for k in settled}
        n = len(text)
        for k, start, end in unsettled:  # next to a non-ASCII character
            phrase = self._ordered[k]
            if phrase in found:
                continue
            # \w is str.isalnum() or "_"
            if start and (text[start - 1].isalnum() or text[start - 1] == "_"):
                continue
            if end < n and (text[end].isalnum() or text[end] == "_"):
                continue
            found.add(phrase)
        return found


# After this many lookups of indexed phrases, a document is scanned once for all of them.
INDEX_AFTER = 16


class Document:
    """The text document constraints are checked against, with the forms the checks need, each
    derived once (many entries ask about the same document)."""

    def __init__(self, text: str, index: PhraseIndex | None = None, expected: int = 0) -> None:
        self.text = text
        self.index = index
        self.lookups = 0  # phrases that needed more than a substring test (see _phrase_occurs)
        # lookups of indexed phrases; a caller about to make more than INDEX_AFTER of them (``expected``)
        # has the index scanned from the first
        self.asked = expected

    @cached_property
    def occurring(self) -> set[str]:
        """The index's phrases that occur in the document (and the collapsed forms of its hyphenated
        ones that occur in the collapsed copy: see PhraseIndex)."""
        return self.index.occurring(self.lowered) if self.index else set()

    @cached_property
    def occurring_hyphenated(self) -> set[str]:
        """The index's hyphenated phrases that occur in the document."""
        return self.index.occurring_hyphenated(self.lowered, self.occurring) if self.index else set()

    @cached_property
    def lowered(self) -> str:
        """The text in lower case as case-insensitive expressions compare it, one code point for one
        (its offsets are the text's), in one C loop (_wordscan.ignorecase_lower)."""
        return _wordscan.ignorecase_lower(self.text)

    @cached_property
    def spaced(self) -> str:
        """Lower case, every run of whitespace and hyphens one space: plain phrases become substrings.

        (``str.split``'s whitespace is exactly what ``\\s`` matches; leading and trailing separators
        go, which no lookup needs. One C pass, _wordscan.collapse_separators.)
        """
        return _wordscan.collapse_separators(self.lowered)


def document_ok(entry: Entry, doc: Document) -> bool:
    """Whether the entry's ``requires`` pattern occurs in the document and its ``excludes`` does not."""
    return ((not entry.requires or occurs(entry.requires, doc))
            and not (entry.excludes and occurs(entry.excludes, doc)))


def occurs(pattern: str, doc: Document) -> bool:
    """Whether a (case-insensitive) document pattern occurs.

    A plain phrase pattern (``\\bword[\\s-]+word\\b`` or ``\\bword\\-word\\b``, what lexicon
    builders write) is looked up as a substring of the lower-cased document (separators collapsed,
    for the first kind), checked for word boundaries at its ends: ``str.find`` runs at memory speed,
    where a case-insensitive regex scan tries every position. Other patterns are looked up by a word
    they cannot match without, which settles most cases without running the regex.
    """
    phrases = _plain_phrases(pattern)
    if phrases:
        return any(_phrase_occurs(pattern, doc, spaced, phrase) for spaced, phrase in phrases)
    hint = _literal_hint(pattern)
    if hint and hint not in doc.lowered:
        return False
    # phrases mixing "\-" and "[\s-]+": every match is one of these in the collapsed copy; ruled out
    # without running the expression when the index has looked (or the copy was made)
    collapsed = _collapsed_phrases(pattern)
    if collapsed and "occurring" in vars(doc) and doc.index is not None and doc.index.knows(collapsed):
        if not any(phrase in doc.occurring for phrase in collapsed):
            return False
    elif collapsed and "spaced" in vars(doc) and not any(occurs_apart(doc.spaced, phrase) for phrase in collapsed):
        return False
    conjuncts = _conjuncts(pattern)
    if conjuncts:
        return all(word.search(doc.text) is not None for word in conjuncts)
    expression = compiled(pattern, "requires")
    anchors = _anchor_words(pattern)
    if anchors and min(map(len, anchors)) >= ANCHOR_MIN:
        # every match starts where one of the words does: try the pattern there only, where a
        # case-insensitive search would try every position of the document (~100 instructions each)
        undecided = False
        for anchor in anchors:
            found = _matches_where(expression, doc, anchor, ANCHOR_TRIES)
            if found:
                return True
            undecided = undecided or found is None
        if not undecided:
            return False
    return expression.search(doc.text) is not None


def _matches_where(expression: re.Pattern[str] | regex.Pattern[str], doc: Document, word: str,
                   tries: int) -> bool | None:
    """Whether ``expression`` matches at some occurrence of ``word`` in the lower-cased document (which
    has the text's length: its offsets are the text's); None, undecided, once more than ``tries``
    occurrences failed (a frequent word: one search of the expression is then cheaper). One pass over
    the document, where counting the occurrences first made two."""
    lowered = doc.lowered
    at = lowered.find(word)
    for _ in range(tries):
        if at < 0:
            return False
        if expression.match(doc.text, at):
            return True
        at = lowered.find(word, at + 1)
    return False if at < 0 else None


_CONJUNCTION = re.compile(r"\(\?s\)\\A(?:\(\?=\.\*\?\\b[^\W_]+\\b\))+")
_CONJUNCT = re.compile(r"\(\?=\.\*\?\\b([^\W_]+)\\b\)")


@functools.cache
def _conjuncts(pattern: str) -> tuple[re.Pattern[str] | regex.Pattern[str], ...]:
    """For ``(?s)\\A(?=.*?\\bw1\\b)(?=.*?\\bw2\\b)...`` (every word somewhere in the document: the Problematic
    Paper Screener's AND queries), each word's own search, ``\\bw\\b`` in the same flags and compiled by the
    same engine as the whole pattern; () for any other pattern. The searches find each word at the
    engine's string-search speed, where the lookaheads' ``.*?`` stepped through the document one
    character at a time (~1.7 ms per MB against 0.05).

    >>> [w.pattern for w in _conjuncts(r"(?s)\\A(?=.*?\\bkeen\\b)(?=.*?\\bsavvy\\b)")], _conjuncts(r"\\bkeen\\b")
    (['(?i:\\\\bkeen\\\\b)', '(?i:\\\\bsavvy\\\\b)'], ())
    """
    if not _CONJUNCTION.fullmatch(pattern):
        return ()
    whole = compiled(pattern, "requires")
    if isinstance(whole, re.Pattern):
        engine = re
    else:
        import regex as engine
    return tuple(engine.compile(REGEX_WRAPPERS["requires"].format(rf"\b{word}\b"))
                 for word in _CONJUNCT.findall(pattern))


@functools.cache
def _anchor_words(pattern: str) -> tuple[str, ...]:
    """Letters or digits, lower case, one of which every match of ``pattern`` starts with: the pattern
    begins with ``\\b`` and them, or with ``\\b`` and alternatives that each begin with them (read by the
    standard library's parser). () when it does not, or when it compiles only with the ``regex`` module.

    >>> _anchor_words(r"\\bcategorical\\s+(?:denial|rejection)"), _anchor_words(r"\\bcolou?r")
    (('categorical',), ('colo',))
    >>> _anchor_words(r"\\b(?:Biden|White House)\\b"), _anchor_words(r"\\ba|\\bb"), _anchor_words(r"\\b(?:ab|\\d)")
    (('biden', 'white'), (), ())
    """
    try:
        from re import _constants, _parser  # the standard library's own parser (as in left_reach)

        items = list(_parser.parse(pattern))
    except Exception:
        return ()
    if not items or items[0] != (_constants.AT, _constants.AT_BOUNDARY):
        return ()

    def leading(rest: list) -> str:
        word = []
        for op, code in rest:
            if op is not _constants.LITERAL or not (chr(code).isascii() and chr(code).isalnum()):
                break
            word.append(chr(code).lower())
        return "".join(word)

    if len(items) > 1 and items[1][0] is _constants.BRANCH:  # \b(?:a|b): each alternative's own
        words = tuple(leading(list(alternative)) for alternative in items[1][1][1])
        return words if all(words) else ()
    word = leading(items[1:])
    return (word,) if word else ()


# A phrase whose first word occurs at most this often is confirmed by the pattern at each occurrence
# rather than in a copy of the document with separators collapsed (~25 ms per MB to make).
ANCHOR_TRIES = 64
ANCHOR_MIN = 3  # letters of a pattern's leading word from which its occurrences anchor the search
ANCHOR_LOOKUPS = 8  # per document; after that the collapsed copy is made


def _phrase_occurs(pattern: str, doc: Document, spaced: bool, phrase: str) -> bool:
    """Whether one alternative of a plain phrase pattern occurs in the document."""
    if doc.index is not None and (phrase in doc.index.phrases or phrase in doc.index.hyphenated):
        doc.asked += 1
        if doc.asked > INDEX_AFTER:  # spun text dense with constrained phrases: one scan for all
            return phrase in (doc.occurring if spaced else doc.occurring_hyphenated)
    lowered = doc.lowered
    if " " not in phrase or not spaced:  # one word, or words joined by single hyphens: a substring
        return occurs_apart(lowered, phrase)
    words = phrase.split(" ")
    if not all(word in lowered for word in words):  # most phrases, in most documents
        return False
    if "spaced" in vars(doc):  # the collapsed copy exists already: one look settles it
        return occurs_apart(doc.spaced, phrase)
    if occurs_apart(lowered, phrase):  # the usual spelling, one space
        return True
    # a document that keeps asking (spun text dense with constrained phrases) is cheaper collapsed once
    doc.lookups += 1
    if doc.lookups <= ANCHOR_LOOKUPS:
        # a match starts where its first word does
        found = _matches_where(compiled(pattern, "requires"), doc, words[0], ANCHOR_TRIES)
        if found is not None:
            return found
    return occurs_apart(doc.spaced, phrase)


_WORDS_JOINED = re.compile(r"\\b([^\W_]+(?:(\[\\s-\]\+|\\-)[^\W_]+)*)\\b")
_ANY_SEPARATOR, _ONE_HYPHEN = r"[\s-]+", r"\-"


@functools.cache
def _plain_phrases(pattern: str) -> tuple[tuple[bool, str], ...]:
    """For a plain phrase pattern, or an alternation of them (letters and digits between ``\\b``,
    joined either all by ``[\\s-]+`` or all by ``\\-``): per alternative, whether it is looked up
    with separators collapsed, and its lower-case phrase. Empty for any other pattern.

    >>> _plain_phrases(r"(?:\\bbenign[\\s-]+Tumor\\b|\\bcancer\\b)"), _plain_phrases(r"\\bpost\\-hoc\\b")
    (((True, 'benign tumor'), (True, 'cancer')), ((False, 'post-hoc'),))
    >>> _plain_phrases(r"\\bself\\-supervised[\\s-]+learning\\b"), _plain_phrases(r"\\boptimiz\\w*")
    ((), ())
    """
    out = []
    for phrase in _joined_words(pattern):
        if _ONE_HYPHEN not in phrase:
            out.append((True, phrase.replace(_ANY_SEPARATOR, " ").lower()))
        elif _ANY_SEPARATOR not in phrase:
            out.append((False, phrase.replace(_ONE_HYPHEN, "-").lower()))
        else:  # mixed: collapsing would let the space match the literal hyphen
            return ()
    return tuple(out)


@functools.cache
def _collapsed_phrases(pattern: str) -> tuple[str, ...]:
    """For an alternation of phrases of words joined by ``[\\s-]+`` or ``\\-``: each phrase in lower
    case with single spaces, the form its matches take in a document's collapsed copy. Empty for
    any other pattern.

    >>> _collapsed_phrases(r"\\bself\\-supervised[\\s-]+Learning\\b"), _collapsed_phrases(r"\\bx\\w*")
    (('self supervised learning',), ())
    """
    return tuple(p.replace(_ANY_SEPARATOR, " ").replace(_ONE_HYPHEN, " ").lower() for p in _joined_words(pattern))


def _joined_words(pattern: str) -> tuple[str, ...]:
    """Each alternative of ``pattern`` that is words between ``\\b`` joined by ``[\\s-]+`` or ``\\-``,
    without its ``\\b``; empty when any alternative is something else."""
    body = pattern[3:-1] if pattern.startswith("(?:") and pattern.endswith(")") else pattern
    out = []
    for alternative in body.split("|"):
        m = _WORDS_JOINED.fullmatch(alternative)
        if m is None:
            return ()
        out.append(m.group(1))
    return tuple(out)


@functools.cache
def _literal_hint(pattern: str) -> str:
    """The longest word every match of ``pattern`` must contain, or "" when unsure.

    >>> _literal_hint(r"\\brandom[\\s-]+forest\\b"), _literal_hint(r"\\b(?:a|b)c\\b")
    ('random', '')
    """
    plain = re.sub(r"\[\\s-\]\+|\\[A-Za-z]", " ", pattern)
    if re.search(r"[|()\[\]?*{}\\.+^$]", plain):
        return ""
    words = re.findall(r"[A-Za-z]{3,}", plain)
    return max(words, key=len).lower() if words else ""
