"""A slow, plainly right matcher the real one is checked against (test_match.py, test_fuzz.py)."""

from __future__ import annotations

import regex

from unspin.match import Matcher, _case_key, at_word_boundaries, fold


def reference(matcher: Matcher, text: str) -> set[tuple[int, int, int]]:
    """Each pattern as a regex over the folded text, overlapping, boundary-checked: (start, end, entry)."""
    folded = fold(text)
    out = set()
    for pattern, targets in zip(matcher._patterns, matcher.targets, strict=True):
        for m in regex.finditer(regex.escape(pattern), folded, overlapped=True):
            if not at_word_boundaries(text, m.start(), m.end()):
                continue
            for entry, form in targets:
                surfaces = matcher.case_surfaces.get((entry, form))
                if surfaces is not None and _case_key(text[m.start():m.end()]) not in surfaces:
                    continue
                out.add((m.start(), m.end(), entry))
    return out
