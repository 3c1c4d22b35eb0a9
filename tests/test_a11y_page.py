"""What a screen reader and a careful reader meet on the pages: named regions and toggles,
announced changes, real headings, captioned tables with readable headers, figures whose marks
stand out (3:1) in colour and in greyscale, and the search page's form."""

from __future__ import annotations

import re

import expected as ex
import matplotlib
import pandas as pd
import pytest
from conftest import toc_pages
from test_devices import CONTRAST_JS

matplotlib.use("Agg")

INFLUENCES = "/chapters/13-influences.html"


@pytest.fixture
def explorer(page, server):
    page.goto(server + INFLUENCES)
    page.wait_for_selector(".hs-explorer .hs-card-title")
    return page.locator(".hs-explorer").first


# ------------------------------------------------------------------ the explorer, by ear


def test_context_card_is_a_region_titled_by_its_heading(explorer):
    title = explorer.locator(".hs-card-title").inner_text()
    region = explorer.get_by_role("region", name=title)
    assert region.count() == 1
    assert region.get_by_role("heading", name=title, level=3).count() == 1


def test_a_filter_that_swaps_the_influence_is_announced(explorer, page):
    live = explorer.locator(".hs-visually-hidden[aria-live=polite]")
    assert live.count() == 1 and live.inner_text() == ""  # nothing said on first drawing
    before = explorer.locator("select.hs-list").input_value()
    theme = next(t["id"] for t in ex.rows("themes") if before not in ex.matching(theme=t["id"]))
    explorer.get_by_label("Theme", exact=True).select_option(theme)
    now = explorer.locator("select.hs-list").input_value()
    assert now != before
    assert live.inner_text() == f"Showing {ex.influence(now)['title']}."
    explorer.locator("select.hs-list").select_option(sorted(ex.matching(theme=theme) - {now})[0])
    assert live.inner_text() == f"Showing {ex.influence(explorer.locator('select.hs-list').input_value())['title']}."


def test_no_match_empties_the_card_and_offers_to_clear(explorer):
    explorer.get_by_label("Search by title").fill("zzzz")
    card = explorer.locator(".hs-card")
    assert card.locator(".hs-card-title").inner_text() == "No influence matches"
    assert card.locator(".hs-facts, .hs-passages, .hs-related").count() == 0  # not the last influence
    assert explorer.get_by_role("region", name="No influence matches").count() == 1
    card.get_by_role("button", name="Clear the filters").click()
    assert explorer.get_by_label("Search by title").input_value() == ""
    assert explorer.locator("select.hs-list option").count() == len(ex.rows("influences"))
    shown = explorer.locator("select.hs-list").input_value()
    assert card.locator(".hs-card-title").inner_text() == ex.influence(shown)["title"]


def test_long_titles_are_not_cut_off_in_the_list(browser, server):
    context = browser.new_context(viewport={"width": 320, "height": 800})
    page = context.new_page()
    page.goto(server + INFLUENCES)
    page.wait_for_selector(".hs-list option")
    cut = (
        page.locator(".hs-explorer")
        .first.locator(".hs-list option")
        .evaluate_all("os => os.filter(o => o.scrollWidth > o.clientWidth + 1).map(o => o.textContent)")
    )
    longest = max((r["title"] for r in ex.rows("influences")), key=len)
    assert cut == [], f"cut off at 320 px: {cut}"
    assert page.locator(".hs-list option").filter(has_text=longest).first.get_attribute("title").startswith(longest)
    context.close()


# ------------------------------------------------------------------ toggles, search, headings


def test_answer_toggles_are_named_by_their_visible_text(page, server):
    page.goto(server + "/chapters/05-performance.html")
    page.wait_for_selector("button.toggle-button")
    buttons = page.locator("button.toggle-button")
    assert page.get_by_role("button", name="Toggle hidden content").count() == 0
    titles = [t.strip() for t in page.locator(".admonition.toggle > .admonition-title").all_inner_texts()]
    names = buttons.evaluate_all("bs => bs.map(b => b.getAttribute('aria-label'))")
    assert len(names) == len(titles) >= 1  # the close reading's model answer (the self-check is a quiz now)
    for name, title in zip(names, titles, strict=False):
        assert name.lower().startswith(title.splitlines()[0].strip().lower()) and name.endswith(", show"), (name, title)
    first = page.get_by_role("button", name="Model answer, show").first
    first.focus()
    page.keyboard.press("Enter")
    assert buttons.first.get_attribute("aria-label").endswith(", hide")
    assert buttons.first.get_attribute("aria-expanded") == "true"


def test_search_page_announces_its_result_and_has_a_usable_form(page, server):
    page.goto(server + "/search.html?q=Showgirls")
    page.wait_for_function(
        "(document.querySelector('#search-results [role=status]') || {}).textContent"
        " && document.querySelector('#search-results [role=status]').textContent.includes('Search finished')"
    )
    form = page.locator(".bd-search-container form.bd-search")
    assert form.get_by_role("button", name="Search").count() == 1  # a submit button (pa11y H32.2)
    icon, field = form.locator("i.fa-magnifying-glass"), form.locator("input[name=q]")
    text_starts = field.evaluate("e => e.getBoundingClientRect().left + parseFloat(getComputedStyle(e).paddingLeft)")
    assert icon.bounding_box()["x"] + icon.bounding_box()["width"] <= text_starts, "the icon covers the query"
    kbd = page.evaluate(CONTRAST_JS, ".bd-search-container .search-button__kbd-shortcut")
    assert kbd and min(t["ratio"] for t in kbd) >= 4.5, kbd
    form.get_by_role("button", name="Search").click()  # the button sends the query
    page.wait_for_url(re.compile(r"search\.html\?q=Showgirls"))


def test_bold_lead_ins_are_headings(site):
    lead_in = re.compile(r"<p><strong>[^<]{1,60}:</strong></p>\s*<ul")
    for name in toc_pages():
        html = (site / f"{name}.html").read_text(encoding="utf-8")
        assert not lead_in.search(html), f"{name}: a bold paragraph does a heading's job"
    performance = (site / "chapters/05-performance.html").read_text(encoding="utf-8")
    assert re.search(r'<h3 class="[^"]*\brubric\b[^"]*"[^>]*>Further viewing</h3>', performance)


# ------------------------------------------------------------------ tables


def test_every_table_has_a_caption_and_output_tables_readable_headers(site):
    raw = {"raised_by", "title", "kind", "year", "creator", "order", "speaker", "name", "role", "actor", "character"}
    for name in toc_pages():
        html = (site / f"{name}.html").read_text(encoding="utf-8")
        html = re.sub(r"<script.*?</script>", "", html, flags=re.S)
        for table in re.findall(r"<table.*?</table>", html, re.S):
            caption = re.search(r"<caption[^>]*>(.*?)</caption>", table, re.S)
            assert caption and re.sub("<[^>]+>", "", caption.group(1)).strip(), f"{name}: a table without a caption"
        for out in re.findall(r'<div class="cell_output.*?(?=<div class="cell|</section>)', html, re.S):
            heads = {re.sub("<[^>]+>", "", h).strip() for h in re.findall(r"<th[^>]*>(.*?)</th>", out, re.S)}
            assert not heads & raw, f"{name}: raw column names as headers: {heads & raw}"


def test_table_helper_labels_headers_and_values_and_takes_a_caption():
    from hersmell.display import Table

    frame = pd.DataFrame(
        {"title": ["Amy"], "raised_by": ["moss-via-perry"], "speaker": ["perry"], "kind": ["film-series"]}
    )
    text = Table(frame)._repr_markdown_()
    assert text.splitlines()[0] == "| Title | Brought up by | Speaker | Kind |"
    assert "Moss, as Perry reports" in text and "Alex Ross Perry" in text and "film series" in text
    assert "moss-via-perry" not in text
    captioned = Table(frame, caption="Works Moss studied")._repr_markdown_()
    assert captioned.startswith("```{table} Works Moss studied\n| Title |") and captioned.endswith("\n```")


def test_picker_shows_labels_in_print_too():
    from hersmell.widgets import TablePicker

    picker = TablePicker(pd.DataFrame({"raised_by": ["perry", "interviewer"], "title": ["A", "B"]}), key="raised_by")
    assert picker.to_markdown().splitlines()[0] == "| Brought up by | Title |"
    assert "The interviewer" in picker.to_markdown()
    assert picker.selected["raised_by"].tolist() == ["perry"]  # Python still reads the data's ids


# ------------------------------------------------------------------ figures


def _luminance(rgb) -> float:
    f = [(v / 12.92) if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4 for v in rgb[:3]]
    return 0.2126 * f[0] + 0.7152 * f[1] + 0.0722 * f[2]


def _contrast_on_white(rgb) -> float:
    return 1.05 / (_luminance(rgb) + 0.05)


def _marks(fig):
    """(what outlines or fills each mark, whether it is filled) for every scatter collection."""
    from matplotlib.collections import PathCollection

    out = []
    for coll in fig.axes[0].collections:
        if not isinstance(coll, PathCollection) or not len(coll.get_offsets()):
            continue
        faces, edges, widths = coll.get_facecolors(), coll.get_edgecolors(), coll.get_linewidths()
        filled = len(faces) > 0 and faces[0][3] > 0
        outlined = len(edges) > 0 and edges[0][3] > 0 and widths[0] > 0
        strongest = max(
            ([_contrast_on_white(edges[0])] if outlined else []) + ([_contrast_on_white(faces[0])] if filled else [])
        )
        out.append((strongest, filled, faces[0] if filled else None))
    return out


@pytest.mark.parametrize("highlight", [None, "performance", "ending"])
def test_every_chart_mark_stands_out_three_to_one(highlight):
    from hersmell.figures import influence_timeline, theme_tracker

    for fig in (theme_tracker(highlight=highlight), influence_timeline()):
        marks = _marks(fig)
        assert marks, "no marks found: the check is broken"
        assert min(m[0] for m in marks) >= 3.0, [round(m[0], 2) for m in marks]
        matplotlib.pyplot.close(fig)


def test_a_highlighted_theme_stands_out_in_greyscale():
    from hersmell.figures import theme_tracker

    fig = theme_tracker(highlight="performance")
    marks = _marks(fig)
    filled = [m for m in marks if m[1]]
    # the highlighted row is the only filled one, and dark enough to read as such in greyscale
    assert filled and len(filled) < len(marks)
    assert all(_luminance(m[2]) < 0.3 for m in filled)
    matplotlib.pyplot.close(fig)
