"""Sphinx hooks that make the published pages lighter, findable and kinder to every reader.

- Each page gets <meta name="description"> and Open Graph tags from its front matter.
- Font Awesome's 1.5 MB SVG-replacement script is left out: the theme's stylesheet already
  draws the same icons from a small local web font. The search index (loaded on every page for
  an inline search that is off) and sphinx-design's unused assets are left out too.
- The site gets a sitemap.xml, a robots.txt and a 404 page.
- sphinx-thebe's assets (Jupyter Book always adds them) are left out: thebe is off.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

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


def site_name(app) -> str:
    return app.config.html_title or app.config.project


def page_meta(app, pagename, templatename, context, doctree):
    meta = app.env.metadata.get(pagename, {})
    description = str(meta.get("description", "")).strip() or site_name(app)
    title = re.sub("<[^>]+>", "", context.get("title", "")) or site_name(app)
    base = (app.config.html_baseurl or "").rstrip("/")
    tags = [
        f'<meta name="description" content="{html.escape(description)}" />',
        f'<meta property="og:title" content="{html.escape(title)}" />',
        f'<meta property="og:description" content="{html.escape(description)}" />',
        '<meta property="og:type" content="article" />',
        f'<meta property="og:site_name" content="{html.escape(site_name(app))}" />',
    ]
    if base:
        tags.append(f'<meta property="og:url" content="{html.escape(f"{base}/{pagename}.html")}" />')
    context["metatags"] = context.get("metatags", "") + "\n" + "\n".join(tags)


NOT_FOUND = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Page not found · {project}</title><meta name="description" content="This page of {project} does not exist.">
<style>body{{font-family:system-ui,sans-serif;max-width:36rem;margin:4rem auto;padding:0 1rem;line-height:1.5;color:#222}}
a{{color:#0b5fcf}}@media (prefers-color-scheme:dark){{body{{background:#121212;color:#ddd}}a{{color:#8ab4f8}}}}</style>
</head><body><main><h1>Page not found</h1>
<p>This page of <em>{project}</em> does not exist, or has moved.</p>
<p><a href="/index.html">Go to the start of the guide</a>, or use the search on any page.</p></main></body></html>
"""


STYLESHEETS = {"hersmell/site.css": "static/site.css", "hersmell/widgets.css": "widgets/widgets.css"}


def finish_site(app, exception):
    if exception is not None or app.builder.format != "html":
        return
    out = Path(app.outdir)
    package = Path(__file__).parent
    for target, source in STYLESHEETS.items():  # the one copy each, from the package
        (out / "_static" / target).parent.mkdir(parents=True, exist_ok=True)
        (out / "_static" / target).write_text((package / source).read_text(encoding="utf-8"), encoding="utf-8")
    pages = []
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
        rel = page.relative_to(out).as_posix()
        if rel.startswith("chapters/"):
            pages.append(rel)
    base = (app.config.html_baseurl or "").rstrip("/")
    urls = "".join(f"  <url><loc>{html.escape(f'{base}/{p}')}</loc></url>\n" for p in pages)
    (out / "sitemap.xml").write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n{urls}</urlset>\n',
        encoding="utf-8",
    )
    # robots.txt may only name the sitemap by its absolute address, known once the site is published
    sitemap_line = f"Sitemap: {base}/sitemap.xml\n" if base else ""
    (out / "robots.txt").write_text(f"User-agent: *\nAllow: /\n{sitemap_line}", encoding="utf-8")
    (out / "404.html").write_text(NOT_FOUND.format(project=html.escape(site_name(app))), encoding="utf-8")


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
    for css in STYLESHEETS:
        app.add_css_file(css)
    app.connect("html-page-context", page_meta)
    app.connect("build-finished", finish_site)
    app.connect("html-page-context", drop_thebe_assets, priority=900)
    app.connect("doctree-resolved", drop_thebe_config, priority=900)
    return extension_metadata()
