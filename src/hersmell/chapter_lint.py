"""Structure rules for the guide's chapters, used by the tests and by scripts/check_chapter.py.

A theme chapter has nine parts in a fixed order (see THEME_SECTIONS); this module reads a
MyST notebook and reports, in plain sentences, every way it departs from that shape.
"""

from __future__ import annotations

import re
from pathlib import Path

from .book import labels_in, page_labels
from .book import toc_pages as toc_pages  # also read from here by scripts/audit.py
from .datapackage import load, words

THEME_SECTIONS = [
    "Learning objectives",
    "Overview",
    "Annotated passages",
    "The theme in the data",
    "Connections to other themes",
    "Discussion questions",
    "Close reading",
    "Self-check",
    "Key terms and further viewing",
]
QUOTE_CALL = re.compile(r"""quote\(["'](q\d{3})["']\)""")
PASSAGE_LINK = re.compile(r"\]\(#passage-(p\d{2})\)|\{ref\}`[^`]*<passage-(p\d{2})>`")
TERM_ROLE = re.compile(r"\{term\}`([^`<]+?)(?:\s*<([^>]+)>)?`")
CITE_ROLE = re.compile(r"\{cite:[a-z]+\}`([^`]+)`")
WORK_ROLE = re.compile(r"\{work\}`(?:[^`<]*<)?([^`>]+)>?`")
KEY_POINTS = re.compile(r"^:::\{admonition\} Key points\n(?::class:[^\n]*\n)?(.*?)^:::$", re.M | re.S)
OVERVIEW_MAX_WORDS = 700  # house style: an overview runs at most about 700 words
CONNECTIONS_MAX_WORDS = 150  # house style: connections are pointers to other chapters, not retellings
MIN_ANNOTATIONS = 3  # one home per quotation: a chapter annotates only the quotations it owns
REF_ROLE = re.compile(r"\{ref\}`(?:[^`<]*<)?([^`>]+)>?`")
FENCE = re.compile(r"^(`{3,}|:{3,})", re.M)


def split_sections(text: str, level: int = 2) -> dict[str, str]:
    """Headings of the given level (outside code fences) mapped to their body text."""
    marker = "#" * level + " "
    sections, current, fence = {}, None, None
    for line in text.splitlines():
        m = FENCE.match(line.strip())
        if m:
            token = m.group(1)
            if fence is None:
                fence = token[0] * len(token)
            elif line.strip().startswith(fence) and line.strip().strip(fence[0]) == "":
                fence = None
        if fence is None and line.startswith(marker):
            current = line[len(marker) :].strip()
            sections[current] = ""
            continue
        if current is not None:
            sections[current] += line + "\n"
    return sections


def prose(text: str) -> str:
    """Text outside code cells, directives' option lines and MyST labels."""
    out, in_code = [], False
    for line in text.splitlines():
        if line.startswith("```"):
            in_code = line.startswith("```{code-cell}") if not in_code else False
            continue
        if in_code or line.startswith(":") or re.match(r"^\(.*\)=$", line):
            continue
        out.append(line)
    return "\n".join(out)


def shown_words(markdown: str) -> list[str]:
    """Words of prose as a reader sees them: a link or role counts as its text, not its target or markup."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", prose(markdown))
    text = re.sub(r"\{[a-z:-]+\}`([^`<]*?)\s*<[^>`]*>`", r"\1", text)  # {role}`shown <target>`
    text = re.sub(r"\{[a-z:-]+\}`(?:[a-z]+-)?([^`]*)`", lambda m: m.group(1).replace("-", " "), text)
    return words(text)


def quote_ids(text: str) -> list[str]:
    return QUOTE_CALL.findall(text)


def passage_ids(text: str, tables) -> set[str]:
    """Passages a text cites: by link, by {ref}, or through a quotation's passage."""
    linked = {a or b for a, b in PASSAGE_LINK.findall(text)}
    q = tables["quotations"].set_index("id")
    return linked | {q.loc[i, "passage_id"] for i in quote_ids(text) if i in q.index}


def lint_theme_chapter(path: Path, theme_id: str, tables=None) -> list[str]:
    t = tables if tables is not None else load()
    text = path.read_text(encoding="utf-8")
    problems = []
    if not text.startswith("---\njupytext:") or "kernelspec:" not in text.split("---")[1]:
        problems.append("front matter needs the jupytext header and the python3 kernelspec")
    if "description:" not in text.split("---")[1]:
        problems.append("front matter needs a description (the page's meta description)")
    if f"(theme-{theme_id})=\n# " not in text:
        problems.append(f"the title must be preceded by the label (theme-{theme_id})=")
    sections = split_sections(text)
    names = list(sections)
    if names != THEME_SECTIONS:
        problems.append(f"sections must be exactly {THEME_SECTIONS}; found {names}")

    def get(name: str) -> str:
        return sections.get(name, "")

    objectives = re.findall(r"^[-*] ", get("Learning objectives"), re.M)
    if not 3 <= len(objectives) <= 5:
        problems.append(f"3-5 learning objectives expected, found {len(objectives)}")
    n = len(words(prose(get("Overview"))))
    if n > OVERVIEW_MAX_WORDS:
        problems.append(f"the overview essay has {n} words; at most {OVERVIEW_MAX_WORDS} expected")
    intro = text.split("\n## Learning objectives", 1)[0]
    box = KEY_POINTS.search(intro)
    if not box:
        problems.append("a ':::{admonition} Key points' box must open the chapter, before the learning objectives")
    else:
        sentences = re.findall(r"[^.!?]+[.!?]", " ".join(box.group(1).split()))
        if not 3 <= len(sentences) <= 5:
            problems.append(f"the Key points box needs 3-5 sentences, found {len(sentences)}")
    annotations = split_sections(get("Annotated passages"), level=3)
    if len(annotations) < MIN_ANNOTATIONS:
        problems.append(f"at least {MIN_ANNOTATIONS} annotated passages expected, found {len(annotations)}")
    for title, body in annotations.items():
        if len(quote_ids(body)) != 1:
            problems.append(f"annotation '{title}' needs exactly one quote(\"qNNN\") cell")
        if len(words(prose(body))) < 60:
            problems.append(f"annotation '{title}' needs at least 60 words of commentary")
    n = len(shown_words(get("Connections to other themes")))
    if n > CONNECTIONS_MAX_WORDS:
        problems.append(
            f"'Connections to other themes' has {n} words; at most {CONNECTIONS_MAX_WORDS} expected "
            "(a pointer per chapter: what it adds, and a link; no retelling)"
        )
    data = get("The theme in the data")
    for needle in (
        f'theme_tracker(tables, highlight="{theme_id}")',
        f'InfluenceExplorer(theme="{theme_id}", compact=True)',
    ):
        if needle not in data:
            problems.append(f"'The theme in the data' must call {needle}")
    if "Table(" not in data and "readable(" not in data:  # results as tables with names, never reprs
        problems.append("'The theme in the data' must show a table (Table( or readable()")
    if data.count("```{code-cell}") < 4:
        problems.append("'The theme in the data' needs at least 4 code cells (figure, table, widget, question)")
    levels = split_sections(get("Discussion questions"), level=3)
    if list(levels) != ["Recall", "Analysis", "Argument"]:
        problems.append(f"discussion questions need ### Recall, ### Analysis, ### Argument; found {list(levels)}")
    for level, body in levels.items():
        if len(re.findall(r"^\d+\. ", body, re.M)) < 2:
            problems.append(f"at least 2 numbered {level} questions expected")
    close = get("Close reading")
    if "{only} html or teacher" not in close or ":class: dropdown" not in close or "Model answer" not in close:
        problems.append("close reading needs a 'Model answer' dropdown inside {only} html or teacher")
    quiz = get("Self-check")  # the questions live in questions.csv; the chapter shows its quiz
    if f'Quiz("{theme_id}")' not in quiz:
        problems.append(f'self-check must show the chapter\'s quiz with Quiz("{theme_id}")')
    if "{only} teacher" not in quiz or f"{{quiz-key}} {theme_id}" not in quiz:
        problems.append(f"self-check needs the answer key, {{quiz-key}} {theme_id}, inside {{only}} teacher")
    terms = TERM_ROLE.findall(get("Key terms and further viewing"))
    cites = WORK_ROLE.findall(get("Key terms and further viewing"))
    if len(terms) < 4 or len(cites) < 2:
        problems.append(
            f"key terms need >= 4 {{term}} links and further viewing >= 2 {{work}} titles; "
            f"found {len(terms)} and {len(cites)}"
        )
    problems += lint_references(text, t)
    return problems


def lint_references(text: str, tables) -> list[str]:
    """Quotation ids, passage anchors and glossary terms that do not exist."""
    problems = []
    known_q = set(tables["quotations"]["id"])
    for qid in quote_ids(text):
        if qid not in known_q:
            problems.append(f"quotation {qid} is not in quotations.csv")
    known_p = set(tables["passages"]["id"])
    for a, b in PASSAGE_LINK.findall(text):
        if (a or b) not in known_p:
            problems.append(f"passage {a or b} is not in passages.csv")
    for group in CITE_ROLE.findall(text):  # works are named by {work}, never by a citation key
        problems.append(f"citation key {group!r}: name the work with {{work}} instead")
    known_i = set(tables["influences"]["id"])
    for iid in WORK_ROLE.findall(text):
        if iid.strip() not in known_i:
            problems.append(f"{{work}} names {iid.strip()!r}, which is not in influences.csv")
    # the pages' own labels, and the anchors the data directives make (passage-p01, influence-showgirls)
    labels = (
        page_labels()
        | labels_in(text)
        | {f"passage-{p}" for p in known_p}
        | {f"influence-{i}" for i in known_i}
        | {f"theme-{th}" for th in tables["themes"]["id"]}
        | {f"ann-{q}" for q in known_q}
        | {f"fact-{f}" for f in tables["facts"]["id"]}
    )
    for target in REF_ROLE.findall(text):
        if target not in labels:
            problems.append(f"unknown label {target!r} in a {{ref}}")
    terms = {s.lower() for s in tables["glossary"]["term"]}
    for shown, target in TERM_ROLE.findall(text):
        if (target or shown).strip().lower() not in terms:
            problems.append(f"glossary has no term {(target or shown).strip()!r}")
    return problems
