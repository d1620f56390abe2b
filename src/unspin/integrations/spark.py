"""PySpark: repair a string column (pandas UDF) or an RDD of texts (mapPartitions).

Install with ``pip install unspin[spark]``. The Unspinner is built once per executor Python worker
(see :class:`unspin.integrations.Handle`); a record whose repair raises comes back unchanged, and
nulls stay null.

    from unspin import Unspinner
    from unspin.integrations.spark import fix_column
    df = fix_column(spark.read.json("articles.jsonl"), "text", Unspinner(lexicons=["news"]))
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from functools import partial
from typing import TYPE_CHECKING, Any

from . import Handle, fix_or_none

if TYPE_CHECKING:
    from pyspark import RDD
    from pyspark.sql import Column, DataFrame

    from ..api import Unspinner

EXPLAIN_SCHEMA = "text string, edits string, spin_score double"


def fix_udf(unspinner: Unspinner | None = None) -> Any:
    """A pandas UDF, string -> string, that repairs each value.

    ``df.withColumn("text", fix_udf(u)("text"))``
    """
    import pandas as pd
    from pyspark.sql.functions import pandas_udf

    handle = Handle.of(unspinner)

    def unspin_fix(texts: pd.Series) -> pd.Series:
        u = handle.get()
        return texts.map(partial(fix_or_none, u))

    # Spark reads the type hints to pick the UDF kind; postponed (string) annotations would not
    # resolve here, where pandas is imported locally
    unspin_fix.__annotations__ = {"texts": pd.Series, "return": pd.Series}
    return pandas_udf("string")(unspin_fix)  # type: ignore[call-overload]


def explain_udf(unspinner: Unspinner | None = None) -> Any:
    """A pandas UDF, string -> struct<text, edits (JSON list), spin_score>."""
    import pandas as pd
    from pyspark.sql.functions import pandas_udf

    handle = Handle.of(unspinner)

    def unspin_explain(texts: pd.Series) -> pd.DataFrame:
        from ..records import explain_texts

        u = handle.get()
        rows = []
        for t in texts:
            if t is None:
                rows.append((None, None, None))
                continue
            o = explain_texts(u, [t])[0]
            rows.append((o.text, json.dumps([e.to_dict() for e in o.edits], ensure_ascii=False), o.spin_score))
        return pd.DataFrame(rows, columns=["text", "edits", "spin_score"])

    unspin_explain.__annotations__ = {"texts": pd.Series, "return": pd.DataFrame}
    return pandas_udf(EXPLAIN_SCHEMA)(unspin_explain)  # type: ignore[call-overload]


def fix_column(df: DataFrame, column: str, unspinner: Unspinner | None = None,
               output: str | None = None) -> DataFrame:
    """``df`` with ``column`` repaired (into ``output`` if given, else in place)."""
    from pyspark.sql.functions import col

    return df.withColumn(output or column, fix_udf(unspinner)(col(column)))


def fix_column_expr(column: str | Column, unspinner: Unspinner | None = None) -> Column:
    """The repaired column as an expression, for ``select``."""
    from pyspark.sql.functions import col

    return fix_udf(unspinner)(col(column) if isinstance(column, str) else column)


def _fix_partition(handle: Handle, texts: Iterable[object]) -> Iterator[object]:
    u = handle.get()
    for t in texts:
        yield fix_or_none(u, t)


def fix_rdd(rdd: RDD, unspinner: Unspinner | None = None) -> RDD:
    """An RDD of repaired texts, in the same partitions and order (``mapPartitions``)."""
    return rdd.mapPartitions(partial(_fix_partition, Handle.of(unspinner)), preservesPartitioning=True)


__all__ = ["EXPLAIN_SCHEMA", "explain_udf", "fix_column", "fix_column_expr", "fix_rdd", "fix_udf"]
