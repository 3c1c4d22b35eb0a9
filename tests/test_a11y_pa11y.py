"""The second accessibility engine, pa11y-ci (HTML_CodeSniffer, WCAG 2 AA; scripts/pa11y_audit.py):
its budget and its pinned set-up. `make audit` runs it on every page, and test_audit.py asserts
there that it found 0 errors on the TOC's pages, the search page, the index and the 404 page."""

from __future__ import annotations

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def load_runner():
    spec = importlib.util.spec_from_file_location("pa11y_audit", ROOT / "scripts" / "pa11y_audit.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_pa11y_budget_catches_errors_and_a_run_that_failed():
    runner = load_runner()
    clean = {"error": None, "pages": {"chapters/index": {"url": "u", "errors": []}}}
    assert runner.breaches(clean) == []
    issue = {"code": "WCAG2AA.Principle3.Guideline3_2.3_2_2.H32.2", "type": "error", "message": "no submit button"}
    bad = {"error": None, "pages": {"chapters/index": {"url": "u", "errors": [issue, issue]}}}
    assert runner.breaches(bad) == ["chapters/index: 2 pa11y error(s) > 0: 3_2_2.H32.2 x2"]
    assert runner.breaches({"error": "pa11y-ci exit 1: boom", "pages": {}}) == [
        "pa11y did not run: pa11y-ci exit 1: boom"
    ]


def test_pa11y_is_pinned_and_drives_debian_chromium():
    import json

    package = json.loads((ROOT / "tools" / "pa11y" / "package.json").read_text())
    assert all(v[0].isdigit() for v in package["devDependencies"].values()), "pin exact versions"
    assert (ROOT / "tools" / "pa11y" / "package-lock.json").exists()
    config = json.loads((ROOT / "tools" / "pa11y" / ".pa11yci.json").read_text())["defaults"]
    assert config["standard"] == "WCAG2AA" and config["runners"] == ["htmlcs"]
    assert config["chromeLaunchConfig"]["executablePath"] == "/usr/bin/chromium"
    assert "--no-sandbox" in config["chromeLaunchConfig"]["args"]
