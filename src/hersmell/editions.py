"""Editions: one source, a student and a teacher book (HERSMELL_EDITION), A4 or Letter (HERSMELL_PAPER)."""
from __future__ import annotations

import os

from docutils import nodes


def choose_edition(app, config):
    """One source, two editions: HERSMELL_EDITION=teacher adds the Sphinx tag 'teacher', which
    keeps model answers and lesson notes in print ({only} html or teacher) and opens them on
    the web. HERSMELL_PAPER=letter switches the PDF from A4 to US Letter."""
    if os.environ.get("HERSMELL_EDITION", "student") == "teacher":
        app.tags.add("teacher")
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


def setup(app):
    app.connect("config-inited", choose_edition)
    app.connect("doctree-read", open_answers_for_teachers)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
