"""The quiz live in JupyterLab 4: a student's click in the widget reaches the kernel's quiz.score."""

from __future__ import annotations

import pytest
import quiz_expected as qx
from conftest import JUPYTER_TOKEN, jupyter_server, write_notebook

THEME = "structure"
pytestmark = [pytest.mark.lab, pytest.mark.slow]


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    root = tmp_path_factory.mktemp("quizlab")
    write_notebook(
        root / "quiz.ipynb",
        f"from hersmell.widgets import Quiz\nquiz = Quiz({THEME!r})\nquiz",
        "print('SCORE:', quiz.score, 'OF', quiz.total, 'ANSWERS:', quiz.answers)",
    )
    with jupyter_server(root) as base:
        yield base


def test_clicks_in_the_live_quiz_reach_the_kernel(browser, lab):
    mc = qx.choice_questions(THEME)
    right = "abcde"[[o["correct"] for o in qx.options(mc[0]["id"])].index("true")]
    wrong = "abcde"[[o["correct"] for o in qx.options(mc[1]["id"])].index("false")]
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{lab}/lab/tree/quiz.ipynb?token={JUPYTER_TOKEN}")
    page.wait_for_function(
        "window.jupyterapp && window.jupyterapp.shell.currentWidget "
        "&& window.jupyterapp.shell.currentWidget.sessionContext?.session?.kernel",
        timeout=90000,
    )
    page.evaluate("window.jupyterapp.commands.execute('notebook:run-all-cells')")
    quiz = page.locator(".jp-OutputArea .hs-quiz").first
    quiz.locator("fieldset.hs-quiz-q").first.wait_for(timeout=90000)
    assert "kept in this browser" not in quiz.inner_text()  # the live view stores nothing
    quiz.locator(f'fieldset[data-question="{mc[0]["id"]}"] label[data-option="{right}"]').click()
    quiz.locator(f'fieldset[data-question="{mc[1]["id"]}"] label[data-option="{wrong}"]').click()
    assert quiz.locator(".hs-quiz-score").inner_text() == f"Score: 1 of {len(mc)} right (2 answered)"
    page.wait_for_timeout(500)  # the change travels to the kernel over the widget comm
    page.locator(".jp-Notebook .jp-Cell").nth(1).click()
    page.evaluate("window.jupyterapp.commands.execute('notebook:run-cell')")
    out = page.locator(".jp-Notebook .jp-Cell").nth(1).locator(".jp-OutputArea-output")
    out.wait_for(timeout=30000)
    text = out.inner_text()
    assert f"SCORE: 1 OF {len(mc)}" in text
    assert f"'{mc[0]['id']}': '{right}'" in text and f"'{mc[1]['id']}': '{wrong}'" in text
    context.close()
