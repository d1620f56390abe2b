#!/usr/bin/env python3
"""Measure the contextual layer alone: quality on spun text, wrong edits on clean text, load cost, speed.

Usage: python benchmarks/context_layer.py [--threshold 0.7]

Prints one table. Quality uses the reference scorer (../shared/tools/score.py, or $UNSPIN_SCORER) on
samples/seed (spun.txt + sites.tsv) and, as clean text, samples/seed/gold.txt plus samples/clean/*.txt.
Only edits at or above the threshold are applied, with no lexicon and no spin gating.
"""

from __future__ import annotations

import argparse
import json
import os
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


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--threshold", type=float, default=0.7)
    ap.add_argument("--show", action="store_true", help="print the edits at or above the threshold")
    args = ap.parse_args()

    from unspin import thesaurus
    from unspin.context import find_context_edits

    t0 = time.perf_counter()
    thesaurus.load_all()
    find_context_edits("warm up the lazy tables")
    load_s = time.perf_counter() - t0
    # memory in a fresh process (tracemalloc slows loading ~5x, so it is not timed here)
    code = ("import tracemalloc; tracemalloc.start(); from unspin import thesaurus; thesaurus.load_all(); "
            "print(tracemalloc.get_traced_memory()[0])")
    load_mb = int(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                                 check=True).stdout) / 1e6

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
    rows.append(("load time (s, all tables + first call)", f"{load_s:.2f}"))
    rows.append(("extra memory (MB, tracemalloc, tables loaded)", f"{load_mb:.0f}"))
    rows.append(("speed on spun text (MB/s, one core, warm)", f"{len(spun.encode()) / 1e6 / dt:.2f}"))
    width = max(len(k) for k, _ in rows)
    print(f"contextual layer alone, threshold {args.threshold}")
    for k, v in rows:
        print(f"{k:<{width}}  {v:>12}")


if __name__ == "__main__":
    main()
