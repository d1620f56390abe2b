"""``unspin review``: the answer logic, and a whole session through a pseudo-terminal."""

from __future__ import annotations

import json
import os
import pty
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest

from unspin.edits import apply_edits
from unspin.model import Edit
from unspin.review.interactive import context_line, review_edits

ROOT = Path(__file__).resolve().parent.parent
SPUN_REL = "samples/seed/spun.txt"
TEST_LEXICON = ROOT / "tests" / "data" / "review-lexicon.tsv"
LEXICON_ARGS = [] if any((ROOT / "lexicons").glob("*.tsv")) else ["--lexicon", str(TEST_LEXICON)]

TEXT = "Jap Top Minister; Jap astronaut; the legit mentioned"
EDITS = [Edit(0, 3, "Jap", "Japanese", rule="n:1"), Edit(4, 16, "Top Minister", "Prime Minister", rule="n:2"),
         Edit(18, 21, "Jap", "Japanese", rule="n:1"),
         Edit(37, 42, "legit", "official", rule="n:3", alternatives=("authentic", "genuine"))]


def run(answers: list[str]) -> tuple[list[Edit], list[str]]:
    it, shown = iter(answers), []
    accepted = review_edits(TEXT, EDITS, lambda prompt: next(it, None), shown.append)
    return accepted, shown


def test_yes_no_and_quit():
    accepted, _ = run(["y", "n", "q"])
    assert accepted == [EDITS[0]]
    assert run([])[0] == []  # end of input at once: like q


def test_accept_and_reject_all_of_a_rule():
    accepted, shown = run(["a", "n", "n"])  # a on n:1 also takes the second "Jap" without asking
    assert accepted == [EDITS[0], EDITS[2]]
    assert len([s for s in shown if s.startswith("\n(")]) == 3  # 3 edits asked about, 1 decided by rule
    accepted, _ = run(["d", "y", "y"])
    assert accepted == [EDITS[1], EDITS[3]]


def test_alternative_and_help():
    accepted, shown = run(["n", "n", "n", "?", "x", "2"])
    assert [e.replacement for e in accepted] == ["genuine"]
    assert accepted[0].alternatives == ("official", "authentic")
    assert any("accept this edit and all later edits" in s for s in shown)
    assert apply_edits(TEXT, accepted).endswith("the genuine mentioned")


def test_context_is_cut_to_the_line():
    text = "first line\n" + "word " * 40 + "Top" + " tail" * 40 + "\nlast"
    e = Edit(text.index("Top"), text.index("Top") + 3, "Top", "Prime")
    line = context_line(text, e, width=20)
    assert line.startswith("…") and line.endswith("…") and "[-Top-]{+Prime+}" in line
    assert "\n" not in line and "first" not in line


class Terminal:
    """A child process on a pseudo-terminal (stdlib only), read with a timeout."""

    def __init__(self, argv: list[str]) -> None:
        self.master, slave = pty.openpty()
        self.proc = subprocess.Popen(argv, stdin=slave, stdout=slave, stderr=slave, cwd=ROOT, close_fds=True)
        os.close(slave)
        self.seen = ""

    def expect(self, needle: str, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while needle not in self.seen:
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError(f"{needle!r} not seen; got:\n{self.seen[-2000:]}")
            ready, _, _ = select.select([self.master], [], [], left)
            if ready:
                try:
                    chunk = os.read(self.master, 4096)
                except OSError:  # EIO: the child closed the terminal
                    chunk = b""
                if not chunk:
                    raise AssertionError(f"{needle!r} not seen before exit; got:\n{self.seen[-2000:]}")
                self.seen += chunk.decode("utf-8", "replace")

    def send(self, line: str) -> None:
        os.write(self.master, (line + "\n").encode())

    def close(self) -> int:
        try:
            return self.proc.wait(timeout=60)
        finally:
            os.close(self.master)


@pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")
def test_review_session_in_a_terminal(tmp_path):
    listed = subprocess.run([sys.executable, "-m", "unspin", *LEXICON_ARGS, "--format", "jsonl", SPUN_REL],
                            capture_output=True, cwd=ROOT, check=True).stdout.decode().splitlines(keepends=True)
    assert len(listed) >= 3
    out, acc = tmp_path / "out.txt", tmp_path / "accepted.jsonl"
    term = Terminal([sys.executable, "-m", "unspin", "review", *LEXICON_ARGS, SPUN_REL,
                     "-o", str(out), "--accepted", str(acc)])
    try:
        term.expect("Accept this edit [")
        assert "\x1b[31m[-" in term.seen or "\x1b[32m{+" in term.seen, "a terminal gets colours"
        term.send("?")
        term.expect("reject this edit and all later edits of the same rule")
        term.expect("Accept this edit [")
        term.send("y")
        term.expect("(2/")
        term.expect("Accept this edit [")
        term.send("n")
        term.expect("(3/")
        term.expect("Accept this edit [")
        term.send("q")
        term.expect(f"accepted 1 of {len(listed)} edits")
    finally:
        status = term.close()
    assert status == 0
    text = (ROOT / SPUN_REL).read_text(encoding="utf-8")
    first = Edit.from_dict(json.loads(listed[0]))
    assert out.read_text(encoding="utf-8") == apply_edits(text, [first])
    assert acc.read_text(encoding="utf-8").splitlines(keepends=True) == listed[:1]
    applied = subprocess.run([sys.executable, "-m", "unspin", "apply", str(acc)], capture_output=True, cwd=ROOT)
    assert applied.stdout == out.read_bytes()


def test_review_reads_answers_from_a_pipe(tmp_path):
    out = tmp_path / "out.txt"
    proc = subprocess.run([sys.executable, "-m", "unspin", "review", *LEXICON_ARGS, SPUN_REL, "-o", str(out)],
                          input=b"n\nn\n", capture_output=True, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr.decode()
    assert b"\x1b[" not in proc.stderr  # not a terminal: no colours
    assert out.read_bytes() == (ROOT / SPUN_REL).read_bytes()  # all rejected (then end of input)
