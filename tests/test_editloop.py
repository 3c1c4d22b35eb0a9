"""The edit loop (`make book`): re-reads only what changed, and never hides a warning.

Each test runs the real Makefile and our real _config.yml on a small copy of the book in a
temporary folder (three plain pages, so no notebook runs), with this checkout's environment.
How long a build takes is measured by `make bench`, not here.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
VENV = Path(sys.executable).parent.parent

PAGES = {
    "index.md": "# A small book\n\nStart with {ref}`first`, then {doc}`b`.\n",
    "a.md": "(first)=\n# First page\n\nSome text.\n",
    "b.md": "# Second page\n\nBack to {ref}`the first page <first>`.\n",
}


@pytest.fixture
def book(tmp_path) -> Path:
    book = tmp_path / "book"
    book.mkdir()
    for name in ("Makefile", "_config.yml", "requirements.txt", "pyproject.toml"):
        shutil.copy2(ROOT / name, book / name)
    for folder in ("_static", "data", "src"):
        shutil.copytree(ROOT / folder, book / folder, ignore=shutil.ignore_patterns("__pycache__"))
    tools = book / "tools" / "build"
    tools.mkdir(parents=True)
    for item in (ROOT / "tools" / "build").iterdir():
        if item.name == "node_modules":
            (tools / "node_modules").symlink_to(item)
        else:
            shutil.copy2(item, tools / item.name)
    (book / "chapters").mkdir()
    for name, text in PAGES.items():
        (book / "chapters" / name).write_text(text)
    write_toc(book, ["a", "b"])
    return book


def write_toc(book: Path, chapters: list[str]) -> None:
    entries = "".join(f"      - file: chapters/{c}\n" for c in chapters)
    (book / "_toc.yml").write_text(
        f"format: jb-book\nroot: chapters/index\nparts:\n  - caption: Pages\n    chapters:\n{entries}"
    )


def make_book(book: Path) -> subprocess.CompletedProcess:
    stamp = VENV / ".installed"  # this checkout's environment, never reinstalled from here
    env = dict(os.environ, NO_COLOR="1")
    return subprocess.run(
        ["make", "--no-print-directory", "-o", str(stamp), "book", f"VENV={VENV}"],
        cwd=book,
        capture_output=True,
        text=True,
        timeout=900,
        env=env,
    )


def log(result) -> str:
    return result.stdout + result.stderr


def built(book: Path) -> subprocess.CompletedProcess:
    result = make_book(book)
    assert result.returncode == 0, log(result)[-4000:]
    return result


def test_a_change_to_one_page_rereads_that_page_only(book):
    built(book)
    again = built(book)
    assert "0 added, 0 changed, 0 removed" in log(again)
    (book / "chapters" / "b.md").write_text(PAGES["b.md"] + "\nOne more sentence.\n")
    touched = built(book)
    assert "0 added, 1 changed, 0 removed" in log(touched)
    assert "One more sentence." in (book / "_build/html/chapters/b.html").read_text()


def test_a_broken_reference_fails_every_build_until_it_is_fixed(book):
    """Break a reference in one chapter: that build fails, and so does the next, with no change."""
    built(book)
    (book / "chapters" / "b.md").write_text(PAGES["b.md"] + "\nSee {ref}`no-such-label`.\n")
    for attempt in ("the build after the edit", "a build with no change"):
        result = make_book(book)
        assert result.returncode != 0, f"{attempt} passed"
        assert "no-such-label" in log(result), f"{attempt} did not name the broken reference"
    (book / "chapters" / "b.md").write_text(PAGES["b.md"])
    built(book)  # the control: fixed, it builds


def test_renaming_a_label_fails_the_page_that_links_to_it(book):
    """Only a.md changes, but b.md (unchanged) now links to nothing: its warning is not hidden."""
    built(book)
    (book / "chapters" / "a.md").write_text(PAGES["a.md"].replace("(first)=", "(renamed)="))
    for attempt in ("the build after the edit", "a build with no change"):
        result = make_book(book)
        assert result.returncode != 0, f"{attempt} passed"
        assert "first" in log(result) and "chapters/b" in log(result), log(result)[-3000:]


def test_the_html_folder_is_emptied_only_when_the_toc_or_config_changes(book):
    built(book)
    stale = book / "_build" / "html" / "chapters" / "stale.html"
    stale.write_text("left over")
    built(book)
    assert stale.exists()  # an ordinary build keeps the folder (and what it need not rewrite)
    write_toc(book, ["a"])
    (book / "chapters" / "index.md").write_text("# A small book\n\nStart with {ref}`first`.\n")
    (book / "chapters" / "b.md").unlink()
    built(book)
    assert not stale.exists() and not (book / "_build/html/chapters/b.html").exists()


def test_a_no_change_build_keeps_the_numbers_of_figures_and_tables(book):
    """A build that reads no page keeps last build's figure numbers (hersmell.editloop skips
    Sphinx's walk over every saved page). A page written again from its saved doctree, with
    nothing read, must still print the number: if the numbers were lost, {numref} would warn
    and the build would fail."""
    table = ":::{list-table} Who said it\n:name: tbl-speakers\n\n* - Perry\n  - director\n:::\n"
    (book / "chapters" / "a.md").write_text(PAGES["a.md"] + "\n" + table)
    (book / "chapters" / "b.md").write_text(PAGES["b.md"] + "\nSee {numref}`tbl-speakers`.\n")
    built(book)
    page = book / "_build/html/chapters/b.html"
    assert "Table 1" in page.read_text()
    page.unlink()  # written again, not read again: Sphinx resolves {numref} from saved numbers
    again = built(book)
    assert "0 added, 0 changed, 0 removed" in log(again)
    assert "Table 1" in page.read_text()


def test_the_book_extensions_load_without_pandas_or_widget_libraries():
    """What a no-change build imports: our Sphinx extensions stay light (pandas, anywidget and
    matplotlib are loaded only when a page is read or a notebook runs)."""
    config = (ROOT / "_config.yml").read_text()
    ours = sorted(set(re.findall(r"^\s*- (hersmell\.[a-z0-9_]+)", config, re.M)))
    assert len(ours) >= 10, ours
    code = f"import sys, importlib\nfor m in {ours!r}: importlib.import_module(m)\n" + (
        "print(sorted(m for m in ('pandas', 'anywidget', 'ipywidgets', 'matplotlib') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]", out.stdout


NOTEBOOK_HEADER = (
    "---\njupytext:\n  text_representation:\n    extension: .md\n    format_name: myst\n"
    "kernelspec:\n  display_name: Python 3\n  language: python\n  name: python3\n---\n"
)
CODE = "\n```{code-cell} python\n1 + 1\n```\n"


def test_a_notebook_is_made_again_only_when_its_page_or_what_it_links_to_changed(book):
    """The classroom notebooks come from the pages Sphinx wrote; an unchanged page's notebook is
    kept, unless a link into it is new (its notebook then needs an anchor there). What the
    incremental export leaves is exactly what a full export makes."""
    pages = {
        "a.md": PAGES["a.md"] + "\n(aside)=\nAn aside nothing links to yet.\n",
        "b.md": PAGES["b.md"],
    }
    for name, text in pages.items():
        (book / "chapters" / name).write_text(NOTEBOOK_HEADER + text + CODE)
    built(book)
    kept = {p: (book / "_build" / ".notebooks" / "student" / f"{p}.ipynb") for p in ("a", "b")}
    stamp = {p: kept[p].stat().st_mtime_ns for p in kept}

    (book / "chapters" / "b.md").write_text(NOTEBOOK_HEADER + pages["b.md"] + "\nOne more sentence.\n" + CODE)
    result = built(book)
    assert "classroom notebooks: 1 of 2 pages made again" in log(result), log(result)[-3000:]
    assert kept["a"].stat().st_mtime_ns == stamp["a"]  # a is as the first build left it
    assert "One more sentence." in (book / "_build/html/_sources/chapters/b.ipynb").read_text()

    link = "\nSee {ref}`the aside <aside>`.\n"
    (book / "chapters" / "b.md").write_text(NOTEBOOK_HEADER + pages["b.md"] + link + CODE)
    result = built(book)
    assert "classroom notebooks: 2 of 2 pages made again" in log(result), log(result)[-3000:]
    cells = json.loads(kept["a"].read_text())["cells"]
    assert any('<a id="aside"></a>' in "".join(c["source"]) for c in cells)  # a gained the link's target

    made = book / "_build" / ".notebooks"
    incremental = {p.relative_to(made): json.loads(p.read_text()) for p in made.rglob("*.ipynb")}
    assert len(incremental) == 4  # a and b, student and teacher
    shutil.rmtree(book / "_build" / ".notebooks")  # no cache: the next build makes every notebook
    (book / "_build/html/_sources/.notebooks").unlink()
    result = built(book)
    assert "classroom notebooks: 2 of 2 pages made again" in log(result), log(result)[-3000:]
    full = {p.relative_to(made): json.loads(p.read_text()) for p in made.rglob("*.ipynb")}
    assert incremental == full
