"""The engine options every command shares (`unspin`, `eval`, `scan`, `review`): which lexicons,
which threshold, which layers. One definition, so the commands cannot drift apart.

>>> import argparse
>>> p = argparse.ArgumentParser(); add_engine_options(p)
>>> config_from_args(p.parse_args(["--profile", "safe", "--no-glued"])).min_confidence
0.9
"""

from __future__ import annotations

import argparse

from .api import Unspinner
from .model import PROFILES, Config

# (Config field, default, help): on-by-default steps get --no-STEP, off-by-default ones --STEP.
NORMALIZE_SWITCHES = (
    ("spintax", True, "keep {a|b} spintax residue as it is"),
    ("glued", True, "leave sentences glued by scraping (Pacific.They) as they are"),
    ("mojibake", True, "leave mojibake (wrong-decode damage) as it is"),
    ("doubled", True, "leave doubled words (the the) as they are"),
    ("nfc", False, "compose Unicode to NFC"),
    ("whitespace", False, "fold runs of spaces and tabs inside a line"),
    ("paragraphs", False, "restore paragraph breaks (one line per paragraph) at glued boundaries"),
)


def add_engine_options(p: argparse.ArgumentParser, *, title: str = "engine options") -> None:
    """Lexicon selection, thresholds, layers and normalization steps."""
    g = p.add_argument_group(title)
    g.add_argument("--lexicon", action="append", default=[], metavar="PATH", help="add a lexicon file")
    g.add_argument("--lexicon-set", action="append", metavar="NAME",
                   help="shipped lexicons by name or tag (news, science, pps, all); default all")
    g.add_argument("--profile", choices=sorted(PROFILES), help="confidence threshold preset")
    g.add_argument("--min-confidence", type=float, metavar="X", help="apply edits with confidence >= X")
    g.add_argument("--context", action=argparse.BooleanOptionalAction, default=False,
                   help="run the contextual (learned swaps + thesaurus) layer on spun windows (default off)")
    g.add_argument("--fuzzy", action=argparse.BooleanOptionalAction, default=False,
                   help="also find near misses of lexicon phrases (typos, spacing; default off)")
    g.add_argument("--no-normalize", action="store_true", help="skip every normalization step")
    for step, default, what in NORMALIZE_SWITCHES:
        flag = f"--{step}" if not default else f"--no-{step}"
        g.add_argument(flag, dest=step, action="store_false" if default else "store_true",
                       default=default, help=what)


def config_from_args(args: argparse.Namespace) -> Config:
    """The :class:`Config` the options describe; ValueError for an out-of-range threshold."""
    cfg = Config()
    if args.profile:
        cfg = cfg._replace(min_confidence=PROFILES[args.profile])
    if args.min_confidence is not None:
        if not 0.0 <= args.min_confidence <= 1.0:
            raise ValueError("--min-confidence must be between 0 and 1")
        cfg = cfg._replace(min_confidence=args.min_confidence)
    steps = {step: getattr(args, step) for step, _, _ in NORMALIZE_SWITCHES}
    return cfg._replace(normalize=not args.no_normalize, context=args.context, fuzzy=args.fuzzy, **steps)


def unspinner_from_args(args: argparse.Namespace) -> Unspinner:
    """An :class:`Unspinner` for the options (ValueError, LexiconError on bad input)."""
    return Unspinner(args.lexicon_set or ["all"], config_from_args(args), extra=args.lexicon)
