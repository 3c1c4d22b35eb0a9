"""Print shows results, not code: in the PDF every code cell keeps its output and drops its input.

On the web (and in a notebook) the short cells a student can change stay visible, with their
instructions; those instructions sit in ``{only} not latex`` blocks (web and notebooks). In print there is nothing to
run, so the typeset book shows each cell's result alone: a table, a figure, a sentence.
"""

from __future__ import annotations

from docutils import nodes

from .sphinx_meta import extension_metadata


def _is_cell_input(node) -> bool:
    return isinstance(node, nodes.container) and (
        "cell_input" in node.get("classes", []) or node.get("nb_element") == "cell_code_source"
    )


def drop_code_in_print(app, doctree, docname):
    if app.builder.format != "latex":
        return
    for node in list(doctree.findall(_is_cell_input)):
        node.parent.remove(node)


def setup(app):
    app.connect("doctree-resolved", drop_code_in_print)
    return extension_metadata()
