"""Adapters for distributed engines: :mod:`unspin.integrations.spark` (``unspin[spark]``) and
:mod:`unspin.integrations.dask` (``unspin[dask]``).

Both ship the :class:`~unspin.api.Unspinner` to the workers as a :class:`Handle` (its pickle and a
digest) and build it at most once per worker process: :meth:`Handle.get` keeps built Unspinners in a
module-level cache, which lives as long as the worker process (Spark reuses its Python workers; Dask
workers are long-lived), so the lexicon automaton is compiled once, not once per partition.

>>> from unspin import Unspinner
>>> h = Handle.of(Unspinner())
>>> h.get() is h.get()
True
"""

from __future__ import annotations

import hashlib
import pickle
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..api import Unspinner

_BUILT: dict[str, Unspinner] = {}


@dataclass(frozen=True)
class Handle:
    """A picklable reference to an Unspinner: its pickle and that pickle's SHA-256."""

    digest: str
    payload: bytes

    @classmethod
    def of(cls, unspinner: Unspinner | None = None) -> Handle:
        from ..api import Unspinner

        payload = pickle.dumps(unspinner if unspinner is not None else Unspinner())
        return cls(hashlib.sha256(payload).hexdigest(), payload)

    def get(self) -> Unspinner:
        """The Unspinner, built (and its automaton compiled) once per process."""
        u = _BUILT.get(self.digest)
        if u is None:
            u = pickle.loads(self.payload)
            _ = u.matcher
            _BUILT[self.digest] = u
        return u


def fix_or_none(unspinner: Unspinner, text: object) -> object:
    """Null in, null out (a missing value is not an error); other texts as :func:`unspin.batch.fix_one`.

    >>> from unspin import Unspinner
    >>> fix_or_none(Unspinner(), None) is None
    True
    """
    from ..batch import fix_one

    if text is None or (isinstance(text, float) and text != text) or type(text).__name__ == "NAType":
        return text  # None, NaN, pandas.NA: missing values stay missing
    return fix_one(unspinner, text)


__all__ = ["Handle", "fix_or_none"]
