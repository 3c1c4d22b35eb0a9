"""Editions: one source, a student, a teacher and a reader's book (HERSMELL_EDITION), A4 or Letter (HERSMELL_PAPER)."""

from __future__ import annotations

import os
import re

from docutils import nodes
from sphinx import addnodes
from sphinx.transforms.post_transforms import SphinxPostTransform

from .sphinx_meta import extension_metadata

# The reader's edition (print for reading, not for running) leaves out the sections built around
# code and data. A section goes when its title matches; everywhere else only code cells' input
# goes, and their output (a table, a quotation) stays.
READER_DROPS = re.compile(r"\bdata\b|^how much the interview says|^interactive tables|^running the notebooks", re.I)
READER_EMPTIED = ("about-the-data",)  # chapters that are all data: the title stays, with one line
READER_NOTE = (
    "This edition leaves out the data tables and the code; the web edition and the notebooks describe them in full."
)


def choose_edition(app, config):
    """One source, three editions: HERSMELL_EDITION=teacher adds the Sphinx tag 'teacher', which
    keeps model answers and lesson notes in print ({only} html or teacher) and opens them on
    the web; HERSMELL_EDITION=reader adds 'reader' (see strip_for_reader). HERSMELL_PAPER=letter
    switches the PDF from A4 to US Letter."""
    edition = os.environ.get("HERSMELL_EDITION", "student")
    if edition in ("teacher", "reader"):
        app.tags.add(edition)
    paper = os.environ.get("HERSMELL_PAPER", "a4").lower()
    config.latex_elements = {
        **(config.latex_elements or {}),
        "papersize": f"{paper}paper",
        # Sphinx names the contents after the first toctree's caption ("Start here"); call it Contents
        "tableofcontents": "\\renewcommand{\\contentsname}{Contents}\\sphinxtableofcontents",
    }


def open_answers_for_teachers(app, doctree):
    """In the teacher's edition, answers are shown open instead of in collapsed dropdowns."""
    if app.tags.has("teacher"):
        for node in doctree.findall(nodes.admonition):
            if "dropdown" in node.get("classes", []):
                node["classes"].remove("dropdown")


def strip_for_reader(app, doctree):
    """The reader's edition: no code cell shows its input, and the data sections are gone."""
    if not app.tags.has("reader"):
        return
    for node in list(doctree.findall(nodes.container)):
        if "cell_input" in node.get("classes", []) and node.parent is not None:
            node.parent.remove(node)
    sections = list(doctree.findall(nodes.section))
    if app.env.docname.endswith(READER_EMPTIED) and sections:
        top = sections[0]
        for child in list(top.children)[1:]:
            if not isinstance(child, nodes.target):
                top.remove(child)
        top += nodes.paragraph("", READER_NOTE)
        return
    for section in sections[1:]:
        if section.parent is not None and READER_DROPS.search(section[0].astext().strip()):
            section.parent.remove(section)


class BibliographyInPlace(SphinxPostTransform):
    """Print the bibliography's entries on its own chapter page, not on an extra page at the end.

    Sphinx's LaTeX builder gathers every citation into one list at the tail of the book, which left
    the Bibliography chapter empty. This moves the list back into that chapter and typesets it
    without a second chapter heading."""

    default_priority = 760  # after Sphinx's BibliographyTransform (750) has gathered the list
    formats = ("latex",)

    def run(self, **kwargs):
        from sphinx.builders.latex.nodes import thebibliography

        bib = next(iter(self.document.findall(thebibliography)), None)
        label = self.env.get_domain("std").labels.get("bibliography")
        if bib is None or label is None:
            return
        for start in self.document.findall(addnodes.start_of_file):
            if start.get("docname") == label[0]:
                section = next(iter(start.findall(nodes.section)), None)
                if section is None:
                    return
                bib.parent.remove(bib)
                section += nodes.raw(
                    "",
                    "\\renewenvironment{sphinxthebibliography}[1]"
                    "{\\renewcommand{\\chapter}[2]{}\\begin{thebibliography}{#1}}"
                    "{\\end{thebibliography}}\n",
                    format="latex",
                )
                section += bib
                return


def setup(app):
    app.connect("config-inited", choose_edition)
    app.connect("doctree-read", open_answers_for_teachers)
    app.connect("doctree-read", strip_for_reader)
    app.add_post_transform(BibliographyInPlace)
    return extension_metadata()
