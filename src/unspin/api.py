"""The library API: a compiled :class:`Unspinner` and module-level shortcuts.

>>> from unspin import fix_text
>>> fix_text("President Biden welcomes Jap Top Minister Fumio Kishida.")
'President Biden welcomes Japanese Prime Minister Fumio Kishida.'
"""

from __future__ import annotations

import bisect
import functools
from array import array
from collections.abc import Iterable, Iterator, Sequence
from operator import attrgetter
from pathlib import Path

from ._edits import changing, near_matches, split_flagged
from ._records import Restorations
from ._records import candidates as candidates_of
from .casing import match_apostrophes, transfer_case
from .compile_cache import matcher_for
from .compose import compose
from .constraints import LOCAL_CONTEXT_CHARS, ContextChecks, Document, PhraseIndex, document_ok, occurs, with_context
from .decide import CHARS_PER_WORD, Candidate, decide, fix_articles, make_candidate
from .edits import apply_edits, by_span, changed_spans, map_spans, merge_spans
from .gcpause import paused
from .inflect import inflect_phrase
from .lexicon import Entry, Lexicon, load_lexicon, select_lexicons, shipped_dir
from .match import _BOUNDARY_REACH, Match, Matcher, sort_matches
from .model import NORMALIZE_STEPS, PROFILES, Config, Edit, Result, make_edit
from .normalize import normalize_edits
from .wordbytes import count_words

MAX_PASSES = 3
PRIOR_CONFIDENCE = {"sure": 0.97, "likely": 0.85, "context": 0.5}


def _checked(config: Config) -> Config:
    """``config`` if the engine can use its numbers, else a ValueError naming the field: a wrong type
    would otherwise fail deep in the decision loop, on the first text.

    >>> _checked(Config(min_confidence="high"))
    Traceback (most recent call last):
    ...
    ValueError: min_confidence must be a number from 0 to 1, not 'high'
    """
    conf = config.min_confidence
    if isinstance(conf, bool) or not isinstance(conf, int | float) or not 0 <= conf <= 1:
        raise ValueError(f"min_confidence must be a number from 0 to 1, not {conf!r}")
    words = config.window_words
    if isinstance(words, bool) or not isinstance(words, int) or words < 0:
        raise ValueError(f"window_words must be a whole number of words, 0 or more, not {words!r}")
    return config


class Unspinner:
    """Lexicons loaded and compiled once; reuse it for many texts. Pickles small (shipped lexicons by
    name and digest, user lexicons whole, the config; the automaton is rebuilt in the worker).

    >>> u = Unspinner(lexicons=["news"])
    >>> u.fix("He mentioned the army.")  # context entries alone, in otherwise clean text: left alone
    'He mentioned the army.'
    >>> u.fix("The legit mentioned the army's Top Minister.")
    "The official said the military's Prime Minister."
    """

    def __init__(self, lexicons: Sequence[str | Path | Lexicon] | None = None,
                 config: Config | None = None, *, extra: Sequence[str | Path] = (), **options) -> None:
        cfg = config or Config()
        if "profile" in options:
            profile = options.pop("profile")
            if profile not in PROFILES:
                raise ValueError(f"unknown profile {profile!r} (choose from {', '.join(PROFILES)})")
            options["min_confidence"] = PROFILES[profile]
        self.config = _checked(cfg._replace(**options) if options else cfg)
        chosen: list[Lexicon] = []
        # None means every shipped lexicon; an empty list means none (only ``extra`` files)
        names = [x for x in (["all"] if lexicons is None else lexicons) if not isinstance(x, Lexicon)]
        chosen.extend(x for x in (lexicons or []) if isinstance(x, Lexicon))
        if names:
            chosen.extend(select_lexicons([str(x) for x in names]))
        chosen.extend(load_lexicon(p) for p in extra)
        # user lexicons given last take precedence on equal spans: put them first
        self.lexicons: tuple[Lexicon, ...] = tuple(reversed(chosen)) if extra else tuple(chosen)
        self._matcher: Matcher | None = None
        # (matched text, entry, form) -> the edit's fields; entry -> those it alone decides (_candidates)
        self._restorations, self._entry_fields = Restorations(), {}

    @property
    def entries(self) -> tuple[Entry, ...]:
        return tuple(e for lex in self.lexicons for e in lex.entries)

    @property
    def matcher(self) -> Matcher:
        if self._matcher is None:
            # compiled tables are cached on disk, keyed by the lexicons' content (compile_cache.py)
            self._matcher = matcher_for(self.lexicons, self.entries)
        return self._matcher

    @functools.cached_property
    def _context_checks(self) -> ContextChecks:
        return ContextChecks(self.matcher.entries)

    @functools.cached_property
    def _document_bound(self) -> bytes:
        """Per entry: 1 when a ``requires``/``excludes`` pattern binds it to the document, else 0."""
        return bytes(1 if e.requires or e.excludes else 0 for e in self.matcher.entries)

    @functools.cached_property
    def _phrase_index(self) -> PhraseIndex:
        """The plain phrases of the lexicons' requires/excludes patterns, for documents asked about many."""
        return PhraseIndex(p for e in self.matcher.entries for p in (e.requires, e.excludes) if p)

    def __getstate__(self) -> dict:
        # shipped lexicons travel by name and content digest (every worker has the package); user
        # lexicons travel whole, since their files may not exist where the worker runs
        shipped = shipped_dir().resolve()
        refs = [("shipped", lex.name, lex.digest) if Path(lex.path).resolve().parent == shipped else lex
                for lex in self.lexicons]
        return {"lexicons": refs, "config": self.config}

    def __setstate__(self, state: dict) -> None:
        self.config, self._matcher = state["config"], None
        self._restorations, self._entry_fields = Restorations(), {}
        self.lexicons = tuple(_resolve_shipped(x) if isinstance(x, tuple) else x for x in state["lexicons"])

    # -- detection -------------------------------------------------------------------------------
    def _lexicon_candidates(self, text: str, near: array | None = None,
                            verdicts: dict[int, bool] | None = None, searched: _Searched | None = None
                            ) -> list[Candidate]:
        """Candidates for the lexicon phrases in ``text``; in a later pass (``near``: the spans the
        last pass changed) only those a change can have affected. ``verdicts`` carries the document
        constraint verdicts (entry -> ok) from pass to pass, ``searched`` what the passes searched."""
        entries = self.matcher.entries
        verdicts = {} if verdicts is None else verdicts
        searched = _Searched() if searched is None else searched
        if near is None:
            found = self.matcher.find(text)
            searched.whole(found)
        else:
            found = _affected(self.matcher, near, text, verdicts, self._phrase_index, self._context_checks.flags,
                              searched)
        found = self._context_checks.keep(found, text)
        free, pending = split_flagged(found, self._document_bound)  # (in C) free of document constraints?
        replaced = [text]  # and each free candidate's replacement after it, for the document below
        out = _candidates(free, text, entries, self._restorations, self._entry_fields, replaced)
        if pending:
            # document constraints ("AND random forest") see the text as the other repairs will leave
            # it, so that a second run over the output decides as the first one did
            asks = len({m.entry for m in pending if m.entry not in verdicts})
            document = Document("\n".join(replaced), self._phrase_index, asks)
            bound = []
            for m in pending:
                if m.entry not in verdicts:  # one look at the document per entry, not per match
                    verdicts[m.entry] = document_ok(entries[m.entry], document)
                if verdicts[m.entry]:
                    bound.append(m)
            out += _candidates(bound, text, entries, self._restorations, self._entry_fields)
        return out

    def explain(self, text: str) -> Result:
        """Fix a text and report every edit, the rejected candidates and the spin score.

        A repair can create a new artifact (two restored phrases side by side make a doubled word;
        a restored word completes a longer phrase), so passes repeat on the output until nothing
        changes (at most :data:`MAX_PASSES`) and their edits are composed onto the input.

        >>> Unspinner().explain(None)
        Traceback (most recent call last):
        ...
        TypeError: expected str, got NoneType
        """
        if not isinstance(text, str):  # an ETL column's null, or bytes: say so, not where it first breaks
            raise TypeError(f"expected str, got {type(text).__name__}")
        with paused():  # many short-lived objects, no cycles: see gcpause.py
            return self._explain(text)

    def _explain(self, text: str) -> Result:
        # a document's verdicts on "requires"/"excludes" patterns hold for all its passes
        verdicts: dict[int, bool] = {}
        searched = _Searched(len(self.matcher.entries))
        first = result = again = self._explain_once(text, verdicts=verdicts, searched=searched)
        for _ in range(MAX_PASSES - 1):
            if not again.edits:  # the last pass changed nothing: the text is stable
                break
            # what was there before the last pass has been decided: a later pass looks only at
            # phrases touching what it changed (see _affected)
            again = self._explain_once(result.text, first_pass=False, near=changed_spans(again.edits),
                                       verdicts=verdicts, searched=searched)
            if not again.edits:
                break
            edits = compose(text, list(result.edits), list(again.edits), result.text)
            result = Result(again.text, tuple(edits), first.spin_score, first.words, first.rejected)
        return result

    def _explain_once(self, text: str, *, first_pass: bool = True, near: array | None = None,
                      verdicts: dict[int, bool] | None = None, searched: _Searched | None = None) -> Result:
        cfg = self.config
        norm: list[Edit] = []
        if cfg.normalize:
            # a later pass's text differs from a normalized one only where the last pass changed it
            norm = normalize_edits(text, **{name: getattr(cfg, name) for name in NORMALIZE_STEPS}, near=near)
        # detection runs on the normalized text, so a repair can reveal a phrase; compose() then
        # expresses everything as edits on the original
        work = apply_edits(text, norm) if norm else text
        candidates = self._lexicon_candidates(work, None if near is None else map_spans(near, norm),
                                              verdicts, searched)
        if cfg.fuzzy:
            candidates += _fuzzy_candidates(work, candidates, self.lexicons)
        if cfg.context:
            taken = [(c.edit.start, c.edit.end) for c in candidates]
            strong = [(c.edit.start, c.edit.end) for c in candidates if c.strength == "strong"]
            for lo, hi in spun_windows(work, strong, cfg.window_words * CHARS_PER_WORD):
                inside = [(max(s, lo) - lo, min(e, hi) - lo) for s, e in taken if s < hi and e > lo]
                # phrase-level evidence (a learned swap restoring a known term) is gated like a
                # likely lexicon entry; the rest scales with the strong artifacts around it
                candidates += [Candidate(e.moved(e.start + lo, e.end + lo, e.original, e.replacement), "weak", prior)
                               for e, prior in _context_edits(work[lo:hi], inside, self.lexicons,
                                                              cfg.min_confidence)]
        chosen, rejected, strong = decide(candidates, min_confidence=cfg.min_confidence,
                                          window_words=cfg.window_words)
        # the candidates hold their edits: with them gone, the chosen and rejected lists alone do, and
        # compose (consume=True) moves those edits onto the original in place instead of copying them
        del candidates
        chosen = changing(fix_articles(work, chosen))  # (in C) the edits that change something
        if searched is not None:
            searched.applied(chosen)
        edits = compose(text, norm, chosen, work, consume=True)
        # the rejected candidates, word count and spin score describe the input: later passes (over
        # repaired text) skip them
        rejected = compose(text, norm, rejected, work, keep_norm=False, consume=True) if first_pass else []
        words = count_words(text) if first_pass else 0
        spin = round(1000 * strong / words, 2) if words else 0.0
        return Result(apply_edits(text, edits), tuple(edits), spin, words, tuple(rejected))

    def find_edits(self, text: str) -> list[Edit]:
        """The edits :meth:`fix` would apply, with offsets into ``text``."""
        return list(self.explain(text).edits)

    def fix(self, text: str) -> str:
        """The repaired text."""
        return self.explain(text).text

    def fix_batch(self, texts: Iterable[str]) -> list[str]:
        """Repair many texts with one compiled lexicon set. A text whose repair raises comes back
        unchanged, as an :class:`~unspin.batch.Unrepaired` (a ``str`` with ``.error``), and the batch
        goes on; for several processes see :func:`unspin.batch.fix_parallel`."""
        from .batch import fix_each

        return list(fix_each(self, texts))

    def fix_lines(self, lines: Iterable[str]) -> Iterator[str]:
        """Repair each line as its own document, lazily (a file object will do), keeping line endings;
        errors as in :meth:`fix_batch`.

        >>> list(Unspinner().fix_lines(["a clean line\\n"]))
        ['a clean line\\n']
        """
        from .batch import fix_lines

        return fix_lines(self, lines)


# restorations kept per Unspinner; cleared when this large (a bound on memory for endless streams)
RESTORATIONS_KEPT = 20_000


def _candidates(matches: list, text: str, entries: Sequence[Entry], restorations: Restorations | None = None,
                fields: dict[int, tuple] | None = None, replacements: list[str] | None = None) -> list[Candidate]:
    """Candidate edits for lexicon matches: the canonical in the original's case and form (each
    replacement also appended to ``replacements``, when given).

    Spun text repeats its artifacts, within a text and across the texts of a stream, so everything
    about the edit of (matched text, entry, form) but its offsets is computed once and kept in
    ``restorations``, and what the entry alone decides in ``fields`` (by entry index: its
    :func:`_entry_fields` and its restoration of a lower-case, uninflected match).
    """
    if restorations is None:
        restorations = Restorations()
    elif len(restorations) > RESTORATIONS_KEPT:
        restorations.clear()
    fields = {} if fields is None else fields

    def restore(entry: int, original: str, form: str) -> tuple:
        # spun text has thousands of entries matched once each in a MB, in as many distinct spellings
        known = fields.get(entry)
        if known is None:
            fixed = _entry_fields(entries[entry])
            known = fields[entry] = (fixed, _as_written(entries[entry], fixed))
        if form == "base" and "a" <= original[:1] <= "z" and "'" not in original and "’" not in original:
            # nearly every match: lower case, uninflected, with no apostrophe to match (_restoration
            # would give the same)
            return known[1]
        return _restoration(entries[entry], original, form, known[0])

    # the loop is _records.candidates, in C: spun text has a match every other word
    return candidates_of(matches, text, restorations, restore, make_edit, make_candidate, replacements)


def _entry_fields(entry: Entry) -> tuple:
    """The fields of an entry's candidate edits that depend on the entry alone: (rule, lexicon, version,
    confidence, reason, strength, prior, constrained)."""
    note = f": {entry.note}" if entry.note else ""
    reason = f"{entry.prior} artifact {entry.spun!r} -> {entry.canonical[0]!r}{note}"
    return (entry.rule, entry.lexicon, entry.version, PRIOR_CONFIDENCE[entry.prior], reason,
            "weak" if entry.prior == "context" else "strong", entry.prior, entry.constrained)


def _as_written(entry: Entry, fixed: tuple) -> tuple:
    """The restoration (as :func:`_restoration` gives it) to the canonicals as written: that of any match
    whose first letter is lower case, in the base form, without an apostrophe.

    >>> e = Entry("top minister", ("prime minister",), "sure")
    >>> _as_written(e, _entry_fields(e)) == _restoration(e, "top minister", "base", _entry_fields(e))
    True
    """
    rule, lexicon, version, confidence, reason, strength, prior, constrained = fixed
    return entry.canonical[0], rule, lexicon, version, confidence, tuple(entry.canonical[1:]), reason, strength, \
        prior, constrained


def _restoration(entry: Entry, original: str, form: str, fixed: tuple) -> tuple:
    """The fields of the candidate edit restoring ``original`` (matched as ``form`` of ``entry``), as
    _records.candidates takes them; ``fixed``: the entry's own (:func:`_entry_fields`)."""
    rule, lexicon, version, confidence, reason, strength, prior, constrained = fixed
    canon = [match_apostrophes(original, transfer_case(original, inflect_phrase(c, form))) for c in entry.canonical]
    return canon[0], rule, lexicon, version, confidence, tuple(canon[1:]), reason, strength, prior, constrained


# the most edits of one pass that _Searched keeps to tell which matches they reached
APPLIED_KEPT = 4096
_END = attrgetter("end")


class _Searched:
    """The entries that can have a match in a pass's text: those the last search of the whole text
    matched, and those matched near the changes since (away from them, the text is the one searched
    then). A later pass asks, before it searches the whole text again for the few entries whose
    document verdict it must decide again; the set is made only then.

    A match of the whole search that the next pass's edits reach (within the boundary checks' reach)
    may be gone; if it is not, it lies where the pass after searches, around the changes. So when one
    pass's edits are known (:meth:`applied`), :meth:`may_match` tells which of a few entries have a match
    left: in spun text, the entries of the phrases a pass repaired, whose document patterns its repairs
    complete ("power grid" after "strength grid" is repaired), have none, and the text need not be
    searched for them. (``known``: the number of the matcher's entries; 0, the default, when unknown,
    and then every entry may match.)
    """

    def __init__(self, known: int = 0) -> None:
        self._whole: list[Match] = []
        self._entries: set[int] | None = set()
        self._since: set[int] = set()
        self._known = known
        self._applied: list[Edit] | None = None  # the edits made to the searched text, if one pass's
        self._passes = 0  # passes that changed the text since it was searched whole

    def whole(self, found: list[Match], entries: set[int] | None = None) -> None:
        """The text was searched whole: ``found``, whose entries are ``entries`` if the caller has them."""
        self._whole, self._entries, self._since = found, entries, set()
        self._applied, self._passes = None, 0

    def near(self, found: list[Match]) -> None:
        """The text was searched around its changes: ``found``."""
        self._since.update(m.entry for m in found)

    def applied(self, edits: list[Edit]) -> None:
        """A pass made the next pass's text by applying ``edits`` (offsets of the text it searched)."""
        self._passes += 1
        # (kept only when few: the 22,000 edits of a spun MB's first pass would live on into the second,
        # which searches the whole text again anyway, and be freed there, out of the cache; and as a list
        # of its own, since the pass gives its list to compose, which may move the edits in place)
        self._applied = list(edits) if self._passes == 1 and len(edits) <= APPLIED_KEPT else None

    def entries(self) -> set[int]:
        """The entries that can have a match in the text now."""
        if self._entries is None:
            self._entries = {m.entry for m in self._whole}
        return self._entries | self._since

    def may_match(self, entries: set[int]) -> set[int]:
        """Those of ``entries`` that can have a match in the text now: found near the changes since, or
        with a match of the whole search that the one pass's edits since did not reach. All of them when
        more than one pass (or more than APPLIED_KEPT edits) changed the text since."""
        if not self._applied or not self._known:
            return entries
        asked = bytearray(self._known)
        for entry in entries - self._since:
            asked[entry] = 1
        _, theirs = split_flagged(self._whole, asked)  # (in C) their matches: few
        edits, left = by_span(self._applied), set()
        for m in theirs:
            # the first edit ending at or after the match's start (less the reach) reaches it if it
            # starts by its end (plus the reach): the edits are sorted and apart, so their ends are too
            k = bisect.bisect_left(edits, m.start - _BOUNDARY_REACH, key=_END)
            if k == len(edits) or edits[k].start > m.end + _BOUNDARY_REACH:
                left.add(m.entry)
        return {entry for entry in entries if entry in self._since or entry in left}


def _affected(matcher: Matcher, near: array | Sequence[tuple[int, int]], text: str, verdicts: dict[int, bool],
              index: PhraseIndex | None = None, wide: bytes | None = None,
              searched: _Searched | None = None) -> list[Match]:
    """The matches a later pass must decide: those a change can have affected.

    A later pass exists for what a repair creates: a phrase that a restored word completes, a
    context that a restored word supplies, a document that now has (or lacks) what an entry's
    ``requires``/``excludes`` pattern asks for. So a match is kept when it overlaps or touches a
    changed span (for an entry with left or right context, when one lies within that context's
    reach), or when its entry's document verdict may have changed: the verdict is dropped, to be
    decided again on this pass's document, when the entry's pattern occurs near a change. (``wide``:
    :func:`~unspin.constraints.with_context` of the matcher's entries, if the caller keeps it.)

    The text is searched only around the changes (within the context reach), unless a verdict was
    dropped (that entry's matches anywhere are decided again) or the changes cover much of it. With
    ``searched`` (:class:`_Searched`, kept from pass to pass) only the entries that can still have a
    match are asked about: a verdict whose entry no search matched stands, unsearched.

    >>> from unspin.lexicon import Entry
    >>> m = Matcher.build([Entry("a", ("b",), "sure")])
    >>> [x.start for x in _affected(m, [(13, 15)], "a b c d e f g a x x x x x x x x a", {})]
    [14]
    """
    entries = matcher.entries
    windows = merge_spans(near, LOCAL_CONTEXT_CHARS, len(text))
    found = None
    if sum(hi - lo for lo, hi in windows) > len(text) // 2:  # changes everywhere: search it all
        found = matcher.find(text)
        present = {m.entry for m in found} if verdicts else None
        if searched is not None:
            searched.whole(found, present)
    else:
        found_near = matcher.find_near(text, windows)
        if searched is not None:
            searched.near(found_near)
        present = searched.entries() if searched is not None and verdicts else None
    # entries decided on an earlier pass, with a match in this text, whose pattern occurs near a change
    asked = verdicts.keys() if present is None else verdicts.keys() & present
    reopened: set[int] = set()
    if asked:
        delta = Document("\n".join(text[lo:hi] for lo, hi in windows), index, len(asked))
        reopened = {k for k in asked if any(
            pattern and occurs(pattern, delta) for pattern in (entries[k].requires, entries[k].excludes))}
    if found is None:
        found = found_near
        if reopened and searched is not None:  # those with no match left need no search
            reopened = searched.may_match(reopened)
        if reopened:  # their matches anywhere are decided again
            anywhere = matcher.find_entries(text, reopened)
            reopened &= {m.entry for m in anywhere}
            near_found = set(found)
            # the order find() gives: any (start, end) lies wholly in one list (a match overlapping a
            # window is in find_near's), each in entry order, so sorting by position keeps it
            found += [m for m in anywhere if m not in near_found]
            sort_matches(found)
    for k in reopened:
        del verdicts[k]
    if wide is None:
        wide = with_context(entries)
    # in C: a later pass over spun text has a match every other word (changed spans do not overlap, so
    # their ends are sorted too, and the first one ending within reach of a match settles it)
    return near_matches(found, near, LOCAL_CONTEXT_CHARS, wide, reopened)


def _resolve_shipped(ref: tuple[str, str, str]) -> Lexicon:
    _, name, digest = ref
    (lexicon,) = [x for x in select_lexicons([name]) if x.name == name]
    if lexicon.digest != digest:
        raise ValueError(f"shipped lexicon {name!r} differs from the pickled one: "
                         "the worker has another version of unspin installed")
    return lexicon


def spun_windows(text: str, strong: list[tuple[int, int]], radius: int, min_hits: int = 2
                 ) -> list[tuple[int, int]]:
    """Stretches of text around clusters of strong artifacts, snapped to whitespace and merged.

    The contextual layer is slow and only trustworthy inside spun text, so it runs only there.

    >>> spun_windows("a b c d e f", [(0, 1), (2, 3)], 2)
    [(0, 5)]
    """
    spans: list[tuple[int, int]] = []
    ordered = sorted(strong)
    for i, (s, e) in enumerate(ordered):
        near = sum(1 for s2, _ in ordered[max(0, i - min_hits):i + min_hits + 1] if abs(s2 - s) <= radius)
        if near < min_hits:
            continue
        lo, hi = max(0, s - radius), min(len(text), e + radius)
        while lo > 0 and not text[lo - 1].isspace():
            lo -= 1
        while hi < len(text) and not text[hi].isspace():
            hi += 1
        if spans and lo <= spans[-1][1]:
            spans[-1] = (spans[-1][0], max(spans[-1][1], hi))
        else:
            spans.append((lo, hi))
    return spans


def _fuzzy_candidates(text: str, found: list[Candidate], lexicons: Sequence[Lexicon]) -> list[Candidate]:
    from .fuzzy import find_fuzzy, fuzzy_index

    skip = [(c.edit.start, c.edit.end) for c in found]
    return [Candidate(h.edit, h.strength, "sure" if h.strength == "strong" else "")
            for h in find_fuzzy(text, fuzzy_index(lexicons), skip=skip)]


def _context_edits(text: str, taken: list[tuple[int, int]], lexicons: Sequence[Lexicon],
                   min_confidence: float = 0.0) -> list[tuple[Edit, str]]:
    from .context import find_context_edits, gating_prior  # imported on first use: data loads lazily

    # gating only lowers a contextual edit's confidence, so proposals below the threshold could
    # never be applied: the layer skips them (and most of its search) up front
    return [(e, gating_prior(e)) for e in find_context_edits(text, skip=taken, lexicons=lexicons,
                                                              min_confidence=min_confidence)]


@functools.lru_cache(maxsize=8)
def _default(options: tuple = ()) -> Unspinner:
    return Unspinner(**dict(options))


def fix_and_explain(text: str, **options) -> Result:
    """Fix ``text`` with the shipped lexicons; options are :class:`Config` fields or ``profile``."""
    return _default(tuple(sorted(options.items()))).explain(text)


def fix_text(text: str, **options) -> str:
    """The repaired text (see :func:`fix_and_explain`)."""
    return fix_and_explain(text, **options).text


def find_edits(text: str, **options) -> list[Edit]:
    """The edits :func:`fix_text` applies; ``apply_edits(t, find_edits(t)) == fix_text(t)``."""
    return list(fix_and_explain(text, **options).edits)


__all__ = ["Unspinner", "apply_edits", "find_edits", "fix_and_explain", "fix_text", "count_words"]
