"""``unspin scan``: ranking, report formats, exit codes, directories, unreadable files, PDF text."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from unspin import Unspinner, count_words
from unspin.cli import main
from unspin.scan import ARTIFACT_KINDS, CSV_COLUMNS, DocumentReport, format_table, run, scan_paths, scan_text

ROOT = Path(__file__).resolve().parent.parent
CLEAN = sorted((ROOT / "samples" / "clean").glob("science-*.txt"))
# one sure PPS tortured phrase per sentence
SPUN = [
    "We trained an arbitrary backwoods on the records.",
    "Our counterfeit consciousness model learns quickly.",
    "The fluffy rationale controller is stable.",
    "We applied information mining to the archive.",
    "A neural organization was trained for ten epochs.",
]


@pytest.fixture(scope="module")
def science() -> Unspinner:
    return Unspinner(lexicons=["science"])


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """Clean abstracts, and the same abstracts with 1, 2 or all 5 tortured sentences mixed in."""
    assert len(CLEAN) >= 3
    for src in CLEAN:
        shutil.copy(src, tmp_path / src.name)
    abstract = CLEAN[0].read_text(encoding="utf-8")
    (tmp_path / "light.txt").write_text(abstract + "\n" + SPUN[0] + "\n", encoding="utf-8")
    (tmp_path / "medium.txt").write_text(SPUN[1] + "\n" + abstract[:2000] + "\n" + SPUN[2] + "\n", encoding="utf-8")
    (tmp_path / "dense.txt").write_text(" ".join(SPUN) + "\n", encoding="utf-8")
    return tmp_path


def by_name(reports: list[DocumentReport]) -> dict[str, DocumentReport]:
    return {Path(r.path).name: r for r in reports}


# -- counting and ranking --------------------------------------------------------------------------
def test_worst_documents_come_first(science: Unspinner, corpus: Path) -> None:
    reports, problems = scan_paths(science, [str(corpus)])
    assert problems == []
    names = [Path(r.path).name for r in reports]
    assert names[:3] == ["dense.txt", "medium.txt", "light.txt"]
    assert sorted(names[3:]) == [p.name for p in CLEAN]
    docs = by_name(reports)
    assert (docs["dense.txt"].artifacts, docs["medium.txt"].artifacts, docs["light.txt"].artifacts) == (5, 2, 1)
    for r in reports:
        assert r.per_1000 == (round(1000 * r.artifacts / r.words, 2) if r.words else 0.0)
        assert r.words == count_words((corpus / Path(r.path).name).read_text(encoding="utf-8"))


def test_clean_abstracts_have_no_artifacts(science: Unspinner) -> None:
    reports, _ = scan_paths(science, [str(p) for p in CLEAN])
    assert [(Path(r.path).name, r.artifacts) for r in reports if r.artifacts] == []
    assert all(r.words > 500 for r in reports)


def test_equal_density_ranks_more_artifacts_first(science: Unspinner, tmp_path: Path) -> None:
    (tmp_path / "a-once.txt").write_text(SPUN[1], encoding="utf-8")
    (tmp_path / "b-twice.txt").write_text(SPUN[1] + " " + SPUN[1], encoding="utf-8")
    reports, _ = scan_paths(science, [str(tmp_path)])
    assert reports[0].per_1000 == reports[1].per_1000 > 0
    assert [Path(r.path).name for r in reports] == ["b-twice.txt", "a-once.txt"]


def test_top_artifacts_are_counted_and_ordered(science: Unspinner) -> None:
    text = " ".join([SPUN[1], SPUN[3], SPUN[1].upper(), SPUN[1]])
    report = scan_text(science, text, "x.txt", top=5)
    assert report.top == (("counterfeit consciousness", "artificial intelligence", 3),
                          ("information mining", "data mining", 1))
    assert scan_text(science, text, "x.txt", top=1).top == report.top[:1]
    # an article the engine re-agrees is not part of the phrase: both count as one artifact
    text = "We trained an arbitrary backwoods. The arbitrary backwoods won."
    assert scan_text(science, text, "x.txt").top == (("arbitrary backwoods", "random forest", 2),)


def test_normalization_repairs_are_not_artifacts(science: Unspinner) -> None:
    # a glued sentence boundary is repaired by the engine, but it is no tortured phrase
    text = "We measured it twice.Then we stopped."
    assert any(e.kind == "normalize" for e in science.explain(text).edits)
    assert scan_text(science, text, "x.txt").artifacts == 0


# -- report formats --------------------------------------------------------------------------------
def test_csv_schema(science: Unspinner, corpus: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["--format", "csv", str(corpus)], science) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    expected, _ = scan_paths(science, [str(corpus)])
    assert [tuple(r) for r in rows[:1]] == [CSV_COLUMNS]
    assert [r["path"] for r in rows] == [r.path for r in expected]
    for row, report in zip(rows, expected, strict=True):
        assert int(row["words"]) == report.words and int(row["artifacts"]) == report.artifacts
        assert float(row["per_1000"]) == report.per_1000 and float(row["spin_score"]) == report.spin_score
    assert rows[0]["top"].count(" -> ") == 3  # --top defaults to 3
    assert "counterfeit consciousness -> artificial intelligence (1)" in rows[0]["top"]


def test_jsonl_schema_and_offsets_into_the_files(science: Unspinner, corpus: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["--format", "jsonl", "--top", "2", str(corpus)], science) == 0
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert len(records) == len(CLEAN) + 3
    for rec in records:
        assert set(rec) == {"path", "words", "artifacts", "per_1000", "spin_score", "pdf_text", "top", "edits"}
        assert len(rec["edits"]) == rec["artifacts"] and len(rec["top"]) <= 2
        assert sum(t["count"] for t in rec["top"]) <= rec["artifacts"]
        text = Path(rec["path"]).read_text(encoding="utf-8")
        lines = text.split("\n")
        for e in rec["edits"]:
            assert text[e["start"]:e["end"]] == e["original"] and e["kind"] in ARTIFACT_KINDS
            assert lines[e["line"] - 1][e["column"] - 1:].startswith(e["original"].split("\n")[0])


# -- exit codes ------------------------------------------------------------------------------------
def test_threshold_exit_codes(science: Unspinner, corpus: Path, capsys: pytest.CaptureFixture[str]) -> None:
    worst = scan_paths(science, [str(corpus)])[0][0].per_1000
    assert run(["-f", "csv", "--threshold", str(worst), str(corpus)], science) == 1  # reached: >=
    assert run(["-f", "csv", "--threshold", str(worst + 0.01), str(corpus)], science) == 0
    clean = [str(p) for p in CLEAN]
    assert run(["-f", "csv", "--threshold", "0.01", *clean], science) == 0
    assert run(["-f", "csv", "--threshold", "0", *clean], science) == 1  # 0 per 1,000 >= 0


def test_unreadable_inputs_exit_3_after_the_others(science: Unspinner, corpus: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    binary = corpus / "binary.txt"
    binary.write_bytes(b"abc\0def")
    missing = corpus / "missing.txt"
    code = run(["-f", "jsonl", "--threshold", "1", str(missing), str(corpus / "dense.txt"), str(binary),
                str(corpus / "light.txt")], science)
    assert code == 3  # an input error wins over the threshold, as in the main command
    out, err = capsys.readouterr()
    assert [Path(json.loads(x)["path"]).name for x in out.splitlines()] == ["dense.txt", "light.txt"]
    assert "missing.txt" in err and "binary.txt" in err and "NUL" in err
    assert run([str(missing)], science) == 3
    assert "1 unreadable" in capsys.readouterr().out


def test_usage_errors_exit_2(corpus: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["scan", "--top", "-1", str(corpus)]) == 2
    assert main(["scan", "--format", "xml", str(corpus)]) == 2
    assert main(["scan"]) == 2


# -- inputs ----------------------------------------------------------------------------------------
def test_directories_are_searched_for_text_markdown_and_html(science: Unspinner, tmp_path: Path) -> None:
    (tmp_path / "sub" / "deeper").mkdir(parents=True)
    (tmp_path / ".hidden").mkdir()
    (tmp_path / "sub" / "a.txt").write_text(SPUN[1], encoding="utf-8")
    (tmp_path / "sub" / "deeper" / "b.md").write_text(f"# Title\n\n{SPUN[3]}\n\n    {SPUN[1]}\n", encoding="utf-8")
    html = f"<html><body><p>{SPUN[4]}</p><pre>{SPUN[1]}</pre></body></html>"
    (tmp_path / "c.html").write_text(html, encoding="utf-8")
    (tmp_path / "d.json").write_text(SPUN[1], encoding="utf-8")
    (tmp_path / ".hidden" / "e.txt").write_text(SPUN[1], encoding="utf-8")
    reports, _ = scan_paths(science, [str(tmp_path)])
    docs = by_name(reports)
    assert sorted(docs) == ["a.txt", "b.md", "c.html"]
    # markup: only prose counts (not code blocks or <pre>), offsets still into the source
    assert docs["b.md"].artifacts == 1 and docs["c.html"].artifacts == 1
    e = docs["c.html"].edits[0]
    assert html[e.start:e.end] == e.original == "neural organization"
    # a file named on the command line is scanned whatever its name
    assert by_name(scan_paths(science, [str(tmp_path / "d.json")])[0])["d.json"].artifacts == 1


def test_pdf_text_layers_are_cleaned_by_name_or_flag(science: Unspinner, tmp_path: Path) -> None:
    layer = "Our counter-\nfeit conscious\u00adness and the \ufb02u\ufb00y rationale con-\ntroller.\n"
    (tmp_path / "paper.pdf.txt").write_text(layer, encoding="utf-8")
    (tmp_path / "paper.txt").write_text(layer, encoding="utf-8")
    docs = by_name(scan_paths(science, [str(tmp_path)])[0])
    assert (docs["paper.pdf.txt"].artifacts, docs["paper.pdf.txt"].pdf_text) == (2, True)
    assert (docs["paper.txt"].artifacts, docs["paper.txt"].pdf_text) == (0, False)
    flagged = by_name(scan_paths(science, [str(tmp_path / "paper.txt")], pdf_text=True)[0])["paper.txt"]
    assert flagged.artifacts == 2
    assert flagged.top[0][0] == "counterfeit consciousness"  # listed as the cleaned spelling
    for e in flagged.edits:
        assert layer[e.start:e.end] == e.original
    assert flagged.words == count_words("Our counterfeit consciousness and the fluffy rationale controller.")


# -- the table -------------------------------------------------------------------------------------
def test_table_columns_are_aligned_and_long_cells_cut() -> None:
    long_top = tuple((f"tortured phrase {i}", f"canonical phrase {i}", 9 - i) for i in range(6))
    reports = [DocumentReport("short.txt", 120, 12, 100.0, 100.0, long_top, ()),
               DocumentReport("a/very/long/directory/name/that/goes/on/and/on/paper.txt", 98765, 3, 0.03, 0.0, (), ()),
               DocumentReport("clean.txt", 5, 0, 0.0, 0.0, (), ())]
    lines = format_table(reports, width=80).splitlines()
    assert all(len(line) <= 80 for line in lines)
    header, rows, summary = lines[0], lines[1:-1], lines[-1]
    path_col = header.index("path")
    assert [row[path_col:].split()[0] for row in rows][0] == "short.txt"
    assert rows[1][path_col] == "…" and rows[1][path_col:].split()[0].endswith("on/and/on/paper.txt")
    assert rows[0].endswith("…")  # the top list is cut at the edge
    spin_end = header.index("spin") + len("spin")
    assert [row[:spin_end].split()[-1] for row in rows] == ["100.00", "0.00", "0.00"]  # right-aligned
    assert summary == "3 documents, 2 with artifacts"


def test_cli_scan_subprocess(corpus: Path) -> None:
    proc = subprocess.run([sys.executable, "-m", "unspin", "scan", "--lexicon-set", "science",
                           "--threshold", "50", str(corpus / "dense.txt"), str(CLEAN[0])],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 1, proc.stderr
    lines = proc.stdout.splitlines()
    assert lines[0].split()[:4] == ["artifacts", "per", "1k", "spin"]
    assert "dense.txt" in lines[1] and CLEAN[0].name in lines[2]
    assert lines[-1] == "2 documents, 1 with artifacts"
