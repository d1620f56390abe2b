"""The collector pauses: what they restore, and that no collection walks the engine's results."""

from __future__ import annotations

import gc
import io
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from etl_helpers import spun_document, unspinner

from unspin import Unspinner, cli
from unspin.gcpause import paused
from unspin.model import Edit
from unspin.stream import fix_blocks


@pytest.mark.parametrize("enabled", [True, False])
def test_a_pause_restores_the_state_it_found(enabled: bool) -> None:
    was = gc.isenabled()
    try:
        gc.enable() if enabled else gc.disable()
        with paused():
            assert not gc.isenabled()
            with paused():  # nested: the inner one leaves it paused
                assert not gc.isenabled()
            assert not gc.isenabled()
        assert gc.isenabled() == enabled
        with pytest.raises(KeyError), paused():
            raise KeyError("x")
        assert gc.isenabled() == enabled
    finally:
        gc.enable() if was else gc.disable()


def test_leaving_a_pause_does_not_collect_over_what_the_block_made() -> None:
    # the block's results live on; a collection that ran on leaving (as one did when leaving allocated)
    # would walk them all
    gc.collect()
    starts: list[int] = []

    def record(phase: str, info: dict) -> None:
        starts.append(1)

    with paused():
        made = [[] for _ in range(10 * gc.get_threshold()[0])]
        gc.callbacks.append(record)
    collected_on_leaving = len(starts)  # no allocation between leaving and here
    gc.callbacks.remove(record)
    del made
    assert collected_on_leaving == 0


@contextmanager
def edits_seen_by_collections() -> Iterator[list[int]]:
    """The number of Edit records in the young generation at each collection in the block, which runs
    with a young generation of one object so that a collection follows nearly every allocation."""
    seen: list[int] = []

    def record(phase: str, info: dict) -> None:
        if phase == "start":
            seen.append(sum(type(o) is Edit for o in gc.get_objects(0)))

    threshold = gc.get_threshold()
    gc.collect()
    gc.set_threshold(1, *threshold[1:])
    gc.callbacks.append(record)
    try:
        yield seen
    finally:
        gc.callbacks.remove(record)
        gc.set_threshold(*threshold)


def test_the_stream_frees_a_pieces_edits_before_the_collector_runs(tmp_path) -> None:
    doc = spun_document(copies=2)
    engine = Unspinner()  # the command's engine: the shipped lexicons
    assert engine.find_edits(doc)  # the document has edits to hold
    with edits_seen_by_collections() as library:
        out = "".join(fix_blocks(engine, iter([doc]), size=2_000, context=200))
    path = tmp_path / "spun.txt"
    path.write_text(doc, encoding="utf-8")
    with edits_seen_by_collections() as command:
        code = cli.main(["-q", "--jobs", "1", "--chunk-size", "2000", "-o", str(tmp_path / "out.txt"), str(path)])
    assert code == 0 and out != doc and (tmp_path / "out.txt").read_text(encoding="utf-8") == out
    assert library and command  # collections ran between the pieces
    assert set(library) == {0} and set(command) == {0}


def test_fix_blocks_output_is_unchanged_by_the_pause() -> None:
    doc = spun_document(copies=1)
    engine = unspinner()
    assert "".join(fix_blocks(engine, io.StringIO(doc), size=1_500, context=200)) == engine.fix(doc)
