"""Notebooks for class: each page's .ipynb download is the classroom bundle's student notebook
(test_bundle.py runs every one in a fresh venv); one runs here from a folder outside the
repository; the built wheel, installed elsewhere, carries its own data."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from conftest import toc_pages
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("page", toc_pages(), ids=lambda p: p.split("/")[-1])
def test_each_page_offers_its_notebook_for_plain_jupyter(site, page):
    download = site / "_sources" / f"{page}.ipynb"
    assert download.exists(), "the page offers no .ipynb download"
    html = (site / f"{page}.html").read_text(encoding="utf-8")
    assert f"_sources/{page}.ipynb" in html  # linked from the page's download menu
    nb = nbformat.read(download, as_version=4)
    assert not any(cell.get("outputs") for cell in nb.cells if cell.cell_type == "code")  # a clean notebook
    assert "jupytext" not in nb.metadata  # a plain notebook, not paired to a .md file
    bundled = ROOT / "_build" / "classroom" / "student" / f"{Path(page).name}.ipynb"
    assert download.read_bytes() == bundled.read_bytes()  # the same student notebook as in the bundle


def test_a_downloaded_notebook_runs_from_anywhere(site, tmp_path):
    copy = tmp_path / "05-performance.ipynb"
    shutil.copy(site / "_sources" / "chapters" / "05-performance.ipynb", copy)
    nb = nbformat.read(copy, as_version=4)
    NotebookClient(nb, timeout=180, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}).execute()
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"]
    assert errors == []


def test_installed_package_finds_its_data_without_the_repo(tmp_path):
    """The wheel `make book` builds, installed elsewhere, loads and validates its own data."""
    wheel = next((ROOT / "_build" / "classroom" / "wheel").glob("hersmell-*.whl"))
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(tmp_path / "site"), str(wheel)],
        check=True,
        capture_output=True,
    )
    code = (
        "import hersmell, json; t = hersmell.load(); "
        "print(json.dumps([hersmell.__file__, len(t['passages']), str(hersmell.datapackage.data_dir())]))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
        env={"PYTHONPATH": str(tmp_path / "site"), "PATH": "/usr/bin:/bin"},
    ).stdout
    module, passages, data = __import__("json").loads(out)
    assert module.startswith(str(tmp_path / "site")) and data.startswith(str(tmp_path / "site"))
    assert passages == len(__import__("expected").rows("passages"))
