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

from ._edits import merged_by_span, moved_clear, output_spans
from .edits import BY_SPAN, apply_edits, in_span_order
from .model import Edit


def compose(original: str, norm: list[Edit], later: list[Edit], normalized: str | None = None, *,
            keep_norm: bool = True, consume: bool = False) -> list[Edit]:
    """Edits on ``original`` equivalent to applying ``norm`` and then ``later`` (on the result).

    With ``keep_norm=False`` only the mapped ``later`` edits come back (each mapped on its own; they
    may then overlap each other, as rejected candidates do). With ``keep_norm`` the result is a valid
    set of edits when no normalization output is touched by two ``later`` edits (the pipeline's repairs
    are whole phrases; tests/test_compose.py checks this domain).

    With ``consume``, the list ``later`` is used up: an edit that nothing but the list holds is moved in
    place (in spun text ~22,000 edits a MB, each of which would be copied and then freed), so only the
    result may be read afterwards. An edit held anywhere else is copied and never changes.
    """
    if not norm:
        return list(later)
    # where each normalization edit's output lies in the normalized text, and the growth before it (each
    # list in span order: in_span_order sorts it when the C loop that reads it finds it out of order)
    norm, (starts, ends, shifts) = in_span_order(output_spans, norm)
    if normalized is None:
        normalized = apply_edits(original, norm)
    absorbed: set[int] = set()
    # an edit with no output inside its span (the common case) has the same text in the original, moved
    # by the growth before it: the C loop moves those and leaves None for the others (at ``left``)
    later, (mapped, left) = in_span_order(moved_clear, later, starts, ends, shifts, consume)
    for i in left:
        e = later[i]
        s, t = e.start, e.end
        k = bisect.bisect_right(ends, s)  # the first output ending after s: outputs before it precede e
        hit = _touching(s, t, starts, ends, k)
        n_start, n_end = s, t
        if hit:
            n_start, n_end = min(s, starts[hit[0]]), max(t, ends[hit[-1]])
            absorbed.update(hit)
        o_start = n_start - shifts[bisect.bisect_right(ends, n_start)]
        o_end = n_end - shifts[bisect.bisect_left(starts, n_end)]
        if hit:
            o_start = min(o_start, norm[hit[0]].start)
            o_end = max(o_end, norm[hit[-1]].end)
        replacement = normalized[n_start:s] + e.replacement + normalized[t:n_end]
        reason = e.reason
        if hit:  # keep what the absorbed edits did visible to a reviewer
            earlier = "; ".join(f"{norm[k].rule}: {norm[k].original!r} -> {norm[k].replacement!r}" for k in hit)
            reason = f"{reason} (combined with {earlier})"
        mapped[i] = e.moved(o_start, o_end, original[o_start:o_end], replacement, reason=reason)
    if not keep_norm:
        return mapped
    kept = norm
    if absorbed:  # cut out between slices: a later pass composes a few edits onto thousands
        kept, after = [], 0
        for k in sorted(absorbed):
            kept += norm[after:k]
            after = k + 1
        kept += norm[after:]
    # both lists are in span order but for an absorbing edit now and then: merged in C, else sorted
    merged = merged_by_span(kept, mapped)
    return merged if merged is not None else sorted(kept + mapped, key=BY_SPAN)


def _touching(s: int, t: int, starts: list[int], ends: list[int], k: int) -> list[int]:
    """Indices of the outputs that touch the span [s, t), from ``k`` (the first ending after s): a
    non-empty output sharing a character with it, an insertion strictly inside it."""
    hit = []
    for j in range(k, len(starts)):
        c, d = starts[j], ends[j]
        if c > t:
            break
        if (c < t and s < d) if d > c else (s < c < t):
            hit.append(j)
    return hit
