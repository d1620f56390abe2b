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


@functools.cache
def _badness_scan() -> tuple[re.Pattern[str], int]:
    """A character class of the characters without which ``ftfy.badness.is_bad`` cannot be true,
    and the greatest width of a match of ftfy's expression.

    Every alternative of ftfy's badness expression needs a character of one of its categories
    other than "common" (no-break space, soft hyphen, middle dot, dashes, ellipsis, right single
    quote), or a literal such as ``Ã``; "common" characters only count next to ``Ø``/``Ù``. So the
    class is every non-ASCII character the expression names, minus those found only in "common".
    Derived from the installed ftfy rather than copied, so it follows ftfy's own changes.
    """
    from re import _constants as sre  # the stdlib's own parser of the expression
    from re import _parser

    from ftfy.badness import BADNESS_RE, MOJIBAKE_CATEGORIES

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

    parsed = _parser.parse(BADNESS_RE.pattern, BADNESS_RE.flags)
    walk(parsed)
    elsewhere = "".join(v for k, v in MOJIBAKE_CATEGORIES.items() if k != "common")
    common_only = {ord(c) for c in MOJIBAKE_CATEGORIES["common"] if c not in elsewhere}
    chars = sorted(c for c in named - common_only if c >= 0x80)
    return re.compile("[" + "".join(re.escape(chr(c)) for c in chars) + "]"), parsed.getwidth()[1]


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
