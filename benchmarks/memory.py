#!/usr/bin/env python3
"""Peak memory of the CLI streaming a large input: ``unspin FILE -o OUT`` on about 1 GB.

The input is written to a temporary directory, never held in memory: paragraphs of samples/clean
(shuffled, seeded) with one spun paragraph in twenty, built from the seed article's sentences as
benchmarks/parallel.py builds them. The CLI runs under ``/usr/bin/time -v`` (its "Maximum resident
set size" is the largest single process); the process tree's total RSS (the CLI and its workers,
summed) is also sampled from /proc every 0.2 s, which is the figure that matters with ``--jobs 2``.

    python benchmarks/memory.py                 # 1000 MB, --jobs 1
    python benchmarks/memory.py --mb 100 --jobs 2
"""

from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from parallel import sentences  # noqa: E402  (a sibling benchmark script)
from throughput import CLEAN_DIR, _paragraphs  # noqa: E402


def build_input(path: Path, megabytes: float, seed: int = 7) -> int:
    """Write about ``megabytes`` MB of clean paragraphs with a spun one in twenty; bytes written."""
    rng = random.Random(seed)
    clean = _paragraphs(sorted(CLEAN_DIR.glob("*.txt")))
    spun = sentences()
    target, written, n = int(megabytes * 1_000_000), 0, 0
    with path.open("w", encoding="utf-8", newline="\n") as fh:
        while written < target:
            n += 1
            para = " ".join(rng.sample(spun, rng.randint(2, 6))) if n % 20 == 0 else rng.choice(clean)
            block = para + "\n\n"
            fh.write(block)
            written += len(block.encode("utf-8"))
    return written


def tree_rss_mb(pid: int) -> float:
    """Resident memory of ``pid`` and all its descendants, in MB (from /proc)."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(ppid, []).append(int(entry))
    total, todo = 0.0, [pid]
    while todo:
        p = todo.pop()
        todo.extend(children.get(p, []))
        try:
            status = Path(f"/proc/{p}/status").read_text()
        except OSError:
            continue
        m = re.search(r"VmRSS:\s+(\d+) kB", status)
        total += int(m.group(1)) / 1024 if m else 0.0
    return total


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--mb", type=float, default=1000.0, help="input size in MB (default 1000)")
    p.add_argument("--jobs", type=int, default=1)
    p.add_argument("--dir", help="where to write the input and output (default: a temporary directory)")
    args = p.parse_args()
    if not shutil.which("time", path="/usr/bin"):
        raise SystemExit("needs /usr/bin/time (Debian package 'time')")
    tmp = Path(args.dir or tempfile.mkdtemp(prefix="unspin-memory-"))
    src, out, log = tmp / "input.txt", tmp / "output.txt", tmp / "time.txt"
    try:
        t0 = time.perf_counter()
        size = build_input(src, args.mb)
        print(f"input: {size / 1e6:.1f} MB, built in {time.perf_counter() - t0:.1f} s; "
              f"load average before: {os.getloadavg()[0]:.2f}")
        cmd = ["/usr/bin/time", "-v", "-o", str(log), sys.executable, "-m", "unspin", "--quiet",
               "--jobs", str(args.jobs), str(src), "-o", str(out)]
        peak = [0.0]
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd)

        def sample() -> None:
            while proc.poll() is None:
                peak[0] = max(peak[0], tree_rss_mb(proc.pid))
                time.sleep(0.2)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        code = proc.wait()
        sampler.join()
        wall = time.perf_counter() - t0
        report = log.read_text()
        max_rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", report).group(1)) / 1024
        print(f"unspin --jobs {args.jobs}: exit {code}, {wall:.0f} s wall, {size / 1e6 / wall:.2f} MB/s, "
              f"output {out.stat().st_size / 1e6:.1f} MB")
        print(f"maximum resident set size (/usr/bin/time -v): {max_rss:.0f} MB; "
              f"peak RSS of the process tree (sampled): {peak[0]:.0f} MB; target < 300 MB")
        return 0 if code in (0, 1) else code
    finally:
        if not args.dir:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
