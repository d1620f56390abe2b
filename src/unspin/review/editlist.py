"""Reading and writing JSONL edit lists (the schema of docs/jsonl.md), keeping each record's line.

>>> from io import StringIO
>>> recs = read_edit_list(StringIO('{"start": 4, "end": 7, "original": "Top", "replacement": "Prime"}\\n'), "e.jsonl")
>>> recs[0].line, recs[0].edit.replacement
(1, 'Prime')
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TextIO

from ..edits import EditConflict, check_edits
from ..model import Edit
from ..render import LineIndex, edit_record

REQUIRED = {"start": int, "end": int, "original": str, "replacement": str}


class EditListError(ValueError):
    """A problem with one record of an edit list, located at ``file:line``."""

    def __init__(self, name: str, line: int, problem: str) -> None:
        super().__init__(f"{name}:{line}: {problem}")
        self.name, self.line, self.problem = name, line, problem


@dataclass(frozen=True, slots=True)
class Record:
    """One edit read from a JSONL file, with the line it came from and its optional ``path``."""

    edit: Edit
    line: int
    path: str | None = None


def read_edit_list(stream: TextIO, name: str) -> list[Record]:
    """Parse a JSONL edit list; blank lines are skipped. Raises :class:`EditListError` on the first
    malformed record (bad JSON, missing or mistyped ``start``/``end``/``original``/``replacement``)."""
    out = []
    for lineno, raw in enumerate(stream, 1):
        if not raw.strip():
            continue
        try:
            d = json.loads(raw)
        except json.JSONDecodeError as exc:
            raise EditListError(name, lineno, f"invalid JSON: {exc.msg} (column {exc.colno})") from None
        if not isinstance(d, dict):
            raise EditListError(name, lineno, "expected a JSON object per line")
        for key, typ in REQUIRED.items():
            # bool is an int subclass in Python; true/false are not offsets
            if key not in d or not isinstance(d[key], typ) or isinstance(d[key], bool):
                raise EditListError(name, lineno, f"field {key!r} missing or not a {typ.__name__}")
        try:
            edit = Edit.from_dict(d)
        except TypeError as exc:
            raise EditListError(name, lineno, f"bad field: {exc}") from None
        path = d.get("path")
        out.append(Record(edit, lineno, path if isinstance(path, str) else None))
    return out


def problems(text: str, records: Iterable[Record], name: str) -> list[EditListError]:
    """Every stale, out-of-range or overlapping record, each located at its line in the edit list.

    >>> from unspin.model import Edit
    >>> recs = [Record(Edit(4, 7, "Top", "Prime"), 1), Record(Edit(4, 7, "Jap", "x"), 2)]
    >>> [str(p) for p in problems("Jap Top Minister", recs, "e.jsonl")]
    ["e.jsonl:2: stale edit at 4-7: expected 'Jap', found 'Top'"]
    """
    found: list[EditListError] = []
    good: list[Record] = []
    for r in records:
        try:
            check_edits(text, [r.edit])  # one at a time, so the message names this record's line
        except EditConflict as exc:
            found.append(EditListError(name, r.line, str(exc)))
        else:
            good.append(r)
    good.sort(key=lambda r: (r.edit.start, r.edit.end))
    reach: Record | None = None  # the record reaching furthest so far: any overlap involves it
    for cur in good:
        if reach is not None:
            try:
                check_edits(text, [reach.edit, cur.edit])
            except EditConflict as exc:
                found.append(EditListError(name, cur.line, f"{exc} (the other edit is on line {reach.line})"))
        if reach is None or cur.edit.end >= reach.edit.end:
            reach = cur
    return sorted(found, key=lambda p: p.line)


def to_jsonl(text: str, edits: Iterable[Edit], path: str | None = None) -> str:
    """Edits as JSONL, exactly as ``unspin --format jsonl`` writes them (so ``unspin apply`` reads them)."""
    index = LineIndex(text)
    return "".join(json.dumps(edit_record(e, index, path), ensure_ascii=False) + "\n" for e in edits)
