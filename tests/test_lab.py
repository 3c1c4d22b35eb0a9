"""The explorer live in JupyterLab 4: a student's choice in the widget reaches the kernel.

Starts JupyterLab on 127.0.0.1 (in a temporary folder) and drives it in headless chromium.
"""

from __future__ import annotations

import pytest
from conftest import JUPYTER_TOKEN, jupyter_server, write_notebook

pytestmark = [pytest.mark.lab, pytest.mark.slow]


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    root = tmp_path_factory.mktemp("lab")
    write_notebook(
        root / "explore.ipynb",
        "from hersmell.widgets import InfluenceExplorer\nexplorer = InfluenceExplorer()\nexplorer",
        "print('CHOSEN:', explorer.influence, explorer.selected['title'])",
    )
    with jupyter_server(root) as base:
        yield base


def test_choice_in_the_live_widget_reaches_the_kernel(browser, lab):
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{lab}/lab/tree/explore.ipynb?token={JUPYTER_TOKEN}")
    page.wait_for_function(
        "window.jupyterapp && window.jupyterapp.shell.currentWidget "
        "&& window.jupyterapp.shell.currentWidget.sessionContext?.session?.kernel",
        timeout=90000,
    )
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
