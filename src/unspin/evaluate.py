"""The quality metric: score a restoration of spun text against gold sites.

A *site* is a span of the spun text, the restorations that count as right, and whether it is required
(counts toward recall) or optional (may be restored or left as it is). The output is aligned token by
token to the lattice "spun text with each site replaced by one of its options, or left as spun", by
an edit distance over that graph (substitution, deletion and insertion cost one). On the best path:

* a restored site is an accepted option matched exactly;
* a wrong edit is each maximal run of substituted, deleted or inserted tokens;
* recall = restored required sites / required sites;
* precision = restored sites (required or optional) / (restored sites + wrong edits).

On clean text there are no sites and every edit is wrong: report wrong edits per 1,000 words.

>>> spun = "the legit mentioned it"
>>> sites = load_sites(spun, ["legit\\tofficial\\treq", "mentioned\\tsaid\\treq"])
>>> s = score(spun, sites, "the official said that")
>>> (s.restored, s.required, s.wrong_edits)
(2, 2, 1)
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

# Word tokens as the metric counts them: numbers with separators, dotted abbreviations, words joined by
# apostrophes or hyphens, and the spintax characters. Stdlib ``re`` on purpose: its \w is the metric's.
TOKEN = re.compile(r"\d+(?:[.,]\d+)*|(?:[^\W\d_]\.){2,}|\w+(?:[’'\-]\w+)*|[{}|]")
# Each lattice node may only align with output positions within BAND tokens of where a plain diff of
# spun and output puts it: keeps the alignment linear in the text length.
BAND = 60
# A run of tokens that spun and output share, at least 2 * CUT_MARGIN long, is cut CUT_MARGIN tokens in
# from each end and the pieces aligned apart: the shared middle needs no alignment at all.
CUT_MARGIN = 20
# Integer costs keep ties exact: an edit costs EDIT; taking a site's spun option costs KEEP, so that an
# accepted option identical to the spun phrase counts as restored.
EDIT, KEEP = 1000, 1
CONTEXT_CHARS = 40


class Token(NamedTuple):
    text: str
    start: int
    end: int


def tokenize(text: str) -> list[Token]:
    """The metric's tokens, with code-point offsets.

    >>> [t.text for t in tokenize("U.S. well-known 3,000 {a|b}")]
    ['U.S.', 'well-known', '3,000', '{', 'a', '|', 'b', '}']
    """
    return [Token(m.group(), m.start(), m.end()) for m in TOKEN.finditer(text)]


def count_words(text: str) -> int:
    """Tokens as the metric counts them (the denominator of wrong edits per 1,000 words)."""
    return sum(1 for _ in TOKEN.finditer(text))


@dataclass(frozen=True)
class Site:
    """A gold restoration site: ``spun[start:end]`` and the restorations that count as right."""

    start: int
    end: int
    spun: str
    accepted: tuple[str, ...]
    required: bool = True


class SitesError(ValueError):
    """A malformed sites file, or a site not found in the spun text (message names the line)."""


def load_sites(spun: str, lines: str | Iterable[str], name: str = "sites") -> list[Site]:
    """Parse ``spun<TAB>accepted|accepted<TAB>req|opt`` lines (``#`` comments, blank lines skipped);
    each site is the first word-bounded occurrence of its phrase after the previous site.

    >>> [(s.start, s.accepted) for s in load_sites("a top minister", ["top minister\\tprime minister\\treq"])]
    [(2, ('prime minister',))]
    """
    if isinstance(lines, str):
        lines = lines.splitlines()
    sites, pos = [], 0
    for n, raw in enumerate(lines, 1):
        line = raw.rstrip("\r\n")
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if len(cells) != 3 or cells[2] not in ("req", "opt") or not cells[0]:
            raise SitesError(f"{name}:{n}: expected spun<TAB>accepted|accepted<TAB>req|opt, got {line!r}")
        phrase, accepted, kind = cells
        found = re.compile(r"(?<!\w)" + re.escape(phrase) + r"(?!\w)").search(spun, pos)
        if not found:
            raise SitesError(f"{name}:{n}: site {phrase!r} not found after offset {pos} of the spun text")
        sites.append(Site(found.start(), found.end(), phrase, tuple(accepted.split("|")), kind == "req"))
        pos = found.end()
    return sites


def pair_sites(spun: str, original: str) -> list[Site]:
    """Sites derived from a spun text and its original: every token difference is a required site.
    A token inserted in the original is attached to the spun token before it.

    >>> [(s.spun, s.accepted) for s in pair_sites("the legit mentioned", "the official said")]
    [('legit mentioned', ('official said',))]
    """
    a, b = tokenize(spun), tokenize(original)
    matcher = difflib.SequenceMatcher(None, [t.text for t in a], [t.text for t in b], autojunk=False)
    sites = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            continue
        if i1 == i2:  # pure insertion: nothing to anchor it to in the spun text but the token before
            if i1 == 0:
                continue
            i1, j1 = i1 - 1, j1 - 1
        start, end = a[i1].start, a[i2 - 1].end
        sites.append(Site(start, end, spun[start:end], (" ".join(t.text for t in b[j1:j2]),), True))
    return sites


@dataclass(frozen=True)
class Missed:
    """A required site that the output did not restore."""

    site: Site
    got: str  # the output tokens aligned with the site
    context: str  # the spun text around the site


@dataclass(frozen=True)
class WrongEdit:
    """A run of output tokens that matches no accepted option (or a run of dropped tokens)."""

    expected: str  # lattice tokens substituted or deleted
    got: str  # output tokens substituted or inserted
    start: int  # code-point span in the output (empty for a pure deletion)
    end: int
    context: str  # the output text around it
    steps: tuple[str, ...] = ()  # kind:expected>got, one per token
    rules: tuple[str, ...] = ()  # the edits that produced it, when known (see :func:`attribute`)


@dataclass(frozen=True)
class Score:
    """The metric's numbers and the sites and runs behind them."""

    words: int
    required: int
    restored: int
    restored_any: int
    wrong_edits: int
    missed: tuple[Missed, ...] = ()
    wrong: tuple[WrongEdit, ...] = ()
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def recall(self) -> float:
        return self.restored / self.required if self.required else 1.0

    @property
    def precision(self) -> float:
        found = self.restored_any + self.wrong_edits
        return self.restored_any / found if found else 1.0

    @property
    def f05(self) -> float:
        p, r = self.precision, self.recall
        return 1.25 * p * r / (0.25 * p + r) if p + r else 0.0

    @property
    def wrong_per_1000_words(self) -> float:
        return 1000 * self.wrong_edits / max(self.words, 1)

    def summary(self) -> dict[str, float | int]:
        """The headline numbers, rounded as reported (4 places; 3 for wrong edits per 1,000 words)."""
        return {"words": self.words, "required": self.required, "restored": self.restored,
                "restored_any": self.restored_any, "wrong_edits": self.wrong_edits,
                "recall": round(self.recall, 4), "precision": round(self.precision, 4),
                "f0.5": round(self.f05, 4), "wrong_per_1000_words": round(self.wrong_per_1000_words, 3)}

    def to_dict(self) -> dict[str, Any]:
        """The summary plus the missed sites and wrong edits, JSON-ready."""
        d: dict[str, Any] = dict(self.summary())
        d["missed"] = [{"spun": m.site.spun, "accepted": list(m.site.accepted), "start": m.site.start,
                        "end": m.site.end, "got": m.got, "context": m.context} for m in self.missed]
        d["wrong"] = [{"expected": w.expected, "got": w.got, "start": w.start, "end": w.end,
                       "context": w.context, "rules": list(w.rules), "steps": list(w.steps)}
                      for w in self.wrong]
        d.update(self.extra)
        return d


# -- the lattice ---------------------------------------------------------------------------------
class _Edge(NamedTuple):
    src: int
    token: str | None  # None: an empty option (epsilon)
    site: int  # -1 outside sites
    option: int
    cost: int


@dataclass
class _Lattice:
    """A DAG whose nodes are numbered in topological order; ``incoming[v]`` lists edges into v in the
    order ties are broken (accepted options first, in file order, the spun option last)."""

    anchor: list[int] = field(default_factory=list)  # spun-token index of each node (for the band)
    incoming: list[list[_Edge]] = field(default_factory=list)
    inner: dict[int, int] = field(default_factory=dict)  # node inside a site's option -> site

    def node(self, anchor: int) -> int:
        self.anchor.append(anchor)
        self.incoming.append([])
        return len(self.anchor) - 1


def _build(spun_toks: Sequence[Token], k0: int, k1: int,
           sites: Sequence[tuple[int, int, int, list[tuple[list[str], bool]]]]) -> _Lattice:
    """The lattice of spun tokens k0..k1 with the given sites (index, first token, end token, options)."""
    lat = _Lattice()
    cur, k = lat.node(k0), k0
    for n, s_first, s_end, options in sites:
        while k < s_first:
            nxt = lat.node(k + 1)
            lat.incoming[nxt].append(_Edge(cur, spun_toks[k].text, -1, -1, 0))
            cur, k = nxt, k + 1
        last_edges = []
        for oi, (toks, is_fix) in enumerate(options):
            prev, cost = cur, 0 if is_fix else KEEP
            for tok in toks[:-1]:
                mid = lat.node(k)
                lat.inner[mid] = n
                lat.incoming[mid].append(_Edge(prev, tok, n, oi, cost))
                prev, cost = mid, 0
            last_edges.append(_Edge(prev, toks[-1] if toks else None, n, oi, cost))
        end = lat.node(max(k, s_end))
        lat.incoming[end].extend(last_edges)
        cur, k = end, max(k, s_end)
    while k < k1:
        nxt = lat.node(k + 1)
        lat.incoming[nxt].append(_Edge(cur, spun_toks[k].text, -1, -1, 0))
        cur, k = nxt, k + 1
    return lat


_NONE, _MATCH, _SUB, _DEL, _INS, _EPS = -1, 0, 1, 2, 3, 4
_HOW = {_MATCH: "match", _SUB: "sub", _DEL: "del", _EPS: "eps"}


class _Step(NamedTuple):
    kind: str  # match, sub, del, ins, eps; "gap" stands for a shared stretch that was not aligned
    edge: _Edge | None  # None for an insertion
    inner_site: int  # an insertion inside a site's option: that site, else -1
    out: int  # output tokens consumed up to and including this step


def _align(lat: _Lattice, out: Sequence[str], ja: int, jb: int, exp: Sequence[int]) -> list[_Step]:
    """Best path of the output tokens ja..jb through the lattice (banded dynamic programme).

    Ties go, in order, to: earlier incoming edges, match or substitution before deletion, then
    insertion last; this fixes which of several equally cheap paths is reported.
    """
    n_nodes = len(lat.anchor)
    inf = 1 << 60
    lo, hi = [0] * n_nodes, [0] * n_nodes
    cost: list[list[int]] = [[]] * n_nodes
    # back pointers as ints, edge index * 8 + how: no tuple per cell (this loop is the scorer's cost)
    back: list[list[int]] = [[]] * n_nodes
    for v in range(n_nodes):
        e = exp[lat.anchor[v]]
        lo_v = ja if v == 0 else max(ja, e - BAND)
        hi_v = jb if v == n_nodes - 1 else min(jb, e + BAND)
        hi_v = max(hi_v, lo_v)
        lo[v], hi[v] = lo_v, hi_v
        width = hi_v - lo_v + 1
        c = [inf] * width
        b = [_NONE] * width
        if v == 0:
            c[0] = 0
        for ei, edge in enumerate(lat.incoming[v]):
            cu, lu, hu = cost[edge.src], lo[edge.src], hi[edge.src]
            tok, ec, tag = edge.token, edge.cost, ei * 8
            if tok is None:
                for j in range(max(lo_v, lu), min(hi_v, hu) + 1):
                    d = cu[j - lu] + ec
                    if d < c[j - lo_v]:
                        c[j - lo_v], b[j - lo_v] = d, tag + _EPS
                continue
            for j in range(max(lo_v, lu), min(hi_v, hu + 1) + 1):
                i = j - lo_v
                if j > lu:
                    if out[j - 1] == tok:
                        d, how = cu[j - 1 - lu] + ec, _MATCH
                    else:
                        d, how = cu[j - 1 - lu] + ec + EDIT, _SUB
                    if d < c[i]:
                        c[i], b[i] = d, tag + how
                if j <= hu:
                    d = cu[j - lu] + ec + EDIT
                    if d < c[i]:
                        c[i], b[i] = d, tag + _DEL
        for i in range(1, width):
            if c[i - 1] + EDIT < c[i]:
                c[i], b[i] = c[i - 1] + EDIT, _INS
        cost[v], back[v] = c, b
    steps, v, j = [], n_nodes - 1, jb
    while not (v == 0 and j == ja):
        code = back[v][j - lo[v]] if lo[v] <= j <= hi[v] else _NONE
        if code == _NONE:
            raise RuntimeError(f"alignment failed near output token {j}: widen BAND")
        how = code & 7
        if how == _INS:
            steps.append(_Step("ins", None, lat.inner.get(v, -1), j))
            j -= 1
            continue
        edge = lat.incoming[v][code >> 3]
        steps.append(_Step(_HOW[how], edge, -1, j))
        v = edge.src
        if how in (_MATCH, _SUB):
            j -= 1
    steps.reverse()
    return steps


class _LineToken(NamedTuple):
    text: str
    start: int
    end: int
    line: int


def _with_lines(text: str) -> list[_LineToken]:
    out, line, pos = [], 0, 0
    for t in tokenize(text):
        line += text.count("\n", pos, t.start)
        pos = t.start
        out.append(_LineToken(t.text, t.start, t.end, line))
    return out


def _opcodes(a: Sequence[_LineToken], b: Sequence[_LineToken]) -> list[tuple[str, int, int, int, int]]:
    """Token diff of spun and output. Lines (no token spans two) are diffed first, so that a long text
    with few changes costs little; tokens are diffed only inside the lines that differ. A text on one
    line is diffed token by token, as a plain diff would."""
    def lines(toks: Sequence[_LineToken]) -> tuple[list[tuple[str, ...]], list[int]]:
        keys: list[tuple[str, ...]] = []
        starts: list[int] = []
        for i, t in enumerate(toks):
            if i == 0 or t.line != toks[i - 1].line:
                starts.append(i)
                keys.append(())
            keys[-1] += (t.text,)
        return keys, [*starts, len(toks)]

    a_keys, a_starts = lines(a)
    b_keys, b_starts = lines(b)
    ops = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a_keys, b_keys, autojunk=False).get_opcodes():
        ta1, ta2, tb1, tb2 = a_starts[i1], a_starts[i2], b_starts[j1], b_starts[j2]
        if op == "equal":
            ops.append(("equal", ta1, ta2, tb1, tb2))
            continue
        sub = difflib.SequenceMatcher(None, [t.text for t in a[ta1:ta2]], [t.text for t in b[tb1:tb2]],
                                      autojunk=False)
        ops += [(o, x1 + ta1, x2 + ta1, y1 + tb1, y2 + tb1) for o, x1, x2, y1, y2 in sub.get_opcodes()]
    return ops


_SiteSpan = tuple[int, int, int, list[tuple[list[str], bool]]]  # site, first token, end token, options


def _chunks(a: Sequence[_LineToken], n_out: int, ops: Sequence[tuple[str, int, int, int, int]],
            site_spans: Sequence[_SiteSpan]) -> Iterable[tuple[_Lattice, int, int] | None]:
    """Cut the alignment inside long shared runs, CUT_MARGIN tokens in from each end, outside sites.
    Yields (lattice, first output token, end output token) per piece, or None for a piece that is
    identical in spun and output and holds no site (nothing to align there, nothing to count)."""
    inside = {k for _, first, end, _ in site_spans for k in range(first + 1, end)}
    cuts = [(0, 0)]
    for op, i1, i2, j1, _ in ops:
        if op != "equal" or i2 - i1 < 2 * CUT_MARGIN:
            continue
        # cut near both ends, so that the shared middle becomes a piece of its own (usually skipped)
        for k in (i1 + CUT_MARGIN, i2 - CUT_MARGIN):
            if k not in inside and k > cuts[-1][0]:
                cuts.append((k, j1 + k - i1))
    cuts.append((len(a), n_out))
    differences = [(i1, i2) for op, i1, i2, _, _ in ops if op != "equal"]
    si = 0
    for n, ((k0, j0), (k1, j1)) in enumerate(zip(cuts, cuts[1:], strict=False)):
        last = n == len(cuts) - 2
        mine = []
        while si < len(site_spans) and (last or site_spans[si][1] < k1):
            mine.append(site_spans[si])
            si += 1
        if not mine and not any(i1 < k1 and i2 > k0 or i1 == i2 and k0 <= i1 <= k1 for i1, i2 in differences):
            yield None
            continue
        yield _build(a, k0, k1, mine), j0, j1


# -- scoring -------------------------------------------------------------------------------------
def _snippet(text: str, start: int, end: int) -> str:
    left = text[max(0, start - CONTEXT_CHARS):start]
    right = text[end:end + CONTEXT_CHARS]
    return " ".join(f"{left}[{text[start:end]}]{right}".split())


def score(spun: str, sites: Sequence[Site], output: str) -> Score:
    """Align ``output`` to the lattice of ``spun`` and its ``sites`` and count the metric.

    >>> score("the legit mentioned", [], "the legit mentioned").wrong_edits
    0
    >>> score("a b c", [], "a x c").wrong[0].got
    'x'
    """
    if not sites and output == spun:  # nothing to restore and nothing changed: no alignment needed
        return Score(count_words(spun), 0, 0, 0, 0)
    a, b = _with_lines(spun), _with_lines(output)
    out = [t.text for t in b]
    site_spans: list[_SiteSpan] = []
    k = 0
    for n, s in enumerate(sites):
        first = k
        while first < len(a) and a[first].end <= s.start:
            first += 1
        end = first
        while end < len(a) and a[end].start < s.end:
            end += 1
        options = [([t.text for t in tokenize(x)], True) for x in s.accepted]
        options.append(([t.text for t in tokenize(s.spun)], False))
        site_spans.append((n, first, end, options))
        k = end
    ops = _opcodes(a, b)
    exp = [0] * (len(a) + 1)
    for op, i1, i2, j1, j2 in ops:
        for x in range(i1, i2 + 1):
            exp[x] = j1 + (x - i1) if op == "equal" else (j1 if x == i1 else j2)
    steps: list[_Step] = []
    for piece in _chunks(a, len(out), ops, site_spans):
        if piece is None:
            steps.append(_Step("gap", None, -1, steps[-1].out if steps else 0))
        else:
            steps += _align(piece[0], out, piece[1], piece[2], exp)
    return _count(spun, output, sites, b, steps, len(a))


def _count(spun: str, output: str, sites: Sequence[Site], b: Sequence[_LineToken],
           steps: Sequence[_Step], words: int) -> Score:
    chosen: dict[int, int] = {}
    inexact: set[int] = set()
    got: dict[int, list[int]] = {}
    runs: list[list[_Step]] = []
    in_run = False
    for st in steps:
        if st.kind == "ins":
            if st.inner_site >= 0:
                inexact.add(st.inner_site)
                got.setdefault(st.inner_site, []).append(st.out - 1)
        elif st.edge is not None and st.edge.site >= 0:
            site = st.edge.site
            chosen[site] = st.edge.option
            if st.kind not in ("match", "eps"):
                inexact.add(site)
            if st.kind in ("match", "sub"):
                got.setdefault(site, []).append(st.out - 1)
        bad = st.kind in ("sub", "del", "ins")
        if bad and not in_run:
            runs.append([])
        if bad:
            runs[-1].append(st)
        in_run = bad
    restored = restored_any = 0
    missed = []
    for n, s in enumerate(sites):
        ok = chosen.get(n, len(s.accepted)) < len(s.accepted) and n not in inexact
        restored_any += ok
        restored += ok and s.required
        if s.required and not ok:
            missed.append(Missed(s, " ".join(b[i].text for i in got.get(n, [])), _snippet(spun, s.start, s.end)))
    wrong = [_wrong_edit(run, b, output) for run in runs]
    return Score(words, sum(s.required for s in sites), restored, restored_any, len(runs),
                 tuple(missed), tuple(wrong))


def _wrong_edit(run: Sequence[_Step], b: Sequence[_LineToken], output: str) -> WrongEdit:
    expected = [st.edge.token or "" for st in run if st.kind in ("sub", "del") and st.edge]
    used = [st.out - 1 for st in run if st.kind in ("sub", "ins")]
    if used:
        start, end = b[used[0]].start, b[used[-1]].end
    else:  # only deletions: the point in the output where the tokens went missing
        j = run[0].out
        start = end = b[j - 1].end if j > 0 else 0
    steps = tuple(f"{st.kind}:{st.edge.token or '' if st.edge else ''}>"
                  f"{b[st.out - 1].text if st.kind in ('sub', 'ins') else ''}" for st in run)
    return WrongEdit(" ".join(expected), " ".join(b[i].text for i in used), start, end,
                     _snippet(output, start, end), steps)


def output_spans(edits: Iterable[Any]) -> list[tuple[int, int, str]]:
    """Where each applied edit landed in the output: (start, end, rule), from edits with ``start``,
    ``end``, ``replacement`` and ``rule`` in input offsets.

    >>> from unspin.model import Edit
    >>> output_spans([Edit(0, 3, "Jap", "Japanese", rule="news:1"), Edit(4, 7, "Top", "Prime", rule="news:2")])
    [(0, 8, 'news:1'), (9, 14, 'news:2')]
    """
    spans, delta = [], 0
    for e in sorted(edits, key=lambda e: (e.start, e.end)):
        start = e.start + delta
        spans.append((start, start + len(e.replacement), e.rule))
        delta += len(e.replacement) - (e.end - e.start)
    return spans


def attribute(result: Score, edits: Iterable[Any]) -> Score:
    """The same score with each wrong edit naming the rules of the edits that touch it."""
    spans = output_spans(edits)
    wrong = []
    for w in result.wrong:
        rules = tuple(dict.fromkeys(r for s, e, r in spans if s <= w.end and e >= w.start and r))
        wrong.append(WrongEdit(w.expected, w.got, w.start, w.end, w.context, w.steps, rules))
    return Score(result.words, result.required, result.restored, result.restored_any, result.wrong_edits,
                 result.missed, tuple(wrong), dict(result.extra))


__all__ = ["Missed", "Score", "Site", "SitesError", "Token", "WrongEdit", "attribute", "count_words",
           "load_sites", "output_spans", "pair_sites", "score", "tokenize"]
