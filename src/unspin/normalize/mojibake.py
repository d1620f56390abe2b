"""Mojibake: UTF-8 text that was decoded as Windows-1252/Latin-1 (``Bidenâ€™s`` -> ``Biden’s``).

ftfy does the detection and the decoding; this module only gives its repairs offsets. Each line is
gated by ``ftfy.badness.is_bad`` (clean text, in any script, costs one regex scan and is never
rewritten); a suspicious line is repaired with ``ftfy.fix_encoding`` alone (none of ftfy's other
fixes: quotes, ligatures, widths and line breaks stay as they are), and the repaired line is diffed
against the original so that each damaged run becomes its own tight edit.

ftfy's badness expression only runs near the characters it needs (see :func:`_badness_scan`): curly
apostrophes, dashes and ellipses alone never make a line bad, so most lines of real text are settled
without running it, and the rest only around their accented letters and symbols.
"""

from __future__ import annotations

import difflib
import functools
import re

from unspin.model import Edit
from unspin.wordbytes import byte_view

from ._edit import make_edit

STEP = "mojibake"
CONFIDENCE = 0.99


def _is_bad(line: str) -> bool:
    """``ftfy.badness.is_bad(line)``, with the expression run only around trigger characters.

    Each of its matches is short and holds a trigger character, so searching a window of the
    expression's greatest width on either side of each trigger finds it. Over a whole line ftfy's
    expression runs at ~3 MB/s, which made lines with an accented name the bulk of the step's cost.
    (``pos``/``endpos`` keep ``^`` to the real start of the line.)
    """
    from ftfy.badness import BADNESS_RE

    trigger, width = _badness_scan()
    return any(BADNESS_RE.search(line, max(0, t.start() - width + 1), t.end() + width - 1)
               for t in trigger.finditer(line))


# Characters that clean prose is full of: a trigger class without them settles most lines unread.
_PROSE = frozenset(map(ord, "“”‘’„‚«»–—…\xa0"))


@functools.cache
def _badness_scan() -> tuple[re.Pattern[str], int]:
    """A character class of characters without which ``ftfy.badness.is_bad`` cannot be true, and the
    greatest width of a match of ftfy's expression.

    Every match of ftfy's badness expression is a match of one of its alternatives, and each
    alternative is a sequence of items that a match must all contain. So it is enough to take one
    item from each alternative: one that matches only non-ASCII characters, avoiding the curly quotes
    and dashes of clean prose where the alternative allows it (``[ßà-ñ…] [‘“…] [²³…]`` is entered by
    its first or last class, not by its quotes). The class is the union of those items' characters.
    When an alternative has no such item, the class falls back to every non-ASCII character the
    expression names, minus those found only in ftfy's "common" category (no-break space, soft hyphen,
    middle dot, dashes, ellipsis, right single quote), which count only next to ``Ø``/``Ù``.
    Derived from the installed ftfy rather than copied, so it follows ftfy's own changes.
    """
    from re import _constants as sre  # the stdlib's own parser of the expression
    from re import _parser

    from ftfy.badness import BADNESS_RE

    parsed = _parser.parse(BADNESS_RE.pattern, BADNESS_RE.flags)
    items = list(parsed)
    alternatives = items[0][1][1] if len(items) == 1 and items[0][0] is sre.BRANCH else [items]
    chosen: set[int] = set()
    for alternative in alternatives:
        required = [chars for op, av in alternative if (chars := _required_chars(op, av, sre))]
        if not required:
            chosen = _named_chars(parsed, sre)
            break
        chosen |= min(required, key=lambda chars: (bool(chars & _PROSE), len(chars)))
    chars = sorted(chosen)
    return re.compile("[" + "".join(re.escape(chr(c)) for c in chars) + "]"), parsed.getwidth()[1]


def _required_chars(op, av, sre) -> set[int]:
    """The characters one item of a sequence matches, when it must match one and they are all
    non-ASCII (a literal, a plain class, or such an item repeated at least once); else the empty set."""
    if op is sre.LITERAL:
        chars = {av}
    elif op is sre.IN and all(o in (sre.LITERAL, sre.RANGE) for o, _ in av):
        chars = set()
        for o, a in av:
            chars.update([a] if o is sre.LITERAL else range(a[0], a[1] + 1))
    elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT) and av[0] >= 1 and len(av[2]) == 1:
        return _required_chars(*list(av[2])[0], sre)
    else:
        return set()
    return chars if min(chars) >= 0x80 else set()


def _named_chars(parsed, sre) -> set[int]:
    """Every non-ASCII character the expression names, minus those found only in ftfy's "common"
    category (they count only next to Ø/Ù, which are named elsewhere)."""
    from ftfy.badness import MOJIBAKE_CATEGORIES

    named: set[int] = set()

    def walk(tree) -> None:
        for op, av in tree:
            if op is sre.LITERAL:
                named.add(av)
            elif op is sre.RANGE:
                named.update(range(av[0], av[1] + 1))
            elif op is sre.IN:
                walk(av)
            elif op is sre.SUBPATTERN:
                walk(av[-1])
            elif op is sre.BRANCH:
                for branch in av[1]:
                    walk(branch)
            elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT):
                walk(av[2])

    walk(parsed)
    elsewhere = "".join(v for k, v in MOJIBAKE_CATEGORIES.items() if k != "common")
    common_only = {ord(c) for c in MOJIBAKE_CATEGORIES["common"] if c not in elsewhere}
    return {c for c in named - common_only if c >= 0x80}


def _diff(original: str, fixed: str) -> list[tuple[int, int, str]]:
    """(start, end, replacement) runs, relative to ``original``, that turn it into ``fixed``."""
    matcher = difflib.SequenceMatcher(None, original, fixed, autojunk=False)
    runs: list[tuple[int, int, str]] = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            continue
        if runs and runs[-1][1] == i1:  # adjacent changes make one edit
            s, _, r = runs[-1]
            runs[-1] = (s, i2, r + fixed[j1:j2])
        else:
            runs.append((i1, i2, fixed[j1:j2]))
    return runs


def find_mojibake(text: str) -> list[Edit]:
    """Edits that undo mis-decoded UTF-8, one per damaged run.

    >>> from unspin.normalize._edit import apply
    >>> t = "Bidenâ€™s cafÃ© and a “clean” café, Grüße, 中文"
    >>> [(e.original, e.replacement) for e in find_mojibake(t)]
    [('â€™', '’'), ('Ã©', 'é')]
    """
    if text.isascii():  # nothing to repair, and ftfy (slow to import) is not needed
        return []
    marks = _trigger_marks(text)
    at = marks.find(_TRIGGER)
    if at < 0:  # no line can be bad: most text, in any script
        return []
    import ftfy

    edits: list[Edit] = []
    while at >= 0:  # each line that holds a trigger character, once
        start = text.rfind("\n", 0, at) + 1
        end = text.find("\n", at)
        end = len(text) if end < 0 else end
        line = text[start:end]
        if _is_bad(line) and (fixed := ftfy.fix_encoding(line)) != line:
            for a, b, repl in _diff(line, fixed):
                edits.append(make_edit(text, start + a, start + b, repl, STEP, CONFIDENCE,
                                       f"mojibake: {text[start + a:start + b]!r} is mis-decoded UTF-8"))
        at = marks.find(_TRIGGER, end)
    return edits


# Trigger characters as one byte per code point (0x80 for a trigger, 0 for anything else): one C pass
# (unspin.wordbytes) finds the lines worth asking about, where a search with the trigger class costs
# ~2 ms per MB and splitting the text into lines another ~1 ms.
_TRIGGER = 0x80
_trigger_marks = byte_view(lambda c: _TRIGGER if _badness_scan()[0].match(c) else 0,
                           bytes(_TRIGGER if b == _TRIGGER else 0 for b in range(256)))
