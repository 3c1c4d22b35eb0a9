"""The influence explorer on the built static site, driven in headless Debian chromium."""

import re

import expected as ex
import pytest

PAGE = "/chapters/13-influences.html"
EXPLORER = ".hs-explorer"


@pytest.fixture
def explorer(page, server):
    page.goto(server + PAGE)
    page.wait_for_selector(f"{EXPLORER} .hs-card-title")
    return page.locator(EXPLORER).first


def listed(explorer) -> list[str]:
    return explorer.locator("select.hs-list option").evaluate_all("os => os.map(o => o.value)")


def card(explorer) -> dict:
    return {
        "title": explorer.locator(".hs-card-title").inner_text(),
        "passages": explorer.locator(".hs-passages tbody tr td:first-child").all_inner_texts(),
        "related": explorer.locator(".hs-related button").evaluate_all("bs => bs.map(b => b.dataset.influence)"),
        "themes": explorer.locator(".hs-links").first.inner_text(),
    }


def theme_titles(iid):
    titles = {r["id"]: r["title"] for r in ex.rows("themes")}
    return {titles[t] for t in ex.themes_of(iid)}


@pytest.mark.parametrize(
    "iid", ["showgirls", "phantom-of-the-opera", "gaga-five-foot-two", "montage-of-heck", "spider-man-films"]
)
def test_choosing_an_influence_shows_its_context(explorer, iid):
    explorer.locator("select.hs-list").select_option(iid)
    shown = card(explorer)
    assert shown["title"] == ex.influence(iid)["title"]
    assert shown["passages"] == [f"Passage {n}" for n in sorted(ex.passage_order(p) for p in ex.passages_of(iid))]
    assert set(shown["related"]) == ex.related_to(iid)
    assert theme_titles(iid) == set(shown["themes"].removeprefix("Themes: ").split(", "))


def test_typing_a_search_narrows_the_list(explorer):
    explorer.get_by_label("Search by title").fill("man")
    assert set(listed(explorer)) == ex.matching(query="man")
    explorer.get_by_label("Search by title").fill("zzzz")
    assert listed(explorer) == []
    assert "No influence matches" in explorer.locator(".hs-status").inner_text()


@pytest.mark.parametrize(
    "label,value,arg",
    [
        ("Theme", "ending", "theme"),
        ("Kind", "documentary", "kind"),
        ("Decade", "1990s", "dec"),
        ("Brought up by", "moss-via-perry", "raised_by"),
    ],
)
def test_each_filter_narrows_the_list(explorer, label, value, arg):
    explorer.get_by_label(label, exact=True).select_option(value)
    visible = listed(explorer)
    assert set(visible) == ex.matching(**{arg: value})
    assert explorer.locator("select.hs-list").input_value() in visible  # selection follows the filter
    assert (
        explorer.locator(".hs-card-title").inner_text()
        == ex.influence(explorer.locator("select.hs-list").input_value())["title"]
    )


def test_filters_combine(explorer):
    explorer.get_by_label("Kind", exact=True).select_option("documentary")
    explorer.get_by_label("Brought up by", exact=True).select_option("perry")
    assert set(listed(explorer)) == ex.matching(kind="documentary") & ex.matching(raised_by="perry")


def test_following_a_related_influence_moves_the_explorer(explorer):
    # an influence, one of its themes, and a related influence that theme's filter hides
    iid, theme, target = next(
        (i["id"], t, sorted(ex.related_to(i["id"]) - ex.matching(theme=t))[0])
        for i in ex.rows("influences")
        for t in sorted(ex.themes_of(i["id"]))
        if ex.related_to(i["id"]) - ex.matching(theme=t)
    )
    explorer.get_by_label("Theme", exact=True).select_option(theme)
    explorer.locator("select.hs-list").select_option(iid)
    explorer.locator(f'.hs-related button[data-influence="{target}"]').click()
    assert explorer.locator(".hs-card-title").inner_text() == ex.influence(target)["title"]
    assert explorer.locator("select.hs-list").input_value() == target
    assert explorer.get_by_label("Theme", exact=True).input_value() == ""  # the hiding filter was cleared


def test_a_passage_link_leads_to_its_card(explorer, page):
    explorer.locator("select.hs-list").select_option("showgirls")
    first = min(ex.passages_of("showgirls"), key=ex.passage_order)
    explorer.locator(".hs-passages a").first.click()
    page.wait_for_url(re.compile(rf"02-interview\.html#passage-{first}$"))
    target = page.locator(f"#passage-{first}")
    assert target.count() == 1
    assert target.inner_text().startswith(f"{ex.passage_order(first)}.")


def test_keyboard_alone_can_choose(explorer, page):
    page.locator("body").click(position={"x": 1, "y": 1})
    for _ in range(80):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('hs-list')"):
            break
    else:
        pytest.fail("Tab never reached the influence list")
    before = explorer.locator(".hs-card-title").inner_text()
    page.keyboard.press("ArrowDown")
    after_id = explorer.locator("select.hs-list").input_value()
    assert explorer.locator(".hs-card-title").inner_text() == ex.influence(after_id)["title"] != before
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"  # focus is visible


def test_explorer_page_is_offline_and_quiet(explorer, page):
    explorer.locator("select.hs-list").select_option("amy")
    page.wait_for_load_state("networkidle")
    assert page.log.foreign() == []
    assert page.log.console_errors == [] and page.log.page_errors == [] and page.log.failed == []


def consistent(explorer):
    """The explorer agrees with itself: list = filters, count = list, card = chosen item."""
    filters = {
        arg: explorer.get_by_label(label, exact=True).input_value()
        for label, arg in (("Theme", "theme"), ("Kind", "kind"), ("Decade", "dec"), ("Brought up by", "raised_by"))
    }
    query = explorer.get_by_label("Search by title").input_value()
    expected = set(ex.matching(query=query)) if query else {r["id"] for r in ex.rows("influences")}
    for arg, value in filters.items():
        if value:
            expected &= ex.matching(**{arg: value})
    shown = listed(explorer)
    assert set(shown) == expected, f"the list does not follow the filters {filters}"
    assert explorer.locator(".hs-status").inner_text().startswith(f"{len(shown)} of ")
    chosen = explorer.locator("select.hs-list").input_value()
    assert chosen in shown
    assert explorer.locator(".hs-card-title").inner_text() == ex.influence(chosen)["title"]
    return filters


def test_back_and_forward_restore_a_consistent_explorer(explorer, page):
    explorer.get_by_label("Theme", exact=True).select_option("persona")
    explorer.get_by_label("Kind", exact=True).select_option("film")
    target = sorted(ex.matching(theme="persona") & ex.matching(kind="film"))[-1]
    explorer.locator("select.hs-list").select_option(target)
    consistent(explorer)
    explorer.locator(".hs-passages a").first.click()
    page.wait_for_url(re.compile(r"02-interview\.html#passage-"))
    for step in (page.go_back, page.go_forward, page.go_back):
        step()
        page.wait_for_load_state("load")
        if "13-influences" in page.url:
            page.wait_for_selector(f"{EXPLORER} .hs-card-title")
            page.wait_for_timeout(300)  # after the browser restores form values
            consistent(page.locator(EXPLORER).first)
