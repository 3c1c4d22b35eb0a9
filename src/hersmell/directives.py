"""Sphinx directives that put the data package into pages as real document nodes.

Because they build docutils nodes (not HTML), what they show is the same in the web
book and the PDF, every data value is literal text (never markup), and every link is a
Sphinx cross-reference that a strict build checks.

    ```{passage-map}           every passage card, each with the anchor passage-<id>
    ```{influence-index}       every influence, each with the anchor influence-<id>
    ```{data-glossary}         the Sphinx glossary, from glossary.csv
    ```{schema-tables}         "About the data": every table's fields from datapackage.json
"""

from __future__ import annotations

from docutils import nodes
from docutils.parsers.rst import directives
from docutils.statemachine import StringList
from sphinx import addnodes
from sphinx.util.docutils import SphinxDirective

from .datapackage import data_dir, load, schema
from .labels import RAISED_BY, SPEAKERS
from .sorting import title_key
from .sphinx_meta import extension_metadata


def passage_label(pid: str) -> str:
    return f"passage-{pid}"


def influence_label(iid: str) -> str:
    return f"influence-{iid}"


def ref(label: str, text: str) -> addnodes.pending_xref:
    node = addnodes.pending_xref("", refdomain="std", reftype="ref", reftarget=label, refexplicit=True, refwarn=True)
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


class PassageMapDirective(_DataDirective):
    """Every passage card, in reading order: anchor, title, speaker, themes, paraphrase, quotations."""

    def run(self):
        t = self.tables()
        return [self.card(t, pid) for pid in t["passages"].sort_values("order")["id"]]

    def card(self, t, pid):
        p = t["passages"].set_index("id").loc[pid]
        card = nodes.container(classes=["hs-passage", f"hs-speaker-{p['speaker']}"])
        title = f"{int(p['order'])}. {p['title']}"
        heading = nodes.rubric("", title, classes=["hs-passage-title"])
        self.note_target(heading, passage_label(pid), title)
        card += heading
        themes = (
            t["passage_themes"]
            .query("passage_id == @pid")
            .merge(t["themes"], left_on="theme_id", right_on="id")
            .sort_values("order")
        )
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
        named = (
            t["passage_influences"]
            .query("passage_id == @pid")
            .merge(t["influences"], left_on="influence_id", right_on="id")
            .sort_values("title", key=lambda s: s.map(title_key))
        )
        if len(named):
            line = nodes.paragraph(classes=["hs-passage-meta"])
            line += nodes.Text("Names: ")
            for i, row in enumerate(named.itertuples()):
                if i:
                    line += nodes.Text(", ")
                line += ref(influence_label(row.influence_id), row.title)
            card += line
        return card


class InfluenceIndexDirective(_DataDirective):
    """Every influence as a definition list entry with its anchor, facts and passages."""

    option_spec = {"theme": directives.unchanged}

    def run(self):
        import pandas as pd

        t = self.tables()
        inf = t["influences"].sort_values("title", key=lambda s: s.map(title_key))  # reader order
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
            ps = (
                t["passage_influences"]
                .query("influence_id == @row.id")
                .merge(t["passages"], left_on="passage_id", right_on="id")
                .sort_values("order")
            )
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
        g = self.tables()["glossary"].sort_values("term", key=lambda s: s.map(title_key))  # "VHS" under V
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


def setup(app):
    app.add_directive("passage-map", PassageMapDirective)
    app.add_directive("influence-index", InfluenceIndexDirective)
    app.add_directive("data-glossary", DataGlossaryDirective)
    app.add_directive("schema-tables", SchemaTablesDirective)
    return extension_metadata()
