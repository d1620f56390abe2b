#!/usr/bin/env python3
"""Measure the contextual layer alone: quality on spun text, wrong edits on clean text, load cost, speed.

Usage: python benchmarks/context_layer.py [--threshold 0.7] [--mb 0.5] [--show]

Prints one table. Quality uses the reference scorer (../shared/tools/score.py, or $UNSPIN_SCORER) on
samples/seed (spun.txt + sites.tsv) and, as clean text, samples/seed/gold.txt plus samples/clean/*.txt.
Only edits at or above the threshold are applied, with no lexicon and no spin gating (so the clean
rows show what the spin gate protects against, not what the engine does).

Cost rows:
- load: a fresh process loads every table and learns the swap index of the shipped lexicons (what the
  first ``--context`` call pays on top of the lexicons), median of three runs;
- memory: tracemalloc in a fresh process, the same load;
- speed: the engine (all lexicons, default threshold) on ``--mb`` MB of the seeded spun corpus of
  benchmarks/throughput.py, CPU time of this process, best of two runs, with the layer off and on; the
  layer's own rate is MB / (CPU of its calls inside the run), and also MB / (CPU on - CPU off).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SCORER = Path(os.environ.get("UNSPIN_SCORER", "/work/shared/tools/score.py"))


def apply(text: str, edits: list) -> str:
    """Apply non-overlapping edits (offsets into ``text``)."""
    out, pos = [], 0
    for e in sorted(edits, key=lambda e: e.start):
        out += [text[pos : e.start], e.replacement]
        pos = e.end
    return "".join(out) + text[pos:]


def score(args: list[str]) -> dict:
    res = subprocess.run([sys.executable, str(SCORER), *args, "--json"], capture_output=True, text=True,
                         check=True)
    return json.loads(res.stdout)


def engine_speed(mb: float) -> list[tuple[str, str]]:
    """CPU seconds of the engine on the seeded spun corpus with the layer off and on, and of the
    layer's own calls inside the run with it on (the difference of two noisy totals varies more)."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from throughput import shipped_entries, spun_corpus

    from unspin import Unspinner, context

    text = spun_corpus(int(mb * 1e6), shipped_entries())
    size = len(text.encode()) / 1e6
    inner = context.find_context_edits
    spent = [0.0]

    def timed_layer(*args, **kwargs):  # the engine imports find_context_edits at each call
        t0 = time.process_time()
        try:
            return inner(*args, **kwargs)
        finally:
            spent[0] += time.process_time() - t0

    context.find_context_edits = timed_layer
    cpu, own = {}, float("inf")
    try:
        for layer in (False, True):
            u = Unspinner(context=layer)
            u.fix("Jap Top Minister Kishida and the counterfeit consciousness lab via an irregular timberland.")
            best = float("inf")
            for _ in range(2):
                spent[0] = 0.0
                t0 = time.process_time()
                u.explain(text)
                best = min(best, time.process_time() - t0)
                if layer:
                    own = min(own, spent[0])
            cpu[layer] = best
    finally:
        context.find_context_edits = inner
    return [(f"engine on {size:.2f} MB of spun text, layer off / on (CPU s)", f"{cpu[False]:.2f} / {cpu[True]:.2f}"),
            ("engine with the layer (MB/s, one core)", f"{size / cpu[True]:.2f}"),
            ("the layer's own calls in that run (CPU s; MB/s)", f"{own:.2f}; {size / own:.2f}"),
            ("MB / (CPU on - CPU off) (MB/s; noisier)", f"{size / max(cpu[True] - cpu[False], 1e-9):.2f}")]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--threshold", type=float, default=0.7)
    ap.add_argument("--show", action="store_true", help="print the edits at or above the threshold")
    ap.add_argument("--mb", type=float, default=0.5, help="size of the spun corpus for the speed rows")
    args = ap.parse_args()

    from unspin import thesaurus
    from unspin.context import find_context_edits

    load = ("from unspin import thesaurus, lexicon; from unspin.context import find_context_edits, swap_index; "
            "lexicon.select_lexicons(['all']); ")
    work = ("thesaurus.load_all(); swap_index().prefixes(); "
            "find_context_edits('we trained an irregular timberland model with sun panels'); ")
    timed_code = f"{load}import time; t0 = time.perf_counter(); {work}print(time.perf_counter() - t0)"
    load_s = statistics.median(float(subprocess.run([sys.executable, "-c", timed_code], capture_output=True,
                                                    text=True, check=True).stdout) for _ in range(3))
    # memory in a fresh process (tracemalloc slows loading ~5x, so it is not timed there)
    code = f"import tracemalloc; {load}tracemalloc.start(); {work}print(tracemalloc.get_traced_memory()[0])"
    load_mb = int(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                                 check=True).stdout) / 1e6
    thesaurus.load_all()
    find_context_edits("warm up the lazy tables")

    rows: list[tuple[str, str]] = []
    spun_path = ROOT / "samples/seed/spun.txt"
    spun = spun_path.read_text(encoding="utf-8")
    t0 = time.perf_counter()
    edits = find_context_edits(spun)
    dt = time.perf_counter() - t0
    kept = [e for e in edits if e.confidence >= args.threshold]
    if args.show:
        for e in kept:
            print(f"{e.confidence:.2f} {e.original!r} -> {e.replacement!r}: {e.reason}")
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out.txt"
        out.write_text(apply(spun, kept), encoding="utf-8")
        s = score([str(spun_path), str(ROOT / "samples/seed/sites.tsv"), str(out)])
        rows.append(("seed: required sites restored (recall)", f"{s.get('recall', 0):.3f}"))
        rows.append(("seed: precision", f"{s.get('precision', 0):.3f}"))
        rows.append(("seed: edits proposed / kept", f"{len(edits)} / {len(kept)}"))

        clean = [ROOT / "samples/seed/gold.txt", *sorted((ROOT / "samples/clean").glob("*.txt"))]
        words = wrong = 0
        for path in clean:
            text = path.read_text(encoding="utf-8")
            ck = [e for e in find_context_edits(text) if e.confidence >= args.threshold]
            if args.show:
                for e in ck:
                    print(f"CLEAN {path.name}: {e.confidence:.2f} {e.original!r} -> {e.replacement!r}: {e.reason}")
            out.write_text(apply(text, ck), encoding="utf-8")
            c = score(["--clean", str(path), str(out)])
            wrong += c.get("wrong_edits", len(ck))
            words += c.get("words", len(text.split()))
        rows.append((f"clean: wrong edits per 1,000 words ({len(clean)} files, {words} words)",
                     f"{1000 * wrong / max(words, 1):.2f}"))
    rows.append(("load time (s, tables + swap index of the shipped lexicons, fresh process)", f"{load_s:.2f}"))
    rows.append(("extra memory (MB, tracemalloc, same load)", f"{load_mb:.0f}"))
    rows.append(("layer alone over the whole seed, every proposal (min_confidence 0) (MB/s)",
                 f"{len(spun.encode()) / 1e6 / dt:.2f}"))
    rows += engine_speed(args.mb)
    width = max(len(k) for k, _ in rows)
    print(f"contextual layer alone, threshold {args.threshold}")
    for k, v in rows:
        print(f"{k:<{width}}  {v:>12}")


if __name__ == "__main__":
    main()
