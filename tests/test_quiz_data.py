"""The self-check questions as data: the tables validate, each rule can fail, each question appears once."""

from __future__ import annotations

import re
import shutil

import pytest
import quiz_expected as qx
from conftest import ROOT

from hersmell import DataError, validate
from hersmell.quiz_rules import check_questions


@pytest.fixture(scope="module")
def tables():
    return validate()


def broken(tables, table, row, **changes):
    t = {k: v.copy() for k, v in tables.items()}
    for field, value in changes.items():
        t[table].loc[t[table].index[row], field] = value
    return check_questions(t)


def test_the_questions_follow_every_rule(tables):
    assert check_questions(tables) == []


def test_every_theme_has_a_quiz_and_every_question_is_asked_once(tables):
    assert {q["theme_id"] for q in qx.rows("questions")} == {t["id"] for t in qx.rows("themes")}
    stems = [re.sub(r"\W+", " ", q["stem"].lower()).strip() for q in qx.rows("questions")]
    assert len(stems) == len(set(stems))
    # the chapters' 40 questions, less the seven that two chapters both asked
    assert len(qx.rows("questions")) == 33


def test_multiple_choice_shape_in_the_data():
    for q in qx.choice_questions():
        opts = qx.options(q["id"])
        assert 3 <= len(opts) <= 5, q["id"]
        assert [o["correct"] for o in opts].count("true") == 1, q["id"]
        assert all(len(o["feedback"]) >= 20 and o["passage_id"] for o in opts), q["id"]
        assert len({o["feedback"] for o in opts}) == len(opts), q["id"]  # each option explained on its own
    for q in qx.questions():
        if q["kind"] == "short":
            assert q["model_answer"] and not qx.options(q["id"])


@pytest.mark.parametrize(
    "table,row,changes,where",
    [
        ("question_options", 0, {"correct": True}, "question_options.csv, row 2, field 'correct'"),
        ("question_options", 1, {"correct": False}, "question_options.csv, row 2, field 'correct'"),
        ("question_options", 2, {"position": 7}, "question_options.csv, row 2, field 'position'"),
        (
            "question_options",
            4,
            {"feedback": "See [passage 22](#passage-p22)."},
            "question_options.csv, row 6, field 'feedback'",
        ),
        (
            "question_options",
            4,
            {"feedback": 'Perry says "a line nobody ever said" here.'},
            "question_options.csv, row 6, field 'feedback'",
        ),
        ("question_options", 4, {"text": "*Showgirls"}, "question_options.csv, row 6, field 'text'"),
        ("questions", 3, {"model_answer": None}, "questions.csv, row 5, field 'model_answer'"),
        ("questions", 0, {"model_answer": "Not for multiple choice."}, "questions.csv, row 2, field 'model_answer'"),
        ("questions", 1, {"order": 9}, "questions.csv, row 2, field 'order'"),
    ],
)
def test_each_rule_names_file_row_and_field(tables, table, row, changes, where):
    problems = broken(tables, table, row, **changes)
    assert any(p.startswith(where + ":") for p in problems), problems


def test_a_quotation_from_quotations_csv_is_allowed(tables):
    quote = str(tables["quotations"]["text"].iloc[0])
    assert broken(tables, "question_options", 4, feedback=f"The interviewer calls Becky a woman “{quote}” here.") == []


def test_too_few_options_and_an_untested_question(tables):
    t = {k: v.copy() for k, v in tables.items()}
    qid = qx.choice_questions()[0]["id"]
    opts = t["question_options"]
    t["question_options"] = opts[~((opts["question_id"] == qid) & (opts["position"] > 2))]
    t["question_passages"] = t["question_passages"][t["question_passages"]["question_id"] != qid]
    problems = check_questions(t)
    assert any(f"{qid!r} has 2 options" in p for p in problems)
    assert any(f"{qid!r} tests no passage" in p for p in problems)


def test_bad_question_data_stops_the_load(tmp_path):
    """Wired into the package's validator: a bad row stops validate() with file, row and field."""
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    path = data / "question_options.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[1] = lines[1].replace(",false,", ",true,", 1)  # a second right option for the first question
    path.write_text("".join(lines), encoding="utf-8")
    with pytest.raises(DataError) as err:
        validate(data)
    assert "question_options.csv, row 2, field 'correct'" in str(err.value)


def test_a_question_must_name_real_passages(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    path = data / "question_passages.csv"
    path.write_text(path.read_text(encoding="utf-8") + "perf-offscreen,p99\n", encoding="utf-8")
    with pytest.raises(DataError) as err:
        validate(data)
    assert "question_passages.csv, line" in str(err.value) and "'p99' is not an id in passages.csv" in str(err.value)


@pytest.mark.parametrize("theme,chapter", list(qx.CHAPTERS.items()))
def test_each_chapter_renders_its_quiz_from_the_data(theme, chapter):
    text = (ROOT / "chapters" / f"{chapter}.md").read_text(encoding="utf-8")
    section = text.split("## Self-check", 1)[1].split("\n## ", 1)[0]
    assert f'Quiz("{theme}")' in section
    assert f"{{quiz-key}} {theme}" in section and "{only} teacher" in section
    assert not re.search(r"^\d+\. ", section, re.M)  # no hand-written questions left
