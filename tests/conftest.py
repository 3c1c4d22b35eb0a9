"""Shared fixtures and helpers: the TOC's pages, the built site and a local server for it,
Debian's chromium, a live kernel; and the rule that a needed tool's absence fails under CI.

Tests import the helpers by name (``from conftest import toc_pages``).
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlparse

import nbformat
import pytest
from bundle_env import bare_python, classroom  # noqa: F401  (session fixtures: the classroom bundle's venv)
from nbclient import NotebookClient

from hersmell import book

ROOT = Path(__file__).resolve().parents[1]
SITE = ROOT / "_build" / "html"
sys.path.insert(0, str(ROOT / "scripts"))  # the scripts' helpers (chromium, pa11y_audit) for the tests
from chromium import FLAGS as CHROMIUM_FLAGS  # noqa: E402  (one list of flags for scripts and tests)

# Markers (registered in pyproject.toml) of tests that need something outside Python. Where it is
# missing they skip here; under CI (env CI set) that skip is a failure: CI must run them all.
REQUIRED_IN_CI = ("chromium", "tex", "lab", "slow", "interview")


def toc_pages() -> list[str]:
    """Every page of _toc.yml, root first, without suffix (chapters/05-performance)."""
    return book.toc_pages(ROOT)


def pytest_collection_modifyitems(items):
    for item in items:
        if "browser" in item.fixturenames:
            item.add_marker(pytest.mark.chromium)
        if "site" in item.fixturenames:
            item.add_marker(pytest.mark.build)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """Under CI, a skip of a test that needs a tool (see REQUIRED_IN_CI) is reported as a failure."""
    report = (yield).get_result()
    needs = [m for m in REQUIRED_IN_CI if item.get_closest_marker(m)]
    if os.environ.get("CI") and needs and report.skipped and not hasattr(report, "wasxfail"):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        reason = reason.removeprefix("Skipped: ")
        report.outcome = "failed"
        report.longrepr = f"skipped under CI, which must run the {'/'.join(needs)} tests: {reason}"


@pytest.fixture(scope="session")
def site() -> Path:
    if not (SITE / "index.html").exists():
        pytest.fail("the book is not built: run `make test` (it builds first) or `make book`")
    return SITE


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


class _QuietServer(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        pass  # a browser that closes a connection early is not a failure of the page


class _NotFoundHandler(_QuietHandler):
    """Answers a missing path, at any depth, with the site's 404 page (status 404), as a host does."""

    not_found: Path

    def send_error(self, code, message=None, explain=None):
        if code != 404:
            return super().send_error(code, message, explain)
        body = self.not_found.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


@contextlib.contextmanager
def static_server(directory: Path, not_found: Path | None = None):
    """Serve a folder on 127.0.0.1 (a free port); yields its base URL. With ``not_found``, that
    page answers every missing path."""
    handler = _QuietHandler
    if not_found is not None:
        handler = type("Handler", (_NotFoundHandler,), {"not_found": not_found})
    handler = functools.partial(handler, directory=str(directory))
    httpd = _QuietServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()


JUPYTER_TOKEN = "hersmell-test"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def jupyter_server(root: Path, app: str = "lab", python: Path | None = None, env: dict | None = None):
    """JupyterLab (app="lab") or Notebook 7 (app="notebook") on 127.0.0.1, serving ``root``;
    yields its base URL (the token is JUPYTER_TOKEN) and stops it afterwards."""
    python = Path(python or sys.executable)
    klass = "LabApp" if app == "lab" else "JupyterNotebookApp"
    log_path = root.parent / f"{root.name}-{app}-server.log"
    with open(log_path, "w") as log:
        proc = subprocess.Popen(
            [
                str(python),
                str(python.parent / "jupyter"),
                app,
                "--no-browser",
                f"--port={(port := free_port())}",
                "--ServerApp.ip=127.0.0.1",
                f"--IdentityProvider.token={JUPYTER_TOKEN}",
                f"--{klass}.expose_app_in_browser=True",
                f"--ServerApp.root_dir={root}",
                "--allow-root",
            ],
            stdout=log,
            stderr=subprocess.STDOUT,
            env=env,
        )
        base = f"http://127.0.0.1:{port}"
        for _ in range(240):
            try:
                urllib.request.urlopen(f"{base}/api/status?token={JUPYTER_TOKEN}", timeout=1)
                break
            except OSError:
                time.sleep(0.5)
        else:
            proc.kill()
            pytest.fail(f"jupyter {app} did not start:\n{log_path.read_text()[-2000:]}")
        try:
            yield base
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()


def write_notebook(path: Path, *sources: str) -> Path:
    """A python3 notebook of code cells, for the live front-end tests."""
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.cells = [nbformat.v4.new_code_cell(src) for src in sources]
    nbformat.write(nb, path)
    return path


@pytest.fixture(scope="session")
def server(site):
    """The built site, served for the whole session."""
    with static_server(site) as url:
        yield url


def chromium_path() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="session")
def browser():
    path = chromium_path()
    if path is None:
        pytest.skip("Debian's chromium is not installed (as root: apt-get install chromium; `make test` does it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        instance = pw.chromium.launch(executable_path=path, args=CHROMIUM_FLAGS)
        yield instance
        instance.close()


class PageLog:
    """Everything a page did: each request's URL, console errors, page errors, failed loads."""

    def __init__(self, page, origin: str):
        self.origin = origin
        self.requests: list[str] = []
        self.console_errors: list[str] = []
        self.page_errors: list[str] = []
        self.failed: list[str] = []
        page.on("request", lambda r: self.requests.append(r.url))
        page.on("console", lambda m: m.type == "error" and self.console_errors.append(m.text))
        page.on("pageerror", lambda e: self.page_errors.append(str(e)))
        page.on("requestfailed", lambda r: self.failed.append(r.url))
        page.on("response", lambda r: r.status >= 400 and self.failed.append(f"{r.status} {r.url}"))

    def foreign(self) -> list[str]:
        """Requests to any host other than the one serving the book (data: URLs are local)."""
        host = urlparse(self.origin).netloc
        return [
            u
            for u in self.requests
            if urlparse(u).scheme not in ("data", "blob", "about") and urlparse(u).netloc != host
        ]


@pytest.fixture
def page(browser, server):
    context = browser.new_context()
    pg = context.new_page()
    pg.log = PageLog(pg, server)
    yield pg
    context.close()


def run_cells(*sources: str, timeout: int = 120) -> list[dict]:
    """Execute code cells in a fresh python3 kernel; return each cell's outputs."""
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(s) for s in sources]
    NotebookClient(nb, timeout=timeout, kernel_name="python3", allow_errors=False).execute()
    return [cell.outputs for cell in nb.cells]


def stdout_of(outputs: list[dict]) -> str:
    return "".join(o.get("text", "") for o in outputs if o.get("output_type") == "stream")
