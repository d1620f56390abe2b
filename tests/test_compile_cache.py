"""The compile cache stays bounded: least recently used files go first, in-use ones stay."""

from __future__ import annotations

import os
import time

from unspin import compile_cache
from unspin.lexicon import shipped_paths


def _file(directory, name: str, size: int, used_at: float):
    path = directory / name
    path.write_bytes(b"x" * size)
    os.utime(path, (used_at, used_at))
    return path


def test_prune_evicts_least_recently_used_until_under_the_limit(tmp_path) -> None:
    old = _file(tmp_path, "tables-a.marshal", 40, 100)
    mid = _file(tmp_path, "lexicon-b.marshal", 40, 200)
    new = _file(tmp_path, "lexicon-c.marshal", 40, 300)
    removed = compile_cache.prune(tmp_path, limit=90)
    assert removed == [old]
    assert not old.exists() and mid.exists() and new.exists()
    assert compile_cache.prune(tmp_path, limit=90) == []  # already under the limit: nothing more


def test_prune_never_deletes_the_file_just_written(tmp_path) -> None:
    written = _file(tmp_path, "tables-big.marshal", 100, 50)  # oldest mtime, over the limit alone
    other = _file(tmp_path, "lexicon-x.marshal", 10, 60)
    assert compile_cache.prune(tmp_path, limit=50, keep=written) == [other]
    assert written.exists()


def test_prune_removes_stale_temporary_files_and_leaves_others_alone(tmp_path) -> None:
    now = time.time()
    stale = _file(tmp_path, "lexicon-k.marshalab12.tmp", 5, now - 2 * compile_cache.STALE_TMP_SECONDS)
    stale_scan = _file(tmp_path, "scan-k.marshalef56.tmp", 5, now - 2 * compile_cache.STALE_TMP_SECONDS)
    fresh = _file(tmp_path, "lexicon-k.marshalcd34.tmp", 5, now)  # another process is writing it
    foreign = _file(tmp_path, "notes.txt", 10_000, 1)  # not ours, however big or old
    assert sorted(compile_cache.prune(tmp_path, limit=0)) == sorted([stale, stale_scan])
    assert fresh.exists() and foreign.exists()


def test_prune_of_a_missing_directory_is_a_no_op(tmp_path) -> None:
    assert compile_cache.prune(tmp_path / "absent") == []


def test_a_cache_hit_marks_the_file_used_so_it_outlives_newer_writes(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.delenv("UNSPIN_NO_CACHE", raising=False)
    directory = tmp_path / "unspin"
    shipped = shipped_paths()[0]
    compile_cache.load_lexicon_cached(shipped)
    (kept,) = directory.iterdir()
    os.utime(kept, (1, 1))  # as if last used long ago
    compile_cache.load_lexicon_cached(shipped)  # a hit: touched
    assert kept.stat().st_mtime > time.time() - 60
    # then five user lexicons, with a limit that holds the shipped one and one user lexicon only
    for i in range(5):
        lex = tmp_path / f"user{i}.tsv"
        lex.write_text(f"# unspin-lexicon 1\n# name: user{i}\n# version: 1\nspun\tcanonical\tprior\n"
                       f"foo{i} bar\tbaz\tsure\n")
        compile_cache.load_lexicon_cached(lex)
        if i == 0:
            user_size = max(p.stat().st_size for p in directory.iterdir() if p != kept)
            monkeypatch.setattr(compile_cache, "CACHE_LIMIT", kept.stat().st_size + user_size * 3 // 2)
        os.utime(kept, (time.time() + 10, time.time() + 10))  # the shipped one is the one in use
    names = sorted(p.name for p in directory.iterdir())
    assert kept.name in names
    assert len(names) == 2  # the shipped lexicon and the newest user lexicon
    assert sum(p.stat().st_size for p in directory.iterdir()) <= compile_cache.CACHE_LIMIT


def test_a_failed_write_is_not_an_error(tmp_path, monkeypatch) -> None:
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))  # cache dir cannot be created under a file
    monkeypatch.delenv("UNSPIN_NO_CACHE", raising=False)
    lexicon = compile_cache.load_lexicon_cached(shipped_paths()[0])
    assert lexicon.entries
