"""The contextual layer: restore synonym swaps that no lexicon lists (a noisy channel).

For a token (or a short phrase) whose bigrams with its neighbours are unseen although it is an
ordinary word, the candidate originals are the words a thesaurus lists it as a synonym of (a reverse
thesaurus built from WordNet 3.0 and Moby). A candidate wins when, put back in the observed
inflection, it forms common bigrams with the neighbours, clearly better than the observed words and
than the other candidates. Evidence is a trigram estimate from bigram counts,

    score(x) = log10 B(left, x) + log10 B(x, right) - log10 U(x)

(one side only at a clause edge), unseen bigrams floored just below the list's cut-off. The margins
in decades over the observed words and over the runner-up give the confidence.

Data loads lazily on the first call (see unspin.bigrams and unspin.thesaurus); importing this module
reads nothing.
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache

import regex

from unspin import bigrams as counts
from unspin import thesaurus
from unspin.casing import transfer_case
from unspin.edits import merge_spans
from unspin.gcpause import paused
from unspin.lexicon import Lexicon, select_lexicons
from unspin.model import Edit
from unspin.swaps import SwapModel, learn

RULE = "context:thesaurus"
SWAP_RULE = "context:swap"  # rule ids name the phrase evidence: context:swap-term, -expression, -bigram
TERM_EVIDENCE = "a term of the lexicons"
EXPRESSION_EVIDENCE = "a WordNet expression"
LEXICON = "context"

# Words joined by a hyphen or apostrophe count as one token; anything else between two tokens except
# plain spaces (punctuation, line breaks, quotes) breaks the bigram context.
TOKEN = regex.compile(r"[\p{L}]+(?:['’\-][\p{L}]+)*")

SENTENCE_END = regex.compile(r"(?:^|[.!?][\"'”’)\]]*\s*|\n\s*)[\"'“‘(\[]*\Z")

# The bigram list stops at 6.4M; an unseen bigram is below that, so it is scored as if it were
# seen UNSEEN times (roughly half the cut-off).
UNSEEN = 3_000_000
# A candidate's decisive bigram must be a real collocation, not just above the cut-off.
MIN_DECISIVE = 8_000_000
MAX_SPAN = 4  # longest spun phrase looked up
MIN_ZIPF = 2.5  # the observed word must be an ordinary word: rare ones are names or jargon
MIN_INFLECTED_ZIPF = 2.0  # an inflected candidate must be a real word ("taked" is not)
WEAK_CAP = 0.3  # thin evidence (one side, function word, one-way relation): far below any threshold
# Bigram evidence alone (no learned swap, no known phrase) never reaches the default threshold: every
# such edit the balanced profile applied in our measurements was wrong ("education" -> "information"
# in a spun paragraph; none right in the held-out folds or the seed). The aggressive profile (0.5)
# still applies the best of them where the text around is spun.
THESAURUS_CAP = 0.6
MIN_REPORTED = 0.01  # below this an edit is noise, not a weak candidate
# Confidence = product of two logistic curves over the margins (in decades of the score).
OBS_MID, OBS_SLOPE = 2.4, 2.2  # margin over the observed words (2.4 decades: half confidence)
ALT_MID, ALT_SLOPE = 0.5, 3.0  # margin over the runner-up candidate

# Function words and auxiliaries: their bigrams are dominated by syntax, not meaning, so bigram
# evidence cannot tell a swap from a paraphrase. The lexicons handle the spinner's habits with them.
FUNCTION_WORDS = frozenset(
    """a an the and or but nor so yet for of to in on at by with from into onto upon over under about
    above below after before since until than then that this these those there here where when while
    which who whom whose what why how it its it's they them their theirs we us our you your he him
    his she her i me my mine be is am are was were been being have has had do does did will would
    shall should can could may might must not no as if also too very just only even all any some
    each every both either neither such own same other others more most much many few less least one
    ones""".split()  # noqa: SIM905
)


@dataclass(slots=True)  # not frozen: frozen dataclasses construct twice as slowly, and there is one per word
class _Token:
    text: str
    lower: str
    start: int
    end: int
    sentence_start: bool  # first word of a sentence (capitalisation says nothing there)
    joined_left: bool  # separated from the previous token by plain spaces only


def _tokens(text: str) -> list[_Token]:
    """The words of ``text`` with their offsets, whether each starts a sentence, and whether it is
    joined to the previous one by plain spaces. Built column by column with comprehensions: a loop
    with a branch per token costs several times more on long spun documents."""
    spans = [m.span() for m in TOKEN.finditer(text)]
    if not spans:
        return []
    starts = [s for s, _ in spans]
    ends = [e for _, e in spans]
    words = [text[s:e] for s, e in spans]
    gaps = [text[e:s] for e, s in zip(ends, starts[1:], strict=False)]
    # plain spaces or tabs only; " " (the usual case) is decided without scanning
    joined = [False, *(g == " " or (g != "" and not g.strip(" \t")) for g in gaps)]
    search = SENTENCE_END.search
    # the sentence-end pattern can only match in a gap holding one of its anchors
    sentence = [True, *(g != " " and any(c in g for c in ".!?\n") and search(text, max(0, s - 6), s) is not None
                        for g, s in zip(gaps, starts[1:], strict=False))]
    return list(map(_Token, words, [w.lower() for w in words], starts, ends, sentence, joined))


def _lemmas(word: str) -> list[tuple[str, str]]:
    """(base form, inflection) pairs a word may be: ("panels") -> [("panels", ""), ("panel", "s")].

    >>> ("decide", "ed") in _lemmas("decided")
    True
    """
    out = [(word, "")]
    if word.endswith("ies") and len(word) > 4:
        out.append((word[:-3] + "y", "s"))
    if word.endswith("es") and len(word) > 3:
        out.append((word[:-2], "s"))
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        out.append((word[:-1], "s"))
    for suf in ("ed", "ing"):
        if word.endswith(suf) and len(word) > len(suf) + 2:
            stem = word[: -len(suf)]
            out += [(stem, suf), (stem + "e", suf)]
            if len(stem) > 2 and stem[-1] == stem[-2]:
                out.append((stem[:-1], suf))
            if suf == "ed" and stem.endswith("i"):
                out.append((stem[:-1] + "y", suf))
    return out


def _inflect(word: str, suffix: str) -> str:
    """Put a base form into an inflection (regular English spelling rules).

    >>> [_inflect("panel", "s"), _inflect("agree", "ed"), _inflect("modernize", "ing")]
    ['panels', 'agreed', 'modernizing']
    """
    if not suffix:
        return word
    vowels = "aeiou"
    if suffix == "s":
        if word.endswith(("s", "x", "z", "ch", "sh")):
            return word + "es"
        if word.endswith("y") and len(word) > 1 and word[-2] not in vowels:
            return word[:-1] + "ies"
        return word + "s"
    if word.endswith("e"):
        return word[:-1] + suffix
    if suffix == "ed" and word.endswith("y") and len(word) > 1 and word[-2] not in vowels:
        return word[:-1] + "ied"
    if (len(word) >= 3 and word[-1] not in vowels + "wxy" and word[-2] in vowels
            and word[-3] not in vowels and len(word) <= 4):
        return word + word[-1] + suffix  # stop -> stopped; short words only (visit -> visited)
    return word + suffix


def _inflect_phrase(phrase: str, suffix: str) -> str:
    """Inflect a candidate phrase: plural on the last word, verb forms on the first."""
    if not suffix:
        return phrase
    words = phrase.split(" ")
    i = len(words) - 1 if suffix == "s" else 0
    words[i] = _inflect(words[i], suffix)
    return " ".join(words)


@dataclass(frozen=True, slots=True)
class _Evidence:
    phrase: str
    left: int | None  # B(left neighbour, first word)
    right: int | None  # B(last word, right neighbour)
    score: float


def _evidence(phrase: str, left: str | None, right: str | None) -> _Evidence:
    """Score the chain ``left phrase right`` as a bigram (Markov) estimate of its probability.

    log P ~ sum(log10 B(pair)) - sum(log10 U(interior word)): every word that has a bigram on
    both sides is divided out once, so frequent words do not win for being frequent and a
    multi-word candidate pays for its own internal bigrams.
    """
    words = phrase.split(" ")
    chain = ([left] if left is not None else []) + words + ([right] if right is not None else [])
    table = counts.bigrams()
    score = 0.0
    for a, b in zip(chain, chain[1:], strict=False):
        score += math.log10(max(table.get(f"{a} {b}", 0), UNSEEN))
    for w in chain[1:-1]:
        score -= math.log10(10 ** max(counts.zipf(w), 1.0) * counts.UNIGRAM_SCALE)
    bl = table.get(f"{left} {words[0]}", 0) if left is not None else None
    br = table.get(f"{words[-1]} {right}", 0) if right is not None else None
    return _Evidence(phrase, bl, br, score)


def _fmt(n: int | None) -> str:
    if n is None:
        return "-"
    if n == 0:
        return "unseen"
    for unit, size in (("G", 1e9), ("M", 1e6), ("k", 1e3)):
        if n >= size:
            return f"{n / size:.1f}{unit}"
    return str(n)


def _describe(ev: _Evidence, left: str | None, right: str | None) -> str:
    parts = []
    first, last = ev.phrase.split(" ")[0], ev.phrase.split(" ")[-1]
    if left is not None:
        parts.append(f'"{left} {first}" {_fmt(ev.left)}')
    if right is not None:
        parts.append(f'"{last} {right}" {_fmt(ev.right)}')
    return ", ".join(parts)


def _logistic(x: float, mid: float, slope: float) -> float:
    return 1.0 / (1.0 + math.exp(-(x - mid) * slope))


def _match_case(original: str, replacement: str) -> str:
    if original.isupper() and len(original) > 1:
        return replacement.upper()
    if original[:1].isupper():
        return replacement[:1].upper() + replacement[1:]
    return replacement


def _overlaps(spans: list[tuple[int, int]], starts: list[int], start: int, end: int) -> bool:
    i = bisect.bisect_left(starts, end) - 1  # the last span starting before ``end``
    return i >= 0 and spans[i][1] > start


def _usable(tok: _Token) -> bool:
    """A token the layer may replace: an ordinary lower-case word, not a name or function word."""
    if tok.lower in FUNCTION_WORDS or len(tok.lower) < 3:
        return False
    if tok.text[:1].isupper() and not tok.sentence_start:
        return False  # a proper noun (or a title) mid-sentence
    return not (tok.text.isupper() and len(tok.text) > 1)  # an acronym


@cache
def _candidates(base: str, suffix: str) -> tuple[dict[str, tuple[str, ...]], dict[str, tuple[str, ...]]]:
    """Candidates for a spun base form, put in the observed inflection, indexed by their first
    word and by their last word. Inflections that are not real words ("taked") are dropped."""
    by_first: dict[str, list[str]] = {}
    by_last: dict[str, list[str]] = {}
    for cand in thesaurus.originals(base):
        phrase = _inflect_phrase(cand, suffix)
        words = phrase.split(" ")
        if suffix and not all(counts.zipf(w) >= MIN_INFLECTED_ZIPF for w in words):
            continue
        by_first.setdefault(words[0], []).append(phrase)
        by_last.setdefault(words[-1], []).append(phrase)
    return ({k: tuple(v) for k, v in by_first.items()}, {k: tuple(v) for k, v in by_last.items()})


@cache
def _confident(base: str, suffix: str) -> tuple[tuple[str, str, str], ...]:
    """(phrase, first word, last word) of the candidates of :func:`_candidates` that may carry an
    uncapped edit: related both ways to ``base`` (a near synonym, :func:`thesaurus.mutual`) and not a
    function word. A one-way relation is usually a loose one (nations -> orders)."""
    near = thesaurus.mutual(base)
    out = []
    for cand in [c for c in thesaurus.originals(base) if c in near]:
        phrase = _inflect_phrase(cand, suffix)
        words = phrase.split(" ")
        if phrase in FUNCTION_WORDS:
            continue
        if suffix and not all(counts.zipf(w) >= MIN_INFLECTED_ZIPF for w in words):
            continue
        out.append((phrase, words[0], words[-1]))
    return tuple(out)


def _neighbour(tok: _Token) -> str | None:
    """A token usable as bigram context (the bigram list has no apostrophes)."""
    return None if "'" in tok.lower or "’" in tok.lower else tok.lower


def _propose(toks: list[_Token], i: int, j: int, floor: float = 0.0) -> Edit | None:
    """Best edit for the token span toks[i:j], or None (also when its confidence is below ``floor``)."""
    span = toks[i:j]
    observed = " ".join(t.lower for t in span)
    left = _neighbour(toks[i - 1]) if i > 0 and span[0].joined_left else None
    right = _neighbour(toks[j]) if j < len(toks) and toks[j].joined_left else None
    if left is None and right is None:
        return None
    if floor > WEAK_CAP and (left is None or right is None):
        return None  # one side is thin evidence, capped below the floor: not worth scoring
    if j - i == 1 and counts.zipf(observed) < MIN_ZIPF:
        return None
    table = counts.bigrams()
    obs_left = table.get(f"{left} {span[0].lower}", 0) if left is not None else None
    obs_right = table.get(f"{span[-1].lower} {right}", 0) if right is not None else None
    # Suspicious only if a side is unseen: a phrase whose bigrams are both listed is plain English.
    if obs_left != 0 and obs_right != 0:
        return None
    obs = _evidence(observed, left, right)
    forms = _lemmas(observed) if j - i == 1 else [(observed, "")]
    # only an uncapped candidate can reach a floor above WEAK_CAP, and they are few: rule the span
    # out before scoring all of its candidates
    if floor > WEAK_CAP and not any(
            (obs_left == 0 and table.get(f"{left} {first}", 0) >= MIN_DECISIVE)
            or (obs_right == 0 and table.get(f"{last} {right}", 0) >= MIN_DECISIVE)
            for base, suffix in forms for phrase, first, last in _confident(base, suffix) if phrase != observed):
        return None
    # Never break an established expression the observed words form with a neighbour.
    mwe = thesaurus.mwes()
    if (left is not None and f"{left} {observed}" in mwe) or (right is not None and f"{observed} {right}" in mwe):
        return None
    decisive: set[str] = set()
    for base, suffix in forms:
        by_first, by_last = _candidates(base, suffix)
        # Only candidates that repair an unseen side into a real collocation are worth scoring.
        if obs_left == 0:
            for w, phrases in by_first.items():
                if table.get(f"{left} {w}", 0) >= MIN_DECISIVE:
                    decisive.update(phrases)
        if obs_right == 0:
            for w, phrases in by_last.items():
                if table.get(f"{w} {right}", 0) >= MIN_DECISIVE:
                    decisive.update(phrases)
    decisive.discard(observed)
    if not decisive:
        return None
    # The runner-up is sought among the repairing candidates only: one that leaves the unseen side
    # unseen scores at least a decade lower there, so it rarely decides the margin and scoring every
    # candidate would cost ten times more.
    scored = {p: _evidence(p, left, right) for p in decisive}
    best = max((scored[p] for p in decisive), key=lambda e: (e.score, e.phrase))
    others = [e for e in scored.values() if e.phrase != best.phrase]
    runner = max(others, key=lambda e: (e.score, e.phrase)) if others else None
    margin_obs = best.score - obs.score
    margin_alt = best.score - runner.score if runner else 3.0
    confidence = _logistic(margin_obs, OBS_MID, OBS_SLOPE) * _logistic(margin_alt, ALT_MID, ALT_SLOPE)
    if left is None or right is None:
        confidence = min(confidence, WEAK_CAP)  # one bigram is thin evidence
    if best.phrase in FUNCTION_WORDS:
        confidence = min(confidence, WEAK_CAP)  # syntax, not meaning, decides function-word bigrams
    if not any(best.phrase == phrase for base, suffix in forms for phrase, _, _ in _confident(base, suffix)):
        # A one-way relation (the candidate lists the observed word, not the other way round) is
        # usually a loose one (nations -> orders): a near-synonym pair is listed both ways.
        confidence = min(confidence, WEAK_CAP)
    confidence = min(confidence, THESAURUS_CAP)
    if confidence < MIN_REPORTED or round(confidence, 3) < floor:
        return None
    reason = (f"\"{observed}\": {_describe(obs, left, right)}; \"{best.phrase}\": {_describe(best, left, right)}"
              f" (margin {margin_obs:.1f}/{margin_alt:.1f})")
    if runner:
        reason += f'; next best "{runner.phrase}": {_describe(runner, left, right)}'
    start, end = span[0].start, span[-1].end
    alternatives = sorted(others, key=lambda e: -e.score)[:2]
    return Edit(
        start, end, "", _match_case(span[0].text, best.phrase),
        rule=RULE, lexicon=LEXICON, confidence=round(confidence, 3), kind="context",
        alternatives=tuple(e.phrase for e in alternatives), reason=reason,
    )


def find_context_edits(text: str, *, skip: Sequence[tuple[int, int]] = (),
                       lexicons: Sequence[Lexicon] | None = None, min_confidence: float = 0.0) -> list[Edit]:
    """Propose edits for synonym swaps no lexicon lists.

    Two sources, in order: learned word swaps that turn an unattested phrase into a known one
    (:func:`find_swap_edits`, swaps learned from ``lexicons``, default: every shipped lexicon), then
    the reverse thesaurus scored by bigram evidence (at most THESAURUS_CAP confident, so it runs only
    when ``min_confidence`` allows it). ``skip`` holds spans (code-point offsets)
    already covered by lexicon edits or protected; no edit overlaps them. The edits do not overlap
    each other; each carries the evidence that decided it. ``min_confidence`` drops proposals whose
    own confidence is lower (the engine's gate can only lower it further), and lets the search skip
    readings that cannot reach it, which is most of the work.

    >>> edits = find_context_edits("key items such as sun panels")
    >>> [(e.original, e.replacement) for e in edits if e.confidence > 0.5]
    [('sun', 'solar')]
    """
    with paused():  # a container per token and per reading, no cycles: see gcpause.py
        return _context_edits(text, skip, lexicons, min_confidence)


def _context_edits(text: str, skip: Sequence[tuple[int, int]], lexicons: Sequence[Lexicon] | None,
                   min_confidence: float) -> list[Edit]:
    toks = _tokens(text)
    spans = merge_spans(sorted(skip))
    starts = [s for s, _ in spans]
    edits = _learned_swaps(text, toks, spans, starts, lexicons, min_confidence)
    if min_confidence > THESAURUS_CAP:
        return _non_overlapping(edits)
    known = thesaurus.thesaurus()
    lowers = [t.lower for t in toks]
    for i, first in enumerate(toks):
        # longest first; a multi-word span must be joined by spaces and listed in the thesaurus
        phrase, multi = lowers[i], []
        for j in range(i + 1, min(len(toks), i + MAX_SPAN)):
            if not toks[j].joined_left:
                break
            phrase = f"{phrase} {lowers[j]}"
            if phrase in known:
                multi.append(j + 1)
        for j in [*reversed(multi), i + 1]:
            span = toks[i:j]
            if j - i == 1 and not _usable(first):
                continue
            if j - i > 1 and any(t.text[:1].isupper() and not t.sentence_start for t in span):
                continue
            if _overlaps(spans, starts, first.start, span[-1].end):
                continue
            edit = _propose(toks, i, j, min_confidence)
            if edit is not None:
                edits.append(Edit(edit.start, edit.end, text[edit.start : edit.end], edit.replacement,
                                  rule=edit.rule, lexicon=edit.lexicon, confidence=edit.confidence,
                                  kind="context", alternatives=edit.alternatives, reason=edit.reason))
    return _non_overlapping(edits)


def find_swap_edits(text: str, *, skip: Sequence[tuple[int, int]] = (),
                    lexicons: Sequence[Lexicon] | None = None, min_confidence: float = 0.0) -> list[Edit]:
    """Only the learned-swap source of :func:`find_context_edits`.

    >>> [(e.original, e.replacement) for e in find_swap_edits("an irregular timberland model")]
    [('irregular timberland', 'random forest')]
    """
    spans = merge_spans(sorted(skip))
    starts = [s for s, _ in spans]
    with paused():  # a container per token and per reading, no cycles: see gcpause.py
        return _non_overlapping(_learned_swaps(text, _tokens(text), spans, starts, lexicons, min_confidence))


def _learned_swaps(text: str, toks: list[_Token], spans: list[tuple[int, int]], starts: list[int],
                   lexicons: Sequence[Lexicon] | None, min_confidence: float) -> list[Edit]:
    """Proposals of the learned-swap source: swapped phrases, then lone artifact words (may overlap)."""
    index = swap_index(lexicons)
    return (_swap_proposals(text, toks, spans, starts, index, min_confidence)
            + _lone_proposals(toks, spans, starts, index, min_confidence))


# -- learned swaps ---------------------------------------------------------------------------------
MAX_WINDOW = 4  # tokens in a window: the changed words plus unchanged neighbours as evidence
MAX_OPTIONS = 8  # swaps tried per word, most often seen first
_STOP_PARTS = frozenset(["a", "an", "the", "of", "to", "in", "on", "by", "for", "and", "or"])
# Confidence by the kind of evidence that the restored phrase is a real one.
TERM_CONF = 0.95  # the canonical side (or an inner phrase of one) of a lexicon entry in use
MWE_CONF = 0.9  # a WordNet multi-word expression
BIGRAM_BASE, BIGRAM_STEP, BIGRAM_CAP = 0.55, 0.1, 0.85  # a frequent bigram: per decade above MIN_DECISIVE
SINGLE_SWAP_PENALTY = 0.1  # the swap was seen in one lexicon entry only
THESAURUS_MAX_ZIPF = 4.0  # a thesaurus swap only for a word this rare: common words have plain uses
THESAURUS_MIN_ENTRIES = 2  # lexicon entries that must show the known term a thesaurus swap restores
THESAURUS_SWAP_PENALTY = 0.05  # a swap from the thesaurus, shown by no lexicon entry (into a known term only)
AMBIGUITY_PENALTY = 0.25  # another restoration of the same words has as good evidence
# The window stops next to another token that looks swapped (a learned swap, an unseen bigram): the
# restored phrase is likely the head of a longer spun term restored only in part ("free segment
# investigation" -> "independent component investigation"), which reads as a wrong edit.
PARTIAL_PENALTY = 0.3
# A lone word swap, without phrase evidence, when the spinner's habit is clear: the swap is shown by
# several lexicon entries, is most of what the lexicons show for the word, and the word never occurs
# in a canonical side (it is an artifact word, like "corrosive" for "acid" or "vitality" for "energy").
LONE_MIN_ENTRIES = 3
LONE_MIN_SHARE = 0.75
LONE_CONF = 0.8
LONE_MAX_ZIPF = 4.0  # a common word ("directed", zipf 4.6) has too many plain uses to be restored alone
LONE_RULE = f"{SWAP_RULE}-word"
RIVAL_MARGIN = 0.05  # a rival at most this far below the best costs it AMBIGUITY_PENALTY
NO_CHAIN = 10**18  # a bigram count nothing reaches: no chain of bigrams can vouch


def chain_minimum(min_confidence: float) -> int:
    """The weakest bigram a chain of bigrams needs for its phrase to matter at ``min_confidence``:
    to pass it, or to be a rival close enough to a passing phrase to cost it the ambiguity penalty.

    >>> chain_minimum(0.0) == MIN_DECISIVE, round(chain_minimum(0.7) / 1e6), chain_minimum(0.95) == NO_CHAIN
    (True, 80, True)
    """
    need = min_confidence - RIVAL_MARGIN
    if need > BIGRAM_CAP:
        return NO_CHAIN
    decades = max(0.0, (need - BIGRAM_BASE) / BIGRAM_STEP)
    # round down: float noise must not push a phrase that just reaches the floor out
    return max(MIN_DECISIVE, int(MIN_DECISIVE * 10 ** decades * (1 - 1e-9)))




@dataclass(frozen=True, slots=True)
class _Option:
    size: int  # observed tokens it covers
    text: str  # the canonical word(s), lower case
    count: int  # entries that show the swap; 0 keeps the observed token (or marks a thesaurus swap)
    thesaurus: bool = False  # a swap no lexicon shows, from the reverse thesaurus (into known terms only)

    @property
    def swapped(self) -> bool:
        return self.count > 0 or self.thesaurus


class SwapIndex:
    """A :class:`~unspin.swaps.SwapModel` with its per-word options cached (each word's candidate set
    is computed once per model)."""

    def __init__(self, model: SwapModel) -> None:
        self.model = model
        self._options: dict[str, tuple[_Option, ...]] = {}
        self._prefixes: frozenset[str] | None = None
        self._unit_starts: dict[str, tuple[str, ...]] | None = None
        self._lone: dict[str, tuple[str, int] | None] = {}
        self._term_words: frozenset[str] | None = None
        self._term_pairs: frozenset[str] | None = None
        self._thesaurus: dict[str, tuple[_Option, ...]] = {}

    def word_options(self, word: str) -> tuple[_Option, ...]:
        """Swaps of one observed word (lower case), put back in its inflection."""
        got = self._options.get(word)
        if got is None:
            found: dict[str, int] = {}
            for base, suffix in _lemmas(word):
                for orig, n in self.model.originals(base)[:MAX_OPTIONS]:
                    cand = _inflect_phrase(orig, suffix)
                    if suffix and not all(counts.zipf(w) >= MIN_INFLECTED_ZIPF for w in cand.split(" ")):
                        continue
                    if cand != word:
                        found[cand] = max(found.get(cand, 0), n)
            if not found and "-" in word:
                found = self._part_options(word)
            got = self._options[word] = tuple(_Option(1, t, n) for t, n in found.items())
        return got

    def _part_options(self, word: str) -> dict[str, int]:
        """Swaps of a hyphenated word no entry shows whole, one part at a time ("pc-aided" ->
        "computer-aided"): the spinner swaps the words of a compound like any others."""
        parts = word.split("-")
        found: dict[str, int] = {}
        for k, part in enumerate(parts):
            if len(part) < 2 or part in _STOP_PARTS:
                continue
            for o in self.word_options(part):
                if " " not in o.text:
                    cand = "-".join([*parts[:k], o.text, *parts[k + 1:]])
                    found[cand] = max(found.get(cand, 0), o.count)
        return found

    def terms(self) -> dict[str, int]:
        """Known terms with how many entries show each (:attr:`~unspin.swaps.SwapModel.term_entries`)."""
        return self.model.term_entries

    def term_words(self) -> frozenset[str]:
        """Every word of a known term that THESAURUS_MIN_ENTRIES entries show (what a thesaurus swap
        may restore)."""
        if self._term_words is None:
            self._term_words = frozenset(w for p in self.term_pairs() for w in p.split(" "))
        return self._term_words

    def term_pairs(self) -> frozenset[str]:
        """Every pair of adjacent words in a known term that THESAURUS_MIN_ENTRIES entries show."""
        if self._term_pairs is None:
            out: set[str] = set()
            for term, n in self.terms().items():
                if n >= THESAURUS_MIN_ENTRIES:
                    words = term.split(" ")
                    out.update(f"{a} {b}" for a, b in zip(words, words[1:], strict=False))
            self._term_pairs = frozenset(out)
        return self._term_pairs

    def thesaurus_options(self, word: str) -> tuple[_Option, ...]:
        """Swaps of one observed word that no lexicon shows: the words a thesaurus lists it as a synonym
        of, put back in its inflection, kept only when they occur in a known term (a restoration that
        uses one must become a known term). Only for rare words (Zipf below THESAURUS_MAX_ZIPF): the
        thesaurus relates any common word to dozens of others ("emergency aid" would become "emergency
        help")."""
        got = self._thesaurus.get(word)
        if got is None and counts.zipf(word) >= THESAURUS_MAX_ZIPF:
            got = self._thesaurus[word] = ()  # a common word: too many plain uses
        if got is None:
            words = self.term_words()
            learned = {o.text for o in self.word_options(word)}
            found: dict[str, None] = {}
            for base, suffix in _lemmas(word):
                for orig in thesaurus.originals(base):
                    if " " in orig:
                        continue
                    cand = _inflect(orig, suffix)
                    if cand in words and cand != word and cand not in learned:
                        found[cand] = None
            got = self._thesaurus[word] = tuple(_Option(1, t, 0, True) for t in found)
        return got

    def prefixes(self) -> frozenset[str]:
        """Every known term and WordNet expression, and each of their leading runs of two or more words.

        One set answers both "may this phrase still grow into a term?" and "is it one?" for the
        window search (a trie of next words would cost a second pass over the same phrases).
        """
        if self._prefixes is None:
            out = set(self.terms())
            out.update(thesaurus.mwes())
            # a phrase's leading runs: only the longer phrases have any beyond themselves
            for phrase in [p for p in out if p.count(" ") >= 2]:
                words = phrase.split(" ")
                out.update(" ".join(words[:n]) for n in range(2, len(words)))
            self._prefixes = frozenset(out)
        return self._prefixes

    def lone_swap(self, word: str) -> tuple[str, int] | None:
        """The restoration of an artifact word on its own, in its inflection, with the number of
        entries that show it; None unless the habit is clear (see LONE_MIN_ENTRIES)."""
        if word in self._lone:
            return self._lone[word]
        found = None
        if word not in self.model.canonical_words and counts.zipf(word) < LONE_MAX_ZIPF:
            for base, suffix in _lemmas(word):
                opts = self.model.originals(base)
                if not opts or base in self.model.canonical_words:
                    continue
                orig, n = opts[0]
                if n < LONE_MIN_ENTRIES or n < LONE_MIN_SHARE * sum(c for _, c in opts):
                    continue
                cand = _inflect_phrase(orig, suffix)
                if suffix and not all(counts.zipf(w) >= MIN_INFLECTED_ZIPF for w in cand.split(" ")):
                    continue
                found = (cand, n)
                break
        self._lone[word] = found
        return found

    def unit_starts(self) -> dict[str, tuple[str, ...]]:
        """Multi-word swap units by their first word."""
        if self._unit_starts is None:
            starts: dict[str, list[str]] = {}
            for key in self.model.swaps:
                if " " in key:
                    starts.setdefault(key.split(" ", 1)[0], []).append(key)
            self._unit_starts = {k: tuple(v) for k, v in starts.items()}
        return self._unit_starts

    def unit_options(self, unit: str, size: int) -> tuple[_Option, ...]:
        """Swaps of a multi-word unit (``"consult with"`` -> ``"visit"``)."""
        return tuple(_Option(size, t, n) for t, n in self.model.originals(unit)[:MAX_OPTIONS])


@cache
def _shipped_index() -> SwapIndex:
    return SwapIndex(learn(e for lex in select_lexicons(["all"]) for e in lex.entries))


_INDEXES: dict[tuple, tuple[Sequence[Lexicon], SwapIndex]] = {}


def swap_index(lexicons: Sequence[Lexicon] | None = None) -> SwapIndex:
    """The swap index learned from ``lexicons`` (default: every shipped lexicon), built once per set.

    >>> swap_index().model.originals("irregular")[0][0]
    'random'
    """
    if lexicons is None:
        return _shipped_index()
    # keyed by identity (the entries tuples are kept alive by the cache value), so a lexicon set built
    # in memory, such as a benchmark fold, gets its own model
    key = tuple((lex.name, lex.digest, id(lex.entries)) for lex in lexicons)
    hit = _INDEXES.get(key)
    if hit is None:
        if len(_INDEXES) > 16:
            _INDEXES.clear()
        hit = _INDEXES[key] = (lexicons, SwapIndex(learn(e for lex in lexicons for e in lex.entries)))
    return hit[1]


def _attested(phrase: str, index: SwapIndex, chain_min: int = MIN_DECISIVE) -> tuple[str, float]:
    """Evidence that a phrase is a real one: (what vouches for it, confidence), or ("", 0)."""
    if phrase in index.terms():
        return TERM_EVIDENCE, TERM_CONF
    if phrase in thesaurus.mwes():
        return EXPRESSION_EVIDENCE, MWE_CONF
    words = phrase.split(" ")
    table = counts.bigrams()
    pairs = [table.get(f"{a} {b}", 0) for a, b in zip(words, words[1:], strict=False)]
    if pairs and min(pairs) >= chain_min:
        weakest = min(pairs)
        conf = min(BIGRAM_CAP, BIGRAM_BASE + BIGRAM_STEP * math.log10(weakest / MIN_DECISIVE))
        return f"bigram count {_fmt(weakest)}", conf
    return "", 0.0


@lru_cache(maxsize=1 << 16)
def _kept(word: str) -> dict[str, _Option]:
    """The only reading of a token with no swap to try: itself (shared, never modified)."""
    return {word: _Option(1, word, 0)}


def _token_options(toks: list[_Token], k: int, index: SwapIndex, suspicious: list[bool]
                   ) -> tuple[dict[str, _Option], list[_Option]]:
    """A token's readings: one-word ones by text (kept, learned, thesaurus) and multi-word units."""
    word = toks[k].lower
    if not suspicious[k]:
        return _kept(word), []
    single: dict[str, _Option] = {word: _Option(1, word, 0)}
    multi: list[_Option] = []
    if suspicious[k]:
        for o in index.word_options(word):
            (multi.append(o) if " " in o.text else single.__setitem__(o.text, o))
        for o in _thesaurus_fits(toks, k, index):
            single.setdefault(o.text, o)
        for size in (2, 3):
            if k + size <= len(toks) and all(t.joined_left for t in toks[k + 1:k + size]):
                multi += index.unit_options(" ".join(t.lower for t in toks[k:k + size]), size)
    return single, multi


def _windows(toks: list[_Token], i: int, index: SwapIndex, suspicious: list[bool],
             readings: dict[int, tuple[dict[str, _Option], list[_Option]]],
             chain_min: int = MIN_DECISIVE, last_suspicious: int | None = None) -> list[list[_Option]]:
    """Every way to read tokens from ``i`` on as kept words and swapped units (up to MAX_WINDOW
    tokens, at least one swap) that can still become an attested phrase: each prefix is the start of
    a known term or expression, or a chain of strong bigrams (at least ``chain_min``). A token has a
    handful of readings, each checked with one set or dict lookup, so the search stays cheap.
    ``last_suspicious`` is the last suspicious token in reach of ``i`` (computed here if not given)."""
    out: list[list[_Option]] = []
    table = counts.bigrams()
    prefixes = index.prefixes()
    terms, mwes = index.terms(), thesaurus.mwes()
    n = len(toks)
    end = min(n, i + MAX_WINDOW)
    if last_suspicious is None:
        last_suspicious = max((k for k in range(i, end) if suspicious[k]), default=-1)

    def grow(k: int, seq: list[_Option], phrase: str, last: str, chain: bool, swapped: bool) -> None:
        # only readings that can be attested are kept: a chain of strong links so far, or a known
        # term or expression (a link that was not strong already rules out the bigram evidence)
        if swapped and len(seq) >= 2 and (chain or phrase in terms or phrase in mwes):
            out.append(seq)
        # a reading with no swap yet is worth growing only while a suspicious token lies ahead
        if k >= end or not toks[k].joined_left or (not swapped and k > last_suspicious):
            return
        got = readings.get(k)
        if got is None:
            got = readings[k] = _token_options(toks, k, index, suspicious)
        single, multi = got
        # a token has a handful of readings: one lookup each beats intersecting big follower sets
        for text, opt in single.items():
            # a thesaurus swap must end in a known term: it never links a chain of bigrams
            in_chain = chain and not opt.thesaurus and table.get(f"{last} {text}", 0) >= chain_min
            new = f"{phrase} {text}"
            if in_chain or new in prefixes:
                grow(k + 1, [*seq, opt], new, text, in_chain, swapped or opt.swapped)
        for opt in multi:
            if k + opt.size > end:
                continue
            new = f"{phrase} {opt.text}"
            linked = chain and table.get(f"{last} {opt.text.split(' ', 1)[0]}", 0) >= chain_min
            if linked or new in prefixes:
                grow(k + opt.size, [*seq, opt], new, opt.text.rsplit(" ", 1)[-1], linked, True)

    # the first reading: any of the token's readings (a phrase of one unit is not yet a window)
    if i > last_suspicious and not suspicious[i]:
        return out
    got = readings.get(i)
    if got is None:
        got = readings[i] = _token_options(toks, i, index, suspicious)
    single, multi = got
    for opt in (*single.values(), *multi):
        if i + opt.size <= end:
            k = i + opt.size
            if k < end and toks[k].joined_left and (opt.swapped or k <= last_suspicious):
                grow(k, [opt], opt.text, opt.text.rsplit(" ", 1)[-1], not opt.thesaurus, opt.swapped)
    return out


def _covered(toks: list[_Token], spans: list[tuple[int, int]]) -> list[bool]:
    """Whether each token overlaps one of ``spans`` (sorted and disjoint: see
    :func:`unspin.edits.merge_spans`); one sweep over both instead of a search per token."""
    out = [False] * len(toks)
    s, n = 0, len(spans)
    for k, t in enumerate(toks):
        while s < n and spans[s][1] <= t.start:
            s += 1
        if s < n and spans[s][0] < t.end:
            out[k] = True
    return out


def _thesaurus_fits(toks: list[_Token], k: int, index: SwapIndex) -> tuple[_Option, ...]:
    """The thesaurus swaps of toks[k] that form a word pair of a known term with a neighbour, as it is
    or through a learned swap (a reading that uses one must end in such a term, see _swap_proposals)."""
    opts = index.thesaurus_options(toks[k].lower)
    if not opts:
        return ()
    pairs = index.term_pairs()
    lefts = _forms(toks[k - 1].lower, index) if k > 0 and toks[k].joined_left else ()
    rights = _forms(toks[k + 1].lower, index) if k + 1 < len(toks) and toks[k + 1].joined_left else ()
    return tuple(o for o in opts if any(f"{w} {o.text}" in pairs for w in lefts)
                 or any(f"{o.text} {w}" in pairs for w in rights))


def _forms(word: str, index: SwapIndex) -> list[str]:
    """A word as it is and its learned one-word swaps."""
    return [word, *(o.text for o in index.word_options(word) if " " not in o.text)]


def _suspicious(toks: list[_Token], index: SwapIndex, covered: list[bool]) -> list[bool]:
    """Tokens worth trying swaps on: no other edit covers them, a learned swap exists for them (or a
    thesaurus swap into a known term, see :func:`_thesaurus_fits`), and their bigram with a joined
    neighbour is not in the bigram list (a phrase made of listed bigrams is plain English)."""
    table = counts.bigrams()
    swaps = index.model.swaps
    unit_starts = index.unit_starts()
    options = index.word_options
    lowers = [t.lower for t in toks]
    n = len(toks)
    # unlisted[k]: tokens k and k + 1 are joined and their bigram is not listed
    unlisted = [t.joined_left and f"{a} {b}" not in table
                for a, b, t in zip(lowers, lowers[1:], toks[1:], strict=False)]
    out = [False] * n
    for k in [k for k in range(n) if not covered[k] and ((k > 0 and unlisted[k - 1]) or (k < n - 1 and unlisted[k]))]:
        word = lowers[k]
        # a multi-word unit counts only when it is really there ("in the" starts units, but "in the
        # morning" matches none): most function words drop out here
        out[k] = bool(options(word) or (word in unit_starts and any(
            k + size <= n and all(x.joined_left for x in toks[k + 1:k + size])
            and " ".join(lowers[k:k + size]) in swaps for size in (2, 3))) or (
            word not in FUNCTION_WORDS and len(word) >= 3 and _thesaurus_fits(toks, k, index)))
    return out


def _swap_proposals(text: str, toks: list[_Token], spans: list[tuple[int, int]], starts: list[int],
                    index: SwapIndex, min_confidence: float = 0.0) -> list[Edit]:
    """Windows where learned swaps turn an unattested phrase into an attested one (those whose
    confidence reaches ``min_confidence``)."""
    if not index.model.swaps:
        return []
    table = counts.bigrams()
    mwe = thesaurus.mwes()
    terms = index.terms()
    edits: list[Edit] = []
    chain_min = chain_minimum(min_confidence)
    # a token another edit already covers is never swapped here (the edit would overlap it), so it
    # neither starts windows nor gets swapped readings: in spun text that is a large share of tokens
    suspicious = _suspicious(toks, index, _covered(toks, spans))
    readings: dict[int, tuple[dict[str, _Option], list[_Option]]] = {}
    # a window starts only within reach of a suspicious token; for each such start, the last one in
    # reach (later tokens overwrite earlier ones, so one pass over the suspicious tokens does it)
    last_in_reach: dict[int, int] = {}
    for k in [k for k, flag in enumerate(suspicious) if flag]:
        for i in range(max(0, k - MAX_WINDOW + 1), k + 1):
            last_in_reach[i] = k
    for i, last in last_in_reach.items():
        best: dict[tuple[int, int], list[tuple[float, str, str, list[_Option], int]]] = {}
        for seq in _windows(toks, i, index, suspicious, readings, chain_min, last):
            j = i + sum(o.size for o in seq)
            span = toks[i:j]
            if any(t.text.isupper() and len(t.text) > 1 for t in span):
                continue  # acronyms
            observed = " ".join(t.lower for t in span)
            if observed in terms or observed in mwe or observed in index.model.artifacts:
                continue
            phrase = " ".join(o.text for o in seq)
            if phrase in index.model.artifacts:
                continue
            # the observed words must be unattested next to a swapped unit: some bigram there unseen
            k, unseen = i, False
            for a, b in zip(seq, seq[1:], strict=False):
                pair = f"{toks[k + a.size - 1].lower} {toks[k + a.size].lower}"
                if (a.swapped or b.swapped) and table.get(pair, 0) == 0:
                    unseen = True
                k += a.size
            if not unseen:
                continue
            why, conf = _attested(phrase, index, chain_min)
            if not conf:
                continue
            swapped = [o for o in seq if o.swapped]
            if any(o.thesaurus for o in swapped):
                # a swap no lexicon shows needs the strongest phrase evidence: a known term, with one
                # such swap only, and a content word of the term there as it is
                if (why != TERM_EVIDENCE or sum(o.thesaurus for o in swapped) > 1
                        or terms.get(phrase, 0) < THESAURUS_MIN_ENTRIES
                        or not any(not o.swapped and o.text not in FUNCTION_WORDS for o in seq)):
                    continue
                conf -= THESAURUS_SWAP_PENALTY
            learned = [o.count for o in swapped if o.count]
            if learned and min(learned) == 1:
                conf -= SINGLE_SWAP_PENALTY
            best.setdefault((i, j), []).append((conf, phrase, why, seq, len(swapped)))
        for (_, _j), found in best.items():
            found.sort(key=lambda f: (-f[0], f[4], f[1]))
            conf, phrase, why, seq, _n = found[0]
            rivals = [f for f in found[1:] if f[1] != phrase]
            # a rival about as well attested is an ambiguity, unless it needs more swaps: the words the
            # best reading keeps already fit ("invulnerable reaction" -> "immune reaction", not
            # "immune response")
            if any(r[0] >= conf - RIVAL_MARGIN and r[4] <= _n for r in rivals):
                conf -= AMBIGUITY_PENALTY
            note = ""
            if any(o.thesaurus for o in seq) and _loose_end(toks, i, _j, spans, starts):
                continue
            if _continues(toks, i, _j, phrase, index, spans, starts):
                conf -= PARTIAL_PENALTY
                note = "; a swapped-looking word is next to it (part of a longer artifact?)"
            if round(conf, 3) < min_confidence:  # the edit carries the rounded confidence
                continue
            edit = _swap_edit(text, toks, i, seq, conf, why, rivals, note)
            if edit is not None and not _overlaps(spans, starts, edit.start, edit.end):
                edits.append(edit)
    return edits


def _lone_proposals(toks: list[_Token], spans: list[tuple[int, int]], starts: list[int],
                    index: SwapIndex, min_confidence: float = 0.0) -> list[Edit]:
    """Artifact words restored on their own by a clear learned habit (:meth:`SwapIndex.lone_swap`),
    where the word is unseen next to every neighbour in its run of words (a listed bigram means it
    is used as plain English there), and the restoration forms a listed bigram with every content
    word next to it, unless that word is restored too (otherwise the neighbour is likely part of a
    longer artifact that one word cannot restore: "moo fetched" -> "low fetched"), and with at least
    one ("heat misfortune" -> "heat loss")."""
    if min_confidence > LONE_CONF or not index.model.swaps:
        return []
    table = counts.bigrams()
    out: list[Edit] = []
    lone_swap = index.lone_swap
    for k, tok in enumerate(toks):
        lone = lone_swap(tok.lower)  # a cached lookup: None for almost every word
        if lone is None or not _usable(tok) or _overlaps(spans, starts, tok.start, tok.end):
            continue
        sides = [n for n, joined in ((k - 1, tok.joined_left), (k + 1, k + 1 < len(toks) and toks[k + 1].joined_left))
                 if joined]
        if not sides:
            continue
        cand, n_entries = lone
        ok, vouched = True, False
        for n in sides:
            near = toks[n]
            pair = f"{near.lower} {tok.lower}" if n < k else f"{tok.lower} {near.lower}"
            fixed = f"{near.lower} {cand}" if n < k else f"{cand} {near.lower}"
            if pair in table or _overlaps(spans, starts, near.start, near.end):
                # plain English next to this neighbour; or the neighbour is being repaired, so the
                # unseen bigram says nothing about this word ("directed via" is "directed by")
                ok = False
            elif near.lower not in FUNCTION_WORDS:
                if fixed in table:
                    vouched = True
                elif index.lone_swap(near.lower) is not None:
                    pass  # restored too
                else:
                    ok = False  # the restoration makes no known bigram with a content word
        if not ok or not vouched:
            # next to function words only ("lost its vitality after") the word may be plain English:
            # the restoration must make a listed bigram with a content word
            continue
        reason = (f'"{tok.lower}": unseen next to its neighbours; the lexicons show the swap {tok.lower} -> '
                  f'{cand} {n_entries}x, and "{tok.lower}" occurs in none of their canonical terms')
        out.append(Edit(tok.start, tok.end, tok.text, transfer_case(tok.text, cand), rule=LONE_RULE,
                        lexicon=LEXICON, confidence=LONE_CONF, kind="context", reason=reason))
    return out


def _continues(toks: list[_Token], i: int, j: int, phrase: str, index: SwapIndex,
               spans: list[tuple[int, int]], starts: list[int]) -> bool:
    """Whether the window toks[i:j], restored as ``phrase``, has a swapped-looking neighbour in the same
    run of words (a word with a learned swap, used more in spun sides than in canonical ones, unseen next to the window
    and next to the restoration, not continuing a known term) that no other edit covers: restoring
    the window alone would leave part of the artifact behind."""
    table = counts.bigrams()
    prefixes = index.prefixes()
    first, last = phrase.split(" ", 1)[0], phrase.rsplit(" ", 1)[-1]
    for n, edge in ((j, j - 1), (i - 1, i)):
        if not 0 <= n < len(toks) or not toks[max(n, edge)].joined_left:
            continue
        word = toks[n].lower
        pair = f"{toks[edge].lower} {word}" if n > edge else f"{word} {toks[edge].lower}"
        if pair in index.model.swaps and not _overlaps(spans, starts, toks[n].start, toks[n].end):
            return True  # the edge word and its neighbour are one learned unit ("court docket" -> "court")
        if word in FUNCTION_WORDS or not index.model.artifact_word(word) or not index.word_options(word):
            continue  # a word the lexicons use mostly in real terms ("model") is no artifact by itself
        if n > edge:
            observed, restored, longer = f"{toks[edge].lower} {word}", f"{last} {word}", f"{phrase} {word}"
        else:
            observed, restored, longer = f"{word} {toks[edge].lower}", f"{word} {first}", f"{word} {phrase}"
        if observed in table or restored in table or longer in prefixes:
            continue  # the neighbour fits the words as they are or as restored
        if not _overlaps(spans, starts, toks[n].start, toks[n].end):
            return True
    return False


def _loose_end(toks: list[_Token], i: int, j: int, spans: list[tuple[int, int]], starts: list[int]) -> bool:
    """Whether the window toks[i:j] has a content word next to it, in the same run of words, that is
    unseen next to the window's edge word and that no other edit covers: the window may be part of a
    longer spun phrase (a restoration through a thesaurus swap must stand on its own)."""
    table = counts.bigrams()
    for n, edge in ((j, j - 1), (i - 1, i)):
        if not 0 <= n < len(toks) or not toks[max(n, edge)].joined_left:
            continue
        word = toks[n].lower
        if word in FUNCTION_WORDS or len(word) < 3:
            continue
        pair = f"{toks[edge].lower} {word}" if n > edge else f"{word} {toks[edge].lower}"
        if pair not in table and not _overlaps(spans, starts, toks[n].start, toks[n].end):
            return True
    return False


def _swap_edit(text: str, toks: list[_Token], i: int, seq: list[_Option], conf: float, why: str,
               rivals: list, note: str = "") -> Edit | None:
    """The edit for one window: from the first to the last swapped unit, neighbours kept."""
    pos, first, last = i, None, None
    parts: list[str] = []
    for o in seq:
        if o.swapped:
            first = pos if first is None else first
            last = pos + o.size
        parts.append(o.text if o.swapped else " ".join(t.text for t in toks[pos:pos + o.size]))
        pos += o.size
    if first is None or last is None:
        return None
    start, end = toks[first].start, toks[last - 1].end
    original = text[start:end]
    pos, repl = i, []
    for o, part in zip(seq, parts, strict=True):
        if first <= pos < last:
            repl.append(part)
        pos += o.size
    replacement = transfer_case(original, " ".join(repl))
    observed = " ".join(t.lower for t in toks[i:pos])
    phrase = " ".join(o.text for o in seq)
    swaps = ", ".join(f"{' '.join(t.lower for t in toks[p:p + o.size])} -> {o.text} "
                      + (f"({o.count}x)" if o.count else "(thesaurus)")
                      for p, o in _positions(i, seq) if o.swapped)
    reason = (f"\"{original.lower()}\": \"{observed}\" is unattested; swaps {swaps} give "
              f"\"{phrase}\", {why}")
    reason += note
    if rivals:
        reason += f"; also possible: \"{rivals[0][1]}\""
    kind = {TERM_EVIDENCE: "term", EXPRESSION_EVIDENCE: "expression"}.get(why, "bigram")
    return Edit(start, end, original, replacement, rule=f"{SWAP_RULE}-{kind}", lexicon=LEXICON,
                confidence=round(max(conf, 0.0), 3), kind="context",
                alternatives=tuple(dict.fromkeys(r[1] for r in rivals[:2])), reason=reason)


def _positions(i: int, seq: list[_Option]) -> list[tuple[int, _Option]]:
    out, pos = [], i
    for o in seq:
        out.append((pos, o))
        pos += o.size
    return out


def _non_overlapping(edits: list[Edit]) -> list[Edit]:
    """Keep the most confident of overlapping edits, in text order.

    >>> [e.replacement for e in _non_overlapping([Edit(0, 5, "ab cd", "x", confidence=0.5),
    ...                                           Edit(3, 8, "cd ef", "y", confidence=0.9)])]
    ['y']
    """
    kept: list[tuple[int, int]] = []  # sorted, disjoint: a newcomer can only clash with a neighbour
    chosen: list[Edit] = []
    for e in sorted(edits, key=lambda e: (-e.confidence, e.start)):
        at = bisect.bisect_left(kept, (e.start, e.end))
        if all(e.end <= kept[k][0] or kept[k][1] <= e.start for k in range(max(0, at - 1), min(len(kept), at + 1))):
            kept.insert(at, (e.start, e.end))
            chosen.append(e)
    return sorted(chosen, key=lambda e: e.start)


# A swap edit that restored a known term or WordNet expression at this confidence or more is gated
# like a likely lexicon entry: phrase evidence with at most one penalty (a swap seen in one lexicon
# entry only), but not an ambiguous one (another restoration about as good).
PHRASE_EVIDENCE = 0.8
PHRASE_RULES = frozenset({f"{SWAP_RULE}-term", f"{SWAP_RULE}-expression", LONE_RULE})


def gating_prior(edit: Edit) -> str:
    """How the engine gates a contextual edit: ``"likely"`` (like a likely lexicon entry) when learned
    swaps restored a known term or expression, else ``""`` (confidence scaled by the spin around it).

    >>> gating_prior(find_swap_edits("an irregular timberland model")[0])
    'likely'
    """
    return "likely" if edit.rule in PHRASE_RULES and edit.confidence >= PHRASE_EVIDENCE else ""
