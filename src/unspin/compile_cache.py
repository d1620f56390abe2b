"""Compiled lexicons cached on disk, keyed by content, so start-up does not re-parse and re-expand them.

Two kinds of entries live in ``$XDG_CACHE_HOME/unspin`` (else ``~/.cache/unspin``):

- ``lexicon-<key>.marshal``: a parsed lexicon file; the key is the sha256 of the file's bytes, its path
  (entries record it), the unspin version and the source of the modules that shape the result;
- ``tables-<key>.marshal``: the matcher's expanded patterns for a list of lexicons (key: their digests);
- ``scan-<key>.marshal``: the same matcher's scan tables (what its automaton searches, and each
  pattern's targets), read only when a text needs the automaton: a one-line input never does.

``UNSPIN_NO_CACHE=1`` disables them all. Files are written atomically (temporary file, then rename); a
file that cannot be read back for any reason is ignored and rewritten, so a corrupt cache only costs a
rebuild. Every new key is a new file (an edited lexicon, a new unspin version), so the directory is
kept under CACHE_LIMIT bytes: a file read back is touched, and after each write the files used least
recently go first. ``marshal`` rather than ``pickle``: the data is plain tuples and strings, loads ~4x faster,
and loading it can never run code.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import marshal
import os
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TypeVar

from ._records import RecordMaker
from .gcpause import paused
from .lexicon import Entry, Lexicon, load_lexicon, parse_lexicon
from .match import Matcher, ScanTables, Tables, compile_tables

T = TypeVar("T")
FORMAT = "1"  # bump when the stored layout changes
# The shipped lexicons take ~3 MB (parsed lexicons, their matcher and scan tables), so this keeps a few
# dozen versions or user lexicons; a pipeline that writes a new lexicon file per job cannot fill a disk.
CACHE_LIMIT = 64 * 1024 * 1024
STALE_TMP_SECONDS = 3600  # a temporary file this old was left by a killed writer
_ENTRY_FIELDS = tuple(f.name for f in dataclasses.fields(Entry))
# Entry(*row) without the frozen dataclass's __init__ (~3 us an entry; 6,900 of them at every start-up).
# A row of another length (a stale layout) raises TypeError, and the file is rebuilt
_make_entry = RecordMaker(Entry, _ENTRY_FIELDS)
# modules whose code decides what a cached object contains: a change to any of them invalidates it
_SHAPING_MODULES = ("lexicon.py", "inflect.py", "match.py", "compile_cache.py")
_code_digest: str | None = None


def cache_dir() -> Path | None:
    """Where cached files go, or None when caching is disabled (``UNSPIN_NO_CACHE=1``).

    >>> import os; os.environ["UNSPIN_NO_CACHE"] = "1"; cache_dir() is None
    True
    >>> del os.environ["UNSPIN_NO_CACHE"]
    """
    if os.environ.get("UNSPIN_NO_CACHE", "") not in ("", "0"):
        return None
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "unspin"


def _code_version() -> str:
    """The unspin version plus a digest of the modules that shape cached data (computed once)."""
    global _code_digest
    if _code_digest is None:
        from . import __version__

        h = hashlib.sha256(f"{FORMAT}:{__version__}".encode())
        here = Path(__file__).parent
        for name in _SHAPING_MODULES:
            try:
                h.update((here / name).read_bytes())
            except OSError:  # e.g. a zipped install: fall back to the version alone
                h.update(name.encode())
        _code_digest = h.hexdigest()
    return _code_digest


def cache_key(*parts: str | bytes) -> str:
    """sha256 of the code version and the given parts (unambiguously separated).

    >>> cache_key("a", "b") != cache_key("ab")
    True
    """
    h = hashlib.sha256(_code_version().encode())
    for part in parts:
        data = part.encode("utf-8", "surrogatepass") if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "little"))
        h.update(data)
    return h.hexdigest()


def cached(name: str, build: Callable[[], T], dump: Callable[[T], object],
           load: Callable[[object], T]) -> T:
    """The object stored under ``name`` in the cache, else ``build()`` (then stored).

    ``dump`` turns the object into marshal-able data and ``load`` turns that back; a missing, stale or
    unreadable file simply means a rebuild.
    """
    directory = cache_dir()
    if directory is None:
        return build()
    path = directory / name
    try:
        with paused():  # tens of thousands of tuples and records, no cycles: see gcpause.py
            value = load(marshal.loads(path.read_bytes()))
    except FileNotFoundError:
        pass
    except Exception:  # corrupt, truncated, or from another layout: rebuild and overwrite
        pass
    else:
        _touch(path)
        return value
    value = build()
    if _write_atomically(path, marshal.dumps(dump(value))):
        prune(directory, keep=path)
    return value


def _touch(path: Path) -> None:
    """Mark a cache file as just used (its mtime orders eviction; atime is often not kept)."""
    with contextlib.suppress(OSError):  # a read-only cache is still a cache
        os.utime(path)


def prune(directory: Path, limit: int | None = None, keep: Path | None = None) -> list[Path]:
    """Delete the least recently used cache files until the rest fit in ``limit`` (CACHE_LIMIT) bytes.

    Also deletes temporary files a killed writer left behind. ``keep`` (the file just written) is
    never deleted. Files of other programs are not looked at: only ``*.marshal`` and our ``*.tmp``.
    Returns the deleted paths.

    >>> import tempfile; d = Path(tempfile.mkdtemp())
    >>> for age in (1, 2, 3):  # 10 bytes each, last used at times 1, 2 and 3
    ...     _ = (d / f"lexicon-{age}.marshal").write_bytes(b"x" * 10)
    ...     os.utime(d / f"lexicon-{age}.marshal", (age, age))
    >>> [p.name for p in prune(d, limit=25)]
    ['lexicon-1.marshal']
    """
    limit = CACHE_LIMIT if limit is None else limit
    now = time.time()
    files: list[tuple[float, int, Path]] = []
    removed: list[Path] = []
    try:
        entries = list(os.scandir(directory))
    except OSError:
        return removed
    for entry in entries:
        try:
            st = entry.stat(follow_symlinks=False)
        except OSError:  # deleted meanwhile by another process
            continue
        path = Path(entry.path)
        # a temporary file is named after the file it will become, then random letters (_write_atomically)
        if entry.name.endswith(".tmp") and ".marshal" in entry.name:
            if now - st.st_mtime > STALE_TMP_SECONDS and _unlink(path):
                removed.append(path)
        elif entry.name.endswith(".marshal") and entry.is_file(follow_symlinks=False):
            files.append((st.st_mtime, st.st_size, path))
    total = sum(size for _, size, _ in files)
    for _, size, path in sorted(files):  # oldest first
        if total <= limit:
            break
        if path != keep and _unlink(path):
            total -= size
            removed.append(path)
    return removed


def _unlink(path: Path) -> bool:
    try:
        path.unlink()
    except OSError:  # already gone (another process pruned it) or not ours to delete
        return False
    return True


def _write_atomically(path: Path, data: bytes) -> bool:
    """Whether the file was written (a failure to write is never an error: see below)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        import tempfile  # only a cache miss writes: kept off the start-up of a warm run

        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(data)
            os.replace(tmp, path)  # readers see the old file or the whole new one, never half
        except BaseException:
            os.unlink(tmp)
            raise
    except OSError:  # read-only home, full disk: caching is an optimisation, never an error
        return False
    return True


# -- lexicons ------------------------------------------------------------------------------------
def _dump_lexicon(lex: Lexicon) -> tuple:
    rows = tuple(tuple(getattr(e, f) for f in _ENTRY_FIELDS) for e in lex.entries)
    return (lex.name, lex.version, lex.path, lex.meta, lex.digest, rows)


def _load_lexicon(data: object) -> Lexicon:
    name, version, path, meta, digest, rows = data  # type: ignore[misc]
    make = _make_entry
    return Lexicon(name, version, path, tuple([make(*row) for row in rows]), dict(meta), digest)


def load_lexicon_cached(path: str | Path) -> Lexicon:
    """:func:`unspin.lexicon.load_lexicon` through the cache: same result, same errors.

    >>> from unspin.lexicon import shipped_paths
    >>> load_lexicon_cached(shipped_paths()[0]) == load_lexicon(shipped_paths()[0])
    True
    """
    p = Path(path)
    try:
        raw = p.read_bytes()
        text = raw.decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return load_lexicon(p)  # raises the usual LexiconError
    # read_text() would translate newlines; splitlines() in the parser does not care, the digest does
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    key = cache_key("lexicon", str(p), raw)
    return cached(f"lexicon-{key}.marshal", lambda: parse_lexicon(text, str(p)), _dump_lexicon, _load_lexicon)


# -- matcher tables ------------------------------------------------------------------------------
def _dump_tables(t: Tables) -> tuple:
    return (t.patterns, t.targets, tuple(t.case_surfaces.items()))


def _load_tables(data: object) -> Tables:
    patterns, targets, case_surfaces = data  # type: ignore[misc]
    return Tables(list(patterns), list(targets), dict(case_surfaces))


def _dump_scan_tables(t: ScanTables) -> tuple:
    return (t.fixed, t.shared, tuple(t.exact.items()), t.patterns)


def _load_scan_tables(data: object) -> ScanTables:
    fixed, shared, exact, patterns = data  # type: ignore[misc]
    if not len(fixed) == len(shared) == len(patterns):  # the automaton relies on one item per pattern
        raise ValueError("inconsistent scan tables")
    return ScanTables(list(fixed), list(shared), dict(exact), list(patterns))


def matcher_for(lexicons: Sequence[Lexicon], entries: Sequence[Entry]) -> Matcher:
    """A :class:`Matcher` for ``entries`` (the entries of ``lexicons``, in order), its tables cached.

    Lexicons without a digest (built in code) are compiled without the cache.
    """
    if not lexicons or any(not lex.digest for lex in lexicons):
        return Matcher.build(entries)
    key = cache_key("tables", *(f"{lex.name}\0{lex.version}\0{lex.path}\0{lex.digest}\0{len(lex.entries)}"
                                for lex in lexicons))
    tables = cached(f"tables-{key}.marshal", lambda: compile_tables(entries), _dump_tables, _load_tables)

    def scan_cache(build: Callable[[], ScanTables]) -> ScanTables:
        return cached(f"scan-{key}.marshal", build, _dump_scan_tables, _load_scan_tables)

    return Matcher.from_tables(entries, tables, scan_cache)
