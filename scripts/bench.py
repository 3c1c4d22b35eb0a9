"""`make bench`: how long the book takes to build and how heavy its pages are.

Prints (and writes to _build/bench.json):
- clean build seconds (empty _build, every notebook executed),
- no-change rebuild seconds, and a rebuild after touching every chapter (Sphinx re-reads
  them all; the execution cache must serve every notebook, none is executed again),
- bytes each page transfers when loaded in headless Debian chromium from 127.0.0.1.
"""
from __future__ import annotations

import functools
import http.server
import json
import re
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SITE = ROOT / "_build" / "html"
JB = [str(Path(sys.executable).parent / "jupyter-book"), "build", str(ROOT), "-W", "-n", "--keep-going"]
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def build() -> tuple[float, int, int]:
    """Seconds, notebooks executed, notebooks served from the cache."""
    start = time.perf_counter()
    out = subprocess.run(JB, capture_output=True, text=True, cwd=ROOT)
    seconds = time.perf_counter() - start
    if out.returncode:
        sys.exit(out.stdout[-3000:] + out.stderr[-3000:])
    log = out.stdout + out.stderr
    return seconds, len(re.findall(r"Executing notebook", log)), len(re.findall(r"Using cached notebook", log))


def page_weights() -> dict[str, int]:
    from playwright.sync_api import sync_playwright

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    handler = functools.partial(Quiet, directory=str(SITE))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{httpd.server_address[1]}"
    pages = sorted(p.relative_to(SITE).as_posix() for p in (SITE / "chapters").glob("*.html"))
    weights = {}
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=shutil.which("chromium"), args=FLAGS)
        for rel in pages:
            context = browser.new_context()  # empty cache: what a first visit costs
            page = context.new_page()
            sizes = []
            page.on("response", lambda r: sizes.append(r))
            page.goto(f"{base}/{rel}", wait_until="networkidle")
            weights[rel] = sum(len(r.body()) for r in sizes if r.status == 200)
            context.close()
        browser.close()
    httpd.shutdown()
    return weights


def main() -> None:
    shutil.rmtree(ROOT / "_build", ignore_errors=True)
    clean_s, clean_exec, _ = build()
    again_s, again_exec, _ = build()
    for md in (ROOT / "chapters").glob("*.md"):
        md.touch()
    touched_s, touched_exec, touched_cached = build()
    weights = page_weights()
    result = {
        "clean_build_seconds": round(clean_s, 1), "clean_build_notebooks_executed": clean_exec,
        "no_change_rebuild_seconds": round(again_s, 1), "no_change_rebuild_notebooks_executed": again_exec,
        "touched_rebuild_seconds": round(touched_s, 1), "touched_rebuild_notebooks_executed": touched_exec,
        "touched_rebuild_notebooks_from_cache": touched_cached,
        "page_bytes": weights,
        "average_page_bytes": round(sum(weights.values()) / max(1, len(weights))),
    }
    (ROOT / "_build" / "bench.json").write_text(json.dumps(result, indent=2))
    print(f"clean build:        {clean_s:6.1f} s  ({clean_exec} notebooks executed)")
    print(f"no-change rebuild:  {again_s:6.1f} s  ({again_exec} executed)")
    print(f"touched rebuild:    {touched_s:6.1f} s  ({touched_exec} executed, {touched_cached} from the cache)")
    print("bytes per page (first visit, empty browser cache):")
    for rel, size in weights.items():
        print(f"  {size:>10,}  {rel}")
    print(f"  {result['average_page_bytes']:>10,}  average")


if __name__ == "__main__":
    main()
