"""Sphinx extension for the self-check quizzes: the teacher's answer key and the LMS exports.

    ```{quiz-key} performance        the chapter's key: each option right or wrong, with its feedback
    ```                              and passage; short answers with their model answer (used inside
                                     {only} teacher, so only the teacher's edition shows it)

    ```{quiz-exports}                links to the Canvas QTI packages, Moodle XML and GIFT files
    ```

The export files are written (by hersmell.quiz_export) before the pages are read, into
_build/quiz-exports/, and each page that links them gets copies through Sphinx's download
mechanism, so the links are checked and the files travel with the site.
"""

from __future__ import annotations

from pathlib import Path

from docutils import nodes
from sphinx import addnodes
from sphinx.util.docutils import SphinxDirective

from .datapackage import data_dir, load, schema
from .directives import passage_label, ref
from .questions import EMPHASIS, questions_for_theme
from .sphinx_meta import extension_metadata

EXPORT_DIR = Path("_build") / "quiz-exports"  # below the source folder, like the rest of _build


def rich(text: str) -> list[nodes.Node]:
    """Question text as docutils nodes: *titles* in emphasis, all else literal."""
    out: list[nodes.Node] = []
    for i, part in enumerate(EMPHASIS.split(text or "")):
        if part:
            out.append(nodes.emphasis(part, part) if i % 2 else nodes.Text(part))
    return out


def passage_ref(p: dict, word: str = "passage") -> addnodes.pending_xref:
    return ref(passage_label(p["id"]), f"{word} {p['order']}")


class _QuizDirective(SphinxDirective):
    def tables(self):
        for res in schema()["resources"]:
            self.env.note_dependency(str(data_dir() / res["path"]))
        return load()


class QuizKeyDirective(_QuizDirective):
    """The answer key and the feedback of one theme's quiz."""

    required_arguments = 1

    def run(self):
        theme = self.arguments[0]
        try:
            questions = questions_for_theme(theme, self.tables())
        except ValueError as exc:
            return [self.state.document.reporter.error(str(exc), line=self.lineno)]
        box = nodes.container(classes=["hs-quiz-key"])
        box += nodes.rubric("", "Answer key")
        items = nodes.enumerated_list(enumtype="arabic", prefix="", suffix=".")
        for q in questions:
            item = nodes.list_item()
            stem = nodes.paragraph()
            stem += rich(q["stem"])
            item += stem
            if q["kind"] == "choice":
                right = next(o for o in q["options"] if o["correct"])
                answer = nodes.paragraph()
                answer += nodes.strong("", f"Answer: ({right['letter']}) ")
                answer += rich(right["text"])
                item += answer
                options = nodes.bullet_list()
                for o in q["options"]:
                    para = nodes.paragraph()
                    para += nodes.Text(f"({o['letter']}) ")
                    para += rich(o["text"])
                    para += nodes.Text(" — ")
                    para += nodes.strong("", "right: " if o["correct"] else "wrong: ")
                    para += rich(o["feedback"])
                    para += nodes.Text(" (")
                    para += passage_ref(o["passage"], "Passage")
                    para += nodes.Text(")")
                    options += nodes.list_item("", para)
                item += options
            else:
                answer = nodes.paragraph()
                answer += nodes.strong("", "A good answer: ")
                answer += rich(q["model_answer"])
                answer += nodes.Text(" (")
                for i, p in enumerate(q["passages"]):
                    if i:
                        answer += nodes.Text(", ")
                    answer += passage_ref(p, "Passage" if i == 0 else "passage")
                answer += nodes.Text(")")
                item += answer
            items += item
        box += items
        return [box]


EXPORT_LABELS = {
    "moodle": "Moodle XML (every chapter, a question-bank category each)",
    "gift": "GIFT text (the same questions, in Moodle's plain-text format)",
}


class QuizExportsDirective(_QuizDirective):
    """A list of the export files; in print, their names (the files live on the web edition)."""

    def run(self):
        from .quiz_export import file_names, themes

        t = self.tables()
        names = file_names(t)
        labels = {f"qti-{tid}": f"Chapter {n}, {title}: Canvas QTI package" for tid, title, n in themes(t)}
        labels.update(EXPORT_LABELS)
        out = nodes.bullet_list(classes=["hs-quiz-exports"])
        latex = self.env.app.builder.format == "latex"
        for key, name in names.items():
            para = nodes.paragraph()
            if latex:
                para += nodes.Text(f"{labels[key]}: ")
                para += nodes.literal(name, name)
            else:
                link = addnodes.download_reference(
                    "",
                    "",
                    refdoc=self.env.docname,
                    refdomain="",
                    reftype="download",
                    refexplicit=True,
                    refwarn=False,
                    reftarget=f"/{(EXPORT_DIR / name).as_posix()}",
                )
                link += nodes.inline(labels[key], labels[key], classes=["xref", "download"])
                para += link
                para += nodes.Text(f" ({name})")
            out += nodes.list_item("", para)
        if latex:  # the files cannot travel with the paper: say where they are
            lead = nodes.paragraph("", "The files are offered for download on this page of the web edition:")
            return [lead, out]
        return [out]


def write_exports(app) -> None:
    from .quiz_export import write_exports as write

    write(Path(app.srcdir) / EXPORT_DIR)


def setup(app):
    app.add_directive("quiz-key", QuizKeyDirective)
    app.add_directive("quiz-exports", QuizExportsDirective)
    app.connect("builder-inited", write_exports)
    return extension_metadata()
