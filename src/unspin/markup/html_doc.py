r"""HTML: the prose view of a page, from Python's own tolerant parser (html.parser).

Prose is the text content of elements, except inside ``script``, ``style``, ``pre``, ``code``,
``textarea`` and the other elements in :data:`SKIP`, or under ``translate="no"``. Attribute values,
comments, declarations and processing instructions are never prose. Inline elements (:data:`INLINE`)
and comments are removed from the view without a break, so ``<b>Top</b> Minister`` reads
``Top Minister``; every other tag is a block boundary. Character references are decoded in the view
and mapped to their whole source span.

>>> view = html_view("<p>Jap <b>Top</b> Minister &amp; co</p><script>Top Minister</script>")
>>> view.text
'Jap Top Minister & co\n\n'
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

from .segments import ProseView

SKIP = frozenset({"script", "style", "pre", "code", "textarea", "kbd", "samp", "var", "noscript",
                  "template", "svg", "math", "iframe", "object", "xmp", "plaintext"})
INLINE = frozenset({"a", "abbr", "b", "bdi", "bdo", "big", "cite", "data", "del", "dfn", "em", "font",
                    "i", "ins", "mark", "q", "s", "small", "span", "strike", "strong", "sub", "sup", "time",
                    "u"})
VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
                  "source", "track", "wbr"})
# the character-reference syntax html.unescape decodes (HTML5 rules, legacy names without ';')
_SPACES = re.compile(r"[ \t\n\r\f]+")
_CHARREF = re.compile(r"&(#[0-9]+;?|#[xX][0-9a-fA-F]+;?|[^\t\n\f <&#;]{1,32};?)")


def escape_html(c: str) -> str:
    """One character as HTML text content: ``&``, ``<`` and ``>`` as references, others as they are.

    >>> escape_html("&") + escape_html("’")
    '&amp;’'
    """
    return {"&": "&amp;", "<": "&lt;", ">": "&gt;"}.get(c, c)


class _Events(HTMLParser):
    """Records where each text run starts and whether it is prose; the parser never raises on
    malformed input (unclosed tags, a stray ``<``, broken references all come through as data)."""

    def __init__(self, line_starts: list[int]) -> None:
        super().__init__(convert_charrefs=True)
        self.line_starts = line_starts
        self.events: list[tuple[str, int, str, bool]] = []  # kind, offset, data, prose?
        self.stack: list[tuple[str, bool]] = []  # open elements: name, skip-flag

    def _offset(self) -> int:
        line, col = self.getpos()
        return self.line_starts[line - 1] + col

    def _skipping(self) -> bool:
        return any(flag for _, flag in self.stack)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.events.append(("inline" if tag in INLINE else "block", self._offset(), "", False))
        if tag not in VOID:
            skip = tag in SKIP or any(k == "translate" and (v or "").lower() == "no" for k, v in attrs)
            self.stack.append((tag, skip))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.events.append(("inline" if tag in INLINE else "block", self._offset(), "", False))

    def handle_endtag(self, tag: str) -> None:
        self.events.append(("inline" if tag in INLINE else "block", self._offset(), "", False))
        for k in range(len(self.stack) - 1, -1, -1):
            if self.stack[k][0] == tag:  # close it and whatever was left open inside it
                del self.stack[k:]
                break

    def handle_data(self, data: str) -> None:
        self.events.append(("data", self._offset(), data, not self._skipping()))

    def handle_comment(self, data: str) -> None:
        self.events.append(("inline", self._offset(), "", False))

    def handle_decl(self, decl: str) -> None:
        self.events.append(("block", self._offset(), "", False))

    def handle_pi(self, data: str) -> None:
        self.events.append(("block", self._offset(), "", False))

    def unknown_decl(self, data: str) -> None:
        self.events.append(("block", self._offset(), "", False))


def _line_starts(text: str) -> list[int]:
    starts = [0]
    starts.extend(m.end() for m in re.finditer("\n", text))
    return starts


def _add_literal(view: ProseView, text: str, start: int, end: int) -> None:
    """Add ``text[start:end]``, each run of HTML whitespace as one space (the way it renders): an
    engine phrase then matches across a line break and indentation, and rewriting word by word keeps
    the source's own spacing."""
    pos = start
    for m in _SPACES.finditer(text, start, end):
        view.add_source(pos, m.start())
        if not view.ends_with_space():
            view.add_decoded(" ", m.start(), m.end())
        pos = m.end()
    view.add_source(pos, end)


def _add_text(view: ProseView, text: str, start: int, end: int) -> None:
    """Add ``text[start:end]`` with its character references decoded."""
    pos = start
    for m in _CHARREF.finditer(text, start, end):
        _add_literal(view, text, pos, m.start())
        raw = m.group()
        decoded = html.unescape(raw)
        if decoded == raw:
            view.add_source(m.start(), m.end())
        else:
            # a legacy name without ';' decodes only its head ('&ampfoo' -> '&foo'): keep the tail 1:1
            k = 0
            while k < min(len(raw), len(decoded)) - 1 and raw[-1 - k] == decoded[-1 - k]:
                k += 1
            view.add_decoded(decoded[:len(decoded) - k], m.start(), m.end() - k)
            view.add_source(m.end() - k, m.end())
        pos = m.end()
    _add_literal(view, text, pos, end)


def _squeeze(s: str) -> str:
    return _SPACES.sub(" ", s).strip(" ")


def html_view(text: str) -> ProseView:
    """The prose view of an HTML document (see the module docstring)."""
    parser = _Events(_line_starts(text))
    parser.feed(text)
    parser.close()
    events = parser.events
    view = ProseView(text)
    i = 0
    while i < len(events):
        kind, start, data, prose = events[i]
        if kind == "block":
            view.add_break(start)
        if kind != "data":
            i += 1
            continue
        # merge adjacent data runs (a stray '<' arrives as its own run)
        j, parts = i, []
        while j < len(events) and events[j][0] == "data" and events[j][3] == prose:
            parts.append(events[j][2])
            j += 1
        end = events[j][1] if j < len(events) else len(text)
        if prose:
            mark = len(view)
            _add_text(view, text, start, end)
            if _squeeze(view.tail(mark)) != _squeeze("".join(parts)):  # the parser saw something else
                view.truncate(mark)
                view.add_break(start)
        i = j
    return view
