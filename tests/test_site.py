"""Reading experience of the published pages: findable, printable, dark-mode safe, a 404 page."""
import re

from conftest import toc_pages


def test_every_page_has_a_meta_description_and_open_graph_tags(site):
    for page in toc_pages():
        html = (site / f"{page}.html").read_text(encoding="utf-8")
        description = re.search(r'<meta name="description" content="([^"]{20,})"', html)
        assert description, page
        assert f'<meta property="og:description" content="{description.group(1)}"' in html
        assert '<meta property="og:title"' in html


def test_sitemap_lists_every_chapter(site):
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    for page in toc_pages():
        assert f"{page}.html</loc>" in sitemap
    assert "Allow: /" in (site / "robots.txt").read_text(encoding="utf-8")


def test_no_icon_script_is_loaded(site):
    pages = [p for p in site.rglob("*.html") if p.relative_to(site).parts[0] != "_static"]
    assert pages and not any("fontawesome.js" in p.read_text(encoding="utf-8") for p in pages)


def test_not_found_page_links_home(page, server):
    page.goto(server + "/404.html")
    assert page.get_by_role("heading", name="Page not found").count() == 1
    page.get_by_role("link", name="Go to the start of the guide").click()
    page.wait_for_url("**/chapters/index.html")


def test_print_view_hides_navigation_and_keeps_text(page, server):
    page.goto(server + "/chapters/05-performance.html")
    page.emulate_media(media="print")
    assert page.locator(".bd-sidebar-primary").is_hidden()
    assert page.locator("h1").first.is_visible()
    assert page.locator("figure img").first.is_visible()


def test_dark_mode_keeps_widgets_and_figures_readable(browser, server):
    context = browser.new_context(color_scheme="dark")
    page = context.new_page()
    page.goto(server + "/chapters/13-influences.html")
    page.wait_for_selector(".hs-card-title")
    assert page.evaluate("document.documentElement.dataset.theme") == "dark"
    select_bg = page.locator(".hs-list").evaluate("e => getComputedStyle(e).backgroundColor")
    text = page.locator(".hs-card-title").evaluate("e => getComputedStyle(e).color")
    assert select_bg != "rgb(255, 255, 255)" and text != "rgb(0, 0, 0)"
    img_bg = page.locator("figure img").first.evaluate("e => getComputedStyle(e).backgroundColor")
    assert sum(map(int, re.findall(r"\d+", img_bg)[:3])) > 600  # figures sit on a light ground, not dark
    context.close()


def test_search_works_without_the_index_on_every_page(page, server):
    page.goto(server + "/chapters/18-credits.html")
    assert "searchindex.js" not in page.content()
    page.goto(server + "/search.html?q=Showgirls")
    page.wait_for_selector("#search-results li", timeout=10000)
    assert page.locator("#search-results li").count() >= 2
    assert page.log.console_errors == [] and page.log.page_errors == []
