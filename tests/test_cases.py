"""Data-driven cases: every tests/cases/*.tsv line is ``input<TAB>expected`` (``=``: must not change).

Each input runs through :func:`unspin.fix_text` at the default settings. ``\\n`` and ``\\t`` in cells
are escapes. Files named ``*-should-fix.tsv`` must hold only changing cases, ``*-must-not-touch.tsv``
only ``=`` cases, so a file's name says what it proves.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from unspin import apply_edits, fix_and_explain

CASES = Path(__file__).parent / "cases"


def _unescape(cell: str) -> str:
    return cell.replace("\\n", "\n").replace("\\t", "\t")


def _load() -> list:
    params = []
    for path in sorted(CASES.glob("*.tsv")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if not line.strip() or line.startswith("#"):
                continue
            text, _, expected = line.partition("\t")
            text = _unescape(text)
            want = text if expected == "=" else _unescape(expected)
            params.append(pytest.param(path.name, text, want, id=f"{path.stem}:{number}"))
    return params


PARAMS = _load()


@pytest.mark.parametrize(("name", "text", "expected"), PARAMS)
def test_case(name: str, text: str, expected: str) -> None:
    result = fix_and_explain(text)
    assert result.text == expected
    assert apply_edits(text, result.edits) == result.text
    if name.endswith("-should-fix.tsv"):
        assert expected != text, "a should-fix case must change"
    if name.endswith("-must-not-touch.tsv"):
        assert expected == text, "a must-not-touch case must stay unchanged"


def test_case_files_exist() -> None:
    assert len(PARAMS) >= 50
