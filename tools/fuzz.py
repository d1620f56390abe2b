"""A longer fuzz run of the targets in tests/test_fuzz.py, for a given number of seconds.

Round after round, each target runs a batch of fresh random examples (no example database, a new seed
every round) until the time is up. A failure prints hypothesis's shrunk falsifying example and the
traceback, and the run goes on with the other targets; the exit status is 1 if anything failed.

    python tools/fuzz.py --seconds 600              # all targets, 10 minutes
    python tools/fuzz.py --seconds 60 --target cli  # one target
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import sys
import time
import traceback
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[1]


def load_targets(batch: int) -> ModuleType:
    """tests/test_fuzz.py as a module (tests/ is not a package), ``batch`` examples per call."""
    os.environ["UNSPIN_FUZZ_EXAMPLES"] = str(batch)  # read by the module's settings at import
    sys.path.insert(0, str(ROOT / "tests"))  # its helper modules (match_reference), as pytest's rootdir does
    spec = importlib.util.spec_from_file_location("unspin_fuzz_targets", ROOT / "tests" / "test_fuzz.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def run(seconds: float, targets: list[str], batch: int) -> int:
    """Fuzz ``targets`` for ``seconds``; print a table of examples and failures; 1 if any failed.

    Example: ``run(5, ["lexicon"], 50)`` prints ``lexicon  <n examples>  0 failures``.
    """
    module = load_targets(batch)
    chosen = {name: module.TARGETS[name] for name in targets}
    failures: dict[str, list[str]] = {name: [] for name in chosen}
    end = time.monotonic() + seconds
    rounds = 0
    while time.monotonic() < end and any(len(f) < 3 for f in failures.values()):
        rounds += 1
        for name, test in chosen.items():
            if time.monotonic() >= end:
                break
            if len(failures[name]) >= 3:  # the same bug over and over: stop spending time on it
                continue
            try:
                test()
            except Exception:  # a property failed or a target crashed: report, keep fuzzing
                text = traceback.format_exc()
                failures[name].append(text)
                print(f"--- {name}: failure in round {rounds}\n{text}", file=sys.stderr, flush=True)
    print(f"{'target':<10} {'examples':>9} {'failures':>9}   ({rounds} rounds, {seconds:g} s)")
    for name in chosen:
        print(f"{name:<10} {module.COUNTS.get(name, 0):>9} {len(failures[name]):>9}")
    return 1 if any(failures.values()) else 0


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--seconds", type=float, default=60.0, help="how long to fuzz (default 60)")
    p.add_argument("--target", action="append", choices=["matcher", "lexicon", "normalize", "cli"],
                   help="only these targets (repeatable; default all)")
    p.add_argument("--batch", type=int, default=200, help="examples per target per round (default 200)")
    args = p.parse_args(argv)
    return run(args.seconds, args.target or ["matcher", "lexicon", "normalize", "cli"], args.batch)


if __name__ == "__main__":
    sys.exit(main())
