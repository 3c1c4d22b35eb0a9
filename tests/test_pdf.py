"""The printed book: built by `make test` where TeX is installed (always in CI).

Text is extracted with poppler's pdftotext; comparisons fold white space and hyphenation,
which typesetting changes freely.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import expected as ex
import pytest
import yaml
from conftest import toc_pages

ROOT = Path(__file__).resolve().parents[1]
STUDENT = ROOT / "_build" / "pdf" / "her-smell-guide.pdf"
TEACHER = ROOT / "_build" / "pdf" / "her-smell-guide-teacher.pdf"
pytestmark = pytest.mark.tex


def pdf_text(path: Path) -> str:
    if not path.exists() or shutil.which("pdftotext") is None:
        pytest.skip(f"{path.name} is not built (make tex && make pdf pdf-teacher)")
    return subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def fold(text: str) -> str:
    """Lower case, curly quotes straightened, and no white space or hyphens at all."""
    text = (
        text.replace("\u2026", "...")
        .replace("\u2019", "'")
        .replace("\u2018", "'")
        .replace("\u201c", '"')
        .replace("\u201d", '"')
    )
    return re.sub(r"[\s\-\u2010\u00ad]+", "", text.lower())


@pytest.fixture(scope="module")
def student() -> str:
    return pdf_text(STUDENT)


@pytest.fixture(scope="module")
def teacher() -> str:
    return pdf_text(TEACHER)


def chapter_titles() -> list[str]:
    titles = []
    for page in toc_pages()[1:]:  # the landing page opens the PDF as its preface, untitled
        text = (ROOT / f"{page}.md").read_text(encoding="utf-8")
        titles.append(re.search(r"^# (.+)$", text, re.M).group(1).replace("*", ""))
    return titles


def test_every_chapter_title_is_printed(student):
    folded = fold(student)
    assert [t for t in chapter_titles() if fold(t) not in folded] == []


def test_every_influence_title_is_printed(student):
    folded = fold(student)
    assert [r["title"] for r in ex.rows("influences") if fold(r["title"]) not in folded] == []


def test_every_part_is_printed(student):
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    for part in toc["parts"]:
        assert re.search(rf"Part [IVX]+\s+{re.escape(part['caption'])}", student, re.I), part["caption"]


@pytest.mark.parametrize(
    "junk",
    [
        "Dropdown(",
        "VBox(",
        "Output(",
        "<IPython",
        "Widget(",
        "InfluenceExplorer(acts",
        "TablePicker(columns",
        "```",
        "{term}",
        "{ref}",
        "{glue",
        ":::",
        "\\part",
        "\\begin",
        "\\textbf",
        "<script",
        "nan,",
        "<NA>",
    ],
)
def test_no_widget_repr_or_raw_markup(student, junk):
    assert junk not in student


def test_page_count_is_sane():
    from pypdf import PdfReader

    if not STUDENT.exists():
        pdf_text(STUDENT)  # skips or fails with the right message
    pages = len(PdfReader(STUDENT).pages)
    assert 80 <= pages <= 400


def test_widgets_print_as_tables(student):
    # the explorer's place holds the table of every influence, with its columns
    folded = fold(student)
    assert fold("Influence Kind Year Creator Raised by Themes") in folded


def test_teacher_edition_has_the_answers_and_the_student_edition_does_not(student, teacher):
    themes = len(ex.rows("themes"))
    assert student.count("Model answer") == 0 and student.count("Lesson notes") == 0
    assert teacher.count("Model answer") == themes
    assert "Lesson notes" in teacher
    assert teacher.count("Answer") > student.count("Answer")
