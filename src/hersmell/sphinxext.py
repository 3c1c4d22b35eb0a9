"""Sphinx directives that put the data package into pages as real document nodes.

Because they build docutils nodes (not HTML), what they show is the same in the web
book and the PDF, every data value is literal text (never markup), and every link is a
Sphinx cross-reference that a strict build checks.

    ```{quote} q034            a quotation from the data, attributed, linked to its passage
    ```{passage} p26           a passage card with the anchor passage-p26 (the reading map)
    ```{influence-index}       every influence, each with the anchor influence-<id>
    ```{data-glossary}         the Sphinx glossary, from glossary.csv
    ```{schema-tables}         "About the data": every table's fields from datapackage.json
"""
from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
from docutils import nodes
from docutils.parsers.rst import directives
from docutils.statemachine import StringList
from sphinx import addnodes
from sphinx.util.docutils import SphinxDirective

from .datapackage import data_dir, load, schema
from .labels import RAISED_BY, SPEAKERS



def passage_label(pid: str) -> str:
    return f"passage-{pid}"


def influence_label(iid: str) -> str:
    return f"influence-{iid}"


def ref(label: str, text: str) -> addnodes.pending_xref:
    node = addnodes.pending_xref("", refdomain="std", reftype="ref", reftarget=label,
                                 refexplicit=True, refwarn=True)
    node += nodes.inline(text, text)
    return node


class _DataDirective(SphinxDirective):
    def tables(self):
        """The validated tables; the page is rebuilt when any data file changes."""
        for res in schema()["resources"]:
            self.env.note_dependency(str(data_dir() / res["path"]))
        self.env.note_dependency(str(data_dir() / "datapackage.json"))
        return load()

    def note_target(self, node: nodes.Element, label: str, title: str) -> None:
        """Make ``label`` an anchor on ``node`` that {ref} can name from any page."""
        node["ids"].append(label)
        self.env.get_domain("std").note_hyperlink_target(label, self.env.docname, label, title)

    def error(self, message: str):
        return [self.state.document.reporter.error(message, line=self.lineno)]


class QuoteDirective(_DataDirective):
    """A quotation by id: the exact words, the speaker, and a link to the passage."""

    required_arguments = 1

    def run(self):
        t = self.tables()
        q = t["quotations"].set_index("id")
        qid = self.arguments[0]
        if qid not in q.index:
            return self.error(f"quote: no quotation {qid!r} in quotations.csv")
        passage = t["passages"].set_index("id").loc[q.loc[qid, "passage_id"]]
        block = nodes.block_quote(classes=["hs-quote"])
        block += nodes.paragraph("", str(q.loc[qid, "text"]))
        attribution = nodes.attribution()
        attribution += nodes.Text(f"{SPEAKERS[passage['speaker']]}, ")
        attribution += ref(passage_label(passage.name), f"passage {int(passage['order'])}")
        block += attribution
        return [block]


class PassageDirective(_DataDirective):
    """A passage card for the reading map: anchor, title, speaker, themes, paraphrase, quotations."""

    required_arguments = 1

    def run(self):
        t = self.tables()
        pid = self.arguments[0]
        if pid not in set(t["passages"]["id"]):
            return self.error(f"passage: no passage {pid!r} in passages.csv")
        return [self.card(t, pid)]

    def card(self, t, pid):
        p = t["passages"].set_index("id").loc[pid]
        card = nodes.container(classes=["hs-passage", f"hs-speaker-{p['speaker']}"])
        title = f"{int(p['order'])}. {p['title']}"
        heading = nodes.rubric("", title, classes=["hs-passage-title"])
        self.note_target(heading, passage_label(pid), title)
        card += heading
        themes = t["passage_themes"].query("passage_id == @pid").merge(
            t["themes"], left_on="theme_id", right_on="id").sort_values("order")
        meta = nodes.paragraph(classes=["hs-passage-meta"])
        meta += nodes.strong("", SPEAKERS[p["speaker"]])
        meta += nodes.Text(f" · {p['kind']} · themes: ")
        for i, row in enumerate(themes.itertuples()):
            if i:
                meta += nodes.Text(", ")
            meta += ref(f"theme-{row.theme_id}", row.title)
        card += meta
        card += nodes.paragraph("", str(p["paraphrase"]))
        for text in t["quotations"].query("passage_id == @pid").sort_values("id")["text"]:
            quote = nodes.block_quote(classes=["hs-quote"])
            quote += nodes.paragraph("", str(text))
            card += quote
        named = t["passage_influences"].query("passage_id == @pid").merge(
            t["influences"], left_on="influence_id", right_on="id").sort_values("title")
        if len(named):
            line = nodes.paragraph(classes=["hs-passage-meta"])
            line += nodes.Text("Names: ")
            for i, row in enumerate(named.itertuples()):
                if i:
                    line += nodes.Text(", ")
                line += ref(influence_label(row.influence_id), row.title)
            card += line
        return card


class PassageMapDirective(PassageDirective):
    """Every passage card, in reading order."""

    required_arguments = 0

    def run(self):
        t = self.tables()
        return [self.card(t, pid) for pid in t["passages"].sort_values("order")["id"]]


class InfluenceIndexDirective(_DataDirective):
    """Every influence as a definition list entry with its anchor, facts and passages."""

    option_spec = {"theme": directives.unchanged}

    def run(self):
        t = self.tables()
        inf = t["influences"].sort_values("title")
        theme = self.options.get("theme")
        if theme:
            keep = set(t["influence_themes"].query("theme_id == @theme")["influence_id"])
            inf = inf[inf["id"].isin(keep)]
        out = nodes.definition_list(classes=["hs-influence-index"])
        for row in inf.itertuples():
            item = nodes.definition_list_item()
            term = nodes.term("", row.title)
            if not theme:  # the full index is the one place each influence's anchor lives
                self.note_target(term, influence_label(row.id), row.title)
            facts = [row.kind.replace("-", " ")]
            if pd.notna(row.year):
                facts.append(str(row.year))
            if pd.notna(row.creator) and row.creator:
                facts.append(str(row.creator))
            term += nodes.Text(f" ({'; '.join(facts)})")
            item += term
            body = nodes.definition()
            body += nodes.paragraph("", f"{row.summary} {row.bearing}")
            where = nodes.paragraph(classes=["hs-passage-meta"])
            where += nodes.Text(f"Brought up by: {RAISED_BY[row.raised_by]}. Named in ")
            ps = t["passage_influences"].query("influence_id == @row.id").merge(
                t["passages"], left_on="passage_id", right_on="id").sort_values("order")
            for i, prow in enumerate(ps.itertuples()):
                if i:
                    where += nodes.Text(", ")
                where += ref(passage_label(prow.passage_id), f"passage {prow.order}")
            where += nodes.Text(". Source: ")
            where += nodes.reference(str(row.source), str(row.source), refuri=str(row.source))
            body += where
            item += body
            out += item
        return [out]


class DataGlossaryDirective(_DataDirective):
    """The Sphinx glossary, generated from glossary.csv so {term} links resolve."""

    def run(self):
        g = self.tables()["glossary"].sort_values("term")
        lines = ["```{glossary}"]
        for row in g.itertuples():
            lines.append(str(row.term))
            lines.append("   " + " ".join(str(row.definition).split()))
            lines.append("")
        lines.append("```")
        container = nodes.container(classes=["hs-glossary"])
        self.state.nested_parse(StringList(lines), 0, container)
        return [container]


class SchemaTablesDirective(_DataDirective):
    """About the data: a table of fields per resource, straight from datapackage.json."""

    def run(self):
        pkg = schema()
        t = self.tables()
        out = []
        for res in pkg["resources"]:
            section = nodes.container(classes=["hs-schema"])
            head = nodes.paragraph()
            head += nodes.strong("", f"{res['path']}")
            head += nodes.Text(f" ({len(t[res['name']])} rows). {res['description']}")
            section += head
            table = nodes.table(classes=["hs-schema-table"])
            group = nodes.tgroup(cols=4)
            for width in (18, 10, 14, 58):
                group += nodes.colspec(colwidth=width)
            thead = nodes.thead()
            row = nodes.row()
            for h in ("field", "type", "rules", "description"):
                row += nodes.entry("", nodes.paragraph("", h))
            thead += row
            group += thead
            tbody = nodes.tbody()
            keys = res["schema"].get("primaryKey", [])
            fks = {fk["fields"]: fk["reference"]["resource"] for fk in res["schema"].get("foreignKeys", [])}
            for f in res["schema"]["fields"]:
                c = f.get("constraints", {})
                rules = []
                if f["name"] in keys:
                    rules.append("key")
                if c.get("required"):
                    rules.append("required")
                if c.get("unique"):
                    rules.append("unique")
                if f["name"] in fks:
                    rules.append(f"→ {fks[f['name']]}")
                if "enum" in c:
                    rules.append("one of: " + ", ".join(c["enum"]))
                row = nodes.row()
                for cell in (f["name"], f["type"], "; ".join(rules), f["description"]):
                    row += nodes.entry("", nodes.paragraph("", cell))
                tbody += row
            group += tbody
            table += group
            section += table
            out.append(section)
        return out


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
        section.insert(1, nodes.raw("", "\\chapter*{About this guide}\\markboth{About this guide}{About this guide}\n",
                                    format="latex"))
    for toc in list(doctree.findall(addnodes.toctree)):
        caption = toc.get("caption")
        if caption:
            wrapper = toc.parent if isinstance(toc.parent, nodes.compound) else toc
            escaped = "".join("\\" + c if c in "&%$#_{}" else c for c in caption)
            wrapper.parent.insert(wrapper.parent.index(wrapper),
                                  nodes.raw("", f"\\part{{{escaped}}}\n", format="latex"))


def offer_notebook_download(app, pagename, templatename, context, doctree):
    """Every chapter's download menu offers it as a clean .ipynb (no outputs), made from its
    MyST source with jupytext, so a class can run it top to bottom in any Jupyter."""
    if app.builder.format != "html" or doctree is None:
        return
    source = Path(app.env.doc2path(pagename))
    if source.suffix != ".md" or "kernelspec:" not in source.read_text(encoding="utf-8")[:600]:
        return
    import jupytext  # build-time only

    target = Path(app.outdir, "_sources", pagename).with_suffix(".ipynb")
    target.parent.mkdir(parents=True, exist_ok=True)
    notebook = jupytext.read(source)
    notebook.metadata.pop("jupytext", None)  # a plain notebook, not paired to a .md file
    jupytext.write(notebook, target, fmt="ipynb")
    context["ipynb_source"] = f"{pagename}.ipynb"


def setup(app):
    app.connect("html-page-context", offer_notebook_download, priority=400)
    app.connect("doctree-read", parts_for_print)
    app.connect("config-inited", choose_edition)
    app.connect("doctree-read", open_answers_for_teachers)
    app.connect("html-page-context", drop_thebe_assets, priority=900)
    app.connect("doctree-resolved", drop_thebe_config, priority=900)
    app.add_directive("quote", QuoteDirective)
    app.add_directive("passage", PassageDirective)
    app.add_directive("passage-map", PassageMapDirective)
    app.add_directive("influence-index", InfluenceIndexDirective)
    app.add_directive("data-glossary", DataGlossaryDirective)
    app.add_directive("schema-tables", SchemaTablesDirective)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
