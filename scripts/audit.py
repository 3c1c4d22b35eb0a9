"""`make audit`: audit every page of the built book offline, beside a stock Jupyter Book page.

For each page in _toc.yml and for a one-page stock Jupyter Book built in the same run (cached in
_build/audit-stock/), each served on 127.0.0.1 and loaded in a fresh context of headless Debian
chromium:

- requests to any host other than the local server (counted and listed, then blocked),
- console errors and page errors,
- local requests that failed or answered HTTP >= 400 ("404s"),
- bytes transferred: the sum of response body sizes as the page uses them (the budgeted weight),
  and beside it the bytes on the wire (the server gzips text when asked, as real static hosts
  do; --no-gzip serves everything raw, which costs Lighthouse's performance score points),
- axe-core violations by impact, with their rule ids.

Then Lighthouse (desktop preset; the landing page also on mobile, reported only) on the landing
page, a theme chapter, the influences chapter and the stock page, and the Nu HTML Checker
(vnu.jar, errors only, one java run) on every audited HTML file.

The audit works on a copy of _build/html taken at its start, so a `make book` run meanwhile
(which empties _build/html) cannot pull pages from under it.

Prints a table per page, the stock page beside ours, the details behind every non-zero cell
and a one-line summary; writes everything to _build/audit.json (Lighthouse's own reports go to
_build/audit-lighthouse/). Exits 1, listing each breach, when a budget is broken (BUDGETS below);
2 when the audit itself cannot run.

The npm tools come from tools/audit (`make audit-tools`: npm ci --prefix tools/audit).

Options: --no-lighthouse (quick run), --pages a,b (a subset, e.g. chapters/05-performance or
05-performance), --lighthouse-all (Lighthouse on every audited page), --no-gzip.
"""
from __future__ import annotations

import argparse
import collections
import datetime as dt
import functools
import gzip
import http.server
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlparse


from hersmell import chapter_lint

import pa11y_audit  # the second accessibility engine (pa11y-ci, HTML_CodeSniffer): its own config and runner

ROOT = Path(__file__).resolve().parents[1]
SITE = ROOT / "_build" / "html"
OUT_JSON = ROOT / "_build" / "audit.json"
LH_DIR = ROOT / "_build" / "audit-lighthouse"
STOCK_DIR = ROOT / "_build" / "audit-stock"  # the cached stock build: html/ and stamp.json
TOOLS = ROOT / "tools" / "audit" / "node_modules"
AXE_JS = TOOLS / "axe-core" / "axe.min.js"
LIGHTHOUSE = TOOLS / ".bin" / "lighthouse"
VNU_JAR = TOOLS / "vnu-jar" / "build" / "dist" / "vnu.jar"
CHROMIUM = "/usr/bin/chromium"
JUPYTER_BOOK = Path(sys.executable).parent / "jupyter-book"

CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]
LIGHTHOUSE_CHROME_FLAGS = " ".join(["--headless=new"] + CHROMIUM_FLAGS[1:])
LIGHTHOUSE_CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
LIGHTHOUSE_SHORT = {"performance": "P", "accessibility": "A", "best-practices": "BP", "seo": "SEO"}
# Lighthouse runs on these (when audited) and on the stock page; the landing page also on mobile.
LIGHTHOUSE_PAGES = ("chapters/index", "chapters/05-performance", "chapters/13-influences")
LANDING = "chapters/index"
STOCK = "stock"
IMPACTS = ("critical", "serious", "moderate", "minor")

BUDGETS = {
    "foreign_requests": 0,          # requests to any host other than the local server
    "console_errors": 0,
    "page_errors": 0,
    "failed_local": 0,              # local requests that failed or answered HTTP >= 400
    "axe_critical_serious": 0,
    "lighthouse_min_score": 95,     # each of the four categories, desktop preset
    "avg_bytes_vs_stock": 0.5,      # average bytes per page <= this fraction of the stock page's
    "max_page_bytes": 1_500_000,
}

STOCK_SOURCES = {
    "_config.yml": 'title: Stock\nexecute:\n  execute_notebooks: "off"\n',
    "_toc.yml": "format: jb-book\nroot: intro\n",
    "intro.md": """# Welcome to your Jupyter Book

This is a small sample book to give you a feel for how book content is structured.
It shows off a few of the major file types, as well as some sample content.
It does not go in-depth into any particular topic - check out the Jupyter Book documentation
for more information.

Check out the content pages bundled with this sample book to see more.

## A second heading

Jupyter Book lets you write books in Markdown and notebooks, and builds them into a website
with a table of contents, search and cross-references. This page is the stock page the audit
compares every page of our book with: same theme, same version, no customisation.

A third paragraph, so the page has some body text to lay out and some words to index.
""",
}


# --------------------------------------------------------------------------- pages and servers

def toc_pages() -> list[str]:
    """Every page listed in _toc.yml, root first, as paths without .html."""
    return chapter_lint.toc_pages(ROOT)


COMPRESSIBLE = ("text/", "application/javascript", "application/json", "application/xml", "image/svg+xml")


@functools.lru_cache(maxsize=512)
def _gzipped(path: str, mtime: float) -> bytes:
    return gzip.compress(Path(path).read_bytes(), compresslevel=6, mtime=0)


class _Quiet(http.server.SimpleHTTPRequestHandler):
    """A quiet static server that, like any real static host, gzips text when asked to."""
    protocol_version = "HTTP/1.1"  # keep-alive, as browsers expect of a host
    compress = True

    def log_message(self, *args):
        pass

    def send_head(self):
        path = self.translate_path(self.path)
        if (not self.compress or "gzip" not in self.headers.get("Accept-Encoding", "")
                or not os.path.isfile(path) or not self.guess_type(path).startswith(COMPRESSIBLE)):
            return super().send_head()
        stat = os.stat(path)
        body = _gzipped(path, stat.st_mtime)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(path))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Vary", "Accept-Encoding")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Last-Modified", self.date_time_string(stat.st_mtime))
        self.end_headers()
        return io.BytesIO(body)


def serve(directory: Path, compress: bool = True) -> tuple[str, http.server.ThreadingHTTPServer]:
    """Serve a folder on 127.0.0.1 (a free port) from a daemon thread."""
    handler = type("Handler", (_Quiet,), {"compress": compress})
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(directory)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{httpd.server_address[1]}", httpd


def snapshot(site: Path, pages: list[str], dest: Path) -> Path:
    """Copy the built site, so a rebuild started meanwhile (make book empties _build/html first)
    cannot change pages under the audit. Waits, up to two minutes, for a complete build."""
    needed = [f"{p}.html" for p in pages] + ["_static", "objects.inv"]  # Sphinx writes objects.inv last
    missing = needed
    for attempt in range(7):
        if attempt:
            print(f"  _build/html lacks {', '.join(missing[:3])} (a build in progress?): waiting 20 s", flush=True)
            time.sleep(20)
        shutil.rmtree(dest, ignore_errors=True)
        try:
            shutil.copytree(site, dest)
        except (OSError, shutil.Error):  # files removed while copying
            continue
        missing = [n for n in needed if not (dest / n).exists()]
        if not missing:
            return dest
    sys.exit(f"audit: _build/html lacks {', '.join(missing)}: run `make book`")


def jupyter_book_version() -> str:
    from importlib.metadata import version
    return version("jupyter-book")


def stock_site() -> Path:
    """The stock one-page book's HTML folder, built in a temporary folder once and cached."""
    stamp = {"jupyter_book": jupyter_book_version(), "sources": STOCK_SOURCES}
    html = STOCK_DIR / "html"
    stamp_file = STOCK_DIR / "stamp.json"
    if (html / "intro.html").exists() and stamp_file.exists() and json.loads(stamp_file.read_text()) == stamp:
        return html
    print("Building the stock Jupyter Book page (cached in _build/audit-stock/)...", flush=True)
    with tempfile.TemporaryDirectory(prefix="audit-stock-") as tmp:
        src = Path(tmp) / "stock"
        src.mkdir()
        for name, text in STOCK_SOURCES.items():
            (src / name).write_text(text)
        out = subprocess.run([str(JUPYTER_BOOK), "build", str(src), "--builder", "html"],
                             capture_output=True, text=True, cwd=tmp, timeout=600)
        built = src / "_build" / "html"
        if out.returncode or not (built / "intro.html").exists():
            sys.stderr.write(out.stdout[-3000:] + out.stderr[-3000:])
            sys.exit("audit: the stock Jupyter Book build failed")
        shutil.rmtree(STOCK_DIR, ignore_errors=True)
        STOCK_DIR.mkdir(parents=True)
        shutil.copytree(built, html)
    stamp_file.write_text(json.dumps(stamp, indent=1))
    return html


# --------------------------------------------------------------------------- the browser pass

def is_foreign(url: str, origin: str) -> bool:
    """A request to a host other than the server (data:, blob: and about: URLs are local)."""
    parts = urlparse(url)
    return parts.scheme not in ("data", "blob", "about", "chrome-extension") and parts.netloc != urlparse(origin).netloc


AXE_RUN = """async () => {
  const r = await axe.run(document, {resultTypes: ['violations']});
  return r.violations.map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.length, help: v.help,
                                 targets: v.nodes.slice(0, 3).map(n => n.target.join(' '))}));
}"""


def browse(browser, origin: str, url: str) -> dict:
    """Load one page in a fresh context; everything it did, and axe's violations."""
    context = browser.new_context()  # empty cache and storage: a first visit
    requests: list[str] = []
    foreign: list[str] = []
    console_errors: list[str] = []
    page_errors: list[str] = []
    failed: list[tuple[str, str]] = []  # (url, what went wrong)
    responses = []

    # Nothing leaves the machine: requests to other hosts are counted, then blocked.
    context.route(lambda u: is_foreign(u, origin), lambda route: route.abort("blockedbyclient"))
    page = context.new_page()

    def on_request(r):
        requests.append(r.url)
        if is_foreign(r.url, origin):
            foreign.append(r.url)

    def on_failed(r):
        if not is_foreign(r.url, origin):
            failed.append((r.url, f"failed ({r.failure}) {r.url}"))

    def on_response(r):
        responses.append(r)
        if r.status >= 400 and not is_foreign(r.url, origin):
            failed.append((r.url, f"{r.status} {r.url}"))

    def on_console(m):
        if m.type == "error":
            where = m.location.get("url", "") if m.location else ""
            console_errors.append(m.text + (f"  [{where}]" if where and where not in m.text else ""))

    page.on("request", on_request)
    page.on("requestfailed", on_failed)
    page.on("response", on_response)
    page.on("console", on_console)
    page.on("pageerror", lambda e: page_errors.append(str(e)))
    result: dict = {"url": url}
    try:
        response = page.goto(url, wait_until="networkidle", timeout=60_000)
        result["status"] = response.status if response else None
    except Exception as exc:  # still record what happened
        result["status"] = None
        page_errors.append(f"navigation: {exc}")
    size = wire = 0
    for r in responses:
        try:
            size += len(r.body())
            wire += max(r.request.sizes()["responseBodySize"], 0)
        except Exception:  # redirects and aborted responses have no body
            pass
    try:
        page.add_script_tag(path=str(AXE_JS))
        violations = page.evaluate(AXE_RUN)
    except Exception as exc:
        violations = [{"id": "axe-did-not-run", "impact": "critical", "nodes": 0, "help": str(exc), "targets": []}]
    context.close()
    result.update(
        requests=len(requests),
        foreign_requests=sorted(set(foreign)),
        foreign_request_count=len(foreign),
        console_errors=console_errors,
        page_errors=page_errors,
        # a 404 that the browser then aborts is one failure, not two
        failed_local=[what for url, what in failed
                      if what[0].isdigit() or not any(u == url and w[0].isdigit() for u, w in failed)],
        bytes=size,
        transfer_bytes=wire,
        axe={impact: sum(1 for v in violations if v["impact"] == impact) for impact in IMPACTS},
        axe_violations=violations,
    )
    return result


def browser_pass(targets: dict[str, tuple[str, str]]) -> dict[str, dict]:
    """targets: name -> (origin, url)."""
    from playwright.sync_api import sync_playwright

    results = {}
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        for name, (origin, url) in targets.items():
            print(f"  browser: {name}", flush=True)
            results[name] = browse(browser, origin, url)
        browser.close()
    return results


# --------------------------------------------------------------------------- Lighthouse

def lighthouse(name: str, origin: str, url: str, preset: str) -> dict:
    """One Lighthouse run; scores 0-100, failing audits, requests to other hosts."""
    LH_DIR.mkdir(parents=True, exist_ok=True)
    report = LH_DIR / f"{name.replace('/', '_')}-{preset}.json"
    report.unlink(missing_ok=True)
    cmd = [str(LIGHTHOUSE), url, f"--chrome-flags={LIGHTHOUSE_CHROME_FLAGS}",
           f"--only-categories={','.join(LIGHTHOUSE_CATEGORIES)}",
           "--output=json", f"--output-path={report}", "--quiet"]
    if preset == "desktop":
        cmd.append("--preset=desktop")
    env = dict(os.environ, CHROME_PATH=CHROMIUM)
    start = time.perf_counter()
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=300)
        stderr, code = out.stderr, out.returncode
    except subprocess.TimeoutExpired:
        stderr, code = "timed out after 300 s", -1
    result: dict = {"preset": preset, "report": str(report.relative_to(ROOT)),
                    "seconds": round(time.perf_counter() - start, 1)}
    if not report.exists():
        result["error"] = f"exit {code}: {stderr.strip()[-500:]}"
        return result
    lhr = json.loads(report.read_text())
    if lhr.get("runtimeError"):
        result["error"] = lhr["runtimeError"].get("message", str(lhr["runtimeError"]))
    result["lighthouse_version"] = lhr.get("lighthouseVersion")
    result["warnings"] = lhr.get("runWarnings", [])
    scores, failing = {}, {}
    for cat in LIGHTHOUSE_CATEGORIES:
        entry = lhr.get("categories", {}).get(cat, {})
        score = entry.get("score")
        scores[cat] = None if score is None else round(score * 100)
        if scores[cat] is not None and scores[cat] < 100:
            bad = []
            for ref in entry.get("auditRefs", []):
                audit = lhr["audits"].get(ref["id"], {})
                mode = audit.get("scoreDisplayMode")
                if mode == "error" or (mode in ("binary", "numeric", "metricSavings")
                                       and audit.get("score") is not None and audit["score"] < 1):
                    bad.append({"id": ref["id"], "score": audit.get("score"), "weight": ref.get("weight", 0),
                                "title": audit.get("title", ""), "display": audit.get("displayValue", ""),
                                "example": first_item(audit)})
            # the audits that cost points first
            failing[cat] = sorted(bad, key=lambda a: (-(a["weight"] or 0), a["score"] if a["score"] is not None else -1))
    result["scores"] = scores
    result["failing"] = failing
    items = ((lhr.get("audits", {}).get("network-requests") or {}).get("details") or {}).get("items", [])
    result["requests"] = len(items)
    result["foreign_requests"] = sorted({i["url"] for i in items if is_foreign(i.get("url", ""), origin)})
    return result


def first_item(audit: dict) -> str:
    """The first row of a Lighthouse audit's details table, compactly (what failed, where)."""
    items = (audit.get("details") or {}).get("items") or []
    if not items or not isinstance(items[0], dict):
        return ""
    values = []
    for value in items[0].values():
        if isinstance(value, dict):
            value = value.get("snippet") or value.get("selector") or value.get("url") or ""
        if isinstance(value, str) and value.strip():
            values.append(value.strip())
    return " | ".join(values)[:160]


# --------------------------------------------------------------------------- HTML validity

def start_vnu(files: list[Path]) -> subprocess.Popen:
    """One java run for every file (started early; read with finish_vnu)."""
    cmd = ["java", "-jar", str(VNU_JAR), "--format", "json", "--errors-only", *map(str, files)]
    return subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def finish_vnu(proc: subprocess.Popen, files: dict[str, Path]) -> dict[str, list[dict]]:
    """name -> the checker's error messages for that file."""
    stdout, stderr = proc.communicate(timeout=600)
    by_path = {p.resolve().as_uri(): name for name, p in files.items()}
    by_path.update({p.resolve().as_uri().replace("file:///", "file:/"): name for name, p in files.items()})
    errors: dict[str, list[dict]] = {name: [] for name in files}
    try:
        messages = json.loads(stderr or stdout)["messages"]
    except (ValueError, KeyError):
        for name in errors:
            errors[name].append({"type": "error", "message": f"vnu did not run: {(stderr or stdout)[-300:]}"})
        return errors
    for m in messages:
        if m.get("type") not in ("error", "non-document-error"):
            continue
        name = by_path.get(m.get("url", ""))
        if name is None:  # never drop an error silently: charge it to every file
            for each in errors.values():
                each.append({"line": None, "message": f"{m.get('url')}: {m.get('message', '')}", "extract": ""})
            continue
        errors[name].append({"line": m.get("lastLine"), "message": m.get("message", ""),
                             "extract": (m.get("extract") or "").strip()[:120]})
    return errors


def message_kind(message: str) -> str:
    """A checker message with its specifics (quoted values) folded, to group alike errors."""
    return re.sub(r"“[^”]*”", "“…”", message)


# --------------------------------------------------------------------------- budgets

def lighthouse_why(audits: list[dict], diagnostics: bool = True) -> str:
    """The audits that cost a category points (weight > 0), then the diagnostics behind them."""
    def label(a):
        partial = a["score"] is not None and 0 < a["score"] < 1
        return a["id"] + (f" {a['score']:.2f}" if partial else "") + (f" [{a['display']}]" if a.get("display") else "")
    weighted = [label(a) for a in audits if a.get("weight")]
    other = [a["id"] for a in audits if not a.get("weight")]
    text = ", ".join(weighted)
    if other and diagnostics:
        text += ("; " if text else "") + "diagnostics: " + ", ".join(other)
    elif other:
        text += ("; " if text else "") + f"{len(other)} diagnostic(s) in the details"
    return f": {text}" if text else ""


def check_budgets(result: dict) -> list[str]:
    """Every broken budget, one line each ([] when all hold). Only our pages are budgeted."""
    b = BUDGETS
    breaches = []
    pages = result["pages"]
    for name, p in pages.items():
        foreign = list(p.get("foreign_requests", []))
        lh_foreign = sorted({u for run in p.get("lighthouse", {}).values() for u in run.get("foreign_requests", [])})
        if p.get("foreign_request_count", len(foreign)) > b["foreign_requests"]:
            breaches.append(f"{name}: {p.get('foreign_request_count', len(foreign))} request(s) to other hosts: "
                            + ", ".join(foreign[:5]))
        if len(lh_foreign) > b["foreign_requests"]:
            breaches.append(f"{name}: Lighthouse saw {len(lh_foreign)} request(s) to other hosts: "
                            + ", ".join(lh_foreign[:5]))
        if len(p.get("console_errors", [])) > b["console_errors"]:
            breaches.append(f"{name}: {len(p['console_errors'])} console error(s): {p['console_errors'][0][:160]}")
        if len(p.get("page_errors", [])) > b["page_errors"]:
            breaches.append(f"{name}: {len(p['page_errors'])} page error(s): {p['page_errors'][0][:160]}")
        if len(p.get("failed_local", [])) > b["failed_local"]:
            breaches.append(f"{name}: {len(p['failed_local'])} failed local request(s): "
                            + ", ".join(p["failed_local"][:5]))
        axe = p.get("axe", {})
        severe = axe.get("critical", 0) + axe.get("serious", 0)
        if severe > b["axe_critical_serious"]:
            ids = sorted({v["id"] for v in p.get("axe_violations", []) if v.get("impact") in ("critical", "serious")})
            breaches.append(f"{name}: {severe} critical/serious axe violation(s): {', '.join(ids)}")
        if p.get("bytes", 0) > b["max_page_bytes"]:
            breaches.append(f"{name}: {p['bytes']:,} bytes transferred > {b['max_page_bytes']:,}")
        desktop = p.get("lighthouse", {}).get("desktop")
        if desktop is not None:
            if desktop.get("error"):
                breaches.append(f"{name}: Lighthouse (desktop) failed: {desktop['error'][:200]}")
            for cat in LIGHTHOUSE_CATEGORIES:
                score = desktop.get("scores", {}).get(cat)
                if score is None or score < b["lighthouse_min_score"]:
                    breaches.append(f"{name}: Lighthouse {cat} {score} < {b['lighthouse_min_score']} (desktop)"
                                    + lighthouse_why(desktop.get("failing", {}).get(cat, []), diagnostics=False))
    stock = result.get("stock")
    for name, p in pages.items():
        if p.get("status", 200) != 200:
            breaches.append(f"{name}: the page itself answered HTTP {p.get('status')}")
    if pages:
        avg = sum(p.get("bytes", 0) for p in pages.values()) / len(pages)
        if not stock or not stock.get("bytes"):
            breaches.append("no stock page to compare page weight with")
        elif stock.get("status") != 200:
            breaches.append(f"the stock page did not load (HTTP {stock.get('status')}): no weight to compare with")
        elif avg > b["avg_bytes_vs_stock"] * stock["bytes"]:
            breaches.append(f"average page weight {avg:,.0f} bytes > {b['avg_bytes_vs_stock']:g} x the stock "
                            f"page's {stock['bytes']:,} = {b['avg_bytes_vs_stock'] * stock['bytes']:,.0f}")
    return breaches


# --------------------------------------------------------------------------- the report

def short(name: str) -> str:
    return name.removeprefix("chapters/")


def row(name: str, p: dict) -> list[str]:
    lh = p.get("lighthouse", {}).get("desktop")
    if lh is None:
        lh_cell = "-"
    elif lh.get("error") and not any(v is not None for v in lh.get("scores", {}).values()):
        lh_cell = "error"
    else:
        lh_cell = "/".join("?" if lh["scores"].get(c) is None else str(lh["scores"][c]) for c in LIGHTHOUSE_CATEGORIES)
    axe = p.get("axe", {})
    html = p.get("html_errors")
    return [short(name), str(p.get("foreign_request_count", 0)), str(len(p.get("console_errors", []))),
            str(len(p.get("page_errors", []))), str(len(p.get("failed_local", []))),
            f"{p.get('bytes', 0) / 1000:,.0f}", f"{p.get('transfer_bytes', 0) / 1000:,.0f}", "/".join(str(axe.get(i, 0)) for i in IMPACTS), lh_cell,
            "-" if html is None else str(len(html))]


HEADER = ["page (chapters/)", "other hosts", "console err", "page err", "404s", "KB", "KB wire", "axe C/S/M/m",
          "LH P/A/BP/SEO", "HTML err"]


def table(rows: list[list[str]], separators: set[int]) -> str:
    widths = [max(len(r[i]) for r in [HEADER] + rows) for i in range(len(HEADER))]

    def line(r):
        return "  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(r, widths)))
    rule = "  ".join("-" * w for w in widths)
    out = [line(HEADER), rule]
    for i, r in enumerate(rows):
        if i in separators:
            out.append(rule)
        out.append(line(r))
    return "\n".join(out)


def details(p: dict) -> list[str]:
    """What is behind each non-zero cell of a page's row."""
    out = []
    for url in p.get("foreign_requests", []):
        out.append(f"other host: {url}")
    for text in p.get("console_errors", []):
        out.append(f"console: {text[:200]}")
    for text in p.get("page_errors", []):
        out.append(f"page error: {text[:200]}")
    for text in p.get("failed_local", []):
        out.append(f"local: {text}")
    for v in p.get("axe_violations", []):
        out.append(f"axe {v['impact']}: {v['id']} ({v['nodes']} node(s)) {v['help']}"
                   + (f" e.g. {v['targets'][0]}" if v.get("targets") else ""))
    for preset, lh in p.get("lighthouse", {}).items():
        if lh.get("error"):
            out.append(f"Lighthouse {preset} error: {lh['error'][:200]}")
        for cat, audits in lh.get("failing", {}).items():
            why = lighthouse_why(audits)
            out.append(f"Lighthouse {preset} {cat} {lh['scores'].get(cat)}{why or ': (no single failing audit)'}")
            for a in audits:
                if a.get("example") and a.get("weight") and cat != "performance":
                    out.append(f"  {a['id']}: {a['example']}")
        for url in lh.get("foreign_requests", []):
            out.append(f"Lighthouse {preset} other host: {url}")
    kinds = collections.Counter(message_kind(e["message"]) for e in p.get("html_errors") or [])
    for kind, n in kinds.most_common():
        out.append(f"HTML x{n}: {kind[:200]}")
    return out


def report(result: dict, breaches: list[str]) -> str:
    pages, stock = result["pages"], result.get("stock")
    rows = [row(n, p) for n, p in pages.items()]
    seps = set()
    if pages:
        n = len(pages)
        avg = {"bytes": sum(p["bytes"] for p in pages.values()) / n}
        wire = sum(p.get("transfer_bytes", 0) for p in pages.values()) / n
        avg_row = ["(our average)", *(f"{sum(float(r[i]) for r in rows) / n:.1f}" for i in range(1, 5)),
                   f"{avg['bytes'] / 1000:,.0f}", f"{wire / 1000:,.0f}", "", "", ""]
        seps.add(len(rows))
        rows.append(avg_row)
    if stock:
        rows.append(row("stock Jupyter Book", stock))
    lines = [table(rows, seps)]
    landing_mobile = pages.get(LANDING, {}).get("lighthouse", {}).get("mobile")
    if landing_mobile:
        s = landing_mobile.get("scores", {})
        lines.append(f"Lighthouse mobile, {LANDING} (reported, not budgeted): "
                     + "/".join("?" if s.get(c) is None else str(s[c]) for c in LIGHTHOUSE_CATEGORIES))
    stock_mobile = (stock or {}).get("lighthouse", {}).get("mobile")
    if stock_mobile:
        s = stock_mobile.get("scores", {})
        lines.append("Lighthouse mobile, stock page: "
                     + "/".join("?" if s.get(c) is None else str(s[c]) for c in LIGHTHOUSE_CATEGORIES))
    lines.append("KB = response bodies as the page uses them (the budgeted weight); KB wire = as sent "
                 + ("(uncompressed: --no-gzip)" if result.get("gzip") is False else "(the local server gzips text, as a real host does)")
                 + "; axe = violated rules by impact (critical/serious/moderate/minor); "
                 "LH = Lighthouse desktop scores; HTML err = Nu HTML Checker errors.")
    lines.append("")
    lines.append("Details (what is behind the non-zero cells):")
    ours = {name: details(p) for name, p in pages.items()}
    common = [x for x in next(iter(ours.values()), []) if len(ours) > 1 and all(x in d for d in ours.values())]
    if common:
        lines.append(f"  every one of our {len(ours)} pages")
        lines.extend(f"    {x}" for x in common)
    for name, d in ours.items():
        d = [x for x in d if x not in common]
        if d:
            lines.append(f"  {name}")
            lines.extend(f"    {x}" for x in d)
    if stock and details(stock):
        lines.append("  stock Jupyter Book page")
        lines.extend(f"    {x}" for x in details(stock))
    lines.append("")
    if breaches:
        lines.append(f"Budgets broken ({len(breaches)}):")
        lines.extend(f"  - {b}" for b in breaches)
    else:
        lines.append("All budgets hold.")
    return "\n".join(lines)


def summary(result: dict, breaches: list[str]) -> str:
    pages, stock = result["pages"], result.get("stock") or {}
    n = len(pages) or 1
    avg = sum(p["bytes"] for p in pages.values()) / n
    lh = [p["lighthouse"]["desktop"]["scores"] for p in pages.values()
          if p.get("lighthouse", {}).get("desktop", {}).get("scores")]
    lh_min = min((v for s in lh for v in s.values() if v is not None), default=None)
    ratio = f" ({avg / stock['bytes']:.2f} x stock {stock['bytes'] / 1000:,.0f} KB)" if stock.get("bytes") else ""
    return (f"audit: {len(pages)} pages; other-host requests {sum(p['foreign_request_count'] for p in pages.values())}, "
            f"console errors {sum(len(p['console_errors']) for p in pages.values())}, "
            f"page errors {sum(len(p['page_errors']) for p in pages.values())}, "
            f"404s {sum(len(p['failed_local']) for p in pages.values())}, "
            f"avg {avg / 1000:,.0f} KB{ratio}, "
            f"axe critical+serious {sum(p['axe']['critical'] + p['axe']['serious'] for p in pages.values())}, "
            f"lowest Lighthouse {lh_min if lh else 'n/a'}, "
            f"HTML errors {sum(len(p.get('html_errors') or []) for p in pages.values())}; "
            f"{'BUDGETS BROKEN: ' + str(len(breaches)) if breaches else 'all budgets hold'} "
            f"[{result['seconds']:.0f} s]")


# --------------------------------------------------------------------------- main

def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--no-lighthouse", action="store_true", help="skip Lighthouse (quick run)")
    parser.add_argument("--lighthouse-all", action="store_true", help="Lighthouse on every audited page")
    parser.add_argument("--no-gzip", action="store_true",
                        help="serve uncompressed (default: gzip text, as a real static host does)")
    parser.add_argument("--pages", help="comma-separated subset of TOC pages, e.g. chapters/index,chapters/05-performance")
    args = parser.parse_args(argv)
    start = time.perf_counter()

    missing = [str(p.relative_to(ROOT)) for p in (AXE_JS, VNU_JAR) + (() if args.no_lighthouse else (LIGHTHOUSE,))
               if not p.exists()]
    if missing:
        print(f"audit: missing {', '.join(missing)}: run `make audit-tools` (npm ci --prefix tools/audit)",
              file=sys.stderr)
        return 2
    if not Path(CHROMIUM).exists():
        print(f"audit: {CHROMIUM} is missing: run `make browser`", file=sys.stderr)
        return 2
    if not SITE.is_dir():
        time.sleep(15)  # make book empties _build/html before it builds: give a build in progress a moment
    if not SITE.is_dir():
        print("audit: the book is not built: run `make book`", file=sys.stderr)
        return 2

    pages = toc_pages()
    if args.pages:
        wanted = [re.sub(r"\.html$", "", w.strip()) for w in args.pages.split(",") if w.strip()]
        wanted = [w if w in pages or f"chapters/{w}" not in pages else f"chapters/{w}" for w in wanted]
        unknown = [w for w in wanted if w not in pages]
        if unknown:
            print(f"audit: not in _toc.yml: {', '.join(unknown)}", file=sys.stderr)
            return 2
        pages = [p for p in pages if p in wanted]

    work = Path(tempfile.mkdtemp(prefix="audit-"))
    servers: list[http.server.ThreadingHTTPServer] = []
    try:
        stock_html = work / "stock"
        shutil.copytree(stock_site(), stock_html)
        site = snapshot(SITE, pages, work / "html")
        origin, httpd = serve(site, compress=not args.no_gzip)
        servers.append(httpd)
        stock_origin, stock_httpd = serve(stock_html, compress=not args.no_gzip)
        servers.append(stock_httpd)
        files = {name: site / f"{name}.html" for name in pages}
        files[STOCK] = stock_html / "intro.html"
        vnu = start_vnu(list(files.values()))  # java works while the browser does

        targets = {name: (origin, f"{origin}/{name}.html") for name in pages}
        targets[STOCK] = (stock_origin, f"{stock_origin}/intro.html")
        print(f"Auditing {len(pages)} pages and the stock page in {CHROMIUM}...", flush=True)
        browsed = browser_pass(targets)

        for name, errors in finish_vnu(vnu, files).items():
            browsed[name]["html_errors"] = errors
        print("  pa11y: every page", flush=True)
        pa11y = pa11y_audit.run(origin, site, pages if args.pages else None)

        if not args.no_lighthouse:
            # the usual pages among those audited (or, for a subset without them, its first page)
            lh_pages = pages if args.lighthouse_all else [p for p in LIGHTHOUSE_PAGES if p in pages] or pages[:1]
            runs = [(p, "desktop") for p in lh_pages] + [(STOCK, "desktop")]
            if LANDING in pages:
                runs.append((LANDING, "mobile"))
            for name, preset in runs:
                print(f"  lighthouse ({preset}): {name}", flush=True)
                o, url = targets[name]
                browsed[name].setdefault("lighthouse", {})[preset] = lighthouse(name, o, url, preset)
    finally:
        for server in servers:
            server.shutdown()
        shutil.rmtree(work, ignore_errors=True)
    result = {
        "generated": dt.datetime.now().isoformat(timespec="seconds"),
        "site": f"{SITE.relative_to(ROOT)} (a copy taken at the start)",
        "tools": {"chromium": subprocess.run([CHROMIUM, "--version"], capture_output=True, text=True).stdout.strip(),
                  "axe-core": json.loads((TOOLS / "axe-core" / "package.json").read_text())["version"],
                  "vnu-jar": json.loads((TOOLS / "vnu-jar" / "package.json").read_text())["version"],
                  "lighthouse": None if args.no_lighthouse else
                  json.loads((TOOLS / "lighthouse" / "package.json").read_text())["version"],
                  "jupyter-book": jupyter_book_version()},
        "budgets": BUDGETS,
        "lighthouse_run": not args.no_lighthouse,
        "gzip": not args.no_gzip,
        "pages": {name: browsed[name] for name in pages},
        "stock": browsed[STOCK],
    }
    result["pa11y"] = pa11y
    breaches = check_budgets(result) + pa11y_audit.breaches(pa11y)
    result["breaches"] = breaches
    result["seconds"] = round(time.perf_counter() - start, 1)
    OUT_JSON.parent.mkdir(parents=True, exist_ok=True)
    OUT_JSON.write_text(json.dumps(result, indent=1, ensure_ascii=False))
    print()
    print(pa11y_audit.report(pa11y))
    print(report(result, breaches))
    print()
    print(summary(result, breaches))
    print(f"Full results: {OUT_JSON.relative_to(ROOT)}")
    return 1 if breaches else 0


if __name__ == "__main__":
    sys.exit(main())
