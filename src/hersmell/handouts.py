"""Handouts for class: printable student sheets and teacher keys (PDF), and the lesson pack.

Sources: handouts/handouts.yml (questions and answers, our words) and the data package
(sessions, steps, clips, passages and quotations). Built with fpdf2, a maintained pure-Python
PDF library (no TeX, no browser, no system fonts: the PDF core fonts cover the cp1252 text
the handouts use), so `make handouts` takes a second and runs wherever Python does.

    python -m hersmell.handouts _build/handouts            # every sheet and key
    python -m hersmell.handouts _build/handouts --lesson-pack _build/pdf/her-smell-lesson-pack.pdf

As a Sphinx extension (listed in _config.yml) it builds the handouts before the HTML build
reads any page, copies them and any built PDF edition into the site's downloads/ folder, and
gives pages the {handout-list} directive that links them.
"""

from __future__ import annotations

import argparse
import shutil
import unicodedata
from pathlib import Path

import yaml

from . import stamps
from .sphinx_meta import extension_metadata

ROOT = Path(__file__).resolve().parents[2]
SOURCE = ROOT / "handouts" / "handouts.yml"
LICENCE = (
    "Her Smell, annotated. Our text: CC BY 4.0. Quotations are short excerpts of a HuffPost "
    "article (2019), which belongs to its publisher."
)
GREY = 235  # light fill for headers: readable on a black-and-white printer
EDITIONS = {  # the print editions a page may link, built by make pdf / pdf-teacher / pdf-reader / lesson-pack
    "her-smell-guide-teacher.pdf": "The teacher's edition (the whole guide with the quiz keys, model answers and lesson notes)",
    "her-smell-guide-reader.pdf": "The reader's edition (the chapters without code or data sections)",
    "her-smell-guide.pdf": "The student edition (answers left out)",
    "her-smell-lesson-pack.pdf": "The lesson pack (scheme of work, every student sheet, then every key)",
}


def _plain(text: str) -> str:
    """Text the PDF core fonts can draw (cp1252): curly quotes and dashes stay, the rest is folded."""
    text = str(text).replace("\u2010", "-").replace("\u2011", "-").replace("\u00a0", " ")
    out = []
    for ch in text:
        try:
            ch.encode("cp1252")
            out.append(ch)
        except UnicodeEncodeError:
            out.append(unicodedata.normalize("NFKD", ch).encode("ascii", "ignore").decode() or "?")
    return "".join(out)


def load_source(path: Path = SOURCE) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _tables():
    from hersmell import load

    return load()


class Sheet:
    """One A4 handout: a header naming the session and kind (student sheet or teacher key)."""

    def __init__(self, title: str, kicker: str, key: bool, for_teachers: bool = False):
        from fpdf import FPDF

        pdf = FPDF(format="A4")
        pdf.core_fonts_encoding = "windows-1252"
        pdf.set_margins(16, 14, 16)
        pdf.set_auto_page_break(True, margin=16)
        pdf.alias_nb_pages()
        pdf.set_title(_plain(title))
        pdf.set_author("The Her Smell study guide team")
        foot = ("TEACHER KEY - not for students. " if key else "") + LICENCE

        def footer():
            pdf.set_y(-12)
            pdf.set_font("Helvetica", "", 7)
            pdf.cell(0, 4, _plain(f"{foot}   Page {pdf.page_no()} of {{nb}}"), align="C")

        pdf.footer = footer
        pdf.add_page()
        self.pdf, self.key = pdf, key
        pdf.set_font("Helvetica", "", 9)
        kind = "FOR TEACHERS" if for_teachers else "TEACHER KEY" if key else "STUDENT SHEET"
        pdf.cell(0, 5, _plain(f"{kicker}  |  {kind}"), new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("Helvetica", "B", 16)
        pdf.multi_cell(
            0, 8, _plain(title + (": key" if key and not for_teachers else "")), new_x="LMARGIN", new_y="NEXT"
        )
        if not key:
            pdf.set_font("Helvetica", "", 10)
            pdf.cell(
                0,
                8,
                "Name ______________________________   Class ________   Date ____________",
                new_x="LMARGIN",
                new_y="NEXT",
            )
        pdf.ln(1)

    def para(self, text: str, size: float = 10.5, style: str = "", gap: float = 1.5):
        self.pdf.set_font("Helvetica", style, size)
        self.pdf.multi_cell(0, size * 0.5, _plain(text), new_x="LMARGIN", new_y="NEXT")
        self.pdf.ln(gap)

    def heading(self, text: str):
        self.pdf.ln(1)
        self.para(text, 12, "B", 1)

    def lines(self, n: int):
        """Ruled lines to write on (student sheets only)."""
        pdf = self.pdf
        for _ in range(n):
            pdf.ln(7)
            pdf.set_draw_color(150)
            pdf.line(pdf.l_margin, pdf.get_y(), pdf.w - pdf.r_margin, pdf.get_y())
        pdf.ln(3)

    def answer(self, text: str, lines: int, size: float = 10, style: str = "", gap: float = 1):
        """On the key, the answer; on the student's sheet, ``lines`` ruled lines to write it on."""
        if self.key:
            self.para(text, size, style, gap)
        else:
            self.lines(lines)

    def ask(self, questions: list[str], answers: list[str], lines: int, size: float = 10, numbered: bool = False):
        """Each question, then its answer in bold (key) or ``lines`` ruled lines (student's sheet)."""
        for i, q in enumerate(questions):
            self.para(f"{i + 1}. {q}" if numbered else q, 10, "", 0)
            self.answer(answers[i], lines, size, "B", 1)

    def grid(self, header: list[str], rows: list[list[str]], widths=None):
        pdf = self.pdf
        pdf.set_font("Helvetica", "", 9.5)
        pdf.set_draw_color(90)
        with pdf.table(
            col_widths=widths,
            line_height=5,
            headings_style=_heading_style(),
            text_align="LEFT",
            first_row_as_headings=True,
        ) as table:
            table.row([_plain(h) for h in header])
            for r in rows:
                row = table.row()
                for cell in r:
                    row.cell(_plain(cell))
        pdf.ln(3)

    def keep(self, needed: float):
        """Start a new page unless `needed` mm remain."""
        if self.pdf.get_y() + needed > self.pdf.h - 18:
            self.pdf.add_page()

    def save(self, path: Path) -> Path:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.pdf.output(str(path))
        return path


def _heading_style():
    from fpdf.fonts import FontFace

    return FontFace(emphasis="BOLD", fill_color=GREY)


def _kicker(spec: dict, tables) -> str:
    s = tables["sessions"].set_index("id").loc[spec["session"]]
    return f"Her Smell, annotated  |  Session {s['number']}: {s['title']}  |  step {spec['step']}"


def _quotes(tables) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for _, q in tables["quotations"].iterrows():
        out.setdefault(q["passage_id"], []).append(q["text"])
    return out


def _speaker(code: str) -> str:
    return {"perry": "Alex Ross Perry", "interviewer": "the interviewer"}.get(code, code)


# --- one builder per handout: each returns (student sheet, teacher key) --------------------------


def both(write) -> list[Sheet]:
    """The student's sheet (no answers) and the teacher's key, written by one function."""
    return [write(False), write(True)]


def session_sheets(body):
    """A builder of a session's handout from what its sheet and key hold below the title, the
    session's kicker and the introduction they share: ``body(sh, spec, tables)``."""

    def build(spec, tables):
        def write(key: bool) -> Sheet:
            sh = Sheet(spec["title"], _kicker(spec, tables), key)
            sh.para(spec["intro"])
            body(sh, spec, tables)
            return sh

        return both(write)

    build.__name__ = build.__qualname__ = body.__name__
    build.__doc__ = body.__doc__
    return build


@session_sheets
def passage_cards(sh, spec, tables):
    passages = tables["passages"].set_index("id")
    quotes = _quotes(tables)
    for pid in spec["card_passages"]:
        p = passages.loc[pid]
        sh.keep(40 if sh.key else 56)
        sh.pdf.set_draw_color(60)
        top = sh.pdf.get_y()
        sh.para(f"Passage {int(pid[1:])} ({_speaker(p['speaker'])}): {p['title']}", 10.5, "B", 0.5)
        for q in quotes.get(pid, []):
            sh.para(f"\u201c{q}\u201d", 10.5, "I", 0.5)
        sh.para("Guide's paraphrase: " + p["paraphrase"], 9, "", 0.5)
        if sh.key:
            sh.para("What the paraphrase keeps and loses: " + spec["answers"][pid], 9.5, "B", 0.5)
        else:
            for q in spec["card_questions"]:
                sh.para(q, 9, "", 0)
                sh.lines(1)
        sh.pdf.rect(
            sh.pdf.l_margin - 2, top - 1, sh.pdf.w - sh.pdf.l_margin - sh.pdf.r_margin + 4, sh.pdf.get_y() - top + 1
        )
        sh.pdf.ln(3)


@session_sheets
def jigsaw(sh, spec, tables):
    sh.heading("Expert phase: your box only")
    for box in spec["experts"]:
        sh.keep(30)
        sh.para(box["box"], 10.5, "B", 0.5)
        sh.ask(box["questions"], box["answers"], 1, numbered=True)
    sh.keep(70)
    sh.heading("Home phase: the grid")
    rows = spec["grid_answers"] if sh.key else [[r, "", "", "", "\n\n\n"] for r in spec["grid_rows"]]
    sh.grid(spec["grid_columns"], rows, widths=(30, 10, 30, 35, 40))
    sh.para(spec["final_question"], 10, "B", 0.5)
    sh.answer(spec["final_answer"], 3, 10, "", 1)


@session_sheets
def on_off_camera(sh, spec, tables):
    rows = [spec["model_row"]] + (spec["answers"] if sh.key else [[r, "\n\n\n", "", ""] for r in spec["rows"]])
    sh.grid(spec["columns"], rows, widths=(32, 50, 50, 26))
    for i, q in enumerate(spec["questions"]):
        sh.keep(35)
        sh.para(q, 10.5, "B", 0.5)
        sh.answer(spec["question_answers"][i], 4, 10, "", 1.5)


@session_sheets
def debate_prep(sh, spec, tables):
    sh.heading("The facts both sides agree on")
    sh.ask(spec["facts"], spec["fact_answers"], 1)
    sh.heading("Your case" if not sh.key else "The strongest case on each side")
    if sh.key:
        for a in spec["side_answers"]:
            sh.para(a, 10, "", 1.5)
    else:
        for p in spec["prompts"]:
            sh.keep(25)
            sh.para(p, 10, "B", 0)
            sh.lines(0 if p.startswith("My side") else 2)


def exit_tickets(spec, tables):
    sessions = tables["sessions"].set_index("id")

    def write(key: bool) -> Sheet:
        sh = Sheet(spec["title"], "Her Smell, annotated  |  the last five minutes of each session", key)
        sh.para(spec["intro"] if not key else "What a secure answer contains, ticket by ticket.")
        for t in spec["tickets"]:
            s = sessions.loc[t["session"]]
            sh.keep(48 if not key else 25)
            sh.para(f"Exit ticket {s['number']}: {s['title']}", 10.5, "B", 0.5)
            sh.ask(t["questions"], t["answers"], 4 if len(t["questions"]) == 1 else 2, 9.5)
            if not key:
                sh.pdf.set_draw_color(120)
                sh.pdf.set_dash_pattern(dash=2, gap=2)
                sh.pdf.line(sh.pdf.l_margin, sh.pdf.get_y(), sh.pdf.w - sh.pdf.r_margin, sh.pdf.get_y())
                sh.pdf.set_dash_pattern()
                sh.pdf.ln(4)
        return sh

    return both(write)


BUILDERS = {
    "passage-cards": passage_cards,
    "jigsaw": jigsaw,
    "on-off-camera": on_off_camera,
    "debate-prep": debate_prep,
    "exit-tickets": exit_tickets,
}


KEY_SUFFIX = "-key.pdf"  # a teacher's key; everything else in the handouts folder is a student sheet


def is_key(path: Path) -> bool:
    """Whether a handout PDF is a teacher's key (kept out of everything students get)."""
    return path.name.endswith(KEY_SUFFIX)


def build(out: Path | str, source: Path = SOURCE) -> list[Path]:
    """Write <id>-sheet.pdf and <id>-key.pdf for every handout; return the paths."""
    out = Path(out)
    spec = load_source(source)
    paths = [out / f"{hid}{suffix}" for hid in spec for suffix in ("-sheet.pdf", KEY_SUFFIX)]
    # the sheets come from the source, the data and this package's code: rebuilt (and checked
    # again) when one changes; the stamp is written only once every check has passed
    stamp, key = out / ".inputs", stamps.digest([source, *stamps.package_inputs()])
    if stamps.is_fresh(stamp, key, paths):
        return paths
    tables = _tables()
    unknown = set(spec) - set(BUILDERS)
    if unknown:
        raise ValueError(f"{source}: no builder for handout(s) {sorted(unknown)}")
    used = set(tables["session_steps"]["handout"].dropna())
    missing = used - set(spec)
    if missing:
        raise ValueError(f"data/session_steps.csv names handout(s) with no source in {source}: {sorted(missing)}")
    for hid, s in spec.items():
        sheet, key_sheet = BUILDERS[hid](s, tables)
        sheet.save(out / f"{hid}-sheet.pdf")
        key_sheet.save(out / f"{hid}{KEY_SUFFIX}")
    stamp.write_text(key)
    return paths


# --- the lesson pack: the scheme of work, then the sheets, then the keys --------------------------


def scheme_of_work(path: Path) -> Path:
    t = _tables()
    sh = Sheet("Scheme of work", "Her Smell, annotated  |  lesson pack", key=True, for_teachers=True)
    sh.para(
        "Six 50-minute sessions cover all 59 passages of the interview; the essay is the assessment "
        "point. Handouts named in a step follow this scheme in the pack: student sheets first, then keys."
    )
    clips = t["clips"]
    sp = t["session_passages"]
    for _, s in t["sessions"].sort_values("number").iterrows():
        sh.keep(80)
        ids = sorted(int(p[1:]) for p in sp[sp["session_id"] == s["id"]]["passage_id"])
        sh.heading(f"Session {s['number']}: {s['title']} ({s['minutes']} minutes; passages {_ranges(ids)})")
        for label, field in (("Objectives", "objectives"), ("Success criteria", "success_criteria")):
            sh.para(f"{label}: {s[field]}", 9.5, "", 0.5)
        steps = t["session_steps"][t["session_steps"]["session_id"] == s["id"]].sort_values("order")
        rows = []
        for _, st in steps.iterrows():
            c = clips[(clips["session_id"] == s["id"]) & (clips["step"] == st["order"])]
            extra = [f"Clip {int(r['order'])}: {r['title']}" for _, r in c.iterrows()]
            if isinstance(st["handout"], str):
                extra.append(f"Handout: {st['handout']}")
            rows.append(
                [
                    f"{st['start']}-{st['end']}",
                    st["grouping"],
                    st["activity"] + ("\n" + "; ".join(extra) if extra else ""),
                ]
            )
        sh.grid(["Min", "Grouping", "Activity"], rows, widths=(14, 34, 130))
        for label, field in (
            ("Support", "support"),
            ("Stretch", "stretch"),
            ("EAL", "eal"),
            ("Homework", "homework"),
            ("Assessment", "assessment"),
        ):
            sh.para(f"{label}: {s[field]}", 9.5, "", 0.3)
    return sh.save(path)


def _ranges(ns: list[int]) -> str:
    out, start = [], None
    for i, n in enumerate(ns):
        if start is None:
            start = n
        if i + 1 == len(ns) or ns[i + 1] != n + 1:
            out.append(f"{start}-{n}" if n != start else str(n))
            start = None
    return ", ".join(out)


def lesson_pack(out: Path | str, handouts_dir: Path | str) -> Path:
    from pypdf import PdfWriter

    out, handouts_dir = Path(out), Path(handouts_dir)
    paths = build(handouts_dir)
    sow = scheme_of_work(
        out.parent / "her-smell-scheme-of-work.pdf"
    )  # beside the pack: handouts/ holds sheets and keys only
    writer = PdfWriter()
    for p in (
        [sow] + [p for p in paths if p.name.endswith("-sheet.pdf")] + [p for p in paths if p.name.endswith("-key.pdf")]
    ):
        writer.append(str(p))
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("wb") as fh:
        writer.write(fh)
    return out


# --- Sphinx: build before reading, publish into the site, link from pages -------------------------


def _outdir(app) -> Path:
    return Path(app.srcdir, "_build", "handouts")


def build_for_site(app):
    """Build the handouts first, so the pages can link them (a copy of the package without the
    repository's handouts/ folder, such as a notebook run in class, has none to build)."""
    if app.builder.format == "html" and SOURCE.exists():
        build(_outdir(app))


def publish(app, exception):
    """Copy the handouts, and whatever print editions are built, into the site's downloads/."""
    if exception is not None or app.builder.format != "html":
        return
    target = Path(app.outdir, "downloads")
    target.mkdir(parents=True, exist_ok=True)
    for pdf in sorted(_outdir(app).glob("*.pdf")):
        shutil.copy2(pdf, target / pdf.name)
    for name in EDITIONS:
        built = Path(app.srcdir, "_build", "pdf", name)
        if built.exists():
            shutil.copy2(built, target / name)


def _handout_list_directive():
    from docutils import nodes
    from docutils.parsers.rst import directives
    from sphinx.util.docutils import SphinxDirective

    class HandoutList(SphinxDirective):
        """A table of the handouts (or, with :editions:, the print editions), each name a link to
        its PDF in the site's downloads/ folder; in print, the same table without links."""

        option_spec = {"editions": directives.flag}

        def link(self, text, filename):
            if self.env.app.builder.format != "html":
                return nodes.Text(text)
            depth = self.env.docname.count("/")
            ref = nodes.reference("", text, refuri="../" * depth + f"downloads/{filename}")
            return ref

        def run(self):
            if "editions" in self.options:
                head = ["Edition", "What it is"]
                rows = [[self.link(name, name), nodes.Text(what)] for name, what in EDITIONS.items()]
            else:
                spec, tables = load_source(), _tables()
                sessions = tables["sessions"].set_index("id")
                head = ["Handout", "Used in", "Student sheet", "Teacher key"]
                rows = []
                for hid, s in spec.items():
                    used = (
                        "every session (last step)"
                        if hid == "exit-tickets"
                        else f"session {sessions.loc[s['session'], 'number']}, step {s['step']}"
                    )
                    rows.append(
                        [
                            nodes.Text(s["title"]),
                            nodes.Text(used),
                            self.link(f"{hid}-sheet.pdf", f"{hid}-sheet.pdf"),
                            self.link(f"{hid}-key.pdf", f"{hid}-key.pdf"),
                        ]
                    )
            table = nodes.table(classes=["handout-list"])
            group = nodes.tgroup(cols=len(head))
            table += group
            for _ in head:
                group += nodes.colspec(colwidth=1)
            thead, tbody = nodes.thead(), nodes.tbody()
            group += thead
            group += tbody
            hrow = nodes.row()
            for h in head:
                hrow += nodes.entry("", nodes.paragraph("", h))
            thead += hrow
            for r in rows:
                row = nodes.row()
                for cell in r:
                    row += nodes.entry("", nodes.paragraph("", "", cell))
                tbody += row
            return [table]

    return HandoutList


def setup(app):
    app.add_directive("handout-list", _handout_list_directive())
    app.connect("builder-inited", build_for_site)
    app.connect("build-finished", publish)
    return extension_metadata()


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", help="folder for the handout PDFs, e.g. _build/handouts")
    parser.add_argument("--lesson-pack", help="also write the lesson pack to this PDF")
    parser.add_argument("--publish", help="also copy the handouts and built editions into SITE/downloads")
    args = parser.parse_args(argv)
    if args.lesson_pack:
        print("lesson pack:", lesson_pack(args.lesson_pack, args.out))
    else:
        for p in build(args.out):
            print(p)
    if args.publish and Path(args.publish).is_dir():
        target = Path(args.publish, "downloads")
        target.mkdir(exist_ok=True)
        for pdf in list(Path(args.out).glob("*.pdf")) + [Path("_build/pdf", n) for n in EDITIONS]:
            if pdf.exists():
                shutil.copy2(pdf, target / pdf.name)


if __name__ == "__main__":
    main()
