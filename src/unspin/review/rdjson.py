"""``--format rdjson`` and ``rdjsonl``: reviewdog's Diagnostic Format.

rdjson is one ``DiagnosticResult`` object per input; rdjsonl is one ``Diagnostic`` per line (use it
for several inputs, since JSON objects cannot simply be concatenated). Positions follow the format's
``Position`` message: 1-based lines, 1-based columns counted in UTF-8 bytes, end exclusive; an
insertion is a range with ``start == end``.

>>> from unspin.model import Edit, Result
>>> d = diagnostic("é Top", Edit(2, 5, "Top", "Prime", rule="news:3", confidence=0.97), "a.txt", ByteColumns("é Top"))
>>> d["location"]["range"], d["suggestions"][0]["text"]
({'start': {'line': 1, 'column': 4}, 'end': {'line': 1, 'column': 7}}, 'Prime')
"""

from __future__ import annotations

import json

from ..model import Edit, Result
from ..render import LineIndex

SOURCE = {"name": "unspin"}
WARNING_AT = 0.9  # confidence from which an edit is reported as WARNING rather than INFO


def utf8_len(s: str) -> int:
    """Bytes of ``s`` in UTF-8; surrogate escapes (undecodable input bytes) count as the byte they stand for.

    >>> utf8_len("a𐐀b"), utf8_len("x\\udcff")
    (6, 2)
    """
    try:
        return len(s.encode("utf-8", "surrogateescape"))
    except UnicodeEncodeError:  # a lone surrogate that is not an escape: written as 3 bytes
        return len(s.encode("utf-8", "surrogatepass"))


class ByteColumns:
    """Code-point offset -> (1-based line, 1-based UTF-8 byte column)."""

    def __init__(self, text: str) -> None:
        self.text, self.lines = text, LineIndex(text)

    def position(self, offset: int) -> dict[str, int]:
        line, col = self.lines.position(offset)
        start = offset - (col - 1)
        return {"line": line, "column": utf8_len(self.text[start:offset]) + 1}


def message(e: Edit) -> str:
    """The human-readable message shared by the review formats."""
    parts = [f"{e.original!r} -> {e.replacement!r}"]
    if e.reason:
        parts.append(f": {e.reason}")
    parts.append(f" (confidence {e.confidence:.2f}, {e.kind})")
    if e.alternatives:
        parts.append(f"; alternatives: {', '.join(e.alternatives)}")
    return "".join(parts)


def diagnostic(text: str, e: Edit, path: str, cols: ByteColumns) -> dict:
    """One ``Diagnostic`` for one edit, with the replacement as its suggestion."""
    rng = {"start": cols.position(e.start), "end": cols.position(e.end)}
    return {
        "message": message(e),
        "location": {"path": path, "range": rng},
        "severity": "WARNING" if e.confidence >= WARNING_AT else "INFO",
        "source": SOURCE,
        "code": {"value": e.rule},
        "suggestions": [{"range": rng, "text": e.replacement}],
    }


def diagnostics(text: str, result: Result, path: str | None) -> list[dict]:
    """Every edit of ``result`` as a Diagnostic; stdin is reported as path ``-``."""
    cols = ByteColumns(text)
    return [diagnostic(text, e, path or "-", cols) for e in result.edits]


def format_rdjson(text: str, result: Result, path: str | None) -> str:
    """The ``rdjson`` entry of the CLI's format registry: one DiagnosticResult."""
    doc = {"source": SOURCE, "diagnostics": diagnostics(text, result, path)}
    return json.dumps(doc, ensure_ascii=False, indent=1) + "\n"


def format_rdjsonl(text: str, result: Result, path: str | None) -> str:
    """The ``rdjsonl`` entry of the CLI's format registry: one Diagnostic per line."""
    return "".join(json.dumps(d, ensure_ascii=False) + "\n" for d in diagnostics(text, result, path))
