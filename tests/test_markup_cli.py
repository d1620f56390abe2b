"""The command line on documents: --input-format, auto-detection by extension, shipped lexicons."""

from __future__ import annotations

import json
import shutil

import pytest
from test_markup_support import DATA, assert_untouched_outside_edits

from unspin.cli import main
from unspin.lexicon import LexiconError, select_lexicons
from unspin.markup import detect_format, explain_document
from unspin.model import Edit, Result

MINI = str(DATA / "mini.tsv")


def run(capsysbinary, *argv: str) -> str:
    assert main(list(argv)) == 0
    return capsysbinary.readouterr().out.decode("utf-8")


@pytest.mark.parametrize(("path", "requested", "expected"), [
    ("a.html", "auto", "html"), ("a.HTM", "auto", "html"), ("a.md", "auto", "markdown"),
    ("a.markdown", "auto", "markdown"), ("a.txt", "auto", "text"), ("-", "auto", "text"),
    ("a.md", "text", "text"), ("a.txt", "html", "html"),
])
def test_detect_format(path, requested, expected):
    assert detect_format(path, requested) == expected


def test_cli_html_by_extension_keeps_the_page(tmp_path, capsysbinary):
    page = tmp_path / "page.html"
    page.write_text("<script>Top Minister</script><p>Jap <b>Top</b> Minister</p>\n", encoding="utf-8")
    out = run(capsysbinary, "--lexicon", MINI, str(page))
    assert out == "<script>Top Minister</script><p>Japanese <b>Prime</b> Minister</p>\n"


def test_cli_input_format_overrides_the_extension(tmp_path, capsysbinary):
    page = tmp_path / "page.txt"
    page.write_text("`Top Minister`\n", encoding="utf-8")
    assert run(capsysbinary, "--lexicon", MINI, "--input-format", "markdown", str(page)) == "`Top Minister`\n"


def test_cli_jsonl_offsets_point_into_the_document(tmp_path, capsysbinary):
    source = DATA.joinpath("article.md").read_text(encoding="utf-8")
    doc = tmp_path / "article.md"
    shutil.copy(DATA / "article.md", doc)
    lines = run(capsysbinary, "--lexicon", MINI, "--format", "jsonl", str(doc)).splitlines()
    edits = [Edit.from_dict(json.loads(line)) for line in lines]
    assert edits and all(source[e.start:e.end] == e.original for e in edits)
    assert_untouched_outside_edits(source, Result(run(capsysbinary, "--lexicon", MINI, str(doc)), tuple(edits)))


def test_shipped_lexicons_on_the_fixture_page():
    try:
        shipped = select_lexicons(["all"])
    except LexiconError:
        shipped = []
    if not any(lex.entries for lex in shipped):
        pytest.skip("no shipped lexicons yet")
    from unspin import Unspinner
    for name, fmt in (("article.html", "html"), ("article.md", "markdown")):
        source = DATA.joinpath(name).read_text(encoding="utf-8")
        result = explain_document(Unspinner(), source, fmt)
        assert_untouched_outside_edits(source, result)
        assert "<code>Top Minister</code>" not in source or "<code>Top Minister</code>" in result.text
        assert "counterfeit consciousness -> artificial intelligence" in result.text
