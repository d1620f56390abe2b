"""decide's choice of non-overlapping edits agrees with a pairwise definition of conflict, and its C
scoring loop with a plain Python one."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from unspin._decide import choose, gate

from unspin.decide import (
    CHARS_PER_WORD,
    EVIDENCE_CAP,
    Candidate,
    decide,
    fix_articles,
    gated_confidence,
)
from unspin.model import Edit


def _conflict(a: Edit, b: Edit) -> bool:
    """The definition: spans sharing a character; an insertion strictly inside a span; two
    insertions at one offset."""
    if a.start == a.end or b.start == b.end:
        point, span = (a, b) if a.start == a.end else (b, a)
        return span.start < point.start < span.end or span.start == span.end == point.start
    return a.start < b.end and b.start < a.end


def _reference(ranked: list[Edit]) -> list[Edit]:
    kept: list[Edit] = []
    for e in ranked:
        if not any(_conflict(e, k) for k in kept):
            kept.append(e)
    return sorted(kept, key=lambda e: (e.start, e.end))


spans = st.tuples(st.integers(0, 30), st.integers(0, 6)).map(lambda t: Edit(t[0], t[0] + t[1], "", str(t)))
# spread out: most edits overlap no other, the rest in small clusters (spun text's shape)
spread = st.tuples(st.integers(0, 400), st.integers(0, 8)).map(lambda t: Edit(t[0], t[0] + t[1], "", str(t)))


@settings(max_examples=500, deadline=None)
@given(st.lists(spans, max_size=25) | st.lists(spread, max_size=80))
def test_greedy_choice_matches_the_pairwise_definition(ranked: list[Edit]) -> None:
    rejected: list[Edit] = []
    kept = choose(ranked, rejected)
    assert kept == _reference(ranked)
    assert sorted(map(id, kept + rejected)) == sorted(map(id, ranked))  # nothing lost, nothing twice
    assert rejected == [e for e in ranked if not any(e is k for k in kept)]  # in their rank order


def test_insertion_at_a_span_boundary_is_kept() -> None:
    ranked = [Edit(2, 6, "abcd", "x"), Edit(6, 6, "", " "), Edit(2, 2, "", " "), Edit(4, 4, "", " ")]
    kept = choose(ranked, [])
    assert [(e.start, e.end) for e in kept] == [(2, 2), (2, 6), (6, 6)]


def test_native_loop_checks_its_arguments() -> None:
    assert choose([], []) == []
    for bad, error in [([Edit(3, 1, "", "")], ValueError), ([Edit(-1, 2, "", "")], ValueError), ([(1, 2)], TypeError),
                       ((Edit(1, 2, "", ""),), TypeError), ([Edit("a", 2, "", "")], TypeError)]:  # type: ignore[arg-type]
        with pytest.raises(error):
            choose(bad, [])
    ranked = [Edit(0, 4, "", "x"), Edit(2, 6, "", "y")]
    assert choose(ranked, ranked) == [ranked[0]]  # one list as both: the rejected one appended
    assert ranked[2:] == [ranked[1]]


def _plain_decide(candidates: list[Candidate], min_confidence: float, window_words: int
                  ) -> tuple[list[Edit], list[Edit], int]:
    """decide written as its definition reads: evidence counted pair by pair."""
    strong = [c.edit for c in candidates if c.strength == "strong"]
    radius = window_words * CHARS_PER_WORD
    passing, rejected = [], []
    for c in candidates:
        e = c.edit
        evidence = sum(1 for x in strong if e.start - radius <= x.start <= e.end + radius
                       and not (x.start < e.end and e.start < x.end))
        conf = gated_confidence(c, evidence)
        scored = e if conf == e.confidence else Edit(e.start, e.end, e.original, e.replacement, e.rule, e.lexicon,
                                                     e.lexicon_version, conf, e.kind, e.alternatives, e.reason)
        (passing if conf >= min_confidence or c.strength == "fixed" else rejected).append(scored)
    passing.sort(key=lambda e: (e.kind != "normalize", e.start - e.end, -e.confidence, e.start, e.rule))
    chosen = _reference(passing)
    rejected += [e for e in passing if not any(e is k for k in chosen)]  # then the losers, in rank order
    return chosen, rejected, len({x.start for x in strong})


_candidates = st.builds(
    lambda start, length, strength, prior, constrained, confidence, kind, rule: Candidate(
        Edit(start, start + length, "", "", rule=rule, confidence=confidence, kind=kind), strength, prior, constrained),
    st.integers(0, 3000), st.integers(0, 40), st.sampled_from(["strong", "weak", "fixed"]),
    st.sampled_from(["sure", "likely", "context", ""]), st.booleans(), st.sampled_from([0.5, 0.8, 0.97, 1.0]),
    st.sampled_from(["exact", "context", "normalize"]), st.sampled_from(["a:1", "a:2", "b:1"]))


@settings(max_examples=400, deadline=None)
@given(st.lists(_candidates, max_size=40), st.sampled_from([0.5, 0.7, 0.9]), st.sampled_from([1, 10, 100]))
def test_decide_agrees_with_the_pairwise_definition(candidates: list[Candidate], min_confidence: float,
                                                    window_words: int) -> None:
    chosen, rejected, strong = decide(candidates, min_confidence=min_confidence, window_words=window_words)
    assert (chosen, rejected, strong) == _plain_decide(candidates, min_confidence, window_words)


@settings(max_examples=300, deadline=None)
@given(st.lists(_candidates, max_size=60), st.lists(_candidates, max_size=30), st.sampled_from([1, 10, 100]))
def test_decide_agrees_on_runs_in_order_of_start(first: list[Candidate], second: list[Candidate],
                                                 window_words: int) -> None:
    """The pipeline's candidates come as sorted runs (one per kind), which the C loop searches forward
    from one candidate to the next; a run starting over falls back to a full search."""
    candidates = sorted(first, key=lambda c: c.edit.start) + sorted(second, key=lambda c: c.edit.start)
    assert decide(candidates, min_confidence=0.7, window_words=window_words) == \
        _plain_decide(candidates, 0.7, window_words)


@settings(max_examples=100, deadline=None)
@given(st.lists(_candidates, max_size=30))
def test_decide_reads_field_values_not_their_identity(candidates: list[Candidate]) -> None:
    """The C loop compares strength and kind by identity first (the literals are interned): an equal str
    made at run time, or of a str subclass, must read the same."""
    class Text(str):
        pass

    def fresh(value: str) -> str:
        return "".join(list(value))  # equal, not interned

    copies = [Candidate(dataclasses.replace(c.edit, kind=Text(c.edit.kind)), fresh(c.strength), c.prior,
                        c.constrained) for c in candidates]
    assert decide(copies, min_confidence=0.7, window_words=10) == \
        decide(candidates, min_confidence=0.7, window_words=10)


@given(_candidates, st.integers(EVIDENCE_CAP, 500))
def test_gated_confidence_reads_evidence_only_up_to_the_cap(candidate: Candidate, evidence: int) -> None:
    """What lets the C loop ask it once per kind of candidate and capped evidence."""
    assert gated_confidence(candidate, evidence) == gated_confidence(candidate, EVIDENCE_CAP)


def test_gate_refuses_records_it_cannot_read() -> None:
    class Loose:  # a __dict__, no slots
        def __init__(self) -> None:
            self.edit, self.strength, self.prior, self.constrained = Edit(0, 1, "a", "b"), "weak", "", False

    with pytest.raises(TypeError, match="slots record"):
        gate([Loose()], 10, 0.5, gated_confidence, EVIDENCE_CAP)
    with pytest.raises(ZeroDivisionError):  # the confidence function's error comes through
        gate([Candidate(Edit(0, 1, "a", "b"), "weak")], 10, 0.5, lambda c, n: 1 / 0, EVIDENCE_CAP)
    with pytest.raises(TypeError):  # a confidence must be a number
        gate([Candidate(Edit(0, 1, "a", "b"), "weak")], 10, 0.5, lambda c, n: "high", EVIDENCE_CAP)


def _plain_fix_articles(text: str, edits: list[Edit]) -> list[Edit]:
    """fix_articles without its C prefilter: every edit looked at, the article expression searched."""
    import regex

    from unspin.casing import article_for

    out: list[Edit] = []
    for e in edits:
        m = regex.compile(r"(?<![\w'’-])([Aa]n?)(\s+)\Z").search(text, max(0, e.start - 12), e.start)
        word = regex.compile(r"[\p{L}\p{N}]+").match(e.replacement)
        if m and word and m.start() >= (out[-1].end if out else 0):
            want, have = article_for(word.group()), m.group(1)
            if want and want != have.lower():
                fixed = want[0].upper() + want[1:] if have[0].isupper() else want
                e = dataclasses.replace(e, start=m.start(), original=text[m.start():e.end],
                                        replacement=fixed + m.group(2) + e.replacement,
                                        reason=(e.reason + "; " if e.reason else "") + f"article {have!r} -> {fixed!r}")
        out.append(e)
    return out


_words = st.sampled_from(["a", "an", "A", "An", "AN", "aN", "the", "space", "area", "plan", "idea", "n", "ban",
                         "\u00a0", "\t", "x-a", "l’an", "l'a", "_a", "éa", "9a", "(an", "\u2003", "     ", "Ka"])


@settings(max_examples=400, deadline=None)
@given(st.lists(_words, min_size=1, max_size=10), st.data())
def test_fix_articles_agrees_with_the_plain_loop(words: list[str], data: st.DataObject) -> None:
    text = " ".join(words)
    starts = [i for i in range(len(text) + 1) if i == 0 or text[i - 1] == " "]
    chosen = sorted(set(data.draw(st.lists(st.sampled_from(starts), max_size=4))))
    edits = [Edit(s, s, "", data.draw(st.sampled_from(["area", "plan", "hour", "Idea"]))) for s in chosen]
    assert fix_articles(text, edits) == _plain_fix_articles(text, edits)


def test_gate_holds_its_candidates_while_python_runs() -> None:
    given_list = [Candidate(Edit(0, 1, "a", "b", confidence=0.5), "weak", "context"),
                  Candidate(Edit(2, 3, "c", "d", confidence=0.5), "strong", "likely")]

    def confidence_of(c: Candidate, evidence: int) -> float:
        given_list.clear()  # the loop reads its own copy of the list
        return gated_confidence(c, evidence)

    ranked, rejected, strong = gate(given_list, 600, 0.7, confidence_of, EVIDENCE_CAP)
    assert ([e.start for e in ranked], [e.start for e in rejected], strong) == ([2], [0], 1)
