r"""``unspin scan``: screen many documents for spinner artifacts (tortured phrases) and rank them.

For each document: its words, the artifacts found (lexicon and contextual edits, not normalization),
artifacts per 1,000 words, the engine's spin score and the most frequent artifacts. Documents come
worst first, as an aligned table, CSV or JSON lines (docs/scan.md). ``--threshold X`` exits 1 when a
document has X or more artifacts per 1,000 words; an unreadable input exits 3 after the others.

>>> from unspin import Unspinner
>>> text = "The arbitrary backwoods beat counterfeit consciousness."
>>> r = scan_text(Unspinner(lexicons=["science"]), text, "a.txt")
>>> (r.words, r.artifacts, r.per_1000, r.top[0])
(6, 2, 333.33, ('arbitrary backwoods', 'random forest', 1))
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import re
import shutil
import sys
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from .api import Unspinner
from .markup import detect_format, explain_document
from .model import Edit
from .options import add_engine_options, unspinner_from_args
from .pdftext import explain_pdf_text, pdf_view, vocabulary_of
from .render import LineIndex, edit_record
from .textio import ERROR_POLICIES, InputError, encode, read_input

ARTIFACT_KINDS = frozenset({"exact", "fuzzy", "context"})  # "normalize" repairs are not spinner artifacts
# what a directory is searched for; files named on the command line are scanned whatever their name
SCAN_SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm")
FORMATS = ("table", "csv", "jsonl")
_ARTICLE = re.compile(r"an? (?=\S)")
CSV_COLUMNS = ("path", "words", "artifacts", "per_1000", "spin_score", "top")

# exit codes, the same as the main command's (cli.Exit; not imported: cli imports this module)
OK, FOUND, INPUT = 0, 1, 3


@dataclass(frozen=True, slots=True)
class DocumentReport:
    """What scanning one document found.

    ``per_1000``: artifacts per 1,000 words (rounded to 2 places). ``top``: (original, replacement,
    count), most frequent first, spelled in lower case with the PDF text layer cleaned. ``edits``:
    the artifacts themselves, offsets in code points into the document as read; ``records``: the
    same as docs/jsonl.md records (with line and column).
    """

    path: str
    words: int
    artifacts: int
    per_1000: float
    spin_score: float
    top: tuple[tuple[str, str, int], ...]
    edits: tuple[Edit, ...]
    pdf_text: bool = False
    records: tuple[dict, ...] = ()

    def to_dict(self) -> dict:
        """The JSON line of this document (docs/scan.md)."""
        return {"path": self.path, "words": self.words, "artifacts": self.artifacts,
                "per_1000": self.per_1000, "spin_score": self.spin_score, "pdf_text": self.pdf_text,
                "top": [{"original": o, "replacement": r, "count": n} for o, r, n in self.top],
                "edits": list(self.records) if self.records else [e.to_dict() for e in self.edits]}


def is_pdf_text(path: str) -> bool:
    """Whether a file name says it holds a PDF's text layer (``*.pdf.txt``, as pdftotext names it).

    >>> is_pdf_text("paper.PDF.txt"), is_pdf_text("paper.txt")
    (True, False)
    """
    return path.lower().endswith(".pdf.txt")


def scan_text(unspinner: Unspinner, text: str, path: str, *, pdf_text: bool | None = None,
              input_format: str = "auto", top: int = 5) -> DocumentReport:
    """Scan one document's text. ``pdf_text`` None: decided by the name (:func:`is_pdf_text`);
    ``input_format`` auto: HTML and Markdown by extension, else plain text (docs/markup.md)."""
    fmt = detect_format(path, input_format)
    pdf = fmt == "text" and (is_pdf_text(path) if pdf_text is None else pdf_text)
    result = explain_pdf_text(unspinner, text) if pdf else explain_document(unspinner, text, fmt)
    edits = tuple(e for e in result.edits if e.kind in ARTIFACT_KINDS)
    per_1000 = round(1000 * len(edits) / result.words, 2) if result.words else 0.0
    index = LineIndex(text) if edits else None
    records = tuple(edit_record(e, index) for e in edits) if index else ()
    return DocumentReport(path, result.words, len(edits), per_1000, result.spin_score,
                          top_artifacts(edits, top, unspinner if pdf else None), edits, pdf, records)


def top_artifacts(edits: Iterable[Edit], n: int, pdf_unspinner: Unspinner | None = None
                  ) -> tuple[tuple[str, str, int], ...]:
    """The ``n`` most frequent (original, replacement) pairs with their counts, ignoring case and
    spacing; ties in order of first appearance. With ``pdf_unspinner``, originals are spelled as the
    cleaned PDF text (``counter-\\nfeit`` -> ``counterfeit``).

    >>> e = [Edit(0, 3, "Top Minister", "Prime Minister"), Edit(9, 12, "jap", "Japanese"),
    ...      Edit(20, 23, "top  minister", "prime minister"), Edit(30, 40, "an top minister", "a prime minister")]
    >>> top_artifacts(e, 1)
    (('top minister', 'prime minister', 3),)
    """
    vocabulary = vocabulary_of(pdf_unspinner) if pdf_unspinner is not None else None

    def spelling(s: str) -> str:
        if vocabulary is not None:
            s = pdf_view(s, vocabulary).text
        return " ".join(s.split()).lower()

    def pair(e: Edit) -> tuple[str, str]:
        o, r = spelling(e.original), spelling(e.replacement)
        # an article the engine re-agreed (an arbitrary backwoods -> a random forest) is no part of
        # the artifact: without it, the same phrase counts as one
        ao, ar = _ARTICLE.match(o), _ARTICLE.match(r)
        return (o[ao.end():], r[ar.end():]) if ao and ar else (o, r)

    counts = Counter(pair(e) for e in edits)
    return tuple((o, r, c) for (o, r), c in counts.most_common(max(n, 0)))


def ranked(reports: Iterable[DocumentReport]) -> list[DocumentReport]:
    """Worst first: most artifacts per 1,000 words, then most artifacts, then by path."""
    return sorted(reports, key=lambda r: (-r.per_1000, -r.artifacts, r.path))


def expand_paths(paths: Sequence[str]) -> Iterator[str]:
    """Files to scan: each path as given, directories searched recursively (sorted, hidden entries
    skipped) for the :data:`SCAN_SUFFIXES`. A path that does not exist is passed on, so that reading
    it reports the error."""
    for path in paths:
        if path == "-" or not os.path.isdir(path):
            yield path
            continue
        for root, dirs, files in os.walk(path):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for name in sorted(files):
                if not name.startswith(".") and name.lower().endswith(SCAN_SUFFIXES):
                    yield os.path.join(root, name)


def scan_paths(unspinner: Unspinner, paths: Sequence[str], *, pdf_text: bool | None = None,
               input_format: str = "auto", top: int = 5, errors: str = "strict"
               ) -> tuple[list[DocumentReport], list[str]]:
    """Scan files and directories: (reports worst first, one message per unreadable input)."""
    reports, problems = [], []
    for path in expand_paths(paths):
        try:
            text = read_input(path, errors)
        except InputError as exc:
            problems.append(str(exc))
            continue
        name = "<stdin>" if path == "-" else path
        reports.append(scan_text(unspinner, text, name, pdf_text=pdf_text, input_format=input_format, top=top))
    return ranked(reports), problems


# -- output ----------------------------------------------------------------------------------------
def _top_text(report: DocumentReport) -> str:
    return "; ".join(f"{o} -> {r} ({n})" for o, r, n in report.top)


def format_csv(reports: Iterable[DocumentReport]) -> str:
    """One CSV row per document under a header (:data:`CSV_COLUMNS`); ``top`` as
    ``original -> replacement (count); ...``."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for r in reports:
        writer.writerow([r.path, r.words, r.artifacts, f"{r.per_1000:.2f}", f"{r.spin_score:.2f}", _top_text(r)])
    return out.getvalue()


def format_jsonl(reports: Iterable[DocumentReport]) -> str:
    """One JSON object per document (:meth:`DocumentReport.to_dict`), one per line."""
    return "".join(json.dumps(r.to_dict(), ensure_ascii=False) + "\n" for r in reports)


def _fit(text: str, width: int, *, keep_end: bool = False) -> str:
    """``text`` cut to ``width`` code points with an ellipsis (the start kept, or the end for paths)."""
    if len(text) <= width:
        return text
    if width <= 1:
        return "…"[:width]
    return "…" + text[-(width - 1):] if keep_end else text[:width - 1] + "…"


def format_table(reports: Sequence[DocumentReport], width: int = 100, problems: int = 0) -> str:
    """Aligned columns for a terminal ``width`` code points wide: numbers right-aligned, long paths
    cut at the front, the top list cut at the right edge; a summary line last.

    >>> r = DocumentReport("a.txt", 200, 2, 10.0, 10.0, (("x y", "z w", 2),), ())
    >>> print(format_table([r], 60), end="")
    artifacts  per 1k   spin  words  path   top artifacts
            2   10.00  10.00    200  a.txt  x y -> z w (2)
    1 document, 1 with artifacts
    """
    head = ("artifacts", "per 1k", "spin", "words")
    rows = [(str(r.artifacts), f"{r.per_1000:.2f}", f"{r.spin_score:.2f}", str(r.words)) for r in reports]
    widths = [max([len(h), *(len(row[i]) for row in rows)]) for i, h in enumerate(head)]
    numbers_width = sum(widths) + 2 * (len(widths) - 1)
    path_width = min(max([len("path"), *(len(r.path) for r in reports)]), max(12, (width - numbers_width) // 2))
    top_width = max(10, width - numbers_width - path_width - 4)

    def line(cells: Sequence[str], path: str, top: str) -> str:
        nums = "  ".join(c.rjust(w) for c, w in zip(cells, widths, strict=True))
        return f"{nums}  {_fit(path, path_width, keep_end=True).ljust(path_width)}  {_fit(top, top_width)}".rstrip()

    lines = [line(head, "path", "top artifacts")]
    lines += [line(row, r.path, _top_text(r)) for row, r in zip(rows, reports, strict=True)]
    n, hit = len(reports), sum(1 for r in reports if r.artifacts)
    summary = f"{n} document{'' if n == 1 else 's'}, {hit} with artifacts"
    if problems:
        summary += f", {problems} unreadable"
    return "\n".join([*lines, summary]) + "\n"


# -- command line ----------------------------------------------------------------------------------
def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="unspin scan",
        description="Screen documents for spinner artifacts (tortured phrases); worst documents first.",
        epilog="Exit codes: 0 ok, 1 a document reached --threshold, 2 usage or lexicon error, "
               "3 an input could not be read (the others were still scanned).")
    p.add_argument("paths", nargs="+", metavar="FILE",
                   help="files or directories (searched for *.txt, *.md, *.html); '-' for stdin")
    p.add_argument("-f", "--format", choices=FORMATS, default="table",
                   help="table (default): aligned columns; csv or jsonl: one record per document")
    p.add_argument("--top", type=int, default=3, metavar="N", help="most frequent artifacts listed (default 3)")
    p.add_argument("--threshold", type=float, metavar="X",
                   help="exit 1 when any document has X or more artifacts per 1,000 words")
    p.add_argument("--pdf-text", action="store_true",
                   help="treat plain-text inputs as PDF text layers: undo ligatures, soft hyphens and "
                        "line-end hyphenation before matching (always on for *.pdf.txt)")
    p.add_argument("--errors", choices=ERROR_POLICIES, default="strict",
                   help="invalid UTF-8: strict (report the file), replace, surrogateescape")
    add_engine_options(p)
    return p


def run(argv: list[str], unspinner: Unspinner | None = None) -> int:
    """``unspin scan`` (see :func:`_parser`); returns the exit code. ``unspinner``: a compiled one to
    reuse (tests, embedding: building one costs seconds); the lexicon and profile options are then
    ignored."""
    parser = _parser()
    args = parser.parse_args(argv)
    if args.top < 0:
        parser.error("--top must be 0 or more")
    if args.threshold is not None and args.threshold < 0:
        parser.error("--threshold must be 0 or more")
    if unspinner is None:
        try:
            unspinner = unspinner_from_args(args)
        except ValueError as exc:
            parser.error(str(exc))
    reports, problems = scan_paths(unspinner, args.paths, pdf_text=True if args.pdf_text else None,
                                   top=args.top, errors=args.errors)
    for message in problems:
        print(f"unspin scan: {message}", file=sys.stderr)
    if args.format == "csv":
        out = format_csv(reports)
    elif args.format == "jsonl":
        out = format_jsonl(reports)
    else:
        out = format_table(reports, shutil.get_terminal_size((100, 24)).columns, len(problems))
    sys.stdout.buffer.write(encode(out, args.errors))  # surrogateescape: bad bytes written back as they were
    sys.stdout.flush()
    if problems:
        return INPUT
    if args.threshold is not None and any(r.per_1000 >= args.threshold for r in reports):
        return FOUND
    return OK


__all__ = ["DocumentReport", "format_csv", "format_jsonl", "format_table", "ranked", "run", "scan_paths",
           "scan_text", "top_artifacts"]
