"""Behaviour of the contextual layer (unspin.context): proposals, protections, reasons, laziness."""

from __future__ import annotations

import functools
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from unspin import Unspinner, apply_edits
from unspin.context import find_context_edits, find_swap_edits, gating_prior
from unspin.lexicon import select_lexicons

# (text, spun word, expected restoration): the layer must propose it (at any confidence: the engine's
# spin gating and threshold decide whether it is applied).
SHOULD_PROPOSE = [
    ("key goods such as sun panels and critical minerals", "sun", "solar"),
    ("They sell 4 sun panels a week", "sun", "solar"),
    ("the election made it transparent that approval would be difficult", "transparent", "clear"),
]

# Text that must get no edit at the default threshold (0.7): clean prose, names, numbers.
MUST_NOT_TOUCH = [
    "The prime minister said the talks would continue next week.",
    "We installed solar panels on the roof of the school.",
    "He spoke to Jap Top Minister Kishida in Tokyo.",
    "Sun Microsystems sold 4 servers to the Army in 1999.",
    "The official said that the economy grew by 3 percent last year.",
    "Officials have been frustrated by the public opposition to the bid.",
]


@pytest.mark.parametrize(("text", "spun", "expected"), SHOULD_PROPOSE)
def test_proposes_restoration(text: str, spun: str, expected: str) -> None:
    edits = find_context_edits(text)
    assert any(e.original == spun and e.replacement.lower() == expected for e in edits), edits


@pytest.mark.parametrize("text", MUST_NOT_TOUCH)
def test_clean_text_untouched_at_default_threshold(text: str) -> None:
    assert [e for e in find_context_edits(text) if e.confidence >= 0.7] == []


@pytest.mark.parametrize("text", [t for t, _, _ in SHOULD_PROPOSE] + MUST_NOT_TOUCH)
def test_edits_are_well_formed(text: str) -> None:
    edits = find_context_edits(text)
    last_end = 0
    for e in edits:
        assert text[e.start : e.end] == e.original
        assert e.start >= last_end  # sorted, non-overlapping
        last_end = e.end
        assert e.kind == "context" and e.lexicon == "context" and e.rule.startswith("context:")
        assert 0.0 <= e.confidence <= 1.0
        # the reason quotes the observed and the chosen bigrams with their counts
        assert f'"{e.original.lower()}' in e.reason and e.replacement.lower() in e.reason.lower()
        assert any(ch.isdigit() for ch in e.reason) or "unseen" in e.reason


def test_skip_spans_are_respected() -> None:
    text = "key goods such as sun panels and critical minerals"
    start = text.index("sun")
    assert any(e.start == start for e in find_context_edits(text))
    edits = find_context_edits(text, skip=[(start, start + 3)])
    assert all(e.end <= start or e.start >= start + 3 for e in edits)


def test_proper_nouns_and_numbers_never_touched() -> None:
    text = "Sun Panels Inc. reported 4 panels; Sun said so."
    for e in find_context_edits(text):
        assert not e.original[:1].isupper() or e.start == 0
        assert not e.original.isdigit()


def test_replacement_keeps_inflection() -> None:
    # the candidate goes back into the observed plural / verb form
    edits = find_context_edits("They installed cheap sun panels on the roofs")
    for e in edits:
        if e.original.endswith("s") and not e.original.endswith("ss"):
            assert e.replacement.endswith("s"), e


def test_import_does_not_load_data() -> None:
    code = (
        "import unspin.context, unspin.thesaurus as t; assert not t.loaded(); "
        "unspin.context.find_context_edits('such as sun panels'); assert t.loaded()"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


# -- data-driven cases: tests/cases/context/*.tsv (kind, input, expected, held-out spun phrases) --------
CONTEXT_CASES = Path(__file__).parent / "cases" / "context"


def _context_cases() -> list:
    params = []
    for path in sorted(CONTEXT_CASES.glob("*.tsv")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if not line.strip() or line.startswith("#"):
                continue
            kind, text, expected, held = line.split("\t")
            params.append(pytest.param(kind, text, text if expected == "=" else expected,
                                       tuple(h for h in held.split("|") if h), id=f"{path.stem}:{number}:{kind}"))
    return params


@functools.cache
def _engine(held: tuple[str, ...]) -> Unspinner:
    """The shipped lexicons without the held-out spun phrases, with the contextual layer on."""
    drop = {h.lower() for h in held}
    lexicons = [replace(lex, entries=tuple(e for e in lex.entries if e.spun.lower() not in drop),
                        digest=f"{lex.digest}-without-{'|'.join(held)}") if drop else lex
                for lex in select_lexicons(["all"])]
    return Unspinner(lexicons=lexicons, context=True)


@pytest.mark.parametrize(("kind", "text", "expected", "held"), _context_cases())
def test_context_case(kind: str, text: str, expected: str, held: tuple[str, ...]) -> None:
    result = _engine(held).explain(text)
    assert result.text == expected
    assert apply_edits(text, result.edits) == result.text
    context_edits = [e for e in result.edits if e.kind == "context"]
    if kind == "fix":
        assert context_edits, "a fix case must be repaired by the contextual layer, not only by lexicons"
    else:
        assert kind == "keep" and context_edits == []


def test_context_case_file_has_both_kinds() -> None:
    kinds = [p.values[0] for p in _context_cases()]
    assert kinds.count("fix") >= 5 and kinds.count("keep") >= 5


@pytest.mark.parametrize("floor", [0.5, 0.7, 0.9])
def test_min_confidence_only_skips_what_could_not_pass(floor: float) -> None:
    # the engine passes its threshold down; what the layer then returns must be exactly the proposals
    # at or above it, so the search shortcuts change speed, never results
    text = (Path(__file__).parents[1] / "samples" / "seed" / "spun.txt").read_text(encoding="utf-8")
    for lexicons in (None, select_lexicons(["pps"])):
        full = [(e.start, e.end, e.replacement, e.confidence)
                for e in find_context_edits(text, lexicons=lexicons) if e.confidence >= floor]
        fast = [(e.start, e.end, e.replacement, e.confidence)
                for e in find_context_edits(text, lexicons=lexicons, min_confidence=floor)]
        assert fast == full


def test_rule_ids_name_the_evidence() -> None:
    (edit,) = find_swap_edits("we trained an irregular timberland model")
    assert edit.rule == "context:swap-term" and gating_prior(edit) == "likely"
    assert "a term of the lexicons" in edit.reason


def test_thesaurus_marks_two_way_relations() -> None:
    from unspin import thesaurus

    assert "solar" in thesaurus.originals("sun") and "solar" not in thesaurus.mutual("sun")
    assert thesaurus.mutual("sun") <= set(thesaurus.originals("sun"))
    assert all("=" not in o for o in thesaurus.originals("call"))
