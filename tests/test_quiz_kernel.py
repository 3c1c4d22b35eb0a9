"""The quiz widget in a live kernel: answers set from Python (and as the front end sends them), read back."""

from __future__ import annotations

import json

import pytest
import quiz_expected as qx
from conftest import run_cells, stdout_of

LETTERS = "abcde"
SETUP = "import json\nfrom hersmell.widgets import Quiz\nquiz = Quiz({theme!r})"


def right(qid):
    return LETTERS[[o["correct"] for o in qx.options(qid)].index("true")]


def wrong(qid):
    return LETTERS[[o["correct"] for o in qx.options(qid)].index("false")]


def plan_for(theme):
    """Right for the 1st, 3rd ... multiple-choice question, wrong for the others."""
    return {
        q["id"]: (right(q["id"]) if i % 2 == 0 else wrong(q["id"])) for i, q in enumerate(qx.choice_questions(theme))
    }


@pytest.fixture(scope="module")
def every_chapter():
    """Each theme's quiz in one kernel: its score before, after answering from Python, and after reset."""
    plans = {theme: plan_for(theme) for theme in qx.CHAPTERS}
    code = f"""
from hersmell.widgets import Quiz
out = {{}}
for theme, plan in {plans!r}.items():
    quiz = Quiz(theme)
    start = [quiz.score, quiz.total, quiz.answers]
    for qid, letter in plan.items():
        quiz.answer(qid, letter)
    after = [quiz.score, dict(quiz.answers), {{q: quiz.feedback(q) for q in quiz.answers}}]
    quiz.reset()
    out[theme] = {{"start": start, "after": after, "reset": [quiz.score, quiz.answers]}}
print(json.dumps(out))
"""
    return json.loads(stdout_of(run_cells("import json", code)[1]))


@pytest.mark.parametrize("theme", list(qx.CHAPTERS))
def test_score_after_answers_set_from_python(every_chapter, theme):
    mc, plan, out = qx.choice_questions(theme), plan_for(theme), every_chapter[theme]
    assert out["start"] == [0, len(mc), {}]
    score, answers, feedback = out["after"]
    assert answers == plan
    assert score == sum(1 for i in range(len(mc)) if i % 2 == 0)
    for q in mc:
        chosen = qx.options(q["id"])[LETTERS.index(plan[q["id"]])]
        assert feedback[q["id"]] == qx.plain(chosen["feedback"])
    assert out["reset"] == [0, {}]


def test_answers_arriving_from_the_front_end_change_the_score():
    """The view sends {'answers': {...}} over the comm; set_state is what the kernel runs then."""
    mc = qx.choice_questions("intelligence")
    first, second = mc[0]["id"], mc[1]["id"]
    code = f"""
quiz.set_state({{"answers": {{{first!r}: {right(first)!r}}}}})
a = quiz.score
quiz.set_state({{"answers": {{{first!r}: {right(first)!r}, {second!r}: {right(second)!r}}}}})
b = quiz.score
quiz.set_state({{"answers": {{{first!r}: {wrong(first)!r}, {second!r}: {right(second)!r}}}}})
print(json.dumps([a, b, quiz.score, quiz.answers]))
"""
    a, b, c, answers = json.loads(stdout_of(run_cells(SETUP.format(theme="intelligence"), code)[1]))
    assert (a, b, c) == (1, 2, 1)
    assert answers == {first: wrong(first), second: right(second)}


def test_impossible_answers_are_refused():
    qid = qx.choice_questions("ending")[0]["id"]
    code = f"""
errors = []
for args in [({qid!r}, "z"), ("no-such-question", "a")]:
    try:
        quiz.answer(*args)
    except Exception as exc:
        errors.append(type(exc).__name__ + ": " + str(exc))
print(json.dumps([errors, quiz.answers]))
"""
    errors, answers = json.loads(stdout_of(run_cells(SETUP.format(theme="ending"), code)[1]))
    assert len(errors) == 2 and "not an option" in errors[0] and "not a question" in errors[1]
    assert answers == {}


def test_the_kernel_view_is_the_widget_and_print_has_no_answers():
    code = """
data, _ = quiz._repr_mimebundle_()
print(json.dumps({"mimes": sorted(data), "markdown": data["text/markdown"], "html": data["text/html"],
                  "live_href": quiz.passage_href, "live_persist": quiz.persist}))
"""
    out = json.loads(stdout_of(run_cells(SETUP.format(theme="music-business"), code)[1]))
    assert "application/vnd.jupyter.widget-view+json" in out["mimes"]
    assert {"text/html", "text/markdown"} <= set(out["mimes"])
    assert out["live_href"] == "" and out["live_persist"] is False  # the kernel view keeps nothing in the browser
    md = out["markdown"].replace("\\", "").replace("*", "")  # Markdown's escapes and emphasis off
    for q in qx.questions("music-business"):
        assert f"{q['order']}. {qx.plain(q['stem'])}" in md
        for o in qx.options(q["id"]):
            assert qx.plain(o["text"]) in md
            assert qx.plain(o["feedback"]) not in md
    assert '"persist":true' in out["html"] and "02-interview.html#passage-{id}" in out["html"]
