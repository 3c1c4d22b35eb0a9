"""Skip build work whose inputs have not changed: a digest of the inputs, kept in a stamp file
next to the outputs. The edit loop's no-change build then costs only what Sphinx itself does."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from importlib.resources import files
from pathlib import Path


def digest(paths: Iterable[Path], *extra: str, root: Path | None = None) -> str:
    """One hash over each file's name (relative to ``root``) and bytes, and any extra strings."""
    h = hashlib.sha256()
    for p in sorted(paths):
        name = p.relative_to(root) if root else p
        h.update(str(name).encode() + b"\0" + p.read_bytes() + b"\0")
    for e in extra:
        h.update(e.encode() + b"\0")
    return h.hexdigest()


def source_files(root: Path, *folders: str) -> list[Path]:
    """Every file under ``root/folder`` for each folder; caches and the egg-info that building
    the wheel writes into src/ are left out."""
    return [
        p
        for d in folders
        for p in (root / d).rglob("*")
        if p.is_file()
        and p.suffix != ".pyc"
        and not any(x == "__pycache__" or x.endswith(".egg-info") for x in p.parts)
    ]


def package_inputs() -> list[Path]:
    """The package's code and its data: what anything made from the data tables depends on."""
    here = Path(__file__).parent
    return source_files(here, ".") + source_files(Path(str(files("hersmell.dataset"))), ".")


def is_fresh(stamp: Path, key: str, outputs: Iterable[Path]) -> bool:
    """Whether the outputs exist and were made from inputs with this digest."""
    return stamp.exists() and stamp.read_text() == key and all(p.exists() for p in outputs)
