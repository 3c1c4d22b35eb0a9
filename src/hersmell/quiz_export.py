"""The chapters' self-check quizzes as files a teacher imports into an LMS.

* Canvas (and other QTI 1.2 importers): one QTI package per theme chapter, made by the
  maintained ``text2qti`` library from its plain-text quiz format;
* Moodle XML: every chapter's questions, one question-bank category per chapter;
* GIFT (Moodle's plain-text format): the same, for pasting or importing.

Every multiple-choice item keeps its one right option and the feedback of each option;
short answers become essay questions with the model answer as feedback.

    python -m hersmell.quiz_export OUTDIR      # writes every file into OUTDIR
"""

from __future__ import annotations

import json
import re
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

from . import stamps
from .datapackage import load
from .questions import plain, questions_for_theme

SOURCE = "Her Smell, annotated"


def themes(tables) -> list[tuple[str, str, int]]:
    """(theme id, title, chapter number) in book order; theme chapters are 5, 6, 7 ..."""
    rows = tables["themes"].sort_values("order").to_dict("records")
    return [(str(r["id"]), str(r["title"]), 4 + int(r["order"])) for r in rows]


def _feedback(option: dict) -> str:
    return f"{option['feedback']} (Passage {option['passage']['order']} of the interview.)"


def _model(q: dict) -> str:
    where = ", ".join(str(p["order"]) for p in q["passages"])
    return (
        f"{q['model_answer']} (Passages {where} of the interview.)"
        if len(q["passages"]) > 1
        else f"{q['model_answer']} (Passage {where} of the interview.)"
    )


def file_names(tables) -> dict[str, str]:
    """What each export is called: key -> file name."""
    names = {f"qti-{tid}": f"her-smell-quiz-{n:02d}-{tid}-qti.zip" for tid, _, n in themes(tables)}
    names.update({"moodle": "her-smell-quizzes-moodle.xml", "gift": "her-smell-quizzes.gift.txt"})
    return names


# ------------------------------------------------------------------ Canvas QTI 1.2 (text2qti)
def _t2q(text: str) -> str:
    """One line of text2qti Markdown: *emphasis* kept, no line breaks."""
    return re.sub(r"\s+", " ", text).strip()


def text2qti_source(theme: str, tables=None) -> str:
    """The theme's quiz in text2qti's plain-text format."""
    t = tables if tables is not None else load()
    title, number = next((ti, n) for tid, ti, n in themes(t) if tid == theme)
    lines = [
        f"Quiz title: {SOURCE}: {plain(title)} (chapter {number})",
        f"Quiz description: Self-check questions of chapter {number}, {plain(title)}, in the study guide "
        f"{SOURCE}. Each option's feedback says why it is right or wrong.",
        "Shuffle answers: false",
        "Show correct answers: true",
        "",
    ]
    for q in questions_for_theme(theme, t):
        lines.append(f"Title: {q['id']}")
        lines.append(f"{q['number']}.  {_t2q(q['stem'])}")
        if q["kind"] == "choice":
            for o in q["options"]:
                mark = "*" if o["correct"] else ""
                lines.append(f"{mark}{o['letter']})  {_t2q(o['text'])}")
                lines.append(f"... {_t2q(_feedback(o))}")
        else:
            lines.append(f"... {_t2q(_model(q))}")
            lines.append("____")
        lines.append("")
    return "\n".join(lines)


def canvas_qti(theme: str, tables=None) -> bytes:
    """A QTI 1.2 package (zip) of one chapter's quiz, as Canvas imports it."""
    from text2qti.config import Config
    from text2qti.qti import QTI
    from text2qti.quiz import Quiz as T2QQuiz

    quiz = T2QQuiz(text2qti_source(theme, tables), config=Config(), source_name=f"{theme}.txt")
    return QTI(quiz).zip_bytes()


# ------------------------------------------------------------------ Moodle XML
def _html(text: str) -> str:
    """Question text as the HTML Moodle shows: escaped, with *titles* in <em>."""
    from html import escape

    parts = re.split(r"\*([^*]+)\*", text)
    return "".join(f"<em>{escape(p)}</em>" if i % 2 else escape(p) for i, p in enumerate(parts))


def _text(parent: ET.Element, tag: str, value: str, fmt: str = "html") -> ET.Element:
    node = ET.SubElement(parent, tag, {"format": fmt} if fmt else {})
    ET.SubElement(node, "text").text = value
    return node


def moodle_xml(tables=None) -> str:
    """Every chapter's quiz as Moodle XML, a category per chapter."""
    t = tables if tables is not None else load()
    root = ET.Element("quiz")
    for tid, title, number in themes(t):
        cat = ET.SubElement(root, "question", {"type": "category"})
        ET.SubElement(
            ET.SubElement(cat, "category"), "text"
        ).text = f"$course$/top/{SOURCE}/{number:02d} {plain(title)}"
        for q in questions_for_theme(tid, t):
            kind = "multichoice" if q["kind"] == "choice" else "essay"
            node = ET.SubElement(root, "question", {"type": kind})
            _text(node, "name", f"{number}.{q['number']} {q['id']}", fmt="")
            _text(node, "questiontext", f"<p>{_html(q['stem'])}</p>")
            ET.SubElement(node, "idnumber").text = q["id"]
            ET.SubElement(node, "defaultgrade").text = "1"
            if kind == "multichoice":
                _text(node, "generalfeedback", "")
                for tag, value in (
                    ("single", "true"),
                    ("shuffleanswers", "false"),
                    ("answernumbering", "abc"),
                    ("penalty", "0"),
                ):
                    ET.SubElement(node, tag).text = value
                for o in q["options"]:
                    ans = ET.SubElement(node, "answer", {"fraction": "100" if o["correct"] else "0", "format": "html"})
                    ET.SubElement(ans, "text").text = _html(o["text"])
                    _text(ans, "feedback", f"<p>{_html(_feedback(o))}</p>")
            else:
                _text(node, "generalfeedback", f"<p>{_html(_model(q))}</p>")
                for tag, value in (
                    ("penalty", "0"),
                    ("responseformat", "editor"),
                    ("responserequired", "1"),
                    ("responsefieldlines", "10"),
                    ("attachments", "0"),
                ):
                    ET.SubElement(node, tag).text = value
                _text(node, "graderinfo", f"<p>Model answer: {_html(_model(q))}</p>")
                _text(node, "responsetemplate", "")
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


# ------------------------------------------------------------------ GIFT
def _gift(text: str) -> str:
    """Plain text safe in GIFT: its special characters escaped, titles without marks."""
    return re.sub(r"([~=#{}:\\])", r"\\\1", re.sub(r"\s+", " ", plain(text)).strip())


def gift(tables=None) -> str:
    """Every chapter's quiz in Moodle's GIFT format, a $CATEGORY per chapter."""
    t = tables if tables is not None else load()
    out = [f"// {SOURCE}: the self-check questions of the theme chapters.", ""]
    for tid, title, number in themes(t):
        out += [f"$CATEGORY: $course$/top/{SOURCE}/{number:02d} {plain(title)}", ""]
        for q in questions_for_theme(tid, t):
            out.append(f"::{number}.{q['number']} {q['id']}::{_gift(q['stem'])} {{")
            if q["kind"] == "choice":
                for o in q["options"]:
                    out.append(f"\t{'=' if o['correct'] else '~'}{_gift(o['text'])} #{_gift(_feedback(o))}")
            else:
                out.append(f"\t####{_gift(_model(q))}")
            out += ["}", ""]
    return "\n".join(out)


# ------------------------------------------------------------------ all of them
def write_exports(outdir: Path | str, tables=None) -> dict[str, Path]:
    """Write every export into ``outdir``; return key -> path. Files are rewritten only when changed."""
    outdir = Path(outdir)
    stamp = outdir / ".inputs"
    if tables is None:  # made from the package's data and code: kept while neither changed
        inputs_key = stamps.digest(stamps.package_inputs())
        previous = json.loads(stamp.read_text()) if stamp.exists() else {}
        if previous.get("key") == inputs_key and all((outdir / n).exists() for n in previous.get("files", {}).values()):
            return {k: outdir / n for k, n in previous["files"].items()}
    t = tables if tables is not None else load()
    outdir.mkdir(parents=True, exist_ok=True)
    names = file_names(t)
    content: dict[str, bytes] = {f"qti-{tid}": canvas_qti(tid, t) for tid, _, _ in themes(t)}
    content["moodle"] = moodle_xml(t).encode("utf-8")
    content["gift"] = gift(t).encode("utf-8")
    paths = {}
    for key, data in content.items():
        path = outdir / names[key]
        if key.startswith("qti-") and path.exists() and _same_zip(path.read_bytes(), data):
            pass  # zip timestamps differ each run; keep the old file so the build sees no change
        elif not path.exists() or path.read_bytes() != data:
            path.write_bytes(data)
        paths[key] = path
    if tables is None:
        stamp.write_text(json.dumps({"key": inputs_key, "files": {k: p.name for k, p in paths.items()}}))
    return paths


def _same_zip(a: bytes, b: bytes) -> bool:
    import io
    import zipfile

    with zipfile.ZipFile(io.BytesIO(a)) as za, zipfile.ZipFile(io.BytesIO(b)) as zb:
        if sorted(za.namelist()) != sorted(zb.namelist()):
            return False
        return all(za.read(n) == zb.read(n) for n in za.namelist() if not n.endswith("imsmanifest.xml")) and re.sub(
            rb"<imsmd:datetime>.*?</imsmd:datetime>", b"", za.read("imsmanifest.xml")
        ) == re.sub(rb"<imsmd:datetime>.*?</imsmd:datetime>", b"", zb.read("imsmanifest.xml"))


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python -m hersmell.quiz_export OUTDIR", file=sys.stderr)
        return 2
    for path in write_exports(argv[0]).values():
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
