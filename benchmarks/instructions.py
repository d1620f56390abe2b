#!/usr/bin/env python3
"""Instructions executed by unspin's start-up and pipeline, counted by valgrind: a speed comparison
that the machine's other jobs do not move.

Usage: python benchmarks/instructions.py [--base REF] [--kb 300] [--cases startup,spun,clean,mixed]

Wall and CPU times on a shared machine move by 20-30% from run to run, more than most single changes
gain; the number of instructions a run executes (callgrind's ``Ir``) moves by well under 1%. It is not
time (a cache miss or a mispredicted branch costs nothing here, a vectorised copy little), so a change
that trades instructions for memory traffic needs a timing as well; but for the interpreter-bound
work that dominates unspin's pipeline, fewer instructions is faster.

Cases (millions of instructions):
- startup: ``echo "Jap Top Minister" | python -m unspin`` with a warm compile cache, the whole process;
- mixed: the same on ``--kb`` KB of the input benchmarks/memory.py streams (clean paragraphs, one spun
  paragraph in twenty), which is what a scraped corpus looks like more than either;
- spun, clean: ``Unspinner().explain`` on ``--kb`` KB of the seeded corpora of throughput.py (written
  once, so every checkout reads the same text), after one warm-up ``explain`` of the same text (lazy
  imports, patterns compiled on first use): a child that explains it once more minus one that does not,
  both started from the same state.

With ``--base REF`` the same cases run on a checkout of REF (a temporary git worktree, its native module
compiled as an install would) and the table gives the ratio ``base / this``: above 1, this tree executes
fewer instructions. Needs valgrind (Debian: ``apt-get install valgrind``); each case takes about a
minute per checkout under it.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from types import ModuleType

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

CASES = ("startup", "spun", "clean", "mixed")
ONE_LINE = b"Jap Top Minister\n"
# the child explaining a corpus: argv = corpus file, extra explains (0 or 1)
EXPLAIN = """
import sys
from unspin import Unspinner
text = open(sys.argv[1], encoding="utf-8").read()
u = Unspinner()
u.explain(text)
for _ in range(int(sys.argv[2])):
    u._restorations.clear()  # as the first piece of a stream: nothing remembered from the warm-up
    vars(u).get("_entry_fields", {}).clear()  # (in the same dict as the restorations in older checkouts)
    u.explain(text)
"""


def _env(src: Path, cache: Path) -> dict[str, str]:
    env = dict(os.environ, PYTHONPATH=str(src), XDG_CACHE_HOME=str(cache), PYTHONHASHSEED="0")
    env.pop("UNSPIN_NO_CACHE", None)
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # an installed copy has its bytecode compiled
    return env


def _callgrind(cmd: list[str], env: dict[str, str], stdin: bytes = b"") -> tuple[subprocess.Popen, bytes]:
    return subprocess.Popen(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", *cmd],
                            env=env, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE), stdin


def _collected(started: tuple[subprocess.Popen, bytes]) -> int:
    proc, stdin = started
    _, err = proc.communicate(stdin)
    for line in err.decode(errors="replace").splitlines():
        if "Collected :" in line:
            if proc.returncode:
                raise SystemExit(f"the measured process failed (exit {proc.returncode}):\n{err.decode()[-800:]}")
            return int(line.rsplit(":", 1)[1])
    raise SystemExit(f"valgrind reported no instruction count:\n{err.decode()[-800:]}")


def measure(src: Path, cases: list[str], corpora: dict[str, Path]) -> dict[str, float]:
    """Millions of instructions per case for the unspin package under ``src``."""
    out: dict[str, float] = {}
    with tempfile.TemporaryDirectory(prefix="unspin-ir-cache-") as cache:
        env = _env(src, Path(cache))
        python = [sys.executable]
        # fill the compile cache and the bytecode caches, outside valgrind: the lexicons and tables for
        # the one-line run, the scan tables too for a corpus (else the two children below would race to
        # build and write them, and one of them might read what the other wrote)
        subprocess.run([*python, "-m", "unspin"], input=ONE_LINE, env=env, check=True, capture_output=True)
        for case in cases:
            if case in corpora:
                subprocess.run([*python, "-c", EXPLAIN, str(corpora[case]), "0"], env=env, check=True,
                               capture_output=True)
        for case in cases:
            if case == "startup":
                out[case] = _collected(_callgrind([*python, "-m", "unspin"], env, ONE_LINE)) / 1e6
                continue
            # the two children run side by side (one per core); their difference is the explain
            without = _callgrind([*python, "-c", EXPLAIN, str(corpora[case]), "0"], env)
            with_one = _callgrind([*python, "-c", EXPLAIN, str(corpora[case]), "1"], env)
            out[case] = (_collected(with_one) - _collected(without)) / 1e6
    return out


def checkout(ref: str, where: Path) -> Path:
    """A worktree of ``ref`` at ``where`` with its native module compiled; returns its src directory."""
    done = subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", str(where), ref],
                          capture_output=True, text=True)
    if done.returncode:
        raise SystemExit(f"cannot check out {ref!r}: {done.stderr.strip()}")
    compile_extensions = _build_hook(where).compile_extensions
    cwd = os.getcwd()
    try:  # setuptools' build_ext resolves some paths against the working directory
        os.chdir(where)
        compile_extensions(where, where / "src" / "unspin")
    finally:
        os.chdir(cwd)
    return where / "src"


def _build_hook(where: Path) -> ModuleType:
    """The checkout's own build hook (its compiler flags are part of what it is), or this tree's for a
    checkout older than the hook's ``compile_extensions``."""
    for tools in (where / "tools", ROOT / "tools"):
        spec = importlib.util.spec_from_file_location("checkout_build_hook", tools / "hatch_build.py")
        if spec is None or spec.loader is None:
            continue
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        if hasattr(module, "compile_extensions"):
            return module
    raise SystemExit(f"no build hook with compile_extensions in {where / 'tools'} or {ROOT / 'tools'}")


def write_corpora(kb: int, directory: Path) -> dict[str, Path]:
    from memory import build_input
    from throughput import clean_corpus, shipped_entries, spun_corpus

    paths = {"spun": directory / "spun.txt", "clean": directory / "clean.txt", "mixed": directory / "mixed.txt"}
    paths["spun"].write_text(spun_corpus(kb * 1000, shipped_entries()), encoding="utf-8")
    paths["clean"].write_text(clean_corpus(kb * 1000), encoding="utf-8")
    build_input(paths["mixed"], kb / 1000)
    return paths


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--base", help="a git ref to compare with (checked out in a temporary worktree)")
    ap.add_argument("--kb", type=int, default=300, help="corpus size for the spun and clean cases (KB)")
    ap.add_argument("--cases", default=",".join(CASES), help=f"comma-separated, of {', '.join(CASES)}")
    args = ap.parse_args()
    cases = [c for c in args.cases.split(",") if c]
    if unknown := [c for c in cases if c not in CASES]:
        ap.error(f"unknown case(s): {', '.join(unknown)}")
    if not shutil.which("valgrind"):
        raise SystemExit("valgrind is not installed (Debian: apt-get install valgrind)")
    with tempfile.TemporaryDirectory(prefix="unspin-ir-") as tmp:
        worktree = Path(tmp) / "base"
        base: dict[str, float] = {}
        try:
            base_src = checkout(args.base, worktree) if args.base else None  # a bad ref fails before measuring
            corpora = write_corpora(args.kb, Path(tmp))
            this = measure(ROOT / "src", cases, corpora)
            if base_src is not None:
                base = measure(base_src, cases, corpora)
        finally:
            if args.base:
                subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(worktree)],
                               capture_output=True)
    print(f"# unspin instructions (millions, callgrind Ir; spun, clean, mixed: one explain of {args.kb} KB)\n")
    if base:
        print(f"| case | {args.base} | this tree | ratio |\n|---|---|---|---|")
        for case in cases:
            print(f"| {case} | {base[case]:.0f} | {this[case]:.0f} | {base[case] / this[case]:.3f}x |")
    else:
        print("| case | this tree |\n|---|---|")
        for case in cases:
            print(f"| {case} | {this[case]:.0f} |")


if __name__ == "__main__":
    main()
