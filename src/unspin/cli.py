"""The ``unspin`` command line.

``unspin [FILE...]`` repairs files (or stdin) and writes the result; subcommands (:data:`COMMANDS`):
``review``, ``apply``, ``scan``, ``eval``, ``lexicon check``.
Exit codes (:class:`Exit`): 0 success, 1 ``--check`` found edits, 2 usage or lexicon error, 3 an input
could not be read (the other inputs were still processed), 130 interrupted.
"""

from __future__ import annotations

import argparse
import enum
import importlib
import os
import sys
from collections.abc import Callable
from pathlib import Path

from . import render, stream
from .api import Unspinner
from .lexicon import LexiconError, load_lexicon, validate
from .model import Result
from .options import add_engine_options, unspinner_from_args
from .textio import ERROR_POLICIES, InputError, check_output_path, encode, read_input, write_atomic

# Start-up matters in pipes (`echo ... | unspin`): subcommands, review formats and markup parsers are
# imported only when used. Each is named "module:function" and resolved by _load().
INPUT_FORMATS = ("auto", "text", "html", "markdown")
MARKUP_SUFFIXES = (".html", ".htm", ".xhtml", ".md", ".markdown")
COLOR_MODES = ("auto", "always", "never")


def _load(target: str) -> Callable:
    module, _, name = target.partition(":")
    return getattr(importlib.import_module(module, __package__), name)

# Output formats: name -> function(input text, result, path or None for stdin) -> output text.
FORMATTERS: dict[str, Callable[[str, Result, str | None], str] | str] = {
    "text": lambda text, result, path: result.text,
    "diff": lambda text, result, path: render.unified_diff(text, result, path or "-"),
    "jsonl": lambda text, result, path: "".join(render.jsonl(text, result, path)),
    "word-diff": ".review.worddiff:format_word_diff",
    "rdjson": ".review.rdjson:format_rdjson",
    "rdjsonl": ".review.rdjson:format_rdjsonl",
    "sarif": ".review.sarif:format_sarif",
    "html": ".review.html_page:format_html",
}

# Formats whose output is one JSON/HTML document: several inputs cannot simply be concatenated.
SINGLE_DOCUMENT_FORMATS = frozenset({"rdjson", "sarif", "html"})

class Exit(enum.IntEnum):
    OK = 0
    FOUND = 1
    USAGE = 2
    INPUT = 3
    INTERRUPTED = 130


class UsageError(Exception):
    """A bad combination of options; reported in one line, exit 2."""


def version_text() -> str:
    """unspin's version and each shipped lexicon's name, version and content digest: what a reviewer
    quotes so that a run can be reproduced.

    >>> print(version_text())  # doctest: +ELLIPSIS
    unspin ...
    lexicon news ... (digest ...)
    ...
    """
    from . import __version__
    from .lexicon import select_lexicons

    return "\n".join([f"unspin {__version__}"] + [f"lexicon {lex.name} {lex.version} (digest {lex.digest})"
                                                    for lex in select_lexicons(["all"])])


class _Version(argparse.Action):
    """--version: like argparse's own, but the lexicons are read only when it is asked for."""

    def __init__(self, option_strings: list[str], dest: str = argparse.SUPPRESS, **kwargs: object) -> None:
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS,
                         help="print unspin's version and the shipped lexicons' versions, and exit")

    def __call__(self, parser: argparse.ArgumentParser, *args: object) -> None:
        print(version_text())
        parser.exit()


def _fix_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="unspin",
        description="Repair text mangled by an article spinner, explaining every edit.",
        epilog="Subcommands, each with its own --help: 'unspin review FILE' (accept or reject edits one by "
               "one), 'unspin apply EDITS.jsonl FILE' (apply a reviewed edit list), 'unspin scan PATH...' "
               "(screen documents, worst first), 'unspin eval SPUN SITES' (score the repair against gold), "
               "'unspin lexicon check PATH...'. Exit codes: 0 ok, 1 --check found edits, 2 usage or lexicon "
               "error, 3 an input could not be read, 130 interrupted.")
    p.add_argument("files", nargs="*", metavar="FILE", help="input files ('-' or none: stdin)")
    p.add_argument("--version", action=_Version)
    p.add_argument("-o", "--output", metavar="FILE",
                   help="write here instead of stdout (atomically; a device or pipe in place)")
    p.add_argument("-f", "--format", choices=sorted(FORMATTERS), default="text",
                   help="text: repaired text; diff: unified diff; jsonl: one JSON object per edit")
    p.add_argument("--check", action="store_true", help="write nothing; exit 1 if edits would be made")
    p.add_argument("--explain", action="store_true", help="print every edit and its reason to stderr")
    add_engine_options(p)
    p.add_argument("--errors", choices=ERROR_POLICIES, default="strict",
                   help="invalid UTF-8: strict (refuse), replace (U+FFFD), surrogateescape (keep the bytes)")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress or summary on stderr")
    p.add_argument("--input-format", choices=INPUT_FORMATS, default="auto",
                   help="text, html or markdown: only the prose is repaired, markup is kept byte for byte; "
                        "auto (default): by extension (.html/.htm, .md/.markdown), else text")
    p.add_argument("--color", choices=COLOR_MODES, default="auto", help="word-diff colours (default auto)")
    stream.add_options(p)
    return p


def _explain(unspinner: Unspinner, text: str, path: str, input_format: str) -> Result:
    """Plain text goes straight to the engine; HTML and Markdown through their prose views."""
    if input_format == "text" or (input_format == "auto" and not path.lower().endswith(MARKUP_SUFFIXES)):
        return unspinner.explain(text)
    from .markup import detect_format, explain_document

    return explain_document(unspinner, text, detect_format(path, input_format))


def run_fix(argv: list[str]) -> int:
    args = _fix_parser().parse_args(argv)
    if args.format == "word-diff":
        _load(".review.worddiff:set_color")(args.color, to_file=bool(args.output))
    files = args.files or ["-"]
    if args.output:
        try:
            check_output_path(args.output)
        except InputError as exc:
            raise UsageError(f"-o {exc}") from None
        out_path = Path(args.output).resolve()
        for f in files:
            if f != "-" and Path(f).resolve() == out_path:
                raise UsageError(f"-o {args.output} is one of the inputs; write elsewhere")
        if args.format == "text" and len(files) > 1:
            raise UsageError("-o with several inputs needs --format diff or jsonl")
    if args.format in SINGLE_DOCUMENT_FORMATS and len(files) > 1:
        raise UsageError(f"--format {args.format} writes one document per input: give one file "
                         f"(or use jsonl or rdjsonl for several)")
    try:
        unspinner = unspinner_from_args(args)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    # user lexicons get the checks of 'unspin lexicon check' among themselves (a cycle would make
    # fixing flip-flop); conflicts with shipped lexicons are allowed: user entries take precedence
    problems = validate([load_lexicon(p) for p in args.lexicon]) if args.lexicon else []
    if problems:
        raise LexiconError(problems[0].path, problems[0].line, problems[0].problem)
    try:
        stream.check_options(args)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    if args.jsonl_field or args.csv_column:  # records: one document per JSON line or CSV row
        return _load(".records:run_cli")(args, unspinner, files)
    if stream.can_stream(args, files):  # plain text: bounded memory, --jobs, output as it is produced
        return stream.run_cli(args, unspinner, files)
    chunks: list[bytes] = []
    status, found = Exit.OK, False
    stdout = sys.stdout.buffer
    for f in files:
        name = "-" if f == "-" else f
        try:
            text = read_input(f, args.errors)
        except InputError as exc:
            print(f"unspin: {exc}", file=sys.stderr)
            status = Exit.INPUT
            continue
        result = _explain(unspinner, text, f, args.input_format)
        found = found or bool(result.edits)
        if args.explain:
            sys.stderr.write(render.explain(text, result, name))
        if args.check:
            continue
        formatter = FORMATTERS[args.format]
        if isinstance(formatter, str):
            formatter = _load(formatter)
        data = encode(formatter(text, result, None if f == "-" else f), args.errors)
        if args.output:
            chunks.append(data)
        else:
            stdout.write(data)
    if args.output and not args.check and status == Exit.OK:
        # all or nothing: an input that could not be read would leave -o silently incomplete
        write_atomic(args.output, b"".join(chunks))
    stdout.flush()
    if status != Exit.OK:
        return status
    return Exit.FOUND if (args.check and found) else Exit.OK


def run_lexicon(argv: list[str]) -> int:
    p = argparse.ArgumentParser(prog="unspin lexicon", description="Lexicon tools.")
    sub = p.add_subparsers(dest="action", required=True)
    check = sub.add_parser("check", help="validate lexicon files: prints file:line: problem, exit 2 if any")
    check.add_argument("paths", nargs="+", metavar="PATH")
    args = p.parse_args(argv)
    lexicons, problems = [], []
    for path in args.paths:
        try:
            lexicons.append(load_lexicon(path))
        except LexiconError as exc:
            problems.append(exc)
    problems += validate(lexicons)
    for exc in problems:
        print(exc, file=sys.stderr)
    if problems:
        return Exit.USAGE
    n = sum(len(x.entries) for x in lexicons)
    print(f"{len(lexicons)} lexicons, {n} entries: ok")
    return Exit.OK


COMMANDS: dict[str, Callable[[list[str]], int] | str] = {
    "lexicon": run_lexicon, "eval": ".eval_cmd:run", "apply": ".review.apply_cmd:run_apply",
    "review": ".review.interactive:run_review", "scan": ".scan:run"}


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``unspin`` console script; returns the exit code."""
    argv = sys.argv[1:] if argv is None else argv
    try:
        command = COMMANDS.get(argv[0]) if argv else None
        if isinstance(command, str):
            command = _load(command)
        return command(argv[1:]) if command else run_fix(argv)
    except (UsageError, LexiconError) as exc:
        print(f"unspin: {exc}", file=sys.stderr)
        return Exit.USAGE
    except KeyboardInterrupt:
        print("unspin: interrupted", file=sys.stderr)
        return Exit.INTERRUPTED
    except BrokenPipeError:
        # the reader went away (| head): end quietly, and keep Python from complaining at exit
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return Exit.OK
    except SystemExit as exc:  # argparse: usage errors exit 2, --help exits 0
        return int(exc.code or 0) if isinstance(exc.code, int) else Exit.USAGE
