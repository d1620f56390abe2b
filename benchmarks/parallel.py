"""Parallel speed-up of the CLI: ``unspin --jobs 1`` against ``--jobs 2`` on one large input.

Builds a seeded spun-news-like file (paragraphs of the seed article's sentences, shuffled and
perturbed; everything comes from samples/seed/spun.txt), runs the CLI with one and with two worker
processes, checks that the outputs are identical, and prints MB/s, CPU seconds and the ratio. The load
average is printed too: on a shared machine other work steals the second core and the ratio drops.

    python benchmarks/parallel.py                 # ~100 MB, shipped lexicons, default settings
    python benchmarks/parallel.py --mb 10 -- --no-context   # smaller, options passed to unspin
"""

from __future__ import annotations

import argparse
import hashlib
import os
import random
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "samples" / "seed" / "spun.txt"


def sentences() -> list[str]:
    """The seed article's sentences (it is scraped text: sentences are glued, split them)."""
    text = SEED.read_text(encoding="utf-8").replace("\n", " ")
    return [s.strip() for s in re.split(r"(?<=[.!?”])(?=[A-Z“])", text) if s.strip()]


def build_input(path: Path, megabytes: float, seed: int = 20240410) -> int:
    """Write about ``megabytes`` MB of paragraphs: 2-6 random seed sentences each, with a numbered
    lead, some words swapped for others from the article, some sentences glued as scrapers do."""
    rng = random.Random(seed)
    pool = sentences()
    words = sorted({w for s in pool for w in s.split() if w.isalpha()})
    target = int(megabytes * 1_000_000)
    written = 0
    with path.open("w", encoding="utf-8", newline="\n") as fh:
        n = 0
        while written < target:
            n += 1
            chosen = rng.sample(pool, rng.randint(2, 6))
            out = []
            for s in chosen:
                toks = s.split(" ")
                for _ in range(rng.randint(0, 2)):  # perturb: a word from elsewhere in the article
                    i = rng.randrange(len(toks))
                    if toks[i].isalpha() and toks[i].islower():
                        toks[i] = rng.choice(words).lower()
                out.append(" ".join(toks))
            glue = "" if rng.random() < 0.2 else " "
            para = f"Story {n} ({rng.randint(1, 28)} April). " + glue.join(out) + "\n\n"
            fh.write(para)
            written += len(para.encode("utf-8"))
    return written


def run(input_path: Path, jobs: int, extra: list[str]) -> tuple[float, str, float]:
    """(wall seconds, sha256 of stdout, CPU seconds of the run and its workers) of one CLI run."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    cmd = [sys.executable, "-m", "unspin", "--quiet", "--jobs", str(jobs), *extra, str(input_path)]
    h = hashlib.sha256()
    size = 0
    t0 = time.perf_counter()
    with subprocess.Popen(cmd, stdout=subprocess.PIPE) as proc:
        assert proc.stdout is not None
        while chunk := proc.stdout.read(1 << 20):
            h.update(chunk)
            size += len(chunk)
    elapsed = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if proc.returncode not in (0, 1):
        raise SystemExit(f"unspin --jobs {jobs} failed with exit code {proc.returncode}")
    return elapsed, h.hexdigest(), cpu


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--mb", type=float, default=100.0, help="input size in MB (default 100)")
    p.add_argument("--seed", type=int, default=20240410)
    p.add_argument("--keep", metavar="PATH", help="write the generated input here and keep it")
    p.add_argument("unspin_args", nargs="*", help="options passed to unspin (after --)")
    args = p.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(args.keep) if args.keep else Path(tmp) / "spun-news.txt"
        t0 = time.perf_counter()
        size = build_input(path, args.mb, args.seed)
        print(f"input: {size / 1e6:.1f} MB ({path.name}, seed {args.seed}), built in "
              f"{time.perf_counter() - t0:.1f} s; cores: {os.cpu_count()}; unspin args: {args.unspin_args}")
        print(f"load average before: {os.getloadavg()[0]:.2f}")
        print(f"{'jobs':>4}  {'seconds':>8}  {'MB/s':>6}  {'CPU s':>7}  output sha256")
        results = {}
        for jobs in (1, 2):
            secs, digest, cpu = run(path, jobs, args.unspin_args)
            results[jobs] = (secs, digest)
            print(f"{jobs:>4}  {secs:8.1f}  {size / 1e6 / secs:6.2f}  {cpu:7.1f}  {digest[:16]}")
    print(f"load average after: {os.getloadavg()[0]:.2f}")
    same = results[1][1] == results[2][1]
    ratio = results[1][0] / results[2][0]
    print(f"identical output: {'yes' if same else 'NO'}; speed-up --jobs 2 / --jobs 1: {ratio:.2f}x "
          f"(target >= 1.7x on 2 cores)")
    return 0 if same else 1


if __name__ == "__main__":
    raise SystemExit(main())
