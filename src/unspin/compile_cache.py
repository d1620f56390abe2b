"""Compiled lexicons cached on disk, keyed by content, so start-up does not re-parse and re-expand them.

Two kinds of entries live in ``$XDG_CACHE_HOME/unspin`` (else ``~/.cache/unspin``):

- ``lexicon-<key>.marshal``: a parsed lexicon file; the key is the sha256 of the file's bytes, its path
  (entries record it), the unspin version and the source of the modules that shape the result;
- ``tables-<key>.marshal``: the matcher's expanded patterns for a list of lexicons (key: their digests).

``UNSPIN_NO_CACHE=1`` disables both. Files are written atomically (temporary file, then rename); a
file that cannot be read back for any reason is ignored and rewritten, so a corrupt cache only costs a
rebuild. ``marshal`` rather than ``pickle``: the data is plain tuples and strings, loads ~4x faster,
and loading it can never run code.
"""

from __future__ import annotations

import dataclasses
import hashlib
import marshal
import os
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TypeVar

from .lexicon import Entry, Lexicon, load_lexicon, parse_lexicon
from .match import Matcher, Tables, compile_tables

T = TypeVar("T")
FORMAT = "1"  # bump when the stored layout changes
_ENTRY_FIELDS = tuple(f.name for f in dataclasses.fields(Entry))
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
        return load(marshal.loads(path.read_bytes()))
    except FileNotFoundError:
        pass
    except Exception:  # corrupt, truncated, or from another layout: rebuild and overwrite
        pass
    value = build()
    _write_atomically(path, marshal.dumps(dump(value)))
    return value


def _write_atomically(path: Path, data: bytes) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(data)
            os.replace(tmp, path)  # readers see the old file or the whole new one, never half
        except BaseException:
            os.unlink(tmp)
            raise
    except OSError:  # read-only home, full disk: caching is an optimisation, never an error
        pass


# -- lexicons ------------------------------------------------------------------------------------
def _dump_lexicon(lex: Lexicon) -> tuple:
    rows = tuple(tuple(getattr(e, f) for f in _ENTRY_FIELDS) for e in lex.entries)
    return (lex.name, lex.version, lex.path, lex.meta, lex.digest, rows)


def _load_lexicon(data: object) -> Lexicon:
    name, version, path, meta, digest, rows = data  # type: ignore[misc]
    return Lexicon(name, version, path, tuple(Entry(*row) for row in rows), dict(meta), digest)


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


def matcher_for(lexicons: Sequence[Lexicon], entries: Sequence[Entry]) -> Matcher:
    """A :class:`Matcher` for ``entries`` (the entries of ``lexicons``, in order), its tables cached.

    Lexicons without a digest (built in code) are compiled without the cache.
    """
    if not lexicons or any(not lex.digest for lex in lexicons):
        return Matcher.build(entries)
    key = cache_key("tables", *(f"{lex.name}\0{lex.version}\0{lex.path}\0{lex.digest}\0{len(lex.entries)}"
                                for lex in lexicons))
    tables = cached(f"tables-{key}.marshal", lambda: compile_tables(entries), _dump_tables, _load_tables)
    return Matcher.from_tables(entries, tables)
