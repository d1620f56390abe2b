#!/usr/bin/env python3
"""How well does unspin restore artifacts that are NOT in its lexicons? (contextual layer + fuzzy)

Usage: python benchmarks/generalization.py [--folds 5] [--seed 0] [--per-fold N] [--lexicons pps,news]
                                            [--no-seed-run] [--no-clean]

1. k-fold over each shipped lexicon: the fold's entries are removed from that lexicon (and so from
   the swap table, which is learned from the lexicons in use: no leakage), and each held-out phrase
   is put in a sentence between two sure artifacts of the remaining lexicon (so its window is spun):
   ``"In this study, {A}, {held out} and {B} were compared."``. The engine runs with the contextual
   layer on; a held-out phrase counts as restored when the output has one of its canonicals there
   (case-insensitive), wrong when it was changed to anything else, untouched otherwise. The same
   sentences with the layer off give the baseline (what the remaining lexicon entries restore alone,
   e.g. inflection twins of the held-out entry).
   Entries with left/right/requires/excludes constraints are not held out (they need their context).
2. samples/seed with the news lexicon switched off (``Unspinner(lexicons=["pps"], context=True)``)
   and with all lexicons, scored by the reference scorer (../shared/tools/score.py or $UNSPIN_SCORER).
3. samples/clean/*.txt with all lexicons and the layer on: wrong edits per 1,000 words.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import replace
from pathlib import Path

from unspin import Unspinner
from unspin.lexicon import Entry, Lexicon, select_lexicons

ROOT = Path(__file__).resolve().parents[1]
SCORER = Path(os.environ.get("UNSPIN_SCORER", "/work/shared/tools/score.py"))
TEMPLATE = "In this study, {a}, {h} and {b} were compared."


def holdable(e: Entry) -> bool:
    """An entry whose phrase stands on its own (no context constraints)."""
    return not (e.left or e.right or e.requires or e.excludes) and all(
        w.replace("-", "").replace("'", "").isalnum() for w in e.spun.split())


def outcome(u: Unspinner, sentence: str, hs: int, he: int, canonicals: tuple[str, ...]) -> tuple[str, str]:
    """("restored" | "wrong" | "untouched", kind of the deciding edit) for the span [hs, he)."""
    touching = [e for e in u.find_edits(sentence) if e.start < he and e.end > hs]
    if not touching:
        return "untouched", ""
    lo, hi = min(hs, *(e.start for e in touching)), max(he, *(e.end for e in touching))
    out, pos = [], lo
    for e in sorted(touching, key=lambda e: e.start):
        out += [sentence[pos:e.start], e.replacement]
        pos = e.end
    got = ("".join(out) + sentence[pos:hi]).casefold()
    kinds = "+".join(sorted({e.kind for e in touching}))
    for c in canonicals:
        if got == (sentence[lo:hs] + c + sentence[he:hi]).casefold():
            return "restored", kinds
    return "wrong", kinds


def kfold(target: str, shipped: list[Lexicon], folds: int, seed: int, per_fold: int | None,
          show: int) -> dict[str, Counter]:
    lex = next(x for x in shipped if x.name == target)
    pool = [e for e in lex.entries if holdable(e)]
    random.Random(seed).shuffle(pool)
    results = {"layer on": Counter(), "layer off": Counter()}
    shown = 0
    for f in range(folds):
        held = pool[f::folds]
        held_ids = {id(e) for e in held}
        rest = tuple(e for e in lex.entries if id(e) not in held_ids)
        fold_lex = replace(lex, entries=rest, digest=f"{lex.digest}-fold{f}-of-{folds}")
        lexicons = [fold_lex if x.name == target else x for x in shipped]
        anchors = [e for e in rest if e.prior == "sure" and holdable(e) and "case" not in e.flags]
        rng = random.Random(seed * 1000 + f)
        on = Unspinner(lexicons=lexicons, context=True)
        off = Unspinner(lexicons=lexicons, context=False)
        for e in held[:per_fold] if per_fold else held:
            a, b = rng.sample(anchors, 2)
            sentence = TEMPLATE.format(a=a.spun, h=e.spun, b=b.spun)
            hs = sentence.index(f", {e.spun} and ") + 2
            he = hs + len(e.spun)
            for name, u in (("layer on", on), ("layer off", off)):
                verdict, kind = outcome(u, sentence, hs, he, e.canonical)
                results[name][verdict] += 1
                if verdict != "untouched":
                    results[name][f"{verdict} by {kind}"] += 1
                if name == "layer on" and verdict == "wrong" and shown < show:
                    shown += 1
                    print(f"  wrong: {sentence!r} -> {on.fix(sentence)!r} (want {e.canonical[0]!r})")
    return results


def score(args: list[str]) -> dict:
    res = subprocess.run([sys.executable, str(SCORER), *args, "--json"], capture_output=True, text=True,
                         check=True)
    return json.loads(res.stdout)


def seed_rows(lexicons: list[str] | None, label: str) -> list[tuple[str, str]]:
    spun_path = ROOT / "samples/seed/spun.txt"
    rows = []
    for ctx in (False, True):
        u = Unspinner(lexicons=lexicons, context=ctx)
        spun = spun_path.read_text(encoding="utf-8")
        u.fix("warm up")
        t0 = time.perf_counter()
        out = u.fix(spun)
        dt = time.perf_counter() - t0
        with tempfile.TemporaryDirectory() as tmp:
            p = Path(tmp) / "out.txt"
            p.write_text(out, encoding="utf-8")
            s = score([str(spun_path), str(ROOT / "samples/seed/sites.tsv"), str(p)])
        rows.append((f"seed, {label}, layer {'on' if ctx else 'off'}: recall / precision / wrong / s",
                     f"{s['recall']:.3f} / {s['precision']:.3f} / {s['wrong_edits']} / {dt:.2f}"))
    return rows


def clean_rows() -> list[tuple[str, str]]:
    u = Unspinner(context=True)
    words = wrong = 0
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out.txt"
        for path in sorted((ROOT / "samples/clean").glob("*.txt")):
            text = path.read_text(encoding="utf-8")
            res = u.explain(text)
            for e in res.edits:
                if e.kind in ("context", "fuzzy"):
                    print(f"  clean {path.name}: {e.original!r} -> {e.replacement!r} ({e.kind}, {e.confidence})")
            out.write_text(res.text, encoding="utf-8")
            c = score(["--clean", str(path), str(out)])
            wrong += c["wrong_edits"]
            words += c["words"]
    return [(f"clean corpus, all lexicons, layer on: wrong edits per 1,000 words ({words} words)",
             f"{1000 * wrong / max(words, 1):.3f}")]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--per-fold", type=int, default=None, help="held-out phrases tried per fold (all)")
    ap.add_argument("--lexicons", default="pps,news")
    ap.add_argument("--show", type=int, default=0, help="print this many wrong restorations")
    ap.add_argument("--no-seed-run", action="store_true")
    ap.add_argument("--no-clean", action="store_true")
    args = ap.parse_args()
    shipped = select_lexicons(["all"])
    rows: list[tuple[str, str]] = []
    for target in args.lexicons.split(","):
        t0 = time.perf_counter()
        res = kfold(target, shipped, args.folds, args.seed, args.per_fold, args.show)
        for name, c in res.items():
            n = c["restored"] + c["wrong"] + c["untouched"]
            detail = ", ".join(f"{k} {v}" for k, v in sorted(c.items()) if " by " in k)
            rows.append((f"{target} held out ({args.folds}-fold, n={n}), {name}: restored / wrong / untouched",
                         f"{c['restored'] / n:.1%} / {c['wrong'] / n:.1%} / {c['untouched'] / n:.1%}"
                         + (f"  [{detail}]" if detail else "")))
        rows.append((f"{target} k-fold time (s)", f"{time.perf_counter() - t0:.0f}"))
    if not args.no_seed_run:
        rows += seed_rows(["pps"], "news lexicon off")
        rows += seed_rows(None, "all lexicons")
    if not args.no_clean:
        rows += clean_rows()
    width = max(len(k) for k, _ in rows)
    for k, v in rows:
        print(f"{k:<{width}}  {v}")


if __name__ == "__main__":
    main()
