"""Downloads: every chapter as a notebook for plain Jupyter, the package as a wheel, the classroom bundle.

- Each page's download menu offers its ``.ipynb`` (``_sources/<page>.ipynb``): plain Markdown
  rendered from the resolved doctree, code from the chapter, a set-up first cell
  (:mod:`hersmell.jupyter_export`). The student edition's notebooks; the teacher's HTML edition
  (HERSMELL_EDITION=teacher) offers the teacher's.
- The build ends by writing both editions' notebooks into the classroom bundles, building the
  package's wheel and zipping them (:mod:`hersmell.bundle`); the student bundle and the wheel are
  published under ``classroom/`` on the site. Only the pages Sphinx wrote (and those whose links
  depend on them) are made into notebooks again; the rest come from ``_build/.notebooks``.
- ``{classroom}`student``` / ```{classroom}`wheel``` link to them from a page (in print: the text).
"""

from __future__ import annotations

import importlib.metadata as md
import posixpath
import tomllib
from pathlib import Path

import nbformat
from docutils import nodes
from sphinx.util import logging

from . import bundle, stamps
from .jupyter_export import export_all, notebook_name

logger = logging.getLogger(__name__)
TARGETS = {"student": f"classroom/{bundle.ZIPS['student']}", "wheel": "classroom/{wheel}"}


def wheel_name() -> str:
    return f"hersmell-{md.version('hersmell')}-py3-none-any.whl"


def is_notebook(app, doc: str) -> bool:
    """Pages made into notebooks: every page whose source is a MyST notebook."""
    source = Path(app.env.doc2path(doc))
    return source.suffix == ".md" and "kernelspec:" in source.read_text(encoding="utf-8")[:600]


def exported_docs(app) -> list[str]:
    return [doc for doc in sorted(app.env.found_docs) if is_notebook(app, doc)]


def offer_notebook_download(app, pagename, templatename, context, doctree):
    """The page's download menu offers the notebook (written when the build finishes)."""
    if app.builder.format == "html" and doctree is not None and is_notebook(app, pagename):
        context["ipynb_source"] = f"{pagename}.ipynb"


def project_root(app) -> Path | None:
    """The guide's repository (the package's pyproject.toml at the book's root), if this is it."""
    pyproject = Path(app.srcdir) / "pyproject.toml"
    if pyproject.exists() and tomllib.loads(pyproject.read_text())["project"]["name"] == "hersmell":
        return Path(app.srcdir)
    return None


def write_downloads_and_bundle(app, exception):
    if exception is not None or app.builder.format != "html":
        return
    docs = exported_docs(app)
    if not docs:
        return
    baseurl = app.config.html_baseurl or ""
    build = Path(app.outdir).parent
    root = project_root(app)
    wheel = bundle.build_wheel(root, build / "classroom" / "wheel") if root else None
    name = wheel.name if wheel else wheel_name()
    # The notebooks are made from the pages: when Sphinx wrote none (a no-change build) they are
    # as the last build left them, unless the wheel or the handouts they travel with changed.
    handouts = sorted((build / bundle.HANDOUTS).glob("*.pdf"))
    key = stamps.digest(handouts, name, baseurl, *docs)
    stamp = Path(app.outdir, "_sources", ".notebooks")
    outputs = [Path(app.outdir, "_sources", doc).with_suffix(".ipynb") for doc in docs]
    if root is not None:
        outputs += [build / "classroom" / z for z in bundle.ZIPS.values()]
    written = getattr(app, "hersmell_pages_written", set())
    if not written and stamps.is_fresh(stamp, key, outputs):
        logger.info("classroom notebooks and bundles: no page changed, kept from the last build")
        return
    # each page's notebooks are made again only when the page (or what it links to) changed
    code = stamps.digest(stamps.package_inputs())
    notebooks, made = export_all(
        app, docs, baseurl=baseurl, wheel_name=name, cache=build / ".notebooks", written=written, setting=code
    )
    logger.info(f"classroom notebooks: {len(made)} of {len(docs)} pages made again")
    offered = "teacher" if app.tags.has("teacher") else "student"
    for doc, nb in notebooks[offered].items():
        target = Path(app.outdir, "_sources", doc).with_suffix(".ipynb")
        target.parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(nb, target)
    if root is None:  # a book other than the guide (the tests' one-page books): downloads only
        stamp.write_text(key)
        return
    bundle.write_notebooks(build, notebooks, notebook_name)
    zips = bundle.assemble(build)
    published = bundle.publish(build, Path(app.outdir), zips)
    for what, path in {**zips, **published}.items():
        logger.info(f"classroom {what}: {path} ({path.stat().st_size / 1e6:.1f} MB)")
    stamp.write_text(key)


def note_page_written(app, pagename, templatename, context, doctree):
    if doctree is not None:  # a page from a source (not search, genindex or the 404 page)
        app.hersmell_pages_written = getattr(app, "hersmell_pages_written", set()) | {pagename}


class classroom_link(nodes.reference):
    """A link to a file the build writes into the site (the bundle, the wheel)."""


def classroom_role(name, rawtext, text, lineno, inliner, options=None, content=None):
    """``{classroom}`student``` or ``{classroom}`wheel```, optionally ``{classroom}`link text <student>```."""
    label, _, what = text.partition(" <")
    what = what.rstrip(">") if what else label
    if what not in TARGETS:
        msg = inliner.reporter.error(f"{{classroom}} names {what!r}; use one of {sorted(TARGETS)}", line=lineno)
        return [inliner.problematic(rawtext, rawtext, msg)], [msg]
    env = inliner.document.settings.env
    path = TARGETS[what].format(wheel=wheel_name())
    label = label if what != label else {"student": "the classroom bundle (zip)", "wheel": path.split("/")[-1]}[what]
    uri = posixpath.relpath(path, posixpath.dirname(env.docname) or ".")
    return [classroom_link(rawtext, label, refuri=uri, classes=["hs-classroom-download"])], []


def classroom_link_in_print(app, doctree, docname):
    """In print and outside the web book, a classroom link is its text plus where to find it."""
    baseurl = app.config.html_baseurl or ""
    for node in list(doctree.findall(classroom_link)):
        if app.builder.format == "html":
            node.replace_self(
                nodes.reference(node.rawsource, node.astext(), refuri=node["refuri"], classes=node["classes"])
            )
        elif baseurl:
            uri = posixpath.normpath(posixpath.join(posixpath.dirname(docname), node["refuri"]))
            node.replace_self(nodes.reference(node.rawsource, node.astext(), refuri=f"{baseurl.rstrip('/')}/{uri}"))
        else:
            node.replace_self(nodes.inline(node.rawsource, f"{node.astext()} (on the guide's website)"))


def setup(app):
    app.add_role("classroom", classroom_role)
    app.connect("html-page-context", offer_notebook_download, priority=400)
    app.connect("html-page-context", note_page_written)
    app.connect("doctree-resolved", classroom_link_in_print)
    app.connect("build-finished", write_downloads_and_bundle)
    return {"version": "2", "parallel_read_safe": True, "parallel_write_safe": True}
