"""``unspin review FILE``: walk the proposed edits one by one in the terminal, like ``git add -p``.

For each edit the reviewer sees its context and the change, and answers: ``y`` accept, ``n`` reject,
``a`` accept this and every later edit of the same rule, ``d`` reject them, ``1``..``9`` accept with
that alternative instead, ``q`` quit (the rest are rejected), ``?`` help. The dialogue goes to stderr;
the result goes to stdout or ``-o OUT``, and ``--accepted EDITS.jsonl`` keeps the accepted edits in
the format ``unspin apply`` reads.

>>> from unspin.model import Edit
>>> edits = [Edit(0, 3, "Jap", "Japanese", rule="n:1"), Edit(4, 7, "Top", "Prime", rule="n:2")]
>>> answers = iter(["n", "y"])
>>> [e.replacement for e in review_edits("Jap Top", edits, lambda prompt: next(answers), lambda s: None)]
['Prime']
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
from collections.abc import Callable, Sequence

from ..edits import apply_edits
from ..lexicon import LexiconError
from ..model import Edit
from ..options import add_engine_options, unspinner_from_args
from ..textio import ERROR_POLICIES, InputError, encode, read_input, write_atomic
from .editlist import to_jsonl
from .worddiff import COLOR_MODES, mark, use_color

HELP = """\
y - accept this edit
n - reject this edit
a - accept this edit and all later edits of the same rule
d - reject this edit and all later edits of the same rule
1-9 - accept this edit with the numbered alternative instead
q - quit; reject this edit and all the remaining ones
? - print help"""
CONTEXT = 70  # characters shown on each side of an edit, at most (never past the line)


def context_line(text: str, e: Edit, color: bool = False, width: int = CONTEXT) -> str:
    """The edit marked inside its line, cut to ``width`` characters either side.

    >>> context_line("Jap Top Minister", Edit(4, 7, "Top", "Prime"))
    'Jap [-Top-]{+Prime+} Minister'
    """
    line_start = text.rfind("\n", 0, e.start) + 1
    line_end = text.find("\n", e.end)
    line_end = len(text) if line_end < 0 else line_end
    left_at, right_at = max(line_start, e.start - width), min(line_end, e.end + width)
    left = ("…" if left_at > line_start else "") + text[left_at:e.start]
    right = text[e.end:right_at] + ("…" if right_at < line_end else "")
    return f"{left}{mark(e, color)}{right}"


def _prompt_keys(e: Edit) -> str:
    alts = f",1-{len(e.alternatives)}" if len(e.alternatives) > 1 else (",1" if e.alternatives else "")
    return f"y,n,a,d{alts},q,?"


def review_edits(text: str, edits: Sequence[Edit], ask: Callable[[str], str | None],
                 show: Callable[[str], None], color: bool = False) -> list[Edit]:
    """Ask about each edit in text order and return the accepted ones (an accepted alternative
    becomes the replacement). ``ask(prompt)`` returns the answer, or None at end of input (= quit)."""
    ordered = sorted(edits, key=lambda e: (e.start, e.end))
    by_rule: dict[str, bool] = {}
    accepted: list[Edit] = []
    n = len(ordered)
    for i, e in enumerate(ordered, 1):
        if e.rule in by_rule:
            if by_rule[e.rule]:
                accepted.append(e)
            continue
        show(f"\n({i}/{n}) {e.rule or '(no rule)'} {e.kind} {e.confidence:.2f}"
             + (f": {e.reason}" if e.reason else ""))
        for k, alt in enumerate(e.alternatives[:9], 1):
            show(f"    {k}: {alt}")
        show(context_line(text, e, color))
        while True:
            answer = ask(f"Accept this edit [{_prompt_keys(e)}]? ")
            if answer is None or answer.strip().lower() == "q":
                return accepted
            a = answer.strip().lower()
            if a in ("y", "a"):
                accepted.append(e)
            elif a.isdigit() and 1 <= int(a) <= min(9, len(e.alternatives)):
                alt = e.alternatives[int(a) - 1]
                others = tuple(x for x in (e.replacement, *e.alternatives) if x != alt)
                accepted.append(dataclasses.replace(e, replacement=alt, alternatives=others))
            elif a not in ("n", "d"):
                show(HELP)
                continue
            if a in ("a", "d"):
                by_rule[e.rule] = a == "a"
            break
    return accepted


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="unspin review",
        description="Review the proposed edits of FILE one by one (y/n/a/d/q/?), then write the result.",
        epilog="The dialogue is on stderr; answers are read from stdin, one per line.")
    p.add_argument("file", metavar="FILE")
    p.add_argument("-o", "--output", metavar="OUT", help="write the result here (atomically) instead of stdout")
    p.add_argument("--accepted", metavar="EDITS.jsonl", help="also write the accepted edits as JSONL")
    p.add_argument("--color", choices=COLOR_MODES, default="auto", help="colour the changes (default: auto)")
    p.add_argument("--errors", choices=ERROR_POLICIES, default="strict",
                   help="invalid UTF-8: strict (refuse), replace (U+FFFD), surrogateescape (keep the bytes)")
    add_engine_options(p)
    return p


def _ask(prompt: str) -> str | None:
    sys.stderr.write(prompt)
    sys.stderr.flush()
    line = sys.stdin.readline()
    return line if line else None


def _show(s: str) -> None:
    print(s, file=sys.stderr)


def run_review(argv: list[str]) -> int:
    """Entry point of ``unspin review``; returns the exit code."""
    try:
        args = _parser().parse_args(argv)
    except SystemExit as exc:
        return int(exc.code) if isinstance(exc.code, int) else 2
    if args.file == "-":
        _show("unspin review: FILE must be a file: stdin carries the answers")
        return 2
    try:
        text = read_input(args.file, args.errors)
        result = unspinner_from_args(args).explain(text)
    except InputError as exc:
        _show(f"unspin review: {exc}")
        return 3
    except (LexiconError, ValueError) as exc:
        _show(f"unspin review: {exc}")
        return 2
    color = use_color(args.color, sys.stderr)
    accepted = review_edits(text, result.edits, _ask, _show, color)
    _show(f"\n{args.file}: accepted {len(accepted)} of {len(result.edits)} edits")
    data = encode(apply_edits(text, accepted), args.errors)
    if args.accepted:
        write_atomic(args.accepted, to_jsonl(text, accepted, args.file).encode("utf-8", "surrogateescape"))
    if args.output:
        write_atomic(args.output, data)
    else:
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    return 0
