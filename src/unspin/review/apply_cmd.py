"""``unspin apply EDITS.jsonl [FILE] [-o OUT]``: apply a reviewed JSONL edit list to its input.

The list is what ``unspin --format jsonl`` writes, possibly filtered (by jq, by ``unspin review``, by
the HTML review page or by hand). Every edit must still match the input at its offsets: a stale,
out-of-range or overlapping edit is refused as ``EDITS.jsonl:LINE: problem`` and nothing is written
(exit 2). Without FILE the input is the ``path`` recorded in the edits (it must be a single one).

>>> run_apply(["/nonexistent.jsonl"])  # the edit list cannot be read: exit 3
3
"""

from __future__ import annotations

import argparse
import sys

from ..edits import apply_edits
from ..textio import ERROR_POLICIES, InputError, encode, read_input, write_atomic
from .editlist import EditListError, problems, read_edit_list

OK, USAGE, INPUT = 0, 2, 3


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="unspin apply",
        description="Apply a JSONL edit list (from 'unspin --format jsonl', filtered or reviewed) to its input.",
        epilog="Stale, overlapping or malformed edits are reported as EDITS:LINE: problem and nothing is "
               "written (exit 2). Exit 3: an input could not be read.")
    p.add_argument("edits", metavar="EDITS.jsonl", help="the edit list ('-': stdin)")
    p.add_argument("file", nargs="?", metavar="FILE",
                   help="the input the edits were made for (default: the 'path' in the edits; '-': stdin)")
    p.add_argument("-o", "--output", metavar="OUT", help="write here (atomically) instead of stdout")
    p.add_argument("--errors", choices=ERROR_POLICIES, default="strict",
                   help="invalid UTF-8 in FILE: strict (refuse), replace, surrogateescape (keep the bytes)")
    return p


def _say(msg: str) -> None:
    print(f"unspin apply: {msg}", file=sys.stderr)


def run_apply(argv: list[str]) -> int:
    """Entry point of ``unspin apply``; returns the exit code."""
    try:
        args = _parser().parse_args(argv)
    except SystemExit as exc:
        return int(exc.code) if isinstance(exc.code, int) else USAGE
    name = "<stdin>" if args.edits == "-" else args.edits
    try:
        stream = sys.stdin if args.edits == "-" else open(args.edits, encoding="utf-8")  # noqa: SIM115
    except OSError as exc:
        _say(f"{name}: {exc.strerror or exc}")
        return INPUT if args.edits != "-" else USAGE
    try:
        with stream:
            records = read_edit_list(stream, name)
    except EditListError as exc:
        _say(str(exc))
        return USAGE
    except UnicodeDecodeError as exc:
        _say(f"{name}: not UTF-8 ({exc.reason} at byte {exc.start})")
        return USAGE

    source = args.file
    if source is None:
        paths = {r.path for r in records}
        if len(paths) > 1:
            _say(f"{name}: edits for several files ({', '.join(sorted(p or '-' for p in paths))}); give FILE")
            return USAGE
        source = paths.pop() if paths else None
        if source is None:
            _say(f"{name}: the edits record no path; give FILE")
            return USAGE
    if source == "-" and args.edits == "-":
        _say("the edits and the input cannot both come from stdin")
        return USAGE
    try:
        text = read_input(source, args.errors)
    except InputError as exc:
        _say(str(exc))
        return INPUT

    found = problems(text, records, name)
    for p in found:
        _say(str(p))
    if found:
        _say(f"{len(found)} of {len(records)} edits refused; nothing written")
        return USAGE
    data = encode(apply_edits(text, [r.edit for r in records]), args.errors)
    if args.output:
        write_atomic(args.output, data)
    else:
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    return OK
