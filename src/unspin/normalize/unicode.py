"""NFC and whitespace folding (both off by default: they change text that is not damaged).

- NFC: decomposed sequences (``e`` + U+0301) become their composed form (``é``). The text is cut at
  ASCII characters, which never combine with what precedes them, so each piece normalizes on its
  own and each changed piece is one tight edit.
- whitespace: inside a line, a run of spaces and tabs (two or more characters, or a tab) becomes one
  space, and spaces/tabs at the end of a line go. Indentation at the start of a line stays (code,
  verse, lists), and so do no-break and other special spaces.
"""

from __future__ import annotations

import re
import unicodedata

from unspin.edits import common_affixes
from unspin.model import Edit

from ._edit import make_edit

CONFIDENCE = 0.99
_NON_ASCII_RUN = re.compile(r"[^\x00-\x7f]+")
_RUN = re.compile(r"[ \t]{2,}|\t")
_TRAILING = re.compile(r"[ \t]+(?=\r?$)", re.M)


def find_nfc(text: str) -> list[Edit]:
    """Edits that bring ``text`` to Unicode NFC.

    >>> [(e.original, e.replacement) for e in find_nfc("cafe\\u0301 and café")]
    [('e\\u0301', 'é')]
    """
    if unicodedata.is_normalized("NFC", text):
        return []
    edits: list[Edit] = []
    for m in _NON_ASCII_RUN.finditer(text):
        # Include the ASCII character before the run: it may be the base of a combining mark.
        start = m.start() - 1 if m.start() > 0 else 0
        piece = text[start : m.end()]
        fixed = unicodedata.normalize("NFC", piece)
        if fixed == piece:
            continue
        # Trim the common prefix and suffix so the edit covers only what changed.
        p, s = common_affixes(piece, fixed)
        edits.append(make_edit(text, start + p, start + len(piece) - s, fixed[p : len(fixed) - s], "nfc",
                               CONFIDENCE, "Unicode normalization (NFC)"))
    return edits


def find_whitespace(text: str) -> list[Edit]:
    """Edits folding runs of spaces/tabs inside lines to one space and removing trailing ones.

    >>> from unspin.normalize._edit import apply
    >>> apply("  indented  twice\\tand  \\nnext ", find_whitespace("  indented  twice\\tand  \\nnext "))
    '  indented twice and\\nnext'
    """
    edits = []
    for m in _RUN.finditer(text):
        start, end = m.start(), m.end()
        inside = start > 0 and text[start - 1] not in "\n\r" and end < len(text) and text[end] not in "\n\r"
        if inside and text[start:end] != " ":  # not indentation, not trailing, not already one space
            edits.append(make_edit(text, start, end, " ", "whitespace", CONFIDENCE, "folded a run of spaces"))
    edits += [make_edit(text, m.start(), m.end(), "", "whitespace", CONFIDENCE, "removed trailing spaces")
              for m in _TRAILING.finditer(text)]
    return sorted(edits, key=lambda e: e.start)
