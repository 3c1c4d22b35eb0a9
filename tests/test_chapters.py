"""The book's structure: every theme chapter has its nine parts, and the book covers its data."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import toc_pages

from hersmell import book, load
from hersmell.chapter_lint import TERM_ROLE, lint_references, lint_theme_chapter, passage_ids

ROOT = Path(__file__).resolve().parents[1]
CHAPTERS = ROOT / "chapters"


def toc_files() -> list[Path]:
    return [ROOT / f"{page}.md" for page in toc_pages()]


def theme_chapters() -> dict[str, Path]:
    """Theme id -> chapter, found by the (theme-<id>)= label above a chapter's title."""
    found = {}
    for path in toc_files():
        m = re.search(r"^\(theme-([a-z-]+)\)=\n# ", path.read_text(encoding="utf-8"), re.M)
        if m:
            found[m.group(1)] = path
    return found


def test_every_theme_in_the_data_has_a_chapter():
    assert set(theme_chapters()) == set(load()["themes"]["id"])


@pytest.mark.parametrize("theme", sorted(load()["themes"]["id"]))
def test_theme_chapter_has_its_nine_parts(theme):
    path = theme_chapters().get(theme)
    assert path is not None, f"no chapter for theme {theme}"
    assert lint_theme_chapter(path, theme) == []


def test_lint_catches_a_chapter_missing_parts(tmp_path):
    """The structure check can fail: a chapter with its self-check removed is reported."""
    theme, path = sorted(theme_chapters().items())[0]
    text = path.read_text(encoding="utf-8")
    broken = tmp_path / "broken.md"
    broken.write_text(text.split("## Self-check")[0], encoding="utf-8")
    problems = lint_theme_chapter(broken, theme)
    assert any("sections must be exactly" in p for p in problems)
    assert any("self-check" in p for p in problems)


@pytest.mark.parametrize("path", toc_files(), ids=lambda p: p.name)
def test_every_page_has_a_description_and_valid_references(path):
    text = path.read_text(encoding="utf-8")
    assert re.search(r"^description: \S.{20,160}$", text.split("---")[1], re.M), "front matter needs a description"
    assert lint_references(text, load()) == []


def test_every_passage_is_cited_by_a_theme_chapter():
    t = load()
    cited = set()
    for path in theme_chapters().values():
        cited |= passage_ids(path.read_text(encoding="utf-8"), t)
    assert set(t["passages"]["id"]) - cited == set()


def test_every_influence_is_reachable_from_a_chapter():
    """Each influence has its own anchored entry on the Influences page, which a chapter links to."""
    influences_page = (CHAPTERS / "13-influences.md").read_text(encoding="utf-8")
    assert "```{influence-index}\n```" in influences_page  # the index lists every row, with anchors
    assert "InfluenceExplorer()" in influences_page  # and the explorer offers every row


def test_every_glossary_term_is_used_in_a_chapter():
    used = set()
    for path in toc_files():
        used |= {(target or shown).strip().lower() for shown, target in TERM_ROLE.findall(path.read_text())}
    assert {t.lower() for t in load()["glossary"]["term"]} - used == set()


def test_no_notebook_builds_data_paths():
    for path in toc_files():
        text = path.read_text(encoding="utf-8")
        assert "../" not in text and "sys.path" not in text and "read_csv(" not in text, path.name


def test_labels_come_from_the_pages_themselves(tmp_path):
    """A {ref} may name any label a TOC page defines (page, act, figure) and nothing else."""
    t = load()
    ok = "{ref}`interview` {ref}`act-3` {ref}`fig-performance-tracker` {ref}`the ending <theme-ending>`"
    assert lint_references(ok, t) == []
    assert lint_references("{ref}`no-such-page`", t) == ["unknown label 'no-such-page' in a {ref}"]
    # a renamed or new page brings its labels with it: here, a book of one page labelled (start)=
    (tmp_path / "_toc.yml").write_text("format: jb-book\nroot: home\n", encoding="utf-8")
    (tmp_path / "home.md").write_text("---\nkernelspec:\n  name: python3\n---\n(start)=\n# Home\n", encoding="utf-8")
    assert book.page_labels(tmp_path) == {"start"}


def test_passage_links_lead_to_the_page_holding_the_cards(tmp_path):
    """The explorer's passage links point at whichever TOC page holds {passage-map}, found from the files."""
    page = book.page_with("```{passage-map}")
    assert page is not None and "{passage-map}" in (ROOT / f"{page}.md").read_text(encoding="utf-8")
    assert book.passage_href(here=CHAPTERS) == f"{page.split('/')[-1]}.html#passage-{{id}}"
    assert book.passage_href(here=CHAPTERS, root=tmp_path) == ""  # no book at hand: no links


def test_the_chapter_template_passes_the_linter(tmp_path):
    """docs/chapter-template.md, with THEME filled in, is a chapter the linter accepts as it stands."""
    template = (ROOT / "docs" / "chapter-template.md").read_text(encoding="utf-8")
    assert template.count("THEME") >= 5
    theme = sorted(load()["themes"]["id"])[0]
    chapter = tmp_path / "new-chapter.md"
    chapter.write_text(template.replace("THEME", theme), encoding="utf-8")
    assert lint_theme_chapter(chapter, theme) == []
