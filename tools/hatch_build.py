"""Hatchling build hook: compiles the hot loop, src/unspin/_scan.c, into the package.

Wheels get the compiled module and a platform tag; an editable install gets it compiled next to the
source (src/unspin/), where the editable path finds it. setuptools' build_ext does the compiling, so the
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
except ImportError:  # imported for compile_extension alone (benchmarks/instructions.py), without hatchling
    BuildHookInterface = object  # type: ignore[assignment,misc]

SOURCE = Path("src/unspin/_scan.c")


def compile_extension(root: Path, dest_dir: Path) -> Path:
    """Compile unspin._scan; return the path of the built module, copied into ``dest_dir``."""
    from setuptools import Distribution, Extension
    from setuptools.command.build_ext import build_ext

    # MSVC takes neither flag (and compiles C99 as it is); gcc and clang get optimisation and the standard
    flags = [] if sys.platform == "win32" else ["-O2", "-std=c99"]
    ext = Extension("unspin._scan", [str(root / SOURCE)], extra_compile_args=flags)
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
            compile_extension(root, root / "src" / "unspin")
            return
        out_dir = Path(self.directory) / "native"
        out_dir.mkdir(parents=True, exist_ok=True)
        built = compile_extension(root, out_dir)
        build_data["force_include"][str(built)] = f"unspin/{built.name}"
