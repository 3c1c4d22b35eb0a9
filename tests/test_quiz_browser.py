"""The self-check quiz on the built static site, driven in headless Debian chromium."""

from __future__ import annotations

import re

import pytest
import quiz_expected as qx
from conftest import SITE

LETTERS = "abcde"


def chapter_url(server, theme):
    return f"{server}/chapters/{qx.CHAPTERS[theme]}.html"


def open_quiz(page, url):
    page.goto(url)
    page.wait_for_selector(".hs-quiz fieldset.hs-quiz-q")
    return page.locator(".hs-quiz").first


def question(quiz, qid):
    return quiz.locator(f'fieldset[data-question="{qid}"]')


@pytest.mark.parametrize("theme", list(qx.CHAPTERS))
def test_each_option_shows_its_feedback_and_mark(page, server, theme):
    """Every option of the chapter's first multiple-choice question: its own feedback, marked right or wrong."""
    quiz = open_quiz(page, chapter_url(server, theme))
    assert quiz.locator("fieldset.hs-quiz-q").count() == len(qx.questions(theme))
    q = qx.choice_questions(theme)[0]
    box = question(quiz, q["id"])
    assert box.locator("legend").inner_text() == f"1. {qx.plain(q['stem'])}"
    for i, opt in enumerate(qx.options(q["id"])):
        letter = LETTERS[i]
        box.locator(f'label[data-option="{letter}"]').click()
        right = opt["correct"] == "true"
        assert box.get_attribute("data-mark") == ("right" if right else "wrong")
        feedback = box.locator(".hs-quiz-feedback")
        assert feedback.get_attribute("aria-live") == "polite"
        text = feedback.inner_text()
        assert text.startswith(f"Right: ({letter})." if right else f"Not ({letter}).")
        assert qx.plain(opt["feedback"]) in text
        assert f"(Passage {qx.passage_order(opt['passage_id'])})" in text
        mark = box.locator(f'label[data-option="{letter}"] .hs-quiz-mark').inner_text()
        assert mark.strip() == ("✓ right" if right else "✗ wrong")
        others = box.locator(".hs-quiz-mark").all_inner_texts()
        assert sum(1 for m in others if m.strip()) == 1  # only the chosen option is marked
    page.get_by_role("button", name="Try again").click()
    assert box.get_attribute("data-mark") is None and box.locator(".hs-quiz-feedback").inner_text() == ""
    assert box.locator("input:checked").count() == 0
    assert page.log.console_errors == [] and page.log.page_errors == []


def test_score_after_a_sequence_of_answers(page, server):
    theme = "documentary"
    quiz = open_quiz(page, chapter_url(server, theme))
    mc = qx.choice_questions(theme)
    total = len(mc)
    score = quiz.locator(".hs-quiz-score")
    assert score.get_attribute("role") == "status"
    assert score.inner_text() == f"Score: 0 of {total} right (0 answered)"
    right_letter = {q["id"]: LETTERS[[o["correct"] for o in qx.options(q["id"])].index("true")] for q in mc}
    wrong_letter = {q["id"]: LETTERS[[o["correct"] for o in qx.options(q["id"])].index("false")] for q in mc}
    # right, wrong, right; then change the wrong one to right; then the first to wrong
    sequence = [(mc[0], right_letter), (mc[1], wrong_letter), (mc[2], right_letter)]
    for q, letters in sequence:
        question(quiz, q["id"]).locator(f'label[data-option="{letters[q["id"]]}"]').click()
    assert score.inner_text() == f"Score: 2 of {total} right (3 answered)"
    question(quiz, mc[1]["id"]).locator(f'label[data-option="{right_letter[mc[1]["id"]]}"]').click()
    assert score.inner_text() == f"Score: 3 of {total} right (3 answered)"
    question(quiz, mc[0]["id"]).locator(f'label[data-option="{wrong_letter[mc[0]["id"]]}"]').click()
    assert score.inner_text() == f"Score: 2 of {total} right (3 answered)"
    for q in mc[3:]:
        question(quiz, q["id"]).locator(f'label[data-option="{right_letter[q["id"]]}"]').click()
    assert score.inner_text() == f"Score: {total - 1} of {total} right"
    page.get_by_role("button", name="Try again").click()
    assert score.inner_text() == f"Score: 0 of {total} right (0 answered)"


def test_keyboard_alone_can_answer(page, server):
    theme = "persona"
    quiz = open_quiz(page, chapter_url(server, theme))
    q = qx.choice_questions(theme)[0]
    opts = qx.options(q["id"])
    page.locator("#self-check h2").first.click()  # start from the section heading, not the top
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.type === 'radio'"):
            break
    else:
        pytest.fail("Tab never reached the quiz's first radio button")
    box = question(quiz, q["id"])
    assert page.evaluate("document.activeElement.closest('fieldset').dataset.question") == q["id"]
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none"  # focus is visible
    page.keyboard.press("Space")  # choose the focused (first) option
    assert box.get_attribute("data-mark") == ("right" if opts[0]["correct"] == "true" else "wrong")
    assert qx.plain(opts[0]["feedback"]) in box.locator(".hs-quiz-feedback").inner_text()
    page.keyboard.press("ArrowDown")  # arrow keys move the choice to the next option
    assert qx.plain(opts[1]["feedback"]) in box.locator(".hs-quiz-feedback").inner_text()
    assert box.get_attribute("data-mark") == ("right" if opts[1]["correct"] == "true" else "wrong")
    # on to "Try again" by keyboard: Tab leaves the radio group, one question at a time
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('hs-quiz-reset')"):
            break
    else:
        pytest.fail("Tab never reached Try again")
    page.keyboard.press("Enter")
    assert box.get_attribute("data-mark") is None
    assert page.evaluate("document.activeElement.type") == "radio"  # focus returns to the first question


def test_answers_survive_a_reload_in_this_browser_only(page, server):
    theme = "ending"
    quiz = open_quiz(page, chapter_url(server, theme))
    q = qx.choice_questions(theme)[0]
    question(quiz, q["id"]).locator('label[data-option="b"]').click()
    page.reload()
    quiz = open_quiz(page, page.url)
    assert question(quiz, q["id"]).locator("input:checked").get_attribute("value") == "b"
    assert question(quiz, q["id"]).get_attribute("data-mark") in ("right", "wrong")
    page.get_by_role("button", name="Try again").click()
    page.reload()
    quiz = open_quiz(page, page.url)
    assert question(quiz, q["id"]).locator("input:checked").count() == 0


def test_a_feedback_link_leads_to_its_passage(page, server):
    theme = "addiction"
    quiz = open_quiz(page, chapter_url(server, theme))
    q = qx.choice_questions(theme)[0]
    opt = qx.options(q["id"])[0]
    box = question(quiz, q["id"])
    box.locator('label[data-option="a"]').click()
    box.locator(".hs-quiz-feedback a").click()
    page.wait_for_url(re.compile(rf"02-interview\.html#passage-{opt['passage_id']}$"))
    assert (
        page.locator(f"#passage-{opt['passage_id']}").inner_text().startswith(f"{qx.passage_order(opt['passage_id'])}.")
    )


def test_short_answers_offer_a_model_answer(page, server):
    theme = "performance"
    quiz = open_quiz(page, chapter_url(server, theme))
    q = next(q for q in qx.questions(theme) if q["kind"] == "short")
    box = question(quiz, q["id"])
    box.get_by_label("Your answer", exact=False).fill("My own answer")
    box.locator("summary").click()
    assert qx.plain(q["model_answer"]) in box.locator(".hs-quiz-model").inner_text()


def test_quiz_pages_are_offline_and_quiet(page, server):
    for theme in qx.CHAPTERS:
        quiz = open_quiz(page, chapter_url(server, theme))
        q = qx.choice_questions(theme)[-1]
        question(quiz, q["id"]).locator('label[data-option="a"]').click()
        page.wait_for_load_state("networkidle")
    assert page.log.foreign() == []
    assert page.log.console_errors == [] and page.log.page_errors == [] and page.log.failed == []


def test_the_quiz_works_from_a_file_url(browser):
    context = browser.new_context()
    page = context.new_page()
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    try:
        quiz = open_quiz(page, (SITE / "chapters" / "11-documentary.html").as_uri())
        q = qx.choice_questions("documentary")[0]
        right = LETTERS[[o["correct"] for o in qx.options(q["id"])].index("true")]
        question(quiz, q["id"]).locator(f'label[data-option="{right}"]').click()
        assert question(quiz, q["id"]).get_attribute("data-mark") == "right"
        assert quiz.locator(".hs-quiz-score").inner_text().startswith("Score: 1 of")
        assert [u for u in requests if not u.startswith(("file:", "data:"))] == []
    finally:
        context.close()


def test_a_title_inside_an_option_runs_on_with_its_sentence(page, server):
    """An option with an italic title reads as one line of text: the full stop after the title
    sits against it, not spaced off as a separate column of the option's flex row."""
    page.set_viewport_size({"width": 1280, "height": 900})
    quiz = open_quiz(page, chapter_url(server, "structure"))
    label = quiz.locator("label.hs-quiz-option", has_text="mirrors the opening of").first
    gap = label.evaluate(
        """(label) => {
          const em = label.querySelector("em");
          const after = em.nextSibling;  // the text node with the full stop
          const range = document.createRange();
          range.selectNodeContents(after);
          return range.getBoundingClientRect().left - em.getBoundingClientRect().right;
        }"""
    )
    assert abs(gap) < 2, gap
