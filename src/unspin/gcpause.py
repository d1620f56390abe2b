"""Pausing the cyclic garbage collector while the engine allocates many short-lived objects.

A dense spun text makes hundreds of thousands of matches, candidates and edits. Each is a tracked
object, so allocation triggers collection after collection that traverses the whole heap (the
lexicon tables are large) and frees nothing: the engine creates no reference cycles. Measured on
600k match tuples, the collections tripled the loop's time; on a pass over 0.5 MB of spun text the
candidate step ran ~25% faster paused, and the contextual layer (a container per token and per
reading) lost a third of its time to them.

The collector counts the tracked objects allocated less those freed, and runs at the first allocation
after that count passes its threshold; while paused it counts on. So what still lives when a pause
ends is walked by the next collection: a caller that holds a text's edits (a stream writing a piece's
output) keeps the pause until they are freed, and leaving a pause allocates nothing, so that the
collection waits for the caller's next allocation (by then ``fix()`` has dropped its Result).

>>> import gc
>>> with paused():
...     gc.isenabled()
False
"""

from __future__ import annotations

import gc


class paused:  # noqa: N801 (used as a function: ``with paused():``)
    """Disable the collector for the block; re-enabled only if it was enabled on entry (so nested
    blocks, and callers who disabled it themselves, keep their state).

    A class, not a ``contextlib.contextmanager``: leaving that allocates (its generator's
    StopIteration), which triggered the collection at once, over the block's results.
    """

    __slots__ = ("_enabled",)

    def __enter__(self) -> None:
        self._enabled = gc.isenabled()
        gc.disable()

    def __exit__(self, exc_type: object, exc: object, tb: object) -> None:  # (*args would allocate)
        if self._enabled:
            gc.enable()
