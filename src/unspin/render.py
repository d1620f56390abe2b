"""Output formats. The only place where offsets change units (code points -> lines, columns, bytes).

>>> from unspin.model import Edit
>>> e = Edit(4, 7, "Top", "Prime", rule="news:3", confidence=0.97)
>>> explain_line("Jap Top Minister", e, "in.txt")
"in.txt:1:5: 'Top' -> 'Prime' [news:3 exact 0.97]"
"""

from __future__ import annotations

import bisect
import difflib
from collections.abc import Iterable

from .model import Edit, Result


class LineIndex:
    """Code-point offset -> 1-based line and column (columns in code points)."""

    def __init__(self, text: str) -> None:
        self.starts = [0]
        for i, c in enumerate(text):
            if c == "\n":
                self.starts.append(i + 1)

    def position(self, offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(self.starts, offset) - 1
        return line + 1, offset - self.starts[line] + 1


def edit_record(e: Edit, index: LineIndex, path: str | None = None) -> dict:
    """One JSONL record: the Edit's fields plus ``line``/``column`` (1-based, code points) and path."""
    d = e.to_dict()
    d["line"], d["column"] = index.position(e.start)
    d["end_line"], d["end_column"] = index.position(e.end)
    if path is not None:
        d["path"] = path
    return d


def jsonl(text: str, result: Result, path: str | None = None) -> Iterable[str]:
    """One JSON object per edit, in text order (schema in docs/jsonl.md)."""
    import json  # only the jsonl format needs it: kept off the start-up path

    index = LineIndex(text)
    for e in result.edits:
        yield json.dumps(edit_record(e, index, path), ensure_ascii=False) + "\n"


def unified_diff(text: str, result: Result, path: str = "-") -> str:
    """A unified diff of input against output, usable with ``patch -p0``."""
    if text == result.text:
        return ""
    a = text.splitlines(keepends=True)
    b = result.text.splitlines(keepends=True)
    lines = list(difflib.unified_diff(a, b, fromfile=path, tofile=path, n=1))
    out = []
    for line in lines:
        out.append(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n")
    return "".join(out)


def explain_line(text: str, e: Edit, path: str = "-", index: LineIndex | None = None) -> str:
    """A human-readable line for one edit: ``path:line:col: 'old' -> 'new' [rule kind confidence]``."""
    line, col = (index or LineIndex(text)).position(e.start)
    return f"{path}:{line}:{col}: {e.original!r} -> {e.replacement!r} [{e.rule} {e.kind} {e.confidence:.2f}]"


def explain(text: str, result: Result, path: str = "-") -> str:
    """Every edit on its own line, with its reason indented below, and a summary."""
    index = LineIndex(text)
    out = []
    for e in result.edits:
        out.append(explain_line(text, e, path, index))
        if e.reason:
            out.append(f"    {e.reason}")
        if e.alternatives:
            out.append(f"    alternatives: {', '.join(e.alternatives)}")
    out.append(f"{path}: {len(result.edits)} edits, {result.words} words, spin {result.spin_score:g}/1000 words")
    return "\n".join(out) + "\n"
