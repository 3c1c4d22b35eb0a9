"""TablePicker: choose a value, see the rows of a table that carry it."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import traitlets

from ..labels import column_label, value_label
from ..markup import markdown_table
from .threeway import ThreeWayWidget

_HERE = Path(__file__).parent


def _value_labels(columns: list[str], rows: list[dict]) -> dict[str, dict[str, str]]:
    """column -> {value: what readers see} for every cell shown otherwise (ids by name, kinds without hyphens)."""
    out = {c: {r[c]: value_label(c, r[c]) for r in rows if value_label(c, r[c]) != r[c]} for c in columns}
    return {c: names for c, names in out.items() if names}


class TablePicker(ThreeWayWidget):
    """A labelled drop-down over one column of a DataFrame and the matching rows.

    >>> picker = TablePicker(df, key="speaker", label="Speaker")
    >>> picker.value = "perry"; picker.selected   # the rows, as a DataFrame
    """

    _esm = _HERE / "picker.js"
    _css = _HERE / "widgets.css"
    _static_state = ("label", "key", "columns", "rows", "options", "value", "headers", "value_labels")

    label = traitlets.Unicode("Choose").tag(sync=True)
    key = traitlets.Unicode().tag(sync=True)
    columns = traitlets.List(traitlets.Unicode()).tag(sync=True)
    rows = traitlets.List(traitlets.Dict()).tag(sync=True)
    options = traitlets.List(traitlets.Unicode()).tag(sync=True)
    value = traitlets.Unicode().tag(sync=True)
    headers = traitlets.List(traitlets.Unicode()).tag(sync=True)  # what readers see over each column
    value_labels = traitlets.Dict().tag(sync=True)  # column -> {id: name} for columns of known ids

    def __init__(self, frame: pd.DataFrame, key: str, label: str = "Choose", value: str | None = None, **kw):
        if key not in frame.columns:
            raise KeyError(f"{key!r} is not a column of the table (columns: {list(frame.columns)})")
        columns = [str(c) for c in frame.columns]
        # Every cell as text; a missing value shows as an empty cell, never as "nan".
        rows = [
            {c: "" if pd.isna(v) else str(v) for c, v in zip(columns, rec, strict=False)}
            for rec in frame.itertuples(index=False)
        ]
        options = list(dict.fromkeys(r[key] for r in rows))
        if not options:
            raise ValueError("the table is empty: nothing to choose from")
        super().__init__(
            label=label,
            key=key,
            columns=columns,
            rows=rows,
            options=options,
            value=value or options[0],
            headers=[column_label(c) for c in columns],
            value_labels=_value_labels(columns, rows),
            **kw,
        )

    @traitlets.validate("value")
    def _known_value(self, proposal):
        if proposal["value"] not in self.options:
            raise traitlets.TraitError(f"{proposal['value']!r} is not one of {self.options}")
        return proposal["value"]

    @property
    def selected(self) -> pd.DataFrame:
        """The rows shown for the current choice."""
        rows = [r for r in self.rows if r[self.key] == self.value]
        return pd.DataFrame(rows, columns=self.columns)

    def to_markdown(self) -> str:
        # In print, every choice at once: the whole table, grouped by the key.
        ordered = sorted(self.rows, key=lambda r: self.options.index(r[self.key]))
        shown = lambda c, v: self.value_labels.get(c, {}).get(v, v)  # noqa: E731
        return markdown_table(self.headers, [[shown(c, r[c]) for c in self.columns] for r in ordered])
