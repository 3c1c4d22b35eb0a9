"""A second accessibility engine beside axe: pa11y-ci (HTML_CodeSniffer, WCAG 2 AA) finds 0 errors
on every page (scripts/pa11y_audit.py; `make audit` runs it too).

pa11y-ci comes from tools/pa11y (`make audit-tools`, which `make test` runs). Without it the
page test skips locally and fails under CI.
"""
from __future__ import annotations

import importlib.util
import os
from pathlib import Path

import pytest

from conftest import toc_pages

ROOT = Path(__file__).resolve().parents[1]


def load_runner():
    spec = importlib.util.spec_from_file_location("pa11y_audit", ROOT / "scripts" / "pa11y_audit.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_pa11y_finds_no_error_on_any_page(site, server):
    runner = load_runner()
    if runner.missing_tools():
        message = f"pa11y-ci is not installed ({', '.join(runner.missing_tools())}): run `make audit-tools`"
        if os.environ.get("CI"):
            pytest.fail(message + ": CI must run the second engine")
        pytest.skip(message)
    result = runner.run(server, site)
    assert result["error"] is None, result["error"]
    assert result["standard"] == "WCAG2AA"
    # every page: the TOC's, the search page with results, the index and the 404 page
    assert set(result["pages"]) == set(toc_pages()) | {"search", "genindex", "404"}
    assert runner.breaches(result) == [], runner.report(result)


def test_pa11y_budget_catches_errors_and_a_run_that_failed():
    runner = load_runner()
    clean = {"error": None, "pages": {"chapters/index": {"url": "u", "errors": []}}}
    assert runner.breaches(clean) == []
    issue = {"code": "WCAG2AA.Principle3.Guideline3_2.3_2_2.H32.2", "type": "error", "message": "no submit button"}
    bad = {"error": None, "pages": {"chapters/index": {"url": "u", "errors": [issue, issue]}}}
    assert runner.breaches(bad) == ["chapters/index: 2 pa11y error(s) > 0: 3_2_2.H32.2 x2"]
    assert runner.breaches({"error": "pa11y-ci exit 1: boom", "pages": {}}) == ["pa11y did not run: pa11y-ci exit 1: boom"]


def test_pa11y_is_pinned_and_drives_debian_chromium():
    import json
    package = json.loads((ROOT / "tools" / "pa11y" / "package.json").read_text())
    assert all(v[0].isdigit() for v in package["devDependencies"].values()), "pin exact versions"
    assert (ROOT / "tools" / "pa11y" / "package-lock.json").exists()
    config = json.loads((ROOT / "tools" / "pa11y" / ".pa11yci.json").read_text())["defaults"]
    assert config["standard"] == "WCAG2AA" and config["runners"] == ["htmlcs"]
    assert config["chromeLaunchConfig"]["executablePath"] == "/usr/bin/chromium"
    assert "--no-sandbox" in config["chromeLaunchConfig"]["args"]
