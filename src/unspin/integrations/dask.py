"""Dask: repair a bag of texts or a dataframe column, partition by partition.

Install with ``pip install unspin[dask]``. The Unspinner is built once per worker process (see
:class:`unspin.integrations.Handle`); a record whose repair raises comes back unchanged, and missing
values stay missing.

    import dask.dataframe as dd
    from unspin.integrations.dask import fix_dataframe
    df = fix_dataframe(dd.read_parquet("articles/"), "text")
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Any

from . import Handle, fix_or_none

if TYPE_CHECKING:
    import dask.bag as db
    import dask.dataframe as dd
    import pandas as pd

    from ..api import Unspinner


def _fix_list(texts: Any, handle: Handle) -> list[object]:
    u = handle.get()
    return [fix_or_none(u, t) for t in texts]


def fix_bag(bag: db.Bag, unspinner: Unspinner | None = None) -> db.Bag:
    """A bag of repaired texts, in the same partitions and order.

    ``fix_bag(db.read_text("articles/*.txt"), u)`` repairs line by line.
    """
    return bag.map_partitions(_fix_list, Handle.of(unspinner))


def _fix_frame(frame: pd.DataFrame, column: str, output: str, handle: Handle) -> pd.DataFrame:
    frame = frame.copy()
    frame[output] = frame[column].map(partial(fix_or_none, handle.get())).astype(frame[column].dtype)
    return frame


def fix_dataframe(df: dd.DataFrame, column: str, unspinner: Unspinner | None = None,
                  output: str | None = None) -> dd.DataFrame:
    """``df`` with ``column`` repaired (into ``output`` if given, else in place)."""
    out = output or column
    meta = df._meta.copy()
    meta[out] = meta[column]
    return df.map_partitions(_fix_frame, column, out, Handle.of(unspinner), meta=meta)


__all__ = ["fix_bag", "fix_dataframe"]
