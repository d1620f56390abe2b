"""Compose two layers of edits: normalization edits on the original, then edits found on the
normalized text, expressed as one non-overlapping set of edits on the ORIGINAL.

Detection runs on the normalized text so that a repair (mojibake, a glued boundary) can reveal a
phrase; otherwise a second run would find what the first missed. An edit whose span touches the output
of a normalization edit absorbs it: the two become one edit on the original.

>>> from unspin.model import Edit
>>> text = "the Pacific.They saw Jap"
>>> norm = [Edit(12, 12, "", " ", kind="normalize")]
>>> later = [Edit(22, 25, "Jap", "Japanese")]  # offsets in "the Pacific. They saw Jap"
>>> [(e.start, e.end, e.replacement) for e in compose(text, norm, later)]
[(12, 12, ' '), (21, 24, 'Japanese')]
"""

from __future__ import annotations

import bisect

from .edits import BY_SPAN, apply_edits
from .model import Edit


def compose(original: str, norm: list[Edit], later: list[Edit], normalized: str | None = None, *,
            keep_norm: bool = True) -> list[Edit]:
    """Edits on ``original`` equivalent to applying ``norm`` and then ``later`` (on the result).

    With ``keep_norm=False`` only the mapped ``later`` edits come back (each mapped on its own; they
    may then overlap each other, as rejected candidates do).
    """
    if not norm:
        return list(later)
    later = sorted(later, key=BY_SPAN)
    norm = sorted(norm, key=BY_SPAN)
    if normalized is None:
        normalized = apply_edits(original, norm)
    # output span [c, d) of each normalization edit in the normalized text
    outs, shift, shifts = [], 0, [0]
    for e in norm:
        c = e.start + shift
        outs.append((c, c + len(e.replacement)))
        shift += len(e.replacement) - (e.end - e.start)
        shifts.append(shift)
    ends = [d for _, d in outs]
    starts = [c for c, _ in outs]
    absorbed: set[int] = set()
    mapped: list[Edit] = []
    for e in later:
        lo = bisect.bisect_left(ends, e.start)  # first normalization output ending at/after e.start
        hit = []
        for k in range(max(0, lo - 1), len(norm)):
            c, d = outs[k]
            if c > e.end:
                break
            touches = (c < e.end and e.start < d) if d > c else (e.start < c < e.end)
            if touches:
                hit.append(k)
        n_start, n_end = e.start, e.end
        if hit:
            n_start, n_end = min(n_start, outs[hit[0]][0]), max(n_end, outs[hit[-1]][1])
            absorbed.update(hit)
        o_start = _to_original(n_start, ends, starts, shifts, norm, outs, at_start=True)
        o_end = _to_original(n_end, ends, starts, shifts, norm, outs, at_start=False)
        if hit:
            o_start = min(o_start, norm[hit[0]].start)
            o_end = max(o_end, norm[hit[-1]].end)
        replacement = normalized[n_start:e.start] + e.replacement + normalized[e.end:n_end]
        reason = e.reason
        if hit:  # keep what the absorbed edits did visible to a reviewer
            earlier = "; ".join(f"{norm[k].rule}: {norm[k].original!r} -> {norm[k].replacement!r}" for k in hit)
            reason = f"{reason} (combined with {earlier})"
        mapped.append(e.moved(o_start, o_end, original[o_start:o_end], replacement, reason=reason))
    if not keep_norm:
        return mapped
    kept = [e for k, e in enumerate(norm) if k not in absorbed]
    return sorted(kept + mapped, key=BY_SPAN)


def _to_original(pos: int, ends: list[int], starts: list[int], shifts: list[int], norm: list[Edit],
                 outs: list[tuple[int, int]], *, at_start: bool) -> int:
    """A normalized-text position outside every touched edit, mapped to the original."""
    # edits wholly before pos: for a start, an empty output at pos counts as before (text deleted
    # there precedes the span); for an end, it counts as after
    k = bisect.bisect_right(ends, pos) if at_start else bisect.bisect_left(starts, pos)
    if not at_start:
        while k < len(outs) and outs[k][1] <= pos and outs[k][0] < pos:
            k += 1
    return pos - shifts[k]
