"""The stock one-page Jupyter Book that the audit and the bench measure ours against: same
jupyter-book, same theme, no customisation."""

import json
import shutil
import subprocess
import sys
import tempfile
from importlib.metadata import version
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCES = {
    "_config.yml": 'title: Stock\nexecute:\n  execute_notebooks: "off"\n',
    "_toc.yml": "format: jb-book\nroot: intro\n",
    "intro.md": "# Welcome to your Jupyter Book\n\nThis is a small sample book to give you a feel for how book "
    "content is structured.\n\n## A second heading\n\nThe stock page every page of ours is shown "
    "beside: same theme, same version, no customisation.\n",
}
JUPYTER_BOOK = str(Path(sys.executable).parent / "jupyter-book")


def write_sources(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in SOURCES.items():
        (folder / name).write_text(text)
    return folder


def built_site(cache: Path = ROOT / "_build" / "audit-stock") -> Path:
    """The stock book's HTML, built once per jupyter-book version and kept in ``cache``."""
    stamp = json.dumps({"jupyter_book": version("jupyter-book"), "sources": SOURCES})
    html = cache / "html"
    if (html / "intro.html").exists() and (cache / "stamp.json").read_text() == stamp:
        return html
    with tempfile.TemporaryDirectory(prefix="stock-book-") as tmp:
        subprocess.run(
            [JUPYTER_BOOK, "build", str(write_sources(Path(tmp)))], check=True, capture_output=True, timeout=600
        )
        shutil.rmtree(cache, ignore_errors=True)
        shutil.copytree(Path(tmp) / "_build" / "html", html)
    (cache / "stamp.json").write_text(stamp)
    return html
