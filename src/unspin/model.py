"""The records every pipeline stage speaks: Edit, Result and Config.

Offsets are code points into the ORIGINAL input string. Only the renderers convert them to other
units (bytes, UTF-16, line/column).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from typing import Any, Literal, NamedTuple

from ._records import RecordMaker

Kind = Literal["exact", "fuzzy", "context", "normalize"]
KINDS: tuple[str, ...] = ("exact", "fuzzy", "context", "normalize")


@dataclass(frozen=True, slots=True)
class Edit:
    """One proposed change to the input.

    >>> e = Edit(4, 16, "Top Minister", "Prime Minister", rule="news:12", lexicon="news",
    ...          lexicon_version="1", confidence=0.97, kind="exact")
    >>> "Jap Top Minister Kishida"[e.start:e.end] == e.original
    True
    """

    start: int
    end: int
    original: str
    replacement: str
    rule: str = ""
    lexicon: str = ""
    lexicon_version: str = ""
    confidence: float = 1.0
    kind: Kind = "exact"
    alternatives: tuple[str, ...] = ()
    reason: str = ""

    def moved(self, start: int, end: int, original: str, replacement: str,
              confidence: float | None = None, reason: str | None = None) -> Edit:
        """A copy at other offsets (and text); ``dataclasses.replace`` is too slow for the hot path."""
        return make_edit(start, end, original, replacement, self.rule, self.lexicon, self.lexicon_version,
                    self.confidence if confidence is None else confidence, self.kind, self.alternatives,
                    self.reason if reason is None else reason)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict with stable field names (see docs/jsonl.md)."""
        d = asdict(self)
        d["alternatives"] = list(self.alternatives)
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Edit:
        """Inverse of :meth:`to_dict`; unknown keys (line, column, ...) are ignored."""
        names = cls.__dataclass_fields__.keys()
        kw = {k: d[k] for k in names if k in d}
        kw["alternatives"] = tuple(kw.get("alternatives", ()))
        return cls(**kw)


# Edit(...) with every field given, for the hot path: the same object without the frozen dataclass's
# __init__, which sets each field through object.__setattr__ (~3 us an Edit here; this ~0.2 us)
make_edit = RecordMaker(Edit, [f.name for f in fields(Edit)])


@dataclass(frozen=True, slots=True)
class Result:
    """The outcome of fixing one text: the output, the edits applied and the document's spin score.

    ``spin_score`` is the number of strong artifacts (sure and likely lexicon hits) per 1,000 words.
    """

    text: str
    edits: tuple[Edit, ...] = ()
    spin_score: float = 0.0
    words: int = 0
    rejected: tuple[Edit, ...] = field(default=())


class Config(NamedTuple):
    """Options of a run. Every field has a CLI flag of the same name (with dashes).

    min_confidence: edits below this confidence are not applied (0..1). Profiles set it:
        ``safe`` 0.9, ``balanced`` 0.7 (default), ``aggressive`` 0.5.
    window_words: half-width, in words, of the window whose spin density gates weak candidates.
    normalize: run the normalization steps at all; each step has its own switch below.
    spintax: keep the first alternative of ``{a|b}`` residue and drop stray braces around words.
    glued: insert the missing space at sentence boundaries glued by scraping (``Pacific.They``).
    mojibake: repair wrong-decode damage with ftfy (``Bidenâ€™s`` -> ``Biden’s``).
    doubled: collapse words a spinner doubled (``the the``).
    nfc: Unicode NFC composition (off by default).
    whitespace: fold runs of spaces and tabs inside a line (off by default).
    paragraphs: restore paragraph breaks where glued sentences follow a paragraph pattern (off).
    context: run the contextual (thesaurus + bigram) layer on spun windows. Off by default: see
        docs/context.md for what it restores and costs today.
    fuzzy: also find near misses of multi-word lexicon entries (typos, spacing, hyphenation) with
        rapidfuzz around anchor words. Off by default: slower, see docs/context.md.
    """

    min_confidence: float = 0.7
    window_words: int = 100
    normalize: bool = True
    spintax: bool = True
    glued: bool = True
    mojibake: bool = True
    doubled: bool = True
    nfc: bool = False
    whitespace: bool = False
    paragraphs: bool = False
    context: bool = False
    fuzzy: bool = False


NORMALIZE_STEPS = ("spintax", "glued", "mojibake", "doubled", "nfc", "whitespace", "paragraphs")
PROFILES: dict[str, float] = {"safe": 0.9, "balanced": 0.7, "aggressive": 0.5}
