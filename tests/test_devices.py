"""Every reader, every device: phone widths, 200% zoom, dark mode and keyboard focus, on every page.

Headless Debian chromium (Playwright). What a phone reader, a keyboard reader, a reader with
large text and a dark-mode reader each need:

- at 390 and 320 px the sidebar toggles open and close their panels, by mouse and by keyboard,
  and nothing scrolls sideways (nor is a "Next" link cut off);
- at 200% zoom (a 1280 px window is a 640 px page) the same holds;
- in dark mode, by the system setting and by the theme's own switch, text in outputs and widgets
  has at least 4.5:1 contrast and figures keep the light ground their marks are drawn for (the
  marks' own 3:1 is checked in test_a11y_page.py);
- every focusable control in the page header shows a visible focus ring.
"""

from __future__ import annotations

import re

import pytest
from conftest import toc_pages
from playwright.sync_api import TimeoutError as PlaywrightTimeout

PAGES = toc_pages()
PHONES = (390, 320)
TOGGLES = {
    "primary": ("pst-primary-sidebar-modal", ".bd-docs-nav"),
    "secondary": ("pst-secondary-sidebar-modal", ".page-toc"),
}

# Contrast of every visible text in outputs and widgets, from computed styles: the text colour
# (with the opacity of its ancestors) over the ground its ancestors paint, layer by layer.
CONTRAST_JS = """(selector) => {
  const parse = (c) => { const m = /rgba?\\(([^)]+)\\)/.exec(c || ""); if (!m) return null;
    const p = m[1].split(/[\\s,\\/]+/).filter(Boolean).map(Number); return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1]; };
  const over = (top, under) => [0, 1, 2].map((i) => top[i] * top[3] + under[i] * (1 - top[3])).concat([1]);
  const lum = (c) => { const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(c[0]) + 0.7152 * f(c[1]) + 0.0722 * f(c[2]); };
  const ground = (el) => { const layers = [];
    for (let e = el; e; e = e.parentElement) { const c = parse(getComputedStyle(e).backgroundColor);
      if (c && c[3] > 0) { layers.push(c); if (c[3] >= 1) break; } }
    let g = [255, 255, 255, 1]; for (const l of layers.reverse()) g = over(l, g); return g; };
  const seen = new Set(), out = [];
  for (const root of document.querySelectorAll(selector)) {
    for (const el of [root, ...root.querySelectorAll("*")]) {
      if (seen.has(el)) continue; seen.add(el);
      const text = [...el.childNodes].filter((n) => n.nodeType === 3).map((n) => n.textContent).join("").trim();
      if (!text || el.closest(".hs-visually-hidden, script, style, svg, option")) continue;
      const r = el.getBoundingClientRect(), cs = getComputedStyle(el);
      if (r.width === 0 || r.height === 0 || cs.visibility === "hidden") continue;
      let alpha = 1; for (let e = el; e; e = e.parentElement) alpha *= Number(getComputedStyle(e).opacity);
      const fg = parse(cs.color); fg[3] *= alpha;
      const bg = ground(el), shown = over(fg, bg);
      const [a, b] = [lum(shown), lum(bg)].sort((x, y) => y - x);
      out.push({ text: text.slice(0, 50), tag: el.tagName, cls: String(el.className).slice(0, 40),
                 color: cs.color, ground: `rgb(${bg.slice(0, 3).map(Math.round).join(", ")})`,
                 ratio: Math.round(((a + 0.05) / (b + 0.05)) * 100) / 100 });
    }
  }
  return out;
}"""


@pytest.fixture
def context_for(browser):
    made = []

    def make(**kwargs):
        context = browser.new_context(**kwargs)
        made.append(context)
        return context

    yield make
    for context in made:
        context.close()


def goto(context, server, name):
    page = context.new_page()
    page.goto(f"{server}/{name}.html")
    page.wait_for_load_state("load")
    return page


def sideways(page) -> dict:
    """How far the page scrolls sideways, and links cut off at their box (prev/next)."""
    return page.evaluate("""() => ({
      scroll: document.documentElement.scrollWidth - window.innerWidth,
      cut: [...document.querySelectorAll('.prev-next-area a, .prev-next-area p')]
        .filter((e) => e.clientWidth > 0 && e.scrollWidth > e.clientWidth + 1).map((e) => e.textContent.trim())})""")


def check_toggles(page, width):
    toggles = 0
    for which, (dialog_id, content) in TOGGLES.items():
        button = page.locator(f".bd-header-article .{which}-toggle")
        if button.count() == 0 or not button.is_visible():
            assert which == "secondary", f"{width}px: no visible {which} sidebar toggle"
            continue  # a page without an in-page contents list has no secondary toggle
        toggles += 1
        dialog = page.locator(f"#{dialog_id}")

        def assert_open(how):
            page.wait_for_function(f"document.getElementById('{dialog_id}').open", timeout=10000)
            assert dialog.locator(content).first.is_visible(), f"{width}px {which} {how}: the panel is empty"

        def assert_closed(how):
            page.wait_for_function(f"!document.getElementById('{dialog_id}').open", timeout=10000)
            try:  # the panel may still be fading out on a busy machine: wait for it to go
                dialog.locator(content).first.wait_for(state="hidden", timeout=10000)
            except PlaywrightTimeout:
                raise AssertionError(f"{width}px {which} {how}: still shown") from None

        # by mouse: open with a click, close with a click outside the panel (the backdrop)
        button.click()
        assert_open("mouse")
        box = dialog.bounding_box()
        page.mouse.click(min(box["x"] + box["width"] + 20, width - 5) if which == "primary" else 5, 300)
        assert_closed("mouse (backdrop)")
        # by keyboard: Enter opens, Escape closes and gives focus back; Space opens too
        button.focus()
        page.keyboard.press("Enter")
        assert_open("Enter")
        page.keyboard.press("Escape")
        assert_closed("Escape")
        assert page.evaluate("document.activeElement") == button.evaluate("b => b"), "focus did not come back"
        page.keyboard.press("Space")
        assert_open("Space")
        page.keyboard.press("Escape")
        assert_closed("Escape after Space")
    assert toggles >= 1


@pytest.mark.parametrize("width", PHONES)
@pytest.mark.parametrize("name", PAGES)
def test_phone_sidebars_open_and_close_by_mouse_and_keyboard(context_for, server, name, width):
    page = goto(context_for(viewport={"width": width, "height": 740}, has_touch=False), server, name)
    check_toggles(page, width)


@pytest.mark.parametrize("width", PHONES)
def test_nothing_scrolls_sideways_on_a_phone(context_for, server, width):
    context = context_for(viewport={"width": width, "height": 740})
    problems = {}
    for name in [*PAGES, "search"]:
        page = goto(context, server, name)
        found = sideways(page)
        if found["scroll"] > 0 or found["cut"]:
            problems[name] = found
        page.close()
    assert problems == {}


def test_200_percent_zoom_reflows_and_navigation_works(context_for, server):
    # a 1280 x 800 window at 200%: the page lays out in 640 x 400 CSS pixels, each drawn twice as large
    context = context_for(viewport={"width": 640, "height": 400}, device_scale_factor=2)
    problems = {}
    for name in PAGES:
        page = goto(context, server, name)
        found = sideways(page)
        if found["scroll"] > 0 or found["cut"]:
            problems[name] = found
        if name in (PAGES[0], "chapters/13-influences"):
            check_toggles(page, 640)
        page.close()
    assert problems == {}


def low_contrast(page, checked: list) -> list[dict]:
    texts = page.evaluate(CONTRAST_JS, ".cell_output, .hs-widget")
    checked.extend(texts)
    return [t for t in texts if t["ratio"] < 4.5]


def dark_by_switch(context, server, name):
    page = goto(context, server, name)
    for _ in range(3):  # the theme's switch cycles auto -> light -> dark
        if page.evaluate("document.documentElement.dataset.theme") == "dark":
            break
        page.locator(".theme-switch-button").first.click()
    assert page.evaluate("document.documentElement.dataset.theme") == "dark"
    return page


@pytest.mark.parametrize("how", ["system", "switch"])
def test_dark_mode_text_in_outputs_and_widgets_has_contrast(context_for, server, how):
    context = context_for(color_scheme="dark" if how == "system" else "light", viewport={"width": 1280, "height": 900})
    failures, checked = {}, []
    for name in PAGES:
        page = goto(context, server, name) if how == "system" else dark_by_switch(context, server, name)
        assert page.evaluate("document.documentElement.dataset.theme") == "dark"
        bad = low_contrast(page, checked)
        if bad:
            failures[name] = bad[:5]
        # figures keep the light ground their marks are drawn for (>= 3:1 on white)
        for ground, dimmed in page.locator("figure img").evaluate_all(
            "is => is.map(i => [getComputedStyle(i).backgroundColor, getComputedStyle(i).filter])"
        ):
            assert sum(int(v) for v in re.findall(r"\d+", ground)[:3]) > 600, (name, ground)
            assert dimmed == "none", f"{name}: the figure is dimmed ({dimmed}), its marks lose contrast"
        page.close()
    assert len(checked) > 500, "hardly any text found in outputs and widgets: the check is broken"
    assert failures == {}


def test_light_mode_text_in_outputs_and_widgets_has_contrast(context_for, server):
    context = context_for(color_scheme="light", viewport={"width": 1280, "height": 900})
    failures, checked = {}, []
    for name in PAGES:
        page = goto(context, server, name)
        bad = low_contrast(page, checked)
        if bad:
            failures[name] = bad[:5]
        page.close()
    assert len(checked) > 500, "hardly any text found in outputs and widgets: the check is broken"
    assert failures == {}


def header_controls(page):
    return [
        c
        for c in page.locator(
            ".bd-header-article :is(button, a[href], [tabindex='0']), .bd-header :is(button, a[href], [tabindex='0'])"
        ).all()
        if c.is_visible()
    ]


@pytest.mark.parametrize("width", [1280, 390])
def test_every_header_control_shows_visible_focus(context_for, server, width):
    page = goto(context_for(viewport={"width": width, "height": 800}), server, "chapters/13-influences")
    controls = header_controls(page)
    names = [c.get_attribute("aria-label") or c.get_attribute("title") or c.inner_text().strip() for c in controls]
    assert "Toggle primary sidebar" in names
    if width == 1280:
        assert "Download this page" in names
    page.keyboard.press("Tab")  # the reader uses the keyboard: focus rings apply (:focus-visible)
    for control, name in zip(controls, names, strict=False):
        box = control.bounding_box()
        clip = {
            "x": max(box["x"] - 6, 0),
            "y": max(box["y"] - 6, 0),
            "width": box["width"] + 12,
            "height": box["height"] + 12,
        }
        page.evaluate("document.activeElement && document.activeElement.blur()")
        before = page.screenshot(clip=clip)
        control.focus()
        ring = control.evaluate("""e => { const s = getComputedStyle(e);
          return { visible: e.matches(':focus-visible'), outline: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2,
                   shadow: s.boxShadow !== 'none' }; }""")
        after = page.screenshot(clip=clip)
        assert ring["visible"], f"{name}: not :focus-visible after keyboard focus"
        assert ring["outline"] or ring["shadow"], f"{name}: no outline or box-shadow on focus"
        assert before != after, f"{name}: the focused control looks the same as the unfocused one"
