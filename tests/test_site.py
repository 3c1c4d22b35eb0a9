"""Reading experience of the published pages: findable, printable, dark-mode safe, a 404 page."""

import re
from html import escape
from types import SimpleNamespace
from xml.etree import ElementTree

import pytest
from conftest import toc_pages


def test_every_page_has_a_meta_description_and_open_graph_tags(site):
    """sphinxext-opengraph's tags, with the front matter's description (hersmell.sitepolish)."""
    for page in toc_pages():
        html = (site / f"{page}.html").read_text(encoding="utf-8")
        descriptions = re.findall(r'<meta name="description" content="([^"]{20,})"', html)
        assert len(descriptions) == 1, page
        assert f'<meta property="og:description" content="{descriptions[0]}"' in html
        assert '<meta property="og:title"' in html
        assert '<meta property="og:type" content="article" />' in html
        assert '<meta property="og:site_name" content="Her Smell, annotated" />' in html
        assert "og:image" not in html, page  # no generated preview cards
        urls = re.findall(r'<meta property="og:url" content="([^"]*)"', html)
        assert all(u.startswith(("https://", "http://")) for u in urls), urls  # absolute, or none


def test_front_matter_descriptions_are_the_pages_descriptions(site):
    page = "chapters/05-performance"
    source = (site.parents[1] / f"{page}.md").read_text(encoding="utf-8")
    front = re.search(r"^description: (.+)$", source, re.M).group(1).strip().strip("\"'")
    html = (site / f"{page}.html").read_text(encoding="utf-8")
    assert f'<meta name="description" content="{escape(front, quote=False)}" />' in html


def test_sitemap_lists_every_page_of_the_book_and_no_other(site):
    """sphinx-sitemap: one <url> per page of the TOC; search, index and 404 are not listed."""
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    root = ElementTree.parse(site / "sitemap.xml").getroot()
    assert root.tag == "{http://www.sitemaps.org/schemas/sitemap/0.9}urlset"
    locs = [u.findtext("s:loc", namespaces=ns) for u in root.findall("s:url", ns)]
    assert sorted(locs) == sorted(f"/{page}.html" for page in toc_pages())  # no html_baseurl: root-relative
    assert "Allow: /" in (site / "robots.txt").read_text(encoding="utf-8")


def test_site_addresses_follow_the_public_address():
    """Once _config.yml names the public address, og:url and the sitemap are absolute under it."""
    from hersmell.sitepolish import site_addresses

    config = SimpleNamespace(
        html_baseurl="https://example.org/her-smell",
        ogp_site_url="",
        ogp_site_name=None,
        site_url=None,
        root_doc="chapters/index",
        html_title="Her Smell, annotated",
        project="",
    )
    site_addresses(SimpleNamespace(config=config), config)
    assert config.ogp_site_url == config.site_url == "https://example.org/her-smell/"
    assert config.ogp_site_name == "Her Smell, annotated"
    assert 'href="/chapters/index.html"' in config.notfound_context["body"]


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


@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_a_printed_explorer_card_keeps_the_text_width_and_leaves_out_the_code(page, server, paper):
    """Print hides the list, and the container query that stacks the card need not apply in a
    print layout: the card must still take the whole column, not the list's narrow one."""
    from io import BytesIO

    from pypdf import PdfReader

    page.goto(server + "/chapters/13-influences.html")
    page.wait_for_selector(".hs-card-title")
    words = page.locator(".hs-facts dd").nth(4).inner_text().split()[:5]  # "What it is"
    assert len(words) == 5
    text = "\n".join(p.extract_text() for p in PdfReader(BytesIO(page.pdf(format=paper))).pages)
    lines = [" ".join(line.split()) for line in text.splitlines()]
    assert any(" ".join(words) in line for line in lines), (words, lines[:60])
    assert "InfluenceExplorer()" not in text  # the code cell is for running, not for print


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


def test_widget_bundles_are_one_shared_file_per_widget(site):
    """No page inlines a widget's module and data: each loads the one shared, content-named file."""
    bundles = {}
    for page in toc_pages():
        html = (site / f"{page}.html").read_text(encoding="utf-8")
        assert "/*hs-bundle:" not in html, page
        assert "application/vnd.jupyter.widget-state+json" not in html, page
        for src in re.findall(r'<script src="([^"]*_static/hersmell/widget-[0-9a-f]{16}\.js)"></script>', html):
            bundles.setdefault(src.rsplit("/", 1)[1], set()).add(page)
    explorer = [name for name, pages in bundles.items() if "chapters/13-influences" in pages]
    assert len(explorer) == 1 and len(bundles[explorer[0]]) >= 9  # the influences page and the eight themes
    assert {p.name for p in (site / "_static" / "hersmell").glob("widget-*.js")} == set(bundles)


def test_the_explorer_works_from_a_file_copy_of_the_site(browser, site, tmp_path):
    import shutil

    copy = shutil.copytree(site, tmp_path / "site")
    page = browser.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto((copy / "chapters" / "05-performance.html").as_uri())
    page.wait_for_selector(".hs-explorer .hs-card-title")
    page.locator(".hs-explorer select.hs-list").select_option(index=1)
    assert page.locator(".hs-explorer .hs-passages tbody tr").count() >= 1
    assert errors == []
    page.close()


def test_pages_ship_one_stylesheet_and_nothing_unused(site):
    """One purged stylesheet per page; no stylesheet, font or source map that nothing loads."""
    for page in [*toc_pages(), "search", "genindex"]:
        sheets = re.findall(
            r'<link\b[^>]*rel="stylesheet"[^>]*href="([^"]+)"', (site / f"{page}.html").read_text(encoding="utf-8")
        )
        assert [s.split("?")[0].rsplit("/", 1)[1] for s in sheets] == ["pages.css"], page
    css = (site / "_static" / "hersmell" / "pages.css").read_text(encoding="utf-8")
    assert len(css) < 150_000  # the theme's own stylesheet alone was 397 KB
    shipped = [p for p in (site / "_static").rglob("*") if p.suffix in (".css", ".map", ".woff", ".woff2", ".ttf")]
    fonts = {p.name for p in shipped if p.suffix.startswith((".woff", ".ttf"))}
    assert fonts and all(name in css for name in fonts)
    assert {p.name for p in shipped if p.suffix in (".css", ".map")} == {"pages.css"}


def test_dropdown_menu_still_opens(page, server):
    page.goto(server + "/chapters/05-performance.html")
    button = page.locator(".dropdown-download-buttons button.dropdown-toggle").first
    button.click()
    menu = page.locator(".dropdown-download-buttons .dropdown-menu").first
    menu.wait_for(state="visible")
    assert menu.evaluate("e => getComputedStyle(e).display") != "none"


@pytest.mark.slow
def test_sitemap_keeps_every_page_after_an_edit_loop_build(tmp_path):
    """After an edit-loop build the sitemap is the same, and the 404 page is built again.
    (Today such a build writes every page again; sitepolish.sitemap_lists_every_page, tested
    below, keeps the sitemap whole also when a build writes fewer.)"""
    from test_build import _build, _mini_book

    book = _mini_book(tmp_path, "# Title\n\nA clean page.\n")
    for name in ("one", "other"):
        (book / "chapters" / f"{name}.md").write_text(f"# Page {name}\n\nAnother page.\n")
    toc = "format: jb-book\nroot: chapters/index\nchapters:\n  - file: chapters/one\n  - file: chapters/other\n"
    (book / "_toc.yml").write_text(toc)
    assert _build(book).returncode == 0
    sitemap = book / "_build" / "html" / "sitemap.xml"
    first = sitemap.read_text(encoding="utf-8")
    assert first.count("<loc>") == 3
    (book / "chapters" / "other.md").write_text("# Other\n\nAnother page, edited.\n")
    result = _build(book)
    assert result.returncode == 0 and "1 changed" in result.stdout, result.stdout[-2000:]
    assert sitemap.read_text(encoding="utf-8") == first
    assert 'id="hs-not-found"' in (book / "_build" / "html" / "404.html").read_text(encoding="utf-8")


def test_sitemap_gets_every_page_whatever_the_build_wrote():
    """sphinx-sitemap queues the pages a build writes (its issue #13); the hook adds the rest."""
    import queue

    from hersmell.sitepolish import sitemap_lists_every_page

    links = queue.Queue()
    links.put(("chapters/two.html", None))  # the one page this build wrote
    app = SimpleNamespace(
        sitemap_links=links,
        builder=SimpleNamespace(format="html", get_target_uri=lambda doc: f"{doc}.html"),
        env=SimpleNamespace(found_docs={"chapters/index", "chapters/one", "chapters/two", "404"}),
        config=SimpleNamespace(sitemap_excludes=["404.html"]),
    )
    sitemap_lists_every_page(app, None)
    assert [links.get_nowait()[0] for _ in range(links.qsize())] == [
        "chapters/index.html",
        "chapters/one.html",
        "chapters/two.html",
    ]
