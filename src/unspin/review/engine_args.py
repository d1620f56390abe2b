"""The engine options shared by the review subcommands (the same flags as ``unspin FILE``).

>>> p = argparse.ArgumentParser(); add_engine_args(p)
>>> config_from(p.parse_args(["--profile", "safe", "--no-context"])).min_confidence
0.9
"""

from __future__ import annotations

import argparse

from ..api import Unspinner
from ..model import PROFILES, Config


def add_engine_args(p: argparse.ArgumentParser) -> None:
    """Lexicon and threshold options."""
    p.add_argument("--lexicon", action="append", default=[], metavar="PATH", help="add a lexicon file")
    p.add_argument("--lexicon-set", action="append", metavar="NAME",
                   help="shipped lexicons by name or tag (news, science, all); default all")
    p.add_argument("--profile", choices=sorted(PROFILES), help="confidence threshold preset")
    p.add_argument("--min-confidence", type=float, metavar="X", help="propose edits with confidence >= X")
    p.add_argument("--no-normalize", action="store_true", help="skip spintax/glued-sentence/mojibake fixes")
    p.add_argument("--no-context", action="store_true", help="skip the contextual (thesaurus) layer")


def config_from(args: argparse.Namespace) -> Config:
    """The :class:`Config` the options describe; raises ValueError on an out-of-range threshold."""
    cfg = Config()
    if args.profile:
        cfg = cfg._replace(min_confidence=PROFILES[args.profile])
    if args.min_confidence is not None:
        if not 0.0 <= args.min_confidence <= 1.0:
            raise ValueError("--min-confidence must be between 0 and 1")
        cfg = cfg._replace(min_confidence=args.min_confidence)
    return cfg._replace(normalize=not args.no_normalize, context=not args.no_context)


def unspinner_from(args: argparse.Namespace) -> Unspinner:
    """An :class:`Unspinner` for the options."""
    return Unspinner(args.lexicon_set or ["all"], config_from(args), extra=args.lexicon)
