"""Suite-wide settings."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True, scope="session")
def _private_compile_cache(tmp_path_factory):
    """The suite compiles lexicons into a cache of its own, never into the user's ~/.cache/unspin.

    Many tests write lexicons to fresh temporary paths, and the path is part of the cache key: run
    against the user's cache, every run of the suite would leave new files there. CLI tests started
    as subprocesses inherit the variable.
    """
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("xdg-cache")))
        yield
