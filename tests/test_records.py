"""Records: JSON lines spliced byte for byte, CSV dialects kept, errors isolated, the CLI."""

from __future__ import annotations

import csv
import io
import json

import pytest
from etl_helpers import CLI_OPTIONS, run_cli, seed_paragraphs, unspinner

from unspin.records import EDITS_FIELD, SPIN_FIELD, RecordError, fix_csv, fix_jsonl, scan_object


def test_only_the_field_changes_other_bytes_stay() -> None:
    line = '{ "id" :3,"meta":{"text":"Jap"},  "text" : "the Jap Top Minister", "tail": "caf\\u00e9" }\n'
    out = list(fix_jsonl(unspinner(), [line]))[0]
    assert out == line.replace('"the Jap Top Minister"', '"the Japanese Prime Minister"')


def test_unchanged_records_are_written_back_as_read() -> None:
    lines = ['{"text":"nothing to do here","x":1.50}\n', '{"text": null}\r\n', '{"other": 1}\n', "\n"]
    assert list(fix_jsonl(unspinner(), lines)) == lines


def test_escapes_in_the_style_of_the_line() -> None:
    ascii_line = '{"text": "caf\\u00e9 Jap Top Minister"}'
    out = list(fix_jsonl(unspinner(), [ascii_line]))[0]
    assert out.isascii() and json.loads(out)["text"] == "caf\u00e9 Japanese Prime Minister"
    raw_line = '{"text": "caf\u00e9 Jap Top Minister"}'
    assert list(fix_jsonl(unspinner(), [raw_line]))[0] == '{"text": "caf\u00e9 Japanese Prime Minister"}'


def test_add_edits_adds_fields_whose_offsets_index_the_value() -> None:
    text = seed_paragraphs()[0]
    line = json.dumps({"id": 1, "text": text})
    out = json.loads(list(fix_jsonl(unspinner(), [line], add_edits=True))[0])
    assert out["id"] == 1 and out["text"] == unspinner().fix(text)
    assert out[EDITS_FIELD] and out[SPIN_FIELD] == unspinner().explain(text).spin_score
    for e in out[EDITS_FIELD]:
        assert text[e["start"]:e["end"]] == e["original"]
    again = list(fix_jsonl(unspinner(), [json.dumps(out)], add_edits=True))[0]
    assert list(json.loads(again)).count(EDITS_FIELD) == 1 and json.loads(again)[EDITS_FIELD] == []


def test_bad_records_pass_through_and_are_reported() -> None:
    lines = ["not json\n", '{"text": 5}\n', '["text"]\n', '{"text": "Jap"} trailing\n', '{"text": "Jap"}\n']
    errors: list[str] = []
    out = list(fix_jsonl(unspinner(), lines, errors=errors))
    assert out[:4] == lines[:4] and out[4] == '{"text": "Japanese"}\n'
    assert [e.split(":")[0] for e in errors] == ["line 1", "line 2", "line 3", "line 4"]


def test_scan_object_rejects_what_json_rejects() -> None:
    for bad in ['{"a": }', '{"a" 1}', '{"a": 1,}', "{'a': 1}"]:
        with pytest.raises(RecordError):
            scan_object(bad, ["a"])


def test_jsonl_with_a_pool_equals_one_process() -> None:
    lines = [json.dumps({"n": i, "text": p}) + "\n" for i, p in enumerate(seed_paragraphs() * 4)]
    one = list(fix_jsonl(unspinner(), lines, add_edits=True, jobs=1))
    two = list(fix_jsonl(unspinner(), lines, add_edits=True, jobs=2, max_chars=3000))
    assert one == two and one != lines


# -- CSV -------------------------------------------------------------------------------------------
def test_csv_keeps_dialect_quoting_and_untouched_rows() -> None:
    src = ('id;text;note\r\n'
           '1;"clean; with a separator";"kept ""as is"""\r\n'
           '2;"the Jap Top Minister\nover two lines";x\r\n'
           "3;an afternoon later;y\r\n")
    lines = io.StringIO(src, newline="")
    out = "".join(fix_csv(unspinner(), lines, "text"))
    rows = src.split("\r\n")
    assert out.split("\r\n")[:2] == rows[:2]  # header and the clean row: byte for byte
    parsed = list(csv.reader(io.StringIO(out, newline=""), delimiter=";"))
    assert parsed[2] == ["2", "the Japanese Prime Minister\nover two lines", "x"]
    assert parsed[3] == ["3", "a day later", "y"]
    assert out.endswith("\r\n") and out.count("\r\n") == 4


def test_csv_add_edits_adds_columns() -> None:
    src = "text,id\nJap Top Minister,1\nclean,2\n"
    out = "".join(fix_csv(unspinner(), io.StringIO(src, newline=""), "text", add_edits=True))
    rows = list(csv.DictReader(io.StringIO(out)))
    assert rows[0]["text"] == "Japanese Prime Minister" and rows[0]["id"] == "1"
    assert json.loads(rows[0][EDITS_FIELD])[0]["original"] == "Jap"
    assert json.loads(rows[1][EDITS_FIELD]) == [] and rows[1]["text"] == "clean"


def test_csv_missing_column_is_an_error() -> None:
    with pytest.raises(RecordError, match="no column 'body'"):
        list(fix_csv(unspinner(), ["a,b\n", "1,2\n"], "body"))


# -- command line --------------------------------------------------------------------------------------
def test_cli_jsonl_field_with_jobs(tmp_path) -> None:
    lines = [json.dumps({"n": i, "text": p}, ensure_ascii=False) + "\n"
             for i, p in enumerate(seed_paragraphs() * 2)] + ["garbage\n"]
    path = tmp_path / "in.jsonl"
    path.write_text("".join(lines), encoding="utf-8")
    one = run_cli(*CLI_OPTIONS, "--jsonl-field", "text", "--add-edits", "--jobs", "1", str(path))
    two = run_cli(*CLI_OPTIONS, "--jsonl-field", "text", "--add-edits", "--jobs", "2", str(path))
    assert one.stdout == two.stdout
    assert one.returncode == 3 and b"line %d: not a JSON object" % len(lines) in one.stderr
    out = one.stdout.decode().splitlines(keepends=True)
    assert out[-1] == "garbage\n" and len(out) == len(lines)
    assert json.loads(out[0])["text"] == unspinner().fix(seed_paragraphs()[0])


def test_cli_csv_column(tmp_path) -> None:
    path = tmp_path / "in.csv"
    path.write_text("id\ttext\n1\tJap Top Minister\n", encoding="utf-8")
    out = run_cli(*CLI_OPTIONS, "--csv-column", "text", str(path))
    assert out.returncode == 0 and out.stdout == b"id\ttext\n1\tJapanese Prime Minister\n"
    bad = run_cli(*CLI_OPTIONS, "--csv-column", "text", "--jsonl-field", "text", str(path))
    assert bad.returncode == 2
