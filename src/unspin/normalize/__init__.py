"""Normalization: cheap repairs that are not synonym swaps, run before detection.

Each step lives in its own module and proposes Edits (kind ``normalize``, lexicon ``normalize``,
rule ``normalize:<step>``) with code-point offsets into the original text:

=============  =======  ===================================================================
step           default  what it repairs
=============  =======  ===================================================================
mojibake       on       mis-decoded UTF-8 via ftfy (``Bidenâ€™s`` -> ``Biden’s``)
spintax        on       ``{a|b|c}`` -> ``a`` (first alternative), ``{that a}`` -> ``that a``
glued          on       ``the Pacific.They`` -> ``the Pacific. They``
doubled        on       ``the the`` -> ``the``
nfc            off      Unicode NFC (``e`` + U+0301 -> ``é``)
whitespace     off      runs of spaces/tabs inside a line -> one space; trailing spaces
paragraphs     off      glued boundaries of a run-together article -> line breaks
=============  =======  ===================================================================

When two steps propose overlapping edits, the earlier step in this table wins (``paragraphs``
replaces ``glued`` where it applies), so the result never depends on how a caller sorts ties.
"""

from __future__ import annotations

from unspin.model import Edit

from ._edit import apply, select
from .doubled import find_doubled
from .glued import find_boundaries, find_glued
from .mojibake import find_mojibake
from .paragraphs import find_paragraph_breaks
from .spintax import find_spintax
from .unicode import find_nfc, find_whitespace

__all__ = [
    "apply",
    "find_boundaries",
    "find_doubled",
    "find_glued",
    "find_mojibake",
    "find_nfc",
    "find_paragraph_breaks",
    "find_spintax",
    "find_whitespace",
    "normalize",
    "normalize_edits",
]


def normalize_edits(text: str, *, spintax: bool = True, glued: bool = True, mojibake: bool = True,
                    doubled: bool = True, nfc: bool = False, whitespace: bool = False,
                    paragraphs: bool = False) -> list[Edit]:
    """Non-overlapping normalization edits for ``text``, sorted by start.

    Applying them (splice in order of start) gives the normalized text; text outside them is
    untouched. An insertion has ``start == end`` and ``original == ""``.

    >>> t = "the Pacific.They will announce {that a} the the astronaut"
    >>> apply(t, normalize_edits(t))
    'the Pacific. They will announce that a the astronaut'
    >>> [e.rule for e in normalize_edits(t)]
    ['normalize:glued', 'normalize:spintax', 'normalize:spintax', 'normalize:doubled']
    """
    groups: list[list[Edit]] = []
    if mojibake:
        groups.append(find_mojibake(text))
    if spintax:
        groups.append(find_spintax(text))
    if nfc:
        groups.append(find_nfc(text))
    boundaries = [b.at for b in find_boundaries(text)] if glued or paragraphs else []
    if paragraphs:
        groups.append(find_paragraph_breaks(text, boundaries))
    if glued:
        groups.append(find_glued(text, boundaries=boundaries))
    if doubled:
        groups.append(find_doubled(text))
    if whitespace:
        groups.append(find_whitespace(text))
    return select(groups)


def normalize(text: str, **steps: bool) -> str:
    """The normalized text: ``normalize_edits`` applied (keyword arguments as there).

    >>> normalize("cafÃ© {big|large} news.It works")
    'café big news. It works'
    """
    return apply(text, normalize_edits(text, **steps))
