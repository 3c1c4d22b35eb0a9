"""Class handouts, the scheme of work and the teacher page.

The handouts are built here with the same command `make handouts` runs, into a temporary
folder; their text is read back with poppler's pdftotext, as a teacher's printer would see it.
"""

from __future__ import annotations

import html
import itertools
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import expected as ex
import pytest
import yaml
from pypdf import PdfReader

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "handouts" / "handouts.yml"
SPEC = yaml.safe_load(SOURCE.read_text(encoding="utf-8"))


def fold(text: str) -> str:
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"').replace("\u201d", '"')
    return re.sub(r"[\s\-\u2010\u00ad]+", "", text.lower())


def need_pdftotext():
    if shutil.which("pdftotext") is None:
        if os.environ.get("CI"):
            pytest.fail("pdftotext (poppler-utils) is missing: CI must read the handouts")
        pytest.skip("pdftotext (poppler-utils) is not installed")


def text_of(path: Path) -> str:
    need_pdftotext()
    return subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-raw", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """`make handouts` runs exactly this command (checked below), here into a fresh folder."""
    out = tmp_path_factory.mktemp("handouts")
    subprocess.run([sys.executable, "-m", "hersmell.handouts", str(out)], check=True, cwd=ROOT)
    return out


def questions_and_answers(hid: str, spec: dict) -> tuple[list[str], list[str]]:
    """What the student sheet must ask, and what only the key may give."""
    if hid == "passage-cards":
        quotes = [r["text"] for r in ex.rows("quotations") if r["passage_id"] in spec["card_passages"]]
        return spec["card_questions"] + quotes, list(spec["answers"].values())
    if hid == "jigsaw":
        qs = [q for box in spec["experts"] for q in box["questions"]] + [spec["final_question"]] + spec["grid_rows"]
        ans = [a for box in spec["experts"] for a in box["answers"]] + [spec["final_answer"]]
        ans += [cell for row in spec["grid_answers"] for cell in row[1:] if len(cell) > 12]
        return qs, ans
    if hid == "on-off-camera":
        ans = spec["question_answers"] + [c for row in spec["answers"] for c in row[1:] if c]
        return spec["questions"] + spec["rows"], ans
    if hid == "debate-prep":
        return spec["facts"] + spec["prompts"], spec["fact_answers"] + spec["side_answers"]
    if hid == "exit-tickets":
        return (
            [q for t in spec["tickets"] for q in t["questions"]],
            [a for t in spec["tickets"] for a in t["answers"]],
        )
    raise AssertionError(f"no expectations written for handout {hid}")


def test_make_handouts_runs_the_builder():
    recipe = re.search(r"^handouts:.*\n\t(.+)$", (ROOT / "Makefile").read_text(), re.M)
    assert recipe and recipe.group(1).strip() == "$(BIN)/python -m hersmell.handouts _build/handouts"
    assert re.search(r"^test: .*\bhandouts\b", (ROOT / "Makefile").read_text(), re.M)


def test_every_handout_is_built(built):
    names = sorted(p.name for p in built.glob("*.pdf"))
    assert names == sorted(f"{h}-{kind}.pdf" for h in SPEC for kind in ("sheet", "key"))


def test_every_handout_a_step_names_has_a_source():
    named = {r["handout"] for r in ex.rows("session_steps") if r["handout"]}
    assert named and named <= set(SPEC)
    assert set(SPEC) <= named, "a handout no session step uses"


@pytest.mark.parametrize("hid", sorted(SPEC))
def test_no_handout_is_longer_than_three_pages(built, hid):
    for kind in ("sheet", "key"):
        assert 1 <= len(PdfReader(built / f"{hid}-{kind}.pdf").pages) <= 3, f"{hid}-{kind}"


@pytest.mark.parametrize("hid", sorted(SPEC))
def test_sheet_asks_its_questions_and_keeps_the_answers_out(built, hid):
    questions, answers = questions_and_answers(hid, SPEC[hid])
    sheet = fold(text_of(built / f"{hid}-sheet.pdf"))
    assert [q for q in questions if fold(q) not in sheet] == []
    assert [a for a in answers if fold(a) in sheet] == []
    assert "studentsheet" in sheet and "teacherkey" not in sheet


@pytest.mark.parametrize("hid", sorted(SPEC))
def test_key_has_every_answer_its_sheet_lacks(built, hid):
    _, answers = questions_and_answers(hid, SPEC[hid])
    key = fold(text_of(built / f"{hid}-key.pdf"))
    assert answers and [a for a in answers if fold(a) not in key] == []
    assert "teacherkey" in key and "notforstudents" in key


def test_a_missing_answer_is_caught(tmp_path):
    """The check can fail: a key whose source lost an answer no longer contains it."""
    spec = yaml.safe_load(SOURCE.read_text(encoding="utf-8"))
    lost = spec["debate-prep"]["fact_answers"][0]
    spec["debate-prep"]["fact_answers"][0] = "Left blank."
    (tmp_path / "h.yml").write_text(yaml.safe_dump(spec), encoding="utf-8")
    from hersmell.handouts import build

    build(tmp_path / "out", tmp_path / "h.yml")
    assert fold(lost) not in fold(text_of(tmp_path / "out" / "debate-prep-key.pdf"))


def test_a_step_naming_an_unknown_handout_stops_the_build(tmp_path):
    spec = yaml.safe_load(SOURCE.read_text(encoding="utf-8"))
    del spec["jigsaw"]
    (tmp_path / "h.yml").write_text(yaml.safe_dump(spec), encoding="utf-8")
    from hersmell.handouts import build

    with pytest.raises(ValueError, match="jigsaw"):
        build(tmp_path / "out", tmp_path / "h.yml")


def test_lesson_pack_has_the_scheme_then_every_sheet_then_every_key(tmp_path):
    from hersmell.handouts import lesson_pack

    pack = lesson_pack(tmp_path / "pack.pdf", tmp_path / "handouts")
    parts = [tmp_path / "her-smell-scheme-of-work.pdf"] + [
        tmp_path / "handouts" / f"{h}-{kind}.pdf" for kind in ("sheet", "key") for h in SPEC
    ]
    assert len(PdfReader(pack).pages) == sum(len(PdfReader(p).pages) for p in parts)
    assert sorted(p.name for p in (tmp_path / "handouts").glob("*.pdf")) == sorted(p.name for p in parts[1:])
    text = fold(text_of(pack))
    for s in ex.rows("sessions"):
        assert fold(f"Session {s['number']}: {s['title']}") in text


# --- the scheme of work, in the data ---------------------------------------------------------------


def test_the_sessions_cover_every_passage_once():
    links = [(r["session_id"], r["passage_id"]) for r in ex.rows("session_passages")]
    covered = [p for _, p in links]
    assert sorted(covered) == sorted(r["id"] for r in ex.rows("passages"))
    assert {f"p{n}" for n in range(15, 33)} <= set(covered)


def test_each_session_is_timed_end_to_end():
    for s in ex.rows("sessions"):
        steps = sorted(
            (int(r["order"]), int(r["start"]), int(r["end"]))
            for r in ex.rows("session_steps")
            if r["session_id"] == s["id"]
        )
        assert steps[0][1] == 0 and steps[-1][2] == int(s["minutes"]), s["id"]
        assert all(a[2] == b[1] for a, b in itertools.pairwise(steps)), f"{s['id']}: steps leave gaps"
        for field in ("objectives", "success_criteria", "support", "stretch", "eal", "homework", "assessment"):
            assert s[field].strip(), f"{s['id']} has no {field}"


def test_the_fifty_minute_lesson_reads_quotations_and_jigsaws_for_25():
    steps = [r for r in ex.rows("session_steps") if r["session_id"] == "s3"]
    assert any(r["handout"] == "passage-cards" and "quotation" in r["activity"] for r in steps)
    groupings = " ".join(r["grouping"] for r in steps if r["handout"] == "jigsaw")
    assert "expert groups (5 groups of 5)" in groupings and "home groups" in groupings
    assert len(SPEC["jigsaw"]["experts"]) == 5


def test_every_clip_is_tied_to_a_real_lesson_step():
    steps = {(r["session_id"], r["order"]) for r in ex.rows("session_steps")}
    clips = ex.rows("clips")
    assert 5 <= len(clips) <= 8
    assert [c["id"] for c in clips if (c["session_id"], c["step"]) not in steps] == []


def test_passage_29_has_an_act_and_session_6_does_not_overstate_passage_37():
    assert ex.linked("passage_acts", "passage_id", "p29", "act_id")
    text = (ROOT / "chapters" / "14-in-class.md").read_text(encoding="utf-8")
    assert "first outline planned" not in text and "should Act 5 have ended in death" not in text
    assert "professional or literal" in text


# --- the pages ----------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def teacher_page(site) -> str:
    return (site / "chapters" / "14-for-teachers.html").read_text(encoding="utf-8")


def test_teacher_page_is_first_in_the_in_class_part():
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    part = next(p for p in toc["parts"] if p["caption"] == "In class")
    assert [c["file"] for c in part["chapters"]][:2] == ["chapters/14-for-teachers", "chapters/14-in-class"]


def test_teacher_page_has_the_content_note_and_ratings_with_sources(teacher_page):
    assert 'id="content-and-age-note"' in teacher_page
    text = plain(teacher_page)
    assert "rated R" in text and "language throughout and some drug use" in text
    for source in ("markreviewsmovies.com", "filmratings.com", "bbfc.co.uk"):
        assert f'href="http://{source}' in teacher_page or f'href="https://www.{source}' in teacher_page, source
    for theme in ("Addiction", "baby", "abuse", "suicide", "Pastoral guidance", "UK certificate: not verified"):
        assert theme in text


def test_teacher_page_says_where_the_answers_are(teacher_page):
    assert "collapsed" in teacher_page and "It is public" in teacher_page
    assert 'href="../downloads/her-smell-guide-teacher.pdf"' in teacher_page


def plain(fragment: str) -> str:
    text = html.unescape(re.sub(r"<[^>]+>", " ", fragment)).replace("\u2019", "'").replace("\u2018", "'")
    return " ".join(text.split())


def test_teacher_page_clip_list_ties_each_clip_to_a_step(teacher_page):
    section = teacher_page.split('id="the-clip-list"', 1)[1].split('id="print-editions"', 1)[0]
    rows = [plain("<tr" + r) for r in section.split("<tr")[1:]]
    sessions = {s["id"]: s["number"] for s in ex.rows("sessions")}
    for clip in ex.rows("clips"):
        row = next((r for r in rows if r.startswith(f"{clip['order']}. {clip['title']}")), None)
        assert row, clip["title"]
        assert f"Act {clip['act_id'][-1]}" in row
        assert (
            f"Session {sessions[clip['session_id']]} , step {clip['step']}" in row
            or f"Session {sessions[clip['session_id']]}, step {clip['step']}" in row
        ), row


def test_in_class_links_every_handout_and_the_site_serves_it(site):
    html = (site / "chapters" / "14-in-class.html").read_text(encoding="utf-8")
    for hid in SPEC:
        for kind in ("sheet", "key"):
            assert f'href="../downloads/{hid}-{kind}.pdf"' in html
            assert (site / "downloads" / f"{hid}-{kind}.pdf").stat().st_size > 1000
    assert 'id="downloads-for-class"' in html


def test_handout_text_copies_nothing_from_the_interview():
    from hersmell.source import copied_runs, read_interview

    interview = read_interview()
    if interview is None:
        if os.environ.get("CI"):
            pytest.fail("the interview text is missing: CI must check the handouts against it")
        pytest.skip("the interview text is not present")
    body = interview.split("\n\n", 1)[1]
    assert copied_runs(SOURCE.read_text(encoding="utf-8"), body) == []
