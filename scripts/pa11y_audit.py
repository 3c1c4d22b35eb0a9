"""A second accessibility engine: pa11y-ci (HTML_CodeSniffer, WCAG 2 AA) on every page of the book.

axe (in scripts/audit.py) and HTML_CodeSniffer disagree on what they check; running both finds
more. Budget: 0 errors on every page (warnings and notices are counted, not budgeted).

The pages: every page in _toc.yml, plus the search page (with a query, so its results are
drawn), the general index and the 404 page. pa11y-ci drives Debian's chromium through
puppeteer (no browser download: PUPPETEER_SKIP_DOWNLOAD=1 when installing); its settings are in
tools/pa11y/.pa11yci.json, the pinned tool in tools/pa11y/package-lock.json (`make audit-tools`).

    python scripts/pa11y_audit.py [--site _build/html] [--pages a,b]

prints each page's errors and exits 1 when the budget is broken, 2 when pa11y cannot run.
`make audit` calls run() and breaches() beside axe, Lighthouse and the HTML checker.
"""

from __future__ import annotations

import argparse
import collections
import functools
import http.server
import json
import os
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SITE = ROOT / "_build" / "html"
TOOL_DIR = ROOT / "tools" / "pa11y"
CONFIG = TOOL_DIR / ".pa11yci.json"
PA11Y_CI = ROOT / ".node" / "pa11y" / "node_modules" / ".bin" / "pa11y-ci"  # `make audit-tools`
BUDGET_ERRORS = 0  # per page
# Pages beside the TOC's, with what to load (the search page with a query, so it shows results).
EXTRA_PAGES = {"search": "search.html?q=Showgirls", "genindex": "genindex.html", "404": "404.html"}


def toc_pages() -> list[str]:
    from hersmell import chapter_lint

    return chapter_lint.toc_pages(ROOT)


def targets(site: Path, pages: list[str] | None = None) -> dict[str, str]:
    """name -> path (with query) under the site root: the given pages, or every page."""
    if pages is not None:
        return {p: f"{p}.html" for p in pages}
    found = {p: f"{p}.html" for p in toc_pages()}
    found.update({name: path for name, path in EXTRA_PAGES.items() if (site / path.split("?")[0]).exists()})
    return found


def missing_tools() -> list[str]:
    return [str(p.relative_to(ROOT)) for p in (PA11Y_CI, CONFIG) if not p.exists()]


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def serve(directory: Path):
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(directory)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{httpd.server_address[1]}", httpd


def run(origin: str, site: Path, pages: list[str] | None = None, timeout: int = 1200) -> dict:
    """Run pa11y-ci on the pages served at origin (site is the folder behind it).

    Returns {"pages": {name: {"url", "errors": [issue, ...]}}, "error": message or None}; an
    issue is pa11y's own record (code, message, selector, context).
    """
    wanted = targets(site, pages)
    result: dict = {"tool": "pa11y-ci", "standard": None, "pages": {}, "error": None}
    missing = missing_tools()
    if missing:
        result["error"] = f"missing {', '.join(missing)}: run `make audit-tools`"
        return result
    config = json.loads(CONFIG.read_text(encoding="utf-8"))
    result["standard"] = config["defaults"].get("standard")
    urls = {f"{origin}/{path}": name for name, path in wanted.items()}
    with tempfile.TemporaryDirectory(prefix="pa11y-") as tmp:
        report = Path(tmp) / "report.json"
        config["urls"] = list(urls)
        config["defaults"]["reporters"] = [["json", {"fileName": str(report)}]]
        cfg = Path(tmp) / "pa11yci.json"
        cfg.write_text(json.dumps(config), encoding="utf-8")
        env = dict(os.environ, PUPPETEER_SKIP_DOWNLOAD="1")
        try:
            out = subprocess.run(
                [str(PA11Y_CI), "--config", str(cfg)], capture_output=True, text=True, cwd=tmp, env=env, timeout=timeout
            )
        except subprocess.TimeoutExpired:
            result["error"] = f"pa11y-ci timed out after {timeout} s"
            return result
        if not report.exists():
            result["error"] = f"pa11y-ci exit {out.returncode}: {(out.stderr or out.stdout).strip()[-800:]}"
            return result
        data = json.loads(report.read_text(encoding="utf-8"))
    for url, issues in data.get("results", {}).items():
        name = urls.get(url, url)
        errors = [i for i in issues if isinstance(i, dict) and i.get("type", "error") == "error"]
        # a page pa11y could not load is reported as an Error object ({"message": ...}): an error too
        result["pages"][name] = {"url": url, "errors": errors}
    for url, name in urls.items():
        if name not in result["pages"]:
            result["pages"][name] = {"url": url, "errors": [{"code": "pa11y-did-not-run", "message": "no result"}]}
    return result


def breaches(result: dict) -> list[str]:
    """Every broken budget, one line each ([] when all hold)."""
    if result.get("error"):
        return [f"pa11y did not run: {result['error']}"]
    out = []
    for name, page in result["pages"].items():
        errors = page["errors"]
        if len(errors) > BUDGET_ERRORS:
            codes = collections.Counter(short_code(e.get("code", "")) for e in errors)
            out.append(
                f"{name}: {len(errors)} pa11y error(s) > {BUDGET_ERRORS}: "
                + ", ".join(f"{c} x{n}" for c, n in codes.most_common())
            )
    return out


def short_code(code: str) -> str:
    """WCAG2AA.Principle1.Guideline1_3.1_3_1.H39.3.NoCaption -> 1_3_1.H39.3.NoCaption."""
    parts = code.split(".")
    return ".".join(parts[3:]) if code.startswith("WCAG2") and len(parts) > 3 else code or "?"


def report(result: dict) -> str:
    if result.get("error"):
        return f"pa11y: did not run: {result['error']}"
    lines = [f"pa11y-ci ({result.get('standard')}, HTML_CodeSniffer): errors per page (budget {BUDGET_ERRORS})"]
    for name, page in result["pages"].items():
        lines.append(f"  {name.removeprefix('chapters/'):<22} {len(page['errors'])}")
        for e in page["errors"][:8]:
            lines.append(
                f"    {short_code(e.get('code', ''))}: {e.get('message', '')[:140]}"
                + (f" [{e['selector']}]" if e.get("selector") else "")
            )
    total = sum(len(p["errors"]) for p in result["pages"].values())
    lines.append(f"pa11y: {len(result['pages'])} pages, {total} error(s)")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--site", type=Path, default=SITE, help="the built HTML folder (default _build/html)")
    parser.add_argument("--pages", help="comma-separated pages (paths without .html), default every page")
    parser.add_argument("--json", type=Path, help="also write the result here")
    args = parser.parse_args(argv)
    if missing_tools():
        print(f"pa11y: missing {', '.join(missing_tools())}: run `make audit-tools`", file=sys.stderr)
        return 2
    if not (args.site / "chapters").is_dir():
        print(f"pa11y: {args.site} is not a built book: run `make book`", file=sys.stderr)
        return 2
    pages = [p.strip().removesuffix(".html") for p in args.pages.split(",")] if args.pages else None
    origin, httpd = serve(args.site)
    try:
        result = run(origin, args.site, pages)
    finally:
        httpd.shutdown()
    if args.json:
        args.json.write_text(json.dumps(result, indent=1), encoding="utf-8")
    print(report(result))
    broken = breaches(result)
    for b in broken:
        print(f"  - {b}")
    if result.get("error"):
        return 2
    return 1 if broken else 0


if __name__ == "__main__":
    sys.exit(main())
