"""The explorer live in JupyterLab 4: a student's choice in the widget reaches the kernel.

Starts JupyterLab on 127.0.0.1 (in a temporary folder) and drives it in headless chromium.
"""
from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import nbformat
import pytest

TOKEN = "hersmell-test"
pytestmark = [pytest.mark.lab, pytest.mark.slow]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    root = tmp_path_factory.mktemp("lab")
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.cells = [nbformat.v4.new_code_cell("from hersmell.widgets import InfluenceExplorer\n"
                                          "explorer = InfluenceExplorer()\nexplorer"),
                nbformat.v4.new_code_cell("print('CHOSEN:', explorer.influence, explorer.selected['title'])")]
    nbformat.write(nb, root / "explore.ipynb")
    port = free_port()
    proc = subprocess.Popen([str(Path(sys.executable).parent / "jupyter"), "lab", "--no-browser",
                             f"--port={port}", "--ServerApp.ip=127.0.0.1", f"--IdentityProvider.token={TOKEN}",
                             "--LabApp.expose_app_in_browser=True", f"--ServerApp.root_dir={root}", "--allow-root"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    for _ in range(120):
        try:
            urllib.request.urlopen(f"{base}/api/status?token={TOKEN}", timeout=1)
            break
        except OSError:
            time.sleep(0.5)
    else:
        proc.kill()
        pytest.fail("JupyterLab did not start")
    yield base
    proc.terminate()
    proc.wait(timeout=30)


def test_choice_in_the_live_widget_reaches_the_kernel(browser, lab):
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{lab}/lab/tree/explore.ipynb?token={TOKEN}")
    page.wait_for_function("window.jupyterapp && window.jupyterapp.shell.currentWidget "
                           "&& window.jupyterapp.shell.currentWidget.sessionContext?.session?.kernel",
                           timeout=90000)
    page.evaluate("window.jupyterapp.commands.execute('notebook:run-all-cells')")
    explorer = page.locator(".jp-OutputArea .hs-explorer").first
    explorer.locator(".hs-card-title").wait_for(timeout=90000)
    explorer.locator("select.hs-list").select_option("showgirls")
    assert explorer.locator(".hs-card-title").inner_text() == "Showgirls"
    page.wait_for_timeout(500)  # the change travels to the kernel over the widget comm
    page.locator(".jp-Notebook .jp-Cell").nth(1).click()
    page.evaluate("window.jupyterapp.commands.execute('notebook:run-cell')")
    out = page.locator(".jp-Notebook .jp-Cell").nth(1).locator(".jp-OutputArea-output")
    out.wait_for(timeout=30000)
    assert "CHOSEN: showgirls Showgirls" in out.inner_text()
    context.close()
