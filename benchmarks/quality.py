"""Quality benchmark: one table of the quality metric (docs/quality.md) for every gold sample and the
must-not-touch corpus, at each profile, with and without the contextual layer, and for the seed with
the news lexicon switched off.

Usage: python benchmarks/quality.py [--jobs N]

Every configuration is one Unspinner, built once and reused for all texts; configurations run in
parallel worker processes (--jobs). Every text is measured
whole; nothing is sampled. The edits still made on the clean corpus are listed under the table.
"""

from __future__ import annotations

import argparse
import datetime
import multiprocessing
import os
import platform
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from unspin import Unspinner, __version__
from unspin.evaluate import Score, attribute, load_sites, score

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
CLEAN = SAMPLES / "clean"

# (label, Unspinner options). The default configuration is the balanced profile with the library's
# defaults for everything else.
CONFIGS: list[tuple[str, dict]] = [
    ("safe", {"profile": "safe"}),
    ("balanced (default)", {}),
    ("aggressive", {"profile": "aggressive"}),
    ("safe + context", {"profile": "safe", "context": True}),
    ("balanced + context", {"context": True}),
    ("aggressive + context", {"profile": "aggressive", "context": True}),
    ("no news lexicon: pps + context", {"lexicons": ["pps"], "context": True}),
]
CLEAN_SETS = [("clean: all", "*.txt"), ("clean: news-*", "news-*.txt"), ("clean: science-*", "science-*.txt")]


@dataclass
class Row:
    config: str
    text: str
    result: Score


@dataclass
class CleanEdit:
    config: str
    file: str
    rule: str
    original: str
    replacement: str


def gold_samples() -> list[tuple[str, str, list]]:
    """(name, spun text, sites) for every samples/*/sites.tsv with its spun.txt."""
    out = []
    for sites_path in sorted(SAMPLES.glob("*/sites.tsv")):
        spun = (sites_path.parent / "spun.txt").read_text(encoding="utf-8")
        out.append((sites_path.parent.name, spun, load_sites(spun, sites_path.read_text(encoding="utf-8"),
                                                            str(sites_path))))
    return out


def measure(label: str, unspinner: Unspinner, samples: list, clean: dict[str, str]) -> tuple[list[Row], list]:
    rows, edits = [], []
    for name, spun, sites in samples:
        result = unspinner.explain(spun)
        rows.append(Row(label, f"{name} (gold)", attribute(score(spun, sites, result.text), result.edits)))
    per_file: dict[str, Score] = {}
    for name, text in clean.items():
        result = unspinner.explain(text)
        per_file[name] = score(text, [], result.text)
        edits += [CleanEdit(label, name, e.rule, e.original, e.replacement) for e in result.edits]
    for set_label, pattern in CLEAN_SETS:
        chosen = [per_file[p.name] for p in sorted(CLEAN.glob(pattern))]
        total = Score(sum(s.words for s in chosen), 0, 0, 0, sum(s.wrong_edits for s in chosen))
        rows.append(Row(label, f"{set_label} ({len(chosen)} files)", total))
    return rows, edits


def table(rows: list[Row]) -> str:
    head = "| configuration | text | words | required | restored | recall | precision | F0.5 | wrong | wrong/1k |"
    lines = [head, "|" + "---|" * 10]
    for r in rows:
        s = r.result
        gold = s.required > 0
        cells = [r.config, r.text, f"{s.words:,}", str(s.required) if gold else "-",
                 str(s.restored) if gold else "-", f"{s.recall:.4f}" if gold else "-",
                 f"{s.precision:.4f}" if gold else "-", f"{s.f05:.4f}" if gold else "-",
                 str(s.wrong_edits), f"{s.wrong_per_1000_words:.3f}"]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def edit_summary(edits: list[CleanEdit], per_config: int = 12) -> str:
    """One line per (configuration, rule, swap): how often, in which files; the most frequent first."""
    if not edits:
        return "- none, in any configuration"
    groups: dict[tuple[str, str, str, str], list[str]] = {}
    for e in edits:
        groups.setdefault((e.config, e.rule, e.original.lower(), e.replacement.lower()), []).append(e.file)
    lines = []
    for config in dict.fromkeys(e.config for e in edits):
        mine = sorted(((k, v) for k, v in groups.items() if k[0] == config), key=lambda kv: -len(kv[1]))
        for (_, rule, original, replacement), files in mine[:per_config]:
            names = ", ".join(f"{f} x{files.count(f)}" for f in dict.fromkeys(files))
            lines.append(f"- {config}: {rule} {original!r} -> {replacement!r}: {len(files)} ({names})")
        if len(mine) > per_config:
            rest = sum(len(v) for _, v in mine[per_config:])
            lines.append(f"- {config}: {len(mine) - per_config} more rules, {rest} edits")
    return "\n".join(lines)


def machine_line() -> str:
    now = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
    return (f"{now}; {platform.system()} {platform.machine()}, {os.cpu_count()} CPUs; "
            f"Python {platform.python_version()}; unspin {__version__}")


def run_config(item: tuple[str, dict]) -> tuple[list[Row], list[CleanEdit], float, float]:
    """Measure one configuration (in a worker process): rows, clean edits, wall and CPU seconds."""
    label, options = item
    wall, cpu = time.perf_counter(), time.process_time()
    rows, edits = measure(label, Unspinner(**options), gold_samples(), clean_corpus())
    return rows, edits, time.perf_counter() - wall, time.process_time() - cpu


def clean_corpus() -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(CLEAN.glob("*.txt"))}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--jobs", type=int, default=min(2, os.cpu_count() or 1),
                        help="configurations measured in parallel (default: 2 or the CPU count)")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    rows: list[Row] = []
    edits: list[CleanEdit] = []
    timings = []
    cpu_total = 0.0
    if args.jobs > 1:
        with multiprocessing.get_context("spawn").Pool(args.jobs) as pool:
            results = pool.map(run_config, CONFIGS, chunksize=1)
    else:
        results = [run_config(item) for item in CONFIGS]
    for (label, _), (more_rows, more_edits, wall, cpu) in zip(CONFIGS, results, strict=True):
        rows += more_rows
        edits += more_edits
        cpu_total += cpu
        timings.append(f"{label} {wall:.1f}s")
    print("$ python benchmarks/quality.py" + (f" {' '.join(argv)}" if argv else ""))
    print(machine_line())
    print()
    print(table(rows))
    print()
    print("Edits made on the clean corpus (every one is wrong), by configuration and rule:")
    print(edit_summary(edits))
    print()
    print(f"time: {time.perf_counter() - started:.1f}s wall with --jobs {args.jobs}, {cpu_total:.1f}s CPU "
          f"in the workers (wall per configuration: {'; '.join(timings)})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
