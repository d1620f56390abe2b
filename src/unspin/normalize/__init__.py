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

import bisect
import itertools
from array import array
from collections.abc import Callable

from unspin.edits import merge_spans
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
                    paragraphs: bool = False, near: array | None = None) -> list[Edit]:
    """Non-overlapping normalization edits for ``text``, sorted by start.

    Applying them (splice in order of start) gives the normalized text; text outside them is
    untouched. An insertion has ``start == end`` and ``original == ""``.

    ``near``, for a later pass: ``text`` was made by applying edits, among them every edit this function
    gave for the text before, and ``near`` holds the spans they changed (``edits.changed_spans``). The
    result is the same; the steps that decide each line from that line alone then look only at the lines
    holding a change (see :func:`_changed_lines`).

    >>> t = "the Pacific.They will announce {that a} the the astronaut"
    >>> apply(t, normalize_edits(t))
    'the Pacific. They will announce that a the astronaut'
    >>> [e.rule for e in normalize_edits(t)]
    ['normalize:glued', 'normalize:spintax', 'normalize:spintax', 'normalize:doubled']
    """
    # mojibake, spintax and doubled read one line at a time (ftfy is given a line; a spintax group and a
    # doubled word never cross a line end); the optional steps make no such claim, so with any of them
    # on, every line is read
    lines = None if near is None or nfc or whitespace or paragraphs else _changed_lines(text, near)
    local = text if lines is None else "".join([text[lo:hi] for lo, hi in lines])

    def by_line(find: Callable[[str], list[Edit]]) -> list[Edit]:
        edits = find(local)
        return edits if lines is None or not edits else _placed(edits, lines)

    groups: list[list[Edit]] = []
    if mojibake:
        groups.append(by_line(find_mojibake))
    if spintax:
        groups.append(by_line(find_spintax))
    if nfc:
        groups.append(find_nfc(text))
    # the glued rule asks about the whole text (is a word ever written in lower case?): it reads it all
    boundaries = [b.at for b in find_boundaries(text)] if glued or paragraphs else []
    if paragraphs:
        groups.append(find_paragraph_breaks(text, boundaries))
    if glued:
        groups.append(find_glued(text, boundaries=boundaries))
    if doubled:
        groups.append(by_line(find_doubled))
    if whitespace:
        groups.append(find_whitespace(text))
    return select(groups)


# Above this share of the text, the lines of the changes are read as the whole text is: in place.
LINES_READ_APART = 0.5
# Many changes whose neighbourhoods (DENSE_RADIUS characters either side) cover DENSE_SHARE of the text
# are taken to hold most of its lines without finding them one by one: in spun text every line holds
# several, and finding out line by line cost ~2 ms per MB. A speed choice only: either way the result is
# the same.
DENSE_CHANGES, DENSE_RADIUS, DENSE_SHARE = 64, 100, 0.75


def _changed_lines(text: str, near: array) -> list[tuple[int, int]] | None:
    """The lines of ``text`` holding the spans ``near`` (sorted; flat, as ``edits.changed_spans`` gives
    them), each with its line end, merged where they meet; None when they are most of the text.

    A line that holds no change is a line of the text before, on which the steps that read one line at
    a time proposed nothing (an edit they proposed was applied, or lost to an overlapping one, which
    was applied on the same line): reading it again, they would propose nothing again.

    >>> from unspin.edits import flat_spans
    >>> t = "one\\ntwo\\nthree\\nfour\\nfive\\nsix\\nseven"
    >>> [_changed_lines(t, flat_spans(near)) for near in ([(5, 6), (9, 9)], [(16, 18)], [(0, 20)])]
    [[(4, 14)], [(14, 19)], None]
    """
    starts, ends = near[::2], near[1::2]
    if len(starts) >= DENSE_CHANGES and sum(
            hi - lo for lo, hi in merge_spans(near, DENSE_RADIUS, len(text))) > DENSE_SHARE * len(text):
        return None

    def line_end(at: int) -> int:
        end = text.find("\n", at)
        return len(text) if end < 0 else end + 1

    out: list[tuple[int, int]] = []
    k, covered = 0, 0
    while k < len(starts):
        lo, hi = text.rfind("\n", 0, starts[k]) + 1, line_end(ends[k])
        while True:  # the spans that start on these lines are done; the last may reach a later line
            k_next = bisect.bisect_left(starts, hi, k + 1)
            # (a span ending in a line break changed the line after it: it starts differently)
            end = line_end(ends[k_next - 1])
            if end <= hi:
                break
            hi = end
        k = k_next
        if out and out[-1][1] >= lo:  # meets the last: one stretch
            covered -= out[-1][1] - out[-1][0]
            lo = out.pop()[0]
        out.append((lo, hi))
        covered += hi - lo
        if covered > LINES_READ_APART * len(text):
            return None
    return out


def _placed(edits: list[Edit], lines: list[tuple[int, int]]) -> list[Edit]:
    """Edits found on the lines (``lines``, joined) moved to their offsets in the text."""
    bases = list(itertools.accumulate((hi - lo for lo, hi in lines), initial=0))
    out = []
    for e in edits:
        k = bisect.bisect_right(bases, e.start) - 1
        if k == len(lines):  # an insertion at the very end belongs to the last line
            k -= 1
        shift = lines[k][0] - bases[k]
        out.append(e.moved(e.start + shift, e.end + shift, e.original, e.replacement))
    return out


def normalize(text: str, **steps: bool) -> str:
    """The normalized text: ``normalize_edits`` applied (keyword arguments as there).

    >>> normalize("cafÃ© {big|large} news.It works")
    'café big news. It works'
    """
    return apply(text, normalize_edits(text, **steps))
