"""``--format word-diff``: the input with each edit inline as ``[-old-]{+new+}``, like ``git diff --word-diff``.

>>> from unspin.model import Edit, Result
>>> r = Result("Japanese Prime Minister", (Edit(0, 3, "Jap", "Japanese"), Edit(4, 7, "Top", "Prime")))
>>> word_diff("Jap Top Minister", r)
'[-Jap-]{+Japanese+} [-Top-]{+Prime+} Minister'
"""

from __future__ import annotations

import os
import sys

from ..model import Edit, Result

# SGR codes as git uses them: deletions red, insertions green; reset after each marker so that
# a line cut by a pager or `head` never leaves the terminal coloured.
RED, GREEN, RESET = "\x1b[31m", "\x1b[32m", "\x1b[m"
COLOR_MODES = ("auto", "always", "never")
_color_mode = "auto"


def set_color(mode: str, to_file: bool = False) -> None:
    """Choose colouring for the CLI formatter: ``auto`` (a terminal on stdout and no ``NO_COLOR``),
    ``always`` or ``never``. Output going to a file (``-o``) is never a terminal."""
    global _color_mode
    if mode not in COLOR_MODES:
        raise ValueError(f"color must be one of {', '.join(COLOR_MODES)}")
    _color_mode = "never" if (to_file and mode == "auto") else mode


def use_color(mode: str | None = None, stream=None) -> bool:
    """Whether to colour: ``always``/``never`` decide; ``auto`` asks whether ``stream`` is a terminal
    (https://no-color.org: a non-empty ``NO_COLOR`` turns colour off)."""
    mode = mode or _color_mode
    if mode != "auto":
        return mode == "always"
    if os.environ.get("NO_COLOR"):
        return False
    stream = stream or sys.stdout
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def mark(e: Edit, color: bool = False) -> str:
    """One edit as ``[-old-]{+new+}`` (an empty side is left out), optionally coloured.

    >>> mark(Edit(5, 5, "", " "))
    '{+ +}'
    """
    out = []
    if e.original:
        out.append(f"{RED}[-{e.original}-]{RESET}" if color else f"[-{e.original}-]")
    if e.replacement:
        out.append(f"{GREEN}{{+{e.replacement}+}}{RESET}" if color else f"{{+{e.replacement}+}}")
    return "".join(out)


def word_diff(text: str, result: Result, color: bool = False) -> str:
    """The whole input with every edit of ``result`` marked inline; text between edits is unchanged."""
    parts, pos = [], 0
    for e in sorted(result.edits, key=lambda e: (e.start, e.end)):
        parts.append(text[pos:e.start])
        parts.append(mark(e, color))
        pos = e.end
    parts.append(text[pos:])
    return "".join(parts)


def format_word_diff(text: str, result: Result, path: str | None) -> str:
    """The ``word-diff`` entry of the CLI's format registry."""
    return word_diff(text, result, color=use_color())
