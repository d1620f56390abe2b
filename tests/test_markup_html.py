"""HTML documents: only prose is repaired, the page is otherwise kept byte for byte."""

from __future__ import annotations

import re

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

PAGE = DATA.joinpath("article.html").read_text(encoding="utf-8")
PROTECTED = re.compile(r"<(script|style|pre|code|textarea)\b.*?</\1>|<!--.*?-->|<[^>]*>", re.S)


def fix(html: str, u=None) -> str:
    return explain_document(u or unspinner(), html, "html").text


@pytest.fixture(scope="module")
def page_result():
    return explain_document(unspinner(), PAGE, "html")


def article_prose(html: str) -> str:
    """The article's prose in the sample's order (body, then headline), read through the prose view."""
    body = between(html, '<div class="article-body">', "</div>")
    headline = between(html, '<h1 class="headline">', "</h1>")
    return prose_view(body, "html").text + "\n" + prose_view(headline, "html").text


def test_page_is_untouched_outside_edits(page_result):
    assert page_result.edits
    assert_untouched_outside_edits(PAGE, page_result)


def test_markup_scripts_comments_and_attributes_survive(page_result):
    # every tag (with its attributes), script, style, pre, code, textarea and comment, in order
    assert PROTECTED.findall(PAGE) and [m.group() for m in PROTECTED.finditer(page_result.text)] == \
        [m.group() for m in PROTECTED.finditer(PAGE)]
    assert page_result.text.count("Top Minister") == PAGE.count("Top Minister") - 2  # figcaption, body


def test_page_restores_what_plain_text_restores(page_result):
    """Same words out as the plain-text engine on the same prose in the same reading order."""
    got = TOKEN.findall(article_prose(page_result.text))
    want = TOKEN.findall(reading_order_baseline())
    assert got == want
    assert got != TOKEN.findall(article_prose(PAGE))


def test_page_scores_like_plain_text(page_result):
    html_score = score(article_prose(page_result.text))
    if html_score is None:
        pytest.skip("reference scorer not available")
    assert html_score == score(reading_order_baseline())
    assert html_score["restored"] > 50


def test_no_edit_on_the_page_was_refused(page_result):
    assert not [e for e in page_result.rejected if "not applied" in e.reason]


@pytest.mark.parametrize(("html", "expected"), [
    ("<p>Jap <b>Top</b> Minister</p>", "<p>Japanese <b>Prime</b> Minister</p>"),
    ("<p><em>imaginative and prescient</em></p>", "<p><em>vision</em></p>"),
    ("<p>a <i>complete</i>\n   image</p>", "<p>a <i>complete</i>\n   picture</p>"),
    ("<p>Top <!-- x --> Minister</p>", "<p>Prime <!-- x --> Minister</p>"),
    ("<p>Top\n  Minister</p>", "<p>Prime\n  Minister</p>"),
])
def test_edits_across_inline_markup_keep_the_tags(html, expected):
    assert fix(html) == expected


@pytest.mark.parametrize("html", [
    "<p><em>imaginative</em> and prescient</p>",  # 3 words -> 1 across a tag: cannot keep the tag
    "<p>T<i>op</i> Minister</p>",  # markup inside a word
])
def test_edits_that_would_break_markup_are_reported_not_applied(html):
    result = explain_document(unspinner(), html, "html")
    assert result.text == html and not result.edits
    (refused,) = [e for e in result.rejected if "not applied" in e.reason]
    assert html[refused.start:refused.end] == refused.original


@pytest.mark.parametrize("html", [
    "<p>Top</p><p>Minister</p>", "<li>Top</li>\n<li>Minister</li>", "Top<br>Minister",
    "<h2>Top</h2>Minister", "Top <code>x</code> Minister",
])
def test_phrases_never_cross_blocks(html):
    assert fix(html) == html


@pytest.mark.parametrize("html", [
    "<script>Top Minister</script>", "<style>/* Top Minister */</style>", "<pre>Top Minister</pre>",
    "<code>Top Minister</code>", "<textarea>Top Minister</textarea>", "<!-- Top Minister -->",
    '<img alt="Top Minister">', '<a title="Top Minister">x</a>', '<p translate="no">Top Minister</p>',
    "<noscript>Top Minister</noscript>", "<pre><b>Top</b> Minister</pre>",
])
def test_non_prose_is_never_edited(html):
    assert fix(html) == html


def test_character_references_are_decoded_and_rewritten_in_the_source_form():
    u = lexicon_unspinner("legit’s remark\tofficial’s comment\tsure\nr and d\tR&D\tsure\n")
    assert prose_view("R&amp;D&nbsp;and&#8217;s", "html").text == "R&D\xa0and’s"
    # the replacement's apostrophe is spelled as the source spelled it inside the edit
    assert fix("<p>the legit&#8217;s remark</p>", u) == "<p>the official&#8217;s comment</p>"
    assert fix("<p>the legit’s remark</p>", u) == "<p>the official’s comment</p>"
    # a new '&' is escaped in HTML text
    assert fix("<p>r and d</p>", u) == "<p>R&amp;D</p>"


def test_unchanged_parts_keep_their_references():
    u = lexicon_unspinner("top minister\tprime minister\tsure\tnoun\n")
    assert fix("<p>the Top Minister&rsquo;s visit</p>", u) == "<p>the Prime Minister&rsquo;s visit</p>"


@pytest.mark.parametrize("html", [
    "<p>Jap Top Minister <b>unclosed", "<p>a < b Top Minister", "Top Minister &bogus; &#xZZ; &amp",
    "<div><p>Top Minister</div></p></span>", "<<>>Top Minister<", "<p title='x>Top Minister</p>",
    "<!-- unclosed Top Minister", "<script>Top Minister", "&", "", "<", "</", "<!", "<?x Top Minister",
])
def test_malformed_html_is_processed_without_losing_bytes(html):
    result = explain_document(unspinner(), html, "html")
    assert_untouched_outside_edits(html, result)


SOUP = st.lists(st.sampled_from([
    "<p>", "</p>", "<b>", "</b>", "<i>", "</div>", "<br>", "<", ">", "&", "&amp;", "&amp", "&#8217;",
    "&#x;", "&bogus;", "&rsquo;", " ", "\n", "\r\n", "Top", "Minister", "Jap", "counterfeit",
    "consciousness", "imaginative", "and", "prescient", "the", "legit", "mentioned", "<script>",
    "</script>", "<!--", "-->", "<a href='Top Minister'>", "</a>", '"', "'", "<code>", "</code>", "é",
    "İ", "\u00a0", "{that a}", ".", "They",
]), max_size=40).map("".join)


@settings(max_examples=300, deadline=None)
@given(SOUP)
def test_tag_soup_never_crashes_and_only_edits_change(html):
    result = explain_document(unspinner(), html, "html")
    assert_untouched_outside_edits(html, result)
    for e in result.rejected:
        assert html[e.start:e.end] == e.original
