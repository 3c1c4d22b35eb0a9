"""The joins the chapters need, each one small and named for what it returns.

Every function takes the tables from ``hersmell.load()`` (or loads them itself) and
returns a fresh DataFrame in reading order, so a student can filter or sort it freely.
"""

from __future__ import annotations

import pandas as pd

from .datapackage import load
from .sorting import name_key, title_key


def _t(tables):
    return tables if tables is not None else load()


def _join(table: str, order: str, link: str, key: str, other: str):
    """A view: the rows of ``table`` (sorted by ``order``) that ``link`` ties to one ``key`` value."""

    def view(value: str, tables=None) -> pd.DataFrame:
        t = _t(tables)
        ids = t[link].loc[t[link][key] == value, other]
        rows = t[table][t[table]["id"].isin(list(ids))]
        # reader order: case-insensitive, "The" ignored, people by surname
        reader = {"title": title_key, "name": name_key}.get(order)
        return rows.sort_values(order, key=(lambda s: s.map(reader)) if reader else None).reset_index(drop=True)

    view.__doc__ = f"The {table} linked to one {key.removesuffix('_id')} in {link}.csv, by {order}."
    return view


# name = _join(rows of this table, sorted by, through this link table, matching this column, giving that one)
passages_for_theme = _join("passages", "order", "passage_themes", "theme_id", "passage_id")
passages_for_act = _join("passages", "order", "passage_acts", "act_id", "passage_id")
passages_for_influence = _join("passages", "order", "passage_influences", "influence_id", "passage_id")
influences_for_passage = _join("influences", "title", "passage_influences", "passage_id", "influence_id")
influences_for_theme = _join("influences", "title", "influence_themes", "theme_id", "influence_id")
influences_for_act = _join("influences", "title", "influence_acts", "act_id", "influence_id")
themes_for_passage = _join("themes", "order", "passage_themes", "passage_id", "theme_id")
themes_for_influence = _join("themes", "order", "influence_themes", "influence_id", "theme_id")
acts_for_influence = _join("acts", "number", "influence_acts", "influence_id", "act_id")
people_for_passage = _join("people", "name", "passage_people", "passage_id", "person_id")


def quotations_for_passage(passage_id: str, tables=None) -> pd.DataFrame:
    t = _t(tables)
    q = t["quotations"]
    return q[q["passage_id"] == passage_id].sort_values("id").reset_index(drop=True)


def related_influences(influence_id: str, tables=None) -> pd.DataFrame:
    """Other influences that share at least one theme or act with this one, with what they share."""
    t = _t(tables)
    links = pd.concat(
        [
            t["influence_themes"].rename(columns={"theme_id": "via"}),
            t["influence_acts"].rename(columns={"act_id": "via"}),
        ]
    )
    mine = set(links.loc[links["influence_id"] == influence_id, "via"])
    shared = links[links["via"].isin(mine) & (links["influence_id"] != influence_id)]
    via = shared.groupby("influence_id")["via"].apply(lambda s: sorted(set(s))).rename("shared")
    out = t["influences"].merge(via, left_on="id", right_index=True)
    return out.sort_values("title", key=lambda s: s.map(title_key)).reset_index(drop=True)


def theme_matrix(tables=None) -> pd.DataFrame:
    """Passages (rows, reading order) by themes (columns, theme order): True where linked."""
    t = _t(tables)
    pt = t["passage_themes"].assign(on=True)
    wide = pt.pivot_table(index="passage_id", columns="theme_id", values="on", aggfunc="any", fill_value=False)
    themes = t["themes"].sort_values("order")["id"].tolist()
    passages = t["passages"].sort_values("order")["id"].tolist()
    return wide.reindex(index=passages, columns=themes, fill_value=False).astype(bool)


def cast_list(tables=None) -> pd.DataFrame:
    """Each cast member beside the character they play."""
    t = _t(tables)
    people = t["people"]
    cast = people[people["kind"] == "cast"][["id", "name", "plays"]]
    chars = people[people["kind"] == "character"][["id", "name", "role"]]
    out = cast.merge(chars, left_on="plays", right_on="id", suffixes=("_actor", "_character"))
    return (
        out.rename(columns={"name_actor": "actor", "name_character": "character"})[["character", "actor", "role"]]
        .sort_values("actor", key=lambda s: s.map(name_key))
        .reset_index(drop=True)
    )
