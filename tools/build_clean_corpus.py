#!/usr/bin/env python3
"""Build the must-not-touch corpus in samples/clean/ from pinned Debian packages.

The corpus is edited English prose that unspin must leave alone; a false-edit rate is measured on it.
Two kinds of files live in samples/clean/:

* generated files, written by this script from the pinned packages below (Python's documentation and
  the licence texts every Debian system ships);
* hand-written files (``news-*.txt``, ``science-*.txt``), the project's own writing under CC0-1.0,
  which this script never touches but counts and lists in SOURCES.md.

Run ``python tools/build_clean_corpus.py`` (as a user who can run ``apt-get download``; it uses the
machine's apt sources) to rebuild the generated files and SOURCES.md. ``--check`` rebuilds into memory
and exits 1 if a committed file differs, so a reviewer can verify the committed text is what the
pinned packages give. ``--deb-dir DIR`` reads already downloaded ``.deb`` files instead.

Example::

    $ python tools/build_clean_corpus.py --check
    ok: 12 generated files match
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CLEAN = ROOT / "samples" / "clean"

# The scorer's token rule (shared/tools/score.py): words are counted the way quality is scored.
TOKEN = re.compile(r"\d+(?:[.,]\d+)*|(?:[^\W\d_]\.){2,}|\w+(?:[’'\-]\w+)*|[{}|]")

# Pinned package versions: the committed text is what these versions give.
DEBS = {
    "python3.11-doc": "3.11.2-6+deb12u9",
    "base-files": "12.4+deb12u15",
}
PY_DOCS = "usr/share/doc/python3.11/html/_sources"
LICENSES = "usr/share/common-licenses"
PSF_NOTICE = (
    "Copyright (c) 2001-2023 Python Software Foundation; All Rights Reserved. "
    "Licensed under the PSF License Agreement (PSF-2.0); the licence text is part of python-docs-about.txt."
)


@dataclass(frozen=True)
class Part:
    """One generated corpus file: which package files it is made of and how to convert them."""

    name: str
    package: str
    paths: tuple[str, ...]
    kind: str  # "rst" (Sphinx sources, converted to prose) or "plain" (kept verbatim)
    licence: str


PARTS: tuple[Part, ...] = (
    Part("python-docs-tutorial.txt", "python3.11-doc", (f"{PY_DOCS}/tutorial/*.rst.txt",), "rst", "PSF-2.0"),
    Part("python-docs-faq.txt", "python3.11-doc", (f"{PY_DOCS}/faq/*.rst.txt",), "rst", "PSF-2.0"),
    Part(
        "python-docs-howto.txt", "python3.11-doc",
        tuple(f"{PY_DOCS}/howto/{n}.rst.txt" for n in (
            "logging", "unicode", "sockets", "sorting", "functional", "regex", "pyporting", "urllib2",
            "curses", "ipaddress", "annotations", "argparse", "enum")),
        "rst", "PSF-2.0",
    ),
    Part(
        "python-docs-whatsnew-2.txt", "python3.11-doc",
        tuple(f"{PY_DOCS}/whatsnew/2.{n}.rst.txt" for n in range(0, 8)), "rst", "PSF-2.0",
    ),
    Part(
        "python-docs-whatsnew-3.txt", "python3.11-doc",
        tuple(f"{PY_DOCS}/whatsnew/3.{n}.rst.txt" for n in (0, 1, 2, 8, 11)), "rst", "PSF-2.0",
    ),
    Part(
        "python-docs-about.txt", "python3.11-doc",
        tuple(f"{PY_DOCS}/{n}.rst.txt" for n in ("about", "bugs", "copyright", "license", "glossary")),
        "rst", "PSF-2.0",
    ),
    Part("licence-apache-2.0.txt", "base-files", (f"{LICENSES}/Apache-2.0",), "plain", "verbatim copying"),
    Part("licence-gpl-3.txt", "base-files", (f"{LICENSES}/GPL-3",), "plain", "verbatim copying"),
    Part("licence-lgpl-2.1.txt", "base-files", (f"{LICENSES}/LGPL-2.1",), "plain", "verbatim copying"),
    Part("licence-mpl-2.0.txt", "base-files", (f"{LICENSES}/MPL-2.0",), "plain", "verbatim copying"),
    Part("licence-gfdl-1.3.txt", "base-files", (f"{LICENSES}/GFDL-1.3",), "plain", "verbatim copying"),
    Part("licence-cc0-1.0.txt", "base-files", (f"{LICENSES}/CC0-1.0",), "plain", "CC0-1.0"),
    Part("licence-artistic.txt", "base-files", (f"{LICENSES}/Artistic",), "plain", "verbatim copying"),
)

# Hand-written files: the project's own writing.
OWN_WRITING = {
    "news-": "original news-style articles written for this corpus (quotations, attributions, numbers)",
    "science-": "original abstract-style science prose written for this corpus (correct technical terms)",
}

# Directives whose whole block is markup, code or navigation, not prose.
DROP_BLOCK = {
    "code-block", "sourcecode", "code", "literalinclude", "toctree", "index", "testsetup", "testcleanup",
    "testcode", "testoutput", "doctest", "productionlist", "highlight", "image", "figure", "raw",
    "csv-table", "list-table", "table", "tabularcolumns", "include", "sectionauthor", "moduleauthor",
    "module", "currentmodule", "only", "audit-event", "opcode", "cmdoption", "option", "envvar",
    "c:function", "c:macro", "c:type", "c:member", "c:var", "graphviz", "digraph", "impl-detail",
    "availability", "program", "literal", "parsed-literal", "contents", "rubric", "glossary",
}
ROLE = re.compile(r":[\w:+-]+:`(?:[~!])?([^`<]*?)(?:\s*<[^>]*>)?`")
LINK = re.compile(r"`([^`<]+?)\s*(?:<[^>]*>)?`__?")
LITERAL = re.compile(r"``(.+?)``")
EMPH = re.compile(r"(?<!\w)\*{1,2}(\S(?:.*?\S)?)\*{1,2}(?!\w)")
SUBST = re.compile(r"\|[\w-]+\|_?")
FOOTNOTE = re.compile(r"\s*\[(?:#\w*|\d+)\]_")
LINK_REF = re.compile(r"\b([A-Za-z][\w.]*[A-Za-z0-9])_(?=[\s,;:)]|\.(?:\s|$)|$)")
LIST_ITEM = re.compile(r"^(?:[-*+\u2022]|#\.|\d+\.|\(\w\))\s")
UNDERLINE = re.compile(r"^([=\-~^*+#\"'`.:_])\1{2,}\s*$")
DIRECTIVE = re.compile(r"^\.\.\s+([\w:-]+)::(.*)$")


def word_count(text: str) -> int:
    """Count words with the scorer's token rule.

    >>> word_count("The U.S. Navy said $14.9 billion, he mentioned.")
    8
    """
    return sum(1 for _ in TOKEN.finditer(text))


def inline(text: str) -> str:
    """Turn reStructuredText inline markup into plain text.

    >>> inline("Use :func:`~os.path.join` and ``print()`` [#]_ -- see `the docs <https://x>`_ or tox_.")
    'Use os.path.join and print() -- see the docs or tox.'
    """
    text = ROLE.sub(lambda m: m.group(1).strip(), text)
    text = LITERAL.sub(r"\1", text)
    text = LINK.sub(r"\1", text)
    text = SUBST.sub("", text)
    text = FOOTNOTE.sub("", text)
    text = LINK_REF.sub(r"\1", text)
    text = EMPH.sub(r"\1", text)
    return re.sub(r"[ \t]+", " ", text).strip()


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def rst_to_prose(source: str) -> str:
    """Keep the prose of a Sphinx source: paragraphs, titles and list items, one paragraph a line.

    Code (``::`` blocks, doctest lines, code directives), comments, labels, tables and navigation
    are dropped, because a must-not-touch corpus is about prose, and code is not English.

    >>> print(rst_to_prose("Title\\n=====\\n\\nSome *text*\\nhere::\\n\\n   x = 1\\n\\nMore."), end="")
    Title
    <BLANKLINE>
    Some text here:
    <BLANKLINE>
    More.
    """
    lines = source.replace("\t", "    ").splitlines()
    out: list[str] = []
    para: list[str] = []
    skip_indent: int | None = None  # drop lines indented more than this (a code or markup block)
    literal_next = False

    def flush() -> None:
        nonlocal literal_next
        if para:
            text = inline(" ".join(para))
            if text.endswith("::"):
                literal_next = True
                text = text[:-1] if not text.endswith(" ::") else text[:-3]
            if re.search(r"[A-Za-z]{2}", text) and not text.startswith(">>>"):
                out.append(text)
            para.clear()

    for line in lines:
        stripped = line.strip()
        if skip_indent is not None:
            if not stripped or _indent(line) > skip_indent:
                continue
            skip_indent = None
        if not stripped:
            flush()
            continue
        if literal_next:
            literal_next = False
            if _indent(line) > (_indent(para[0]) if para else 0) or stripped.startswith(">>>"):
                skip_indent = _indent(line) - 1
                continue
        if UNDERLINE.match(stripped):
            continue  # title over/underline
        if stripped.startswith(">>>") or stripped.startswith("+--") or stripped.startswith("+=="):
            flush()
            skip_indent = _indent(line) - 1 if stripped.startswith("+") else None
            continue
        if re.match(r"^=+(\s+=+)+\s*$", stripped):  # simple table border: drop to next blank line
            flush()
            skip_indent = -1
            continue
        m = DIRECTIVE.match(stripped)
        if m:
            flush()
            name = m.group(1)
            if name in DROP_BLOCK or name.startswith("c:"):
                skip_indent = _indent(line)
            continue  # keep the block (note, versionchanged, function...) but not its header line
        if stripped.startswith(".."):
            flush()  # comment, label, footnote or hyperlink target
            skip_indent = _indent(line)
            continue
        if stripped.startswith(":") and re.match(r"^:[\w -]+:(\s|$)", stripped):
            continue  # field list (directive options, metadata)
        if LIST_ITEM.match(stripped):
            flush()  # each list item is its own paragraph
        para.append(stripped)
    flush()
    return "\n\n".join(out) + "\n"


def plain(source: str) -> str:
    """Keep a plain text file as it is, with trailing spaces removed and one final newline.

    >>> plain("a  \\nb\\n\\n\\n")
    'a\\nb\\n'
    """
    return "\n".join(line.rstrip() for line in source.splitlines()).strip("\n") + "\n"


def fetch(deb_dir: Path | None, work: Path) -> dict[str, Path]:
    """Download (or find) each pinned .deb and unpack it; return package -> unpacked root."""
    roots = {}
    for package, version in DEBS.items():
        pattern = f"{package}_{version.replace(':', '%3a')}_*.deb"
        found = sorted((deb_dir or work).glob(pattern))
        if not found and deb_dir is None:
            subprocess.run(["apt-get", "download", f"{package}={version}"], cwd=work, check=True)
            found = sorted(work.glob(pattern))
        if not found:
            raise SystemExit(f"{package} {version}: no {pattern} (is the version still in the archive?)")
        root = work / f"root-{package}"
        subprocess.run(["dpkg-deb", "-x", str(found[0]), str(root)], check=True)
        roots[package] = root
    return roots


def build_part(part: Part, root: Path) -> str:
    """Return the text of one generated file, its sources in the order listed."""
    chunks = []
    for pattern in part.paths:
        files = sorted(root.glob(pattern))
        if not files:
            raise SystemExit(f"{part.name}: nothing matches {pattern}")
        for f in files:
            if f.name == "index.rst.txt":
                continue  # tables of contents
            text = f.read_text(encoding="utf-8")
            chunks.append(rst_to_prose(text) if part.kind == "rst" else plain(text))
    return "\n".join(chunks)


def sources_md(generated: dict[str, str]) -> str:
    """Render SOURCES.md: one row per corpus file with origin, licence and word count."""
    rows = []
    total = 0
    for part in PARTS:
        n = word_count(generated[part.name])
        total += n
        paths = ", ".join(f"`{p}`" for p in part.paths) if len(part.paths) <= 3 else (
            f"`{part.paths[0]}` ... ({len(part.paths)} files, listed in tools/build_clean_corpus.py)")
        rows.append(f"| {part.name} | Debian `{part.package}` {DEBS[part.package]} | {paths} | "
                    f"{part.licence} | {n} |")
    for f in sorted(CLEAN.glob("*.txt")):
        prefix = next((p for p in OWN_WRITING if f.name.startswith(p)), None)
        if prefix is None:
            continue
        n = word_count(f.read_text(encoding="utf-8"))
        total += n
        rows.append(f"| {f.name} | unspin project ({OWN_WRITING[prefix]}) | this directory | CC0-1.0 | {n} |")
    return "\n".join([
        "# Sources of the must-not-touch corpus",
        "",
        "Edited English prose that unspin must leave unchanged. Generated by "
        "`python tools/build_clean_corpus.py` (do not edit this file by hand); word counts use the "
        "scorer's token rule.",
        "",
        "- Python documentation: " + PSF_NOTICE + " Converted from the Sphinx sources to prose "
        "(code, tables and markup dropped).",
        "- Licence texts: from Debian's `/usr/share/common-licenses`; each licence permits verbatim "
        "copies of its own text, which is how they are kept here (trailing spaces trimmed).",
        "- news-*.txt and science-*.txt: written by the unspin project for this corpus, dedicated to "
        "the public domain under CC0-1.0. Every person, organisation, quotation and number in the news "
        "articles is invented; any resemblance to real events is chance.",
        "",
        "| file | package / origin | path | licence | words |",
        "|---|---|---|---|---|",
        *rows,
        f"| **total** | | | | **{total}** |",
        "",
    ])


def main(argv: list[str] | None = None) -> int:
    """Rebuild (or with --check, verify) the generated corpus files and SOURCES.md."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--check", action="store_true", help="verify committed files instead of writing")
    ap.add_argument("--deb-dir", type=Path, help="directory with the pinned .deb files already downloaded")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        roots = fetch(args.deb_dir, Path(tmp))
        generated = {p.name: build_part(p, roots[p.package]) for p in PARTS}
    generated["SOURCES.md"] = sources_md(generated)
    bad = []
    for name, text in generated.items():
        path = CLEAN / name
        if args.check:
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                bad.append(name)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
    if bad:
        print("differs: " + ", ".join(bad), file=sys.stderr)
        return 1
    print(f"{'ok' if args.check else 'wrote'}: {len(generated)} files")
    return 0


if __name__ == "__main__":
    sys.exit(main())
