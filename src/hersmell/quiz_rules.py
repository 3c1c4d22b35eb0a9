"""Rules for the self-check questions that a table schema cannot say.

The schema (datapackage.json) already checks types, required cells, keys and foreign keys of
questions.csv, question_options.csv and question_passages.csv. This module checks what ties
them together, on the loaded tables, and returns one message per problem naming the file,
the row and the field, so it can run after any loader:

>>> from hersmell.quiz_rules import check_questions
>>> check_questions(tables)        # tables: {"questions": DataFrame, ...}, as load() returns
[]                                 # or e.g. ["question_options.csv, row 7, field 'correct': ..."]

Row numbers count the CSV header as row 1, as frictionless does (a frame from ``load()``
keeps the file order, so data row ``i`` of a frame is row ``i + 2``).

Rules: multiple choice has 3 to 5 options, numbered 1, 2, 3 ... and exactly one right;
a short answer has a model answer and no options; every question tests at least one
passage; each theme's questions are numbered 1, 2, 3 ...; every theme has a quiz; text uses
no markup except *emphasis* for titles; anything in quotation marks is an exact excerpt of
a quotation in quotations.csv.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

MIN_OPTIONS, MAX_OPTIONS = 3, 5
#: characters that would be markup somewhere (HTML, Markdown, MyST, GIFT, LaTeX); *emphasis* is allowed
FORBIDDEN = re.compile(r"[<>\[\]{}`#\\|~=$]")
QUOTED = re.compile(r"[\u201c\"]([^\u201d\"]+)[\u201d\"]")


def _where(file: str, row: int | None, field: str | None) -> str:
    out = file
    if row is not None:
        out += f", row {row}"
    if field:
        out += f", field '{field}'"
    return out


def _norm(text: str) -> str:
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u2026", "...")
    return re.sub(r"\s+", " ", text).strip().lower()


def _rows(frame: pd.DataFrame):
    """(row number in the CSV, record) for each data row; missing cells as None."""
    clean = frame.astype(object).where(frame.notna(), None)
    for i, rec in enumerate(clean.to_dict("records")):
        yield i + 2, rec


def check_questions(tables: dict[str, pd.DataFrame]) -> list[str]:
    """Every question rule broken by ``tables``, as "file, row N, field 'f': message" strings."""
    problems: list[str] = []

    def bad(file, row, field, message):
        problems.append(f"{_where(file, row, field)}: {message}")

    questions = list(_rows(tables["questions"]))
    options = list(_rows(tables["question_options"]))
    links = list(_rows(tables["question_passages"]))
    quotations = [_norm(str(t)) for t in tables["quotations"]["text"]]

    by_question: dict[str, list[tuple[int, dict]]] = {}
    for row, rec in options:
        by_question.setdefault(rec["question_id"], []).append((row, rec))
    tested = {rec["question_id"] for _, rec in links}

    for row, q in questions:
        qid, mine = q["id"], by_question.get(q["id"], [])
        if q["kind"] == "choice":
            if not MIN_OPTIONS <= len(mine) <= MAX_OPTIONS:
                bad(
                    "questions.csv",
                    row,
                    "id",
                    f"{qid!r} has {len(mine)} options in question_options.csv; "
                    f"a multiple-choice question needs {MIN_OPTIONS} to {MAX_OPTIONS}",
                )
            right = [r for r, o in mine if o["correct"]]
            if len(right) > 1:
                bad(
                    "question_options.csv",
                    right[0],
                    "correct",
                    f"question {qid!r} has {len(right)} right options "
                    f"(rows {', '.join(map(str, right))}); exactly one must be true",
                )
            elif mine and not right:
                bad(
                    "question_options.csv",
                    mine[0][0],
                    "correct",
                    f"question {qid!r} has no right option; exactly one must be true",
                )
            positions = sorted(int(o["position"]) for _, o in mine)
            if mine and positions != list(range(1, len(mine) + 1)):
                bad(
                    "question_options.csv",
                    mine[0][0],
                    "position",
                    f"question {qid!r} numbers its options {positions}; they must run 1, 2, 3 ...",
                )
            if q["model_answer"]:
                bad(
                    "questions.csv",
                    row,
                    "model_answer",
                    f"{qid!r} is multiple choice: its feedback lives in question_options.csv, leave this empty",
                )
        elif q["kind"] == "short":
            if not q["model_answer"]:
                bad("questions.csv", row, "model_answer", f"short-answer question {qid!r} needs a model answer")
            for orow, _ in mine:
                bad(
                    "question_options.csv",
                    orow,
                    "question_id",
                    f"{qid!r} is a short-answer question and takes no options",
                )
        if qid not in tested:
            bad("questions.csv", row, "id", f"{qid!r} tests no passage in question_passages.csv")

    # each theme's quiz is numbered 1, 2, 3 ... and every theme has one
    by_theme: dict[str, list[tuple[int, int]]] = {}
    for row, q in questions:
        by_theme.setdefault(q["theme_id"], []).append((row, int(q["order"])))
    for theme, rows in by_theme.items():
        orders = sorted(o for _, o in rows)
        if orders != list(range(1, len(orders) + 1)):
            bad(
                "questions.csv",
                rows[0][0],
                "order",
                f"theme {theme!r} numbers its questions {orders}; they must run 1, 2, 3 ... without gaps",
            )
    for row, theme in _rows(tables["themes"][["id"]]):
        if theme["id"] not in by_theme:
            bad("themes.csv", row, "id", f"{theme['id']!r} has no question in questions.csv")

    # text: no markup but *emphasis*, quotations only from quotations.csv
    texts = [("questions.csv", row, f, q[f]) for row, q in questions for f in ("stem", "model_answer")] + [
        ("question_options.csv", row, f, o[f]) for row, o in options for f in ("text", "feedback")
    ]
    for file, row, field, value in texts:
        if not value:
            continue
        if value.count("*") % 2:
            bad(file, row, field, "has an unpaired '*' (mark a title as *Title*)")
        if m := FORBIDDEN.search(value):
            bad(file, row, field, f"contains {m.group()!r}; question text takes no markup except *emphasis*")
        for quoted in QUOTED.findall(value):
            if not any(_norm(quoted) in q for q in quotations):
                bad(file, row, field, f"quotes {quoted!r}, which is not part of any quotation in quotations.csv")
    return problems
