"""Bad input: undecodable bytes, binary files, odd line endings, huge lines, unreadable files, unsafe
output paths, and broken lexicons. Each must end in a one-line message and a documented exit code
(0 ok, 2 usage or lexicon error, 3 unreadable input), never a traceback, and never a damaged file."""

from __future__ import annotations

import os
import random
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from unspin import cli

DATA = Path(__file__).parent / "data"
LEX = str(DATA / "testlex.tsv")
SPUN = "President Biden welcomes Jap Top Minister Kishida.\n"
FIXED = "President Biden welcomes Japanese Prime Minister Kishida.\n"


def run(*args: str, stdin: bytes = b"", cwd: Path | None = None, timeout: float = 120
        ) -> subprocess.CompletedProcess:
    cmd = [sys.executable, "-m", "unspin", *args]
    return subprocess.run(cmd, input=stdin, capture_output=True, cwd=cwd, timeout=timeout)


def one_line_error(r: subprocess.CompletedProcess) -> str:
    """stderr of a failed run, checked to be a single 'unspin: ...' line without a traceback."""
    err = r.stderr.decode("utf-8", "replace")
    assert "Traceback" not in err, err
    assert err.count("\n") == 1 and err.endswith("\n"), err
    return err


# -- undecodable input -----------------------------------------------------------------------------
@pytest.mark.parametrize("stream", [True, False], ids=["streamed", "whole-file"])
def test_invalid_utf8_strict_names_file_line_and_byte(tmp_path: Path, stream: bool) -> None:
    f = tmp_path / ("in.txt" if stream else "in.md")  # .md goes through the whole-file path
    f.write_bytes(b"first line\nsecond \xff line\n")
    r = run("--lexicon-set", LEX, str(f))
    assert r.returncode == 3
    err = one_line_error(r)
    assert err == f"unspin: {f}:2: invalid UTF-8 at byte 18 (use --errors=replace or surrogateescape)\n"


def test_invalid_utf8_in_a_later_block_gives_the_global_byte_and_line(tmp_path: Path) -> None:
    f = tmp_path / "in.txt"
    head = b"clean line\n" * 200_000  # 2.2 MB: past the 1 MiB read block
    f.write_bytes(head + b"bad \xc3( here\n")
    r = run("--lexicon-set", LEX, str(f))
    assert r.returncode == 3
    assert one_line_error(r) == (f"unspin: {f}:200001: invalid UTF-8 at byte {len(head) + 4} "
                                 f"(use --errors=replace or surrogateescape)\n")


def test_errors_replace_goes_on(tmp_path: Path) -> None:
    f = tmp_path / "in.txt"
    f.write_bytes(b"bad \xff byte. " + SPUN.encode())
    r = run("--lexicon-set", LEX, "--errors", "replace", str(f))
    assert r.returncode == 0, r.stderr
    assert r.stdout.decode("utf-8") == "bad \ufffd byte. " + FIXED


# No ASCII letters: no lexicon phrase can occur, so the output must be the input, byte for byte.
NO_PHRASE_BYTES = st.lists(st.one_of(st.sampled_from([b"\r\n", b"\r", b"\n", b" ", b". ", b"\xef\xbb\xbf",
                                                      "é".encode(), "’".encode(), b"\xc3", b"\xed\xa0\x80"]),
                                     st.binary(max_size=8).map(lambda b: bytes(c for c in b
                                                                               if not chr(c).isalpha() and c))),
                           max_size=40).map(b"".join)


@settings(max_examples=25, deadline=None)
@given(NO_PHRASE_BYTES)
def test_surrogateescape_writes_back_the_same_bytes(data: bytes) -> None:
    r = run("--lexicon-set", LEX, "--errors", "surrogateescape", "--no-normalize", stdin=data)
    assert r.returncode == 0, r.stderr
    assert r.stdout == data


def test_surrogateescape_keeps_bad_bytes_around_an_edit(tmp_path: Path) -> None:
    f = tmp_path / "in.txt"
    f.write_bytes(b"\xff\xfe " + SPUN.encode() + b"\x80end\r\n")
    r = run("--lexicon-set", LEX, "--errors", "surrogateescape", str(f))
    assert r.returncode == 0, r.stderr
    assert r.stdout == b"\xff\xfe " + FIXED.encode() + b"\x80end\r\n"


@pytest.mark.parametrize("data", [b"text\0more", b"\0", b"\x7fELF\x02\x01\x01\0\0\0", bytes(range(256))])
def test_nul_bytes_and_binary_files_refused(tmp_path: Path, data: bytes) -> None:
    f = tmp_path / "blob.bin"
    f.write_bytes(data)
    for policy in ("strict", "surrogateescape"):
        r = run("--lexicon-set", LEX, "--errors", policy, str(f))
        assert r.returncode == 3
        assert "NUL byte" in one_line_error(r) and "binary file refused" in r.stderr.decode()
        assert r.stdout == b""


@pytest.mark.parametrize("encoding, name", [("utf-16", "UTF-16"), ("utf-16-be", "UTF-16"),
                                            ("utf-32", "UTF-32"), ("utf-32-be", "UTF-32")])
def test_utf16_and_utf32_input_named_with_the_conversion(tmp_path: Path, encoding: str, name: str) -> None:
    # Python's "utf-16" and "utf-32" write a little-endian mark; the -be codecs write none, so add it
    data = SPUN.encode(encoding)
    if encoding.endswith("-be"):
        data = "\ufeff".encode(encoding) + data
    f = tmp_path / "windows.txt"
    f.write_bytes(data)
    for args, where in (([str(f)], str(f)), ([], "<stdin>")):
        for policy in ("strict", "surrogateescape"):
            r = run("--lexicon-set", LEX, "--errors", policy, *args, stdin=data)
            assert r.returncode == 3
            assert one_line_error(r) == (f"unspin: {where}:1: {name} text, not UTF-8 (it starts with a {name} "
                                         f"byte-order mark): convert it first, e.g. iconv -f {name} -t UTF-8\n")
            assert r.stdout == b""


@pytest.mark.parametrize("data", [b"x\xff\xfe\0\0", b"\xef\xbb\xbftext\0"])
def test_a_mark_not_at_the_start_or_utf8s_own_is_no_encoding(tmp_path: Path, data: bytes) -> None:
    f = tmp_path / "blob.bin"
    f.write_bytes(data)
    r = run("--lexicon-set", LEX, str(f))
    assert r.returncode == 3
    assert "binary file refused" in one_line_error(r) and "UTF-16" not in r.stderr.decode()


@pytest.mark.parametrize("fmt", ["text", "jsonl", "diff"])
def test_empty_input(fmt: str, tmp_path: Path) -> None:
    f = tmp_path / "empty.txt"
    f.write_bytes(b"")
    for args in ([str(f)], []):
        r = run("--lexicon-set", LEX, "-f", fmt, *args)
        assert (r.returncode, r.stdout, r.stderr) == (0, b"", b"")


# -- line endings ----------------------------------------------------------------------------------
@pytest.mark.parametrize("newline", ["\r\n", "\r", "\n", "\u2028", "\x85"])
def test_line_endings_kept_exactly(newline: str) -> None:
    spun = SPUN.rstrip("\n")
    fixed = FIXED.rstrip("\n")
    text = f"one{newline}{spun}{newline}{newline}two{newline}"
    # U+0085 (NEL) is almost always cp1252's "..." decoded wrongly: the mojibake step repairs it
    mojibake = ["--no-mojibake"] if newline == "\x85" else []
    r = run("--lexicon-set", LEX, *mojibake, stdin=text.encode())
    assert r.returncode == 0, r.stderr
    assert r.stdout == f"one{newline}{fixed}{newline}{newline}two{newline}".encode()


def test_mixed_line_endings_kept_exactly() -> None:
    text = "a\r\nJap Top Minister\rb\n\r\nJap\r\r\nc"
    r = run("--lexicon-set", LEX, stdin=text.encode())
    assert r.stdout == text.replace("Jap", "Japanese").replace("Top Minister", "Prime Minister").encode()


def test_a_phrase_split_by_crlf_is_fixed_and_the_crlf_kept() -> None:
    r = run("--lexicon-set", LEX, stdin=b"Jap Top\r\nMinister\r\n")
    # a space in a phrase matches one whitespace character: "\r\n" is two, so no match
    assert r.stdout == b"Japanese Top\r\nMinister\r\n"


# -- huge input ------------------------------------------------------------------------------------
# one edit per ~500 bytes, like a lightly spun article
SENTENCE = (b"President Biden welcomes Jap Top Minister Kishida for a state visit. "
            + b"Clean words follow here, and then some more of them. " * 8)


def test_a_single_20mb_line_in_bounded_memory(tmp_path: Path) -> None:
    """One 20 MB line, no newline: streamed in pieces (cut between words), right output, flat memory."""
    n = 20_000_000 // len(SENTENCE)
    f = tmp_path / "line.txt"
    f.write_bytes(SENTENCE * n)
    out = tmp_path / "out.txt"
    # the peak resident set of this process's own memory: /proc's VmHWM. ru_maxrss would not do: Linux
    # carries it over exec from the forked (or vfork-shared) memory of the caller, here pytest, whose
    # own peak it then reports when that is higher (seen once: 252 MB)
    code = ("import re, sys; from unspin.cli import main; rc = main(sys.argv[1:]); "
            "print(re.search(r'VmHWM:\\s*(\\d+)', open('/proc/self/status').read()).group(1)); sys.exit(rc)")
    r = subprocess.run([sys.executable, "-c", code, "--lexicon-set", LEX, "--jobs", "1", str(f), "-o", str(out)],
                       capture_output=True, timeout=300)
    assert r.returncode == 0, r.stderr
    fixed = SENTENCE.replace(b"Jap Top", b"Japanese Prime")
    got = out.read_bytes()
    assert len(got) == len(fixed) * n
    assert got == fixed * n
    peak_mb = int(r.stdout) / 1024
    assert peak_mb < 250, f"peak RSS {peak_mb:.0f} MB for a 20 MB input"


# -- unreadable inputs -----------------------------------------------------------------------------
def test_missing_directory_and_fifo_inputs_others_still_processed(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text(SPUN, encoding="utf-8")
    a_dir = tmp_path / "adir"
    a_dir.mkdir()
    r = run("--lexicon-set", LEX, str(tmp_path / "missing.txt"), str(a_dir), str(good), "-f", "jsonl")
    assert r.returncode == 3
    err = r.stderr.decode()
    assert "Traceback" not in err
    assert f"unspin: {tmp_path / 'missing.txt'}: No such file or directory\n" in err
    assert f"unspin: {a_dir}: is a directory\n" in err
    assert r.stdout.decode().count('"path"') == 2  # both edits of good.txt


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_unreadable_file_others_still_processed(tmp_path: Path) -> None:
    secret, good = tmp_path / "secret.txt", tmp_path / "good.txt"
    secret.write_text(SPUN, encoding="utf-8")
    secret.chmod(0)
    good.write_text(SPUN, encoding="utf-8")
    r = run("--lexicon-set", LEX, str(secret), str(good))
    assert r.returncode == 3 and b"Permission denied" in r.stderr
    assert r.stdout.decode() == FIXED


def test_a_file_that_fails_mid_read_is_reported(tmp_path: Path) -> None:
    """A directory path read through a symlink loop: the OS refuses it; one line, exit 3."""
    loop = tmp_path / "loop.txt"
    loop.symlink_to(loop)
    good = tmp_path / "good.txt"
    good.write_text(SPUN, encoding="utf-8")
    r = run("--lexicon-set", LEX, str(loop), str(good))
    assert r.returncode == 3
    assert "Too many levels of symbolic links" in r.stderr.decode() and "Traceback" not in r.stderr.decode()
    assert r.stdout.decode() == FIXED


# -- output paths ----------------------------------------------------------------------------------
@pytest.mark.parametrize("variant", ["same", "dot", "dotdot", "symlink", "absolute"])
def test_output_onto_an_input_refused(tmp_path: Path, variant: str) -> None:
    sub = tmp_path / "sub"
    sub.mkdir()
    f = sub / "in.txt"
    f.write_text(SPUN, encoding="utf-8")
    (sub / "link.txt").symlink_to("in.txt")
    target = {"same": "in.txt", "dot": "./in.txt", "dotdot": "../sub/in.txt", "symlink": "link.txt",
              "absolute": str(f)}[variant]
    r = run("--lexicon-set", LEX, "in.txt", "-o", target, cwd=sub)
    assert r.returncode == 2
    assert "is one of the inputs" in one_line_error(r)
    assert f.read_text(encoding="utf-8") == SPUN
    assert (sub / "link.txt").is_symlink()


@pytest.mark.parametrize("target", ["adir", "missing/out.txt"])
def test_output_into_a_directory_or_missing_directory_refused(tmp_path: Path, target: str) -> None:
    (tmp_path / "adir").mkdir()
    (tmp_path / "in.txt").write_text(SPUN, encoding="utf-8")
    for fmt in ("text", "word-diff"):  # streamed and whole-document paths
        r = run("--lexicon-set", LEX, "in.txt", "-f", fmt, "-o", target, cwd=tmp_path)
        assert r.returncode == 2, r.stderr
        assert one_line_error(r).startswith(f"unspin: -o {target}:")


@pytest.mark.parametrize("path", [
    "whole-file",
    "streamed",
])
def test_output_keeps_previous_content_when_an_input_fails(tmp_path: Path, path: str) -> None:
    """-o is all or nothing: an input refused part-way (after 2 MB of good text) leaves -o as it was
    (a truncated document must not look like a finished one), and no temporary file behind."""
    out = tmp_path / "out.txt"
    out.write_text("previous\n", encoding="utf-8")
    bad = tmp_path / "bad.txt"
    bad.write_bytes(SPUN.encode() * 40_000 + b"\xff")
    fmt = ["-f", "word-diff"] if path == "whole-file" else []
    r = run("--lexicon-set", LEX, *fmt, str(bad), "-o", str(out))
    assert r.returncode == 3
    assert "invalid UTF-8" in one_line_error(r)
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".out.txt.")]
    assert out.read_text(encoding="utf-8") == "previous\n"


@pytest.mark.parametrize("fmt", ["text", "word-diff"])  # streamed and whole-document paths
def test_output_to_a_pipe_or_device_is_written_in_place(tmp_path: Path, fmt: str) -> None:
    """-o onto a FIFO or a device (-o /dev/null) writes into it: replacing it, as a regular file is
    replaced, would put a regular file where the pipe or /dev/null was."""
    (tmp_path / "in.txt").write_text(SPUN, encoding="utf-8")
    fifo = tmp_path / "out.fifo"
    os.mkfifo(fifo)
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)  # open first, so that the writer's open does not wait
    try:
        r = run("--lexicon-set", LEX, "in.txt", "-f", fmt, "-o", str(fifo), cwd=tmp_path)
        assert r.returncode == 0, r.stderr
        assert stat.S_ISFIFO(os.stat(fifo).st_mode)
        got = os.read(reader, 1 << 16).decode("utf-8")
    finally:
        os.close(reader)
    assert got == FIXED if fmt == "text" else "{+Japanese+}" in got
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.txt", "out.fifo"]  # no temporary file


# -- bad lexicons ----------------------------------------------------------------------------------
HEADER = "# unspin-lexicon 1\n# name: bad\n# version: 1\n"
COLUMNS = "spun\tcanonical\tprior\tflags\tleft\tright\trequires\texcludes\n"

BAD_LEXICONS = {
    "too many cells": (HEADER + COLUMNS + "a\tb\tsure\t\t\t\t\t\textra\n", 5, "cells"),
    "wrong header": ("# unspin-lexicon 2\n# name: bad\n# version: 1\n" + COLUMNS, 1, "expected header"),
    "no header": (COLUMNS + "a\tb\tsure\n", 1, "expected header"),
    "missing version": ("# unspin-lexicon 1\n# name: bad\n" + COLUMNS, 3, "version"),
    "unknown column": (HEADER + "spun\tcanonical\tprior\tweight\n", 4, "unknown column 'weight'"),
    "missing column": (HEADER + "spun\tcanonical\n", 4, "missing required column 'prior'"),
    "empty spun": (HEADER + COLUMNS + " \tb\tsure\n", 5, "empty 'spun'"),
    "empty canonical": (HEADER + COLUMNS + "a\tb|\tsure\n", 5, "empty 'canonical'"),
    "bad prior": (HEADER + COLUMNS + "a\tb\tcertain\n", 5, "unknown prior"),
    "bad flag": (HEADER + COLUMNS + "a\tb\tsure\tadjective\n", 5, "unknown flag"),
    "bad left regex": (HEADER + COLUMNS + "a\tb\tsure\t\t(unclosed\n", 5, "invalid regular expression in 'left'"),
    "regex broken when embedded": (HEADER + COLUMNS + "a\tb\tsure\t\t(?x)the # det\n", 5,
                                   "invalid regular expression in 'left'"),
    "bad requires regex": (HEADER + COLUMNS + "a\tb\tsure\t\t\t\t[z-a]\n", 5,
                           "invalid regular expression in 'requires'"),
    "deep regex": (HEADER + COLUMNS + "a\tb\tsure\t\t\t" + "(" * 5000 + ")" * 5000 + "\n", 5, "nested too deeply"),
    "cycle": (HEADER + COLUMNS + "x y\tz w\tsure\nz w\tx y\tsure\n", 5, "cycle"),
    "duplicate": (HEADER + COLUMNS + "x y\tz\tsure\nx y\tz\tlikely\n", 6, "duplicate"),
    "conflict": (HEADER + COLUMNS + "x y\tz\tsure\nx y\tw\tsure\n", 6, "conflict"),
    "artifact canonical": (HEADER + COLUMNS + "x y\tz w\tsure\nz\tq\tsure\n", 5, "the output would be edited again"),
}


def write_lexicon(tmp_path: Path, case: str) -> Path:
    text, _, _ = BAD_LEXICONS[case]
    path = tmp_path / "bad.tsv"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("case", sorted(BAD_LEXICONS))
def test_bad_lexicon_one_line_exit_2(tmp_path: Path, case: str) -> None:
    path = write_lexicon(tmp_path, case)
    _, line, problem = BAD_LEXICONS[case]
    check = run("lexicon", "check", str(path))
    assert check.returncode == 2
    err = one_line_error(check)
    assert err.startswith(f"{path}:{line}: ") and problem in err, err
    use = run("--lexicon", str(path), stdin=SPUN.encode())
    assert use.returncode == 2 and use.stdout == b""
    assert one_line_error(use) == f"unspin: {err}"


@pytest.mark.parametrize("kind", ["not utf-8", "directory", "missing", "empty"])
def test_unloadable_lexicon_one_line_exit_2(tmp_path: Path, kind: str) -> None:
    path = tmp_path / "lex.tsv"
    if kind == "not utf-8":
        path.write_bytes((HEADER + COLUMNS).encode() + b"caf\xe9\tcafe\tsure\n")
        expect = f"{path}:5: not UTF-8 (byte {len(HEADER + COLUMNS) + 3})"
    elif kind == "directory":
        path.mkdir()
        expect = f"{path}:0: Is a directory"
    elif kind == "missing":
        expect = f"{path}:0: No such file or directory"
    else:
        path.write_bytes(b"")
        expect = f"{path}:1: expected header '# unspin-lexicon 1', found 'an empty file'"
    check = run("lexicon", "check", str(path))
    assert (check.returncode, one_line_error(check)) == (2, expect + "\n")
    use = run("--lexicon", str(path), stdin=SPUN.encode())
    assert (use.returncode, one_line_error(use)) == (2, f"unspin: {expect}\n")


def test_in_process_main_reports_lexicon_errors_without_raising(tmp_path: Path,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    path = write_lexicon(tmp_path, "bad left regex")
    assert cli.main(["lexicon", "check", str(path)]) == 2
    assert cli.main(["--lexicon", str(path), str(path)]) == 2
    err = capsys.readouterr().err
    assert err.count("invalid regular expression") == 2


def test_random_lexicon_bytes_never_crash_the_check(tmp_path: Path) -> None:
    """Random bytes after a valid header and columns: only 'file:line: problem' lines, exit 0 or 2."""
    rng = random.Random(7)
    path = tmp_path / "lex.tsv"
    for _ in range(5):
        junk = bytes(rng.choice(b"ab\t|()[]\\*?# \n\xff\xc3") for _ in range(200))
        path.write_bytes((HEADER + COLUMNS).encode() + junk)
        r = run("lexicon", "check", str(path))
        err = r.stderr.decode()
        assert r.returncode in (0, 2) and "Traceback" not in err
        assert all(line.startswith(f"{path}:") for line in err.splitlines())
