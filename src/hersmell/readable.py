"""Analysis results in words a reader understands: ids become names, counts become tables.

    >>> from hersmell.readable import readable
    >>> readable(passages["speaker"].value_counts())     # a table: Speaker | Passages
    >>> readable(matrix[matrix["persona"]].sum())         # a table: Theme | Passages
    >>> readable(influences[["title", "kind", "year"]])  # headings and kinds in plain words

People lists (a ``name`` or ``actor`` column) come sorted by surname. ``readable`` recognises the guide's ids (speakers, themes, acts, influences, people, raisers,
kinds) by their values, so a student can count or filter any way they like and still get a
table with names in it. The result is a :class:`hersmell.display.Table`: a real table in
the web book, the PDF and JupyterLab, never a pandas printout.
"""

from __future__ import annotations

import pandas as pd

from .datapackage import load
from .display import Table
from .labels import RAISED_BY, SPEAKERS, column_label
from .sorting import name_key


def _vocabularies(t) -> dict[str, dict[str, str]]:
    acts = t["acts"].sort_values("number")
    return {
        "speaker": dict(SPEAKERS),
        "raised_by": dict(RAISED_BY),
        "theme": dict(zip(t["themes"]["id"], t["themes"]["title"], strict=False)),
        "act": {a.id: f"Act {a.number}: {a.title}" for a in acts.itertuples()},
        "influence": dict(zip(t["influences"]["id"], t["influences"]["title"], strict=False)),
        "person": dict(zip(t["people"]["id"], t["people"]["name"], strict=False)),
        "kind": {k: k.replace("-", " ") for k in t["influences"]["kind"].unique()},
    }


PREFER = {
    "speaker": "speaker",
    "raised_by": "raised_by",
    "theme_id": "theme",
    "act_id": "act",
    "influence_id": "influence",
    "person_id": "person",
    "kind": "kind",
}


def label_values(values, tables=None, column: str | None = None) -> list:
    """Map ids to names when every value is an id of one vocabulary; otherwise leave them."""
    t = tables if tables is not None else load()
    vals = [v for v in values if isinstance(v, str)]
    if not vals:
        return list(values)
    vocabularies = _vocabularies(t)
    order = sorted(vocabularies, key=lambda name: name != PREFER.get(str(column)))
    for name in order:
        vocab = vocabularies[name]
        if all(v in vocab for v in vals):
            return [vocab.get(v, v) if isinstance(v, str) else v for v in values]
    return list(values)


def readable(obj, tables=None, what: str = "Passages") -> Table:
    """A Series of counts or a DataFrame, with ids turned into names, as a Table."""
    t = tables if tables is not None else load()
    if isinstance(obj, pd.Series):
        index = label_values(list(obj.index), t, column=obj.index.name)
        kind = "Theme" if set(obj.index) <= set(t["themes"]["id"]) else column_label(obj.index.name or "item")
        values = [
            int(v) if isinstance(v, (bool, int)) or (hasattr(v, "is_integer") and float(v).is_integer()) else v
            for v in obj.tolist()
        ]
        frame = pd.DataFrame({kind: index, what: values})
        return Table(frame)
    frame = obj.copy()
    person = next((c for c in ("name", "actor") if c in frame.columns), None)
    if person:  # people lists in reader order: by surname
        frame = frame.sort_values(person, key=lambda s: s.map(name_key)).reset_index(drop=True)
    for col in frame.columns:
        if frame[col].dtype == object or pd.api.types.is_string_dtype(frame[col]):
            frame[col] = label_values(frame[col].tolist(), t, column=col)
        if pd.api.types.is_float_dtype(frame[col]) and frame[col].dropna().apply(float.is_integer).all():
            frame[col] = frame[col].astype("Int64")
    links = {}
    if "id" in frame.columns and "title" in frame.columns and set(frame["id"]) <= set(t["passages"]["id"]):
        links = {"title": "id"}
        frame = frame.rename(columns={"title": "Title"})
        links = {"Title": "id"}
    frame = frame.rename(columns={c: column_label(c) for c in frame.columns if c != "id"})
    return Table(frame, links=links)
