"""Regular expressions read backwards, for the left-context checks of lexicon entries.

A left context is a pattern that must end where a match begins ("the" before "legit"): as a search of
``(?:pattern)\\Z`` over a window before the match, it is tried at every start of the window, each an
alternation of words. Its reversal, matched once at the start of the reversed window, asks the same
question: a string matches a pattern exactly when its reverse matches the reversed pattern, where the
reversal reverses every sequence, keeps classes, branches and repeats, and turns a lookahead into a
lookbehind and back. Boundaries (``\\b``) read the same two characters either way.

Built from the standard library's own parser, for the standard engine, so ``\\w``, ``\\s`` and case
folding mean what they meant. Patterns with what reversal cannot keep (anchors, back-references,
atomic groups, possessive repeats, a lookahead that reverses to a lookbehind of varying width) get
None, and are searched forwards.

>>> pattern, before = backwards(r"(?i:\\b(?:the|an?)\\s)")
>>> pattern.pattern, before
('(?i:[\\\\s](?:eht|(?:n){0,1}a)\\\\b)', 1)
>>> bool(pattern.match("Jap the "[::-1])), bool(pattern.match("Jap then "[::-1]))
(True, False)
"""

from __future__ import annotations

import functools
import re
from re import _constants as sre  # the standard library's parser and its opcodes
from re import _parser

_CATEGORIES = {sre.CATEGORY_DIGIT: r"\d", sre.CATEGORY_NOT_DIGIT: r"\D", sre.CATEGORY_SPACE: r"\s",
               sre.CATEGORY_NOT_SPACE: r"\S", sre.CATEGORY_WORD: r"\w", sre.CATEGORY_NOT_WORD: r"\W"}
_FLAGS = {sre.SRE_FLAG_IGNORECASE: "i", sre.SRE_FLAG_DOTALL: "s", sre.SRE_FLAG_ASCII: "a"}
# flags that change only how a pattern is read (verbose) or are the default for str patterns (unicode)
_NEUTRAL = sre.SRE_FLAG_VERBOSE | sre.SRE_FLAG_UNICODE


class _Irreversible(Exception):
    """The pattern has something whose reversal this module does not write."""


@functools.cache
def backwards(pattern: str) -> tuple[re.Pattern[str], int] | None:
    """The reversal of ``pattern``, compiled, and how many characters before its match its lookbehinds
    and boundaries may read; None when it cannot be reversed (see the module docstring)."""
    try:
        parsed = _parser.parse(pattern)
        flags = _flag_letters(parsed.state.flags & ~_NEUTRAL)
        reversed_body = _sequence(list(parsed))
        compiled = re.compile(f"(?{flags})" + reversed_body if flags else reversed_body)
    except (_Irreversible, re.error, RecursionError):
        return None
    return compiled, _reach_before(list(parsed))


def _flag_letters(flags: int) -> str:
    letters = ""
    for flag, letter in _FLAGS.items():
        if flags & flag:
            letters += letter
            flags &= ~flag
    if flags & ~_NEUTRAL:  # multiline, locale: anchors and classes this module does not rewrite
        raise _Irreversible(flags)
    return letters


def _sequence(items: list) -> str:
    return "".join(_item(op, av) for op, av in reversed(items))


def _literal(code: int) -> str:
    return re.escape(chr(code))


def _item(op, av) -> str:
    if op is sre.LITERAL:
        return _literal(av)
    if op is sre.NOT_LITERAL:
        return f"[^{_literal(av)}]"
    if op is sre.ANY:
        return "."
    if op is sre.IN:
        return _class(av)
    if op is sre.BRANCH:
        return "(?:" + "|".join(_sequence(list(branch)) for branch in av[1]) + ")"
    if op is sre.SUBPATTERN:
        _, add, remove, body = av
        flags = _flag_letters(add) + ("-" + _flag_letters(remove) if remove & ~_NEUTRAL else "")
        return f"(?{flags}:" + _sequence(list(body)) + ")"
    if op in (sre.MAX_REPEAT, sre.MIN_REPEAT):
        low, high, body = av
        bounds = f"{{{low},}}" if high is sre.MAXREPEAT else f"{{{low},{high}}}"
        return "(?:" + _sequence(list(body)) + ")" + bounds + ("?" if op is sre.MIN_REPEAT else "")
    if op is sre.AT and av in (sre.AT_BOUNDARY, sre.AT_NON_BOUNDARY):
        return r"\b" if av is sre.AT_BOUNDARY else r"\B"
    if op in (sre.ASSERT, sre.ASSERT_NOT):
        direction, body = av
        # what was looked at after a position lies before it in the reversed text, and the other way
        kind = ("<" if direction == 1 else "") + ("=" if op is sre.ASSERT else "!")
        return f"(?{kind}" + _sequence(list(body)) + ")"
    raise _Irreversible(op)


def _class(items: list) -> str:
    parts = []
    for op, av in items:
        if op is sre.NEGATE:
            parts.append("^")
        elif op is sre.LITERAL:
            parts.append(_literal(av))
        elif op is sre.RANGE:
            parts.append(f"{_literal(av[0])}-{_literal(av[1])}")
        elif op is sre.CATEGORY and av in _CATEGORIES:
            parts.append(_CATEGORIES[av])
        else:
            raise _Irreversible(op)
    return "[" + "".join(parts) + "]"


def _reach_before(items: list) -> int:
    """Characters before the start of a match that the pattern may read: one for a boundary, the
    width of each lookbehind (and what is nested in it)."""
    reach = 0
    for op, av in items:
        if op is sre.AT:
            reach = max(reach, 1)
        elif op in (sre.ASSERT, sre.ASSERT_NOT):
            body = list(av[1])
            width = _parser.SubPattern(av[1].state, body).getwidth()[1] if av[0] == -1 else 0
            reach = max(reach, width + _reach_before(body))
        elif op is sre.BRANCH:
            reach = max([reach] + [_reach_before(list(branch)) for branch in av[1]])
        elif op is sre.SUBPATTERN:
            reach = max(reach, _reach_before(list(av[3])))
        elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT):
            reach = max(reach, _reach_before(list(av[2])))
    return reach
