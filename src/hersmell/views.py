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


def _ordered_passages(t, ids) -> pd.DataFrame:
    p = t["passages"]
    return p[p["id"].isin(list(ids))].sort_values("order").reset_index(drop=True)


def _linked(t, link: str, key: str, value: str, other: str) -> list[str]:
    df = t[link]
    return df.loc[df[key] == value, other].tolist()


def passages_for_theme(theme_id: str, tables=None) -> pd.DataFrame:
    t = _t(tables)
    return _ordered_passages(t, _linked(t, "passage_themes", "theme_id", theme_id, "passage_id"))


def passages_for_act(act_id: str, tables=None) -> pd.DataFrame:
    t = _t(tables)
    return _ordered_passages(t, _linked(t, "passage_acts", "act_id", act_id, "passage_id"))


def passages_for_influence(influence_id: str, tables=None) -> pd.DataFrame:
    t = _t(tables)
    return _ordered_passages(t, _linked(t, "passage_influences", "influence_id", influence_id, "passage_id"))


def _rows(t, table: str, ids, order: str | None = None) -> pd.DataFrame:
    df = t[table]
    out = df[df["id"].isin(list(ids))]
    if order in ("title", "name"):  # reader order: case-insensitive, "The" ignored, people by surname
        key = title_key if order == "title" else name_key
        return out.sort_values(order, key=lambda s: s.map(key)).reset_index(drop=True)
    return (out.sort_values(order) if order else out).reset_index(drop=True)


def influences_for_passage(passage_id: str, tables=None) -> pd.DataFrame:
    t = _t(tables)
    return _rows(t, "influences", _linked(t, "passage_influences", "passage_id", passage_id, "influence_id"), "title")


def influences_for_theme(theme_id: str, tables=None) -> pd.DataFrame:
    t = _t(tables)
    return _rows(t, "influences", _linked(t, "influence_themes", "theme_id", theme_id, "influence_id"), "title")


def influences_for_act(act_id: str, tables=None) -> pd.DataFrame:
    t = _t(tables)
    return _rows(t, "influences", _linked(t, "influence_acts", "act_id", act_id, "influence_id"), "title")


def themes_for_passage(passage_id: str, tables=None) -> pd.DataFrame:
    t = _t(tables)
    return _rows(t, "themes", _linked(t, "passage_themes", "passage_id", passage_id, "theme_id"), "order")


def themes_for_influence(influence_id: str, tables=None) -> pd.DataFrame:
    t = _t(tables)
    return _rows(t, "themes", _linked(t, "influence_themes", "influence_id", influence_id, "theme_id"), "order")


def acts_for_influence(influence_id: str, tables=None) -> pd.DataFrame:
    t = _t(tables)
    return _rows(t, "acts", _linked(t, "influence_acts", "influence_id", influence_id, "act_id"), "number")


def people_for_passage(passage_id: str, tables=None) -> pd.DataFrame:
    t = _t(tables)
    return _rows(t, "people", _linked(t, "passage_people", "passage_id", passage_id, "person_id"), "name")


def quotations_for_passage(passage_id: str, tables=None) -> pd.DataFrame:
    t = _t(tables)
    q = t["quotations"]
    return q[q["passage_id"] == passage_id].sort_values("id").reset_index(drop=True)


def related_influences(influence_id: str, tables=None) -> pd.DataFrame:
    """Other influences that share at least one theme or act with this one, with what they share."""
    t = _t(tables)
    links = pd.concat([
        t["influence_themes"].rename(columns={"theme_id": "via"}),
        t["influence_acts"].rename(columns={"act_id": "via"}),
    ])
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
    return out.rename(columns={"name_actor": "actor", "name_character": "character"})[
        ["character", "actor", "role"]].sort_values("actor", key=lambda s: s.map(name_key)).reset_index(drop=True)
