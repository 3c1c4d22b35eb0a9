"""Notebooks for class: each page's .ipynb download runs top to bottom in a fresh kernel from a
folder outside the repository, and the installed package carries its own data."""
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


@pytest.mark.slow
@pytest.mark.parametrize("page", toc_pages(), ids=lambda p: p.split("/")[-1])
def test_downloaded_notebook_runs_from_anywhere(site, tmp_path, page):
    download = site / "_sources" / f"{page}.ipynb"
    assert download.exists(), "the page offers no .ipynb download"
    html = (site / f"{page}.html").read_text(encoding="utf-8")
    assert f"_sources/{page}.ipynb" in html  # linked from the page's download menu
    copy = tmp_path / download.name
    shutil.copy(download, copy)
    nb = nbformat.read(copy, as_version=4)
    assert not any(cell.get("outputs") for cell in nb.cells if cell.cell_type == "code")  # a clean notebook
    NotebookClient(nb, timeout=180, kernel_name="python3",
                   resources={"metadata": {"path": str(tmp_path)}}).execute()
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"]
    assert errors == []


@pytest.mark.slow
def test_installed_package_finds_its_data_without_the_repo(tmp_path):
    """A wheel of the guide's package, installed elsewhere, loads and validates its own data."""
    subprocess.run([sys.executable, "-m", "pip", "wheel", str(ROOT), "--no-deps", "-q", "-w", str(tmp_path / "w")],
                   check=True, capture_output=True)
    wheel = next((tmp_path / "w").glob("hersmell-*.whl"))
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(tmp_path / "site"),
                    str(wheel)], check=True, capture_output=True)
    code = ("import hersmell, json; t = hersmell.load(); "
            "print(json.dumps([hersmell.__file__, len(t['passages']), str(hersmell.datapackage.data_dir())]))")
    out = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, check=True,
                         env={"PYTHONPATH": str(tmp_path / "site"), "PATH": "/usr/bin:/bin"}).stdout
    module, passages, data = __import__("json").loads(out)
    assert module.startswith(str(tmp_path / "site")) and data.startswith(str(tmp_path / "site"))
    assert passages == len(__import__("expected").rows("passages"))
