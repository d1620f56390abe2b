"""``unspin apply``: full lists reproduce unspin's output, subsets apply just themselves, stale or
overlapping edits are refused with ``file:line: problem``."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from unspin.edits import apply_edits
from unspin.model import Edit

ROOT = Path(__file__).resolve().parent.parent
SPUN = ROOT / "samples" / "seed" / "spun.txt"
SPUN_REL = "samples/seed/spun.txt"
TEST_LEXICON = ROOT / "tests" / "data" / "review-lexicon.tsv"
LEXICON_ARGS = [] if any((ROOT / "lexicons").glob("*.tsv")) else ["--lexicon", str(TEST_LEXICON)]


def unspin(*args: str, **kw) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "unspin", *args], capture_output=True, cwd=ROOT, check=False, **kw)


@pytest.fixture(scope="module")
def full():
    """The seed's JSONL lines and unspin's text output, from one lexicon state."""
    lines = unspin(*LEXICON_ARGS, "--format", "jsonl", SPUN_REL).stdout.decode().splitlines(keepends=True)
    assert len(lines) >= 3
    return lines, unspin(*LEXICON_ARGS, SPUN_REL).stdout


def test_full_list_reproduces_text_output(full, tmp_path):
    lines, expected = full
    edits = tmp_path / "e.jsonl"
    edits.write_text("".join(lines), encoding="utf-8")
    proc = unspin("apply", str(edits), SPUN_REL)
    assert proc.returncode == 0, proc.stderr.decode()
    assert proc.stdout == expected
    # without FILE the recorded path is used; -o writes the file instead of stdout
    out = tmp_path / "out.txt"
    proc = unspin("apply", str(edits), "-o", str(out))
    assert proc.returncode == 0 and proc.stdout == b""
    assert out.read_bytes() == expected


def test_subset_applies_just_that_subset(full, tmp_path):
    lines, expected = full
    subset = lines[::2]
    edits = tmp_path / "subset.jsonl"
    edits.write_text("\n".join(x.rstrip("\n") for x in subset) + "\n\n", encoding="utf-8")  # blank lines ok
    proc = unspin("apply", str(edits), SPUN_REL)
    assert proc.returncode == 0, proc.stderr.decode()
    text = SPUN.read_text(encoding="utf-8")
    want = apply_edits(text, [Edit.from_dict(json.loads(x)) for x in subset])
    assert proc.stdout.decode() == want
    assert proc.stdout != expected and proc.stdout.decode() != text


def test_edits_from_stdin(full):
    lines, expected = full
    proc = unspin("apply", "-", SPUN_REL, input="".join(lines).encode())
    assert proc.returncode == 0 and proc.stdout == expected


def _refused(tmp_path, lines: list[str]) -> subprocess.CompletedProcess:
    edits = tmp_path / "bad.jsonl"
    edits.write_text("".join(lines), encoding="utf-8")
    out = tmp_path / "out.txt"
    proc = unspin("apply", str(edits), SPUN_REL, "-o", str(out))
    assert proc.returncode == 2
    assert not out.exists(), "nothing is written when an edit is refused"
    return proc


def test_stale_edit_is_refused_with_its_line(full, tmp_path):
    lines = list(full[0][:3])
    rec = json.loads(lines[1])
    rec["original"] = rec["original"] + "x"  # the input no longer has this text there
    lines[1] = json.dumps(rec) + "\n"
    proc = _refused(tmp_path, lines)
    assert f"{tmp_path / 'bad.jsonl'}:2: stale edit" in proc.stderr.decode()


def test_shifted_offsets_are_refused(full, tmp_path):
    rec = json.loads(full[0][0])
    rec["start"] += 1
    rec["end"] += 1
    proc = _refused(tmp_path, [json.dumps(rec) + "\n"])
    assert ":1: stale edit" in proc.stderr.decode()


def test_overlapping_edits_are_refused_with_both_lines(full, tmp_path):
    lines = list(full[0][:2])
    proc = _refused(tmp_path, [*lines, lines[0]])
    err = proc.stderr.decode()
    assert ":3: edits overlap" in err and "line 1" in err


def test_out_of_range_and_malformed_records(full, tmp_path):
    rec = json.loads(full[0][0])
    rec["start"], rec["end"] = 10**9, 10**9 + 1
    assert ":1: edit" in _refused(tmp_path, [json.dumps(rec) + "\n"]).stderr.decode()
    assert ":2: invalid JSON" in _refused(tmp_path, [full[0][0], "{not json\n"]).stderr.decode()
    assert "'original' missing" in _refused(tmp_path, ['{"start": 0, "end": 1, "replacement": "x"}\n']).stderr.decode()
    assert "'start' missing" in _refused(tmp_path, ['{"start": true, "end": 1, "original": "T", '
                                                    '"replacement": "x"}\n']).stderr.decode()


def test_edits_for_several_files_need_file(full, tmp_path):
    rec = json.loads(full[0][0])
    rec["path"] = "other.txt"
    edits = tmp_path / "mixed.jsonl"
    edits.write_text(full[0][1] + json.dumps(rec) + "\n", encoding="utf-8")
    proc = unspin("apply", str(edits))
    assert proc.returncode == 2 and "give FILE" in proc.stderr.decode()
