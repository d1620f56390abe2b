"""Dask integration on a LocalCluster of 2 worker processes: same texts as the library."""

from __future__ import annotations

import pytest
from etl_helpers import seed_paragraphs, unspinner

pytest.importorskip("dask", reason="Dask is not installed (pip install unspin[dask])")
pytest.importorskip("distributed", reason="dask.distributed is not installed (pip install unspin[dask])")
pd = pytest.importorskip("pandas", reason="pandas is not installed (pip install unspin[dask])")

import dask.bag as db  # noqa: E402
import dask.dataframe as dd  # noqa: E402

from unspin.integrations.dask import fix_bag, fix_dataframe  # noqa: E402


@pytest.fixture(scope="module")
def client():
    from distributed import Client, LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \
            Client(cluster) as c:
        yield c


def test_fix_bag_matches_the_library(client) -> None:
    u = unspinner()
    data = seed_paragraphs() * 2
    out = fix_bag(db.from_sequence(data, npartitions=4), u).compute()
    assert out == [u.fix(t) for t in data]


def test_fix_dataframe_matches_the_library(client) -> None:
    u = unspinner()
    data = [*seed_paragraphs(), None, "clean text stays"]
    frame = pd.DataFrame({"id": range(len(data)), "text": data})
    out = fix_dataframe(dd.from_pandas(frame, npartitions=3), "text", u, output="fixed").compute()
    assert list(out["id"]) == list(range(len(data)))
    assert [None if pd.isna(x) else x for x in out["fixed"]] == [None if t is None else u.fix(t) for t in data]
    assert [None if pd.isna(x) else x for x in out["text"]] == data


def test_the_unspinner_is_built_once_per_worker(client) -> None:
    from unspin.integrations import Handle

    h = Handle.of(unspinner())
    ids = client.run(lambda: id(h.get()) == id(h.get()))
    assert all(ids.values()) and len(ids) == 2
