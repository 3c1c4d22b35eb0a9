"""The teacher's answer key in HTML: a small Sphinx project using the book's own extensions.

(The full teacher's HTML edition is `make book-teacher`; here the same {only} teacher block and
{quiz-key} directive are built with and without the `teacher` tag, strictly, in seconds.)
"""

from __future__ import annotations

import html
import re
import subprocess
import sys

import pytest
import quiz_expected as qx

CONF = """
extensions = ["myst_parser", "hersmell.directives", "hersmell.quizzes"]
myst_enable_extensions = ["colon_fence"]
exclude_patterns = ["_build"]
nitpicky = True
"""
CHAPTER = """# Documentary

## Self-check

::::{only} teacher
```{quiz-key} documentary
```
::::
"""
INTERVIEW = """# Interview

```{passage-map}
```

```{influence-index}
```
"""
INDEX = """# Guide

```{toctree}
chapter
interview
```
"""


def build(tmp_path, teacher: bool) -> str:
    src = tmp_path / ("teacher" if teacher else "student")
    src.mkdir()
    (src / "conf.py").write_text(CONF)
    (src / "index.md").write_text(INDEX)
    (src / "chapter.md").write_text(CHAPTER)
    # the passage cards link to every theme's chapter: give each a labelled heading
    themes = "".join(f"\n(theme-{t['id']})=\n## {t['title']}\n" for t in qx.rows("themes"))
    (src / "interview.md").write_text(INTERVIEW + themes)
    cmd = [sys.executable, "-m", "sphinx", "-W", "-n", "-q", "-b", "html", str(src), str(src / "_build")]
    if teacher:
        cmd[3:3] = ["-t", "teacher"]
    out = subprocess.run(cmd, capture_output=True, text=True)
    assert out.returncode == 0, out.stdout + out.stderr
    return (src / "_build" / "chapter.html").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("key")
    return build(tmp, teacher=False), build(tmp, teacher=True)


def text_of(page: str) -> str:
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", "", page)))


def test_the_student_page_has_no_key(pages):
    student, _ = pages
    assert "Answer key" not in student
    assert all(
        qx.plain(o["feedback"]) not in text_of(student)
        for q in qx.questions("documentary")
        for o in qx.options(q["id"])
    )


def test_the_teacher_page_has_the_key_with_feedback_and_passage_links(pages):
    _, teacher = pages
    text = text_of(teacher)
    assert "Answer key" in text
    for q in qx.choice_questions("documentary"):
        right = next(o for o in qx.options(q["id"]) if o["correct"] == "true")
        assert f"Answer: ({'abcde'[int(right['position']) - 1]}) {qx.plain(right['text'])}" in text
        for o in qx.options(q["id"]):
            assert qx.plain(o["feedback"]) in text
            assert f'href="interview.html#passage-{o["passage_id"]}"' in teacher
    assert "<em>Montage of Heck</em>" in teacher  # titles italic, from the data's *marks*
