"""A theme chapter's quiz questions as plain data, and their text in the forms the book needs.

The widget (hersmell.widgets.quiz), the teacher's answer key (hersmell.quizzes) and the LMS
exports (hersmell.quiz_export) all read the questions from here; nothing here needs a kernel
or a widget library, so the book's build loads it quickly.
"""

from __future__ import annotations

import re

from .datapackage import load

LETTERS = "abcde"
EMPHASIS = re.compile(r"\*([^*]+)\*")


def plain(text: str) -> str:
    """Question text without its *emphasis* marks (for formats that cannot italicise)."""
    return EMPHASIS.sub(r"\1", text or "")


def markdown_text(text: str) -> str:
    """Question text as Markdown: every character literal except *emphasis*, which stays italic."""
    parts = EMPHASIS.split(re.sub(r"\s+", " ", text or "").strip())
    return "".join(f"*{_escape(p)}*" if i % 2 else _escape(p) for i, p in enumerate(parts))


def _escape(text: str) -> str:
    """Like markdown_cell, but keeps the spaces at either end (they separate the emphasis)."""
    return re.sub(r"([\\`*_{}\[\]<>()#+\-.!|~$&:=\"'^])", r"\\\1", text)


def questions_for_theme(theme: str, tables=None) -> list[dict]:
    """A theme's questions in order, each with its options, feedback and passages (plain data)."""
    t = tables if tables is not None else load()
    themes = set(t["themes"]["id"])
    if theme not in themes:
        raise ValueError(f"{theme!r} is not a theme id; choose one of {sorted(themes)}")
    order = {r["id"]: int(r["order"]) for r in t["passages"].to_dict("records")}

    def passage(pid):
        return {"id": str(pid), "order": order[pid]}

    qs = t["questions"][t["questions"]["theme_id"] == theme].sort_values("order")
    out = []
    for number, q in enumerate(qs.to_dict("records"), 1):
        qid = str(q["id"])
        opts = t["question_options"][t["question_options"]["question_id"] == qid].sort_values("position")
        links = t["question_passages"][t["question_passages"]["question_id"] == qid]
        out.append(
            {
                "id": qid,
                "number": number,
                "kind": str(q["kind"]),
                "stem": str(q["stem"]),
                "model_answer": ""
                if q["model_answer"] is None or q["model_answer"] != q["model_answer"]
                else str(q["model_answer"]),
                "passages": sorted((passage(p) for p in links["passage_id"]), key=lambda p: p["order"]),
                "options": [
                    {
                        "letter": LETTERS[i],
                        "text": str(o["text"]),
                        "correct": bool(o["correct"]),
                        "feedback": str(o["feedback"]),
                        "passage": passage(o["passage_id"]),
                    }
                    for i, o in enumerate(opts.to_dict("records"))
                ],
            }
        )
    return out
