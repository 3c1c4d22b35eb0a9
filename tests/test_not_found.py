"""The 404 page (sphinx-notfound-page, made to work anywhere by hersmell.sitepolish), in Debian's
chromium: served for missing addresses at any depth from a server's root and from a sub-path,
and opened from the files themselves. Each time it must be styled like the book's pages, load
everything it asks for from where it was served, ask no other host, and link to real pages.

Screenshots go to _build/screenshots/not-found-<case>.png."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest
from conftest import PageLog, static_server

SHOTS = Path(__file__).resolve().parents[1] / "_build" / "screenshots"
# Computed styles that only the theme's stylesheet (and its icon font) gives: a page without
# them, or with a wrong base, has the browser's defaults here.
PROBES = """() => {
  const style = (selector, property, pseudo) => {
    const element = document.querySelector(selector);
    return element ? getComputedStyle(element, pseudo || null)[property] : "missing";
  };
  return {
    body_font: style("body", "fontFamily"),
    header_display: style(".bd-header", "display"),
    header_height: style(".bd-header", "height"),
    sidebar_width: style(".bd-sidebar-primary", "width"),
    sidebar_display: style(".bd-sidebar-primary", "display"),
    search_icon_font: style(".search-button__button i, .search-button-field i", "fontFamily", "::before"),
    h1_size: style("main h1", "fontSize"),
    theme_switch: style(".theme-switch-button", "display"),  // shown only where scripts run
    search_button: style(".search-button-field", "display"),
  };
}"""
BROWSER_DEFAULTS = {"body_font": "Times New Roman", "header_display": "block", "sidebar_display": "block"}


@pytest.fixture(scope="module")
def sites(site, tmp_path_factory):
    """The built site served with its 404 page for every missing path: at a server's root, and
    under /sub/ of another server (a link to the same folder)."""
    parent = tmp_path_factory.mktemp("hosted")
    (parent / "sub").symlink_to(site, target_is_directory=True)
    with (
        static_server(site, not_found=site / "404.html") as root,
        static_server(parent, not_found=site / "404.html") as other,
    ):
        yield {"root": root + "/", "sub": other + "/sub/"}


def _styles(page) -> dict:
    return page.evaluate(PROBES)


def _visit(browser, url: str, origin: str, referer: str | None = None):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.log = PageLog(page, origin)
    response = page.goto(url, referer=referer, wait_until="load")
    page.wait_for_load_state("networkidle")
    return context, page, response


def _real(page, url: str, base: str) -> bool:
    """Whether a link leads to a page of the site: a file of the copy, or a 200 from its server."""
    if not url.startswith(base):
        return False
    if url.startswith("file:"):
        return Path(unquote(urlparse(url).path)).is_file()
    return page.request.get(url.split("#")[0]).status == 200


CASES = {
    # case: (site, path below the site's root, the page the reader came from)
    "root-direct": ("root", "404.html", None),
    "root-missing-page": ("root", "no-such-page.html", None),
    "root-deep": ("root", "no/such/folder/at/depth/page.html", None),
    "root-in-chapters": ("root", "chapters/no-such-chapter.html", None),
    "sub-direct": ("sub", "404.html", None),
    "sub-in-chapters": ("sub", "chapters/no-such-chapter.html", None),
    "sub-deep-in-static": ("sub", "_static/no/such/thing/here.html", None),
    "sub-broken-link": ("sub", "an/old/address", "chapters/05-performance.html"),
    "file": ("file", "404.html", None),
}


@pytest.mark.parametrize("case", CASES)
def test_not_found_page_works_at_any_address(browser, site, sites, case):
    where, path, came_from = CASES[case]
    base = site.as_uri() + "/" if where == "file" else sites[where]
    check(browser, base, path, came_from, case)


def test_not_found_page_under_the_public_address(browser, site, tmp_path):
    """With html_baseurl set (here: its path, /guide/, as the build writes it), a missing address
    under it that names nothing of the site, reached without a referrer, still finds the root."""
    page = (site / "404.html").read_text(encoding="utf-8")
    assert '"prefix": ""' in page  # this build has no public address
    not_found = tmp_path / "404.html"
    not_found.write_text(page.replace('"prefix": ""', '"prefix": "/guide/"'), encoding="utf-8")
    (tmp_path / "host").mkdir()
    (tmp_path / "host" / "guide").symlink_to(site, target_is_directory=True)
    with static_server(tmp_path / "host", not_found=not_found) as url:
        check(browser, url + "/guide/", "an/old/address", None, "public-address")


def check(browser, base: str, path: str, came_from: str | None, case: str) -> None:
    """The 404 page at base + path looks and works like the book's pages (see the module's doc)."""
    where = "file" if base.startswith("file:") else "http"
    origin = base if where == "file" else base.split("/", 3)[0] + "//" + base.split("/", 3)[2]
    # the same page, styled by the same stylesheet: what the 404 page must look like
    context, reference, _ = _visit(browser, base + "chapters/index.html", origin)
    expected = _styles(reference)
    context.close()
    assert all(expected[k] != v and v not in expected[k] for k, v in BROWSER_DEFAULTS.items()), expected
    assert "missing" not in expected.values(), expected

    context, page, response = _visit(browser, base + path, origin, came_from and base + came_from)
    try:
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / f"not-found-{case}.png"))
        if where != "file":
            assert response.status == (200 if path == "404.html" else 404)
        assert page.get_by_role("heading", name="Page not found").count() == 1
        assert _styles(page) == expected  # the theme's stylesheet and icon font apply
        log = page.log
        failed = [f for f in log.failed if not f.endswith(" " + base + path)]  # the page itself is a 404
        assert failed == [], failed
        assert log.foreign() == [], log.foreign()
        assert len(log.requests) > 3  # stylesheet and scripts were asked for (from the site: above)
        # the browser logs the 404 of the page itself; anything else is an error of the page
        own = "Failed to load resource: the server responded with a status of 404 (Not Found)"
        errors = list(log.console_errors)
        if response is not None and response.status == 404 and own in errors:
            errors.remove(own)
        assert errors == [] and log.page_errors == [], (log.console_errors, log.page_errors)
        # every link of the page's contents (sidebar), text and search form leads to a real page
        links = page.eval_on_selector_all(".bd-sidebar-primary nav a[href], main a[href]", "as => as.map(a => a.href)")
        assert len(links) >= 20, links
        bad = [u for u in links if not _real(page, u, base)]
        assert bad == [], bad
        assert _real(page, page.eval_on_selector("form.bd-search", "f => f.action"), base)
        # a link to a place on the page stays on the page
        skip = page.eval_on_selector('a[href*="#main-content"]', "a => a.href")
        assert skip == page.url.split("#")[0] + "#main-content"
        # and the way home works
        page.get_by_role("link", name="Go to the start of the guide").click()
        page.wait_for_url(base + "chapters/index.html")
        assert "Page not found" not in page.title() and page.locator("main h1:visible").count() == 1
    finally:
        context.close()
