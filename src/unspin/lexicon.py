"""Lexicon files: parse the TSV format of docs/lexicon-format.md into entries, and validate them.

Parsing refuses malformed files with a :class:`LexiconError` naming ``file:line``; cross-entry checks
(duplicates, conflicts, cycles, canonicals that are artifacts) live in :func:`validate`.
"""

from __future__ import annotations

import functools
import hashlib
import re as stdlib_re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import regex


FORMAT_HEADER = "# unspin-lexicon 1"
PRIORS = ("sure", "likely", "context")
FLAGS = frozenset({"noun", "verb", "case"})
COLUMNS = ("spun", "canonical", "prior", "flags", "left", "right", "requires", "excludes", "tags", "note")
REQUIRED_COLUMNS = ("spun", "canonical", "prior")
NAME_RE = stdlib_re.compile(r"[a-z0-9_-]+\Z")
META_RE = stdlib_re.compile(r"#\s*([A-Za-z_][\w-]*)\s*:\s*(.*?)\s*\Z")


class LexiconError(ValueError):
    """A problem in a lexicon file, located at ``path:line``."""

    def __init__(self, path: str, line: int, problem: str) -> None:
        super().__init__(f"{path}:{line}: {problem}")
        self.path, self.line, self.problem = path, line, problem


@dataclass(frozen=True, slots=True)
class Entry:
    """One lexicon row: an artifact and its restoration."""

    spun: str
    canonical: tuple[str, ...]
    prior: str
    flags: frozenset[str] = frozenset()
    left: str = ""
    right: str = ""
    requires: str = ""
    excludes: str = ""
    tags: tuple[str, ...] = ()
    note: str = ""
    lexicon: str = ""
    version: str = ""
    line: int = 0
    path: str = ""

    @property
    def rule(self) -> str:
        """Stable rule id: lexicon name and line, e.g. ``news:12``."""
        return f"{self.lexicon}:{self.line}"

    @property
    def constrained(self) -> bool:
        return bool(self.left or self.right)


@dataclass(frozen=True, slots=True)
class Lexicon:
    """A parsed lexicon file."""

    name: str
    version: str
    path: str
    entries: tuple[Entry, ...]
    meta: dict[str, str] = field(default_factory=dict)
    digest: str = ""

    @property
    def tags(self) -> frozenset[str]:
        return frozenset(t for e in self.entries for t in e.tags)


def _unescape(cell: str) -> str:
    return cell.strip()


# How the engine embeds each constraint column (constraints.compiled). A pattern must compile both alone and
# embedded: "(?x)a # c" compiles alone, but embedded its comment swallows the closing parenthesis.
REGEX_WRAPPERS = {"left": "(?:{})\\Z", "right": "(?:{})", "requires": "(?i:{})", "excludes": "(?i:{})"}


def _check_regex(pattern: str, path: str, line: int, column: str) -> None:
    import regex  # parsing and validating only: loading from the compile cache does without it

    try:
        regex.compile(pattern)
        regex.compile(REGEX_WRAPPERS[column].format(pattern))
    except regex.error as exc:
        raise LexiconError(path, line, f"invalid regular expression in {column!r}: {exc}") from None
    except RecursionError:  # the regex parser recurses per group: "((((...))))" a few thousand deep
        raise LexiconError(path, line, f"invalid regular expression in {column!r}: nested too deeply") from None


def parse_lexicon(text: str, path: str = "<lexicon>") -> Lexicon:
    """Parse lexicon text; raise :class:`LexiconError` at the first malformed line.

    >>> lex = parse_lexicon("# unspin-lexicon 1\\n# name: demo\\n# version: 1\\n"
    ...                     "spun\\tcanonical\\tprior\\ntop minister\\tprime minister\\tsure\\n")
    >>> lex.entries[0].canonical, lex.entries[0].rule
    (('prime minister',), 'demo:5')
    """
    lines = text.splitlines()
    if not lines or lines[0].lstrip("\ufeff").strip() != FORMAT_HEADER:
        found = lines[0].strip()[:40] if lines else "an empty file"
        raise LexiconError(path, 1, f"expected header {FORMAT_HEADER!r}, found {found!r}")
    meta: dict[str, str] = {}
    columns: list[str] | None = None
    entries: list[Entry] = []
    for number, raw in enumerate(lines[1:], start=2):
        if not raw.strip():
            continue
        if raw.startswith("#"):
            m = META_RE.match(raw)
            if columns is None and m:
                meta[m.group(1).lower()] = m.group(2)
            continue
        cells = raw.split("\t")
        if columns is None:
            columns = [c.strip() for c in cells]
            unknown = [c for c in columns if c not in COLUMNS]
            if unknown:
                raise LexiconError(path, number, f"unknown column {unknown[0]!r} (known: {', '.join(COLUMNS)})")
            missing = [c for c in REQUIRED_COLUMNS if c not in columns]
            if missing:
                raise LexiconError(path, number, f"missing required column {missing[0]!r}")
            if len(set(columns)) != len(columns):
                raise LexiconError(path, number, "a column is named twice")
            for key in ("name", "version"):
                if not meta.get(key):
                    raise LexiconError(path, number, f"missing metadata line '# {key}: ...' before the columns")
            if not NAME_RE.match(meta["name"]):
                raise LexiconError(path, number, f"lexicon name {meta['name']!r} must match [a-z0-9_-]+")
            continue
        if len(cells) > len(columns):
            raise LexiconError(path, number, f"{len(cells)} cells, but {len(columns)} columns")
        row = dict(zip(columns, (_unescape(c) for c in cells), strict=False))
        entries.append(_entry(row, meta, path, number))
    if columns is None:
        raise LexiconError(path, len(lines), "no column row (expected 'spun<TAB>canonical<TAB>prior...')")
    digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]
    return Lexicon(meta["name"], meta["version"], path, tuple(entries), meta, digest)


def _entry(row: dict[str, str], meta: dict[str, str], path: str, number: int) -> Entry:
    spun = " ".join(row.get("spun", "").split())
    if not spun:
        raise LexiconError(path, number, "empty 'spun' phrase")
    canonical = tuple(" ".join(c.split()) for c in row.get("canonical", "").split("|"))
    if not all(canonical):
        raise LexiconError(path, number, "empty 'canonical' phrase")
    prior = row.get("prior", "")
    if prior not in PRIORS:
        raise LexiconError(path, number, f"unknown prior {prior!r} (use one of {', '.join(PRIORS)})")
    # one shared object per prior, not one per row: the scoring loop reads every candidate's prior, and
    # thousands of copies scattered in memory cost it a cache miss each (~2 ms per spun MB)
    prior = PRIORS[PRIORS.index(prior)]
    flags = frozenset(f.strip() for f in row.get("flags", "").split(",") if f.strip())
    if flags - FLAGS:
        raise LexiconError(path, number, f"unknown flag {sorted(flags - FLAGS)[0]!r} (known: noun, verb, case)")
    for column in ("left", "right", "requires", "excludes"):
        if row.get(column):
            _check_regex(row[column], path, number, column)
    tags = tuple(t.strip() for t in row.get("tags", "").split(",") if t.strip())
    return Entry(spun, canonical, prior, flags, row.get("left", ""), row.get("right", ""),
                 row.get("requires", ""), row.get("excludes", ""), tags, row.get("note", ""),
                 meta["name"], meta["version"], number, path)


def load_lexicon(path: str | Path) -> Lexicon:
    """Read and parse one lexicon file (UTF-8)."""
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        line = exc.object.count(b"\n", 0, exc.start) + 1  # the line of the bad byte, not always 1
        raise LexiconError(str(p), line, f"not UTF-8 (byte {exc.start})") from None
    except OSError as exc:
        raise LexiconError(str(p), 0, exc.strerror or str(exc)) from None
    return parse_lexicon(text, str(p))


def shipped_dir() -> Path:
    """Where the lexicons shipped with unspin live: inside the wheel, or the source tree's lexicons/."""
    inside = Path(__file__).parent / "lexicons"
    if inside.is_dir():
        return inside
    return Path(__file__).resolve().parents[2] / "lexicons"


def shipped_paths() -> list[Path]:
    return sorted(shipped_dir().glob("*.tsv"))


def select_lexicons(selectors: list[str] | tuple[str, ...] | None = None) -> list[Lexicon]:
    """Shipped lexicons chosen by name or tag (``all`` = every one), plus lexicon files by path.

    >>> [lex.name for lex in select_lexicons(["news"])]
    ['news']
    """
    from .compile_cache import load_lexicon_cached  # parsed lexicons cached by content

    chosen: list[Lexicon] = []
    shipped = [load_lexicon_cached(p) for p in shipped_paths()]
    for sel in selectors or ["all"]:
        if sel.endswith(".tsv") or "/" in sel or Path(sel).is_file():
            chosen.append(load_lexicon_cached(sel))
            continue
        found = [lex for lex in shipped if sel == "all" or sel == lex.name or sel in lex.tags]
        if not found and sel != "all":
            names = ", ".join(sorted({lex.name for lex in shipped} | {t for x in shipped for t in x.tags}))
            raise LexiconError(sel, 0, f"no shipped lexicon named or tagged {sel!r} (have: all, {names})")
        chosen.extend(lex for lex in found if lex not in chosen)
    return chosen


def validate(lexicons: list[Lexicon]) -> list[LexiconError]:
    """Cross-entry problems across all given lexicons, in file order.

    >>> a = parse_lexicon("# unspin-lexicon 1\\n# name: a\\n# version: 1\\nspun\\tcanonical\\tprior\\n"
    ...                   "x y\\tz w\\tsure\\nz w\\tx y\\tsure\\n")
    >>> [e.problem.split(":")[0] for e in validate([a])]
    ['cycle']
    """
    problems: list[LexiconError] = []
    seen: dict[tuple, Entry] = {}
    by_spun: dict[str, list[Entry]] = {}
    entries = [e for lex in lexicons for e in lex.entries]
    for e in entries:
        key = (e.spun.casefold(), e.flags, e.left, e.right, e.requires, e.excludes)
        first = seen.get(key)
        if first is None:
            seen[key] = e
            by_spun.setdefault(e.spun.casefold(), []).append(e)
            continue
        where = f"{first.path}:{first.line}"
        if first.canonical[0].casefold() == e.canonical[0].casefold():
            # the same swap in two lexicons is fine (each must stand alone); within one it is noise
            if first.lexicon == e.lexicon:
                problems.append(LexiconError(e.path, e.line, f"duplicate of {where}: {e.spun!r}"))
        else:
            problems.append(LexiconError(
                e.path, e.line,
                f"conflict with {where}: {e.spun!r} -> {e.canonical[0]!r} vs {first.canonical[0]!r}"))
    # cycles: follow spun -> canonical chains over unconstrained phrase identity
    graph = {s: {x.canonical[0].casefold() for x in es} for s, es in by_spun.items()}
    reported: set[str] = set()
    for e in entries:
        start = e.spun.casefold()
        if start in reported or seen.get((start, e.flags, e.left, e.right, e.requires, e.excludes)) is not e:
            continue
        path = _find_cycle(graph, start)
        if path:
            reported.update(path)
            chain = " -> ".join(path + [start])
            problems.append(LexiconError(e.path, e.line, f"cycle: {chain}"))
    # a canonical that contains another entry's artifact would be edited again (not idempotent)
    problems.extend(_artifact_canonicals(entries, reported))
    return problems


def _find_cycle(graph: dict[str, set[str]], start: str) -> list[str] | None:
    stack = [(start, [start])]
    visited: set[str] = set()
    while stack:
        node, path = stack.pop()
        for nxt in graph.get(node, ()):
            if nxt == start:
                return path
            if nxt not in visited and len(path) < 8:
                visited.add(nxt)
                stack.append((nxt, path + [nxt]))
    return None


@functools.lru_cache(maxsize=65536)
def _whole_phrase(phrase: str) -> regex.Pattern[str]:
    """A phrase on word boundaries, a space also matching a hyphen (as the matcher does)."""
    import regex

    words_re = r"[\s-]".join(regex.escape(x) for x in phrase.split())
    return regex.compile(r"(?<![\w-])" + words_re + r"(?![\w-])")


def _artifact_canonicals(entries: list[Entry], in_cycle: set[str]) -> list[LexiconError]:
    """Entries whose canonical contains an unconstrained artifact of another entry."""
    import regex

    problems = []
    # only entries that fire anywhere (no left/right/document constraint) can re-edit a canonical
    free = [e for e in entries if not (e.left or e.right or e.requires or e.excludes)]
    if not free:
        return problems
    by_first_word: dict[str, list[Entry]] = {}
    for e in free:
        by_first_word.setdefault(e.spun.casefold().split()[0], []).append(e)
    for e in entries:
        if e.spun.casefold() in in_cycle:
            continue
        for canon in e.canonical[:1]:
            words = set(regex.findall(r"[\w]+", canon.casefold()))
            for w in words:
                for other in by_first_word.get(w, ()):
                    if other is e or other.spun.casefold() == e.spun.casefold():
                        continue
                    target = canon if "case" in other.flags else canon.casefold()
                    spun = other.spun if "case" in other.flags else other.spun.casefold()
                    if spun.split()[-1] not in target:  # cheap filter before the exact check
                        continue
                    if _whole_phrase(spun).search(target):
                        problems.append(LexiconError(
                            e.path, e.line,
                            f"canonical {canon!r} contains {other.spun!r}, an artifact of "
                            f"{other.path}:{other.line} (the output would be edited again)"))
    return problems
