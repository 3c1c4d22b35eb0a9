"""Lighter theme pages (issue 16), as a reader meets them: figures that are small and load when
near, deep links that still land where they point, and nothing of it lost in print."""

from __future__ import annotations

import re

import pytest
from PIL import Image

THEME_PAGE = "chapters/06-addiction"


def test_figures_are_stored_with_a_palette(site):
    figures = sorted((site / "_images").glob("*.png"))
    assert figures
    for png in figures:
        with Image.open(png) as image:
            assert image.mode == "P", png.name  # full colour would be about three times the bytes
        assert png.stat().st_size < 40_000, png.name


def test_figures_carry_their_size_and_load_lazily(site):
    seen = 0
    for html in (site / "chapters").glob("*.html"):
        for tag in re.findall(r"<img [^>]*>", html.read_text(encoding="utf-8")):
            src = re.search(r'src="\.\./([^"]+)"', tag).group(1)
            with Image.open(site / src) as image:
                width, height = image.size
            assert f'width="{width}" height="{height}"' in tag, tag
            assert 'loading="lazy"' in tag, tag
            seen += 1
    assert seen >= 9  # a tracker figure on each theme chapter, and the influences' timeline


def test_the_theme_does_not_preload_its_deferred_scripts(site):
    html = (site / f"{THEME_PAGE}.html").read_text(encoding="utf-8")
    assert 'rel="preload"' not in html
    assert re.search(r'<script defer src="[^"]*scripts/pydata-sphinx-theme\.js', html)  # still loaded


# Records each change of data-theme once the body exists, i.e. once the page can be styled
# (setting the same value again restyles nothing).
# (It runs before the <html> element exists, so it watches the document.)
THEME_WATCH = """
window.__themeSwitches = [];
new MutationObserver((changes) => {
  const values = changes.map((c) => c.oldValue).concat(document.documentElement.dataset.theme);
  changes.forEach((c, i) => {
    if (document.body && values[i] !== values[i + 1]) window.__themeSwitches.push(values[i + 1]);
  });
}).observe(document, { subtree: true, attributes: true, attributeOldValue: true, attributeFilter: ["data-theme"] });
"""


@pytest.mark.parametrize(
    ("scheme", "stored", "theme"),
    [("light", None, "light"), ("dark", None, "dark"), ("light", "dark", "dark"), ("dark", "light", "light")],
)
def test_the_colour_mode_is_settled_before_the_page_is_styled(browser, server, scheme, stored, theme):
    """The head script resolves "auto" as the theme's own script does after load, so that script
    finds nothing to change: no second restyle of the whole page (about 40 ms a load on a phone)."""
    context = browser.new_context(color_scheme=scheme)
    page = context.new_page()
    if stored:
        page.add_init_script(f"localStorage.setItem('mode', '{stored}')")
    page.add_init_script(THEME_WATCH)
    page.goto(f"{server}/{THEME_PAGE}.html")
    page.wait_for_load_state("load")
    page.wait_for_timeout(300)  # the theme's deferred script has run
    assert page.evaluate("document.documentElement.dataset.theme") == theme
    assert page.evaluate("window.__themeSwitches") == []
    context.close()


def test_the_colour_mode_watch_sees_a_late_switch(browser, server):
    """The check above can fail: a switch made after the body exists is recorded."""
    context = browser.new_context()
    page = context.new_page()
    page.add_init_script(THEME_WATCH)
    page.goto(f"{server}/{THEME_PAGE}.html")
    page.wait_for_load_state("load")
    page.evaluate("document.documentElement.dataset.theme = 'auto'")
    page.wait_for_timeout(50)  # observers report after the change
    assert page.evaluate("window.__themeSwitches")[-1:] == ["auto"]
    context.close()


def test_a_lazy_figure_loads_when_the_reader_scrolls_to_it(page, server):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{server}/{THEME_PAGE}.html")
    figure = page.locator("img").first
    figure.scroll_into_view_if_needed()
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=figure.element_handle())
    box = figure.bounding_box()
    assert box["width"] <= 390 and abs(box["height"] / box["width"] - 687 / 1335) < 0.05  # not stretched


@pytest.mark.parametrize("anchor", ["the-theme-in-the-data", "connections-to-other-themes", "self-check"])
def test_a_link_deep_into_a_long_page_lands_on_its_heading(page, server, anchor):
    """A link to a heading far down a long page brings it to the top of a phone's screen, though
    the figures above it load only when near. (content-visibility: auto on the sections, tried for
    speed, left such links up to 5,700 px off.)"""
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{server}/{THEME_PAGE}.html#{anchor}")
    page.wait_for_load_state("networkidle")
    heading = page.locator(f"#{anchor} > h2")
    page.wait_for_timeout(300)
    top, at_bottom = heading.evaluate(
        "h => [h.getBoundingClientRect().top, innerHeight + scrollY >= document.documentElement.scrollHeight - 2]"
    )
    assert 0 <= top < 800, top  # on screen
    assert top < 200 or at_bottom, top  # at the top, unless the page ends first


def test_printing_loads_every_figure(page, server):
    page.goto(f"{server}/{THEME_PAGE}.html")
    assert not page.eval_on_selector_all("img", "imgs => imgs.every(i => i.complete && i.naturalWidth > 0)")
    pdf = page.pdf()  # printing loads the lazy figures too
    assert pdf.startswith(b"%PDF")
    assert page.eval_on_selector_all("img", "imgs => imgs.every(i => i.complete && i.naturalWidth > 0)")
