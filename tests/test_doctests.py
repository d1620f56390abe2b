"""The examples in the package's docstrings run and give what they show."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import unspin

MODULES = sorted(m.name for m in pkgutil.walk_packages(unspin.__path__, "unspin.")
                 if not m.name.startswith("unspin.integrations")  # optional engines: own tests
                 and m.name != "unspin.__main__")  # runs the CLI on import


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.failed == 0
