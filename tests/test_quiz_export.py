"""The LMS exports, read back by readers that are not ours.

* Canvas QTI 1.2 (made by text2qti): qti-package-maker's package integrity check (manifest,
  every scored answer names a declared choice), then the item XML itself with lxml;
* Moodle XML: the moodle-xml-parser package;
* GIFT: parsed here by its grammar's own markers (the PyPI GIFT parser pins an old Markdown
  that text2qti cannot run with).
Every count and answer is compared with the CSV files.
"""

from __future__ import annotations

import html
import re
import zipfile
from pathlib import Path

import pytest
import quiz_expected as qx
from conftest import SITE

from hersmell.quiz_export import file_names, write_exports

LETTERS = "abcde"


@pytest.fixture(scope="module")
def exports(tmp_path_factory) -> dict[str, Path]:
    return write_exports(tmp_path_factory.mktemp("exports"))


def P(text: str) -> str:
    """What the data says, normalised like the export's text."""
    return norm(qx.plain(text))


def right_text(qid):
    return next(P(o["text"]) for o in qx.options(qid) if o["correct"] == "true")


def norm(text: str | None) -> str:
    """Text of an HTML fragment: tags off, entities decoded, typographic apostrophes straight."""
    text = html.unescape(re.sub(r"<[^>]+>", "", text or "")).replace("\u2019", "'").replace("\u2018", "'")
    return re.sub(r"\s+", " ", text).strip()


# ------------------------------------------------------------------ Canvas QTI
@pytest.mark.parametrize("theme", list(qx.CHAPTERS))
def test_each_chapter_is_a_valid_qti_package(exports, theme):
    from qti_package_maker.common.package_integrity import check_package

    path = exports[f"qti-{theme}"]
    assert check_package(str(path)) == []
    with zipfile.ZipFile(path) as z:
        names = z.namelist()
        assert "imsmanifest.xml" in names
        item_file = next(n for n in names if n.endswith(".xml") and "assessment_meta" not in n and "/" in n)
        xml = z.read(item_file)
    from lxml import etree

    root = etree.fromstring(xml)
    ns = {"q": root.nsmap[None]}
    items = root.findall(".//q:item", ns)
    assert len(items) == len(qx.questions(theme))  # one quiz per chapter, every question in it
    for item, q in zip(items, qx.questions(theme), strict=False):
        kind = item.find(".//q:qtimetadatafield[q:fieldlabel='question_type']/q:fieldentry", ns).text
        if q["kind"] == "short":
            assert kind == "essay_question"
            general = " ".join(item.xpath(".//q:itemfeedback[@ident='general_fb']//q:mattext/text()", namespaces=ns))
            assert P(q["model_answer"]) in norm(general)
            continue
        assert kind == "multiple_choice_question"
        choices = {
            c.get("ident"): norm(c.findtext(".//q:mattext", namespaces=ns))
            for c in item.findall(".//q:response_label", ns)
        }
        assert list(choices.values()) == [P(o["text"]) for o in qx.options(q["id"])]
        scored = [
            v.text
            for cond in item.findall(".//q:respcondition", ns)
            if cond.find("q:setvar", ns) is not None and cond.find("q:setvar", ns).text == "100"
            for v in cond.findall(".//q:varequal", ns)
        ]
        assert [choices[s] for s in scored] == [right_text(q["id"])]  # exactly one right answer
        feedback = [
            norm(" ".join(fb.xpath(".//q:mattext/text()", namespaces=ns)))
            for fb in item.findall("q:itemfeedback", ns)
            if fb.get("ident").endswith("_fb")
            and fb.get("ident") not in ("general_fb", "correct_fb", "general_incorrect_fb")
        ]
        for o in qx.options(q["id"]):
            assert any(P(o["feedback"]) in f for f in feedback), (q["id"], o["position"])


# ------------------------------------------------------------------ Moodle XML
def test_moodle_xml_parses_with_every_question_its_answer_and_feedback(exports):
    from lxml import etree
    from moodle_xml_parser.parser import parse_file

    path = exports["moodle"]
    parsed = parse_file(str(path))["multichoice"]
    mc = qx.choice_questions()
    assert len(parsed) == len(mc)
    by_id = {p.name.split(" ", 1)[1]: p for p in parsed}
    for q in mc:
        got = by_id[q["id"]]
        assert got.single is True
        assert norm(got.text_pre_parse) == P(q["stem"])
        assert [norm(o.answer) for o in got.options] == [P(o["text"]) for o in qx.options(q["id"])]
        assert [o.score_fraction for o in got.options].count(100.0) == 1
        assert norm(next(o.answer for o in got.options if o.score_fraction == 100.0)) == right_text(q["id"])
        for o, want in zip(got.options, qx.options(q["id"]), strict=False):
            assert P(want["feedback"]) in norm(o.feedback)
            assert f"Passage {qx.passage_order(want['passage_id'])}" in o.feedback
    root = etree.parse(str(path)).getroot()
    essays = root.findall("question[@type='essay']")
    shorts = [q for q in qx.questions() if q["kind"] == "short"]
    assert len(essays) == len(shorts)
    by_idnumber = {node.findtext("idnumber"): node for node in essays}
    for q in shorts:
        assert P(q["model_answer"]) in norm(by_idnumber[q["id"]].findtext("generalfeedback/text"))
    categories = [c.findtext("category/text") for c in root.findall("question[@type='category']")]
    assert len(categories) == len(qx.CHAPTERS)


# ------------------------------------------------------------------ GIFT
def unescape(text):
    return norm(re.sub(r"\\(.)", r"\1", text))


def test_gift_has_every_question_one_right_answer_and_the_feedback(exports):
    text = exports["gift"].read_text(encoding="utf-8")
    blocks = re.findall(r"^::([^:]+)::(.*?) \{\n(.*?)\n\}$", text, re.M | re.S)
    assert len(blocks) == len(qx.questions())
    assert text.count("$CATEGORY:") == len(qx.CHAPTERS)
    by_id = {title.split(" ", 1)[1]: (stem, body) for title, stem, body in blocks}
    for q in qx.questions():
        stem, body = by_id[q["id"]]
        assert unescape(stem) == P(q["stem"])
        if q["kind"] == "short":
            assert body.strip().startswith("####") and P(q["model_answer"]) in unescape(body)
            continue
        answers = re.findall(r"^\t([=~])(.*?) (?<!\\)#(.*)$", body, re.M)
        assert [unescape(a) for _, a, _ in answers] == [P(o["text"]) for o in qx.options(q["id"])]
        assert [m for m, _, _ in answers].count("=") == 1
        assert unescape(next(a for m, a, _ in answers if m == "=")) == right_text(q["id"])
        for (_, _, fb), o in zip(answers, qx.options(q["id"]), strict=False):
            assert P(o["feedback"]) in unescape(fb)


# ------------------------------------------------------------------ in the built book
def test_the_in_class_page_links_every_export(site):
    html = (SITE / "chapters" / "14-in-class.html").read_text(encoding="utf-8")
    for name in file_names_from_data():
        links = re.findall(rf'href="([^"]*{re.escape(name)})"', html)
        assert links, name
        target = (SITE / "chapters" / links[0]).resolve()
        assert target.is_file() and target.stat().st_size > 500, name


def file_names_from_data():
    from hersmell import load

    return list(file_names(load()).values())
