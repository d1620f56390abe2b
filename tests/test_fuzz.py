"""Fuzzing: the matcher, the lexicon parser, normalization and the command line on random input.

Each target states properties that must hold for *any* input, not expected outputs: offsets in range
and on word boundaries, equal to a slow regex reference; the parser raises only ``LexiconError``;
normalization edits are valid and non-overlapping; the CLI ends with a documented exit code and never
a traceback. The number of examples per target comes from ``UNSPIN_FUZZ_EXAMPLES`` (default small so
the file runs in well under a minute); ``python tools/fuzz.py --seconds 600`` runs the same targets
for longer, round after round with fresh seeds.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from match_reference import reference

from unspin import Unspinner, apply_edits, cli
from unspin.lexicon import Entry, LexiconError, parse_lexicon, validate
from unspin.match import Matcher, at_word_boundaries, fold
from unspin.model import Config, Edit
from unspin.normalize import apply, normalize_edits

EXAMPLES = int(os.environ.get("UNSPIN_FUZZ_EXAMPLES", "60"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                       HealthCheck.filter_too_much])
DATA = Path(__file__).parent / "data"
LEX = str(DATA / "testlex.tsv")
VALID_LEXICON = (DATA / "testlex.tsv").read_text(encoding="utf-8")

# Examples run per target (tools/fuzz.py reports them).
COUNTS: dict[str, int] = {}


def _count(target: str) -> None:
    COUNTS[target] = COUNTS.get(target, 0) + 1


# -- strategies ------------------------------------------------------------------------------------
# Characters that break naive offset, case or boundary handling, mixed into random Unicode.
TRICKY = ["İ", "ı", "ß", "ẞ", "Σ", "ς", "ﬁ", "e\u0301", "\u0301", "😀", "’", "‘", "“", "”", "\u2032",
          "\r\n", "\r", "\n", "\t", "\u00a0", "\u2028", "\u3000", "-", "\u2010", "\u2011", "_", "'",
          "\ud800", "\udcff", "\ufeff", "\x85", "K", "Å", "ǅ", "ŉ"]
WORDS = ["top", "minister", "jap", "legit", "a", "an", "the", "it's", "e-mail", "café", "naïve", "data"]
PIECE = st.one_of(st.sampled_from(TRICKY), st.sampled_from(WORDS), st.text(max_size=4),
                  st.sampled_from([" ", " ", ".", ",", "  "]))
PHRASE_CHARS = st.one_of(st.sampled_from([*TRICKY, "a", "b", "x", "é", "ö", "İ", "σ"]), st.characters())


@st.composite
def phrases(draw: st.DrawFn) -> str:
    """A lexicon phrase: one to three words, from ordinary and tricky characters."""
    words = draw(st.lists(st.one_of(st.sampled_from(WORDS),
                                    st.lists(PHRASE_CHARS, min_size=1, max_size=4).map("".join)),
                          min_size=1, max_size=3))
    return " ".join(" ".join(w.split()) for w in words if w.split()) or "x"


def texts(extra: list[str] | None = None) -> st.SearchStrategy[str]:
    pieces = PIECE if not extra else st.one_of(PIECE, st.sampled_from(extra))
    return st.lists(pieces, max_size=30).map("".join)


# -- matcher ---------------------------------------------------------------------------------------


@st.composite
def matcher_cases(draw: st.DrawFn) -> tuple[list[Entry], str, bool]:
    spuns = draw(st.lists(phrases(), min_size=1, max_size=6, unique_by=str.casefold))
    flag_sets = st.sampled_from([frozenset(), frozenset({"noun"}), frozenset({"verb"}), frozenset({"case"})])
    entries = [Entry(s, ("x",), "sure", draw(flag_sets)) for s in spuns]
    return entries, draw(texts(spuns + [s.upper() for s in spuns])), draw(st.booleans())


def check_matcher(entries: list[Entry], text: str, automaton: bool) -> None:
    """Matches equal the reference, lie on word boundaries, are sorted; fold keeps the length."""
    _count("matcher")
    folded = fold(text)
    assert len(folded) == len(text)
    try:
        matcher = Matcher.build(entries)
    except UnicodeEncodeError:
        return  # a phrase with a lone surrogate cannot come from a UTF-8 lexicon file
    if automaton:
        matcher.automaton  # noqa: B018 - built: find() then always scans with the automaton
    got = matcher.find(text)
    assert got == sorted(got, key=lambda x: (x.start, -x.end, x.entry))
    for m in got:
        assert 0 <= m.start < m.end <= len(text)
        assert at_word_boundaries(text, m.start, m.end)
    assert {(m.start, m.end, m.entry) for m in got} == reference(matcher, text)


@FUZZ
@given(matcher_cases())
# found by fuzzing: "AΣ".lower() is "aς" (final sigma) but the lone run "Σ" lowers to "σ"
@example(([Entry("top", ("x",), "sure"), Entry("AΣ", ("x",), "sure")], "AΣ", False))
@example(([Entry("top", ("x",), "sure")], "top\u02bc", False))  # found by a 10-minute run
def test_matcher_on_random_unicode(case: tuple[list[Entry], str, bool]) -> None:
    check_matcher(*case)


# -- lexicon parser --------------------------------------------------------------------------------
LEXICON_PIECES = ["\t", "\n", "\r\n", "#", "# unspin-lexicon 1\n", "# name: x\n", "# version: 1\n",
                  "spun\tcanonical\tprior\n", "sure", "likely", "context", "noun", "verb", "case", "|",
                  "(", ")", "[", "\\", "(?i)", "(?x)", " # ", "*", "+?", "{2,1}", "(?<", "\ufeff", "\x00",
                  "\ud800", "top minister", "\tx\tsure\t\t", "the", "\\Z", "$", "^"]


@st.composite
def mutated_lexicons(draw: st.DrawFn) -> str:
    """The valid test lexicon with a few random insertions, deletions and line swaps."""
    text = VALID_LEXICON
    for _ in range(draw(st.integers(1, 6))):
        op = draw(st.sampled_from(["insert", "delete", "swap", "replace"]))
        i = draw(st.integers(0, len(text)))
        if op == "insert":
            text = text[:i] + draw(st.one_of(st.sampled_from(LEXICON_PIECES), st.text(max_size=5))) + text[i:]
        elif op == "delete":
            text = text[:i] + text[i + draw(st.integers(1, 20)):]
        elif op == "replace":
            text = text[:i] + draw(st.sampled_from(LEXICON_PIECES)) + text[i + 1:]
        else:
            lines = text.split("\n")
            a, b = draw(st.integers(0, len(lines) - 1)), draw(st.integers(0, len(lines) - 1))
            lines[a], lines[b] = lines[b], lines[a]
            text = "\n".join(lines)
    return text


LEXICON_TEXTS = st.one_of(mutated_lexicons(), st.lists(st.one_of(st.sampled_from(LEXICON_PIECES), st.text(max_size=8)),
                                                         max_size=25).map("".join))


def check_lexicon(text: str) -> None:
    """Only LexiconError escapes the parser and the validator; what parses also compiles and matches."""
    _count("lexicon")
    try:
        lex = parse_lexicon(text, "fuzz.tsv")
    except LexiconError as exc:
        assert str(exc).startswith("fuzz.tsv:"), exc
        assert "\n" not in str(exc), exc
        return
    problems = validate([lex])
    assert all(isinstance(p, LexiconError) for p in problems)
    if "\ud800" in text:
        return  # a lone surrogate cannot come from a UTF-8 file (load_lexicon refuses it)
    # what parses must run: the engine compiles the constraint regexes its own way
    sample = " ".join(f"the {e.spun} the" for e in lex.entries) + " " + text
    result = Unspinner([lex], Config(normalize=False)).explain(sample)
    assert apply_edits(sample, result.edits) == result.text


@FUZZ
@given(LEXICON_TEXTS)
def test_lexicon_parser_raises_only_lexicon_errors(text: str) -> None:
    check_lexicon(text)


# -- normalization ---------------------------------------------------------------------------------
NORMALIZE_PIECES = ["{", "}", "|", "{that a}", "{a|b|c}", "{{", "Pacific.They", "U.S.", "e.g.", "the the",
                    "The the", "a an", "Bidenâ€™s", "Ã©", "â€", "Ã", "\u0301", "e\u0301", "   ", "\t", ". ",
                    "A.", "http://x.Y", "3.5", "..."]
NORMALIZE_SWITCHES = st.fixed_dictionaries({k: st.booleans() for k in (
    "spintax", "glued", "mojibake", "doubled", "nfc", "whitespace", "paragraphs")})


def check_normalize(text: str, switches: dict[str, bool]) -> None:
    """Edits are sorted, non-overlapping, in range, carry the text they replace, and apply cleanly."""
    _count("normalize")
    edits = normalize_edits(text, **switches)
    prev = None
    for e in edits:
        assert isinstance(e, Edit)
        assert 0 <= e.start <= e.end <= len(text)
        assert e.original == text[e.start:e.end]
        assert e.original != e.replacement
        if prev is not None:
            assert prev.end <= e.start and (prev.start, prev.end) != (e.start, e.end)
        prev = e
    out = apply(text, edits)
    assert isinstance(out, str)


@FUZZ
@given(texts(NORMALIZE_PIECES), NORMALIZE_SWITCHES)
def test_normalize_on_random_text(text: str, switches: dict[str, bool]) -> None:
    check_normalize(text, switches)


# -- command line ----------------------------------------------------------------------------------
CLI_PIECES = [b"Jap Top Minister ", b"the legit mentioned ", b"\xff", b"\xc3", b"\xe2\x80", b"\xed\xa0\x80",
              b"\r\n", b"\r", b"\n\n", b"\x00", "İ".encode(), "é".encode(), "’".encode(), b"\xef\xbb\xbf"]
CLI_BYTES = st.lists(st.one_of(st.sampled_from(CLI_PIECES), st.binary(max_size=6)), max_size=20).map(b"".join)
CLI_OPTIONS = st.tuples(st.sampled_from(["text", "jsonl", "diff", "word-diff", "rdjsonl"]),
                        st.sampled_from(["strict", "replace", "surrogateescape"]),
                        st.sampled_from([".txt", ".md", ".html"]), st.booleans())


@contextlib.contextmanager
def captured() -> Iterator[tuple[io.BytesIO, io.BytesIO]]:
    """Run with sys.stdout/stderr swapped for byte buffers (the CLI writes to stdout.buffer)."""
    out, err = io.BytesIO(), io.BytesIO()
    saved = sys.stdout, sys.stderr
    sys.stdout = io.TextIOWrapper(out, encoding="utf-8", write_through=True)
    sys.stderr = io.TextIOWrapper(err, encoding="utf-8", errors="backslashreplace", write_through=True)
    try:
        yield out, err
    finally:
        for wrapper in (sys.stdout, sys.stderr):
            wrapper.flush()
            wrapper.detach()  # else closing the wrapper (at garbage collection) closes the buffer
        sys.stdout, sys.stderr = saved


def check_cli(data: bytes, options: tuple[str, str, str, bool]) -> None:
    """Any bytes: exit 0 (or 3 for input refused, with a one-line file-named message); no traceback."""
    _count("cli")
    fmt, errors, suffix, explain = options
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "in" + suffix)
        with open(path, "wb") as fh:
            fh.write(data)
        argv = [path, "--lexicon-set", LEX, "--jobs", "1", "-q", "-f", fmt, "--errors", errors, "--color", "never"]
        if explain:
            argv.append("--explain")
        with captured() as (out, err):
            code = cli.main(argv)
    stderr = err.getvalue().decode("utf-8", "replace")
    assert "Traceback" not in stderr, stderr
    assert code in (0, 3), (code, stderr)
    if code == 3:
        assert stderr.startswith(f"unspin: {path}:"), stderr
        assert b"\0" in data or errors == "strict", stderr
        return
    assert b"\0" not in data
    if fmt in ("jsonl", "rdjsonl"):
        for line in out.getvalue().decode("utf-8", "surrogateescape").splitlines():
            json.loads(line)


@FUZZ
@given(CLI_BYTES, CLI_OPTIONS)
def test_cli_on_random_bytes(data: bytes, options: tuple[str, str, str, bool]) -> None:
    check_cli(data, options)


# The targets tools/fuzz.py runs, by name.
TARGETS = {
    "matcher": test_matcher_on_random_unicode,
    "lexicon": test_lexicon_parser_raises_only_lexicon_errors,
    "normalize": test_normalize_on_random_text,
    "cli": test_cli_on_random_bytes,
}
