"""Mojibake: UTF-8 text that was decoded as Windows-1252/Latin-1 (``Bidenâ€™s`` -> ``Biden’s``).

ftfy does the detection and the decoding; this module only gives its repairs offsets. Each line is
gated by ``ftfy.badness.is_bad`` (clean text, in any script, costs one regex scan and is never
rewritten); a suspicious line is repaired with ``ftfy.fix_encoding`` alone (none of ftfy's other
fixes: quotes, ligatures, widths and line breaks stay as they are), and the repaired line is diffed
against the original so that each damaged run becomes its own tight edit.
"""

from __future__ import annotations

import difflib
import re

from unspin.model import Edit

from ._edit import make_edit

STEP = "mojibake"
CONFIDENCE = 0.99
_LINE = re.compile(r"[^\n]+")


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
    import ftfy
    from ftfy.badness import is_bad

    edits: list[Edit] = []
    for m in _LINE.finditer(text):
        line = m.group()
        if line.isascii() or not is_bad(line):
            continue
        fixed = ftfy.fix_encoding(line)
        if fixed == line:
            continue
        for a, b, repl in _diff(line, fixed):
            edits.append(make_edit(text, m.start() + a, m.start() + b, repl, STEP, CONFIDENCE,
                                   f"mojibake: {text[m.start() + a:m.start() + b]!r} is mis-decoded UTF-8"))
    return edits
