"""Markdown: the prose view of a CommonMark document, from markdown-it-py's tokens.

markdown-it gives each block its line range; inside a block, the inline tokens are found in the
source in order from a cursor that only moves forward. Prose is the ``text`` of paragraphs, headings
and table cells; code spans, fenced and indented code, HTML blocks, inline HTML tags (and the text
inside inline ``<code>``, ``<kbd>``, ...), link destinations, images and autolinks are not prose, and
neither is YAML front matter (``---`` ... ``---`` at the top). Escapes (``\\*``) and character
references (``&amp;``) are decoded in the view and mapped to their whole source span. A block whose
tokens cannot be found in the source is left out of the view (never touched).

>>> markdown_view("# *Top* Minister\\n\\n```\\nTop Minister\\n```\\n").text
'Top Minister'
"""

from __future__ import annotations

import functools
import re

from markdown_it import MarkdownIt
from markdown_it.token import Token

from .html_doc import SKIP
from .segments import ProseView

_FRONT_MATTER = re.compile(r"\A(?:\ufeff)?---[ \t]*\r?\n(?:.*?\r?\n)?(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.S)
_LINE_END = re.compile(r"\r\n|\r|\n")  # markdown-it counts lines after normalising all three
_HTML_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)")
_SPECIALS = frozenset("\\`*_[]<>|~")


def escape_markdown(c: str) -> str:
    """One character as Markdown text: punctuation that could start markup is backslash-escaped.

    >>> escape_markdown("*") + escape_markdown("a")
    '\\\\*a'
    """
    return "\\" + c if c in _SPECIALS else c


@functools.cache
def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark").enable(["table", "strikethrough"])
    md.disable("text_join")  # keep escapes and references as their own tokens: they carry the source
    return md


class _Unaligned(Exception):
    """An inline token was not found where it should be in the source."""


class _Inline:
    """Walks one inline block's children against the source, adding prose to the view."""

    def __init__(self, view: ProseView, src: str, cursor: int, limit: int) -> None:
        self.view, self.src, self.cursor, self.limit = view, src, cursor, limit
        self.hidden = 0  # > 0 inside inline HTML code/kbd/..., autolinks

    def find(self, needle: str) -> int:
        pos = self.src.find(needle, self.cursor, self.limit)
        if pos < 0:
            raise _Unaligned(needle)
        return pos

    def skip_bracketed(self, pos: int, open_: str, close: str) -> int:
        """The offset after the bracket group opening at ``pos`` (nesting and escapes respected)."""
        depth, i = 0, pos
        while i < self.limit:
            c = self.src[i]
            if c == "\\":
                i += 2
                continue
            if c == open_:
                depth += 1
            elif c == close:
                depth -= 1
                if depth == 0:
                    return i + 1
            i += 1
        raise _Unaligned(open_)

    def skip_destination(self, pos: int) -> int:
        """After a link's ``]``: skip ``(destination "title")`` or ``[label]`` if present."""
        if pos < self.limit and self.src[pos] == "(":
            return self.skip_bracketed(pos, "(", ")")
        if pos < self.limit and self.src[pos] == "[":
            return self.skip_bracketed(pos, "[", "]")
        return pos

    def walk(self, children: list[Token]) -> None:
        view, autolink = self.view, False
        for tok in children:
            t = tok.type
            if t == "text":
                if tok.content:
                    pos = self.find(tok.content)
                    if not (self.hidden or autolink):
                        view.add_source(pos, pos + len(tok.content))
                    self.cursor = pos + len(tok.content)
            elif t == "text_special":
                pos = self.find(tok.markup)
                if not (self.hidden or autolink):
                    view.add_decoded(tok.content, pos, pos + len(tok.markup))
                self.cursor = pos + len(tok.markup)
            elif t in ("softbreak", "hardbreak"):
                pos = self.find("\n")
                start = pos - 1 if pos > self.cursor and self.src[pos - 1] == "\r" else pos
                if t == "softbreak":
                    view.add_source(start, pos + 1)
                else:
                    view.add_break(start)
                self.cursor = pos + 1
            elif t == "code_inline":
                opening = self.find(tok.markup)
                self.cursor = opening + len(tok.markup)
                while True:  # the closing run: the same number of backticks, not part of a longer run
                    close = self.find(tok.markup)
                    after = close + len(tok.markup)
                    self.cursor = after
                    if not (after < len(self.src) and self.src[after] == "`") and self.src[close - 1] != "`":
                        break
                view.add_placeholder(opening)
            elif t == "html_inline":
                pos = self.find(tok.content)
                self.cursor = pos + len(tok.content)
                m = _HTML_TAG.match(tok.content)
                if m and m.group(2).lower() in SKIP and not tok.content.rstrip().endswith("/>"):
                    self.hidden = max(0, self.hidden + (-1 if m.group(1) else 1))
                    view.add_placeholder(pos)
            elif t == "link_open":
                autolink = tok.markup == "autolink"
                if autolink:
                    self.cursor = self.find("<") + 1
                    view.add_placeholder(self.cursor - 1)
            elif t == "link_close":
                if autolink:
                    self.cursor = self.find(">") + 1
                    autolink = False
                else:
                    self.cursor = self.skip_destination(self.find("]") + 1)
            elif t == "image":
                pos = self.find("![")
                view.add_placeholder(pos)
                self.cursor = self.skip_destination(self.skip_bracketed(pos + 1, "[", "]"))
            # emphasis, strong, strikethrough: their delimiters are skipped by the next find


def markdown_view(text: str) -> ProseView:
    """The prose view of a Markdown document (see the module docstring)."""
    view = ProseView(text)
    fm = _FRONT_MATTER.match(text)
    base = fm.end() if fm else 0
    body = text[base:]
    line_starts = [base] + [base + m.end() for m in _LINE_END.finditer(body)]
    cursor = base
    for tok in _parser().parse(body):
        if tok.type != "inline" or tok.map is None or not tok.children:
            continue
        first, last = tok.map
        start = max(cursor, line_starts[first])
        limit = line_starts[last] if last < len(line_starts) else len(text)
        mark = len(view)
        view.add_break(start)
        walker = _Inline(view, text, start, limit)
        try:
            walker.walk(tok.children)
        except _Unaligned:
            view.truncate(mark)  # leave this block out of the view: it will not be touched
            view.add_break(start)
            continue
        cursor = walker.cursor
    return view
