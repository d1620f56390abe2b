"""Structured documents: HTML and Markdown in, the same markup out.

The engine runs on the document's prose view (:mod:`.segments`); its edits are mapped back to
offsets in the original document, so the output is the input byte for byte outside the repaired
prose, and every output format (diff, jsonl) works unchanged. Rules: docs/markup.md.

>>> from unspin import Unspinner
>>> u = Unspinner(lexicons=[])
>>> explain_document(u, "<p>plain</p>", "html").text
'<p>plain</p>'
"""

from __future__ import annotations

from pathlib import PurePath
from typing import Literal

from ..api import Unspinner
from ..edits import apply_edits
from ..model import Result
from .segments import ProseView, map_edits

# html_doc and markdown_doc (markdown-it-py: ~0.1 s to import) load when a document needs them, so
# that a plain-text run, which asks detect_format, does not pay for them at start-up

InputFormat = Literal["text", "html", "markdown"]
INPUT_FORMATS: tuple[str, ...] = ("auto", "text", "html", "markdown")
EXTENSIONS: dict[str, InputFormat] = {".html": "html", ".htm": "html", ".xhtml": "html",
                                      ".md": "markdown", ".markdown": "markdown"}


def detect_format(path: str | None, requested: str = "auto") -> InputFormat:
    """The input format: ``requested`` unless it is ``auto``, else by file extension (stdin: text).

    >>> detect_format("page.HTM"), detect_format("README.md"), detect_format(None)
    ('html', 'markdown', 'text')
    """
    if requested != "auto":
        if requested not in INPUT_FORMATS:
            raise ValueError(f"unknown input format {requested!r}")
        return requested  # type: ignore[return-value]
    if not path or path == "-":
        return "text"
    return EXTENSIONS.get(PurePath(path).suffix.lower(), "text")


def prose_view(text: str, input_format: InputFormat) -> ProseView:
    """The prose view of a document (plain text is its own view)."""
    if input_format == "html":
        from .html_doc import html_view

        return html_view(text)
    if input_format == "markdown":
        from .markdown_doc import markdown_view

        return markdown_view(text)
    view = ProseView(text)
    view.add_source(0, len(text))
    return view


def explain_document(unspinner: Unspinner, text: str, input_format: str = "text") -> Result:
    r"""Like ``unspinner.explain(text)`` for an HTML or Markdown document: edits carry offsets into
    ``text`` and only prose is touched. Edits the markup does not allow to apply are reported in
    ``Result.rejected`` with the reason.

    >>> from unspin.lexicon import parse_lexicon
    >>> lex = parse_lexicon("# unspin-lexicon 1\n# name: demo\n# version: 1\nspun\tcanonical\tprior\n"
    ...                     "top minister\tprime minister\tsure\n")
    >>> u = Unspinner(lexicons=[lex])
    >>> explain_document(u, "<p>Jap <b>Top</b> Minister</p><pre>Top Minister</pre>", "html").text
    '<p>Jap <b>Prime</b> Minister</p><pre>Top Minister</pre>'
    """
    fmt = detect_format(None, input_format)
    if fmt == "text":
        return unspinner.explain(text)
    view = prose_view(text, fmt)
    result = unspinner.explain(view.text)
    if fmt == "html":
        from .html_doc import escape_html as escape
    else:
        from .markdown_doc import escape_markdown as escape
    edits, refused = map_edits(view, result.edits, escape)
    below, unmappable = map_edits(view, result.rejected, escape)
    rejected = [*refused, *below, *unmappable]
    rejected.sort(key=lambda e: (e.start, e.end))
    return Result(apply_edits(text, edits), tuple(edits), result.spin_score, result.words, tuple(rejected))


__all__ = ["INPUT_FORMATS", "detect_format", "explain_document", "prose_view"]
