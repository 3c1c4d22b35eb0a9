"""The classroom bundle in real front ends: JupyterLab 4 and Notebook 7, in headless chromium.

Both run from the fresh venv made from the bundle's requirements.txt (plus JupyterLab and
Notebook 7 at the repo's pins) on a copy of the unzipped bundle. For a theme chapter and the
Influences chapter: *Run all* runs every cell without an error; the explorer is a live widget
(the widget view, not the static fallback) that responds to a choice, and the choice reaches the
kernel; the rendered Markdown shows no MyST, no placeholders and no answers. Screenshots of each
are left in _build/frontends/ to look at.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from bundle_env import FRONT_ENDS, ROOT
from conftest import JUPYTER_TOKEN, jupyter_server

TOKEN = JUPYTER_TOKEN
SHOTS = ROOT / "_build" / "frontends"
CHAPTERS = ["05-performance.ipynb", "13-influences.ipynb"]  # a theme chapter and the Influences chapter
WIDGET_MIME = "application/vnd.jupyter.widget-view+json"
LEFTOVERS = re.compile(
    r"\{glue|\{ref\}|\{term\}|\{cite|\{only\}|\{influence-index\}|:::|```\{|\{[a-z][\w:-]*\}`"
    r"|Unknown Directive|No renderer could be found|_n_passages|n_influences"
)


@dataclass
class FrontEnd:
    kind: str
    base: str
    root: Path

    def url(self, name: str) -> str:
        if self.kind == "jupyterlab":  # ?reset: a fresh workspace, no tabs restored from an earlier test
            return f"{self.base}/lab/tree/{name}?reset&token={TOKEN}"
        return f"{self.base}/notebooks/{name}?token={TOKEN}"


@pytest.fixture(scope="module", params=FRONT_ENDS)
def front_end(request, classroom, tmp_path_factory):
    kind = request.param
    where = tmp_path_factory.mktemp(kind)
    root = shutil.copytree(classroom.folder, where / "class")
    home = where / "home"  # no settings or extensions from this machine's user folders
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("JUPYTER", "VIRTUAL_ENV"))},
        "HOME": str(home),
        "JUPYTER_CONFIG_DIR": str(home / "config"),
        "JUPYTER_DATA_DIR": str(home / "data"),
        "JUPYTER_RUNTIME_DIR": str(home / "runtime"),
    }
    app = "lab" if kind == "jupyterlab" else "notebook"
    with jupyter_server(root, app, python=classroom.python, env=env) as base:
        yield FrontEnd(kind, base, root)


NOTEBOOK = "window.jupyterapp.shell.currentWidget"
READY = (
    f"window.jupyterapp && {NOTEBOOK} && {NOTEBOOK}.content && {NOTEBOOK}.sessionContext?.session?.kernel"
    f" && {NOTEBOOK}.sessionContext.session.kernel.connectionStatus === 'connected'"
    f" && {NOTEBOOK}.sessionContext.session.kernel.status === 'idle'"
)
ALL_RUN = (
    f"(() => {{ const nb = {NOTEBOOK}; const cells = nb.content.widgets;"
    " const code = cells.filter(c => c.model.type === 'code');"
    " return nb.sessionContext.session.kernel.status === 'idle'"
    " && code.every(c => c.model.executionCount !== null); })()"
)
ERRORS = (
    f"(() => {{ const out = []; for (const c of {NOTEBOOK}.content.widgets) {{"
    " if (c.model.type !== 'code') continue;"
    " for (let i = 0; i < c.model.outputs.length; i++) { const o = c.model.outputs.get(i).toJSON();"
    " if (o.output_type === 'error' || (o.output_type === 'stream' && o.name === 'stderr'))"
    " out.push(JSON.stringify(o).slice(0, 600)); } } return out; })()"
)
KERNEL_SAYS = (
    f"async (code) => {{ const k = {NOTEBOOK}.sessionContext.session.kernel; let text = '';"
    " const f = k.requestExecute({code, store_history: false});"
    " f.onIOPub = (m) => { if (m.header.msg_type === 'stream') text += m.content.text; };"
    " await f.done; return text; }"
)
READ_CHOICE = (
    "import ipywidgets.widgets.widget as w\n"
    "from hersmell.widgets import InfluenceExplorer\n"
    "print([x.influence for x in list(w._instances.values()) if isinstance(x, InfluenceExplorer)])"
)


def open_and_run(page, front_end: FrontEnd, name: str) -> None:
    page.goto(front_end.url(name))
    page.wait_for_function(f"({READY}) && {NOTEBOOK}.context.path === '{name}'", timeout=120000)
    # the command acts on the active notebook: make sure it is this one (Lab restores other tabs)
    page.evaluate(f"window.jupyterapp.shell.activateById({NOTEBOOK}.id)")
    page.wait_for_timeout(500)
    page.evaluate("window.jupyterapp.commands.execute('notebook:run-all-cells')")
    try:
        page.wait_for_function(ALL_RUN, timeout=180000, polling=500)
    except Exception:
        state = page.evaluate(
            f"[{NOTEBOOK}.sessionContext.session.kernel.status, {NOTEBOOK}.content.widgets"
            ".filter(c => c.model.type === 'code').map(c => c.model.executionCount)]"
        )
        shoot(page, front_end, name, "unfinished")
        pytest.fail(
            f"{front_end.kind}: Run all did not finish in {name}: kernel {state[0]}, execution counts"
            f" {state[1]}; errors: {errors(page)}"
        )


def errors(page) -> list[str]:
    """Error and stderr outputs, less the one note a fresh matplotlib prints on its first import."""
    return [e for e in page.evaluate(ERRORS) if "Matplotlib is building the font cache" not in e]


def rendered_markdown(page) -> str:
    """The text of every rendered Markdown cell (scrolled through, so windowed cells render too)."""
    texts = {}
    count = page.evaluate(f"{NOTEBOOK}.content.widgets.length")
    for i in range(count):
        page.evaluate(f"{NOTEBOOK}.content.scrollToItem ? {NOTEBOOK}.content.scrollToItem({i}) : null")
        cells = page.locator(".jp-Notebook .jp-MarkdownCell .jp-RenderedMarkdown")
        for j in range(cells.count()):
            texts.setdefault(cells.nth(j).inner_text(), None)
    return "\n".join(texts)


def shoot(page, front_end: FrontEnd, name: str, what: str, locator=None) -> Path:
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"{front_end.kind}-{Path(name).stem}-{what}.png"
    if locator is not None:
        locator.scroll_into_view_if_needed()
    page.screenshot(path=str(path))
    return path


@pytest.mark.bundle
@pytest.mark.parametrize("name", CHAPTERS)
def test_chapter_runs_and_its_explorer_is_live(browser, front_end, name):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page_errors = []
    page.on("pageerror", lambda e: page_errors.append(str(e)))
    open_and_run(page, front_end, name)
    assert errors(page) == []

    # the explorer is the live widget view, and it responds
    # (a widget view is a Lumino widget of its own; the static fallback would be text/html)
    explorer = page.locator(".jp-OutputArea-output > .hs-explorer.lm-Widget").first
    explorer.locator(".hs-card-title").wait_for(timeout=60000)
    assert page.locator('[data-mime-type="text/html"] .hs-explorer').count() == 0
    assert page.evaluate(
        f"{NOTEBOOK}.content.widgets.some(c => c.model.type === 'code' && [...Array("
        f"c.model.outputs.length).keys()].some(i => '{WIDGET_MIME}' in "
        "(c.model.outputs.get(i).toJSON().data || {})))"
    )
    shoot(page, front_end, name, "explorer", explorer)
    options = explorer.locator("select.hs-list option")
    assert options.count() >= 2
    before = explorer.locator(".hs-card-title").inner_text()
    value = next(
        v
        for v in (options.nth(i).get_attribute("value") for i in range(options.count()))
        if v and v != explorer.locator("select.hs-list").input_value()
    )
    explorer.locator("select.hs-list").select_option(value)
    page.wait_for_function(
        "(t) => document.querySelector('.jp-OutputArea-output > .hs-explorer .hs-card-title').textContent.trim() !== t",
        arg=before.strip(),
        timeout=10000,
    )  # it responds

    # the choice reached the kernel
    deadline = time.time() + 15
    while time.time() < deadline:
        said = page.evaluate(KERNEL_SAYS, READ_CHOICE)
        if value in said:
            break
        page.wait_for_timeout(300)
    assert value in said, said

    # what a student reads: no MyST, no glue names, no answers, no "no renderer" boxes
    text = rendered_markdown(page)
    assert len(text) > 1500
    assert LEFTOVERS.findall(text) == []
    # the student bundle has no answers in its Markdown (the quiz widget's own "compare with a model
    # answer" disclosure, shown after a student writes, is part of the self-check, not a leak)
    assert page.locator(".jp-MarkdownCell details").count() == 0
    assert "Model answer" not in text
    body = page.locator(".jp-Notebook").inner_text()
    assert "No renderer could be found" not in body and "Error displaying widget" not in body
    if name == "13-influences.ipynb":
        assert re.search(r"The guide counts \d+ of them", text)
    page.evaluate(f"{NOTEBOOK}.content.scrollToItem ? {NOTEBOOK}.content.scrollToItem(0) : null")
    shoot(page, front_end, name, "top", page.locator(".jp-Notebook .jp-MarkdownCell").first)
    heading = page.locator(".jp-Notebook .jp-RenderedMarkdown h2").filter(
        has_text="Self-check" if name.startswith("05") else "Every influence"
    )
    if heading.count():
        shoot(page, front_end, name, "later", heading.first)
    assert [e for e in page_errors if "hs-" in e or "anywidget" in e.lower()] == []
    context.close()


def test_front_end_pins_are_jupyterlab_4_and_notebook_7():
    pins = dict(
        line.split("==")
        for line in (ROOT / "requirements.txt").read_text().splitlines()
        if line.startswith(("jupyterlab==", "notebook=="))
    )
    assert pins["jupyterlab"].startswith("4.") and pins["notebook"].startswith("7."), json.dumps(pins)
