"""Sphinx hooks for readers on phones, keyboards and screen readers (see also sitepolish.A11Y_FIXES).

- Serves a11y.js from the package (no other host): the theme's sidebar toggles work on narrow
  screens, toggle buttons are named by their visible text, the search status is announced.
- A table without a caption gets one for screen readers (visually hidden: the reader already
  sees what introduces it): the sentence before it when that ends in a colon ("These are the
  influences the guide links to performance:"), a bold lead-in before it, or its section's title.
- A paragraph that is only a bold lead-in ending in a colon, followed by a list ("**Further
  viewing:**" then the list), is a heading doing a paragraph's job: on the web it becomes a
  real heading one level below its section (an unnumbered rubric, so the contents, the page
  numbering and the PDF stay as they are).
"""

from __future__ import annotations

import html
from pathlib import Path

from docutils import nodes

from .sphinx_meta import extension_metadata

SCRIPT = "hersmell/a11y.js"  # under _static/


def _section_depth(node) -> int:
    depth = 0
    while node is not None:
        if isinstance(node, nodes.section):
            depth += 1
        node = node.parent
    return depth


def bold_lead_ins_as_headings(app, doctree, docname):
    if app.builder.format != "html":
        return
    for para in list(doctree.findall(nodes.paragraph)):
        children = [c for c in para.children if not (isinstance(c, nodes.Text) and not c.strip())]
        if len(children) != 1 or not isinstance(children[0], nodes.strong):
            continue
        text = children[0].astext().strip()
        following = para.next_node(descend=False, siblings=True)
        if not text.endswith(":") or not isinstance(following, (nodes.bullet_list, nodes.enumerated_list)):
            continue
        level = min(max(_section_depth(para) + 1, 2), 6)
        rubric = nodes.rubric(text.rstrip(":").strip(), text.rstrip(":").strip(), classes=["hs-lead-in"])
        rubric["heading-level"] = level  # how Sphinx renders a rubric as <hN>...
        rubric["level"] = level  # ...and how MyST's override of it does
        para.replace_self(rubric)


def _title_of_section(node) -> str | None:
    while node is not None:
        if isinstance(node, nodes.section) and node.children and isinstance(node[0], nodes.title):
            return node[0].astext().strip()
        node = node.parent
    return None


def _introduction(table) -> str | None:
    """What names a table for a reader: the text just before it, or its section's title."""
    anchor = table
    while anchor.parent is not None and not isinstance(anchor, nodes.section):
        index = anchor.parent.index(anchor)
        before = [
            n
            for n in anchor.parent.children[:index]
            if not isinstance(n, (nodes.target, nodes.comment)) and "cell_input" not in n.get("classes", [])
        ]  # a cell's code is not its introduction
        if before:
            prev = before[-1]
            if isinstance(prev, nodes.title):
                return prev.astext().strip()
            if isinstance(prev, nodes.paragraph):
                text = " ".join(prev.astext().split())
                if text.endswith(":"):
                    return text.rstrip(":").strip()
                if prev.children and isinstance(prev[0], nodes.strong):
                    return prev[0].astext().strip()
            break
        anchor = anchor.parent
    return _title_of_section(table)


def name_tables(app, doctree, docname):
    if app.builder.format != "html":
        return
    for table in list(doctree.findall(nodes.table)):
        if any(isinstance(c, nodes.title) for c in table.children):
            continue
        text = _introduction(table)
        if text:
            # raw, not a docutils title: a title would be numbered and get a focusable "#" link
            caption = f'<caption class="hs-visually-hidden">{html.escape(text)}</caption>'
            table.insert(0, nodes.raw("", caption, format="html"))


def copy_script(app, exception):
    if exception is not None or app.builder.format != "html":
        return
    target = Path(app.outdir) / "_static" / SCRIPT
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text((Path(__file__).parent / "static" / "a11y.js").read_text(encoding="utf-8"), encoding="utf-8")


def setup(app):
    app.add_js_file(SCRIPT, loading_method="defer")
    app.connect("doctree-resolved", name_tables)
    app.connect("doctree-resolved", bold_lead_ins_as_headings)
    app.connect("build-finished", copy_script)
    return extension_metadata()
