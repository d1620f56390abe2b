"""Ctrl-C: the CLI exits 130 with one line ('unspin: interrupted'), no traceback, and leaves an -o
target exactly as it was (absent, or with its previous content) and no temporary file behind."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

LEX = str(Path(__file__).parent / "data" / "testlex.tsv")
SENTENCE = b"President Biden welcomes Jap Top Minister Kishida for a state visit. Clean words follow.\n"


def start(args: list[str], cwd: Path, stdin: int | None = subprocess.DEVNULL) -> subprocess.Popen:
    # a session of its own: killpg then reaches the CLI and its worker processes, like a terminal's Ctrl-C
    return subprocess.Popen([sys.executable, "-m", "unspin", *args], cwd=cwd, stdin=stdin,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)


def wait_for(condition, timeout: float = 60.0) -> None:
    end = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > end:
            raise AssertionError("timed out waiting for the run to get going")
        time.sleep(0.02)


def temp_files(d: Path) -> list[Path]:
    return [p for p in d.iterdir() if p.name.startswith(".out.txt.") and p.name.endswith(".tmp")]


def interrupt(proc: subprocess.Popen, group: bool) -> tuple[int, str]:
    if group:
        os.killpg(proc.pid, signal.SIGINT)
    else:
        proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=60)
    return proc.returncode, err.decode("utf-8", "replace")


@pytest.fixture(scope="module")
def big_input(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """About 20 MB: many seconds of work, so the signal lands mid-run."""
    path = tmp_path_factory.mktemp("big") / "big.txt"
    path.write_bytes(SENTENCE * (20_000_000 // len(SENTENCE)))
    return path


@pytest.mark.parametrize("jobs", ["1", "2"])
@pytest.mark.parametrize("group", [False, True], ids=["parent-only", "process-group"])
@pytest.mark.parametrize("previous", [None, "previous content\n"], ids=["new", "existing"])
def test_sigint_mid_run_exits_130_and_leaves_output_untouched(tmp_path: Path, big_input: Path, jobs: str,
                                                               group: bool, previous: str | None) -> None:
    out = tmp_path / "out.txt"
    if previous is not None:
        out.write_text(previous, encoding="utf-8")
    proc = start(["--lexicon-set", LEX, "--jobs", jobs, str(big_input), "-o", str(out)], tmp_path)
    wait_for(lambda: temp_files(tmp_path) or proc.poll() is not None)  # writing has begun
    time.sleep(0.3)
    assert proc.poll() is None, "the run ended before it could be interrupted: make the input bigger"
    code, err = interrupt(proc, group)
    assert code == 130, err
    assert "Traceback" not in err
    assert err.endswith("unspin: interrupted\n"), err
    if previous is None:
        assert not out.exists()
    else:
        assert out.read_text(encoding="utf-8") == previous
    assert temp_files(tmp_path) == []


def test_sigint_while_waiting_for_stdin(tmp_path: Path) -> None:
    r, w = os.pipe()  # stdin that stays open and empty: the CLI blocks reading it
    try:
        proc = start(["--lexicon-set", LEX], tmp_path, stdin=r)
        time.sleep(1.5)  # start-up (imports, lexicon) done; blocked in read
        assert proc.poll() is None
        code, err = interrupt(proc, group=True)
    finally:
        os.close(r)
        os.close(w)
    assert code == 130
    assert err == "unspin: interrupted\n"


def test_sigint_on_stdout_run_keeps_already_written_output_whole_lines(tmp_path: Path, big_input: Path) -> None:
    """Streaming to stdout: what was written before the signal is a prefix of the full output."""
    proc = start(["--lexicon-set", LEX, "--jobs", "1", str(big_input)], tmp_path)
    assert proc.stdout is not None
    fixed = SENTENCE.replace(b"Jap Top", b"Japanese Prime")
    first = proc.stdout.read(len(fixed) * 10)  # output is flowing
    code, err = interrupt(proc, group=True)
    assert code == 130 and "Traceback" not in err
    assert first == fixed * 10
