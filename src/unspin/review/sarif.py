"""``--format sarif``: a SARIF 2.1.0 log with one run per input.

The run declares ``columnKind: unicodeCodePoints``: columns and ``charOffset``/``charLength`` count
code points, like the engine's offsets. Lines and columns are 1-based; ``endColumn`` is exclusive, so
an insertion is an empty region. Each result carries a fix that replaces its region.

>>> from unspin.model import Edit, Result
>>> log = sarif_log("Jap Top", Result("Jap Prime", (Edit(4, 7, "Top", "Prime", rule="news:3"),)), "a.txt")
>>> run = log["runs"][0]
>>> run["columnKind"], run["results"][0]["locations"][0]["physicalLocation"]["region"]["startColumn"]
('unicodeCodePoints', 5)
"""

from __future__ import annotations

import json
from pathlib import PurePosixPath, PureWindowsPath
from urllib.parse import quote

from .. import __version__
from ..model import Edit, Result
from ..render import LineIndex
from .rdjson import WARNING_AT, message, utf8_len

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


def artifact_uri(path: str | None) -> str:
    """A URI reference for a file path: relative paths stay relative (percent-encoded), absolute
    ones become ``file://`` URIs, stdin is ``-``.

    >>> artifact_uri("dir/my file.txt"), artifact_uri("/tmp/a.txt")
    ('dir/my%20file.txt', 'file:///tmp/a.txt')
    """
    if path is None or path == "-":
        return "-"
    if PurePosixPath(path).is_absolute():
        return PurePosixPath(path).as_uri()
    if PureWindowsPath(path).is_absolute():
        return PureWindowsPath(path).as_uri()
    return quote(path.replace("\\", "/"))


def region(e: Edit, index: LineIndex) -> dict:
    """The region of an edit in code points."""
    (sl, sc), (el, ec) = index.position(e.start), index.position(e.end)
    return {"startLine": sl, "startColumn": sc, "endLine": el, "endColumn": ec,
            "charOffset": e.start, "charLength": e.end - e.start}


def rules(result: Result) -> list[dict]:
    """One reportingDescriptor per distinct rule, in first-seen order."""
    seen: dict[str, dict] = {}
    for e in result.edits:
        if e.rule not in seen:
            seen[e.rule] = {"id": e.rule,
                            "shortDescription": {"text": e.reason or f"{e.original} -> {e.replacement}"},
                            "properties": {"lexicon": e.lexicon, "lexiconVersion": e.lexicon_version}}
    return list(seen.values())


def sarif_log(text: str, result: Result, path: str | None) -> dict:
    """The SARIF log of one input."""
    index, uri = LineIndex(text), artifact_uri(path)
    rule_list = rules(result)
    rule_index = {r["id"]: i for i, r in enumerate(rule_list)}
    results = []
    for e in result.edits:
        reg = region(e, index)
        results.append({
            "ruleId": e.rule,
            "ruleIndex": rule_index[e.rule],
            "level": "warning" if e.confidence >= WARNING_AT else "note",
            "message": {"text": message(e)},
            "locations": [{"physicalLocation": {"artifactLocation": {"uri": uri},
                                                "region": {**reg, "snippet": {"text": e.original}}}}],
            "fixes": [{"description": {"text": f"replace with {e.replacement!r}"},
                       "artifactChanges": [{"artifactLocation": {"uri": uri},
                                            "replacements": [{"deletedRegion": reg,
                                                              "insertedContent": {"text": e.replacement}}]}]}],
            "properties": {"confidence": e.confidence, "kind": e.kind, "alternatives": list(e.alternatives),
                           "lexicon": e.lexicon, "lexiconVersion": e.lexicon_version},
        })
    run = {"tool": {"driver": {"name": "unspin", "version": __version__, "rules": rule_list}},
           "columnKind": "unicodeCodePoints",
           "artifacts": [{"location": {"uri": uri}, "encoding": "utf-8", "length": utf8_len(text)}],
           "results": results}
    return {"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}


def format_sarif(text: str, result: Result, path: str | None) -> str:
    """The ``sarif`` entry of the CLI's format registry."""
    return json.dumps(sarif_log(text, result, path), ensure_ascii=False, indent=1) + "\n"
