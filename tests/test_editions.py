"""Print editions for class: the reader's edition, the teacher's edition and the bibliography page.

Built by `make test` where TeX is installed (always in CI): `make pdf pdf-teacher pdf-reader
lesson-pack`. Text is read with pdftotext, as in test_pdf.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from test_pdf import ROOT, STUDENT, TEACHER, chapter_titles, fold, pdf_text

READER = ROOT / "_build" / "pdf" / "her-smell-guide-reader.pdf"
PACK = ROOT / "_build" / "pdf" / "her-smell-lesson-pack.pdf"
CHAPTERS = sorted((ROOT / "chapters").glob("*.md"))


@pytest.fixture(scope="module")
def reader() -> str:
    return pdf_text(READER)


@pytest.fixture(scope="module")
def teacher() -> str:
    return pdf_text(TEACHER)


@pytest.fixture(scope="module")
def student() -> str:
    return pdf_text(STUDENT)


def data_section_headings() -> list[str]:
    """The headings the reader's edition must drop, found in the sources by the edition's own rule,
    plus every heading inside the chapter that is all data."""
    from hersmell.editions import READER_DROPS, READER_EMPTIED

    found = []
    for path in CHAPTERS:
        for heading in re.findall(r"^#{2,4} (.+)$", path.read_text(encoding="utf-8"), re.M):
            if READER_DROPS.search(heading) or path.stem.endswith(READER_EMPTIED):
                found.append(heading.replace("*", ""))
    return found


def test_the_rule_finds_the_data_sections():
    headings = data_section_headings()
    assert "The theme in the data" in headings
    assert "How much the interview says about each act" in headings
    assert "Tables and fields" in headings


@pytest.mark.parametrize("code", [r"\bimport\s+\w", r"tables\[", r"views\.", r"from hersmell"])
def test_reader_edition_prints_no_code(reader, code):
    assert re.findall(rf".{{0,40}}{code}.{{0,40}}", reader) == []


def test_reader_edition_has_no_data_section_headings(reader):
    lines = [" ".join(line.split()) for line in reader.splitlines()]
    for heading in data_section_headings():
        pattern = re.compile(rf"^(\d+(\.\d+)*\s+)?{re.escape(heading)}$", re.I)
        assert [line for line in lines if pattern.match(line)] == [], heading


def test_reader_edition_keeps_every_chapter(reader):
    folded = fold(reader)
    assert [t for t in chapter_titles() if fold(t) not in folded] == []


def test_reader_edition_has_no_answers(reader):
    assert reader.count("Model answer") == 0 and "Lesson notes" not in reader


def model_answers() -> list[str]:
    """The first sentence of every model answer and example paragraph in the chapters."""
    found = []
    for path in CHAPTERS:
        text = path.read_text(encoding="utf-8")
        for body in re.findall(
            r":::\{admonition\} (?:Model answer|Example paragraph)\n(?:\s*:class: dropdown\n)?(.*?):::", text, re.S
        ):
            plain = re.sub(r"\[([^\]]+)\]\([^)]+\)", r"\1", " ".join(body.split()))
            plain = re.sub(r"\{[a-z:]+\}`([^`<]+)(<[^>]+>)?`", r"\1", plain).replace("*", "")
            found.append(re.split(r"(?<=[.!?])\s", plain, maxsplit=1)[0])
    return found


def test_every_model_answer_is_found():
    assert len(model_answers()) >= 8 + 6  # one per theme chapter, one example paragraph per essay prompt


def test_teacher_edition_has_every_model_answer(teacher):
    folded = fold(teacher)
    assert [a for a in model_answers() if fold(a) not in folded] == []


def test_student_edition_has_no_example_paragraphs(student):
    assert "Example paragraph" not in student


def test_bibliography_chapter_prints_its_entries(student):
    """The Bibliography chapter's own pages hold the entries (Sphinx used to put them at the end)."""
    start = re.search(r"^BIBLIOGRAPHY$", student, re.M)  # chapter headings print in capitals
    assert start, "no Bibliography heading"
    after = student[start.end() :]
    end = re.search(r"^ABOUT THE DATA$", after, re.M)
    assert end, "the bibliography entries are printed after the About the data chapter"
    chapter = after[: end.start()]
    assert "Showgirls" in chapter and "A Star Is Born" in chapter


def test_lesson_pack_is_short_and_has_the_scheme():
    from pypdf import PdfReader

    text = pdf_text(PACK)
    assert "Scheme of work" in text and "STUDENT SHEET" in text and "TEACHER KEY" in text
    assert len(PdfReader(PACK).pages) <= 30


def test_the_site_offers_the_editions_it_has_built():
    site = ROOT / "_build" / "html" / "downloads"
    teacher_pdf = site / "her-smell-guide-teacher.pdf"
    if not TEACHER.exists():
        pdf_text(TEACHER)  # skips, or fails in CI
    assert teacher_pdf.exists() and teacher_pdf.stat().st_size == Path(TEACHER).stat().st_size
