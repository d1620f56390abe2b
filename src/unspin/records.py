"""Records: repair one field of JSON lines or one column of CSV, leaving everything else as it was.

JSON lines are never re-serialized: the repaired value is spliced into the original line in place of
the old value, so other fields, their order, spacing and escapes stay byte for byte (a record with
nothing to repair is written back unchanged). ``add_edits`` adds ``unspin_edits`` (the edits, offsets
into the field's value) and ``unspin_spin_score`` (replacing them if a record already has them).
CSV keeps the sniffed dialect; rows with nothing to repair are written back as read, and repaired
rows are re-written with the same dialect and line ending.

>>> from unspin import Unspinner
>>> list(fix_jsonl(Unspinner(), ['{"id": 7,  "text": "clean"}\\n']))
['{"id": 7,  "text": "clean"}\\n']
"""

from __future__ import annotations

import csv
import io
import itertools
import json
import re
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .model import Edit

if TYPE_CHECKING:
    import argparse

    from .api import Unspinner

EDITS_FIELD, SPIN_FIELD = "unspin_edits", "unspin_spin_score"
_WS = re.compile(r"[ \t\n\r]*")
_DECODER = json.JSONDecoder()


class RecordError(ValueError):
    """A record that is not what the options say (not a JSON object, a field that is not a string)."""


# -- repairing texts (runs in the workers) ---------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Outcome:
    """One repaired value: the text, the edits (offsets into the value), spin score, or an error."""

    text: str
    edits: tuple[Edit, ...] = ()
    spin_score: float = 0.0
    error: str = ""


def explain_texts(unspinner: Unspinner, texts: list[str]) -> list[Outcome]:
    """Repair each text, isolating errors: a text whose repair raises comes back unchanged.

    >>> from unspin import Unspinner
    >>> [o.text for o in explain_texts(Unspinner(), ["a clean text"])]
    ['a clean text']
    """
    out = []
    for t in texts:
        try:
            r = unspinner.explain(t)
            out.append(Outcome(r.text, r.edits, r.spin_score))
        except Exception as exc:  # one bad record must not end the run
            out.append(Outcome(t, error=f"{type(exc).__name__}: {exc}"))
    return out


# -- JSON lines ------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class JsonSpans:
    """Where things are in one JSON object line: value spans of the wanted keys, the closing brace."""

    values: dict[str, tuple[int, int]]
    close: int
    empty: bool


def scan_object(line: str, keys: Iterable[str]) -> JsonSpans:
    """Find the value spans of top-level ``keys`` in a one-object JSON line (the last one wins for a
    duplicated key, as in ``json.loads``). Raises :class:`RecordError` for anything else.

    >>> s = scan_object('{"a": [1, 2], "text": "x\\\\ny"}', ["text"])
    >>> s.values["text"], s.close
    ((22, 28), 28)
    """
    wanted = set(keys)
    values: dict[str, tuple[int, int]] = {}
    try:
        i = _WS.match(line).end()
        if line[i:i + 1] != "{":
            raise RecordError("not a JSON object")
        i = _WS.match(line, i + 1).end()
        empty = line[i:i + 1] == "}"
        while not empty:
            if line[i:i + 1] != '"':
                raise RecordError(f"expected a key at column {i + 1}")
            key, i = json.decoder.scanstring(line, i + 1)  # type: ignore[attr-defined]
            i = _WS.match(line, i).end()
            if line[i:i + 1] != ":":
                raise RecordError(f"expected ':' at column {i + 1}")
            i = _WS.match(line, i + 1).end()
            _, end = _DECODER.raw_decode(line, i)
            if key in wanted:
                values[key] = (i, end)
            i = _WS.match(line, end).end()
            if line[i:i + 1] == ",":
                i = _WS.match(line, i + 1).end()
                continue
            if line[i:i + 1] != "}":
                raise RecordError(f"expected ',' or '}}' at column {i + 1}")
            break
        close = i
        if line[close + 1:].strip():
            raise RecordError(f"extra data after the object at column {close + 2}")
    except json.JSONDecodeError as exc:
        raise RecordError(f"invalid JSON: {exc.msg} at column {exc.pos + 1}") from None
    return JsonSpans(values, close, empty)


def _dumps_like(value: object, raw_sample: str) -> str:
    """JSON for a new value in the style of the line: ASCII escapes if the line escapes non-ASCII."""
    ascii_only = "\\u" in raw_sample and raw_sample.isascii()
    sep = (", ", ": ") if ", " in raw_sample or ": " in raw_sample else (",", ":")
    return json.dumps(value, ensure_ascii=ascii_only, separators=sep)


def splice_jsonl(line: str, spans: JsonSpans, field: str, outcome: Outcome | None,
                 add_edits: bool = False) -> str:
    """The line with the field's value replaced (only if it changed) and, with ``add_edits``, the
    edits and spin score set. ``line`` has no line ending.

    >>> from unspin.model import Edit
    >>> line = '{"text":"a Top Minister","n":1}'
    >>> o = Outcome("a Prime Minister", (Edit(2, 5, "Top", "Prime"),), 12.5)
    >>> splice_jsonl(line, scan_object(line, ["text"]), "text", o)
    '{"text":"a Prime Minister","n":1}'
    """
    changes: list[tuple[int, int, str]] = []  # (start, end, new text), applied right to left
    if outcome is not None and field in spans.values:
        start, end = spans.values[field]
        if outcome.text != json.loads(line[start:end]):
            changes.append((start, end, _dumps_like(outcome.text, line)))
    if add_edits:
        edits = [e.to_dict() for e in outcome.edits] if outcome is not None else []
        spin = outcome.spin_score if outcome is not None else 0.0
        sep_item, sep_key = (", ", ": ") if (", " in line or ": " in line) else (",", ":")
        appended = []
        for key, value in ((EDITS_FIELD, edits), (SPIN_FIELD, spin)):
            raw = _dumps_like(value, line)
            if key in spans.values:
                changes.append((*spans.values[key], raw))
            else:
                appended.append(f"{json.dumps(key)}{sep_key}{raw}")
        if appended:
            lead = "" if spans.empty else sep_item
            changes.append((spans.close, spans.close, lead + sep_item.join(appended)))
    for start, end, new in sorted(changes, reverse=True):
        line = line[:start] + new + line[end:]
    return line


@dataclass(slots=True)
class _Prepared:
    raw: str  # the record as read, line ending included
    body: str  # without the line ending
    spans: JsonSpans | None
    text: str | None  # the value to repair
    error: str = ""


def _prepare_jsonl(line: str, field: str, number: int) -> _Prepared:
    body = line.rstrip("\r\n")
    if not body.strip():
        return _Prepared(line, body, None, None)
    try:
        spans = scan_object(body, [field, EDITS_FIELD, SPIN_FIELD])
    except RecordError as exc:
        return _Prepared(line, body, None, None, f"line {number}: {exc}")
    if field not in spans.values:
        return _Prepared(line, body, spans, None)
    value = json.loads(body[slice(*spans.values[field])])
    if value is None:
        return _Prepared(line, body, spans, None)
    if not isinstance(value, str):
        return _Prepared(line, body, spans, None, f"line {number}: field {field!r} is not a string")
    return _Prepared(line, body, spans, value)


def _groups(items: Iterable[_Prepared], max_chars: int) -> Iterator[list[_Prepared]]:
    group: list[_Prepared] = []
    size = 0
    for p in items:
        group.append(p)
        size += len(p.raw)
        if size >= max_chars or len(group) >= 2000:
            yield group
            group, size = [], 0
    if group:
        yield group


def _run_groups(unspinner: Unspinner, groups: Iterable[list[_Prepared]], jobs: int
                ) -> Iterator[tuple[_Prepared, Outcome | None]]:
    """Send each group's texts to the pool (in order) and pair the outcomes with their records."""
    from .batch import ordered_map

    pending: deque[list[_Prepared]] = deque()

    def texts() -> Iterator[list[str]]:
        for g in groups:
            pending.append(g)
            yield [p.text for p in g if p.text is not None]

    for outcomes in ordered_map(explain_texts, texts(), unspinner, jobs):
        it = iter(outcomes)
        for p in pending.popleft():
            yield p, (next(it) if p.text is not None else None)


def fix_jsonl(unspinner: Unspinner, lines: Iterable[str], field: str = "text", *, add_edits: bool = False,
              jobs: int = 1, errors: list[str] | None = None, max_chars: int = 1 << 20) -> Iterator[str]:
    """Repair ``field`` in each JSON line; yields the output lines in order.

    Records without the field (or with ``null``) and blank lines pass through. A line that is not a
    JSON object, or whose field is not a string, passes through unchanged and its problem is appended
    to ``errors`` (``"line N: ..."``) when a list is given.

    >>> from unspin import Unspinner
    >>> errs = []
    >>> list(fix_jsonl(Unspinner(), ['not json\\n', '{}\\n'], errors=errs, add_edits=True)), errs
    (['not json\\n', '{"unspin_edits":[],"unspin_spin_score":0.0}\\n'], ['line 1: not a JSON object'])
    """
    prepared = (_prepare_jsonl(line, field, n) for n, line in enumerate(lines, 1))
    for p, outcome in _run_groups(unspinner, _groups(prepared, max_chars), jobs):
        if p.error or p.spans is None:
            if p.error and errors is not None:
                errors.append(p.error)
            yield p.raw
            continue
        if outcome is not None and outcome.error and errors is not None:
            errors.append(f"record {p.body[:40]!r}: {outcome.error}")
        new = splice_jsonl(p.body, p.spans, field, outcome, add_edits)
        yield p.raw if new == p.body else new + p.raw[len(p.body):]


# -- CSV -------------------------------------------------------------------------------------------
def sniff_dialect(sample: str) -> type[csv.Dialect] | csv.Dialect:
    """The dialect of a CSV sample (comma, semicolon, tab or pipe), else Excel's.

    >>> sniff_dialect("a;b\\n1;2\\n").delimiter
    ';'
    """
    try:
        return csv.Sniffer().sniff(sample, delimiters=",;\t|")
    except csv.Error:
        return csv.excel


def choose_dialect(head: list[str], column: str) -> type[csv.Dialect] | csv.Dialect:
    """The sniffed dialect, unless its header row lacks ``column`` and another delimiter's has it
    (the sniffer guesses wrong on small samples).

    >>> choose_dialect(["id;text\\n", '1;"a; b"\\n'], "text").delimiter
    ';'
    """
    sniffed = sniff_dialect("".join(head)[:65536])
    for d in (sniffed.delimiter, ",", ";", "\t", "|"):
        attrs = {k: getattr(sniffed, k) for k in ("quotechar", "doublequote", "skipinitialspace",
                                                  "lineterminator", "quoting", "escapechar")}
        # the sniffer says "no doubled quotes" when the sample has none; "" is the CSV norm
        attrs["doublequote"] = attrs["doublequote"] or attrs["escapechar"] is None
        dialect = type("Sniffed", (csv.Dialect,), {**attrs, "delimiter": d})
        if column in next(csv.reader(iter(head), dialect), []):
            return dialect
    return sniffed


def _ending(raw: str) -> str:
    return "\r\n" if raw.endswith("\r\n") else raw[-1] if raw[-1:] in "\r\n" and raw else ""


class _RowReader:
    """csv.reader over lines that also tells which raw text each row came from."""

    def __init__(self, lines: Iterable[str], dialect: type[csv.Dialect] | csv.Dialect) -> None:
        self.consumed: list[str] = []
        self.reader = csv.reader(self._feed(lines), dialect)

    def _feed(self, lines: Iterable[str]) -> Iterator[str]:
        for line in lines:
            self.consumed.append(line)
            yield line

    def __iter__(self) -> Iterator[tuple[list[str], str]]:
        for row in self.reader:
            raw = "".join(self.consumed)
            self.consumed.clear()
            yield row, raw


def _format_row(fields: list[str], dialect: type[csv.Dialect] | csv.Dialect, ending: str) -> str:
    buf = io.StringIO()
    csv.writer(buf, dialect, lineterminator=ending or "\n").writerow(fields)
    out = buf.getvalue()
    return out if ending else out[:-1]


def fix_csv(unspinner: Unspinner, lines: Iterable[str], column: str, *, add_edits: bool = False,
            jobs: int = 1, errors: list[str] | None = None, max_chars: int = 1 << 20) -> Iterator[str]:
    """Repair one column of a CSV read as lines (open it with ``newline=""``); yields output text.

    The first row is the header; ``column`` names the column. Raises :class:`RecordError` when the
    header has no such column.

    >>> from unspin import Unspinner
    >>> "".join(fix_csv(Unspinner(), ["id;text\\r\\n", '1;"clean; quoted"\\r\\n'], "text"))
    'id;text\\r\\n1;"clean; quoted"\\r\\n'
    """
    it = iter(lines)
    head = list(itertools.islice(it, 50))
    dialect = choose_dialect(head, column)
    rows = iter(_RowReader(itertools.chain(head, it), dialect))
    try:
        header, raw = next(rows)
    except StopIteration:
        return
    if column not in header:
        raise RecordError(f"no column {column!r} in the header (have: {', '.join(header)})")
    col = header.index(column)
    extra = [EDITS_FIELD, SPIN_FIELD] if add_edits else []
    yield raw if not extra else raw[:len(raw) - len(_ending(raw))] + dialect.delimiter + _format_row(
        extra, dialect, _ending(raw))

    def prepared() -> Iterator[_Prepared]:
        for n, (row, raw) in enumerate(rows, 2):
            p = _Prepared(raw, raw, None, row[col] if col < len(row) else None)
            p.spans = row  # type: ignore[assignment]  # the parsed fields ride along
            if col >= len(row) and errors is not None:
                errors.append(f"row {n}: no {column!r} field")
            yield p

    for p, outcome in _run_groups(unspinner, _groups(prepared(), max_chars), jobs):
        row: list[str] = p.spans  # type: ignore[assignment]
        ending = _ending(p.raw)
        if outcome is not None and outcome.error and errors is not None:
            errors.append(f"record {p.raw[:40]!r}: {outcome.error}")
        changed = outcome is not None and outcome.text != row[col]
        if not changed and not extra:
            yield p.raw
            continue
        if changed:
            row = row[:col] + [outcome.text] + row[col + 1:]  # type: ignore[union-attr]
            base = _format_row(row, dialect, ending)
        else:
            base = p.raw
        if extra:
            edits = [e.to_dict() for e in outcome.edits] if outcome is not None else []
            spin = outcome.spin_score if outcome is not None else 0.0
            new = _format_row([json.dumps(edits, ensure_ascii=False), repr(spin)], dialect, ending)
            base = base[:len(base) - len(ending)] + dialect.delimiter + new
        yield base


# -- command line ------------------------------------------------------------------------------------
def run_cli(args: argparse.Namespace, unspinner: Unspinner, files: list[str]) -> int:
    """``unspin --jsonl-field NAME`` / ``--csv-column NAME``: returns 0, or 3 if a record or input
    could not be processed (reported on stderr; the records pass through unchanged)."""
    import contextlib
    import sys

    from .stream import check_jobs
    from .textio import InputError, atomic_output, encode

    jobs = check_jobs(args)
    status = 0
    sink_cm = atomic_output(args.output) if args.output else contextlib.nullcontext(sys.stdout.buffer)
    with sink_cm as sink:
        for f in files:
            name = "<stdin>" if f == "-" else f
            problems: list[str] = []
            try:
                fh = sys.stdin.buffer if f == "-" else open(f, "rb")  # noqa: SIM115
            except OSError as exc:
                print(f"unspin: {name}: {exc.strerror or exc}", file=sys.stderr)
                status = 3
                continue
            text = io.TextIOWrapper(fh, encoding="utf-8", errors=args.errors, newline="")
            try:
                if args.jsonl_field:
                    out = fix_jsonl(unspinner, text, args.jsonl_field, add_edits=args.add_edits, jobs=jobs,
                                    errors=problems)
                else:
                    out = fix_csv(unspinner, text, args.csv_column, add_edits=args.add_edits, jobs=jobs,
                                  errors=problems)
                for chunk in _batched_text(out):
                    sink.write(encode(chunk, args.errors))
            except (RecordError, UnicodeDecodeError, csv.Error, InputError) as exc:
                problems.append(str(exc))
            finally:
                if f != "-":
                    text.close()
                else:
                    text.detach()
            for problem in problems:
                print(f"unspin: {name}: {problem}", file=sys.stderr)
            if problems:
                status = 3
    return status


def _batched_text(parts: Iterable[str], size: int = 1 << 16) -> Iterator[str]:
    buf: list[str] = []
    n = 0
    for p in parts:
        buf.append(p)
        n += len(p)
        if n >= size:
            yield "".join(buf)
            buf, n = [], 0
    if buf:
        yield "".join(buf)


__all__ = ["EDITS_FIELD", "SPIN_FIELD", "Outcome", "RecordError", "explain_texts", "fix_csv", "fix_jsonl",
           "scan_object", "sniff_dialect", "splice_jsonl"]
