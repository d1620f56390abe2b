"""The HTML review page without a browser: self-contained, escaped, and carrying the exact JSONL lines."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

from unspin import Unspinner
from unspin.model import Edit, Result
from unspin.render import jsonl
from unspin.review.html_page import html_page

ROOT = Path(__file__).resolve().parent.parent
SPUN = ROOT / "samples" / "seed" / "spun.txt"
TEST_LEXICON = ROOT / "tests" / "data" / "review-lexicon.tsv"
SHIPPED = any((ROOT / "lexicons").glob("*.tsv"))


class Collect(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._in_script = tag == "script"

    def handle_endtag(self, tag):
        self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            self.scripts.append(data)


def _page(text: str, result: Result, path: str | None = "in.txt") -> Collect:
    c = Collect()
    c.feed(html_page(text, result, path))
    return c


def test_seed_page_has_every_edit_and_the_jsonl_lines():
    text = SPUN.read_text(encoding="utf-8")
    result = Unspinner(["all"], extra=[] if SHIPPED else [TEST_LEXICON]).explain(text)
    page = _page(text, result, "samples/seed/spun.txt")
    spans = [a for t, a in page.tags if t == "span" and "edit" in a.get("class", "").split()]
    assert len(spans) == len(result.edits) > 0
    assert {a["data-rule"] for a in spans} == {e.rule for e in result.edits}
    data = json.loads(next(s for s in page.scripts if s.startswith('{"jsonl"')))
    expected = [line.rstrip("\n") for line in jsonl(text, result, "samples/seed/spun.txt")]
    assert data["jsonl"] == expected


def test_self_contained():
    page = _page("Jap Top", Result("Japanese Top", (Edit(0, 3, "Jap", "Japanese", rule="n:1"),)))
    for tag, attrs in page.tags:
        assert tag not in ("link", "img", "iframe", "object", "embed")
        assert not (tag == "script" and "src" in attrs)
    csp = [a["content"] for t, a in page.tags if t == "meta" and a.get("http-equiv") == "Content-Security-Policy"]
    assert csp and "default-src 'none'" in csp[0]


def test_hostile_text_rule_and_path_are_escaped():
    evil = '</script><script>alert(1)</script><img src=x onerror=alert(2)>"\'&'
    text = f"{evil} Top {evil}"
    start = text.index("Top")
    e = Edit(start, start + 3, "Top", evil, rule=evil, reason=evil, alternatives=(evil,))
    out = html_page(text, Result("", (e,)), evil)
    page = _page(text, Result("", (e,)), evil)
    assert [t for t, _ in page.tags].count("script") == 2  # the data block and the page's own script
    assert not any(t == "img" for t, _ in page.tags)
    assert "alert(1)</script>" not in out
    data = json.loads(page.scripts[0])
    assert json.loads(data["jsonl"][0])["replacement"] == evil  # the data survives intact
    assert re.search(r"&lt;img src=x onerror=alert\(2\)&gt;", out)
