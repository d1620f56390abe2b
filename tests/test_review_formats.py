"""Report formats on the seed sample: word-diff, diff (with patch), jsonl, rdjson, SARIF."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from unspin import Unspinner
from unspin.review import rdjson, sarif, worddiff

ROOT = Path(__file__).resolve().parent.parent
SPUN = ROOT / "samples" / "seed" / "spun.txt"
SPUN_REL = "samples/seed/spun.txt"
TEST_LEXICON = ROOT / "tests" / "data" / "review-lexicon.tsv"
LEXICON_ARGS = [] if any((ROOT / "lexicons").glob("*.tsv")) else ["--lexicon", str(TEST_LEXICON)]
JSONL_FIELDS = {"start", "end", "original", "replacement", "rule", "lexicon", "lexicon_version", "confidence",
                "kind", "alternatives", "reason", "line", "column", "end_line", "end_column", "path"}


def unspin(*args: str, **kw) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "unspin", *args], capture_output=True, cwd=ROOT, check=False, **kw)


@pytest.fixture(scope="module")
def seed():
    text = SPUN.read_text(encoding="utf-8")
    extra = [] if LEXICON_ARGS == [] else [TEST_LEXICON]
    result = Unspinner(["all"], extra=extra).explain(text)
    assert len(result.edits) >= 3, "the seed sample should give several edits"
    return text, result


def test_word_diff_markers_give_back_input_and_output(seed):
    text, result = seed
    out = worddiff.word_diff(text, result)
    marker = re.compile(r"\[-(.*?)-\]|\{\+(.*?)\+\}", re.S)
    assert marker.sub(lambda m: m.group(1) or "", out) == text
    assert marker.sub(lambda m: m.group(2) or "", out) == result.text
    assert len(marker.findall(out)) >= len(result.edits)
    assert "\x1b[" not in out


def test_word_diff_colour_modes(seed):
    text, result = seed
    coloured = worddiff.word_diff(text, result, color=True)
    assert worddiff.RED in coloured and worddiff.GREEN in coloured
    assert re.sub(r"\x1b\[[0-9;]*m", "", coloured) == worddiff.word_diff(text, result)

    class Tty:
        def isatty(self):
            return True
    assert worddiff.use_color("auto", Tty()) is True
    assert worddiff.use_color("never", Tty()) is False
    with open(__file__) as regular_file:
        assert worddiff.use_color("auto", regular_file) is False


def test_word_diff_cli_plain_when_piped_coloured_when_forced():
    piped = unspin(*LEXICON_ARGS, "--format", "word-diff", SPUN_REL)
    forced = unspin(*LEXICON_ARGS, "--format", "word-diff", "--color", "always", SPUN_REL)
    assert piped.returncode == forced.returncode == 0
    assert b"\x1b[" not in piped.stdout and b"[-" in piped.stdout
    assert b"\x1b[31m" in forced.stdout


def test_diff_applies_with_patch(tmp_path):
    if not shutil.which("patch"):
        pytest.skip("patch(1) is not installed")
    diff = unspin(*LEXICON_ARGS, "--format", "diff", SPUN_REL)
    expected = unspin(*LEXICON_ARGS, SPUN_REL).stdout
    assert diff.returncode == 0 and diff.stdout
    target = tmp_path / SPUN_REL
    target.parent.mkdir(parents=True)
    shutil.copy(SPUN, target)
    proc = subprocess.run(["patch", "-p0", "--batch"], input=diff.stdout, cwd=tmp_path, capture_output=True)
    assert proc.returncode == 0, proc.stdout.decode() + proc.stderr.decode()
    assert target.read_bytes() == expected


def test_jsonl_schema_is_documented_and_offsets_are_code_points():
    out = unspin(*LEXICON_ARGS, "--format", "jsonl", SPUN_REL)
    text = SPUN.read_text(encoding="utf-8")
    doc = (ROOT / "docs" / "jsonl.md").read_text(encoding="utf-8")
    lines = text.split("\n")
    records = [json.loads(line) for line in out.stdout.decode().splitlines()]
    assert records
    for r in records:
        assert set(r) == JSONL_FIELDS
        assert text[r["start"]:r["end"]] == r["original"]
        assert lines[r["line"] - 1][r["column"] - 1:].startswith(r["original"].split("\n")[0])
        assert r["path"] == SPUN_REL
    for field in JSONL_FIELDS:
        assert f"`{field}`" in doc, f"docs/jsonl.md does not document {field}"
    # the seed has curly quotes and dashes: offsets must count code points, not bytes or UTF-16 units
    assert any(len(text[:r["start"]].encode()) != r["start"] for r in records)


def _line_bytes(text: str, line: int) -> bytes:
    return text.split("\n")[line - 1].encode("utf-8")


def test_rdjson_ranges_are_utf8_byte_columns(seed):
    text, result = seed
    doc = json.loads(rdjson.format_rdjson(text, result, SPUN_REL))
    assert doc["source"]["name"] == "unspin"
    diags = doc["diagnostics"]
    assert len(diags) == len(result.edits)
    shifted = 0
    for d, e in zip(diags, result.edits, strict=True):
        rng = d["location"]["range"]
        start, end = rng["start"], rng["end"]
        assert d["location"]["path"] == SPUN_REL
        assert d["code"]["value"] == e.rule
        assert d["severity"] in ("WARNING", "INFO")
        assert d["suggestions"] == [{"range": rng, "text": e.replacement}]
        if start["line"] == end["line"]:
            line = _line_bytes(text, start["line"])
            assert line[start["column"] - 1:end["column"] - 1] == e.original.encode("utf-8")
        shifted += start["column"] != LineIndexCol(text, e.start)
    assert shifted, "some edit should follow a multi-byte character in the seed"
    jsonl = [json.loads(x) for x in rdjson.format_rdjsonl(text, result, SPUN_REL).splitlines()]
    assert jsonl == diags


def LineIndexCol(text: str, offset: int) -> int:  # noqa: N802 - reads like the class it stands for
    return offset - (text.rfind("\n", 0, offset) + 1) + 1


def test_rdjson_insertion_is_empty_range():
    from unspin.model import Edit, Result
    text = "Pacific.They “x” Top"
    r = Result("", (Edit(8, 8, "", " ", rule="normalize:glued"), Edit(17, 20, "Top", "Prime", rule="n:1")))
    d = json.loads(rdjson.format_rdjson(text, r, None))["diagnostics"]
    assert d[0]["location"]["range"]["start"] == d[0]["location"]["range"]["end"] == {"line": 1, "column": 9}
    assert d[1]["location"]["range"]["start"]["column"] == len(text[:17].encode()) + 1 == 22
    assert d[0]["location"]["path"] == "-"


def test_sarif_regions_and_fixes(seed):
    text, result = seed
    log = json.loads(sarif.format_sarif(text, result, SPUN_REL))
    assert log["version"] == "2.1.0"
    run = log["runs"][0]
    assert run["columnKind"] == "unicodeCodePoints"
    assert run["tool"]["driver"]["name"] == "unspin"
    rules = run["tool"]["driver"]["rules"]
    lines = text.split("\n")
    replacements = []
    for res, e in zip(run["results"], result.edits, strict=True):
        assert rules[res["ruleIndex"]]["id"] == res["ruleId"] == e.rule
        region = res["locations"][0]["physicalLocation"]["region"]
        assert text[region["charOffset"]:region["charOffset"] + region["charLength"]] == e.original
        if region["startLine"] == region["endLine"]:
            line = lines[region["startLine"] - 1]
            assert line[region["startColumn"] - 1:region["endColumn"] - 1] == e.original
        rep = res["fixes"][0]["artifactChanges"][0]["replacements"][0]
        replacements.append((rep["deletedRegion"]["charOffset"], rep["deletedRegion"]["charLength"],
                             rep["insertedContent"]["text"]))
    out = text
    for off, length, new in sorted(replacements, reverse=True):
        out = out[:off] + new + out[off + length:]
    assert out == result.text


def test_every_format_through_the_cli():
    for fmt in ("word-diff", "rdjson", "rdjsonl", "sarif", "html"):
        proc = unspin(*LEXICON_ARGS, "--format", fmt, SPUN_REL)
        assert proc.returncode == 0, (fmt, proc.stderr.decode())
        assert proc.stdout, fmt
    json.loads(unspin(*LEXICON_ARGS, "--format", "sarif", SPUN_REL).stdout)
