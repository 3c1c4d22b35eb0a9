"""The audit's budgets (scripts/audit.py, `make audit`) hold for every page of the built book.

The full audit needs the npm tools in tools/audit/node_modules (`make audit-tools`, which
`make audit` runs). Without them it skips locally and fails under CI.
"""
from __future__ import annotations

import copy
import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import toc_pages

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "scripts" / "audit.py"
TOOLS = ROOT / "tools" / "audit" / "node_modules"


def load_audit():
    spec = importlib.util.spec_from_file_location("audit", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.slow
def test_audit_budgets_hold_on_every_page(site):
    needed = [TOOLS / "axe-core" / "axe.min.js", TOOLS / ".bin" / "lighthouse",
              TOOLS / "vnu-jar" / "build" / "dist" / "vnu.jar"]
    if not all(p.exists() for p in needed):
        pytest.skip("the audit's npm tools are not installed: run `make audit` once (or `make audit-tools`)")
    out = subprocess.run([sys.executable, str(SCRIPT)], capture_output=True, text=True, cwd=ROOT, timeout=1500)
    progress = ("  browser: ", "  lighthouse (")
    report = "\n".join(line for line in out.stdout.splitlines() if not line.startswith(progress))
    report = report[-20000:] + out.stderr[-3000:]
    code = out.returncode
    assert code == 0, f"audit exited {code}:\n{report}"
    result = json.loads((ROOT / "_build" / "audit.json").read_text())
    assert list(result["pages"]) == toc_pages()
    assert result["lighthouse_run"] and result["stock"]["bytes"] > 0


def _passing(audit) -> dict:
    """A result that keeps every budget: one page of ours, the stock page."""
    scores = {c: 100 for c in audit.LIGHTHOUSE_CATEGORIES}
    page = {"status": 200, "foreign_requests": [], "foreign_request_count": 0, "console_errors": [],
            "page_errors": [], "failed_local": [], "bytes": 400_000, "transfer_bytes": 100_000,
            "axe": dict.fromkeys(audit.IMPACTS, 0), "axe_violations": [], "html_errors": [],
            "lighthouse": {"desktop": {"scores": scores, "failing": {}, "foreign_requests": []}}}
    stock = dict(copy.deepcopy(page), bytes=2_000_000)
    return {"pages": {"chapters/index": page}, "stock": stock}


def test_budget_check_catches_every_breach():
    audit = load_audit()
    assert audit.check_budgets(_passing(audit)) == []

    bad = _passing(audit)
    page = bad["pages"]["chapters/index"]
    page.update(
        foreign_requests=["https://cdn.example.org/x.js"], foreign_request_count=1,
        console_errors=["boom"], page_errors=["ReferenceError: x"], failed_local=["404 http://127.0.0.1:1/a.css"],
        bytes=1_600_000,  # over 1.5 MB, and over half the stock page's 2 MB
        axe={"critical": 1, "serious": 1, "moderate": 3, "minor": 4},
        axe_violations=[{"id": "image-alt", "impact": "critical"}, {"id": "color-contrast", "impact": "serious"},
                        {"id": "region", "impact": "moderate"}],
    )
    lh = page["lighthouse"]["desktop"]
    lh["scores"] = {"performance": 94, "accessibility": 90, "best-practices": 80, "seo": 70}
    lh["failing"] = {"seo": [{"id": "meta-description", "score": 0, "weight": 1, "display": ""}]}
    lh["foreign_requests"] = ["https://fonts.example.com/css"]
    breaches = audit.check_budgets(bad)
    text = "\n".join(breaches)
    for expected in ("request(s) to other hosts: https://cdn.example.org/x.js",
                     "Lighthouse saw 1 request(s) to other hosts",
                     "1 console error(s)", "1 page error(s)", "1 failed local request(s)",
                     "2 critical/serious axe violation(s): color-contrast, image-alt",
                     "1,600,000 bytes transferred > 1,500,000",
                     "Lighthouse performance 94 < 95", "Lighthouse accessibility 90 < 95",
                     "Lighthouse best-practices 80 < 95", "Lighthouse seo 70 < 95 (desktop): meta-description",
                     "average page weight 1,600,000 bytes > 0.5 x the stock page's 2,000,000"):
        assert expected in text, f"no breach for {expected!r} in:\n{text}"
    assert "region" not in text  # moderate axe issues are reported, not budgeted
    assert len(breaches) == 12

    # A Lighthouse run that failed, and a stock page that did not load, are breaches too.
    broken = _passing(audit)
    broken["pages"]["chapters/index"]["lighthouse"]["desktop"] = {"error": "NO_FCP", "scores": {}}
    broken["stock"]["status"] = 404
    text = "\n".join(audit.check_budgets(broken))
    assert "Lighthouse (desktop) failed: NO_FCP" in text
    assert "the stock page did not load (HTTP 404)" in text
