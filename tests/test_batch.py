"""Batch API: per-record error isolation, line streams, the process pool."""

from __future__ import annotations

import pickle

import pytest
from etl_helpers import seed_paragraphs, unspinner

from unspin import Unspinner
from unspin.batch import Unrepaired, fix_parallel, group_texts, ordered_map


class Flaky(Unspinner):
    """Raises on one marked text, like an engine bug hit by one odd record."""

    def explain(self, text):
        if "BOOM" in text:
            raise RuntimeError("engine failure")
        return super().explain(text)


def flaky() -> Flaky:
    return Flaky([unspinner().lexicons[0]], unspinner().config)


def test_fix_batch_repairs_every_record_like_fix() -> None:
    u = unspinner()
    texts = seed_paragraphs()
    out = u.fix_batch(texts)
    assert out == [u.fix(t) for t in texts]
    assert out != texts  # the seed is spun: something was repaired


def test_a_failing_record_is_returned_unchanged_and_the_batch_goes_on(caplog: pytest.LogCaptureFixture) -> None:
    u = flaky()
    texts = ["the Jap Top Minister", "BOOM the Jap Top Minister", None, "a complete image"]
    out = u.fix_batch(texts)
    assert out[0] == u.fix(texts[0]) != texts[0]
    assert isinstance(out[1], Unrepaired) and out[1] == texts[1]
    assert out[1].error == "RuntimeError: engine failure" and out[1].index == 1
    assert isinstance(out[2], Unrepaired) and out[2].error.startswith("TypeError")
    assert out[3] == "a complete picture"
    assert not isinstance(out[0], Unrepaired)
    assert "record 1 not repaired" in caplog.text


def test_fix_lines_is_lazy_and_keeps_line_endings() -> None:
    u = flaky()
    lines = iter(["Jap Top Minister\n", "BOOM\r\n", "clean text", "an afternoon later\r\n"])
    gen = u.fix_lines(lines)
    assert next(gen) == "Japanese Prime Minister\n"
    rest = list(gen)
    assert rest[0] == "BOOM\r\n" and isinstance(rest[0], Unrepaired)
    assert rest[1:] == ["clean text", "a day later\r\n"]


def test_fix_parallel_equals_fix_batch_in_order() -> None:
    u = unspinner()
    texts = seed_paragraphs() * 3 + [None, "Jap"]
    out = fix_parallel(texts, jobs=2, unspinner=u, max_chars=2000)
    assert out == u.fix_batch(texts)
    assert isinstance(out[-2], Unrepaired)  # the marker survives the trip back from a worker
    assert len(list(group_texts(texts, 2000))) > 2  # several tasks really were shared out


def test_ordered_map_keeps_order_with_a_pool() -> None:
    items = [f"Jap number {i}" for i in range(50)]
    from unspin.batch import fix_one

    assert list(ordered_map(fix_one, items, unspinner(), jobs=2, ahead=1)) == [unspinner().fix(t) for t in items]


def test_the_unspinner_pickles_small_and_works_after_unpickling() -> None:
    u = unspinner()
    _ = u.matcher  # a compiled automaton must not be part of the pickle
    data = pickle.dumps(u)
    assert len(data) < 20_000
    clone = pickle.loads(data)
    text = " ".join(seed_paragraphs())
    assert clone.fix(text) == u.fix(text)
