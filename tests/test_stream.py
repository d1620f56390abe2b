"""Streaming: pieces cut at boundaries, output equal to the unchunked run, global offsets, the CLI."""

from __future__ import annotations

import io
import json

import pytest
from etl_helpers import CLI_OPTIONS, run_cli, spun_document, unspinner
from hypothesis import given, settings
from hypothesis import strategies as st

from unspin import render
from unspin.edits import apply_edits
from unspin.stream import (
    Assembler,
    Piece,
    Progress,
    core_words,
    fix_blocks,
    fix_piece,
    jsonl_lines,
    progress_enabled,
    read_blocks,
    shift,
    split_pieces,
)
from unspin.textio import InputError, decode


def blocks_of(text: str, n: int = 777) -> list[str]:
    return [text[i:i + n] for i in range(0, len(text), n)]


@pytest.fixture(scope="module")
def doc() -> str:
    return spun_document(3)


@pytest.mark.parametrize("size", [900, 4000])
def test_chunked_output_equals_unchunked(doc: str, size: int) -> None:
    u = unspinner()
    pieces = list(split_pieces(blocks_of(doc), size))
    assert len(pieces) > 3
    assert "".join(fix_blocks(u, blocks_of(doc), size=size)) == u.fix(doc)


def test_chunked_output_equals_unchunked_with_the_shipped_engine() -> None:
    from unspin import Unspinner

    u = Unspinner()  # shipped lexicons, normalization and the contextual layer
    doc = spun_document(2)
    assert "".join(fix_blocks(u, [doc], size=3000)) == u.fix(doc) != doc


def test_each_segment_is_its_original_with_its_edits_applied(doc: str) -> None:
    """A segment's output is cut from the repaired piece when it can be: it equals its edits applied."""
    u = unspinner()
    asm = Assembler()
    cut = 0
    for piece in split_pieces(blocks_of(doc), 1200):
        result = fix_piece(u, piece)
        cut += result.fixed is not None
        seg = asm.add(piece, result)
        assert seg.fixed == apply_edits(seg.original, [shift(e, -seg.start) for e in seg.edits])
    assert cut > 3


def test_a_phrase_across_a_core_start_is_applied_once() -> None:
    """Cores cut inside a spun phrase: the left context's edit reaches into the second core, whose output
    cannot be cut from its repaired piece; the pieces still assemble into the whole text's repair."""
    from unspin import Unspinner

    u = Unspinner()
    text = "Yesterday the Jap Top Minister said it. The legit mentioned the loose industry settlement.\n"
    at = text.index("Minister")
    first, second = Piece(text, 0, at, 0, 0, 0), Piece(text, at, len(text), 0, 0, 0, last=True)
    assert fix_piece(u, second).fixed is None
    assert fix_piece(u, first).fixed is not None
    asm = Assembler()
    out = "".join(asm.add(p, fix_piece(u, p)).fixed for p in (first, second))
    assert out == u.fix(text) != text
    assert "Prime Minister" in out


def test_chunked_edits_are_the_unchunked_edits_with_global_offsets_and_lines(doc: str) -> None:
    u = unspinner()
    whole = u.explain(doc)
    asm = Assembler()
    streamed = []
    jsonl = []
    for piece in split_pieces(blocks_of(doc), 1500):
        seg = asm.add(piece, fix_piece(u, piece))
        streamed.extend(seg.edits)
        jsonl.append(jsonl_lines(seg, "in.txt"))
    assert streamed == list(whole.edits)
    assert "".join(jsonl) == "".join(render.jsonl(doc, whole, "in.txt"))
    for e in streamed:
        assert doc[e.start:e.end] == e.original


def test_cuts_fall_after_blank_lines_when_paragraphs_fit(doc: str) -> None:
    pieces = list(split_pieces([doc], 2000))
    assert "".join(p.core for p in pieces) == doc
    for p in pieces[:-1]:
        assert p.core.endswith("\n\n")
        assert len(p.core) <= 2000


def test_a_huge_line_is_cut_between_words_never_inside_one() -> None:
    words = [f"word{i}" for i in range(3000)]
    text = " ".join(words)  # one line, no sentence ends
    pieces = list(split_pieces(blocks_of(text, 1000), 997, context=50))
    assert "".join(p.core for p in pieces) == text
    for p in pieces[:-1]:
        assert p.core.endswith(" ")
        assert len(p.core) <= 997


def test_a_huge_line_prefers_sentence_ends() -> None:
    text = " ".join(f"Sentence number {i} ends here." for i in range(400))
    for p in list(split_pieces([text], 1000, context=100))[:-1]:
        assert p.core.endswith(". ")


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.sampled_from("ab \n.é"), max_size=400), st.integers(1, 60),
       st.integers(0, 30), st.integers(1, 50))
def test_pieces_partition_any_input(text: str, size: int, context: int, block: int) -> None:
    pieces = list(split_pieces(blocks_of(text, block), size, context))
    assert "".join(p.core for p in pieces) == text
    assert pieces[-1].last and not any(p.last for p in pieces[:-1])
    for p in pieces:
        assert text[p.base:p.base + len(p.text)] == p.text  # offsets are global
        before = text[:p.base]
        assert p.line == before.count("\n")
        assert p.column == len(before) - (before.rfind("\n") + 1)
        assert len(p.text) <= size + 3 * context + 2  # left context <= context, right <= 2 * context


def test_memory_is_bounded_by_piece_size_on_a_long_stream() -> None:
    para = "A paragraph of ordinary words that goes on for a while.\n\n"
    blocks = (para * 2000 for _ in range(40))  # ~9 MB, produced lazily
    longest = total = 0
    for piece in split_pieces(blocks, 100_000, 4096):
        longest = max(longest, len(piece.text))
        total += len(piece.core)
    assert total == len(para) * 2000 * 40
    assert longest <= 100_000 + 2 * 4096 + 2


@pytest.mark.parametrize("data, block", [(b"ok\nline two\nbad \xff here", 5), ("\n\u00e9".encode() * 10 + b"\xc3", 4),
                                         (b"a\nb\x00c", 2)])
def test_read_errors_match_whole_file_decoding(data: bytes, block: int) -> None:
    with pytest.raises(InputError) as whole:
        decode(data, "f.txt")
    with pytest.raises(InputError) as streamed:
        "".join(read_blocks(io.BytesIO(data), "f.txt", block=block))
    assert str(streamed.value) == str(whole.value)


def test_read_blocks_decodes_across_block_edges() -> None:
    text = "caf\u00e9 \u2014 na\u00efve \U0001f600\r\n" * 50
    assert "".join(read_blocks(io.BytesIO(text.encode()), "x", block=3)) == text
    bad = b"ab\xffcd" * 3
    assert "".join(read_blocks(io.BytesIO(bad), "x", "surrogateescape", block=4)).encode(
        "utf-8", "surrogateescape") == bad


def test_progress_draws_only_when_enabled_and_after_the_delay() -> None:
    out = io.StringIO()
    p = Progress(2_000_000, enabled=True, stream=out, delay=0.0, every=0.0)
    p.update(1_000_000, 7)
    p.close()
    assert "50%" in out.getvalue() and "MB/s" in out.getvalue() and "7 edits" in out.getvalue()
    quiet = io.StringIO()
    q = Progress(None, enabled=False, stream=quiet, delay=0.0, every=0.0)
    q.update(10, 1)
    q.close()
    assert quiet.getvalue() == ""
    assert not progress_enabled(False, io.StringIO())  # not a terminal


# -- the command line --------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def doc_file(tmp_path_factory: pytest.TempPathFactory, doc: str):
    path = tmp_path_factory.mktemp("stream") / "in.txt"
    path.write_text(doc, encoding="utf-8")
    return path


@pytest.mark.parametrize("fmt", ["text", "jsonl", "diff"])
def test_cli_jobs_and_chunking_do_not_change_output(doc_file, fmt: str) -> None:
    one = run_cli(*CLI_OPTIONS, "-f", fmt, "--jobs", "1", str(doc_file))
    two = run_cli(*CLI_OPTIONS, "-f", fmt, "--jobs", "2", "--chunk-size", "1200", str(doc_file))
    assert one.returncode == two.returncode == 0, two.stderr
    assert one.stdout and one.stdout == two.stdout
    assert two.stderr == b""  # not a terminal: no progress bar


def test_cli_jsonl_offsets_and_lines_index_the_whole_input(doc_file, doc: str) -> None:
    out = run_cli(*CLI_OPTIONS, "-f", "jsonl", "--chunk-size", "1000", str(doc_file))
    records = [json.loads(line) for line in out.stdout.decode().splitlines()]
    assert len(records) > 20
    lines = doc.splitlines(keepends=True)
    for r in records:
        assert doc[r["start"]:r["end"]] == r["original"]
        assert lines[r["line"] - 1][r["column"] - 1:].startswith(r["original"].split("\n")[0])
        assert r["path"] == str(doc_file)


def test_cli_many_files_in_order_with_jobs(tmp_path, doc: str) -> None:
    paths = []
    for i in range(5):
        p = tmp_path / f"f{i}.txt"
        p.write_text(f"File {i}.\n\n" + doc[i * 500:i * 500 + 3000], encoding="utf-8")
        paths.append(str(p))
    one = run_cli(*CLI_OPTIONS, "-f", "jsonl", "--jobs", "1", *paths)
    two = run_cli(*CLI_OPTIONS, "-f", "jsonl", "--jobs", "2", *paths)
    assert one.stdout == two.stdout
    order = [json.loads(line)["path"] for line in one.stdout.decode().splitlines()]
    assert order == sorted(order) and len(set(order)) == 5


def test_cli_unreadable_input_reports_and_goes_on(tmp_path, doc: str) -> None:
    good = tmp_path / "good.txt"
    good.write_text(doc[:2000], encoding="utf-8")
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"fine\n" * 10 + b"\xff\n")
    out = run_cli(*CLI_OPTIONS, "--jobs", "2", "-o", str(tmp_path / "out.txt"), "-f", "jsonl", str(bad),
                  str(good))
    assert out.returncode == 3
    assert b"bad.txt:11: invalid UTF-8 at byte 50" in out.stderr
    assert not (tmp_path / "out.txt").exists()  # -o is all or nothing: no file from a failed run


def test_cli_stdin_streams_and_check(doc: str) -> None:
    out = run_cli(*CLI_OPTIONS, "--chunk-size", "700", stdin=doc.encode())
    assert out.returncode == 0
    assert out.stdout.decode() == unspinner().fix(doc)
    check = run_cli(*CLI_OPTIONS, "--check", stdin=doc.encode())
    assert check.returncode == 1 and check.stdout == b""


def test_cli_rejects_bad_jobs() -> None:
    out = run_cli(*CLI_OPTIONS, "--jobs", "0", stdin=b"x")
    assert out.returncode == 2 and b"--jobs" in out.stderr


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="ab1_é’'- .\n\t", max_size=60), st.integers(0, 60), st.integers(0, 60))
def test_core_words_are_what_counting_the_core_gives(text: str, a: int, b: int) -> None:
    from unspin.api import count_words

    lo, hi = sorted((min(a, len(text)), min(b, len(text))))
    piece = Piece(text, lo, hi, 0, 0, 0)
    assert core_words(piece, count_words(text)) == count_words(piece.core)
