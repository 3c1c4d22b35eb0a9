"""Lighter pages: the build ships what the pages use, once.

- Widget bundles: a widget's static view carries its module and shared data inline (see
  hersmell.widgets.threeway). Here each page's inline copy moves into one file,
  ``_static/hersmell/widget-<hash>.js``, named by its content: every page with that widget
  loads the same file with a classic ``<script src>`` (cached after the first page; a
  ``file://`` copy still works).
- Stylesheets: each page's local stylesheets are merged, in page order, into one file,
  ``_static/hersmell/pages.css``; PurgeCSS (npm, pinned in tools/build) drops every rule that
  no page, theme template or script of the site uses, and CSSO minifies the rest. The
  stylesheets it replaces are not shipped.
- The notebook's saved widget state (myst-nb puts it in every widget page's head) is left
  out: no widget manager reads it, our static views carry their own. Head scripts are deferred.
- Fonts: the icon fonts are cut down with fontTools to the glyphs the purged stylesheet can
  show; the full fonts are not shipped.
- Scripts a page does not need are left out of it: copy buttons where it has no code, toggles
  where it has nothing to toggle.
- The theme's head (templates/layout.html): its mode script settles light or dark before the
  page is styled, and its deferred scripts are not preloaded.
- Figures: the charts are flat colours on white, so each PNG is stored with a 256-colour
  palette (Pillow), about a third of the bytes with no visible change. The PDF keeps its own
  full-colour copies.

The purge runs only when a page, a script or a stylesheet changed (a no-change build skips it).
"""

from __future__ import annotations

import hashlib
import json
import posixpath
import re
import subprocess
import tempfile
from pathlib import Path

from PIL import Image
from sphinx.errors import ExtensionError

from .sphinx_meta import extension_metadata
from .widgets.bundlemark import BUNDLE_MARK

HERE = Path(__file__).parent
BUNDLE = re.compile(r"<script>" + re.escape(BUNDLE_MARK) + r"([0-9a-f]{16})\*/(.*?)</script>", re.S)
STYLESHEET = re.compile(
    r'[ \t]*<link\b(?=[^>]*\brel="stylesheet")(?![^>]*\bhref="(?:[a-z]+:)?//)'
    r'[^>]*\bhref="([^"?#]+)[^"]*"[^>]*>\n?'
)
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
PAGES_CSS = "_static/hersmell/pages.css"
MANIFEST = "_static/hersmell/pages-css.json"
FONTS = "_static/hersmell/fonts"
CSS_URL = re.compile(r"""url\(\s*(['"]?)([^'")]+)\1\s*\)""")
IMPORT = re.compile(r"""@import\s+(?:url\(\s*)?['"]?([^'")\s;]+)['"]?\s*\)?\s*;""")
FONT_FACE = re.compile(r"@font-face\s*{[^}]*}")
# Scripts a page loads only when it has what they work on.
OPTIONAL_SCRIPTS = {
    # copy buttons: pages with code blocks
    re.compile(r'\s*<script\b[^>]*\bsrc="[^"]*(?:clipboard\.min|copybutton)\.js[^"]*"></script>'): re.compile(
        r'<div class="highlight'
    ),
    # sphinx-togglebutton: toggles, dropdown admonitions, hidden cells
    re.compile(r'\s*<script\b[^>]*\bsrc="[^"]*togglebutton\.js[^"]*"></script>'): re.compile(
        r'class="[^"]*\b(?:toggle|tag_hide[-\w]*|tag_toggle[-\w]*)\b|class="admonition[^"]*\bdropdown\b'
    ),
}
# A figure without loading/size attributes: below the fold on every page, so loaded when near.
FIGURE = re.compile(r'<img (?![^>]*\bloading=)([^>]*\bsrc="([^"]+\.png)"[^>]*?) ?/?>')
# What is shipped only when something links to it.
ASSET_SUFFIXES = (".css", ".map", ".woff2", ".woff", ".ttf", ".eot")


def build_tools(app) -> Path:
    """tools/build with its pinned npm tools: the book's, else the repository the package is in."""
    for root in (Path(app.confdir), HERE.parents[1]):
        tools = root / "tools" / "build"
        if all((tools / "node_modules" / ".bin" / name).exists() for name in ("purgecss", "csso")):
            return tools
    raise ExtensionError("PurgeCSS and CSSO are not installed: run `make book` (or `npm ci --prefix tools/build`)")


def drop_widget_state(app, pagename, templatename, context, doctree):
    """myst-nb embeds the notebook's widget state for a widget manager that pages do not load.
    The head's script files are deferred, so they do not hold up the first paint (the small
    documentation_options.js stays in order: inline scripts after it use what it defines)."""
    if "script_files" not in context:
        return
    defer = pagename != "search"  # the search page's scripts run in the order they were written
    scripts = []
    for js in context["script_files"]:
        attributes = dict(getattr(js, "attributes", {}))
        if attributes.get("type") == WIDGET_STATE:
            continue
        name = str(getattr(js, "filename", "") or "")
        if defer and name and "documentation_options" not in name and not {"defer", "async"} & set(attributes):
            js = type(js)(js.filename, priority=js.priority, **attributes, defer="defer")
        scripts.append(js)
    context["script_files"] = scripts


def share_bundles(app, pagename, templatename, context, doctree):
    """Each inline widget bundle becomes one shared, cached file under _static/hersmell/."""
    body = context.get("body")
    if app.builder.format != "html" or not body or BUNDLE_MARK not in body:
        return

    def shared(match):
        key, script = match.groups()
        name = f"_static/hersmell/widget-{key}.js"
        target = Path(app.outdir) / name
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(BUNDLE_MARK + key + "*/" + script, encoding="utf-8")
        return f'<script src="{context["pathto"](name, 1)}"></script>'

    context["body"] = BUNDLE.sub(shared, body)


def merge_order(lists: list[list[str]]) -> list[str]:
    """One order for every page's stylesheets: each new one goes after its predecessor."""
    order: list[str] = []
    for sheets in lists:
        for i, sheet in enumerate(sheets):
            if sheet not in order:
                after = next((order.index(s) for s in reversed(sheets[:i]) if s in order), -1)
                order.insert(after + 1, sheet)
    return order


def rebase(css: str, source: str, dest: str) -> str:
    """The stylesheet's relative url()s, as seen from dest (both relative to the output folder)."""

    def fix(match):
        url = match.group(2).strip()
        if re.match(r"^(?:[a-z]+:|/|#)", url):
            return match.group(0)
        path, _, _suffix = url.partition("?")
        target = posixpath.normpath(posixpath.join(posixpath.dirname(source), path))
        return f'url("{posixpath.relpath(target, posixpath.dirname(dest))}")'

    return CSS_URL.sub(fix, css)


def inlined(out: Path, source: str, dest: str) -> str:
    """A stylesheet with its @imports inlined, its url()s rebased to dest."""
    parts: list[str] = []

    def imported(match):
        target = posixpath.normpath(posixpath.join(posixpath.dirname(source), match.group(1)))
        if not (out / target).exists():
            return match.group(0)
        parts.append(inlined(out, target, dest))
        return f"/*hs-import-{len(parts) - 1}*/"

    text = rebase(IMPORT.sub(imported, (out / source).read_text(encoding="utf-8")), source, dest)
    return re.sub(r"/\*hs-import-(\d+)\*/", lambda m: parts[int(m.group(1))], text)


def subset_fonts(css: str, out: Path) -> str:
    """Cut each font the stylesheet declares down to the code points it names (content: escapes)."""
    import logging

    from fontTools import subset

    logging.getLogger("fontTools").setLevel(logging.WARNING)  # its INFO lines are not build news
    codepoints = {int(h, 16) for h in re.findall(r"\\([0-9a-fA-F]{4,6})", css)}
    codepoints |= {ord(c) for c in re.findall(r"content:\s*['\"]([^\\'\"])['\"]", css)}
    fonts = out / FONTS
    fonts.mkdir(parents=True, exist_ok=True)
    base = posixpath.dirname(PAGES_CSS)

    def face(match):
        block = match.group(0)
        urls = [u for _, u in CSS_URL.findall(block) if not u.startswith("data:")]
        # fontTools reads TrueType without extra packages (WOFF2 would need brotli)
        source = next((u for u in urls if u.endswith(".ttf")), None)
        path = out / posixpath.normpath(posixpath.join(base, source)) if source else None
        if path is None or not path.exists():
            return block
        options = subset.Options()
        options.flavor = "woff"  # zlib: needs nothing beyond fontTools
        options.layout_features = ["*"]
        font = subset.load_font(str(path), options)
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=codepoints & set(font.getBestCmap() or {}))
        subsetter.subset(font)
        tmp = fonts / (path.stem + ".tmp")
        subset.save_font(font, str(tmp), options)
        digest = hashlib.sha256(tmp.read_bytes()).hexdigest()[:10]
        name = f"{path.stem}.{digest}.woff"
        tmp.replace(fonts / name)
        src = f'src: url("{posixpath.relpath(f"{FONTS}/{name}", base)}") format("woff");'
        return re.sub(r"src:[^;}]*;?", src, block, count=1) if "src:" in block else block

    return FONT_FACE.sub(face, css)


def pages_of(out: Path) -> list[Path]:
    return [p for p in sorted(out.rglob("*.html")) if p.relative_to(out).parts[0] not in ("_static", "_sources")]


def finish(app, exception):
    if exception is not None or app.builder.format != "html":
        return
    out = Path(app.outdir)
    manifest_file = out / MANIFEST
    manifest = json.loads(manifest_file.read_text()) if manifest_file.exists() else {"sources": [], "key": ""}
    pages, lists = {}, [manifest["sources"]]
    for page in pages_of(out):
        rel = page.relative_to(out).as_posix()
        text = page.read_text(encoding="utf-8")
        sheets = [posixpath.normpath(posixpath.join(posixpath.dirname(rel), h)) for h in STYLESHEET.findall(text)]
        lists.append([s for s in sheets if s != PAGES_CSS])
        pages[page] = (rel, text)
    if not any(lists[1:]) and (out / PAGES_CSS).exists():
        unship(out)  # no page was written (Sphinx copied no static file): nothing to merge again
        return
    sources = merge_order(lists)
    missing = [s for s in sources if not (out / s).exists()]
    if missing:  # Sphinx copies every stylesheet whenever it writes a page
        raise ExtensionError(f"stylesheets missing from the build: {missing}; run `make clean book`")
    merged = "".join(inlined(out, s, PAGES_CSS) + "\n" for s in sources)
    scripts = sorted(p for p in (out / "_static").rglob("*.js"))
    digest = hashlib.sha256(merged.encode())
    for _rel, text in pages.values():
        digest.update(STYLESHEET.sub("", text).encode())
    for script in scripts:
        digest.update(script.read_bytes())
    key = digest.hexdigest()[:16]
    if key != manifest["key"] or not (out / PAGES_CSS).exists():
        (out / PAGES_CSS).write_text(subset_fonts(purge(app, out, merged), out), encoding="utf-8")
    version = hashlib.sha256((out / PAGES_CSS).read_bytes()).hexdigest()[:8]
    for page, (rel, text) in pages.items():
        link = f'<link rel="stylesheet" href="{posixpath.relpath(PAGES_CSS, posixpath.dirname(rel))}?v={version}" />\n'
        first = STYLESHEET.search(text)
        slim = STYLESHEET.sub("", text)
        if first:
            slim = slim[: first.start()] + "    " + link + slim[first.start() :]
        for script, needed in OPTIONAL_SCRIPTS.items():
            if not needed.search(slim):
                slim = script.sub("", slim)
        slim = FIGURE.sub(lambda m: lazy_figure(m, out / posixpath.dirname(rel)), slim)
        if slim != text:
            page.write_text(slim, encoding="utf-8")
    manifest_file.write_text(json.dumps({"sources": sources, "key": key}, indent=1))
    unship(out)
    palette_images(out)


def lazy_figure(match: re.Match, folder: Path) -> str:
    """An <img> that loads when it nears the screen, with its size so nothing moves when it does."""
    attributes, src = match.groups()
    with Image.open(folder / src) as image:
        width, height = image.size
    return f'<img {attributes} width="{width}" height="{height}" loading="lazy" decoding="async" />'


def palette_images(out: Path) -> None:
    """Store each full-colour PNG figure with a 256-colour palette, when that is smaller."""
    for png in sorted((out / "_images").glob("*.png")):
        with Image.open(png) as image:
            if image.mode not in ("RGB", "RGBA"):
                continue  # already a palette (a no-change build), or greyscale
            image.load()
        # fast octree is Pillow's quantizer that keeps the alpha channel
        small = image.quantize(colors=256, method=Image.Quantize.FASTOCTREE)
        trial = png.with_suffix(".palette.png")
        small.save(trial, optimize=True)
        if trial.stat().st_size < png.stat().st_size:
            trial.replace(png)
        else:
            trial.unlink()


def purge(app, out: Path, merged: str) -> str:
    """PurgeCSS, then CSSO, on the merged stylesheet."""
    tools = build_tools(app)
    scripts = [str(p) for p in sorted((out / "_static").rglob("*.js")) if p.name != "bootstrap.js"]
    with tempfile.TemporaryDirectory(prefix="hersmell-purge-") as tmp:
        source, purged, result = (Path(tmp) / name for name in ("pages.css", "purged.css", "min.css"))
        source.write_text(merged, encoding="utf-8")
        bin_ = tools / "node_modules" / ".bin"
        for cmd in (
            [
                str(bin_ / "purgecss"),
                "--config",
                str(tools / "purgecss.config.cjs"),
                "--css",
                str(source),
                "--content",
                f"{out}/**/*.html",
                str(tools / "runtime-states.html"),
                *scripts,
                "--output",
                str(purged),
            ],
            [str(bin_ / "csso"), "--input", str(purged), "--output", str(result), "--no-restructure"],
        ):
            run = subprocess.run(cmd, capture_output=True, text=True, timeout=300, cwd=tools)
            if run.returncode:
                raise ExtensionError(f"{Path(cmd[0]).name} failed: {run.stderr.strip()[-1000:]}")
        return result.read_text(encoding="utf-8")


def unship(out: Path) -> None:
    """Delete stylesheets, fonts, source maps and widget bundles that no page and no shipped
    stylesheet uses."""
    used = set()
    for page in pages_of(out):
        rel = page.relative_to(out).as_posix()
        for url in re.findall(r'(?:href|src)="([^"?#]+)', page.read_text(encoding="utf-8")):
            used.add(posixpath.normpath(posixpath.join(posixpath.dirname(rel), url)))
    css = out / PAGES_CSS
    for _, url in CSS_URL.findall(css.read_text(encoding="utf-8")):
        used.add(posixpath.normpath(posixpath.join(posixpath.dirname(PAGES_CSS), url.partition("?")[0])))
    for asset in (out / "_static").rglob("*"):
        rel = asset.relative_to(out).as_posix()
        stale_bundle = asset.name.startswith("widget-") and asset.suffix == ".js"
        if asset.is_file() and (asset.name.endswith(ASSET_SUFFIXES) or stale_bundle) and rel not in used:
            asset.unlink()


def add_templates(app, config):
    """Our head template (templates/layout.html) before the theme's."""
    config.templates_path.insert(0, str(HERE / "templates"))


def setup(app):
    app.connect("config-inited", add_templates)
    app.connect("html-page-context", share_bundles)
    app.connect("html-page-context", drop_widget_state, priority=900)  # after myst-nb adds it
    app.connect("build-finished", finish, priority=800)  # after sitepolish writes our stylesheets
    return extension_metadata()
