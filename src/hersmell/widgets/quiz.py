"""The self-check quiz of a theme chapter, from questions.csv and question_options.csv.

Live in a kernel it is an anywidget; on the static page the same ES module runs on the
chapter's questions embedded in the page (see threeway.py); in print it is the list of
questions and options, without answers (the teacher's edition adds the key with the
``{quiz-key}`` directive, hersmell.quizzes). Python reads what the student chose:

>>> quiz = Quiz("performance")
>>> quiz.answer("perf-offscreen", "b")       # or click in the notebook
>>> quiz.answers, quiz.score, quiz.total      # ({'perf-offscreen': 'b'}, 1, 3)
>>> quiz.feedback("perf-offscreen")           # why (b) is right
"""

from __future__ import annotations

from pathlib import Path

import traitlets

from ..datapackage import load
from ..questions import markdown_text, plain, questions_for_theme
from .threeway import ThreeWayWidget

_HERE = Path(__file__).parent


class Quiz(ThreeWayWidget):
    """One theme chapter's self-check: choose an option, see why it is right or wrong."""

    _esm = _HERE / "quiz.js"
    _css = _HERE / "widgets.css"
    _static_state = ("theme", "title", "questions", "answers", "passage_href", "persist")

    theme = traitlets.Unicode().tag(sync=True)
    title = traitlets.Unicode().tag(sync=True)
    questions = traitlets.List(traitlets.Dict()).tag(sync=True)
    #: question id -> chosen option letter ("a", "b", ...); set by the view or from Python
    answers = traitlets.Dict().tag(sync=True)
    #: link pattern for passages ({id} is replaced); empty in a kernel, where the book's pages are not at hand
    passage_href = traitlets.Unicode("").tag(sync=True)
    #: keep the answers in the browser's localStorage (the static page only; nothing is sent anywhere)
    persist = traitlets.Bool(False).tag(sync=True)

    def __init__(self, theme: str, *, tables=None, passage_href: str = "02-interview.html#passage-{id}", **kwargs):
        t = tables if tables is not None else load()
        questions = questions_for_theme(theme, t)
        if not questions:
            raise ValueError(f"theme {theme!r} has no questions in questions.csv")
        title = str(t["themes"].set_index("id").loc[theme, "title"])
        super().__init__(theme=theme, title=title, questions=questions, **kwargs)
        self._static_href = passage_href

    # ----------------------------------------------------------- what the student chose
    def _question(self, qid: str) -> dict:
        for q in self.questions:
            if q["id"] == qid:
                return q
        raise KeyError(f"{qid!r} is not a question of this quiz; its questions are {[q['id'] for q in self.questions]}")

    @traitlets.validate("answers")
    def _v_answers(self, proposal):
        for qid, letter in proposal["value"].items():
            q = self._question(qid)
            letters = [o["letter"] for o in q["options"]]
            if letter not in letters:
                raise traitlets.TraitError(f"{letter!r} is not an option of {qid!r}; choose one of {letters}")
        return proposal["value"]

    def answer(self, qid: str, letter: str) -> None:
        """Choose option ``letter`` of question ``qid``, as a click would."""
        self.answers = {**self.answers, qid: letter}

    def reset(self) -> None:
        """Clear every answer ("Try again")."""
        self.answers = {}

    def chosen(self, qid: str) -> dict | None:
        letter = self.answers.get(qid)
        return next((o for o in self._question(qid)["options"] if o["letter"] == letter), None)

    def feedback(self, qid: str) -> str:
        """Why the chosen option of ``qid`` is right or wrong ('' if nothing is chosen)."""
        option = self.chosen(qid)
        return plain(option["feedback"]) if option else ""

    @property
    def score(self) -> int:
        """How many multiple-choice questions are answered right (the view shows the same)."""
        return sum(1 for q in self.questions if q["kind"] == "choice" and (self.chosen(q["id"]) or {}).get("correct"))

    @property
    def total(self) -> int:
        """How many questions can be scored (short answers are not)."""
        return sum(1 for q in self.questions if q["kind"] == "choice")

    # ----------------------------------------------------------- static and print renderings
    def static_html(self) -> str:
        live = (self.passage_href, self.persist, self.answers)
        # links work on the book's pages only; the page keeps a reader's progress in their own browser.
        # hold_sync: a live front end never sees these passing values, only the restored ones.
        with self.hold_sync():
            self.passage_href, self.persist, self.answers = self._static_href, True, {}
            try:
                return super().static_html()
            finally:
                self.passage_href, self.persist, self.answers = live

    def to_markdown(self) -> str:
        """The questions and their options for print; never the answers."""
        lines = []
        for q in self.questions:
            lines.append(f"{q['number']}. {markdown_text(q['stem'])}")
            lines.append("")
            if q["kind"] == "choice":
                lines += [f"   - ({o['letter']}) {markdown_text(o['text'])}" for o in q["options"]]
            else:
                lines.append("   Answer in two or three sentences.")
            lines.append("")
        return "\n".join(lines).rstrip() + "\n"
