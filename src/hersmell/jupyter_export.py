"""Chapters as notebooks for plain Jupyter, rendered from Sphinx's own doctrees.

A chapter's MyST source is full of syntax that only the book understands: ``{glue:text}``
values, ``{ref}``/``{term}``/``{cite:t}`` roles, ``{only}`` blocks, our data directives. Instead
of rewriting that source, the export takes the page's doctree as Sphinx resolved it (references,
citations, glued values and directive output already turned into ordinary nodes) and writes it
back out as Markdown that JupyterLab, Notebook 7, Colab or VS Code render as they are:

- every node type is rendered generically (an unknown inline node becomes its text, an unknown
  block its children), so roles and directives added later need no change here;
- links to other pages become links to the other notebook (``05-performance.ipynb#Overview``:
  Jupyter's own heading anchors) or, for anchors that are not headings, to an ``<a id>`` written
  where the target is; links to pages that are not notebooks go to the book's site, if published;
- ``{only}`` blocks are decided per edition: the student edition drops answers and lesson notes,
  the teacher's keeps them, answers in collapsed ``<details>``;
- code cells come from the chapter's notebook (jupytext), with ``glue`` calls removed (their
  values are already in the Markdown) and the first cell replaced by the set-up cell
  (:mod:`hersmell.setup_cell`). Inputs hidden on the site are collapsed, not removed.

This is MyST-NB issue #148 (downloadable notebooks in plain Markdown) solved for one book.
"""

from __future__ import annotations

import ast
import hashlib
import json
import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import nbformat
from docutils import nodes
from sphinx import addnodes
from sphinx.util.tags import Tags

from . import setup_cell

EDITIONS = {"student": {"notebook"}, "teacher": {"notebook", "teacher"}}
#: anchors the package's outputs link to (see hersmell.links): passages, influences, acts, sessions
LINKED_PREFIXES = ("passage", "influence", "act", "session")


def notebook_name(docname: str) -> str:
    return posixpath.basename(docname) + ".ipynb"


def heading_anchor(title: str) -> str:
    """The id JupyterLab, Notebook 7 and classic Notebook give a Markdown heading."""
    return " ".join(title.split()).replace(" ", "-")


@dataclass
class Book:
    """What the renderer needs to know about the whole book to write a link."""

    docs: set[str]  # docnames exported as notebooks
    baseurl: str = ""  # the book's public address, "" when none
    headings: dict[tuple[str, str], str] = field(default_factory=dict)  # (doc, section id) -> anchor
    targets: set[tuple[str, str]] = field(default_factory=set)  # (doc, id) something links to
    links: str = "bundle"  # "bundle": other notebooks; "site": the book's pages

    def href(self, fromdoc: str, refuri: str | None, refid: str | None) -> str | None:
        if refid is not None:
            doc, frag = fromdoc, refid
        else:
            parts = urlsplit(refuri or "")
            if parts.scheme or parts.netloc:
                return refuri
            if not parts.path:
                doc = fromdoc
            else:
                path = posixpath.normpath(posixpath.join(posixpath.dirname(fromdoc), parts.path))
                doc = re.sub(r"\.html$", "", path)
                if doc.endswith("/index") and doc not in self.docs and doc[:-6] in self.docs:
                    doc = doc[:-6]
            frag = parts.fragment
        if doc not in self.docs:
            return f"{self.baseurl.rstrip('/')}/{doc}.html" + (f"#{frag}" if frag else "") if self.baseurl else None
        if self.links == "site" and self.baseurl:
            return f"{self.baseurl.rstrip('/')}/{doc}.html" + (f"#{frag}" if frag else "")
        page = "" if doc == fromdoc else notebook_name(doc)
        if not frag:
            return page or "#"
        if (doc, frag) in self.headings:
            return f"{page}#{self.headings[(doc, frag)]}"
        return f"{page}#{frag}"


# ---------------------------------------------------------------------------- doctrees


def resolved_doctree(app, docname: str, edition: str) -> nodes.document:
    """The page's doctree with ``{only}`` decided for this edition, then resolved by Sphinx
    (references, citations, glue) exactly as for the web page."""
    env = app.env
    doctree = env.get_doctree(docname)
    tags = Tags(sorted(EDITIONS[edition]))
    for node in list(doctree.findall(addnodes.only)):
        if tags.eval_condition(node["expr"]):
            node.replace_self(node.children)
        else:
            node.parent.remove(node)
    for node in list(doctree.findall(addnodes.toctree)):
        node.parent.remove(node)
    # sphinxcontrib-bibtex fills the same stored citation node each time a bibliography is
    # resolved; resolve ours with empty copies so every export (and the web page) has one entry
    bibliographies = getattr(env.domains.get("cite"), "bibliographies", {})
    saved = {key: dict(bib.citation_nodes) for key, bib in bibliographies.items()}
    for key, bib in bibliographies.items():
        bib.citation_nodes.update({k: node.copy() for k, node in saved[key].items()})
    try:
        env.apply_post_transforms(doctree, docname)
    finally:
        for key, bib in bibliographies.items():
            bib.citation_nodes.update(saved[key])
    return doctree


def survey(docname: str, doctree: nodes.document) -> tuple[dict[str, str], set[tuple[str, str]]]:
    """The page's heading anchors (section id -> anchor) and every (page, id) it links to."""
    headings, refs = {}, set()
    for section in doctree.findall(nodes.section):
        title = next(iter(section.findall(nodes.title)), None)
        if title is not None:
            for sid in section["ids"]:
                headings[sid] = heading_anchor(title.astext())
    for ref in doctree.findall(nodes.reference):
        if ref.get("refid"):
            refs.add((docname, ref["refid"]))
        elif ref.get("refuri") and not urlsplit(ref["refuri"]).scheme:
            parts = urlsplit(ref["refuri"])
            path = posixpath.normpath(posixpath.join(posixpath.dirname(docname), parts.path)) if parts.path else docname
            refs.add((re.sub(r"\.html$", "", path), parts.fragment))
    return headings, refs


# ---------------------------------------------------------------------------- Markdown


@dataclass
class CodeCell:
    """A place in the page where a notebook code cell stands."""

    index: int
    caption: str = ""  # Markdown for a figure caption the cell's output carries in the book


_ESCAPE = re.compile(r"([\\`*\[\]<>$|])|(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])")


def escape(text: str) -> str:
    return _ESCAPE.sub(lambda m: "\\" + m.group(0), text)


def _link_text(text: str) -> str:
    return text.replace("(", "%28").replace(")", "%29").replace(" ", "%20")


class Renderer:
    """Render one resolved doctree as Markdown blocks and code-cell markers."""

    ADMONITION_TITLES = {
        "note": "Note",
        "tip": "Tip",
        "hint": "Hint",
        "important": "Important",
        "warning": "Warning",
        "caution": "Caution",
        "attention": "Attention",
        "danger": "Danger",
        "error": "Error",
        "seealso": "See also",
    }

    def __init__(self, app, book: Book, docname: str, edition: str):
        self.app, self.book, self.docname, self.edition = app, book, docname, edition
        self.fignumbers = app.env.toc_fignumbers.get(docname, {})

    # -- anchors
    def anchor(self, node) -> str:
        ids = [
            i
            for i in node.get("ids", [])
            if (self.docname, i) in self.book.targets
            # a heading is reached by Jupyter's own anchor, except the ids the package's outputs name
            and ((self.docname, i) not in self.book.headings or i.split("-", 1)[0] in LINKED_PREFIXES)
        ]
        return "".join(f'<a id="{i}"></a>' for i in ids)

    # -- blocks: list of str (Markdown blocks) and CodeCell
    def blocks(self, node, level: int = 0) -> list:
        method = getattr(self, f"block_{node.__class__.__name__}", None)
        if method is not None:
            return method(node, level)
        if isinstance(node, (nodes.Invisible, nodes.comment, nodes.system_message)):
            return []
        if isinstance(node, nodes.TextElement):
            text = self.inline_children(node).strip()
            return [self.anchor(node) + text] if text else []
        return self.children(node, level)

    def children(self, node, level: int) -> list:
        out = []
        for child in node.children:
            out += self.blocks(child, level)
        return out

    def block_document(self, node, level):
        return self.children(node, 0)

    def block_section(self, node, level):
        title = next((c for c in node.children if isinstance(c, nodes.title)), None)
        out = []
        if title is not None:
            # the <a id> goes inside the heading: before the hashes it would stop the line being one
            out.append("#" * min(level + 1, 6) + " " + self.anchor(node) + self.inline_children(title).strip())
        for child in node.children:
            if child is not title:
                out += self.blocks(child, level + 1)
        return out

    def block_paragraph(self, node, level):
        text = self.inline_children(node).strip()
        if re.match(r"(\d+[.)]|[-+#>=]|\*\s)", text):
            text = "\\" + text
        return [self.anchor(node) + text] if text else []

    def block_rubric(self, node, level):
        return [self.anchor(node) + "**" + self.inline_children(node).strip() + "**"]

    def block_container(self, node, level):
        if node.get("nb_element") == "cell_code":
            caption = ""
            for figure in node.findall(nodes.figure):
                cap = next(iter(figure.findall(nodes.caption)), None)
                if cap is not None:
                    caption = self.anchor(figure) + self.figure_label(figure) + self.inline_children(cap).strip()
            return [CodeCell(node["cell_index"], caption)]
        if "hs-quiz-key" in node.get("classes", []):  # the teacher's answer key: collapsed, like the answers
            body = [b for c in node.children if not isinstance(c, nodes.rubric) for b in self.blocks(c, level)]
            text = "\n\n".join(b for b in body if isinstance(b, str))
            return [f"<details>\n<summary>Answer key</summary>\n\n{text}\n\n</details>"]
        return self.children(node, level)

    def figure_label(self, figure) -> str:
        for fid in figure.get("ids", []):
            number = self.fignumbers.get("figure", {}).get(fid)
            if number:
                return f"**Fig. {'.'.join(map(str, number))}** "
        return ""

    def block_figure(self, node, level):
        out = self.children(node, level)
        return [self.anchor(node) + (out[0] if out else ""), *out[1:]]

    def block_caption(self, node, level):
        return [self.figure_label(node.parent) + "*" + self.inline_children(node).strip() + "*"]

    def block_image(self, node, level):
        uri = node.get("uri", "")
        alt = node.get("alt", "")
        if urlsplit(uri).scheme in ("http", "https", "data"):
            return [f"![{escape(alt)}]({uri})"]
        return [f"*{escape(alt or 'Image')}*"] if alt else []

    def _list(self, node, level, marker):
        items = []
        for i, item in enumerate(c for c in node.children if isinstance(c, nodes.list_item)):
            bullet = marker(i)
            body = "\n\n".join(b if isinstance(b, str) else "" for b in self.children(item, level)) or ""
            pad = " " * len(bullet)
            lines = body.split("\n")
            items.append(bullet + lines[0] + "".join("\n" + (pad + ln if ln else "") for ln in lines[1:]))
        loose = any(len([c for c in item.children if isinstance(c, nodes.Body)]) > 1 for item in node.children)
        return [self.anchor(node) + ("\n\n" if loose else "\n").join(items)]

    def block_bullet_list(self, node, level):
        return self._list(node, level, lambda i: "- ")

    def block_enumerated_list(self, node, level):
        start = node.get("start", 1)
        return self._list(node, level, lambda i: f"{start + i}. ")

    def block_definition_list(self, node, level):
        out = []
        for item in node.children:
            terms = [c for c in item.children if isinstance(c, nodes.term)]
            for term in terms:
                out.append(self.anchor(term) + "**" + self.inline_children(term).strip() + "**")
            for c in item.children:
                if isinstance(c, nodes.definition):
                    out += self.children(c, level)
        return out

    def block_field_list(self, node, level):
        out = []
        for f in node.children:
            name, body = f.children[0], f.children[1]
            inner = [b for b in self.children(body, level) if isinstance(b, str)]
            out.append(f"**{self.inline_children(name).strip()}:** " + " ".join(inner))
        return out

    def block_block_quote(self, node, level):
        inner = [b for b in self.children(node, level) if isinstance(b, str)]
        return [
            self.anchor(node) + "\n>\n".join("\n".join("> " + ln if ln else ">" for ln in b.split("\n")) for b in inner)
        ]

    def block_attribution(self, node, level):
        return ["— " + self.inline_children(node).strip()]

    def block_literal_block(self, node, level):
        text = node.astext()
        fence = "`" * max(3, max((len(m) for m in re.findall(r"`+", text)), default=0) + 1)
        return [
            f"{fence}{node.get('language', '') if node.get('language') not in ('default', 'none') else ''}"
            f"\n{text}\n{fence}"
        ]

    def block_doctest_block(self, node, level):
        return self.block_literal_block(node, level)

    def block_math_block(self, node, level):
        return [f"$$\n{node.astext()}\n$$"]

    def block_transition(self, node, level):
        return ["---"]

    def block_line_block(self, node, level):
        return ["  \n".join(self.inline_children(line).strip() for line in node.findall(nodes.line))]

    def block_raw(self, node, level):
        return [node.astext()] if "html" in node.get("format", "").split() else []

    def block_admonition(self, node, level):
        title_node = next((c for c in node.children if isinstance(c, nodes.title)), None)
        title = (
            self.inline_children(title_node).strip()
            if title_node is not None
            else self.ADMONITION_TITLES.get(node.__class__.__name__, node.__class__.__name__.title())
        )
        body = [b for c in node.children if c is not title_node for b in self.blocks(c, level) if isinstance(b, str)]
        if "dropdown" in node.get("classes", []):
            # collapsed, as on the site; only the teacher's edition keeps answers at all
            return [
                self.anchor(node) + f"<details>\n<summary>{title}</summary>\n\n" + "\n\n".join(body) + "\n\n</details>"
            ]
        quoted = "\n>\n".join("\n".join("> " + ln if ln else ">" for ln in b.split("\n")) for b in body)
        return [self.anchor(node) + f"> **{title}**\n>\n" + quoted]

    def block_table(self, node, level):
        rows, header = [], 0
        for part in node.findall(lambda n: isinstance(n, (nodes.thead, nodes.tbody))):
            for row in part.findall(nodes.row):
                rows.append([self.cell(entry) for entry in row.findall(nodes.entry)])
            if isinstance(part, nodes.thead):
                header = len(rows)
        if not rows:
            return []
        width = max(len(r) for r in rows)
        rows = [r + [""] * (width - len(r)) for r in rows]
        head = rows[0] if header else [""] * width
        body = rows[1:] if header else rows
        lines = ["| " + " | ".join(head) + " |", "|" + "|".join(["---"] * width) + "|"]
        lines += ["| " + " | ".join(r) + " |" for r in body]
        title = next(iter(node.findall(nodes.title)), None)
        caption = [f"*{self.inline_children(title).strip()}*"] if title is not None else []
        return [*caption, self.anchor(node) + "\n".join(lines)]

    def cell(self, entry) -> str:
        parts = [
            self.inline_children(p).strip()
            for p in entry.findall(nodes.TextElement)
            if not isinstance(p.parent, nodes.TextElement)
        ]
        return "<br>".join(p for p in parts if p).replace("\n", " ")

    def block_footnote(self, node, level):
        label = next((c.astext() for c in node.children if isinstance(c, nodes.label)), "")
        body = [
            b
            for c in node.children
            if not isinstance(c, nodes.label)
            for b in self.blocks(c, level)
            if isinstance(b, str)
        ]
        return [self.anchor(node) + (f"[{escape(label)}] " if label else "") + " ".join(body)]

    block_citation = block_footnote

    def block_glossary(self, node, level):
        return self.children(node, level)

    def block_toctree(self, node, level):
        return []

    def block_substitution_definition(self, node, level):
        return []

    def block_meta(self, node, level):
        return []

    # -- inline
    def inline_children(self, node) -> str:
        return "".join(self.inline(c) for c in node.children)

    def inline(self, node) -> str:
        if isinstance(node, nodes.Text):
            return escape(str(node).replace("\n", " "))
        method = getattr(self, f"inline_{node.__class__.__name__}", None)
        if method is not None:
            return method(node)
        if isinstance(node, (nodes.Invisible, nodes.system_message, nodes.comment)):
            return ""
        return self.anchor(node) + self.inline_children(node)

    @staticmethod
    def _wrap(mark: str, text: str) -> str:
        inner = text.strip()
        if not inner:
            return text
        lead, trail = text[: len(text) - len(text.lstrip())], text[len(text.rstrip()) :]
        return f"{lead}{mark}{inner}{mark}{trail}"

    def inline_emphasis(self, node):
        return self._wrap("*", self.inline_children(node))

    def inline_title_reference(self, node):
        return self._wrap("*", self.inline_children(node))

    def inline_strong(self, node):
        return self._wrap("**", self.inline_children(node))

    def inline_literal(self, node):
        text = node.astext().replace("\n", " ")
        ticks = "`" * (max((len(m) for m in re.findall(r"`+", text)), default=0) + 1)
        pad = " " if text.startswith("`") or text.endswith("`") else ""
        return f"{ticks}{pad}{text}{pad}{ticks}"

    def inline_reference(self, node):
        text = self.inline_children(node)
        href = self.book.href(self.docname, node.get("refuri"), node.get("refid"))
        if not href or not text.strip():
            return text
        return f"[{text}]({_link_text(href)})"

    def inline_footnote_reference(self, node):
        href = self.book.href(self.docname, None, node.get("refid")) if node.get("refid") else None
        return f"[\\[{escape(node.astext())}\\]]({href})" if href else f"\\[{escape(node.astext())}\\]"

    inline_citation_reference = inline_footnote_reference

    def inline_math(self, node):
        return f"${node.astext()}$"

    def inline_image(self, node):
        return escape(node.get("alt", ""))

    def inline_raw(self, node):
        return node.astext() if "html" in node.get("format", "").split() else ""

    def inline_subscript(self, node):
        return f"<sub>{self.inline_children(node)}</sub>"

    def inline_superscript(self, node):
        return f"<sup>{self.inline_children(node)}</sup>"

    def inline_pending_xref(self, node):  # unresolved (cannot happen in a strict build): its text
        return self.inline_children(node)


def to_markdown(blocks: list[str]) -> str:
    return "\n\n".join(b for b in blocks if b.strip()).strip() + "\n"


# ---------------------------------------------------------------------------- code cells


def _strip_glue(source: str) -> tuple[str, set[str], bool]:
    """The cell without ``glue(...)`` calls and their import; the names it still assigns; and
    whether anything but assignments to private (``_x``) names is left."""
    try:
        tree = ast.parse(source)
    except SyntaxError:  # IPython magics: leave the cell as it is
        return source, set(), True
    drop = set()
    for stmt in tree.body:
        is_glue_import = (
            isinstance(stmt, ast.ImportFrom)
            and stmt.module
            and stmt.module.startswith("myst_nb")
            and all(a.name == "glue" for a in stmt.names)
        )
        is_glue_call = (
            isinstance(stmt, ast.Expr)
            and isinstance(stmt.value, ast.Call)
            and isinstance(stmt.value.func, ast.Name)
            and stmt.value.func.id == "glue"
        )
        if is_glue_import or is_glue_call:
            drop.update(range(stmt.lineno, stmt.end_lineno + 1))
    kept = [s for s in tree.body if s.lineno not in drop]
    assigned = {t.id for s in kept if isinstance(s, ast.Assign) for t in s.targets if isinstance(t, ast.Name)}
    public = any(
        not (isinstance(s, ast.Assign) and all(isinstance(t, ast.Name) and t.id.startswith("_") for t in s.targets))
        for s in kept
    )
    lines = [ln for i, ln in enumerate(source.split("\n"), start=1) if i not in drop]
    return "\n".join(lines).strip() + ("\n" if lines else ""), assigned, public


def code_cells(src_nb, *, baseurl: str, wheel_name: str, link_pages: dict[str, str]) -> dict[int, dict | None]:
    """Each code cell of the chapter's notebook as it goes into the export (None: left out)."""
    out: dict[int, dict | None] = {}
    first = True
    for index, cell in enumerate(src_nb.cells):
        if cell.cell_type != "code":
            continue
        tags = list(cell.metadata.get("tags", []))
        source, _, public = _strip_glue(cell.source)
        if first:
            first = False
            imports = source if not link_pages else "import hersmell.notebook\n" + source
            if link_pages:
                imports += (
                    "\n# Links in quotations and tables open the notebooks beside this one; widgets on in Colab\n"
                    f"hersmell.notebook.prepare({link_pages!r})\n"
                )
            source = setup_cell.setup_source(imports, baseurl=baseurl, wheel_name=wheel_name)
        elif "remove-cell" in tags and not public:
            out[index] = None  # only glued values for the book's text, which the Markdown now holds
            continue
        metadata = {"tags": tags} if tags else {}
        if {"remove-input", "hide-input"} & set(tags):
            metadata["jupyter"] = {"source_hidden": True}
        out[index] = nbformat.v4.new_code_cell(source.rstrip("\n"), metadata=metadata)
    return out


# ---------------------------------------------------------------------------- notebooks


def build_notebook(
    app, book: Book, docname: str, edition: str, doctree, src_nb, *, wheel_name: str, link_pages: dict[str, str]
) -> nbformat.NotebookNode:
    """One chapter as a notebook: Markdown cells from the resolved doctree, code from the source."""
    code = code_cells(src_nb, baseurl=book.baseurl, wheel_name=wheel_name, link_pages=link_pages)
    chunks = Renderer(app, book, docname, edition).blocks(doctree)
    cells, markdown, done = [], [], set()

    def flush():
        if any(b.strip() for b in markdown):
            cells.append(nbformat.v4.new_markdown_cell(to_markdown(markdown).rstrip("\n")))
        markdown.clear()

    def emit_code(upto: int):
        for index in sorted(code):
            if index <= upto and index not in done:
                done.add(index)
                if code[index] is not None:
                    cells.append(code[index])

    first_code = min(code) if code else None
    if first_code is not None:  # the set-up cell comes first, before the title
        emit_code(first_code)
    for chunk in chunks:
        if isinstance(chunk, CodeCell):
            flush()
            emit_code(chunk.index)
            if chunk.caption:
                markdown.append(chunk.caption)
        else:
            markdown.append(chunk)
    flush()
    emit_code(max(code) if code else -1)
    for i, cell in enumerate(cells):  # ids from the content, not random: a page made again is the same file
        cell["id"] = hashlib.sha256(f"{docname}\0{i}\0{cell['source']}".encode()).hexdigest()[:12]
    nb = nbformat.v4.new_notebook()
    nb.cells = cells
    kernelspec = src_nb.metadata.get("kernelspec") or {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    nb.metadata = {
        "kernelspec": dict(kernelspec),
        "language_info": {"name": "python"},
        "hersmell": {"page": docname, "edition": edition},
    }
    nbformat.validate(nb)
    return nb


def read_source_notebook(path):
    import jupytext  # build-time only

    nb = jupytext.read(path)
    nb.metadata.pop("jupytext", None)
    return nb


def export_all(
    app,
    docnames: list[str],
    *,
    baseurl: str,
    wheel_name: str,
    links: str = "bundle",
    cache: Path | None = None,
    written: set[str] | None = None,
    setting: str = "",
) -> tuple[dict[str, dict[str, nbformat.NotebookNode]], set[str]]:
    """Every page as a student and a teacher notebook: ({edition: {docname: notebook}}, the
    pages made now).

    With a ``cache`` folder, a page is made again only when Sphinx ``written`` it in this build,
    or when what it takes from other pages changed: the anchors of the headings it links to, the
    links into it (each gets an ``<a id>``), the pages that hold the package's anchors. The
    rest come from the cache, with each page's survey (its headings and links), so an unchanged
    page's doctree is not even loaded. ``setting`` (the wheel, the package's code, ...) and the
    list of pages must match the cache's, or every page is made again.
    """
    state_file = cache / "pages.json" if cache else None
    key = json.dumps([sorted(docnames), baseurl, wheel_name, links, setting])
    state = json.loads(state_file.read_text()) if state_file and state_file.exists() else {}
    pages = state.get("pages", {}) if state.get("key") == key else {}
    before = {d: page.get("context") for d, page in pages.items()}

    def cached(ed: str, doc: str) -> Path:
        return cache / ed / notebook_name(doc)

    stale = {
        d
        for d in docnames
        if cache is None
        or written is None
        or d in written
        or d not in pages
        or not all(cached(ed, d).exists() for ed in EDITIONS)
    }
    trees = {(d, ed): resolved_doctree(app, d, ed) for d in sorted(stale) for ed in EDITIONS}
    for d in stale:
        found = [survey(d, trees[(d, ed)]) for ed in EDITIONS]
        headings = {sid: anchor for h, _ in found for sid, anchor in h.items()}
        refs = sorted({r for _, rs in found for r in rs})
        pages[d] = {"headings": headings, "refs": [list(r) for r in refs]}
    book = Book(docs=set(docnames), baseurl=baseurl, links=links)
    for d in docnames:
        book.headings.update({(d, sid): anchor for sid, anchor in pages[d]["headings"].items()})
        book.targets.update((doc, frag) for doc, frag in pages[d]["refs"])
    link_pages = anchor_pages(app, book)
    for d in docnames:  # what the page's notebook takes from the other pages
        pages[d]["context"] = hashlib.sha256(
            json.dumps(
                [
                    sorted(frag for doc, frag in book.targets if doc == d),
                    [book.headings.get((doc, frag)) for doc, frag in pages[d]["refs"]],
                    link_pages,
                ]
            ).encode()
        ).hexdigest()
    redo = stale | {d for d in docnames if before.get(d) != pages[d]["context"]}
    for d in sorted(redo - stale):
        trees.update({(d, ed): resolved_doctree(app, d, ed) for ed in EDITIONS})
    out: dict[str, dict[str, nbformat.NotebookNode]] = {ed: {} for ed in EDITIONS}
    for doc in docnames:
        for ed in EDITIONS:
            if doc in redo:
                src = read_source_notebook(app.env.doc2path(doc))
                out[ed][doc] = build_notebook(
                    app, book, doc, ed, trees[(doc, ed)], src, wheel_name=wheel_name, link_pages=link_pages
                )
                if cache:
                    cached(ed, doc).parent.mkdir(parents=True, exist_ok=True)
                    nbformat.write(out[ed][doc], cached(ed, doc))
            else:
                out[ed][doc] = nbformat.read(cached(ed, doc), as_version=4)
    if state_file:
        state_file.write_text(json.dumps({"key": key, "pages": pages}))
    return out, redo


def anchor_pages(app, book: Book) -> dict[str, str]:
    """Which notebook holds the anchors the package's outputs link to (passage-*, influence-*, ...)."""
    pages = {}
    for name, (doc, _labelid, _title) in app.env.get_domain("std").labels.items():
        prefix = name.split("-", 1)[0]
        if prefix in LINKED_PREFIXES and "-" in name and doc in book.docs:
            pages.setdefault(
                prefix,
                notebook_name(doc)
                if not (book.links == "site" and book.baseurl)
                else f"{book.baseurl.rstrip('/')}/{doc}.html",
            )
            book.targets.add((doc, name))
    return pages
