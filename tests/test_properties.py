"""Properties that hold for any input: nothing outside an edit changes, the edits replay exactly,
a second run changes nothing more, offsets are valid, case patterns carry over, JSONL round-trips.

Text is built from shipped lexicon phrases mixed with punctuation, quotes, non-Latin scripts,
combining marks, emoji and CRLF, so the matcher and every normalization step are exercised.
"""

from __future__ import annotations

import json
import os

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from unspin import Edit, Unspinner, apply_edits
from unspin.match import at_word_boundaries
from unspin.render import jsonl

EXAMPLES = int(os.environ.get("UNSPIN_PROPERTY_EXAMPLES", "150"))
UNSPINNER = Unspinner()
PHRASES = sorted({e.spun for e in UNSPINNER.entries})[::7]  # a spread of real artifacts

fragments = st.one_of(
    st.sampled_from(PHRASES),
    st.sampled_from(PHRASES).map(str.upper),
    st.sampled_from(PHRASES).map(str.title),
    st.sampled_from(["the", "a", "an", "said", "Jap", "america", "{that a}", "{x|y}", "the the",
                     "U.S.", "$14.9", "Pacific.They", "â€™", "Bidenâ€™s", "e.g.", "İ", "é", "e\u0301",
                     "日本語", "Ελλάδα", "Москва", "😀", "👍🏽", "’s", "'s", "“", "”", '"', "—", "-", "..."]),
    st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=8),
)
separators = st.sampled_from([" ", " ", " ", "\n", "\r\n", "\t", "", ". ", ", ", "-", "\u00a0", "\n\n"])
texts = st.lists(st.tuples(fragments, separators), max_size=30).map(
    lambda parts: "".join(f + s for f, s in parts))

SETTINGS = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _outside(text: str, edits: tuple[Edit, ...]) -> list[str]:
    pieces, pos = [], 0
    for e in edits:
        pieces.append(text[pos:e.start])
        pos = e.end
    pieces.append(text[pos:])
    return pieces


@SETTINGS
@given(texts)
def test_text_outside_edits_is_unchanged(text: str) -> None:
    result = UNSPINNER.explain(text)
    assert apply_edits(text, result.edits) == result.text
    # rebuild the output from the outside pieces and the replacements: must equal the output exactly
    rebuilt = []
    for piece, e in zip(_outside(text, result.edits), (*result.edits, None), strict=True):
        rebuilt.append(piece)
        if e is not None:
            rebuilt.append(e.replacement)
    assert "".join(rebuilt) == result.text


@SETTINGS
@given(texts)
def test_offsets_valid_and_on_word_boundaries(text: str) -> None:
    result = UNSPINNER.explain(text)
    last_end = 0
    for e in result.edits:
        assert 0 <= e.start <= e.end <= len(text)
        assert e.start >= last_end
        assert text[e.start:e.end] == e.original
        if e.kind == "exact":  # phrases are found after normalization: check bounds there
            norm = [x for x in result.edits if x.kind == "normalize"]
            shift = sum(len(x.replacement) - (x.end - x.start) for x in norm if x.end <= e.start)
            normalized = apply_edits(text, norm)
            assert at_word_boundaries(normalized, e.start + shift, e.end + shift)
        last_end = e.end


@SETTINGS
@given(texts)
def test_second_run_changes_nothing_more(text: str) -> None:
    once = UNSPINNER.fix(text)
    assert UNSPINNER.fix(once) == once


@SETTINGS
@given(texts)
def test_jsonl_round_trip(text: str) -> None:
    result = UNSPINNER.explain(text)
    records = [json.loads(line) for line in jsonl(text, result)]
    edits = [Edit.from_dict(r) for r in records]
    assert apply_edits(text, edits) == result.text


@SETTINGS
@given(st.sampled_from([e for e in UNSPINNER.entries if e.prior == "sure" and "case" not in e.flags
                        and not (e.left or e.right or e.requires or e.excludes)]),
       st.sampled_from(["lower", "upper", "title"]))
def test_case_pattern_carries_over(entry, style: str) -> None:
    spun = {"lower": str.lower, "upper": str.upper, "title": str.title}[style](entry.spun)
    text = f"We saw {spun} there."
    (edit,) = [e for e in UNSPINNER.find_edits(text) if e.start == 7] or [None]
    if edit is None:  # a longer or overlapping entry won: nothing to compare for this one
        return
    letters = [c for c in edit.replacement if c.isalpha()]
    if style == "upper" and len(letters) > 1:
        assert edit.replacement == edit.replacement.upper()
    if style == "title":
        assert not letters or letters[0].isupper()
