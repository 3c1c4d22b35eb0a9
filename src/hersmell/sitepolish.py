"""Sphinx hooks that make the published pages lighter, findable and kinder to every reader.

Maintained extensions do the site's chores (registered and set in _config.yml): sphinx-sitemap
writes sitemap.xml, sphinxext-opengraph the Open Graph and meta description tags,
sphinx-notfound-page the 404 page in the book's theme. What is ours:

- Their settings that follow from the book's own: a page's description is its front matter's
  (sphinxext-opengraph would take its first paragraph); og:url and the sitemap's absolute
  addresses come from html_baseurl (the public address), once it is set. The sitemap lists every
  page, whatever a build wrote (sphinx-sitemap alone lists the pages written: its issue #13).
- The 404 page works at any address it is served for: at a server's root, under a sub-path, and
  opened from an offline copy (file://). sphinx-notfound-page writes root-absolute URLs ("/_static/..."),
  which only work at a server's root; here they become relative to the site's root, and a small
  inline script (static/not-found.js) works out where that root is before anything loads.
  (Without scripts the page is plain text, its links relative to the missing address.)
- A robots.txt.
- Font Awesome's 1.5 MB SVG-replacement script is left out: the theme's stylesheet already
  draws the same icons from a small local web font. The search index (loaded on every page for
  an inline search that is off) and sphinx-design's unused assets are left out too.
- sphinx-thebe's assets (Jupyter Book always adds them) are left out: thebe is off.
"""

from __future__ import annotations

import contextlib
import fnmatch
import html
import json
import queue
import re
from pathlib import Path
from urllib.parse import urlsplit

from docutils import nodes

from .sphinx_meta import extension_metadata

FONT_AWESOME_JS = re.compile(r'\s*<script defer src="[^"]*_static/scripts/fontawesome\.js[^"]*"></script>')
# The theme loads the whole search index on every page for an inline search we do not
# enable; the search page loads it itself.
SEARCH_TOOLS = re.compile(r'\s*<script\b[^>]*\bsrc="[^"]*(?:searchtools|language_data|searchindex)\.js[^"]*"></script>')
# Accessibility repairs of the theme's markup (found by axe; see `make audit`):
A11Y_FIXES = [
    # the search button's visible text ("Search Ctrl+K") must contain its accessible name:
    # drop the aria-label and let the visible text name it
    (
        re.compile(r'(<button class="btn search-button-field search-button__button[^"]*"[^>]*?)\s+aria-label="Search"'),
        r"\1",
    ),
    # a citation list's items use the deprecated doc-biblioentry role, which a list may not contain
    (re.compile(r'role="doc-biblioentry"'), 'role="listitem"'),
    # a search form needs a submit button (pa11y H32.2): keyboard, switch and phone users can
    # then send the query without knowing that Enter does it
    (
        re.compile(r'(<form class="bd-search[^"]*"[^>]*>(?:(?!</form>|hs-search-submit).)*?)(</form>)', re.S),
        r'\1  <button type="submit" class="btn hs-search-submit">Search</button>\n\2',
    ),
    # the print-only title of a page without a title (the general index) is an empty heading
    (re.compile(r'(<div id="jb-print-docs-body" class="onlyprint">\s*)<h1></h1>'), r"\1<h1>Index</h1>"),
]
# sphinx-design's stylesheet and tab script, on pages that use none of its components.
DESIGN = re.compile(r"\s*<link [^>]*sphinx-design\.min\.css[^>]*/>|\s*<script [^>]*design-tabs\.js[^>]*></script>")


NOT_FOUND_SCRIPT = Path(__file__).parent / "static" / "not-found.js"
# what sphinx-notfound-page makes root-absolute in the 404 page ("/_static/...", "/chapters/...")
ROOT_ABSOLUTE = re.compile(r'(\b(?:href|src|action|data-content_root)=")/(?!/)')
# what the page loads (the head's links, styles and scripts, the body's script files): written by
# inline scripts, after the <base> that static/not-found.js sets
HEAD_ASSET = re.compile(
    r"[ \t]*(?:(<noscript\b.*?</noscript>)|<link\b[^>]*>|<script\b[^>]*>.*?</script>|<style\b[^>]*>.*?</style>)\n?",
    re.S,
)  # (what <noscript> holds stays: it is for browsers without scripts)
BODY_SCRIPT = re.compile(r'<script\b[^>]*\bsrc="[^"]*"[^>]*></script>')


def site_name(app) -> str:
    return app.config.html_title or app.config.project


def site_addresses(app, config):
    """og:url and the sitemap's addresses are absolute once html_baseurl is set. Until then the
    sitemap lists root-relative addresses (sphinx-sitemap would otherwise write none)."""
    base = (config.html_baseurl or "").rstrip("/")
    if base and not config.ogp_site_url:
        config.ogp_site_url = base + "/"
    if config.ogp_site_name is None:
        config.ogp_site_name = site_name(app)  # the book's title (Jupyter Book leaves `project` unset)
    if not config.site_url:
        config.site_url = base + "/"  # sphinx-sitemap puts it before each page, as it is
    config.notfound_context = {
        "title": "Page not found",
        "body": (
            "<h1>Page not found</h1>\n"
            f"<p>This page of <em>{html.escape(site_name(app))}</em> does not exist, or has moved.</p>\n"
            f'<p><a href="/{config.root_doc}.html">Go to the start of the guide</a>, '
            'or use the contents, the <a href="/genindex.html">index</a> or the search.</p>'
        ),
    }


def sitemap_lists_every_page(app, exception):
    """sphinx-sitemap lists the pages this build wrote (its open issue #13): after an edit-loop
    build, the sitemap would hold the changed pages only. Every page of the book goes in, in order."""
    links = getattr(app, "sitemap_links", None)
    if exception is not None or app.builder.format != "html" or links is None:
        return
    queued = {}
    with contextlib.suppress(queue.Empty):
        while True:
            link, lastmod = links.get_nowait()
            queued[link] = lastmod
    for doc in app.env.found_docs:
        queued.setdefault(app.builder.get_target_uri(doc), None)
    for link in sorted(queued):
        if not any(fnmatch.fnmatch(link, pattern) for pattern in app.config.sitemap_excludes):
            links.put((link, queued[link]))


def describe(app, pagename, templatename, context, doctree):
    """The front matter's description (the site's name where there is none) is the page's meta
    and Open Graph description. Runs before sphinxext-opengraph, which takes og:description from
    the page's metadata; both escape the same way."""
    meta = context.get("meta") or {}
    text = html.escape(str(meta.get("description", "")).strip() or site_name(app), quote=False)
    context["meta"] = {**meta, "og:description": text}
    attribute = text.replace('"', "&quot;")
    context["metatags"] = context.get("metatags", "") + f'\n<meta name="description" content="{attribute}" />'


def drop_relative_og_url(app, pagename, templatename, context, doctree):
    """Open Graph wants an absolute og:url: without a public address there is none to give."""
    if not app.config.ogp_site_url:
        context["metatags"] = re.sub(r'\s*<meta property="og:url" content="[^"]*" />', "", context.get("metatags", ""))


def not_found_toctree(app, pagename, templatename, context, doctree):
    """sphinx-notfound-page's toctree() gives None in a book without a contents tree (a one-page
    book); the theme's sidebar wants markup."""
    toctree = context.get("toctree")
    if pagename == app.config.notfound_pagename and toctree:
        context["toctree"] = lambda *args, **kwargs: toctree(*args, **kwargs) or ""


def not_found_relative(out: Path, pagename: str) -> None:
    """Before the stylesheets are merged (hersmell.lightpages): the 404 page's root-absolute URLs
    become relative to the site's root, where the page itself lies."""
    page = out / f"{pagename}.html"
    if page.exists():
        page.write_text(ROOT_ABSOLUTE.sub(r"\1", page.read_text(encoding="utf-8")), encoding="utf-8")


def _js(value) -> str:
    """A value as JavaScript that no HTML parser (and no regex of ours) reads as tags."""
    return json.dumps(value).replace("<", "\\u003c").replace(">", "\\u003e")


def not_found_anywhere(app, exception):
    """After the stylesheets are merged: the 404 page's stylesheets and scripts are written by
    small inline scripts, after a <base> that points at the site's root wherever the page is
    served (static/not-found.js). In the markup, the browser would fetch them relative to the
    missing address before any script ran."""
    out = Path(app.outdir)
    page = out / f"{app.config.notfound_pagename}.html"
    if exception is not None or app.builder.format != "html" or not page.exists():
        return
    head, body = page.read_text(encoding="utf-8").split("</head>", 1)
    if 'id="hs-not-found"' in head:
        return
    assets = "".join(m.group(0) for m in HEAD_ASSET.finditer(head) if not m.group(1))
    baseurl = app.config.html_baseurl
    settings = {
        "names": sorted(p.name for p in out.iterdir() if not p.name.startswith(".")),
        "prefix": urlsplit(baseurl).path.rstrip("/") + "/" if baseurl else "",
    }
    lines = NOT_FOUND_SCRIPT.read_text(encoding="utf-8").splitlines()
    script = "\n".join(line for line in lines if not line.lstrip().startswith("//"))
    script = script.replace("__SETTINGS__", _js(settings)).replace("__HEAD__", _js(assets))
    head = HEAD_ASSET.sub(lambda m: m.group(0) if m.group(1) else "", head)
    at = head.index(">", head.index("<meta charset")) + 1
    head = f'{head[:at]}\n<script id="hs-not-found">{script}</script>{head[at:]}'
    body = BODY_SCRIPT.sub(lambda m: f"<script>document.write({_js(m.group(0))})</script>", body)
    page.write_text(f"{head}</head>{body}", encoding="utf-8")


STYLESHEETS = {"hersmell/site.css": "static/site.css", "hersmell/widgets.css": "widgets/widgets.css"}


def finish_site(app, exception):
    if exception is not None or app.builder.format != "html":
        return
    out = Path(app.outdir)
    package = Path(__file__).parent
    for target, source in STYLESHEETS.items():  # the one copy each, from the package
        (out / "_static" / target).parent.mkdir(parents=True, exist_ok=True)
        (out / "_static" / target).write_text((package / source).read_text(encoding="utf-8"), encoding="utf-8")
    for page in sorted(out.rglob("*.html")):
        if page.relative_to(out).parts[0] in ("_static", "_sources"):
            continue  # theme templates and sources, not pages
        text = page.read_text(encoding="utf-8")
        slim = FONT_AWESOME_JS.sub("", text)
        if page.name != "search.html":
            slim = SEARCH_TOOLS.sub("", slim)
        if 'class="sd-' not in slim:
            slim = DESIGN.sub("", slim)
        for pattern, repl in A11Y_FIXES:
            slim = pattern.sub(repl, slim)
        if slim != text:
            page.write_text(slim, encoding="utf-8")
    base = (app.config.html_baseurl or "").rstrip("/")
    # robots.txt may only name the sitemap by its absolute address, known once the site is published
    sitemap_line = f"Sitemap: {base}/sitemap.xml\n" if base else ""
    (out / "robots.txt").write_text(f"User-agent: *\nAllow: /\n{sitemap_line}", encoding="utf-8")
    not_found_relative(out, app.config.notfound_pagename)


def launch_buttons_need_a_repository(app, config):
    """Launch buttons open notebooks from the guide's public repository; until _config.yml
    names one (repository.url) they are left out, instead of failing the build."""
    options = config.html_theme_options or {}
    if not options.get("repository_url") and options.get("launch_buttons"):
        options["launch_buttons"] = {
            k: v
            for k, v in options["launch_buttons"].items()
            if k not in ("binderhub_url", "colab_url", "jupyterhub_url", "jupyterlite_url")
        }


def _is_thebe(asset) -> bool:
    name = str(getattr(asset, "filename", asset) or "")
    body = str(getattr(asset, "attributes", {}).get("body", ""))
    return "thebe" in name.lower() or "THEBE" in body


def drop_thebe_assets(app, pagename, templatename, context, doctree):
    """Jupyter Book always loads sphinx-thebe; with thebe off it only adds weight, a CDN
    address, and a script declared twice (a console error). Leave it out of every page."""
    for key in ("script_files", "css_files"):
        if key in context:
            context[key] = [a for a in context[key] if not _is_thebe(a)]


def drop_thebe_config(app, doctree, docname):
    for node in list(doctree.findall(nodes.raw)):
        if "x-thebe-config" in node.astext() or "kernelName =" in node.astext():
            node.parent.remove(node)


def setup(app):
    app.connect("config-inited", launch_buttons_need_a_repository)
    app.connect("config-inited", site_addresses)
    for css in STYLESHEETS:
        app.add_css_file(css)
    app.connect("html-page-context", describe, priority=400)  # before sphinxext-opengraph (500)
    app.connect("html-page-context", drop_relative_og_url, priority=600)  # after it
    app.connect("html-page-context", not_found_toctree, priority=450)  # after sphinx-notfound-page (400)
    app.connect("build-finished", sitemap_lists_every_page, priority=450)  # before sphinx-sitemap writes it (500)
    app.connect("build-finished", finish_site)  # before hersmell.lightpages merges the stylesheets (800)
    app.connect("build-finished", not_found_anywhere, priority=900)  # after it
    app.connect("html-page-context", drop_thebe_assets, priority=900)
    app.connect("doctree-resolved", drop_thebe_config, priority=900)
    return extension_metadata()
