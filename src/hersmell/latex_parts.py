"""Print: the captioned parts of _toc.yml become numbered \\part pages in the PDF."""

from __future__ import annotations

from docutils import nodes
from sphinx import addnodes

from .sphinx_meta import extension_metadata


def parts_for_print(app, doctree):
    """Each captioned part of _toc.yml opens with a numbered \\part in the PDF.

    (Stock Jupyter Book does this only through its own LaTeX class, which needs 1.4 GB of
    fonts; a raw LaTeX node before each toctree does it on the plain Sphinx class, and the
    HTML builder ignores it.)
    """
    if app.env.docname != app.config.root_doc:
        return
    # The landing page's own text opens the PDF as an unnumbered preface.
    section = next(iter(doctree.findall(nodes.section)), None)
    if section is not None:
        section.insert(
            1,
            nodes.raw(
                "", "\\chapter*{About this guide}\\markboth{About this guide}{About this guide}\n", format="latex"
            ),
        )
    for toc in list(doctree.findall(addnodes.toctree)):
        caption = toc.get("caption")
        if caption:
            wrapper = toc.parent if isinstance(toc.parent, nodes.compound) else toc
            escaped = "".join("\\" + c if c in "&%$#_{}" else c for c in caption)
            wrapper.parent.insert(
                wrapper.parent.index(wrapper), nodes.raw("", f"\\part{{{escaped}}}\n", format="latex")
            )


def setup(app):
    app.connect("doctree-read", parts_for_print)
    return extension_metadata()
