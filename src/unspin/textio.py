"""Reading input bytes robustly and writing output atomically.

Input is decoded as UTF-8 (a BOM is kept as text, so it is written back). Bad bytes are an error
naming the file and byte offset unless an ``errors`` policy says otherwise; ``surrogateescape`` keeps
the bad bytes and writes them back unchanged. NUL bytes mark binary files, which are refused. Input
refused that starts with a UTF-16 or UTF-32 byte-order mark is named as such, with the command that
converts it.
"""

from __future__ import annotations

import codecs
import contextlib
import os
import stat
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import IO

ERROR_POLICIES = ("strict", "replace", "surrogateescape")


class InputError(Exception):
    """An input that cannot be processed; the message names the file (and line or byte)."""


# The byte-order marks of the Unicode encodings a UTF-8 reader meets by mistake (Windows tools write
# UTF-16 with one). UTF-32 first: its little-endian mark begins with UTF-16's.
_OTHER_ENCODINGS = ((codecs.BOM_UTF32_LE, "UTF-32"), (codecs.BOM_UTF32_BE, "UTF-32"),
                    (codecs.BOM_UTF16_LE, "UTF-16"), (codecs.BOM_UTF16_BE, "UTF-16"))


def refusal(name: str, line: int, reason: str, head: bytes) -> InputError:
    """The error for input refused for ``reason`` at ``line``. When ``head``, the input's first bytes,
    starts with a UTF-16 or UTF-32 byte-order mark, the reason was that encoding (its NUL bytes or
    bytes that are not UTF-8): the error says so, and how to convert it.

    >>> print(refusal("x.txt", 1, "NUL byte at byte 3: binary file refused", "Hi".encode("utf-16")))
    x.txt:1: UTF-16 text, not UTF-8 (it starts with a UTF-16 byte-order mark): ... iconv -f UTF-16 -t UTF-8
    >>> print(refusal("x.txt", 2, "NUL byte at byte 9: binary file refused", b"Hi"))
    x.txt:2: NUL byte at byte 9: binary file refused
    """
    for mark, encoding in _OTHER_ENCODINGS:
        if head.startswith(mark):
            return InputError(f"{name}:1: {encoding} text, not UTF-8 (it starts with a {encoding} byte-order "
                              f"mark): convert it first, e.g. iconv -f {encoding} -t UTF-8")
    return InputError(f"{name}:{line}: {reason}")


def decode(data: bytes, name: str, errors: str = "strict") -> str:
    """Bytes to text under an error policy.

    >>> decode(b"caf\\xc3\\xa9", "x.txt")
    'café'
    >>> decode(b"ab\\xff", "x.txt")
    Traceback (most recent call last):
    ...
    unspin.textio.InputError: x.txt:1: invalid UTF-8 at byte 2 (use --errors=replace or surrogateescape)
    """
    nul = data.find(b"\0")
    if nul >= 0:
        line = data.count(b"\n", 0, nul) + 1
        raise refusal(name, line, f"NUL byte at byte {nul}: binary file refused", data)
    try:
        return data.decode("utf-8", errors)
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise refusal(name, line, f"invalid UTF-8 at byte {exc.start} (use --errors=replace or surrogateescape)",
                      data) from None


def encode(text: str, errors: str = "strict") -> bytes:
    """Text to UTF-8; surrogate escapes are written back as the original bytes."""
    return text.encode("utf-8", "surrogateescape" if errors == "surrogateescape" else "strict")


def read_input(path: str, errors: str = "strict") -> str:
    """Read a file (``-`` for stdin) as text."""
    name = "<stdin>" if path == "-" else path
    try:
        data = sys.stdin.buffer.read() if path == "-" else Path(path).read_bytes()
    except IsADirectoryError:
        raise InputError(f"{name}: is a directory") from None
    except OSError as exc:
        raise InputError(f"{name}: {exc.strerror or exc}") from None
    return decode(data, name, errors)


def check_output_path(path: str) -> None:
    """InputError when ``path`` cannot become an output file: a directory, or in a missing directory.

    Checked before any work, so a long run does not end in a traceback at the final rename.

    >>> check_output_path("/")
    Traceback (most recent call last):
    ...
    unspin.textio.InputError: /: is a directory
    """
    target = Path(path)
    if target.is_dir():
        raise InputError(f"{path}: is a directory")
    parent = target.parent
    if not parent.is_dir():
        raise InputError(f"{path}: no such directory: {parent}")


@contextlib.contextmanager
def atomic_output(path: str) -> Iterator[IO[bytes]]:
    """A binary file that replaces ``path`` only when the block ends without an error, so readers
    never see a partial file; written as it goes, so memory stays flat. A device or a pipe
    (``/dev/null``, a FIFO) is written in place: replacing it would put a regular file where it was.

    >>> import tempfile, pathlib
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "out.txt"
    >>> with atomic_output(str(target)) as fh:
    ...     _ = fh.write(b"done")
    >>> target.read_bytes()
    b'done'
    """
    target = Path(path)
    if _is_stream(target):  # a device or a pipe (-o /dev/null): written in place, never replaced
        with open(target, "wb") as fh:
            yield fh
        return
    import tempfile  # only a file output needs it: kept off the start-up of a pipe

    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent or ".")
    try:
        with os.fdopen(fd, "wb") as fh:
            yield fh
        with contextlib.suppress(OSError):
            os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _is_stream(target: Path) -> bool:
    """Whether ``target`` exists and is something other than a regular file or a directory."""
    try:
        mode = target.stat().st_mode
    except OSError:
        return False
    return not (stat.S_ISREG(mode) or stat.S_ISDIR(mode))


def write_atomic(path: str, data: bytes) -> None:
    """Write a whole file atomically (see :func:`atomic_output`)."""
    with atomic_output(path) as fh:
        fh.write(data)
