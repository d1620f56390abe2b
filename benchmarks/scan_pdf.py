"""Run: python benchmarks/scan_pdf.py

Inject PPS tortured phrases into the clean science abstracts, damage them like a PDF text layer,
and compare what `unspin scan` finds with and without the PDF view."""
import glob
import random
import re
import time
from pathlib import Path

from unspin import Unspinner
from unspin.pdftext import LIGATURES
from unspin.scan import scan_text

random.seed(7)
u = Unspinner(lexicons=["science"])
entries = [e for lex in u.lexicons for e in lex.entries if e.prior == "sure"]
by_canon = {}
for e in entries:
    by_canon.setdefault(e.canonical[0].lower(), e.spun)
canon_re = re.compile(r"\b(" + "|".join(sorted(map(re.escape, by_canon), key=len, reverse=True)) + r")\b", re.I)
INV = {v: k for k, v in LIGATURES.items() if k in "\ufb00\ufb01\ufb02"}

def wrap(text, width=70):
    out = []
    for para in text.split("\n"):
        line = ""
        for w in para.split():
            if len(line) + 1 + len(w) <= width:
                line = f"{line} {w}" if line else w
                continue
            room = width - len(line) - 2
            if len(w) >= 7 and room >= 3 and len(w) - room >= 3 and w[:room].isalpha():
                out.append(f"{line} {w[:room]}-")
                line = w[room:]
            else:
                out.append(line)
                line = w
        out.append(line)
    return "\n".join(out)

def damage(text):
    for k, v in INV.items():
        text = text.replace(k, v)
    return wrap(text)

docs, injected = [], 0
ROOT = Path(__file__).resolve().parents[1]
for path in sorted(glob.glob(str(ROOT / "samples" / "clean" / "science-*.txt"))):
    clean = Path(path).read_text(encoding="utf-8")
    docs.append((path.split("/")[-1], clean, 0))
    spun, n = canon_re.subn(lambda m: by_canon[m.group(1).lower()], clean)
    docs.append(("spun-" + path.split("/")[-1], spun, n))
t = time.perf_counter()
print(f"{'document':32} {'injected':>8} {'plain':>6} {'layer':>6} {'layer+view':>10}")
tot = [0, 0, 0, 0]
for name, text, n in docs:
    layer = damage(text)
    a = scan_text(u, text, "x.txt").artifacts
    b = scan_text(u, layer, "x.txt", pdf_text=False).artifacts
    c = scan_text(u, layer, "x.txt", pdf_text=True).artifacts
    print(f"{name:32} {n:8} {a:6} {b:6} {c:10}")
    for i, v in enumerate((n, a, b, c)):
        tot[i] += v
print(f"{'total':32} {tot[0]:8} {tot[1]:6} {tot[2]:6} {tot[3]:10}   ({time.perf_counter() - t:.1f} s)")

# which injected phrases are missed as written
for name, text, n in docs:
    if not n:
        continue
    found = {(e.start) for e in scan_text(u, text, "x.txt").edits}
    rep = scan_text(u, text, "x.txt")
    clean = [d for d in docs if d[0] == name[5:]][0][1]
    print(name, n, rep.artifacts)
