"""The self-check quiz's figures for `make bench` (bench.py calls main(); also runs alone on a built site).

- milliseconds from a click on an option to its feedback shown, on the static Documentary page
  (median of 20 clicks, the next frame included);
- bytes the quiz adds to each theme chapter's HTML (its container, state and script), raw and gzipped,
  and the bytes of quiz rules in the shared widgets.css.
"""

from __future__ import annotations

import functools
import gzip
import http.server
import json
import re
import shutil
import statistics
import threading
from pathlib import Path

from chromium import FLAGS

ROOT = Path(__file__).resolve().parents[1]
SITE = ROOT / "_build" / "html"
# a quiz on a page: its container, its state and the tag that loads the shared quiz script
QUIZ_HTML = re.compile(
    r'<div class="hs-widget" id="hs-quiz-\d+"[^>]*></div>.*?</script>\s*<script src="[^"]*widget-[0-9a-f]+\.js"></script>',
    re.S,
)

CLICK_JS = """async () => {
  const labels = [...document.querySelectorAll('.hs-quiz fieldset[data-question] label.hs-quiz-option')];
  const times = [], sync = [];
  for (let i = 0; i < 20; i++) {
    // a different option each time (options of one question in turn, then the next question)
    const label = labels[(i * 2 + 1) % labels.length];
    const box = label.closest('fieldset');
    const t0 = performance.now();
    label.click();
    sync.push(performance.now() - t0);  // the feedback is in the DOM when click() returns
    await new Promise((r) => requestAnimationFrame(() => r()));
    if (!box.querySelector('.hs-quiz-feedback').textContent) throw new Error('no feedback');
    times.push(performance.now() - t0);
  }
  return [times, sync];
}"""


def click_to_feedback(base: str, browser) -> tuple[list[float], list[float]]:
    page = browser.new_page()
    page.goto(f"{base}/chapters/11-documentary.html", wait_until="networkidle")
    times = page.evaluate(CLICK_JS)
    page.close()
    return times


def quiz_bytes(site: Path = SITE) -> dict[str, dict[str, int]]:
    out = {}
    for page in sorted((site / "chapters").glob("*.html")):
        found = QUIZ_HTML.findall(page.read_text(encoding="utf-8"))
        if found:
            raw = "".join(found).encode("utf-8")
            out[page.name] = {"bytes": len(raw), "gzip_bytes": len(gzip.compress(raw, 9))}
    return out


def css_bytes() -> int:
    css = (ROOT / "src" / "hersmell" / "widgets" / "widgets.css").read_text(encoding="utf-8")
    return sum(len(line.encode("utf-8")) + 1 for line in css.splitlines() if "hs-quiz" in line)


def main() -> dict:
    from playwright.sync_api import sync_playwright

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(SITE)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=shutil.which("chromium"), args=FLAGS)
            times, sync = click_to_feedback(f"http://127.0.0.1:{httpd.server_address[1]}", browser)
            browser.close()
    finally:
        httpd.shutdown()
    sizes = quiz_bytes()
    if not sizes:
        raise SystemExit("bench: no quiz found on any page (has the widget markup changed? see QUIZ_HTML)")
    result = {
        "quiz_click_to_feedback_ms_median": round(statistics.median(times), 2),
        "quiz_click_to_feedback_ms_max": round(max(times), 2),
        "quiz_click_to_dom_updated_ms_median": round(statistics.median(sync), 2),
        "quiz_bytes_per_chapter": sizes,
        "quiz_bytes_median": round(statistics.median(s["bytes"] for s in sizes.values())),
        "quiz_gzip_bytes_median": round(statistics.median(s["gzip_bytes"] for s in sizes.values())),
        "quiz_css_bytes": css_bytes(),
    }
    path = ROOT / "_build" / "bench-quiz.json"
    path.write_text(json.dumps(result, indent=2))
    print(
        f"quiz: click -> feedback shown, median {result['quiz_click_to_feedback_ms_median']} ms"
        f" (max {result['quiz_click_to_feedback_ms_max']} ms, 20 clicks, next frame included;"
        f" DOM updated in {result['quiz_click_to_dom_updated_ms_median']} ms)"
    )
    print(
        f"quiz: bytes added to a theme chapter's HTML, median {result['quiz_bytes_median']:,}"
        f" ({result['quiz_gzip_bytes_median']:,} gzipped); quiz rules in widgets.css {result['quiz_css_bytes']:,} bytes"
    )
    for name, s in sizes.items():
        print(f"  {s['bytes']:>8,}  {s['gzip_bytes']:>7,} gz  {name}")
    return result


if __name__ == "__main__":
    main()
