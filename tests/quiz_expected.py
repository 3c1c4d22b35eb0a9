"""What the question tables say, read straight from the CSV files (never through the code under test)."""

from __future__ import annotations

import csv
import re
from functools import cache
from pathlib import Path

DATA = Path(__file__).resolve().parents[1] / "data"
CHAPTERS = {
    "performance": "05-performance",
    "addiction": "06-addiction",
    "persona": "07-persona",
    "ending": "08-ending",
    "structure": "09-structure",
    "music-business": "10-music-business",
    "documentary": "11-documentary",
    "intelligence": "12-intelligence",
}


@cache
def rows(table: str) -> tuple[dict, ...]:
    with (DATA / f"{table}.csv").open(newline="", encoding="utf-8") as fh:
        return tuple(csv.DictReader(fh))


def plain(text: str) -> str:
    return re.sub(r"\*([^*]+)\*", r"\1", text)


def questions(theme: str | None = None) -> list[dict]:
    qs = [q for q in rows("questions") if theme is None or q["theme_id"] == theme]
    return sorted(qs, key=lambda q: (q["theme_id"], int(q["order"])))


def options(qid: str) -> list[dict]:
    return sorted((o for o in rows("question_options") if o["question_id"] == qid), key=lambda o: int(o["position"]))


def passage_order(pid: str) -> int:
    return int(next(r for r in rows("passages") if r["id"] == pid)["order"])


def choice_questions(theme: str | None = None) -> list[dict]:
    return [q for q in questions(theme) if q["kind"] == "choice"]
