#!/usr/bin/env python3
"""What the contextual layer's data can reach on a gold sample when the sample's lexicon is off.

Usage: python benchmarks/reachability.py [--lexicons pps] [--sample seed]

An upper bound, not a run of the layer: for every required site of samples/SAMPLE/sites.tsv whose
restoration replaces one word by one word (the phrase otherwise unchanged), it asks what each source
the layer draws on knows about that word, in the site's own context:

- learned: the restored word is a swap learned from the lexicons in use (``--lexicons``, default pps:
  the news lexicon switched off); learned top-1: it is the swap learned most often for that word;
- thesaurus: the restored word is among the spun word's reverse-thesaurus originals (base forms
  compared, so "mentioned" -> "said" is "mention" -> "say");
- bigram evidence: the restored word forms a listed bigram with a neighbour where the spun word forms
  none (the layer's test that a word is out of place and the candidate fits);
- thesaurus, decided: in the thesaurus, with bigram evidence, and the best of all the spun word's
  originals by the layer's bigram score (so a noisy channel over this data could pick it).

Required sites that replace a phrase (several words, or words added or dropped) are counted apart:
reachable when the whole spun phrase is a unit swap learned from the lexicons in use (``imaginative
and prescient`` -> ``vision``). The last row counts the sites any of these could restore.
Then the reverse-thesaurus source itself, without the spin gate (``find_context_edits`` at confidence
0 with the lexicons given): its proposals per 1,000 words on the sample and on samples/clean, and its
right and wrong edits on the sample by the quality metric. A layer allowed to open its own windows
would need those rates to differ between spun and clean text.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from unspin import bigrams, thesaurus
from unspin.api import apply_edits
from unspin.context import _evidence, _inflect, _lemmas, _tokens, find_context_edits
from unspin.evaluate import count_words, load_sites, score
from unspin.lexicon import select_lexicons
from unspin.swaps import learn

ROOT = Path(__file__).resolve().parent.parent


def one_word_swap(spun: str, restored: str) -> tuple[int, str, str] | None:
    """(index of the differing word, spun word, restored word) when exactly one word differs."""
    a, b = spun.lower().split(), restored.lower().split()
    if len(a) != len(b):
        return None
    diff = [i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
    return (diff[0], a[diff[0]], b[diff[0]]) if len(diff) == 1 else None


def thesaurus_forms(word: str) -> dict[str, str]:
    """Every original the reverse thesaurus offers for ``word``, put in its inflection -> base form."""
    out: dict[str, str] = {}
    for base, suffix in _lemmas(word):
        for cand in thesaurus.originals(base):
            if " " not in cand:
                out.setdefault(_inflect(cand, suffix), cand)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--lexicons", default="pps", help="lexicons in use (comma-separated; default pps)")
    ap.add_argument("--sample", default="seed")
    args = ap.parse_args()
    lexicons = select_lexicons(args.lexicons.split(","))
    model = learn(e for lex in lexicons for e in lex.entries)
    table = bigrams.bigrams()
    folder = ROOT / "samples" / args.sample
    spun = (folder / "spun.txt").read_text(encoding="utf-8")
    sites = load_sites(spun, (folder / "sites.tsv").read_text(encoding="utf-8"), str(folder / "sites.tsv"))
    toks = _tokens(spun)
    by_start = {t.start: k for k, t in enumerate(toks)}

    counts = dict.fromkeys(["learned", "learned top-1", "thesaurus", "bigram evidence", "thesaurus, decided",
                            "phrase sites: a learned unit", "any of the above (learned, decided or unit)"], 0)
    required = [s for s in sites if s.required]
    one_word = phrase = 0
    for site in required:
        swap = next((x for x in (one_word_swap(site.spun, a) for a in site.accepted) if x), None)
        if swap is None:
            phrase += 1
            units = {w for w, _ in model.originals(site.spun.lower())}
            unit = any(a.lower() in units for a in site.accepted)
            counts["phrase sites: a learned unit"] += unit
            counts["any of the above (learned, decided or unit)"] += unit
            continue
        one_word += 1
        index, word, gold = swap
        learned = [w for w, _ in model.originals(word)]
        counts["learned"] += gold in learned
        counts["learned top-1"] += bool(learned) and learned[0] == gold
        forms = thesaurus_forms(word)
        counts["thesaurus"] += gold in forms
        # the site's word in the text, and its neighbours joined to it by spaces
        k = by_start.get(site.start)
        if k is None:
            counts["any of the above (learned, decided or unit)"] += gold in learned
            continue
        k += index
        left = toks[k - 1].lower if k > 0 and toks[k].joined_left else None
        right = toks[k + 1].lower if k + 1 < len(toks) and toks[k + 1].joined_left else None

        def listed(w: str, left: str | None = left, right: str | None = right) -> bool:
            return (left is not None and f"{left} {w}" in table) or (right is not None and f"{w} {right}" in table)

        evidence = listed(gold) and not listed(word)
        counts["bigram evidence"] += evidence
        decided = evidence and gold in forms and max(forms, key=lambda w: _evidence(w, left, right).score) == gold
        counts["thesaurus, decided"] += decided
        counts["any of the above (learned, decided or unit)"] += decided or gold in learned

    name = f"samples/{args.sample}"
    print(f"# What the contextual layer's data can reach: {name}, lexicons in use: {args.lexicons}\n")
    print(f"{len(required)} required sites: {one_word} replace one word by one word, {phrase} replace a phrase.\n")
    print("| the restored word is ... | sites | share of all required sites |\n|---|---|---|")
    for label, n in counts.items():
        print(f"| {label} | {n} | {n / len(required):.1%} |")

    print("\n## The reverse-thesaurus source without the spin gate (confidence >= 0)\n")
    edits = find_context_edits(spun, lexicons=lexicons, min_confidence=0.0)
    result = score(spun, sites, apply_edits(spun, edits))
    clean_words = clean_edits = 0
    for path in sorted((ROOT / "samples" / "clean").glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        clean_words += count_words(text)
        clean_edits += len(find_context_edits(text, lexicons=lexicons, min_confidence=0.0))
    spun_words = count_words(spun)
    print("| text | words | proposals | per 1,000 words |\n|---|---|---|---|")
    print(f"| {name} (spun) | {spun_words:,} | {len(edits)} | {1000 * len(edits) / spun_words:.1f} |")
    print(f"| samples/clean | {clean_words:,} | {clean_edits} | {1000 * clean_edits / clean_words:.1f} |")
    print(f"\nOn {name}: {result.restored} of {result.required} required sites restored, "
          f"{result.wrong_edits} wrong edits.")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
