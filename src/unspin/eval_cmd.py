"""``unspin eval``: score a restoration with the project's quality metric (see docs/quality.md).

Modes::

    unspin eval SPUN SITES [--output OUT]      gold sites (spun<TAB>accepted|accepted<TAB>req|opt)
    unspin eval --pair SPUN ORIGINAL [--output OUT]   sites = every token difference, all required
    unspin eval --clean TEXT [--output OUT]    must-not-touch text: every edit is wrong

Without ``--output`` unspin itself repairs SPUN (or TEXT) with the usual engine options, and each wrong
edit names the rules that made it.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from .evaluate import Score, SitesError, attribute, load_sites, pair_sites, score
from .options import add_engine_options, unspinner_from_args
from .textio import InputError, read_input

SUMMARY_KEYS = ("words", "required", "restored", "restored_any", "wrong_edits", "recall", "precision",
                "f0.5", "wrong_per_1000_words")


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="unspin eval",
        description="Score a restoration against gold: recall, precision, F0.5, wrong edits per 1,000 "
                    "words, and the missed sites and wrong edits with their context.",
        epilog="Without --output, unspin repairs the input itself with the engine options given.")
    p.add_argument("files", nargs="*", metavar="SPUN SITES", help="the spun text and its gold sites (TSV)")
    mode = p.add_mutually_exclusive_group()
    mode.add_argument("--pair", nargs=2, metavar=("SPUN", "ORIGINAL"),
                      help="derive the sites from the spun text and its original")
    mode.add_argument("--clean", metavar="TEXT", help="must-not-touch text: every edit is wrong")
    p.add_argument("--output", metavar="OUT", help="score this output file instead of running unspin")
    p.add_argument("--json", action="store_true", help="print the full result as one JSON object")
    p.add_argument("--max-list", type=int, default=50, metavar="N",
                   help="list at most N missed sites and N wrong edits in the text report (default 50)")
    add_engine_options(p, title="engine options (without --output)")
    return p


def evaluate_files(args: argparse.Namespace) -> Score:
    """Read the inputs named by parsed arguments, produce or read the output, and score it."""
    if args.pair:
        spun_path, sites_from = args.pair[0], args.pair[1]
    elif args.clean:
        spun_path, sites_from = args.clean, None
    else:
        if len(args.files) != 2:
            raise SystemExit("unspin eval: give SPUN SITES, --pair SPUN ORIGINAL or --clean TEXT")
        spun_path, sites_from = args.files
    if (args.pair or args.clean) and args.files:
        raise SystemExit(f"unspin eval: unexpected arguments: {' '.join(args.files)}")
    spun = read_input(spun_path)
    if args.pair:
        sites = pair_sites(spun, read_input(sites_from))
    elif sites_from is None:
        sites = []
    else:
        sites = load_sites(spun, read_input(sites_from), sites_from)
    if args.output:
        return score(spun, sites, read_input(args.output))
    try:
        unspinner = unspinner_from_args(args)
    except ValueError as exc:
        raise SystemExit(f"unspin eval: {exc}") from None
    result = unspinner.explain(spun)
    return attribute(score(spun, sites, result.text), result.edits)


def format_report(result: Score, max_list: int = 50) -> str:
    """The text report: a summary line, then the missed sites and the wrong edits with context.

    >>> from unspin.evaluate import score
    >>> report = format_report(score("a b c", [], "a x c")).splitlines()
    >>> report[0].split()[4:6]
    ['wrong_edits=1', 'recall=1.0']
    >>> report[1:]
    ['wrong edits (1):', '  "b" -> "x": a [x] c']
    """
    summary = result.summary()
    lines = [" ".join(f"{k}={summary[k]}" for k in SUMMARY_KEYS)]
    if result.missed:
        lines.append(f"missed sites ({len(result.missed)}):")
        for m in result.missed[:max_list]:
            want = " | ".join(m.site.accepted)
            lines.append(f'  "{m.site.spun}" -> "{want}", got "{m.got}": {m.context}')
    if result.wrong:
        lines.append(f"wrong edits ({len(result.wrong)}):")
        for w in result.wrong[:max_list]:
            rules = f" [{', '.join(w.rules)}]" if w.rules else ""
            lines.append(f'  "{w.expected}" -> "{w.got}"{rules}: {w.context}')
    hidden = max(0, len(result.missed) - max_list) + max(0, len(result.wrong) - max_list)
    if hidden:
        lines.append(f"({hidden} more not listed: --max-list or --json)")
    return "\n".join(lines) + "\n"


def run(argv: list[str]) -> int:
    """Entry point of ``unspin eval``; returns the exit code (0 scored, 2 usage or bad input)."""
    args = _parser().parse_args(argv)
    try:
        result = evaluate_files(args)
    except (InputError, SitesError) as exc:
        print(f"unspin eval: {exc}", file=sys.stderr)
        return 2
    except SystemExit as exc:
        if isinstance(exc.code, str):
            print(exc.code, file=sys.stderr)
            return 2
        raise
    if args.json:
        payload: dict[str, Any] = result.to_dict()
        sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=1) + "\n")
    else:
        sys.stdout.write(format_report(result, args.max_list))
    return 0
