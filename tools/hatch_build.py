"""Hatchling build hook: compiles unspin's C modules into the package: src/unspin/_scan.c (the hot loop),
src/unspin/_records.c (records made without their __init__), src/unspin/_wordscan.c (word-level scans
for normalization), src/unspin/_decide.c (scoring and ranking candidates) and src/unspin/_edits.c (loops
over lists of edits); _decide.c and _edits.c include src/unspin/_slots.h.

Wheels get the compiled modules and a platform tag; an editable install gets them compiled next to the
source (src/unspin/), where the editable path finds them. setuptools' build_ext does the compiling, so the
platform's compiler and flags are the ones Python itself was built with. Building needs a C compiler and
Python's headers (on Debian: gcc and python3-dev).
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

try:
    from hatchling.builders.hooks.plugin.interface import BuildHookInterface
except ImportError:  # imported for compile_extensions alone (benchmarks/instructions.py), without hatchling
    BuildHookInterface = object  # type: ignore[assignment,misc]

MODULES = {"unspin._scan": Path("src/unspin/_scan.c"), "unspin._records": Path("src/unspin/_records.c"),
           "unspin._wordscan": Path("src/unspin/_wordscan.c"), "unspin._decide": Path("src/unspin/_decide.c"),
           "unspin._edits": Path("src/unspin/_edits.c")}


def compile_extensions(root: Path, dest_dir: Path) -> list[Path]:
    """Compile each of MODULES whose source exists under ``root`` (an older checkout may have fewer);
    return the paths of the built modules, copied into ``dest_dir``."""
    return [compile_extension(root, dest_dir, name, source) for name, source in MODULES.items()
            if (root / source).exists()]


def compile_extension(root: Path, dest_dir: Path, name: str, source: Path) -> Path:
    """Compile one module; return the path of the built module, copied into ``dest_dir``."""
    from setuptools import Distribution, Extension
    from setuptools.command.build_ext import build_ext

    # MSVC takes neither flag (and compiles C99 as it is); gcc and clang get optimisation and the standard.
    # -O3, the level CPython itself is usually built with: these flags come after Python's own, so -O2 here
    # lowered it (benchmarks/instructions.py, one spun explain of 300 KB: 251 -> 247M instructions; docs/speed.md)
    flags = [] if sys.platform == "win32" else ["-O3", "-std=c99"]
    ext = Extension(name, [str(root / source)], extra_compile_args=flags)
    with tempfile.TemporaryDirectory() as tmp:
        dist = Distribution({"name": "unspin", "ext_modules": [ext]})
        cmd = build_ext(dist)
        cmd.build_lib = str(Path(tmp) / "lib")
        cmd.build_temp = str(Path(tmp) / "temp")
        cmd.ensure_finalized()
        cmd.run()
        built = Path(cmd.get_ext_fullpath(ext.name))
        target = dest_dir / built.name
        # a new file renamed over the old one: a process running unspin keeps the module it mapped,
        # where rewriting the file in place would crash it
        partial = dest_dir / (built.name + ".partial")
        shutil.copyfile(built, partial)
        os.replace(partial, target)
    return target


class NativeBuildHook(BuildHookInterface):
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict) -> None:
        root = Path(self.root)
        build_data["pure_python"] = False
        build_data["infer_tag"] = True
        if version == "editable":
            compile_extensions(root, root / "src" / "unspin")
            return
        out_dir = Path(self.directory) / "native"
        out_dir.mkdir(parents=True, exist_ok=True)
        for built in compile_extensions(root, out_dir):
            build_data["force_include"][str(built)] = f"unspin/{built.name}"
