"""Markdown documents: prose is repaired; code, link targets, HTML and front matter are not."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_markup_support import (
    DATA,
    TOKEN,
    assert_untouched_outside_edits,
    between,
    lexicon_unspinner,
    reading_order_baseline,
    score,
    unspinner,
)

from unspin.markup import explain_document, prose_view

DOC = DATA.joinpath("article.md").read_text(encoding="utf-8")


def fix(md: str, u=None) -> str:
    return explain_document(u or unspinner(), md, "markdown").text


@pytest.fixture(scope="module")
def doc_result():
    return explain_document(unspinner(), DOC, "markdown")


def article_prose(md: str) -> str:
    body = between(md, "<!-- article-body -->", "<!-- /article-body -->")
    headline = between(md, "\n# ", "\n")
    return prose_view(body, "markdown").text + "\n" + prose_view(headline, "markdown").text


def test_document_is_untouched_outside_edits(doc_result):
    assert doc_result.edits
    assert_untouched_outside_edits(DOC, doc_result)


def test_code_front_matter_html_and_link_targets_survive(doc_result):
    out = doc_result.text
    tail = DOC[DOC.index("<!-- /article-body -->"):]
    assert "Top Minister" in tail and "counterfeit consciousness" in tail
    # the methodology section holds only code, HTML and link targets with lexicon phrases
    assert out[out.index("<!-- /article-body -->"):] == tail
    front = DOC[:DOC.index("\n# ")]
    assert "Top Minister" in front and out.startswith(front)


def test_document_restores_what_plain_text_restores(doc_result):
    got = TOKEN.findall(article_prose(doc_result.text))
    assert got == TOKEN.findall(reading_order_baseline())
    assert got != TOKEN.findall(article_prose(DOC))


def test_document_scores_like_plain_text(doc_result):
    md_score = score(article_prose(doc_result.text))
    if md_score is None:
        pytest.skip("reference scorer not available")
    assert md_score == score(reading_order_baseline())


def test_no_edit_in_the_document_was_refused(doc_result):
    assert not [e for e in doc_result.rejected if "not applied" in e.reason]


@pytest.mark.parametrize(("md", "expected"), [
    ("Jap *Top* Minister\n", "Japanese *Prime* Minister\n"),
    ("a __complete__ image\n", "a __complete__ picture\n"),
    ("> Jap Top\n> Minister\n", "> Japanese Prime\n> Minister\n"),
    ("- Jap Top\n  Minister\n", "- Japanese Prime\n  Minister\n"),
    ("# Top Minister #\n", "# Prime Minister #\n"),
    ("[Top Minister](https://x.example/top-minister)\n", "[Prime Minister](https://x.example/top-minister)\n"),
    ("| a | b |\n|---|---|\n| Top Minister | x |\n", "| a | b |\n|---|---|\n| Prime Minister | x |\n"),
    ("the Top Minister&rsquo;s visit\n", "the Prime Minister&rsquo;s visit\n"),
])
def test_prose_in_inline_markup_and_containers(md, expected):
    assert fix(md) == expected


@pytest.mark.parametrize("md", [
    "`Top Minister`\n", "``Top Minister``\n", "```\nTop Minister\n```\n", "    Top Minister\n",
    "~~~python\ncounterfeit consciousness\n~~~\n", "<div>Top Minister</div>\n", "<!-- Top Minister -->\n",
    "[x](https://example.com/Top%20Minister \"Top Minister\")\n", "<https://top-minister.example>\n",
    "![Top Minister](a.png)\n", "---\ntitle: Top Minister\n---\n", "Top <code>Minister</code>\n",
    "x <kbd>Top Minister</kbd> y\n", "Top\n\nMinister\n", "# Top\nMinister\n", "Top `x` Minister\n",
])
def test_non_prose_is_never_edited(md):
    assert fix(md) == md


def test_escapes_are_decoded_and_new_specials_escaped():
    assert prose_view("a \\*b\\* &amp; c\n", "markdown").text == "a *b* & c"
    u = lexicon_unspinner("five megastar rating\tfive-* rating\tsure\n")
    assert fix("a five megastar rating\n", u) == "a five-\\* rating\n"


def test_crossing_markup_with_a_new_word_count_is_refused():
    md = "a *imaginative* and prescient plan\n"
    result = explain_document(unspinner(), md, "markdown")
    assert result.text == md
    assert [e.original for e in result.rejected if "not applied" in e.reason] == ["imaginative* and prescient"]


def test_line_endings_and_a_bom_do_not_shift_offsets():
    md = "\ufeffintro\r\n\r\nJap *Top* Minister\r\nnext line\r\n"
    result = explain_document(unspinner(), md, "markdown")
    assert result.text == "\ufeffintro\r\n\r\nJapanese *Prime* Minister\r\nnext line\r\n"
    assert_untouched_outside_edits(md, result)


SOUP = st.lists(st.sampled_from([
    "*", "**", "_", "`", "```", "\n", "\n\n", "    ", "> ", "- ", "1. ", "# ", "[", "]", "(", ")", "![",
    "<", ">", "<b>", "</b>", "<code>", "</code>", "&amp;", "&rsquo;", "&#", "\\", "\\*", "|", "---",
    "Top", " ", "Minister", "Jap", "counterfeit", "consciousness", "imaginative", "and", "prescient",
    "http://x.example/", "\r\n", "é", "\t", "{that a}", "~~",
]), max_size=40).map("".join)


@settings(max_examples=300, deadline=None)
@given(SOUP)
def test_random_markdown_never_crashes_and_only_edits_change(md):
    result = explain_document(unspinner(), md, "markdown")
    assert_untouched_outside_edits(md, result)
    for e in result.rejected:
        assert md[e.start:e.end] == e.original
