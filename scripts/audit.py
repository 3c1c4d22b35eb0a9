"""`make audit`: audit every page of the built book offline, beside a stock Jupyter Book page.

Maintained runners do the checking; this script serves the pages, runs them, and keeps the
budgets and the summary that are ours. Each runner is one function, (site, origin, pages) ->
{page: results}, listed in RUNNERS; pa11y-ci (scripts/pa11y_audit.py) runs beside them.

- browser (ours, Playwright + Debian chromium): requests to other hosts (counted, then blocked),
  console and page errors, local requests that failed or answered >= 400, first-load bytes
  (decoded response bodies, the budgeted weight) and bytes on the wire (the server gzips text,
  as a real static host does).
- lighthouse: Lighthouse CI (@lhci/cli) on every page, desktop and mobile, with the score
  assertions in tools/audit/lighthouserc.{desktop,mobile}.json; its failed assertions are breaches.
- html: the Nu HTML Checker (vnu.jar), errors only.

The stock page (scripts/stock_book.py) is loaded the same way for comparison, never budgeted.
Works on a copy of the site; prints a table per page and the budgets broken, writes
_build/audit.json; exits 1 when a budget is broken, 2 when the audit cannot run.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlparse

import pa11y_audit  # the second accessibility engine (pa11y-ci, HTML_CodeSniffer): its own config and runner
import stock_book
from chromium import CHROMIUM, FLAGS

from hersmell import chapter_lint

ROOT = Path(__file__).resolve().parents[1]
TOOLS = ROOT / "tools" / "audit"
NODE = ROOT / ".node" / "audit" / "node_modules"  # installed from TOOLS' lock by `make audit-tools`
BIN = NODE / ".bin"
VNU_JAR = NODE / "vnu-jar" / "build" / "dist" / "vnu.jar"
OUT_JSON = ROOT / "_build" / "audit.json"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
PRESETS = ("desktop", "mobile")
# none of these, and at most 450 KB on a page's first load
BUDGETS = dict.fromkeys(("foreign_requests", "console_errors", "page_errors", "failed_local", "html_errors"), 0)
BUDGETS["max_page_bytes"] = 450_000


class _Handler(http.server.SimpleHTTPRequestHandler):
    """Quiet, and gzips text when asked, as any real static host does."""

    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def send_head(self):
        path = self.translate_path(self.path)
        kind = self.guess_type(path)
        if (
            "gzip" not in self.headers.get("Accept-Encoding", "")
            or not os.path.isfile(path)
            or not kind.startswith(("text/", "application/javascript", "application/json", "image/svg"))
        ):
            return super().send_head()
        body = gzip.compress(Path(path).read_bytes(), 6, mtime=0)
        self.send_response(200)
        for key, value in (("Content-Type", kind), ("Content-Encoding", "gzip"), ("Content-Length", str(len(body)))):
            self.send_header(key, value)
        self.end_headers()
        return io.BytesIO(body)


def serve(directory: Path) -> tuple[str, http.server.ThreadingHTTPServer]:
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Handler, directory=str(directory)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{httpd.server_address[1]}", httpd


def is_foreign(url: str, origin: str) -> bool:
    return urlparse(url).scheme not in ("data", "blob", "about") and urlparse(url).netloc != urlparse(origin).netloc


def run_browser(site: Path, origin: str, pages: list[str]) -> dict[str, dict]:
    from playwright.sync_api import sync_playwright

    results = {}
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        for name in pages:
            context = browser.new_context()  # empty cache: a first visit
            context.route(lambda u: is_foreign(u, origin), lambda route: route.abort("blockedbyclient"))
            page = context.new_page()
            seen = {"foreign": [], "console": [], "errors": [], "failed": [], "responses": []}
            page.on("request", lambda r: is_foreign(r.url, origin) and seen["foreign"].append(r.url))
            page.on(
                "requestfailed", lambda r: not is_foreign(r.url, origin) and seen["failed"].append(f"failed {r.url}")
            )
            page.on("response", lambda r: seen["responses"].append(r))
            page.on("console", lambda m: m.type == "error" and seen["console"].append(m.text))
            page.on("pageerror", lambda e: seen["errors"].append(str(e)))
            status = page.goto(f"{origin}/{name}.html", wait_until="networkidle", timeout=60_000).status
            size = wire = 0
            for r in seen["responses"]:
                if r.status >= 400 and not is_foreign(r.url, origin):
                    seen["failed"].append(f"{r.status} {r.url}")
                try:
                    size += len(r.body())
                    wire += max(r.request.sizes()["responseBodySize"], 0)
                except Exception:  # redirects and aborted requests have no body
                    pass
            context.close()
            results[name] = {
                "status": status,
                "foreign_requests": sorted(set(seen["foreign"])),
                "console_errors": seen["console"],
                "page_errors": seen["errors"],
                "failed_local": sorted(set(seen["failed"])),
                "bytes": size,
                "transfer_bytes": wire,
            }
        browser.close()
    return results


def run_lighthouse(site: Path, origin: str, pages: list[str], assert_: bool = True) -> dict[str, dict]:
    """Lighthouse CI, each preset once over every page; scores and failed assertions per page."""
    results: dict[str, dict] = {name: {} for name in pages}
    env = dict(os.environ, CHROME_PATH=CHROMIUM, PUPPETEER_SKIP_DOWNLOAD="1")
    for preset in PRESETS:
        config = TOOLS / f"lighthouserc.{preset}.json"
        with tempfile.TemporaryDirectory(prefix=f"lhci-{preset}-") as work:
            urls = [f"--url={origin}/{name}.html" for name in pages]
            collect = subprocess.run(
                [str(BIN / "lhci"), "collect", f"--config={config}", *urls],
                cwd=work,
                env=env,
                capture_output=True,
                text=True,
                timeout=3600,
            )
            by_url = {}
            for report in Path(work, ".lighthouseci").glob("lhr-*.json"):
                lhr, perf = json.loads(report.read_text()), lambda r: r["categories"]["performance"]["score"] or 0
                if lhr["requestedUrl"] not in by_url or perf(lhr) > perf(by_url[lhr["requestedUrl"]]):
                    by_url[lhr["requestedUrl"]] = lhr  # the better run, as the assertions count it
            failed: dict[str, list[str]] = {}
            if assert_ and by_url:
                subprocess.run(
                    [str(BIN / "lhci"), "assert", f"--config={config}"],
                    cwd=work,
                    env=env,
                    capture_output=True,
                    text=True,
                    timeout=600,
                )
                for a in json.loads((Path(work, ".lighthouseci", "assertion-results.json")).read_text() or "[]"):
                    if not a.get("passed", True) and a.get("level") == "error":
                        failed.setdefault(a["url"], []).append(
                            f"{a['auditProperty'] or a['auditId']} {a.get('actual')} < {a.get('expected')}"
                        )
            for name in pages:
                url = f"{origin}/{name}.html"
                lhr = by_url.get(url)
                if lhr is None:
                    results[name][preset] = {
                        "error": f"no report (lhci collect exit {collect.returncode}): {collect.stderr.strip()[-300:]}"
                    }
                    continue
                items = lhr["audits"].get("network-requests", {}).get("details", {}).get("items", [])
                results[name][preset] = {
                    "scores": {
                        c: round(lhr["categories"][c]["score"] * 100)
                        if lhr["categories"].get(c, {}).get("score") is not None
                        else None
                        for c in CATEGORIES
                    },
                    "failed_assertions": failed.get(url, []),
                    "foreign_requests": sorted({i["url"] for i in items if is_foreign(i.get("url", ""), origin)}),
                }
    return results


def run_html(site: Path, origin: str, pages: list[str]) -> dict[str, dict]:
    files = {site.joinpath(f"{name}.html").resolve().as_uri(): name for name in pages}
    out = subprocess.run(
        ["java", "-jar", str(VNU_JAR), "--format", "json", "--errors-only", *(str(site / f"{n}.html") for n in pages)],
        capture_output=True,
        text=True,
        timeout=900,
    )
    results = {name: {"html_errors": []} for name in pages}
    for m in json.loads(out.stderr or out.stdout or '{"messages": []}')["messages"]:
        name = files.get(m.get("url", "").replace("file:/", "file:///", 1)) or files.get(m.get("url", ""))
        for each in [name] if name else pages:  # an error no file claims is charged to every file
            results[each]["html_errors"].append(f"line {m.get('lastLine')}: {m.get('message', '')}"[:200])
    return results


RUNNERS = {"browser": run_browser, "lighthouse": run_lighthouse, "html": run_html}


def check_budgets(result: dict) -> list[str]:
    """Every broken budget, one line each ([] when all hold). Only our pages are budgeted."""
    b, breaches = BUDGETS, []
    for name, p in result["pages"].items():
        if p.get("status", 200) != 200:
            breaches.append(f"{name}: the page answered HTTP {p.get('status')}")
        for key, what in (
            ("foreign_requests", "request(s) to other hosts"),
            ("console_errors", "console error(s)"),
            ("page_errors", "page error(s)"),
            ("failed_local", "failed local request(s)"),
            ("html_errors", "HTML error(s)"),
        ):
            if len(p.get(key, [])) > b[key]:
                breaches.append(f"{name}: {len(p[key])} {what}: {', '.join(p[key][:3])[:300]}")
        if p.get("bytes", 0) > b["max_page_bytes"]:
            breaches.append(f"{name}: {p['bytes']:,} bytes on first load > {b['max_page_bytes']:,}")
        for preset, lh in p.get("lighthouse", {}).items():
            if lh.get("error"):
                breaches.append(f"{name}: Lighthouse ({preset}) failed: {lh['error'][:200]}")
            for failure in lh.get("failed_assertions", []):
                breaches.append(f"{name}: Lighthouse ({preset}) {failure}")
            if lh.get("foreign_requests"):
                breaches.append(
                    f"{name}: Lighthouse ({preset}) saw requests to other hosts: {lh['foreign_requests'][:3]}"
                )
    return breaches


def scores(p: dict, preset: str) -> str:
    s = p.get("lighthouse", {}).get(preset, {}).get("scores")
    return "/".join("?" if s.get(c) is None else str(s[c]) for c in CATEGORIES) if s else "-"


def report(result: dict, breaches: list[str]) -> str:
    header = ["page", "hosts", "console", "errors", "404s", "KB", "KB wire", "LH desktop", "LH mobile", "HTML err"]
    rows = [
        [
            name.removeprefix("chapters/"),
            str(len(p.get("foreign_requests", []))),
            str(len(p.get("console_errors", []))),
            str(len(p.get("page_errors", []))),
            str(len(p.get("failed_local", []))),
            f"{p.get('bytes', 0) / 1000:,.0f}",
            f"{p.get('transfer_bytes', 0) / 1000:,.0f}",
            scores(p, "desktop"),
            scores(p, "mobile"),
            str(len(p.get("html_errors", []))),
        ]
        for name, p in [*result["pages"].items(), ("(stock Jupyter Book)", result.get("stock") or {})]
    ]
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    lines = [
        "  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(r, widths, strict=False)))
        for r in [header, *rows]
    ]
    pages = result["pages"]
    heaviest = max(pages.values(), key=lambda p: p.get("bytes", 0), default={})
    stock_bytes = (result.get("stock") or {}).get("bytes") or 0
    lines += [
        "",
        "KB = first-load bytes, decoded (budget: every page <= "
        f"{BUDGETS['max_page_bytes'] / 1000:,.0f} KB); LH = Lighthouse P/A/BP/SEO (budgets in "
        "tools/audit/lighthouserc.*.json).",
    ]
    if pages and stock_bytes:
        avg = sum(p.get("bytes", 0) for p in pages.values()) / len(pages)
        lines.append(
            f"average page {avg / 1000:,.0f} KB = {avg / stock_bytes:.2f} x the stock page "
            f"({stock_bytes / 1000:,.0f} KB); heaviest {heaviest.get('bytes', 0) / 1000:,.0f} KB"
        )
    lines.append(f"Budgets broken ({len(breaches)}):" if breaches else "All budgets hold.")
    lines += [f"  - {b}" for b in breaches]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--site", type=Path, default=ROOT / "_build" / "html")
    parser.add_argument("--pages", help="comma-separated subset of TOC pages, e.g. chapters/index,05-performance")
    parser.add_argument("--no-lighthouse", action="store_true", help="skip Lighthouse (quick run)")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    pages = chapter_lint.toc_pages(ROOT)
    if args.pages:
        wanted = {w if w.startswith("chapters/") else f"chapters/{w}" for w in args.pages.split(",")}
        pages = [p for p in pages if p in wanted]
    needed = [VNU_JAR] + ([] if args.no_lighthouse else [BIN / "lhci"])
    missing = [str(p) for p in needed if not p.exists()] + ([CHROMIUM] if not Path(CHROMIUM).exists() else [])
    if missing or not (args.site / "index.html").exists():
        print(f"audit: missing {', '.join(missing) or args.site}: run `make audit`", file=sys.stderr)
        return 2
    runners = {k: v for k, v in RUNNERS.items() if not (args.no_lighthouse and k == "lighthouse")}
    result: dict = {"pages": {name: {} for name in pages}, "stock": {}, "budgets": BUDGETS}
    with tempfile.TemporaryDirectory(prefix="audit-") as work:
        site = Path(shutil.copytree(args.site, Path(work) / "html"))
        stock = Path(shutil.copytree(stock_book.built_site(), Path(work) / "stock"))
        (origin, httpd), (stock_origin, stock_httpd) = serve(site), serve(stock)
        try:
            for kind, runner in runners.items():
                print(f"  {kind}: {len(pages)} pages", flush=True)
                for name, found in runner(site, origin, pages).items():
                    result["pages"][name].update(found if kind != "lighthouse" else {"lighthouse": found})
            stock_found = run_browser(stock, stock_origin, ["intro"])["intro"]
            if "lighthouse" in runners:
                stock_found["lighthouse"] = run_lighthouse(stock, stock_origin, ["intro"], assert_=False)["intro"]
            result["stock"] = stock_found
            print("  pa11y: every page, the search page and the 404 page", flush=True)
            result["pa11y"] = pa11y_audit.run(origin, site, pages if args.pages else None)
        finally:
            httpd.shutdown(), stock_httpd.shutdown()
    breaches = check_budgets(result) + pa11y_audit.breaches(result["pa11y"])
    result.update(breaches=breaches, runners=list(runners), seconds=round(time.perf_counter() - start))
    OUT_JSON.parent.mkdir(parents=True, exist_ok=True)
    OUT_JSON.write_text(json.dumps(result, indent=1, ensure_ascii=False))
    print(pa11y_audit.report(result["pa11y"]))
    print(report(result, breaches))
    print(
        f"audit: {len(pages)} pages, {len(breaches)} budget(s) broken [{result['seconds']} s]; details in "
        f"{OUT_JSON.relative_to(ROOT)}"
    )
    return 1 if breaches else 0


if __name__ == "__main__":
    sys.exit(main())
