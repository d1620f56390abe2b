"""The command line: formats, exit codes, files, errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

LEX = str(Path(__file__).parent / "data" / "testlex.tsv")
SPUN = "President Biden welcomes Jap Top Minister Kishida.\n"


def run(*args: str, stdin: bytes = b"", cwd: Path | None = None) -> subprocess.CompletedProcess:
    cmd = [sys.executable, "-m", "unspin", *args]
    return subprocess.run(cmd, input=stdin, capture_output=True, cwd=cwd, timeout=120)


def test_text_from_stdin() -> None:
    r = run("--lexicon-set", LEX, stdin=SPUN.encode())
    assert r.returncode == 0, r.stderr
    assert r.stdout.decode() == "President Biden welcomes Japanese Prime Minister Kishida.\n"


def test_jsonl_format(tmp_path: Path) -> None:
    f = tmp_path / "in.txt"
    f.write_text("x\n" + SPUN, encoding="utf-8")
    r = run("--lexicon-set", LEX, "--format", "jsonl", str(f))
    records = [json.loads(line) for line in r.stdout.decode().splitlines()]
    assert [x["original"] for x in records] == ["Jap", "Top Minister"]
    first = records[0]
    assert (first["line"], first["column"], first["path"]) == (2, 26, str(f))
    assert {"start", "end", "replacement", "rule", "lexicon", "lexicon_version", "confidence", "kind",
            "alternatives", "reason"} <= first.keys()


def test_diff_format(tmp_path: Path) -> None:
    f = tmp_path / "in.txt"
    f.write_text(SPUN, encoding="utf-8")
    r = run("--lexicon-set", LEX, "-f", "diff", str(f))
    out = r.stdout.decode()
    assert out.startswith(f"--- {f}\n+++ {f}\n")
    assert "-President Biden welcomes Jap Top" in out and "+President Biden welcomes Japanese Prime" in out


def test_check_exit_codes() -> None:
    assert run("--lexicon-set", LEX, "--check", stdin=SPUN.encode()).returncode == 1
    r = run("--lexicon-set", LEX, "--check", stdin=b"Clean text.\n")
    assert r.returncode == 0 and r.stdout == b""


def test_explain_to_stderr() -> None:
    r = run("--lexicon-set", LEX, "--explain", stdin=SPUN.encode())
    err = r.stderr.decode()
    assert "-:1:26: 'Jap' -> 'Japanese' [testlex:" in err
    assert "2 edits" in err


def test_output_file_and_refusing_an_input(tmp_path: Path) -> None:
    f = tmp_path / "in.txt"
    f.write_text(SPUN, encoding="utf-8")
    out = tmp_path / "out.txt"
    assert run("--lexicon-set", LEX, str(f), "-o", str(out)).returncode == 0
    assert out.read_text(encoding="utf-8").startswith("President Biden welcomes Japanese")
    r = run("--lexicon-set", LEX, str(f), "-o", str(f))
    assert r.returncode == 2 and b"is one of the inputs" in r.stderr
    assert f.read_text(encoding="utf-8") == SPUN


def test_missing_file_others_still_processed(tmp_path: Path) -> None:
    f = tmp_path / "in.txt"
    f.write_text(SPUN, encoding="utf-8")
    r = run("--lexicon-set", LEX, str(tmp_path / "missing.txt"), str(f))
    assert r.returncode == 3
    assert b"missing.txt: No such file or directory" in r.stderr
    assert b"Japanese Prime Minister" in r.stdout


def test_invalid_utf8_names_file_line_and_byte(tmp_path: Path) -> None:
    f = tmp_path / "bad.txt"
    f.write_bytes(b"ok\nJap \xff Top Minister\n")
    r = run("--lexicon-set", LEX, str(f))
    assert r.returncode == 3
    assert f"{f}:2: invalid UTF-8 at byte 7".encode() in r.stderr
    r = run("--lexicon-set", LEX, "--errors", "surrogateescape", str(f))
    assert r.returncode == 0 and r.stdout == b"ok\nJapanese \xff Prime Minister\n"


def test_binary_file_refused(tmp_path: Path) -> None:
    f = tmp_path / "bin.dat"
    f.write_bytes(b"abc\0def")
    r = run("--lexicon-set", LEX, str(f))
    assert r.returncode == 3 and b"binary file refused" in r.stderr


def test_crlf_and_bom_preserved() -> None:
    data = "\ufeffJap Top Minister\r\nline two\n".encode()
    r = run("--lexicon-set", LEX, stdin=data)
    assert r.stdout == "\ufeffJapanese Prime Minister\r\nline two\n".encode()


def test_empty_input() -> None:
    r = run("--lexicon-set", LEX, stdin=b"")
    assert r.returncode == 0 and r.stdout == b""


def test_usage_error_exit_2() -> None:
    r = run("--format", "nonesuch")
    assert r.returncode == 2
    r = run("--min-confidence", "7", stdin=b"x")
    assert r.returncode == 2 and b"between 0 and 1" in r.stderr


def test_lexicon_check(tmp_path: Path) -> None:
    r = run("lexicon", "check", LEX)
    assert r.returncode == 0 and b"ok" in r.stdout
    bad = tmp_path / "bad.tsv"
    bad.write_text("# unspin-lexicon 1\n# name: b\n# version: 1\nspun\tcanonical\tprior\na\tb\tmaybe\n")
    r = run("lexicon", "check", str(bad))
    assert r.returncode == 2
    assert r.stderr.decode().strip() == f"{bad}:5: unknown prior 'maybe' (use one of sure, likely, context)"
    r = run("--lexicon", str(bad), stdin=b"x")
    assert r.returncode == 2 and b"Traceback" not in r.stderr


def test_closed_pipe_is_quiet(tmp_path: Path) -> None:
    f = tmp_path / "big.txt"
    f.write_text(SPUN * 20000, encoding="utf-8")
    cmd = f"{sys.executable} -m unspin --lexicon-set {LEX} {f} | head -c 10"
    r = subprocess.run(cmd, shell=True, capture_output=True, timeout=120)
    assert r.stdout == b"President "
    assert b"Traceback" not in r.stderr and b"BrokenPipe" not in r.stderr


@pytest.mark.parametrize("profile", ["safe", "balanced", "aggressive"])
def test_profiles(profile: str) -> None:
    r = run("--lexicon-set", LEX, "--profile", profile, stdin=b"He consulted with Tokyo.")
    expected = b"He consulted with Tokyo." if profile == "safe" else b"He visited Tokyo."
    assert r.stdout == expected


def test_cli_markup_constants_agree_with_the_markup_package() -> None:
    from unspin import cli, markup

    assert cli.INPUT_FORMATS == markup.INPUT_FORMATS
    assert set(cli.MARKUP_SUFFIXES) == set(markup.EXTENSIONS)


def test_lazy_targets_resolve() -> None:
    from unspin import cli

    for target in [*cli.COMMANDS.values(), *cli.FORMATTERS.values()]:
        if isinstance(target, str):
            assert callable(cli._load(target))


def test_version_names_unspin_and_each_shipped_lexicon_from_its_header() -> None:
    import unspin
    from unspin.lexicon import shipped_paths

    r = run("--version", "ignored-file.txt")  # exits before reading any input
    assert (r.returncode, r.stderr) == (0, b"")
    lines = r.stdout.decode().splitlines()
    assert lines[0] == f"unspin {unspin.__version__}"
    expected = []
    for path in shipped_paths():
        head = dict(line[2:].split(": ", 1) for line in path.read_text(encoding="utf-8").splitlines()[1:4])
        expected.append(f"lexicon {head['name']} {head['version']} (digest ")
    assert [line[:line.index("(digest ") + 8] for line in lines[1:]] == expected
    assert all(len(line.split("(digest ")[1]) == 17 for line in lines[1:])  # 16 hex digits and ")"


def test_help_names_every_subcommand_and_each_answers_help() -> None:
    from unspin.cli import COMMANDS

    r = run("--help")
    assert r.returncode == 0
    text = " ".join(r.stdout.decode().split())  # argparse wraps the epilog
    for name in COMMANDS:
        assert f"'unspin {name} " in text, name
        sub = run(name, "--help")
        assert sub.returncode == 0 and sub.stdout.startswith(b"usage: unspin"), (name, sub.stderr)
