"""PySpark integration on a local[2] session (one session for the module): same texts as the library."""

from __future__ import annotations

import json
import os
import shutil
import sys

import pytest
from etl_helpers import seed_paragraphs, unspinner

pyspark = pytest.importorskip("pyspark", reason="PySpark is not installed (pip install unspin[spark])")
pytest.importorskip("pyarrow", reason="pyarrow is not installed (pip install unspin[spark])")
if shutil.which("java") is None:
    pytest.skip("no java on PATH: Spark needs a JVM", allow_module_level=True)

from unspin.integrations.spark import explain_udf, fix_column, fix_rdd  # noqa: E402


@pytest.fixture(scope="module")
def spark():
    from pyspark.sql import SparkSession

    # the Python workers must be this interpreter (the one with unspin installed), not python3 on PATH
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    session = (SparkSession.builder.master("local[2]").appName("unspin-test")
               .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "2")
               .config("spark.sql.execution.arrow.pyspark.enabled", "true").getOrCreate())
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


def texts() -> list[str | None]:
    return [*seed_paragraphs(), None, "clean text stays"]


def test_fix_column_matches_the_library(spark) -> None:
    u = unspinner()
    df = spark.createDataFrame([(i, t) for i, t in enumerate(texts())], "id int, text string").repartition(2)
    rows = fix_column(df, "text", u, output="fixed").orderBy("id").collect()
    assert [r.fixed for r in rows] == [None if t is None else u.fix(t) for t in texts()]
    assert [r.text for r in rows] == texts()  # the source column is kept


def test_explain_udf_gives_edits_and_score(spark) -> None:
    u = unspinner()
    t = seed_paragraphs()[0]
    df = spark.createDataFrame([(t,)], "text string")
    row = df.select(explain_udf(u)("text").alias("r")).collect()[0].r
    want = u.explain(t)
    assert row.text == want.text and row.spin_score == want.spin_score
    assert [e["start"] for e in json.loads(row.edits)] == [e.start for e in want.edits]


def test_fix_rdd_keeps_order(spark) -> None:
    u = unspinner()
    data = [t for t in texts() if t is not None] * 2
    out = fix_rdd(spark.sparkContext.parallelize(data, 2), u).collect()
    assert out == [u.fix(t) for t in data]
