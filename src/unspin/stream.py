"""Bounded-memory processing of inputs of any size: read, split into pieces, fix, write as we go.

The input is decoded block by block and cut into *cores* of about ``size`` characters, at a paragraph
boundary (a blank line) when there is one, else at a line end, else after a sentence or at whitespace
(one huge line). The engine sees each core with up to ``context`` characters of the text around it
(snapped to line starts/ends), and only the edits that *start* inside the core are kept; an edit that
runs past the core's end (a phrase across the cut) is kept by the core where it starts and the next
core skips what it covered. The engine's decisions are local: a lexicon match looks 80 characters
around it and the spin gate counts evidence within ``window_words * 6`` (600) characters, so with the
default 4,096 characters of context the result equals the unchunked run. What is not local: lexicon
entries with ``requires``/``excludes`` test "the document", which here is the piece (core plus
context), and the spin score of a multi-piece input is a word-weighted mean of the pieces' scores.

>>> from unspin import Unspinner
>>> u = Unspinner(lexicons=[])
>>> "".join(fix_blocks(u, ["first paragraph\\n\\nsecond", " paragraph\\n"], size=20))
'first paragraph\\n\\nsecond paragraph\\n'
"""

from __future__ import annotations

import argparse
import bisect
import codecs
import contextlib
import difflib
import operator
import os
import re
import stat
import sys
import time
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING

from . import _edits
from .edits import apply_edits
from .gcpause import paused
from .model import Edit, Result
from .render import edit_record, explain_line
from .textio import InputError, atomic_output, encode, refusal
from .wordbytes import count_words

if TYPE_CHECKING:
    from .api import Unspinner

DEFAULT_SIZE = 1 << 20  # characters per core (~1 MB of mostly-ASCII text)
DEFAULT_CONTEXT = 4096  # characters of context on each side: well above the 600-character spin window
READ_BLOCK = 1 << 20  # bytes per read()


# -- reading ---------------------------------------------------------------------------------------
def read_blocks(stream: IO[bytes], name: str, errors: str = "strict", block: int = READ_BLOCK) -> Iterator[str]:
    """Decode a byte stream block by block, with the same error messages as :func:`textio.decode`.

    A NUL byte refuses the input as binary; invalid UTF-8 is an error under ``strict`` that names the
    line and byte offset. Output already produced for earlier blocks has then been written.

    >>> import io
    >>> list(read_blocks(io.BytesIO("caf\\u00e9".encode()), "x", block=4))
    ['caf', 'é']
    """
    decoder = codecs.getincrementaldecoder("utf-8")(errors)
    offset = lines = 0
    while True:
        data = stream.read(block)
        nul = data.find(b"\0") if data else -1
        if nul >= 0:
            line = lines + data.count(b"\n", 0, nul) + 1
            raise refusal(name, line, f"NUL byte at byte {offset + nul}: binary file refused",
                          data if not offset else b"")
        try:
            text = decoder.decode(data, final=not data)
        except UnicodeDecodeError as exc:
            # exc.object starts with the (at most 3) bytes carried over from the previous block
            carried = len(exc.object) - len(data)
            at = exc.start - carried
            line = lines + data.count(b"\n", 0, max(at, 0)) + 1
            raise refusal(name, line, f"invalid UTF-8 at byte {offset + at} (use --errors=replace or surrogateescape)",
                          data if not offset else b"") from None
        offset += len(data)
        lines += data.count(b"\n")
        if text:
            yield text
        if not data:
            return


# -- cutting ---------------------------------------------------------------------------------------
_SENTENCE_END = re.compile(r"[.!?][\"'\u201d\u2019)\]]*\s")


def find_cut(text: str, lo: int, hi: int) -> int:
    """The best place in ``(lo, hi]`` to end a core: after a blank line, else after a line end, else
    after a sentence end, else after whitespace; ``hi`` when the stretch is one word.

    >>> t = "one two.\\nthree\\n\\nfour five"
    >>> find_cut(t, 0, len(t)), find_cut(t, 0, 14), find_cut(t, 0, 7)
    (16, 9, 4)
    """
    blank = [i + len(sep) for sep in ("\n\n", "\n\r\n") if (i := text.rfind(sep, lo, hi)) >= 0]
    if blank:
        return max(blank)
    i = text.rfind("\n", lo, hi)
    if i >= 0:
        return i + 1
    ends = [m.end() for m in _SENTENCE_END.finditer(text, max(lo, hi - 4096), hi)]
    if ends:
        return ends[-1]
    for i in range(hi - 1, lo, -1):  # any whitespace: scan back (bounded by the core size)
        if text[i].isspace():
            return i + 1
    return hi


def _snap_start(text: str, lo: int, hi: int) -> int:
    """The first line start in ``[lo, hi]`` (else the first word start), so context has whole lines."""
    if lo <= 0:
        return 0
    i = text.find("\n", lo - 1, hi)
    if i >= 0:
        return i + 1
    for j in range(lo, hi):
        if text[j].isspace():
            return j + 1
    return lo


def _snap_end(text: str, lo: int, hi: int) -> int:
    """The first line end in ``[lo, hi)`` (else whitespace), so context has whole lines."""
    i = text.find("\n", lo, hi)
    if i >= 0:
        return i + 1
    for j in range(lo, hi):
        if text[j].isspace():
            return j
    return hi


@dataclass(frozen=True, slots=True)
class Piece:
    """One unit of work: ``text[core_start:core_end]`` is the core, the rest is context.

    ``base`` is the offset of ``text[0]`` in the whole input; ``line`` the number of line ends before
    it and ``column`` the code points since the last one (0 at a line start). ``source`` tells which
    input it belongs to; ``last`` marks the input's final piece.
    """

    text: str
    core_start: int
    core_end: int
    base: int
    line: int
    column: int
    source: int = 0
    last: bool = False

    @property
    def core(self) -> str:
        return self.text[self.core_start:self.core_end]


def split_pieces(blocks: Iterable[str], size: int = DEFAULT_SIZE, context: int = DEFAULT_CONTEXT,
                 source: int = 0) -> Iterator[Piece]:
    """Cut decoded text blocks into :class:`Piece` s; memory holds about ``size + 3 * context``.

    >>> [p.core for p in split_pieces(["a b\\n\\nc d\\n\\ne f"], size=6, context=2)]
    ['a b\\n\\n', 'c d\\n\\n', 'e f']
    """
    if size < 1:
        raise ValueError("size must be positive")
    it = iter(blocks)
    buf, base, line, column = "", 0, 0, 0  # buf[0] is at offset `base` in the whole input
    pos, eof = 0, False  # pos: start of the next core, relative to buf
    need = size + 2 * context + 1
    while True:
        while not eof and len(buf) - pos < need:
            try:
                buf += next(it)
            except StopIteration:
                eof = True
        if pos >= len(buf):
            if base + pos == 0:  # an empty input still gets one (empty) piece, so it is reported
                yield Piece("", 0, 0, 0, 0, 0, source, True)
            return
        whole = eof and len(buf) - pos <= size
        cut = len(buf) if whole else find_cut(buf, pos, min(pos + size, len(buf)))
        last = eof and cut >= len(buf)
        left = _snap_start(buf, max(0, pos - context), pos)
        right = len(buf) if last else _snap_end(buf, min(len(buf), cut + context),
                                                 min(len(buf), cut + 2 * context))
        nl = buf.count("\n", 0, left)
        if nl:
            w_line, w_col = line + nl, left - buf.rfind("\n", 0, left) - 1
        else:
            w_line, w_col = line, column + left
        yield Piece(buf[left:right], pos - left, cut - left, base + left, w_line, w_col, source, last)
        if last:
            return
        # drop what no later piece needs (everything before the next piece's left context)
        keep = max(0, cut - context - 1)
        nl = buf.count("\n", 0, keep)
        if nl:
            line, column = line + nl, keep - buf.rfind("\n", 0, keep) - 1
        else:
            column += keep
        buf, base, pos = buf[keep:], base + keep, cut - keep


# -- fixing one piece ------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class PieceResult:
    """The edits a piece's core starts (offsets into the piece's text: the Assembler places them, and
    moves them to whole-input offsets only for a format that shows offsets), its words and spin score;
    and ``fixed``, the core up to the end of its last edit as they leave it, cut from the repaired piece
    (None when an edit of the left context reaches into the core)."""

    edits: tuple[Edit, ...]
    words: int
    spin_score: float
    error: str = ""
    fixed: str | None = None


def fix_piece(unspinner: Unspinner, piece: Piece) -> PieceResult:
    """Run the engine on a piece and keep the edits that start in its core (offsets into the piece).

    >>> from unspin import Unspinner
    >>> fix_piece(Unspinner(lexicons=[]), Piece("abc", 0, 3, 10, 0, 0)).edits
    ()
    """
    try:
        result = unspinner.explain(piece.text)
    except Exception as exc:  # one bad stretch passes through unchanged instead of ending the run
        return PieceResult((), count_words(piece.core), 0.0, f"{type(exc).__name__}: {exc}")
    lo, hi = piece.core_start, piece.core_end
    # the edits come sorted by start: those in the core are one slice (the last piece also keeps an
    # insertion at its very end)
    edits = result.edits
    first = bisect.bisect_left(edits, lo, key=_START)
    after = bisect.bisect_right(edits, hi, first, key=_START) if piece.last and hi == len(piece.text) \
        else bisect.bisect_left(edits, hi, first, key=_START)
    fixed = None
    if not first or edits[first - 1].end <= lo:
        # the repaired piece already holds the core's output: where it lies there follows from the
        # growth of the few edits on either side (applying the core's edits again cost ~3 ms per MB)
        end = max(edits[after - 1].end if after > first else lo, hi)
        grown = len(result.text) - len(piece.text)
        fixed = result.text[lo + _growth(edits[:first]):end + grown - _growth(edits[after:])]
    return PieceResult(edits[first:after], core_words(piece, result.words), result.spin_score, fixed=fixed)


def core_words(piece: Piece, words: int) -> int:
    """The words of a piece's core (as ``count_words`` counts them), given ``words``, those of the whole
    piece (explain counted them): those of its context taken away, when no word runs across an edge of
    the core (whitespace on one side, as at the cuts split_pieces makes); else counted. Counting the
    core again cost ~0.6 ms per MB.

    >>> p = Piece("left ctx. the core words here. right", 10, 31, 0, 0, 0)
    >>> core_words(p, 7), p.core
    (4, 'the core words here. ')
    """
    text, lo, hi = piece.text, piece.core_start, piece.core_end
    if _no_word_across(text, lo) and _no_word_across(text, hi):
        return words - count_words(text[:lo]) - count_words(text[hi:])
    return count_words(piece.core)


def _no_word_across(text: str, at: int) -> bool:
    return at <= 0 or at >= len(text) or text[at - 1].isspace() or text[at].isspace()


def _growth(edits: Sequence[Edit]) -> int:
    """How much applying ``edits`` lengthens a text."""
    return sum(len(e.replacement) - len(e.original) for e in edits)


_START = operator.attrgetter("start")


def shift(e: Edit, by: int) -> Edit:
    """The same edit with offsets moved by ``by`` code points.

    >>> shift(Edit(1, 2, "a", "b"), 10).start
    11
    """
    return e.moved(e.start + by, e.end + by, e.original, e.replacement) if by else e


# -- putting results back together -----------------------------------------------------------------
@dataclass(slots=True)
class Segment:
    """A stretch of output: ``original`` (input from ``start``) became ``fixed`` through ``edits``."""

    original: str
    fixed: str
    start: int
    piece_edits: list[Edit]  # offsets into piece.text
    piece: Piece
    last: bool

    @property
    def edits(self) -> list[Edit]:
        """The segment's edits with whole-input offsets, made when asked: text output never asks, and a
        copy of every edit cost ~6 ms per MB of spun text."""
        with paused():  # a copy of every edit: collections would walk the whole heap again and again
            return _edits.shifted(self.piece_edits, self.piece.base)


class Assembler:
    """Turns pieces and their results, in order, into output segments, dropping edits that start in
    text an earlier piece's edit already covered."""

    def __init__(self) -> None:
        self.emitted = 0  # global offset up to which output has been produced
        self.edits = 0
        self.words = 0
        self.spin_weighted = 0.0

    def add(self, piece: Piece, result: PieceResult) -> Segment:
        text, base = piece.text, piece.base
        start = self.emitted
        edits = result.edits  # sorted, none overlapping another: only the first few can start before
        k = 0
        while k < len(edits) and edits[k].start + base < start:  # in text an edit of the last piece replaced
            k += 1
        kept = list(edits[k:])
        end = max(kept[-1].end + base if kept else start, base + piece.core_end)
        original = text[start - base:end - base]
        if result.fixed is not None and start == base + piece.core_start:  # then k is 0: all are kept
            fixed = result.fixed
        else:
            fixed = _edits.apply(original, kept, start - base)  # in C; None only for edits that do not fit
            if fixed is None:  # the checks name what is wrong
                fixed = apply_edits(original, [shift(e, base - start) for e in kept])
        self.emitted = end
        self.edits += len(kept)
        self.words += result.words
        self.spin_weighted += result.spin_score * result.words
        return Segment(original, fixed, start, kept, piece, piece.last)

    @property
    def spin_score(self) -> float:
        return round(self.spin_weighted / self.words, 2) if self.words else 0.0


class PieceIndex:
    """Global code-point offset -> 1-based (line, column) for offsets inside one piece."""

    def __init__(self, piece: Piece) -> None:
        self.piece = piece
        self.starts = [0] + [m.end() for m in re.finditer("\n", piece.text)]

    def position(self, offset: int) -> tuple[int, int]:
        local = offset - self.piece.base
        i = bisect.bisect_right(self.starts, local) - 1
        column = local - self.starts[i] + 1
        if i == 0:
            column += self.piece.column
        return self.piece.line + i + 1, column


# -- output formats --------------------------------------------------------------------------------
class DiffWriter:
    """A unified diff written as segments arrive. Segments are diffed in groups that end at a line
    boundary followed by three unchanged lines (so no hunk reaches across) and the hunk headers are
    shifted. Past ``max_pending`` characters without such a quiet stretch a group is flushed anyway,
    which may split a hunk in two; ``patch`` applies both forms the same."""

    _HUNK = re.compile(r"@@ -(\d+)(,\d+)? \+(\d+)(,\d+)? @@")

    def __init__(self, path: str, max_pending: int = 4 * DEFAULT_SIZE) -> None:
        self.path = path
        self.pending, self.max_pending = 0, max_pending
        self.orig: list[str] = []
        self.fixed: list[str] = []
        self.old_line = self.new_line = 0  # lines before the pending group
        self.header = False

    def add(self, seg: Segment) -> str:
        self.orig.append(seg.original)
        self.fixed.append(seg.fixed)
        self.pending += len(seg.original)
        if not seg.last and not (seg.original.endswith("\n") and seg.fixed.endswith("\n")):
            return ""  # flush only at a line boundary on both sides
        a, b = "".join(self.orig), "".join(self.fixed)
        if not seg.last and self.pending < self.max_pending and not self._quiet_end(a, b):
            self.orig, self.fixed = [a], [b]
            return ""  # a hunk may go on into the next segment: diff them together
        out = self._diff(a, b)
        self.old_line += a.count("\n")
        self.new_line += b.count("\n")
        self.orig, self.fixed, self.pending = [], [], 0
        if not seg.last and self._quiet_end(a, b):
            # the last (unchanged) line opens the next group: the context line of a hunk there
            carry = a[a.rfind("\n", 0, len(a) - 1) + 1:]
            self.orig, self.fixed, self.pending = [carry], [carry], len(carry)
            self.old_line -= 1
            self.new_line -= 1
        return out

    @staticmethod
    def _quiet_end(a: str, b: str) -> bool:
        """Whether both end with the same 3 lines: then no hunk (context 1) can reach across."""
        tail_a = a[a.rfind("\n", 0, a.rfind("\n", 0, a.rfind("\n", 0, len(a) - 1))) + 1:]
        return len(tail_a) < len(a) and b.endswith(tail_a) and tail_a.count("\n") == 3

    def _diff(self, a: str, b: str) -> str:
        if a == b:
            return ""
        lines = difflib.unified_diff(a.splitlines(keepends=True), b.splitlines(keepends=True),
                                     fromfile=self.path, tofile=self.path, n=1)
        out = []
        for i, line in enumerate(lines):
            if i < 2:
                if self.header:
                    continue
                if i == 1:
                    self.header = True
            elif line.startswith("@@"):
                line = self._HUNK.sub(self._shift, line, count=1)
            out.append(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n")
        return "".join(out)

    def _shift(self, m: re.Match[str]) -> str:
        return (f"@@ -{int(m.group(1)) + self.old_line}{m.group(2) or ''} "
                f"+{int(m.group(3)) + self.new_line}{m.group(4) or ''} @@")


def jsonl_lines(seg: Segment, path: str | None) -> str:
    """The segment's edits as JSON lines (the schema of ``render.jsonl``) with whole-input offsets."""
    if not seg.piece_edits:  # (seg.edits makes the moved copies: asked once, below)
        return ""
    import json  # only the jsonl format needs it: kept off the start-up path

    index = PieceIndex(seg.piece)
    return "".join(json.dumps(edit_record(e, index, path), ensure_ascii=False) + "\n"  # type: ignore[arg-type]
                   for e in seg.edits)


def explain_lines(seg: Segment, path: str) -> str:
    """``--explain`` lines for the segment's edits (``render.explain`` without the summary)."""
    index = PieceIndex(seg.piece)
    out = []
    for e in seg.edits:
        out.append(explain_line("", e, path, index) + "\n")  # type: ignore[arg-type]
        if e.reason:
            out.append(f"    {e.reason}\n")
        if e.alternatives:
            out.append(f"    alternatives: {', '.join(e.alternatives)}\n")
    return "".join(out)


def summary_result(asm: Assembler, text: str = "") -> Result:
    """A :class:`Result` carrying a streamed input's totals (for summaries; no text, no edits)."""
    return Result(text, (), asm.spin_score, asm.words)


# -- library helper --------------------------------------------------------------------------------
def fix_blocks(unspinner: Unspinner, blocks: Iterable[str], *, size: int = DEFAULT_SIZE,
               context: int = DEFAULT_CONTEXT) -> Iterator[str]:
    """Repair a text given as blocks (a file read piece by piece); yields output as it is produced.

    >>> from unspin import Unspinner
    >>> "".join(fix_blocks(Unspinner(lexicons=[]), iter(["a\\n", "b\\n"])))
    'a\\nb\\n'
    """
    asm = Assembler()
    for piece in split_pieces(blocks, size, context):
        with paused():  # until the piece's edits are freed (see _stream_into)
            out = asm.add(piece, fix_piece(unspinner, piece)).fixed
        yield out


# -- progress and output files ---------------------------------------------------------------------
class Progress:
    """A one-line progress report on stderr (bytes, MB/s, edits), shown only on a terminal and only
    once a run has lasted ``delay`` seconds, redrawn at most ``every`` seconds."""

    def __init__(self, total: int | None, enabled: bool, stream: IO[str] | None = None,
                 delay: float = 1.0, every: float = 0.2) -> None:
        self.stream = stream or sys.stderr
        self.enabled = enabled
        self.total, self.done, self.edits = total, 0, 0
        self.t0 = self.last = time.monotonic()
        self.delay, self.every, self.shown = delay, every, False

    def update(self, nbytes: int, edits: int) -> None:
        self.done += nbytes
        self.edits += edits
        if not self.enabled:
            return
        now = time.monotonic()
        if now - self.t0 >= self.delay and now - self.last >= self.every:
            self.last = now
            self._draw(now)

    def _draw(self, now: float) -> None:
        mb = self.done / 1e6
        rate = mb / max(now - self.t0, 1e-9)
        of = f"/{self.total / 1e6:.1f}" if self.total else ""
        pct = f" {100 * self.done / self.total:3.0f}%" if self.total else ""
        self.stream.write(f"\runspin:{pct} {mb:.1f}{of} MB  {rate:.1f} MB/s  {self.edits:,} edits ")
        self.stream.flush()
        self.shown = True

    def clear(self) -> None:
        """Erase the line before other stderr output (it is redrawn on the next update)."""
        if self.shown:
            self.stream.write("\r\x1b[K")
            self.stream.flush()

    def close(self) -> None:
        if self.shown:
            self._draw(time.monotonic())
            self.stream.write("\n")
            self.stream.flush()


def progress_enabled(quiet: bool, stream: IO[str] | None = None) -> bool:
    """Progress is drawn only on a terminal, and never with ``--quiet``."""
    stream = stream or sys.stderr
    return not quiet and hasattr(stream, "isatty") and stream.isatty()


# -- the command line's streaming loop -------------------------------------------------------------
STREAM_FORMATS = ("text", "jsonl", "diff")


def add_options(parser: argparse.ArgumentParser) -> None:
    """The CLI options for large inputs and records (``--jobs``, ``--chunk-size``, ``--jsonl-field``...)."""
    g = parser.add_argument_group("large inputs and records")
    g.add_argument("--jobs", type=int, metavar="N",
                   help=f"worker processes over files and pieces of large inputs (default: all cores, "
                        f"{os.cpu_count() or 1}); output order and content do not depend on it")
    g.add_argument("--chunk-size", type=int, default=DEFAULT_SIZE, metavar="CHARS",
                   help="characters per piece of a large input, cut at paragraph boundaries (default 1 MiB)")
    g.add_argument("--jsonl-field", metavar="NAME",
                   help="input is JSON lines: repair this (top-level, string) field, keep the rest byte for byte")
    g.add_argument("--csv-column", metavar="NAME",
                   help="input is CSV with a header row: repair this column, keep the dialect and other columns")
    g.add_argument("--add-edits", action="store_true",
                   help="with --jsonl-field/--csv-column: add the edits and spin score as new fields")


def can_stream(args: argparse.Namespace, files: list[str]) -> bool:
    """Whether the run can go through :func:`run_cli`: plain-text inputs and a streamable format."""
    from .markup import detect_format

    return args.format in STREAM_FORMATS and all(
        detect_format(f, getattr(args, "input_format", "auto")) == "text" for f in files)


def check_options(args: argparse.Namespace) -> None:
    """ValueError for option values or combinations that make no sense (the CLI's usage errors)."""
    check_jobs(args)
    if args.jsonl_field and args.csv_column:
        raise ValueError("--jsonl-field and --csv-column exclude each other")
    if (args.jsonl_field or args.csv_column) and args.format != "text":
        raise ValueError("--jsonl-field/--csv-column write records: leave --format at text")
    if args.add_edits and not (args.jsonl_field or args.csv_column):
        raise ValueError("--add-edits needs --jsonl-field or --csv-column")


def check_jobs(args: argparse.Namespace) -> int:
    """``--jobs`` resolved (default all cores); a ValueError for nonsense values."""
    from .batch import default_jobs

    if args.jobs is not None and args.jobs < 1:
        raise ValueError("--jobs must be at least 1")
    if getattr(args, "chunk_size", DEFAULT_SIZE) < 1:
        raise ValueError("--chunk-size must be at least 1")
    return args.jobs or default_jobs()


@dataclass(frozen=True, slots=True)
class Failure:
    """An input that could not be read (or stopped being readable part-way)."""

    source: int
    message: str


def _open(path: str) -> IO[bytes]:
    name = "<stdin>" if path == "-" else path
    if path == "-":
        return contextlib.nullcontext(sys.stdin.buffer)  # type: ignore[return-value]
    try:
        if Path(path).is_dir():
            raise InputError(f"{name}: is a directory")
        return open(path, "rb")  # noqa: SIM115 (closed by the caller's with)
    except OSError as exc:
        raise InputError(f"{name}: {exc.strerror or exc}") from None


def input_items(files: list[str], errors: str, size: int, context: int = DEFAULT_CONTEXT
                ) -> Iterator[Piece | Failure]:
    """Every input's pieces in order; an unreadable input becomes a :class:`Failure` marker."""
    for i, f in enumerate(files):
        name = "<stdin>" if f == "-" else f
        try:
            with _open(f) as fh:
                yield from split_pieces(read_blocks(fh, name, errors), size, context, source=i)
        except InputError as exc:
            yield Failure(i, str(exc))


def total_bytes(files: list[str]) -> int | None:
    """The inputs' total size when every one is a regular file (for the progress percentage)."""
    total = 0
    for f in files:
        try:
            st = os.fstat(sys.stdin.fileno()) if f == "-" else os.stat(f)
        except (OSError, ValueError):
            return None
        if not stat.S_ISREG(st.st_mode):
            return None
        total += st.st_size
    return total


def _work(unspinner: Unspinner, item: Piece | Failure) -> PieceResult | None:
    return fix_piece(unspinner, item) if isinstance(item, Piece) else None


class _Output:
    """Per-input state of a run: assembling pieces and writing the chosen format."""

    def __init__(self, path: str, fmt: str, explain: bool) -> None:
        self.path, self.fmt, self.explain = path, fmt, explain
        self.asm = Assembler()
        self.diff = DiffWriter(path if path != "-" else "-") if fmt == "diff" else None

    def add(self, piece: Piece, result: PieceResult, check: bool) -> tuple[str, str]:
        """(output text, stderr text) for one piece."""
        seg = self.asm.add(piece, result)
        err = explain_lines(seg, self.path) if self.explain else ""
        if check:
            return "", err
        if self.fmt == "text":
            return seg.fixed, err
        if self.fmt == "jsonl":
            return jsonl_lines(seg, None if self.path == "-" else self.path), err
        assert self.diff is not None
        return self.diff.add(seg), err

    def summary(self) -> str:
        a = self.asm
        return f"{self.path}: {a.edits} edits, {a.words} words, spin {a.spin_score:g}/1000 words\n"


def run_cli(args: argparse.Namespace, unspinner: Unspinner, files: list[str]) -> int:
    """The streaming ``unspin FILE...`` loop: returns 0, 1 (``--check`` found edits) or 3 (an input
    could not be read or fully processed; the others were)."""
    jobs = check_jobs(args)
    progress = Progress(total_bytes(files), progress_enabled(args.quiet))
    items: deque[Piece | Failure] = deque()

    def tee() -> Iterator[Piece | Failure]:
        for item in input_items(files, args.errors, args.chunk_size):
            items.append(item)
            yield item

    sink_cm = (atomic_output(args.output) if args.output and not args.check
               else contextlib.nullcontext(sys.stdout.buffer))
    outputs: dict[int, _Output] = {}
    try:
        status, found = _stream_into(sink_cm, args, unspinner, files, jobs, progress, items, tee(), outputs)
    except _Abandoned:  # an input failed: -o keeps its previous content (all or nothing)
        status, found = 3, False
    progress.close()
    if status:
        return status
    return 1 if (args.check and found) else 0


_DONE = object()  # the end of _stream_into's results


class _Abandoned(Exception):
    """Raised inside the output block to discard a partial ``-o`` file."""


def _stream_into(sink_cm: contextlib.AbstractContextManager[IO[bytes]], args: argparse.Namespace,
                 unspinner: Unspinner, files: list[str], jobs: int, progress: Progress,
                 items: deque[Piece | Failure], pieces: Iterator[Piece | Failure],
                 outputs: dict[int, _Output]) -> tuple[int, bool]:
    """Repair the pieces in order into the sink; (status, found edits)."""
    status, found = 0, False
    with sink_cm as sink:
        from .batch import ordered_map

        results = ordered_map(_work, pieces, unspinner, jobs)
        while True:
            # A piece's edits (tens of thousands in spun text) live from its explain to its output: the
            # collector stays paused until they are freed, or its next run walks them all for nothing
            # (see gcpause.py)
            with paused():
                result = next(results, _DONE)
                if result is _DONE:
                    break
                item = items.popleft()
                if isinstance(item, Failure):
                    progress.clear()
                    print(f"unspin: {item.message}", file=sys.stderr)
                    status = 3
                    outputs.pop(item.source, None)
                    continue
                assert result is not None
                out = outputs.get(item.source)
                if out is None:
                    out = outputs[item.source] = _Output(files[item.source], args.format, args.explain)
                if result.error:
                    progress.clear()
                    line = item.line + item.text.count("\n", 0, item.core_start) + 1
                    print(f"unspin: {out.path}:{line}: left unchanged from here to the next piece "
                          f"({result.error})", file=sys.stderr)
                    status = 3
                data, err = out.add(item, result, args.check)
                found = found or bool(result.edits)
                if err:
                    progress.clear()
                    sys.stderr.write(err)
                if data:
                    sink.write(encode(data, args.errors))
                    if not args.output:
                        sink.flush()
                progress.update(len(item.core.encode("utf-8", "surrogatepass")), len(result.edits))
                if item.last:
                    if args.explain:
                        sys.stderr.write(out.summary())
                    del outputs[item.source]
                result = None  # freed while paused
        if status and args.output and not args.check:
            raise _Abandoned
    return status, found
