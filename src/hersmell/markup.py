"""Markdown built from data values: every value escaped, so nothing in a CSV turns into markup.

Used by the chapters' display objects (hersmell.display) and by the widgets' print view
(hersmell.widgets), which both offer ``text/markdown`` that MyST parses in the book.
"""

from __future__ import annotations

import re


class SafeMarkdown(str):
    """Markdown the guide built itself from escaped parts (a link, say): not escaped again."""


def markdown_cell(value) -> str:
    """Text that CommonMark shows literally inside a pipe table cell."""
    if value is None:
        return ""
    if isinstance(value, SafeMarkdown):
        return str(value)
    text = re.sub(r"\s+", " ", str(value)).strip()
    return re.sub(r"([\\`*_{}\[\]<>()#+\-.!|~$&:=\"'^])", r"\\\1", text)


def markdown_table(columns: list[str], rows: list[list]) -> str:
    head = "| " + " | ".join(markdown_cell(c) for c in columns) + " |"
    rule = "|" + "|".join(" --- " for _ in columns) + "|"
    body = ["| " + " | ".join(markdown_cell(v) for v in row) + " |" for row in rows]
    return "\n".join([head, rule, *body])


def markdown_list_table(columns: list[str], rows: list[list], widths: list[int]) -> str:
    """A MyST list-table with relative column widths, so long tables wrap inside the page in print.

    (A pipe table over 30 rows becomes a LaTeX longtable whose columns never wrap.)
    """

    def item(value, first):
        return f"{'* -' if first else '  -'} {markdown_cell(value) or ' '}"

    lines = ["```{list-table}", ":header-rows: 1", f":widths: {' '.join(str(w) for w in widths)}", ""]
    for row in [columns, *rows]:
        lines += [item(v, i == 0) for i, v in enumerate(row)]
    return "\n".join([*lines, "```"])
