"""The quizzes in print: the student's PDF asks, the teacher's PDF also answers.

Built by `make test` where TeX is installed (always in CI); text from poppler's pdftotext.
"""

from __future__ import annotations

import pytest
import quiz_expected as qx
from test_pdf import STUDENT, TEACHER, fold, pdf_text


@pytest.fixture(scope="module")
def student() -> str:
    return fold(pdf_text(STUDENT))


@pytest.fixture(scope="module")
def teacher() -> str:
    return fold(pdf_text(TEACHER))


def test_student_edition_prints_every_question_and_option(student):
    missing = [q["id"] for q in qx.questions() if fold(qx.plain(q["stem"])) not in student]
    assert missing == []
    for q in qx.choice_questions():
        for o in qx.options(q["id"]):
            assert fold(f"({'abcde'[int(o['position']) - 1]}) {qx.plain(o['text'])}") in student, (
                q["id"],
                o["position"],
            )


def test_student_edition_has_no_answers(student):
    assert fold("Answer key") not in student
    leaked = [
        (o["question_id"], o["position"])
        for o in qx.rows("question_options")
        if fold(qx.plain(o["feedback"])) in student
    ]
    assert leaked == []
    assert [q["id"] for q in qx.questions() if q["model_answer"] and fold(qx.plain(q["model_answer"])) in student] == []


def test_teacher_edition_has_the_key_and_every_feedback(teacher):
    assert teacher.count(fold("Answer key")) == len(qx.CHAPTERS)
    for q in qx.choice_questions():
        right = next(o for o in qx.options(q["id"]) if o["correct"] == "true")
        letter = "abcde"[int(right["position"]) - 1]
        assert fold(f"Answer: ({letter}) {qx.plain(right['text'])}") in teacher, q["id"]
    missing = [
        (o["question_id"], o["position"])
        for o in qx.rows("question_options")
        if fold(qx.plain(o["feedback"])) not in teacher
    ]
    assert missing == []
    assert [
        q["id"] for q in qx.questions() if q["model_answer"] and fold(qx.plain(q["model_answer"])) not in teacher
    ] == []
