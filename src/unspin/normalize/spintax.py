"""Spintax residue: ``{a|b|c}`` alternatives left in published text, and stray braces around words.

Choice rule: a spintax group is replaced by its FIRST alternative (the spinner's own default; no
later alternative is more likely to be the original). A group with one alternative (``{that a}``) is a
stray pair of braces and loses only the braces. Nested groups (``{The {big|large} dog|A dog}``) are
resolved the same way, innermost first.

Only groups whose content is plain words count, so code, JSON, LaTeX, shell and template braces stay
as they are: ``{"key": 1}``, ``\\frac{a}{b}``, ``${HOME}``, ``f"{x}"``, ``{{template}}``, ``{x | x > 0}``.
The rules, each guarding one of those:
- an alternative is letters, digits, spaces, apostrophes and hyphens (plus ``,.!?`` inside groups
  with several alternatives), not empty, and neither starts nor ends with a space;
- a group with one alternative holds two to four words, none a single letter but ``a`` and ``I``
  (``{name}`` and ``{x}`` are placeholders, ``{x for x in items}`` is a set comprehension);
- ``{`` follows the start of the text, whitespace, an opening bracket/quote or ``.,;!?``, never a word
  character, ``\\``, ``$``, ``%``, ``#`` or another ``{`` (and never a quote glued to a word: ``f"{``);
- ``}`` is not followed by another brace; everything stays on one line.

The edits are tight deletions (the braces, the bars and the dropped alternatives), so the words that
stay are original text that later stages can still repair.
"""

from __future__ import annotations

import re

from unspin.model import Edit

from ._edit import make_edit

STEP = "spintax"
CONFIDENCE_ALTERNATIVES = 0.99
CONFIDENCE_STRAY = 0.97
MAX_STRAY_WORDS = 4

# Characters allowed in an alternative. Groups with bars tolerate light punctuation because spintax
# alternatives are sometimes whole clauses; single stray groups do not (``{1, 2, 3}`` is a set).
_ALT_MULTI = re.compile(r"[^\W_]+(?:[ '’\-,.!?]+[^\W_]+)*[.!?]?")
_ALT_SINGLE = re.compile(r"[^\W_]+(?:(?: |['’\-])[^\W_]+)*")
_OPENERS = set(" \t\n\r([“‘\"'«„.,;!?")
_QUOTES = set("\"'“‘")


class _Group:
    """A parsed brace group: its span and the kept spans (from the first alternative) inside it."""

    __slots__ = ("start", "end", "keep", "alternatives")

    def __init__(self, start: int, end: int, keep: list[tuple[int, int]], alternatives: int) -> None:
        self.start, self.end, self.keep, self.alternatives = start, end, keep, alternatives


def _parse(text: str, i: int, depth: int = 0) -> _Group | None:
    """Parse the group opening at ``text[i] == "{"``; None when it is not plain-word spintax."""
    if depth > 8:
        return None
    pos = i + 1
    alts: list[tuple[list[tuple[int, int]], str]] = []  # (kept spans, flattened text) per alternative
    spans: list[tuple[int, int]] = []
    flat: list[str] = []
    run_start = pos
    while pos < len(text):
        c = text[pos]
        if c == "{":
            if pos == i + 1 or text[pos - 1] not in " |":
                return None  # a brace glued to a word or to the outer brace: not spintax
            inner = _parse(text, pos, depth + 1)
            if inner is None:
                return None
            if run_start < pos:
                spans.append((run_start, pos))
                flat.append(text[run_start:pos])
            spans.extend(inner.keep)
            flat.append("".join(text[a:b] for a, b in inner.keep))
            pos = inner.end
            run_start = pos
            continue
        if c in "|}":
            if run_start < pos:
                spans.append((run_start, pos))
                flat.append(text[run_start:pos])
            alts.append((spans, "".join(flat)))
            spans, flat = [], []
            pos += 1
            run_start = pos
            if c == "}":
                break
            continue
        if c in "\n\r":
            return None
        pos += 1
    else:
        return None
    end = pos
    if end < len(text) and text[end] in "{}":
        return None
    pattern = _ALT_MULTI if len(alts) > 1 else _ALT_SINGLE
    for _, words in alts:
        if not pattern.fullmatch(words):
            return None
    if len(alts) == 1 and not _stray_words(alts[0][1]):
        return None
    return _Group(i, end, alts[0][0], len(alts))


def _stray_words(content: str) -> bool:
    """Whether a group without bars looks like left-over words rather than a placeholder or a set."""
    found = content.split()
    return 2 <= len(found) <= MAX_STRAY_WORDS and all(len(w) > 1 or w in "aAI" for w in found)


def _opens_here(text: str, i: int) -> bool:
    """Whether the character before ``text[i] == "{"`` allows a prose brace group to start."""
    if i == 0:
        return True
    before = text[i - 1]
    if before not in _OPENERS:
        return False
    # f"{x}", r'{y}': a quote glued to a word starts a string literal, not a quotation.
    return not (before in _QUOTES and i >= 2 and (text[i - 2].isalnum() or text[i - 2] == "_"))


def find_spintax(text: str) -> list[Edit]:
    """Edits that resolve spintax groups and remove stray braces around plain words.

    >>> from unspin.normalize._edit import apply
    >>> t = "announce {that a} Jap astronaut, a {big|large|huge} deal"
    >>> apply(t, find_spintax(t))
    'announce that a Jap astronaut, a big deal'
    >>> find_spintax('cfg = {"key": 1}; \\\\frac{a}{b} ${HOME} {{template}}')
    []
    """
    edits: list[Edit] = []
    i = text.find("{")
    while i != -1:
        group = _parse(text, i) if _opens_here(text, i) else None
        if group is None:
            i = text.find("{", i + 1)
            continue
        if group.alternatives > 1:
            conf, reason = CONFIDENCE_ALTERNATIVES, "spintax residue: kept the first alternative"
        else:
            conf, reason = CONFIDENCE_STRAY, "spintax residue: stray braces around words"
        pos = group.start
        for a, b in [*group.keep, (group.end, group.end)]:
            if pos < a:
                edits.append(make_edit(text, pos, a, "", STEP, conf, reason))
            pos = b
        i = text.find("{", group.end)
    return edits
