"""The strict build: every TOC page is built, and a warning fails a build."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import toc_pages

ROOT = Path(__file__).resolve().parents[1]
JB = Path(sys.executable).parent / "jupyter-book"


def test_every_toc_page_is_built(site):
    missing = [f for f in toc_pages() if not (site / f"{f}.html").exists()]
    assert missing == []
    assert len(toc_pages()) >= 2


def test_only_toc_pages_are_built(site):
    built = {str(p.relative_to(site).with_suffix("")) for p in (site / "chapters").glob("*.html")}
    assert built == {f for f in toc_pages() if f.startswith("chapters/")}


def test_no_cdn_in_built_html(site):
    """No script, stylesheet or font is loaded from a CDN (the issue's grep, made exact)."""
    # what a browser fetches: scripts, images, frames, and links that load (not canonical/alternate)
    loader = re.compile(
        r"<(?:script|img|iframe|source)\b[^>]*\bsrc=[\"']((?:https?:)?//[^\"']+)"
        r"|<link\b(?=[^>]*\brel=[\"'](?:stylesheet|preload|modulepreload|icon|prefetch)[\"'])"
        r"[^>]*\bhref=[\"']((?:https?:)?//[^\"']+)",
        re.I,
    )
    offenders = []
    for page in site.rglob("*.html"):
        for urls in loader.findall(page.read_text(encoding="utf-8")):
            offenders += [f"{page.relative_to(site)}: {u}" for u in urls if u]
    for css in site.rglob("*.css"):  # fonts and images pulled in by stylesheets
        offenders += [
            f"{css.relative_to(site)}: {u}"
            for u in re.findall(r"url\(['\"]?((?:https?:)?//[^)'\"]+)", css.read_text(encoding="utf-8"))
        ]
    assert offenders == []


def _mini_book(tmp_path: Path, body: str) -> Path:
    """A one-page book with our exact _config.yml."""
    book = tmp_path / "book"
    (book / "chapters").mkdir(parents=True)
    shutil.copy(ROOT / "_config.yml", book / "_config.yml")
    shutil.copytree(ROOT / "_static", book / "_static")
    (book / "data").mkdir()
    shutil.copy(ROOT / "data" / "references.bib", book / "data" / "references.bib")
    (book / "_toc.yml").write_text("format: jb-book\nroot: chapters/index\n")
    (book / "chapters" / "index.md").write_text(body)
    return book


def _build(book: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(JB), "build", str(book), "-W", "-n", "--keep-going"], capture_output=True, text=True, timeout=600
    )


@pytest.mark.slow
def test_mini_book_builds_cleanly(tmp_path):
    """The control for the two failure tests below: the same mini book, without the fault, passes."""
    assert _build(_mini_book(tmp_path, "# Title\n\nA clean page.\n")).returncode == 0


@pytest.mark.slow
def test_strict_build_fails_on_a_warning(tmp_path):
    book = _mini_book(tmp_path, "# Title\n\nA link to {ref}`a-label-that-does-not-exist`.\n")
    result = _build(book)
    assert result.returncode != 0
    assert "a-label-that-does-not-exist" in result.stdout + result.stderr


@pytest.mark.slow
def test_strict_build_fails_on_a_cell_error(tmp_path):
    header = (
        "---\njupytext:\n  text_representation:\n    extension: .md\n    format_name: myst\n"
        "kernelspec:\n  display_name: Python 3\n  language: python\n  name: python3\n---\n"
    )
    book = _mini_book(tmp_path, header + "# Title\n\n```{code-cell} ipython3\n1 / 0\n```\n")
    result = _build(book)
    assert result.returncode != 0
    assert "ZeroDivisionError" in result.stdout + result.stderr


@pytest.mark.slow
def test_launch_buttons_appear_once_the_repository_is_named(tmp_path):
    """Binder, Colab and the school's JupyterHub (one setting each in _config.yml) link a chapter's
    notebook as soon as repository.url is set; without it the build leaves them out."""
    header = (
        "---\njupytext:\n  text_representation:\n    extension: .md\n    format_name: myst\n"
        "kernelspec:\n  display_name: Python 3\n  language: python\n  name: python3\n---\n"
    )
    book = _mini_book(tmp_path, header + "# Title\n\n```{code-cell} ipython3\n1 + 1\n```\n")
    config = yaml.safe_load((book / "_config.yml").read_text())
    config["repository"]["url"] = "https://github.com/example/her-smell-guide"
    config["launch_buttons"]["jupyterhub_url"] = "https://hub.example.edu"
    (book / "_config.yml").write_text(yaml.safe_dump(config))
    assert _build(book).returncode == 0
    html = (book / "_build" / "html" / "chapters" / "index.html").read_text(encoding="utf-8")
    # Binder and the hub open the MyST source, which jupytext (in the pinned environment) runs as a notebook
    assert "https://mybinder.org/v2/gh/example/her-smell-guide/main?urlpath=lab/tree/chapters/index.md" in html
    assert "https://colab.research.google.com/github/example/her-smell-guide/blob/main/chapters/index" in html
    assert (
        "https://hub.example.edu/hub/user-redirect/git-pull?repo=https%3A//github.com/example/her-smell-guide" in html
    )
    shipped = (ROOT / "_build" / "html" / "chapters" / "05-performance.html").read_text(encoding="utf-8")
    assert "mybinder.org" not in shipped  # no repository named yet: no dead launch links


def test_every_widget_on_the_site_renders_without_a_widget_manager(site):
    """No output in the book is a bare ipywidget: with no widget manager on the static page it
    would show as its text repr. Every widget output is our self-contained static view."""
    containers, reprs = 0, []
    for page in toc_pages():
        html = (site / f"{page}.html").read_text(encoding="utf-8")
        containers += html.count('<div class="hs-widget"')
        reprs += [
            f"{page}: {m}" for m in re.findall(r"[A-Z][A-Za-z]+\((?:children|layout|options|acts|columns)=", html)
        ]
        assert "application/vnd.jupyter.widget-view+json" not in html, page
    assert containers >= 10  # the how-to picker, the explorer, and one compact explorer per theme
    assert reprs == []


def test_tex_check_names_the_packages_when_it_cannot_install(tmp_path):
    """Without root (or apt), `make test` stops at the TeX step with one message naming the packages."""
    bin_ = tmp_path / "bin"
    bin_.mkdir()
    for tool in ("bash", "grep", "cat"):
        (bin_ / tool).symlink_to(shutil.which(tool))
    (bin_ / "id").write_text("#!/bin/sh\necho 1000\n")  # not root
    (bin_ / "id").chmod(0o755)
    out = subprocess.run(
        [str(bin_ / "bash"), str(ROOT / "scripts" / "ensure-tex.sh")],
        capture_output=True,
        text=True,
        env={"PATH": str(bin_)},
    )
    assert out.returncode == 1
    for package in ("latexmk", "texlive-xetex", "texlive-fonts-recommended", "fonts-freefont-otf", "poppler-utils"):
        assert package in out.stderr
    assert len(out.stderr.strip().splitlines()) == 1


def test_make_test_installs_tex_and_ci_runs_only_make_test():
    plan = subprocess.run(["make", "-n", "-W", "Makefile", "test"], cwd=ROOT, capture_output=True, text=True).stdout
    assert "ensure-tex.sh" in plan and "pdf-teacher" in plan
    ci = [
        line
        for line in (ROOT / ".ci" / "run").read_text().splitlines()
        if line and not line.startswith(("#", "set ", "cd "))
    ]
    assert ci == ["make test"]
