"""`make bench`: how long an edit takes to show, and how heavy each page is.

Prints (and writes to _build/bench.json):
- the edit loop, as ratios measured in the same run: a no-change `make book`, and a `make book`
  after touching one chapter, each against a no-change rebuild of a stock one-page Jupyter Book
  (built in a temporary folder with the same jupyter-book and flags). Timed in alternating
  rounds (stock, ours, stock, ours...) so a busy machine slows both alike; medians are compared.
- bytes each page of the book loads on a first visit (decoded response bodies, as `make audit`
  counts them) in headless Debian chromium, beside the numbers recorded before the pages were
  slimmed (scripts/bench_before.json, measured on main before issue 16),
- milliseconds from choosing an influence to the updated card and table on the static
  Influences page (median of 20, including the next frame),
- with --clean: a clean build (empty _build, every notebook executed); with --pdf: the PDF,
- the classroom bundle's size, and seconds from unzipping it to every notebook executed in a
  fresh venv made from its requirements.txt alone (``classroom_bundle()``),
- the self-check quiz: click to feedback and bytes per page (scripts/bench_quiz.py).
"""

from __future__ import annotations

import argparse
import functools
import http.server
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import stock_book
from chromium import FLAGS

ROOT = Path(__file__).resolve().parents[1]
SITE = ROOT / "_build" / "html"
BEFORE = Path(__file__).with_name("bench_before.json")
JB = [str(Path(sys.executable).parent / "jupyter-book"), "build"]
STRICT = ["-W", "-n", "--keep-going"]
TOUCHED = ROOT / "chapters" / "05-performance.md"  # a theme chapter: a notebook with an explorer


def timed(cmd: list[str], cwd: Path) -> float:
    start = time.perf_counter()
    out = subprocess.run(cmd, capture_output=True, text=True, cwd=cwd)
    seconds = time.perf_counter() - start
    if out.returncode:
        sys.exit(f"{' '.join(cmd)} failed:\n{out.stdout[-3000:]}{out.stderr[-3000:]}")
    return seconds


def edit_loop(rounds: int) -> dict:
    """Median seconds of the stock rebuild, our no-change and one-chapter `make book`, and ratios."""
    make = ["make", "--no-print-directory", "book"]
    timed(make, ROOT)  # bring the book up to date first
    with tempfile.TemporaryDirectory(prefix="bench-stock-") as tmp:
        stock = stock_book.write_sources(Path(tmp) / "stock")
        stock_cmd = [*JB, str(stock), *STRICT]
        timed(stock_cmd, stock)  # the first (clean) stock build is not what we compare
        times: dict[str, list[float]] = {"stock": [], "no_change": [], "one_chapter": []}
        for _ in range(rounds):
            times["stock"].append(timed(stock_cmd, stock))
            times["no_change"].append(timed(make, ROOT))
            times["stock"].append(timed(stock_cmd, stock))
            os.utime(TOUCHED)
            times["one_chapter"].append(timed(make, ROOT))
    med = {k: statistics.median(v) for k, v in times.items()}
    return {
        "rounds": rounds,
        "stock_rebuild_seconds": round(med["stock"], 2),
        "no_change_seconds": round(med["no_change"], 2),
        "one_chapter_seconds": round(med["one_chapter"], 2),
        "no_change_vs_stock": round(med["no_change"] / med["stock"], 2),
        "one_chapter_vs_stock": round(med["one_chapter"] / med["stock"], 2),
        "all_seconds": {k: [round(x, 2) for x in v] for k, v in times.items()},
    }


def toc_pages() -> list[str]:
    from hersmell.chapter_lint import toc_pages as pages

    return pages(ROOT)


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def page_weights(browser, base: str) -> dict[str, int]:
    weights = {}
    for name in toc_pages():
        context = browser.new_context()  # empty cache: what a first visit costs
        page = context.new_page()
        responses = []
        page.on("response", lambda r: responses.append(r))
        page.goto(f"{base}/{name}.html", wait_until="networkidle")
        weights[name] = sum(len(r.body()) for r in responses if r.status == 200)
        context.close()
    return weights


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


def widget_latency(browser, base: str) -> list[float]:
    page = browser.new_page()
    page.goto(f"{base}/chapters/13-influences.html", wait_until="networkidle")
    ids = page.locator(".hs-explorer select.hs-list option").evaluate_all("os => os.map(o => o.value)")
    times = page.evaluate(LATENCY_JS, (ids * 2)[1:21])
    page.close()
    return times


def browser_numbers() -> tuple[dict[str, int], list[float]]:
    from playwright.sync_api import sync_playwright

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(SITE)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{httpd.server_address[1]}"
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=shutil.which("chromium"), args=FLAGS)
            weights, latency = page_weights(browser, base), widget_latency(browser, base)
            browser.close()
    finally:
        httpd.shutdown()
    return weights, latency


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
    return {
        "bundle_bytes": ZIPS["student"].stat().st_size,
        "teacher_bundle_bytes": ZIPS["teacher"].stat().st_size,
        "bundle_setup_seconds": round(room.setup_seconds, 1),
        "bundle_unzip_to_all_executed_seconds": round(total, 1),
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=3, help="alternating timing rounds (default 3)")
    parser.add_argument("--clean", action="store_true", help="also time a clean build (executes every notebook)")
    parser.add_argument("--pdf", action="store_true", help="also time the PDF build")
    parser.add_argument(
        "--record-before", action="store_true", help=f"write this run's numbers to {BEFORE.name} (the baseline)"
    )
    args = parser.parse_args(argv)
    result: dict = {}
    if args.clean:
        shutil.rmtree(ROOT / "_build", ignore_errors=True)
        result["clean_build_seconds"] = round(timed(["make", "--no-print-directory", "book"], ROOT), 1)
    result["edit_loop"] = loop = edit_loop(args.rounds)
    weights, latency = browser_numbers()
    result["page_bytes"] = weights
    result["average_page_bytes"] = round(sum(weights.values()) / len(weights))
    result["max_page_bytes"] = max(weights.values())
    result["selection_to_table_ms_median"] = round(statistics.median(latency), 2)
    if args.pdf:
        result["pdf_build_seconds"] = round(timed(["make", "--no-print-directory", "pdf"], ROOT), 1)
    before = json.loads(BEFORE.read_text()) if BEFORE.exists() and not args.record_before else None
    if args.record_before:
        BEFORE.write_text(json.dumps(result, indent=1) + "\n")
    result["before"] = before
    (ROOT / "_build").mkdir(exist_ok=True)
    (ROOT / "_build" / "bench.json").write_text(json.dumps(result, indent=2))

    def was(path: list[str], fmt: str = "{}") -> str:
        value = before
        for key in path:
            value = (value or {}).get(key)
        return f"   (before: {fmt.format(value)})" if value is not None else ""

    if "clean_build_seconds" in result:
        print(f"clean build:                {result['clean_build_seconds']:7.1f} s")
    print(f"stock one-page rebuild:     {loop['stock_rebuild_seconds']:7.2f} s  (median of {2 * loop['rounds']})")
    print(
        f"no-change `make book`:      {loop['no_change_seconds']:7.2f} s  = {loop['no_change_vs_stock']:.2f}x stock"
        + was(["edit_loop", "no_change_vs_stock"], "{:.2f}x")
    )
    print(
        f"one chapter touched:        {loop['one_chapter_seconds']:7.2f} s  = {loop['one_chapter_vs_stock']:.2f}x stock"
        + was(["edit_loop", "one_chapter_vs_stock"], "{:.2f}x")
    )
    print(
        f"selection -> updated table on the static Influences page: median "
        f"{result['selection_to_table_ms_median']} ms" + was(["selection_to_table_ms_median"], "{} ms")
    )
    if "pdf_build_seconds" in result:
        print(f"PDF build:                  {result['pdf_build_seconds']:7.1f} s")
    print("bytes per page, first visit (decoded, empty browser cache):")
    old = (before or {}).get("page_bytes", {})
    for name, size in weights.items():
        print(f"  {size:>10,}" + (f"  (before {old[name]:>10,})" if name in old else "") + f"  {name}")
    print(
        f"  {result['average_page_bytes']:>10,}"
        + (f"  (before {before['average_page_bytes']:>10,})" if before else "")
        + "  average"
    )
    print(
        f"  {result['max_page_bytes']:>10,}"
        + (f"  (before {before['max_page_bytes']:>10,})" if before else "")
        + "  heaviest"
    )
    bundle = classroom_bundle()
    result.update(bundle)
    (ROOT / "_build" / "bench.json").write_text(json.dumps(result, indent=2))
    print(
        f"classroom bundle:   {bundle['bundle_bytes']:,} bytes (teacher's {bundle['teacher_bundle_bytes']:,});"
        f" unzip to every notebook executed in a fresh venv: {bundle['bundle_unzip_to_all_executed_seconds']} s"
        f" (of which venv + pip install {bundle['bundle_setup_seconds']} s)"
    )
    import bench_quiz  # the self-check quiz: click to feedback, bytes per page (scripts/bench_quiz.py)

    bench_quiz.main()


if __name__ == "__main__":
    main()
