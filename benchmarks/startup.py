#!/usr/bin/env python3
"""Start-up cost: `echo "Jap Top Minister" | unspin` wall time, cold and warm, and lexicon compile time.

Usage: python benchmarks/startup.py [--runs 10]

Rows (median and best of --runs subprocess runs, wall time):
- cold: an empty cache directory each run (UNSPIN_NO_CACHE=1 behaves the same);
- warm: a cache filled by a previous run;
- import only: `python -c "import unspin.cli"`, the floor set by the modules imported at start-up;
- warm, the seed article: `unspin samples/seed/spun.txt`, a text long enough (over 2,048 characters)
  to need the automaton and its scan tables;
then, in this process: loading and compiling every shipped lexicon, cold and from the cache (the
automaton build included).

The runs may write Python's bytecode caches (PYTHONDONTWRITEBYTECODE is removed from their
environment), as they are after an install: otherwise every run would compile unspin's modules
from source, ~0.07 s that no installed copy pays.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PY = sys.executable
UNSPIN = [PY, "-m", "unspin"]
IMPORT_ONLY = [PY, "-c", "import unspin.cli"]
SEED = str(Path(__file__).resolve().parents[1] / "samples" / "seed" / "spun.txt")
UNSPIN_SEED = [PY, "-m", "unspin", SEED]
INPUT = b"Jap Top Minister\n"


def wall(cmd: list[str], env: dict[str, str]) -> float:
    t = time.perf_counter()
    res = subprocess.run(cmd, input=INPUT, capture_output=True, env=env)
    took = time.perf_counter() - t
    if res.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed: {res.stderr.decode()[-500:]}")
    return took


def series(cmd: list[str], runs: int, env: dict[str, str], cold_dir: Path | None = None) -> list[float]:
    out = []
    for _ in range(runs):
        if cold_dir is not None:
            shutil.rmtree(cold_dir, ignore_errors=True)
        out.append(wall(cmd, env))
    return out


def compile_all(cache: bool) -> float:
    """Seconds to load and compile every shipped lexicon in this process (parse, expand, automaton)."""
    from unspin import compile_cache
    from unspin.lexicon import load_lexicon, shipped_paths

    t = time.perf_counter()
    load = compile_cache.load_lexicon_cached if cache else load_lexicon
    lexicons = [load(p) for p in shipped_paths()]
    entries = [e for lex in lexicons for e in lex.entries]
    matcher = compile_cache.matcher_for(lexicons, entries)
    matcher.automaton  # noqa: B018 - include the automaton build
    return time.perf_counter() - t


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--runs", type=int, default=10)
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="unspin-startup-"))
    env = dict(os.environ, XDG_CACHE_HOME=str(tmp))
    env.pop("UNSPIN_NO_CACHE", None)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    hyperfine = shutil.which("hyperfine")
    print(f"# unspin start-up ({args.runs} runs each; wall seconds; hyperfine {'found' if hyperfine else 'absent'}: "
          "timed with subprocess)\n")
    print("| case | median s | best s |\n|---|---|---|")
    rows = [
        ("cold (empty cache)", series(UNSPIN, args.runs, env, cold_dir=tmp / "unspin")),
        ("warm", (wall(UNSPIN, env), series(UNSPIN, args.runs, env))[1]),
        ("import unspin.cli only", series(IMPORT_ONLY, args.runs, env)),
        ("warm, the seed article", (wall(UNSPIN_SEED, env), series(UNSPIN_SEED, args.runs, env))[1]),
    ]
    for name, times in rows:
        print(f"| {name} | {statistics.median(times):.3f} | {min(times):.3f} |")
        sys.stdout.flush()
    os.environ["XDG_CACHE_HOME"] = str(tmp / "inprocess")
    cold = compile_all(cache=False)
    compile_all(cache=True)  # fills the cache
    warm = min(compile_all(cache=True) for _ in range(3))
    print(f"\nLoading and compiling every shipped lexicon (parse, expand, automaton): cold {cold:.3f} s, "
          f"from the cache {warm:.3f} s")
    shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
