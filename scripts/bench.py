"""`make bench`: how long the book takes to build and how heavy its pages are.

Prints (and writes to _build/bench.json):
- milliseconds from choosing an influence to the updated card and table on the static
  Influences page (median of 20, including the next frame), and that page's weight against
  a plain text page of the book,
- PDF build seconds and page count (where the TeX tools are installed),
- clean build seconds (empty _build, every notebook executed),
- no-change rebuild seconds, and a rebuild after touching every chapter (Sphinx re-reads
  them all; the execution cache must serve every notebook, none is executed again),
- bytes each page transfers when loaded in headless Debian chromium from 127.0.0.1,
- the classroom bundle's size, and seconds from unzipping it to every notebook executed in a
  fresh venv made from its requirements.txt alone (``classroom_bundle()``).
"""
from __future__ import annotations

import functools
import http.server
import json
import re
import shutil
import statistics
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


def page_weights() -> tuple[dict[str, int], list[float]]:
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
        latency = widget_latency(base, browser)
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
    return weights, latency


LATENCY_JS = """async (ids) => {
  const list = document.querySelector('.hs-explorer select.hs-list');
  const times = [];
  for (const id of ids) {
    const t0 = performance.now();
    list.value = id;
    list.dispatchEvent(new Event('change'));
    await new Promise((r) => requestAnimationFrame(() => r()));
    if (!document.querySelector('.hs-explorer .hs-passages tbody')) throw new Error('no table');
    times.push(performance.now() - t0);
  }
  return times;
}"""


def widget_latency(base: str, browser) -> list[float]:
    page = browser.new_page()
    page.goto(f"{base}/chapters/13-influences.html", wait_until="networkidle")
    ids = page.locator(".hs-explorer select.hs-list option").evaluate_all("os => os.map(o => o.value)")
    times = page.evaluate(LATENCY_JS, (ids * 2)[1:21])
    page.close()
    return times


def pdf_build() -> tuple[float, int] | None:
    if subprocess.run(["bash", "scripts/ensure-tex.sh", "--check"], cwd=ROOT).returncode:
        return None
    start = time.perf_counter()
    subprocess.run(JB + ["--builder", "pdflatex"], cwd=ROOT, check=True, capture_output=True)
    from pypdf import PdfReader
    return time.perf_counter() - start, len(PdfReader(ROOT / "_build/latex/her-smell-guide.pdf").pages)


def classroom_bundle() -> dict:
    """Bytes of the two bundles; seconds to unzip the student one, make a fresh venv, pip install
    its requirements.txt (pip may use its cache), and execute every notebook in it."""
    import tempfile

    sys.path.insert(0, str(ROOT / "tests"))
    from bundle_env import ZIPS, classroom_setup, run_notebook

    with tempfile.TemporaryDirectory(prefix="hersmell-bench-") as tmp:
        start = time.perf_counter()
        room = classroom_setup(Path(tmp), front_ends=False)
        for nb in sorted(room.folder.glob("*.ipynb")):
            run_notebook(nb, room.python)
        total = time.perf_counter() - start
    return {"bundle_bytes": ZIPS["student"].stat().st_size, "teacher_bundle_bytes": ZIPS["teacher"].stat().st_size,
            "bundle_setup_seconds": round(room.setup_seconds, 1),
            "bundle_unzip_to_all_executed_seconds": round(total, 1)}


def main() -> None:
    shutil.rmtree(ROOT / "_build", ignore_errors=True)
    clean_s, clean_exec, _ = build()
    again_s, again_exec, _ = build()
    for md in (ROOT / "chapters").glob("*.md"):
        md.touch()
    touched_s, touched_exec, touched_cached = build()
    weights, latency = page_weights()
    pdf = pdf_build()
    bundle = classroom_bundle()
    plain = weights["chapters/18-credits.html"]
    result = {
        "selection_to_table_ms_median": round(statistics.median(latency), 2),
        "selection_to_table_ms_max": round(max(latency), 2),
        "influences_page_bytes": weights["chapters/13-influences.html"],
        "plain_text_page_bytes": plain,
        "influences_vs_plain_ratio": round(weights["chapters/13-influences.html"] / plain, 2),
        "pdf_build_seconds": round(pdf[0], 1) if pdf else None,
        "pdf_pages": pdf[1] if pdf else None,
        "clean_build_seconds": round(clean_s, 1), "clean_build_notebooks_executed": clean_exec,
        "no_change_rebuild_seconds": round(again_s, 1), "no_change_rebuild_notebooks_executed": again_exec,
        "touched_rebuild_seconds": round(touched_s, 1), "touched_rebuild_notebooks_executed": touched_exec,
        "touched_rebuild_notebooks_from_cache": touched_cached,
        "page_bytes": weights,
        "average_page_bytes": round(sum(weights.values()) / max(1, len(weights))),
        **bundle,
    }
    (ROOT / "_build" / "bench.json").write_text(json.dumps(result, indent=2))
    print(f"clean build:        {clean_s:6.1f} s  ({clean_exec} notebooks executed)")
    print(f"no-change rebuild:  {again_s:6.1f} s  ({again_exec} executed)")
    print(f"touched rebuild:    {touched_s:6.1f} s  ({touched_exec} executed, {touched_cached} from the cache)")
    print(f"selection -> updated table on the static Influences page: median {result['selection_to_table_ms_median']} ms"
          f" (max {result['selection_to_table_ms_max']} ms, 20 selections, next frame included)")
    print(f"Influences page: {result['influences_page_bytes']:,} bytes = {result['influences_vs_plain_ratio']}x"
          f" a plain text page ({plain:,} bytes)")
    if pdf:
        print(f"PDF build:          {pdf[0]:6.1f} s, {pdf[1]} pages")
    else:
        print("PDF build:          not measured (TeX tools missing: make tex)")
    print(f"classroom bundle:   {bundle['bundle_bytes']:,} bytes (teacher's {bundle['teacher_bundle_bytes']:,});"
          f" unzip to every notebook executed in a fresh venv: {bundle['bundle_unzip_to_all_executed_seconds']} s"
          f" (of which venv + pip install {bundle['bundle_setup_seconds']} s)")
    print("bytes per page (first visit, empty browser cache):")
    for rel, size in weights.items():
        print(f"  {size:>10,}  {rel}")
    print(f"  {result['average_page_bytes']:>10,}  average")
    import bench_quiz  # the self-check quiz: click to feedback, bytes per page (scripts/bench_quiz.py)
    bench_quiz.main()


if __name__ == "__main__":
    main()
