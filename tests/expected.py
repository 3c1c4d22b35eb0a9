"""What the data says, computed straight from the CSV files with the csv module.

Widget tests compare what a widget shows against these, so an expectation never comes
from the code under test.
"""

from __future__ import annotations

import csv
from functools import cache
from pathlib import Path

DATA = Path(__file__).resolve().parents[1] / "data"


@cache
def rows(table: str) -> tuple[dict, ...]:
    with (DATA / f"{table}.csv").open(newline="", encoding="utf-8") as fh:
        return tuple(csv.DictReader(fh))


def linked(table: str, key: str, value: str, other: str) -> set[str]:
    return {r[other] for r in rows(table) if r[key] == value}


def influence(iid: str) -> dict:
    return next(r for r in rows("influences") if r["id"] == iid)


def passages_of(iid: str) -> set[str]:
    return linked("passage_influences", "influence_id", iid, "passage_id")


def themes_of(iid: str) -> set[str]:
    return linked("influence_themes", "influence_id", iid, "theme_id")


def acts_of(iid: str) -> set[str]:
    return linked("influence_acts", "influence_id", iid, "act_id")


def related_to(iid: str) -> set[str]:
    mine = themes_of(iid) | acts_of(iid)
    return {r["id"] for r in rows("influences") if r["id"] != iid and mine & (themes_of(r["id"]) | acts_of(r["id"]))}


def decade(r: dict) -> str:
    return f"{int(r['year']) // 10 * 10}s" if r["year"] else "no year"


def matching(theme="", kind="", dec="", raised_by="", query="") -> set[str]:
    return {
        r["id"]
        for r in rows("influences")
        if (not theme or theme in themes_of(r["id"]))
        and (not kind or r["kind"] == kind)
        and (not dec or decade(r) == dec)
        and (not raised_by or r["raised_by"] == raised_by)
        and query.lower() in r["title"].lower()
    }


def passage_order(pid: str) -> int:
    return int(next(r for r in rows("passages") if r["id"] == pid)["order"])
