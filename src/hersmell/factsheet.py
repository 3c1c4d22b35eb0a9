"""The fact sheet, from data/facts.csv: each disputed fact worded once, with its evidence.

    ```{fact-sheet}        every fact, each with the anchor fact-<id>, its passages and source
    ```
    ```{raised-by-table}   who first names each influence, computed from the passages
    ```

A fact's wording lives only in facts.csv. The text is the guide's own MyST (so works are
named with {work} and link to their cards); passages and sources are data values, rendered as
checked references and plain links.
"""

from __future__ import annotations

from docutils import nodes
from docutils.statemachine import StringList
from sphinx.util.docutils import SphinxDirective

from .datapackage import data_dir, load
from .directives import passage_label, ref
from .labels import RAISED_BY, SPEAKERS
from .sorting import title_key
from .sphinx_meta import extension_metadata


def first_naming(tables=None):
    """For each influence: the first passage that names it and that passage's speaker."""
    t = tables if tables is not None else load()
    links = t["passage_influences"].merge(t["passages"], left_on="passage_id", right_on="id")
    first = links.sort_values("order").groupby("influence_id").first()
    return first[["passage_id", "order", "speaker"]]


class FactSheetDirective(SphinxDirective):
    def run(self):
        import pandas as pd

        self.env.note_dependency(str(data_dir() / "facts.csv"))
        t = load()
        passages = t["passages"].set_index("id")
        out = []
        for row in t["facts"].itertuples():
            section = nodes.container(classes=["hs-fact"])
            head = nodes.rubric("", str(row.topic), classes=["hs-fact-topic"])
            label = f"fact-{row.id}"
            head["ids"].append(label)
            self.env.get_domain("std").note_hyperlink_target(label, self.env.docname, label, str(row.topic))
            section += head
            body = nodes.container()
            self.state.nested_parse(StringList([" ".join(str(row.fact).split())]), self.content_offset, body)
            section += body.children
            meta = nodes.paragraph(classes=["hs-passage-meta"])
            bits = [] if pd.isna(row.passages) else [p for p in str(row.passages).split(";") if p]
            if bits:
                meta += nodes.Text("Evidence: ")
                for i, pid in enumerate(bits):
                    if i:
                        meta += nodes.Text(", ")
                    meta += ref(passage_label(pid), f"passage {int(passages.loc[pid, 'order'])}")
                meta += nodes.Text(".")
            if not pd.isna(row.source) and str(row.source):
                meta += nodes.Text(" Source: " if bits else "Source: ")
                meta += nodes.reference(row.source, row.source, refuri=row.source)
                meta += nodes.Text(".")
            section += meta
            out.append(section)
        return out


class RaisedByTableDirective(SphinxDirective):
    """Who brought up each influence: the data's raised_by beside the first passage naming it."""

    def run(self):
        t = load()
        first = first_naming(t)
        inf = t["influences"].sort_values("title", key=lambda s: s.map(title_key))
        table = nodes.table(classes=["hs-raised-by"])
        group = nodes.tgroup(cols=3)
        for width in (40, 30, 30):
            group += nodes.colspec(colwidth=width)
        thead = nodes.thead()
        hrow = nodes.row()
        for h in ("Influence", "Brought up by", "First named in"):
            hrow += nodes.entry("", nodes.paragraph("", h))
        thead += hrow
        group += thead
        tbody = nodes.tbody()
        for row in inf.itertuples():
            f = first.loc[row.id]
            r = nodes.row()
            cell = nodes.paragraph()
            cell += ref(f"influence-{row.id}", str(row.title))
            r += nodes.entry("", cell)
            r += nodes.entry("", nodes.paragraph("", RAISED_BY[row.raised_by]))
            where = nodes.paragraph()
            where += ref(passage_label(f["passage_id"]), f"passage {int(f['order'])}")
            where += nodes.Text(f" ({SPEAKERS[f['speaker']]})")
            r += nodes.entry("", where)
            tbody += r
        group += tbody
        table += group
        return [table]


DIRECTIVES = {"fact-sheet": FactSheetDirective, "raised-by-table": RaisedByTableDirective}


def setup(app):
    for name, directive in DIRECTIVES.items():
        app.add_directive(name, directive)
    return extension_metadata()
