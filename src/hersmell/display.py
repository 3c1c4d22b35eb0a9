"""What chapters display: quotations and tables that render in the book, in print and in Lab.

Each object offers ``text/markdown`` (parsed by MyST in the book, so links are checked
cross-references, and typeset as a real table or quotation in the PDF; rendered by
JupyterLab or Colab as ordinary Markdown) and ``text/plain``. Data values are escaped,
so nothing in a CSV can turn into markup.
"""

from __future__ import annotations

import pandas as pd

from .datapackage import load
from .labels import SPEAKERS, column_label, value_label
from .links import href as anchor_href
from .markup import SafeMarkdown, markdown_cell, markdown_table


def passage_link(passage_id: str, text: str) -> str:
    """A link to the passage's anchor in the reading map; the book resolves it as a checked reference."""
    return f"[{markdown_cell(text)}]({anchor_href(f'passage-{passage_id}')})"


class Quote:
    """A quotation from quotations.csv, attributed and linked to its passage."""

    def __init__(self, quote_id: str, tables=None):
        t = tables if tables is not None else load()
        q = t["quotations"].set_index("id")
        if quote_id not in q.index:
            raise KeyError(f"no quotation {quote_id!r} in quotations.csv")
        self.id = quote_id
        self.text = str(q.loc[quote_id, "text"])
        p = t["passages"].set_index("id").loc[q.loc[quote_id, "passage_id"]]
        self.passage_id, self.order, self.speaker = p.name, int(p["order"]), SPEAKERS[p["speaker"]]

    def _repr_markdown_(self) -> str:
        return (
            f"> {markdown_cell(self.text)}\n>\n"
            f"> — {self.speaker}, {passage_link(self.passage_id, f'passage {self.order}')}"
        )

    def __repr__(self) -> str:
        return f"“{self.text}” ({self.speaker}, passage {self.order})"


def quote(quote_id: str, tables=None) -> Quote:
    return Quote(quote_id, tables)


class Table:
    """A DataFrame shown as a real table in the book and the PDF (not a text dump).

    Headers are reader-facing labels (``raised_by`` reads "Brought up by"; see labels.py), and
    ids of a known kind are shown by name. ``caption`` titles the table (a numbered table in the
    book and the PDF); a table without one is named for screen readers from the sentence or
    heading that introduces it (hersmell.a11y).
    """

    def __init__(self, frame: pd.DataFrame, links: dict[str, str] | None = None, caption: str | None = None):
        self.frame = frame
        self.links = links or {}  # column -> column holding passage ids to link to
        self.caption = caption

    def _repr_markdown_(self) -> str:
        cols = [c for c in self.frame.columns if c not in self.links.values()]
        rows = []
        for rec in self.frame.to_dict("records"):
            row = []
            for c in cols:
                value = "" if rec[c] is None or (not isinstance(rec[c], (list, str)) and pd.isna(rec[c])) else rec[c]
                value = value_label(c, value)
                row.append(SafeMarkdown(passage_link(rec[self.links[c]], str(value))) if c in self.links else value)
            rows.append(row)
        table = markdown_table([column_label(c) for c in cols], rows)
        if not self.caption:
            return table
        return f"```{{table}} {markdown_cell(self.caption)}\n{table}\n```"

    def __repr__(self) -> str:
        return self.frame.to_string()


class Markdown:
    """Markdown built by the guide from escaped data values (see the functions below)."""

    def __init__(self, text: str):
        self.text = text

    def _repr_markdown_(self) -> str:
        return self.text

    def __repr__(self) -> str:
        return self.text


def act_card(act_id: str, tables=None) -> Markdown:
    """One act of the film: setting, what happens, and the passages that talk about it."""
    from . import views

    t = tables if tables is not None else load()
    act = t["acts"].set_index("id").loc[act_id]
    passages = views.passages_for_act(act_id, t)
    influences = views.influences_for_act(act_id, t)
    lines = [
        f"**{markdown_cell(act['title'])}.** *Setting:* {markdown_cell(act['setting'])}",
        "",
        markdown_cell(act["summary"]),
        "",
    ]
    if len(passages):
        links = ", ".join(passage_link(p.id, f"{p.order}. {p.title}") for p in passages.itertuples())
        lines.append(f"*Where the interview talks about it:* {links}.")
    else:
        lines.append("*The interview does not single this act out.*")
    if len(influences):
        names = ", ".join(
            f"[{markdown_cell(i.title)}]({anchor_href(f'influence-{i.id}')})" for i in influences.itertuples()
        )
        lines += ["", f"*Influences tied to this act:* {names}."]
    return Markdown("\n".join(lines))
