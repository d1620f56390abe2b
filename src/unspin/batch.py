"""Many texts at once: per-record error isolation, line streams and a process pool.

A record whose repair raises never ends the batch: it comes back unchanged as an :class:`Unrepaired`
(a ``str`` equal to the input, with ``error`` and ``index``), and the error is logged on the
``unspin.batch`` logger. The pool's workers receive the :class:`~unspin.api.Unspinner` once, in their
initializer (it pickles small: lexicon entries and config; each worker compiles its own automaton).

>>> from unspin import Unspinner
>>> out = list(fix_each(Unspinner(), ["clean text", None]))
>>> out[0], type(out[1]).__name__, out[1].error
('clean text', 'Unrepaired', 'TypeError: expected str, got NoneType')
"""

from __future__ import annotations

import itertools
import os
import signal
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from .api import Unspinner

T = TypeVar("T")
R = TypeVar("R")


class Unrepaired(str):
    """A record returned unchanged because repairing it raised. Equal to the input text (``""`` when
    the input was not a string); ``error`` is ``"ExceptionType: message"``, ``index`` the record's
    position in the batch.

    >>> x = Unrepaired("as given", "ValueError: bad", 3)
    >>> x == "as given", x.error, x.index
    (True, 'ValueError: bad', 3)
    """

    error: str
    index: int

    def __new__(cls, text: str, error: str, index: int = -1) -> Unrepaired:
        obj = super().__new__(cls, text)
        obj.error, obj.index = error, index
        return obj

    def __reduce__(self) -> tuple[Any, ...]:  # keep the marker across process boundaries
        return (Unrepaired, (str(self), self.error, self.index))


def fix_one(unspinner: Unspinner, text: object, index: int = -1) -> str:
    """``unspinner.fix(text)``, or the input as an :class:`Unrepaired` if that raises.

    >>> from unspin import Unspinner
    >>> fix_one(Unspinner(), 42).error
    'TypeError: expected str, got int'
    """
    try:
        return unspinner.fix(text)
    except Exception as exc:  # one bad record must not end a batch of millions
        error = f"{type(exc).__name__}: {exc}"
        import logging  # imported when a record fails: a clean run does not pay for it at start-up

        logging.getLogger("unspin.batch").warning("record %d not repaired: %s", index, error)
        return Unrepaired(text if isinstance(text, str) else "", error, index)


def fix_each(unspinner: Unspinner, texts: Iterable[object], start: int = 0) -> Iterator[str]:
    """Repair texts one by one, lazily, isolating errors (see :func:`fix_one`)."""
    for i, text in enumerate(texts, start):
        yield fix_one(unspinner, text, i)


def fix_lines(unspinner: Unspinner, lines: Iterable[str]) -> Iterator[str]:
    """Repair each line as its own document (one article per line), keeping its line ending.

    >>> from unspin import Unspinner
    >>> list(fix_lines(Unspinner(), ["a clean line\\r\\n", "another"]))
    ['a clean line\\r\\n', 'another']
    """
    for i, line in enumerate(lines):
        body = line.rstrip("\r\n") if isinstance(line, str) else line
        ending = line[len(body):] if isinstance(line, str) else ""
        fixed = fix_one(unspinner, body, i)
        yield Unrepaired(fixed + ending, fixed.error, i) if isinstance(fixed, Unrepaired) else fixed + ending


# -- the process pool --------------------------------------------------------------------------------
_WORKER: Unspinner | None = None


def _init_worker(unspinner: Unspinner) -> None:
    """Pool initializer: keep the Unspinner and compile its automaton before the first task.

    A worker ignores Ctrl-C: a terminal sends it to the whole process group, and the parent stops the
    run. A worker interrupted too would print a traceback, or die halfway through sending a result and
    leave the parent's pool waiting for the rest of it."""
    global _WORKER
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _WORKER = unspinner
    _ = unspinner.matcher


def _call(fn: Callable[[Unspinner, T], R], item: T) -> R:
    assert _WORKER is not None, "worker not initialised"
    return fn(_WORKER, item)


def default_jobs() -> int:
    """All cores (``os.cpu_count()``), at least 1."""
    return os.cpu_count() or 1


def ordered_map(fn: Callable[[Unspinner, T], R], items: Iterable[T], unspinner: Unspinner,
                jobs: int | None = None, ahead: int = 2) -> Iterator[R]:
    """``fn(unspinner, item)`` for every item, in input order, on ``jobs`` processes.

    ``fn`` must be a module-level function (it is pickled by reference). At most ``jobs * ahead``
    items are in flight, so memory stays bounded however long ``items`` is. With ``jobs == 1``, or a
    single item, no pool is started.

    >>> from unspin import Unspinner
    >>> list(ordered_map(fix_one, ["a", "b"], Unspinner(), jobs=1))
    ['a', 'b']
    """
    jobs = default_jobs() if jobs is None else max(1, jobs)
    it = iter(items)
    first = list(itertools.islice(it, 1 if jobs == 1 else 2))
    if len(first) < 2:  # nothing to share out: skip the pool's start-up cost
        for item in itertools.chain(first, it):
            yield fn(unspinner, item)
        return
    from concurrent.futures import ProcessPoolExecutor  # ~40 ms to import: only when a pool starts

    with ProcessPoolExecutor(jobs, initializer=_init_worker, initargs=(unspinner,)) as pool:
        pending: deque = deque()
        try:
            for item in itertools.chain(first, it):
                pending.append(pool.submit(_call, fn, item))
                if len(pending) >= jobs * ahead:
                    yield pending.popleft().result()
            while pending:
                yield pending.popleft().result()
        finally:
            for f in pending:
                f.cancel()


def _fix_group(unspinner: Unspinner, group: tuple[int, list[object]]) -> list[str]:
    start, texts = group
    return list(fix_each(unspinner, texts, start))


def group_texts(texts: Iterable[T], max_chars: int = 1 << 20, max_items: int = 1000
                ) -> Iterator[tuple[int, list[T]]]:
    """Consecutive texts grouped to about ``max_chars`` (one task each: fewer, larger messages).

    >>> list(group_texts(["aa", "bb", "cc"], max_chars=4))
    [(0, ['aa', 'bb']), (2, ['cc'])]
    """
    group: list[T] = []
    size = start = 0
    for i, t in enumerate(texts):
        if not group:
            start = i
        group.append(t)
        size += len(t) if isinstance(t, str) else 1
        if size >= max_chars or len(group) >= max_items:
            yield start, group
            group, size = [], 0
    if group:
        yield start, group


def fix_parallel(texts: Iterable[object], jobs: int | None = None, unspinner: Unspinner | None = None,
                 *, max_chars: int = 1 << 20) -> list[str]:
    """Repair many texts on ``jobs`` processes (default: all cores); order and errors as :func:`fix_each`.

    >>> fix_parallel(["one clean text", "another"], jobs=2)
    ['one clean text', 'another']
    """
    from .api import Unspinner

    u = unspinner or Unspinner()
    out: list[str] = []
    for part in ordered_map(_fix_group, group_texts(texts, max_chars), u, jobs):
        out.extend(part)
    return out


__all__ = ["Unrepaired", "default_jobs", "fix_each", "fix_lines", "fix_one", "fix_parallel", "group_texts",
           "ordered_map"]
