"""Build lexicons/pps.tsv from the Problematic Paper Screener tortured-phrase export.

Usage::

    python tools/build_pps_lexicon.py [--source DIR] [--out lexicons/pps.tsv] [--bigrams FILE]

Inputs (``--source``, default ``../shared/data/pps`` next to the repository):

* ``tortured.csv``: ``tortured_phrase,expected_phrase,num_papers``; the tortured side keeps the PPS
  query syntax (quoted phrases, AND / OR / NOT clauses, ``~N`` proximity, ``*``).
* ``tortured-phrases.json``: the same pairs lower-cased with the query syntax removed, plus some more.
* ``tortured_phrases_list.txt``: one fingerprint per paper it was found in (a frequency).

Evidence for "is this tortured phrase ordinary English?" comes from the English bigram counts shipped
in the ``symspellpy`` wheel (``frequency_bigramdictionary_en_243_342.txt``, MIT; fetched at build time
with ``pip download symspellpy --no-deps`` unless ``--bigrams`` names the file) and from wordfreq.

The build is deterministic: the same inputs give the same file byte for byte. A summary of what was
kept, converted and dropped (with reasons) is printed to stderr.
"""

from __future__ import annotations

import argparse
import csv
import io
import itertools
import json
import math
import re
import subprocess
import sys
import tempfile
import zipfile
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_SOURCE = REPO.parent / "shared" / "data" / "pps"
DEFAULT_OUT = REPO / "lexicons" / "pps.tsv"
BIGRAM_MEMBER = "symspellpy/frequency_bigramdictionary_en_243_342.txt"

LEXICON_VERSION = "2026.3.1"
HEADER = [
    "# unspin-lexicon 1",
    "# name: pps",
    f"# version: {LEXICON_VERSION}",
    "# source: Problematic Paper Screener tortured-phrase list (Cabanac, Labbé and Magazinov,"
    " arXiv:2107.06751), export of 2026-03; built by tools/build_pps_lexicon.py",
    "# licence: CC-BY-4.0 (attribution: lexicons/LICENSE-pps.md)",
    "# description: tortured phrases of paraphrased scientific papers (science)",
]
COLUMNS = ["spun", "canonical", "prior", "flags", "right", "requires", "excludes", "tags", "note"]

SURE_MIN_PAPERS = 10  # seen in at least this many papers to be trusted without other evidence
ORDINARY_WORD_ZIPF = 3.0  # a single word this frequent (wordfreq zipf) is ordinary English
RARE_WORD_ZIPF = 1.5  # below this a single word is not English in edited text
MAX_CANONICAL_WORDS = 12


class Skip(Exception):
    """A source pair that cannot be turned into a sensible entry; the message is the reason."""


# --------------------------------------------------------------------------------------------------
# PPS query syntax -> phrases and context clauses


@dataclass(frozen=True)
class Query:
    """A parsed PPS query: the tortured phrases (OR alternatives) and their document-level clauses.

    ``requires`` / ``excludes`` are regular expressions (case-insensitive, searched in the document).
    """

    phrases: tuple[str, ...]
    requires: str = ""
    excludes: str = ""
    notes: tuple[str, ...] = ()


_TOKEN_RE = re.compile(r'\s*(?:"(?P<q>[^"]*)"(?:~(?P<prox>\d+))?|(?P<op>AND|OR|NOT|ADN)\b|(?P<p>[()])'
                       r"|(?P<w>[^\s()\"]+))")


def _tokens(query: str) -> list[tuple[str, str]]:
    """Split a query into (kind, value) tokens: phrase, prox, op, paren."""
    out: list[tuple[str, str]] = []
    pos = 0
    query = query.strip()
    while pos < len(query):
        m = _TOKEN_RE.match(query, pos)
        if not m or m.end() == pos:
            raise Skip(f"unparsable query {query!r}")
        pos = m.end()
        if m.group("q") is not None:
            if m.group("prox"):
                out.append(("prox", m.group("q")))
            else:
                out.append(("phrase", m.group("q")))
        elif m.group("op"):
            op = "AND" if m.group("op") == "ADN" else m.group("op")  # one row spells AND as ADN
            out.append(("op", op))
        elif m.group("p"):
            out.append(("paren", m.group("p")))
        elif m.group("w"):
            # bare words run together into one phrase until an operator (AND business intelligence)
            if out and out[-1][0] == "bare":
                out[-1] = ("bare", out[-1][1] + " " + m.group("w"))
            else:
                out.append(("bare", m.group("w")))
    return out


def term_regex(term: str) -> str:
    """A regex that finds a PPS query term in a document: words separated by spaces or hyphens,
    on word boundaries; a trailing ``*`` is a wildcard for the rest of the word.

    >>> term_regex("surface area")
    '\\\\bsurface[\\\\s-]+area\\\\b'
    >>> term_regex("optimiz*")
    '\\\\boptimiz\\\\w*'
    >>> bool(re.search(term_regex("with MACS"), "sorted with  macs", re.I))
    True
    """
    term = normalize_space(term)
    if not term:
        raise Skip("empty query term")
    if "*" in term[:-1]:
        raise Skip(f"wildcard inside a term: {term!r}")
    wildcard = term.endswith("*")
    words = term.rstrip("*").split(" ")
    body = r"[\s-]+".join(re.escape(w) for w in words)
    left = r"\b" if re.match(r"\w", words[0]) else ""
    if wildcard:
        return left + body + r"\w*"
    right = r"\b" if re.search(r"\w$", words[-1]) else ""
    return left + body + right


def _group(tokens: list[tuple[str, str]], i: int) -> tuple[list[tuple[str, str]], int]:
    """Read one operand at tokens[i]: a phrase or a parenthesised OR group; return its terms."""
    if i >= len(tokens):
        raise Skip("operator without an operand")
    kind, value = tokens[i]
    if kind in ("phrase", "bare", "prox"):
        return [(kind, value)], i + 1
    if kind == "paren" and value == "(":
        terms: list[tuple[str, str]] = []
        i += 1
        while i < len(tokens) and tokens[i] != ("paren", ")"):
            if tokens[i] == ("op", "OR"):
                i += 1
                continue
            if tokens[i][0] == "op" or tokens[i][0] == "paren":
                raise Skip("nested operators inside a group")
            terms.append(tokens[i])
            i += 1
        if i >= len(tokens):
            raise Skip("unbalanced parenthesis in query")
        return terms, i + 1
    raise Skip(f"unexpected token {value!r} in query")


def parse_query(query: str) -> Query:
    """Convert a PPS query to phrases and context regexes.

    The leading phrase (or ``A OR B`` phrases) is the tortured phrase; ``AND x`` clauses become
    ``requires``, ``NOT x`` clauses ``excludes``. Proximity (``"a b"~N``) cannot be expressed by the
    lexicon format exactly, so such queries raise :class:`Skip`.

    >>> q = parse_query('"surface region" AND "surface area"')
    >>> q.phrases, q.requires
    (('surface region',), '\\\\bsurface[\\\\s-]+area\\\\b')
    >>> parse_query('"fit record" OR "fit file" AND "fit index"').phrases
    ('fit record', 'fit file')
    >>> parse_query('"highlight extraction" NOT specular').excludes
    '\\\\bspecular\\\\b'
    """
    tokens = _tokens(query)
    if not tokens:
        raise Skip("empty query")
    heads, i = _group(tokens, 0)
    while i < len(tokens) and tokens[i] == ("op", "OR"):
        more, i = _group(tokens, i + 1)
        heads += more
    if any(kind == "prox" for kind, _ in heads):
        raise Skip("proximity (~N) in the tortured phrase")
    if any(kind == "bare" for kind, _ in heads) and len(tokens) > 1:
        raise Skip("unquoted tortured phrase")
    requires: list[str] = []
    excludes: list[str] = []
    notes: list[str] = []
    while i < len(tokens):
        kind, op = tokens[i]
        if kind != "op" or op == "OR":
            raise Skip(f"unexpected {op!r} in query clauses")
        terms, i = _group(tokens, i + 1)
        if any(k == "prox" for k, _ in terms):
            raise Skip(f"proximity (~N) in a {op} clause")
        alternation = [term_regex(v) for _, v in terms]
        pattern = alternation[0] if len(alternation) == 1 else "(?:" + "|".join(alternation) + ")"
        (requires if op == "AND" else excludes).append(pattern)
        notes.append(f"{op} " + " OR ".join(v for _, v in terms))
    return Query(
        phrases=tuple(normalize_space(v) for _, v in heads),
        requires=_all_of(requires),
        excludes="|".join(excludes),
        notes=tuple(notes),
    )


def _all_of(patterns: list[str]) -> str:
    """One regex that finds a document containing every pattern (anywhere, any order)."""
    if len(patterns) <= 1:
        return patterns[0] if patterns else ""
    return r"(?s)\A" + "".join(f"(?=.*?{p})" for p in patterns)


def example_for(pattern: str) -> str:
    """A short text that ``pattern`` finds, for the regex shapes this builder writes
    (term regexes, alternations, all-of lookaheads, the right-context abbreviation).

    >>> example_for(term_regex("surface area"))
    'surface area'
    >>> example_for(_all_of([term_regex("keen"), "(?:" + term_regex("rat") + "|" + term_regex("mice") + ")"]))
    'keen rat'
    >>> example_for(abbreviation_right("WSNs"))
    ' (WSNs)'
    """
    if pattern.startswith(r"(?s)\A"):
        parts = re.findall(r"\(\?=\.\*\?((?:[^()]|\((?:[^()])*\))*)\)", pattern)
        return " ".join(example_for(p) for p in parts)
    if pattern.startswith("(?:") and pattern.endswith(")"):
        pattern = pattern[3:-1].split("|")[0]
    if pattern.startswith("(?i)"):
        pattern = pattern[4:]
    text = pattern.replace(r"[\s-]+", " ").replace(r"\s*", " ").replace(r"\b", "").replace(r"\w*", "")
    return re.sub(r"\\(.)", r"\1", text)


# --------------------------------------------------------------------------------------------------
# cleaning both sides

_QUOTES = str.maketrans({"\u201c": '"', "\u201d": '"', "\u2018": "'", "\u2019": "'", "\xa0": " "})


def normalize_space(text: str) -> str:
    """Collapse whitespace (no-break spaces included) and strip it.

    >>> normalize_space("  machine\\xa0learning  ")
    'machine learning'
    """
    return " ".join(text.replace("\xa0", " ").split())


_ABBR_TAIL = re.compile(r"^(?P<core>.*\S)\s*\((?P<abbr>[A-Za-z0-9&.\-]+)\)$")


def abbreviation_right(abbr: str) -> str:
    """The ``right`` context regex for a bracketed abbreviation after a phrase: ``(?i)\\s*\\(WSNs\\)``."""
    return r"(?i)\s*\(" + re.escape(abbr) + r"\)"


def split_tortured(tortured: str) -> tuple[str, str, str]:
    """Normalise a tortured phrase: returns (spun, right-context regex, abbreviation).

    A trailing bracketed abbreviation is the fingerprint's evidence, so it becomes a right context
    instead of part of the edited span: the restoration then keeps the abbreviation as written.

    >>> split_tortured('Remote Sensor Systems (WSNs)')
    ('remote sensor systems', '(?i)\\\\s*\\\\(WSNs\\\\)', 'WSNs')
    >>> split_tortured(' "huge  information" ')
    ('huge information', '', '')
    """
    text = normalize_space(tortured.translate(_QUOTES)).strip('"').strip()
    m = _ABBR_TAIL.match(text)
    if m and "(" not in m.group("core"):
        return m.group("core").lower(), abbreviation_right(m.group("abbr")), m.group("abbr")
    return text.lower(), "", ""


@dataclass
class Canonical:
    """Cleaned restoration(s): the first alternative is applied; ``doubtful`` marks a PPS ``(?)``."""

    alternatives: list[str]
    doubtful: bool = False
    notes: list[str] = field(default_factory=list)


_EXPLANATION = re.compile(r"https?://|->|\bsee\b|\bAND\b|\*|\bword\b|\bwords\b|'\w+'", re.I)


def _balanced_parens(text: str) -> str:
    # a lone "(" with no ")" (truncated export: "nuclear medicine (nm") drops the tail
    if text.count("(") > text.count(")"):
        text = text[: text.rfind("(")]
    return text


def clean_canonical(expected: str, tortured: str, ranker: Ranker | None = None) -> Canonical:
    """Turn a PPS ``expected_phrase`` into sensible restorations, or raise :class:`Skip`.

    Rules: doubts (``?``, ``(?)``) are dropped and remembered; bracketed hints (``[neural network]``)
    and trailing explanations or abbreviations in parentheses are dropped (the abbreviation stays in the
    text: see :func:`split_tortured`); optional words ``(machine) learning`` give the shorter phrase first;
    ``a/b`` and ``x / y`` and comma lists (when the tortured side has none) become alternatives, the
    commonest English phrase first. Parentheses the tortured side also has are kept literally.

    >>> clean_canonical("back propagation (BP)", "feedback processing").alternatives
    ['back propagation']
    >>> clean_canonical("rythm pattern (?)", "cadence design").doubtful
    True
    >>> clean_canonical("supervised (machine) learning", "directed learning").alternatives
    ['supervised learning', 'supervised machine learning']
    >>> clean_canonical("IoT (Internet of Things)", "IoT (Web of Things)").alternatives
    ['IoT (Internet of Things)']
    """
    text = normalize_space(expected.translate(_QUOTES).replace('\\"', '"')).strip('"').strip()
    notes: list[str] = []
    doubtful = bool(re.search(r"\?", text))
    # cut a trailing ", see https://..." pointer, then refuse what is still an explanation
    text = re.sub(r",?\s*\(?\bsee\b.*$", "", text, flags=re.I) if re.search(r"https?://", text) else text
    text = re.sub(r"\?+", "", text)
    text = re.sub(r"\(\s*\)", "", text)
    text = _balanced_parens(text)
    text = re.sub(r"\s*\[[^\]]*\]\s*", " ", text)  # [neural network] layer outputs: a hint
    text = text.replace("…", "").replace("...", "")
    text = normalize_space(text).strip(" .,;:")
    if not re.search(r"[A-Za-z]", text):
        raise Skip("no restoration given (???)")
    tortured_l = tortured.lower()
    keep_parens = "(" in tortured
    if not keep_parens:
        m = re.match(r"^([A-Z0-9\-]+)\s+\(([^()]+)\)$", text)  # NGS (Next-Generation Sequencing)
        if m:
            text = m.group(2)
        # trailing explanation or abbreviation: (BP), (in SVM), (a part of LSTM), (memory)
        while True:
            m = re.match(r"^(.*\S)\s+\(([^()]*)\)$", text)
            if not m:
                break
            notes.append(m.group(2))
            text = m.group(1)
    if _EXPLANATION.search(text) or '"' in text:
        raise Skip("an explanation, not a phrase")
    base = [text] if keep_parens else _optional_words(text)
    alternatives: list[str] = []
    for alt in base:
        for part in _split_alternatives(alt, tortured_l, ranker):
            part = normalize_space(part).strip(" .,;:")
            if part and part not in alternatives and re.search(r"[A-Za-z]", part):
                alternatives.append(part)
    alternatives = [a for a in alternatives if a.lower() != tortured_l]
    if not alternatives:
        raise Skip("restoration equals the tortured phrase")
    if any(len(a.split()) > MAX_CANONICAL_WORDS for a in alternatives[:1]):
        raise Skip("an explanation, not a phrase")
    return Canonical(alternatives, doubtful, notes)


def _optional_words(text: str) -> list[str]:
    """``(mean) squared error`` -> [``squared error``, ``mean squared error``]; ``autist(ic)`` likewise."""
    if "(" not in text:
        return [text]
    without = normalize_space(re.sub(r"\s*\([^()]*\)\s*", " ", text))
    without = normalize_space(re.sub(r"(\w)\(([^()]*)\)", r"\1", without))
    out = [without]
    content = re.findall(r"\(([^()]*)\)", text)
    if all(re.fullmatch(r"[a-z]+(?: [a-z]+)?", c) for c in content):
        out.append(normalize_space(re.sub(r"\(([^()]*)\)", r"\1", text)))
    return [o for o in out if o]


def _split_alternatives(text: str, tortured_l: str, ranker: Ranker | None) -> list[str]:
    """Expand ``fog/mist/cloud computing``, ``x / y`` and ``a, b`` into alternatives, best first."""
    parts = [text]
    if " / " in text and "/" not in tortured_l:
        parts = [p.strip() for p in text.split(" / ")]
    expanded: list[str] = []
    for part in parts:
        if "/" in part and "/" not in tortured_l:
            words = [w.split("/") if "/" in w else [w] for w in part.split(" ")]
            expanded += [" ".join(c) for c in itertools.product(*words)][:8]
        else:
            expanded.append(part)
    if len(expanded) == 1 and ", " in text and "," not in tortured_l:
        expanded = [p.strip() for p in text.split(", ")]
    if re.search(r'" or "', text):
        expanded = [p.strip('" ') for p in text.split(" or ")]
    if len(expanded) > 1 and ranker is not None and len({len(p.split()) for p in expanded}) == 1:
        # comparable variants of one template (fog/mist/cloud computing): commonest first;
        # the sort is stable, so ties (and lists of unlike phrases) keep the curators' order
        expanded = sorted(expanded, key=lambda p: -ranker.phrase_score(p))
    return expanded


# --------------------------------------------------------------------------------------------------
# evidence: bigram counts and word frequencies


class Ranker:
    """English-usage evidence for phrases: symspellpy bigram counts plus wordfreq unigram zipf."""

    def __init__(self, bigrams: dict[tuple[str, str], int]) -> None:
        self.bigrams = bigrams
        from wordfreq import zipf_frequency

        self._zipf = zipf_frequency

    def zipf(self, word: str) -> float:
        return self._zipf(word.lower(), "en")

    @staticmethod
    def words(phrase: str) -> list[str]:
        return re.findall(r"[a-z0-9']+", phrase.lower())

    def pair_counts(self, phrase: str) -> list[int]:
        """Bigram counts of adjacent word pairs (hyphens split words); 0 for an absent pair."""
        ws = self.words(phrase)
        return [self.bigrams.get((a, b), 0) for a, b in zip(ws, ws[1:], strict=False)]

    def phrase_score(self, phrase: str) -> float:
        """How established a phrase is: mean log bigram count, or the zipf of a single word."""
        counts = self.pair_counts(phrase)
        if not counts:
            ws = self.words(phrase)
            return self.zipf(ws[0]) if ws else 0.0
        return sum(math.log10(c) if c else 0.0 for c in counts) / len(counts)

    def ordinary(self, phrase: str) -> bool:
        """True when the phrase is ordinary edited English: every adjacent word pair is among the
        243k commonest English bigrams, or a single word is common (wordfreq zipf >= 3)."""
        counts = self.pair_counts(phrase)
        if counts:
            return all(counts)
        ws = self.words(phrase)
        return bool(ws) and self.zipf(ws[0]) >= ORDINARY_WORD_ZIPF

    def never_ordinary(self, phrase: str) -> bool:
        """True when no evidence says the phrase is English: no adjacent pair is a known bigram
        (or a single word is rare)."""
        counts = self.pair_counts(phrase)
        if counts:
            return not any(counts)
        ws = self.words(phrase)
        return not ws or self.zipf(ws[0]) < RARE_WORD_ZIPF

    def plural_is_natural(self, word: str) -> bool:
        """A noun whose regular plural is common usage (``network`` -> ``networks``), as evidenced by
        wordfreq; ``the X`` / ``the Xs`` among the common bigrams rules out most verbs and adjectives."""
        if not re.fullmatch(r"[a-z]+", word) or len(word) < 3:
            return False
        p = plural(word)
        zs, zp = self.zipf(word), self.zipf(p)
        nounish = ("the", word) in self.bigrams or ("the", p) in self.bigrams
        return nounish and zp >= 2.5 and zp >= zs - 1.5


def plural(word: str) -> str:
    """The regular plural the engine generates for flag ``noun`` (see unspin.inflect).

    >>> plural("network"), plural("box"), plural("policy")
    ('networks', 'boxes', 'policies')
    """
    w = word.lower()
    if w.endswith(("s", "x", "z", "ch", "sh")):
        return word + "es"
    if w.endswith("y") and len(w) > 1 and w[-2] not in "aeiou":
        return word[:-1] + "ies"
    return word + "s"


def load_bigrams(path: Path | None) -> dict[tuple[str, str], int]:
    """Read the symspellpy bigram file (``w1 w2 count`` a line); download the wheel if no path."""
    if path is None:
        with tempfile.TemporaryDirectory() as tmp:
            subprocess.run([sys.executable, "-m", "pip", "download", "symspellpy", "--no-deps",
                            "--quiet", "-d", tmp], check=True)
            wheel = next(Path(tmp).glob("symspellpy-*.whl"))
            with zipfile.ZipFile(wheel) as zf:
                text = zf.read(BIGRAM_MEMBER).decode("utf-8")
    else:
        text = path.read_text(encoding="utf-8")
    out: dict[tuple[str, str], int] = {}
    for line in text.splitlines():
        parts = line.split()
        if len(parts) == 3:
            out[(parts[0], parts[1])] = int(parts[2])
    return out


# --------------------------------------------------------------------------------------------------
# entries, merging, conflicts


@dataclass
class Entry:
    spun: str
    canonical: list[str]
    papers: int
    right: str = ""
    requires: str = ""
    excludes: str = ""
    doubtful: bool = False
    source: str = "csv"
    pps: str = ""  # the source pair as PPS writes it, for reviewers
    clauses: tuple[str, ...] = ()
    abbr: str = ""
    prior: str = "likely"
    flags: str = ""

    @property
    def key(self) -> tuple[str, str, str, str]:
        return (self.spun, self.right, self.requires, self.excludes)


def fingerprint_counts(lines: Iterable[str]) -> Counter[str]:
    """Papers per tortured phrase in tortured_phrases_list.txt (the part before AND / NOT / ~).

    >>> fingerprint_counts(["Tortured Phrases", "profound learning AND deep learning", "profound learning"])
    Counter({'profound learning': 2})
    """
    counts: Counter[str] = Counter()
    for i, line in enumerate(lines):
        if i == 0 and line.strip().lower() == "tortured phrases":
            continue
        head = re.split(r"\s+(?:AND|NOT|OR)\s+|~\d+", line.strip())[0]
        head = normalize_space(head.strip('"')).lower()
        if head:
            counts[head] += 1
    return counts


_WORD_PART = re.compile(r"[^\W\d_]+", re.UNICODE)


@dataclass(frozen=True)
class CaseModel:
    """Which words are common (seen lower-case somewhere in the curated CSV) and the written form of
    words never seen lower-case (proper nouns and acronyms: ``Gaussian``, ``Fourier``, ``SVM``)."""

    common: frozenset[str]
    proper: dict[str, str]

    @classmethod
    def from_texts(cls, texts: Iterable[str]) -> CaseModel:
        """Learn from mixed-case source strings.

        >>> m = CaseModel.from_texts(["Gaussian noise", "data Mining", "data mining", "Fourier series"])
        >>> sorted(m.common), m.proper["gaussian"]
        (['data', 'mining', 'noise', 'series'], 'Gaussian')
        """
        common: set[str] = set()
        forms: dict[str, Counter[str]] = defaultdict(Counter)
        for t in texts:
            for w in _WORD_PART.findall(t):
                if w == w.lower():
                    common.add(w)
                else:
                    forms[w.lower()][w] += 1
        proper = {low: cnt.most_common(1)[0][0] for low, cnt in sorted(forms.items()) if low not in common}
        return cls(frozenset(common), proper)


def natural_case(canonical: str, model: CaseModel) -> str:
    """Write a restoration in natural case: common words lower case, proper nouns and acronyms as
    the curators write them (the engine carries the text's own Title or UPPER case over).

    >>> m = CaseModel(frozenset({"magnetic", "activated", "cell", "sorting", "mixture"}), {"gaussian": "Gaussian"})
    >>> natural_case("Magnetic-activated cell sorting", m), natural_case("gaussian mixture", m)
    ('magnetic-activated cell sorting', 'Gaussian mixture')
    >>> natural_case("IoT (Internet of Things)", m)
    'IoT (Internet of Things)'
    """

    def fix(m: re.Match[str]) -> str:
        w = m.group(0)
        low = w.lower()
        if w == low:
            return model.proper.get(low, w)
        if w[0].isupper() and w[1:] == w[1:].lower() and len(w) > 1 and low in model.common:
            return low
        return w  # acronyms (CNN), mixed case (IoT), unknown capitalised words

    return _WORD_PART.sub(fix, canonical)


@dataclass
class Summary:
    counts: Counter[str] = field(default_factory=Counter)

    def add(self, what: str, n: int = 1) -> None:
        self.counts[what] += n

    def render(self) -> str:
        width = max(len(k) for k in self.counts) if self.counts else 0
        return "\n".join(f"  {k:<{width}}  {v}" for k, v in sorted(self.counts.items()))


def _papers(value: str) -> int:
    digits = value.replace(",", "").strip()
    return int(digits) if digits.isdigit() else 0


def collect(source: Path, ranker: Ranker, summary: Summary) -> list[Entry]:
    """Read the CSV (with its clauses) and the JSON pairs it does not cover; return raw entries."""
    with (source / "tortured.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    pairs = json.loads((source / "tortured-phrases.json").read_text(encoding="utf-8"))["phrases"]
    with (source / "tortured_phrases_list.txt").open(encoding="utf-8") as fh:
        seen_in = fingerprint_counts(fh)
    summary.add("source: csv rows", len(rows))
    summary.add("source: json pairs", len(pairs))

    # every phrase quoted in a CSV row: the JSON holds the same row with its syntax stripped
    covered: set[str] = set()
    for r in rows:
        for q in re.findall(r'"([^"]*)"', r["tortured_phrase"]):
            covered.add(normalize_space(q).lower())
        covered.add(normalize_space(re.sub(r'"|~\d+', "", r["tortured_phrase"])).lower())
    case = CaseModel.from_texts([r["expected_phrase"] for r in rows])

    raw: list[tuple[str, str, int, Query, str]] = []
    for r in rows:
        try:
            query = parse_query(r["tortured_phrase"])
        except Skip as why:
            summary.add(f"dropped: {why}".split(" in a ")[0].split(": '")[0])
            continue
        if "ADN" in r["tortured_phrase"]:
            summary.add("converted: 'ADN' read as AND")
        raw.append((r["tortured_phrase"], r["expected_phrase"], _papers(r["num_papers"]), query, "csv"))
    for p in pairs:
        t = normalize_space(p["tortured"]).lower()
        if t in covered:
            summary.add("merged: json pair already in csv")
            continue
        raw.append((t, p["correct"], 0, Query(phrases=(t,)), "json"))

    entries: list[Entry] = []
    for _query_text, expected, papers, query, origin in raw:
        for phrase in query.phrases:
            spun, right, abbr = split_tortured(phrase)
            theirs = re.search(r"\(([A-Za-z0-9&.\-]+)\)\s*$", expected)
            if abbr and theirs and theirs.group(1).casefold() != abbr.casefold():
                # (Met) vs (MitM): the abbreviation is part of what is wrong, keep it in the span
                spun, right = normalize_space(phrase.translate(_QUOTES)).strip('"').lower(), ""
                summary.add("converted: abbreviation differs, kept in the phrase")
            if not re.search(r"[a-z]", spun):
                summary.add("dropped: empty tortured phrase")
                continue
            try:
                canon = clean_canonical(expected, spun, ranker)
            except Skip as why:
                summary.add(f"dropped: {why}")
                continue
            alts = [natural_case(a, case) for a in canon.alternatives]
            alts = list(dict.fromkeys(alts))
            if any(a.lower() == spun for a in alts[:1]):
                summary.add("dropped: restoration equals the tortured phrase")
                continue
            # num_papers where the CSV has it, else the fingerprint list's count of papers
            seen = max(papers, seen_in.get(normalize_space(phrase).lower(), 0))
            entries.append(Entry(
                spun=spun, canonical=alts, papers=seen, right=right, abbr=abbr if right else "",
                requires=query.requires,
                excludes=query.excludes, doubtful=canon.doubtful, source=origin,
                pps=f"{normalize_space(phrase)} -> {normalize_space(expected)}", clauses=query.notes))
    summary.add("raw entries", len(entries))
    return entries


def _norm(phrase: str) -> str:
    return " ".join(re.sub(r"-", " ", phrase.casefold()).split())


def merge(entries: list[Entry], summary: Summary) -> list[Entry]:
    """Remove duplicates and conflicts (same spun and constraints), keeping the most-seen entry;
    a hyphenated spun and its spaced twin count as the same phrase (a space matches a hyphen)."""
    best: dict[tuple[str, str, str, str], Entry] = {}
    for e in sorted(entries, key=lambda e: (-e.papers, e.source, e.spun, e.canonical)):
        k = (_norm(e.spun), e.right, e.requires, e.excludes)
        kept = best.get(k)
        if kept is None:
            best[k] = e
        elif kept.canonical[0].lower() == e.canonical[0].lower():
            summary.add("merged: duplicate pair")
        else:
            summary.add("dropped: conflicting restoration of a more frequent pair")
    return list(best.values())


def share_spun(entries: list[Entry], summary: Summary) -> list[Entry]:
    """Entries with the same tortured phrase but different context constraints compete for the same
    text, and the engine does not rank them by their constraints. So: an abbreviation entry
    (``simulated intelligence`` + ``(ML)`` -> machine learning) next to a free entry with another
    restoration keeps the abbreviation inside its phrase (longer, so it wins where it applies);
    among the others, a free entry makes a constrained twin with the same restoration redundant, and
    of twins with different restorations only the most frequent is kept."""
    groups: dict[str, list[Entry]] = defaultdict(list)
    for e in entries:
        groups[_norm(e.spun)].append(e)
    out: list[Entry] = []
    for group in groups.values():
        if len(group) == 1:
            out += group
            continue
        group.sort(key=lambda e: (-e.papers, e.spun, e.right, e.requires, e.excludes))
        plain = [e for e in group if not e.right]
        for e in group:
            if e.right and any(p.canonical[0].lower() != e.canonical[0].lower() for p in plain):
                e.spun = f"{e.spun} ({e.abbr.lower()})"
                e.canonical = [f"{c} ({e.abbr})" for c in e.canonical]
                e.right = ""
                summary.add("converted: abbreviation kept in the phrase (shares a tortured phrase)")
                out.append(e)
            elif e.right:
                out.append(e)
        if not plain:
            continue
        free = [e for e in plain if not (e.requires or e.excludes)]
        keep = free[:1] if free else plain[:1]
        for e in plain:
            if e is keep[0]:
                continue
            if e.canonical[0].lower() == keep[0].canonical[0].lower() and (e.requires or e.excludes) and free:
                summary.add("merged: constrained twin of a free entry with the same restoration")
            elif e.canonical[0].lower() != keep[0].canonical[0].lower():
                summary.add("dropped: same tortured phrase, another restoration under other clauses (rarer)")
            else:
                keep.append(e)
        out += keep
    return out


def _boundary_re(spun: str) -> re.Pattern[str]:
    words = [re.escape(w) for w in spun.casefold().split()]
    return re.compile(r"(?<![\w-])" + r"[\s-]".join(words) + r"(?![\w-])")


def resolve_conflicts(entries: list[Entry], summary: Summary) -> list[Entry]:
    """Drop the rarer side of (a) cycles A -> B -> A and (b) a restoration that contains another
    entry's unconstrained tortured phrase (the output would be edited again)."""
    entries = sorted(entries, key=lambda e: (-e.papers, e.spun, e.right, e.requires, e.excludes))
    dropped: set[int] = set()
    # (a) cycles: canonical of one is the spun of another and vice versa (or longer chains)
    by_spun: dict[str, list[int]] = defaultdict(list)
    for i, e in enumerate(entries):
        by_spun[e.spun.casefold()].append(i)
    for i, e in enumerate(entries):
        if i in dropped:
            continue
        chain, node, steps = {i}, e.canonical[0].casefold(), 0
        while node in by_spun and steps < 8:
            nxt = [j for j in by_spun[node] if j not in dropped]
            if not nxt:
                break
            j = nxt[0]
            if j in chain:
                rarest = max(chain, key=lambda k: (-entries[k].papers, k))
                dropped.add(rarest)
                summary.add("dropped: part of a cycle A -> B -> A (rarer side)")
                break
            chain.add(j)
            node = entries[j].canonical[0].casefold()
            steps += 1
    # (b) a canonical containing a free (unconstrained) artifact; rarer of the two goes
    free_first: dict[str, list[int]] = defaultdict(list)
    for i, e in enumerate(entries):
        if not (e.right or e.requires or e.excludes):
            free_first[e.spun.casefold().split()[0]].append(i)
    pattern_cache: dict[int, re.Pattern[str]] = {}
    changed = True
    while changed:
        changed = False
        for i, e in enumerate(entries):
            if i in dropped:
                continue
            canon = e.canonical[0].casefold()
            for w in sorted(set(re.findall(r"[\w]+", canon))):
                for j in free_first.get(w, ()):
                    if j == i or j in dropped or entries[j].spun.casefold() == e.spun.casefold():
                        continue
                    pat = pattern_cache.setdefault(j, _boundary_re(entries[j].spun))
                    if pat.search(canon):
                        loser = i if (e.papers, -i) < (entries[j].papers, -j) else j
                        dropped.add(loser)
                        changed = True
                        summary.add("dropped: restoration contains another tortured phrase (rarer side)")
                        break
                if i in dropped:
                    break
    # alternatives after the first may not contain artifacts either: prune them quietly
    kept = [e for i, e in enumerate(entries) if i not in dropped]
    free = [(_boundary_re(e.spun)) for e in kept if not (e.right or e.requires or e.excludes)]
    firsts = {w for e in kept if not (e.right or e.requires or e.excludes) for w in e.spun.casefold().split()[:1]}
    for e in kept:
        if len(e.canonical) > 1:
            good = [e.canonical[0]]
            for alt in e.canonical[1:]:
                low = alt.casefold()
                if set(re.findall(r"\w+", low)) & firsts and any(p.search(low) for p in free):
                    summary.add("pruned: alternative containing a tortured phrase")
                    continue
                good.append(alt)
            e.canonical = good
    return kept


def assign_prior(e: Entry, ranker: Ranker) -> Entry:
    """Prior from frequency of use and ordinary-English evidence; flag ``noun`` where natural.

    ordinary English (common bigrams / common word) -> ``context``; seen in >= 10 papers, no PPS
    context clause, certain restoration and no English evidence at all -> ``sure``; else ``likely``.
    """
    constrained = bool(e.requires or e.excludes)
    if ranker.ordinary(e.spun):
        prior = "context"
    elif (e.papers >= SURE_MIN_PAPERS and not constrained and not e.doubtful
          and ranker.never_ordinary(e.spun)):
        prior = "sure"
    else:
        prior = "likely"
    flags = ""
    s_last = e.spun.split(" ")[-1]
    c_last = e.canonical[0].split(" ")[-1]
    if (not e.right and re.fullmatch(r"[a-z]+", s_last) and not s_last.endswith("s")
            and ranker.plural_is_natural(c_last.lower()) and c_last.islower()):
        flags = "noun"
    return replace(e, prior=prior, flags=flags)


def _note(e: Entry) -> str:
    parts = [f"PPS: {e.pps}"]
    if e.clauses:
        parts.append("query " + "; ".join(e.clauses))
    parts.append(f"papers {e.papers}")
    if e.doubtful:
        parts.append("restoration marked uncertain by PPS")
    note = "; ".join(parts)
    return re.sub(r"[\t\r\n]+", " ", note)


def drop_plural_twins(entries: list[Entry], summary: Summary) -> list[Entry]:
    """An entry whose spun is the plural of a ``noun`` entry's spun competes with it for the same
    text. With the same constraints and the matching plural restoration it is redundant (dropped);
    otherwise the singular entry loses its ``noun`` flag so that the plural keeps its own restoration."""
    nouns: dict[str, list[Entry]] = defaultdict(list)
    for e in entries:
        if "noun" in e.flags:
            nouns[_plural_phrase(e.spun)].append(e)
    out = []
    for e in entries:
        twins = [t for t in nouns.get(e.spun, []) if t is not e]
        same = [t for t in twins if t.key[1:] == e.key[1:]
                and _plural_phrase(t.canonical[0]).lower() == e.canonical[0].lower()]
        if same and "noun" in same[0].flags:
            summary.add("merged: plural of a noun entry")
            continue
        for t in twins:
            if t.flags:
                t.flags = ""
                summary.add("unflagged: noun entry whose plural has its own entry")
        out.append(e)
    return out


def _plural_phrase(phrase: str) -> str:
    words = phrase.split(" ")
    return " ".join(words[:-1] + [plural(words[-1])])


def build(source: Path, bigrams: dict[tuple[str, str], int]) -> tuple[list[str], Summary]:
    """Build the lexicon lines (header included) and the summary."""
    summary = Summary()
    ranker = Ranker(bigrams)
    entries = collect(source, ranker, summary)
    entries = merge(entries, summary)
    entries = share_spun(entries, summary)
    entries = resolve_conflicts(entries, summary)
    entries = [assign_prior(e, ranker) for e in entries]
    entries = drop_plural_twins(entries, summary)
    entries.sort(key=lambda e: (-e.papers, e.spun, e.right, e.requires, e.excludes))
    lines = HEADER + ["\t".join(COLUMNS)]
    for e in entries:
        summary.add(f"prior: {e.prior}")
        if e.flags:
            summary.add(f"flag: {e.flags}")
        if e.right:
            summary.add("right context: abbreviation")
        if e.requires:
            summary.add("requires (AND clause)")
        if e.excludes:
            summary.add("excludes (NOT clause)")
        cells = [e.spun, "|".join(e.canonical), e.prior, e.flags, e.right, e.requires, e.excludes,
                 "science", _note(e)]
        if any("\t" in c or "\n" in c for c in cells):
            raise ValueError(f"tab or newline in an entry: {cells!r}")
        lines.append("\t".join(cells))
    summary.add("entries written", len(entries))
    return lines, summary


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE, help="PPS export folder")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="lexicon TSV to write")
    parser.add_argument("--bigrams", type=Path, default=None,
                        help="frequency_bigramdictionary_en_243_342.txt (default: from the symspellpy wheel)")
    args = parser.parse_args(argv)
    lines, summary = build(args.source, load_bigrams(args.bigrams))
    buf = io.StringIO()
    buf.write("\n".join(lines) + "\n")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(buf.getvalue(), encoding="utf-8")
    print(f"wrote {args.out} ({len(lines) - len(HEADER) - 1} entries)", file=sys.stderr)
    print(summary.render(), file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
