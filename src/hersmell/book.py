"""The book's own files, read instead of listed by hand: its pages (from _toc.yml), the labels
those pages define, and which page holds the passage cards that other pages link to.

Outside the repository (an installed copy, a downloaded notebook) there is no _toc.yml: the
functions then say so by returning nothing, and callers leave the links out.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

BOOK = Path(__file__).resolve().parents[2]  # the repo, in an editable install
# Labels a page defines: a MyST target line "(label)=", or a figure's or directive's name option.
TARGET = re.compile(r"^\(([^()\s]+)\)=$|^\s*:?name: ([\w-]+)\s*$", re.M)
PASSAGE_ANCHOR = "passage-{id}"  # the anchor {passage-map} gives each passage card


def toc_pages(root: Path = BOOK) -> list[str]:
    """Every page of the book's _toc.yml, root first, as paths without suffix (chapters/05-performance)."""
    import yaml  # comes with Jupyter Book; only the maintainer tools need it

    toc = yaml.safe_load((Path(root) / "_toc.yml").read_text(encoding="utf-8"))
    pages = [toc["root"]]

    def walk(entries):
        for entry in entries:
            if "file" in entry:
                pages.append(entry["file"])
            walk(entry.get("sections", []))

    walk(toc.get("chapters", []))
    for part in toc.get("parts", []):
        walk(part.get("chapters", []))
    return [re.sub(r"\.(md|ipynb)$", "", p) for p in pages]


def labels_in(text: str) -> set[str]:
    """The labels one page's MyST source defines."""
    if text.startswith("---\n"):  # the front matter names the kernel, not a label
        text = text.split("\n---\n", 1)[-1]
    return {a or b for a, b in TARGET.findall(text)}


def page_labels(root: Path = BOOK) -> set[str]:
    """Every label the TOC's pages define, read from the files themselves."""
    return set().union(*(labels_in((Path(root) / f"{p}.md").read_text(encoding="utf-8")) for p in toc_pages(root)))


def page_with(needle: str, root: Path = BOOK) -> str | None:
    """The first TOC page whose source contains ``needle``; None outside the repository."""
    if not (Path(root) / "_toc.yml").exists():
        return None
    return next((p for p in toc_pages(root) if needle in (Path(root) / f"{p}.md").read_text(encoding="utf-8")), None)


def passage_href(here: Path | None = None, root: Path = BOOK) -> str:
    """The link pattern (``{id}`` for the passage id) from the page being built to its passage card.

    A chapter runs in its own folder while the book builds, so the link is relative to the
    working directory; "" when there is no book at hand (the widget then shows no links).
    """
    page = page_with("```{passage-map}", root)
    if page is None:
        return ""
    rel = Path(os.path.relpath(Path(root) / page, here or Path.cwd())).as_posix()
    return f"{rel}.html#{PASSAGE_ANCHOR}"
