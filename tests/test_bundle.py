"""The classroom bundle: what is in it, Markdown any Jupyter reads, answers only for teachers,
every notebook running in a fresh venv made from its requirements.txt alone, and the set-up
cell's three ways (wheel beside it, the book's site, a two-line stop).

The venv tests are marked ``bundle`` (slow: a fresh venv); they run in `make test` and in CI.
"""

from __future__ import annotations

import functools
import http.server
import re
import shutil
import subprocess
import threading
import tomllib
import zipfile
from pathlib import Path

import nbformat
import pytest
from bundle_env import ROOT, ZIPS, run_notebook, unzip
from conftest import toc_pages
from sphinx.util.tags import Tags

from hersmell import setup_cell

NOTEBOOKS = sorted(Path(p).name + ".ipynb" for p in toc_pages())
VERSION = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]
WHEEL = f"hersmell-{VERSION}-py3-none-any.whl"
# MyST that no Jupyter front end renders (the list, plus any {role}`...`)
MYST = re.compile(r"\{glue|\{ref\}|\{term\}|\{cite|```\{|:::|^\([\w.:-]+\)=\s*$|\{[a-z][\w:-]*\}`", re.M)
TOOLS = (
    "jupyter-book",
    "myst-nb",
    "myst-parser",
    "sphinx",
    "jupytext",
    "pytest",
    "playwright",
    "pypdf",
    "jupyterlab",
    "notebook",
    "sphinxcontrib-bibtex",
    "jupyterlab-myst",
)


@functools.cache
def bundle(edition: str) -> dict[str, bytes]:
    with zipfile.ZipFile(ZIPS[edition]) as z:
        return {name.split("/", 1)[1]: z.read(name) for name in z.namelist()}


def notebooks(edition: str) -> dict[str, nbformat.NotebookNode]:
    return {
        name: nbformat.reads(data.decode(), as_version=4)
        for name, data in bundle(edition).items()
        if name.endswith(".ipynb")
    }


def markdown(nb) -> str:
    return "\n\n".join(c.source for c in nb.cells if c.cell_type == "markdown")


def plain(text: str) -> str:
    """Text for comparing prose across MyST and Markdown: no markup, straight quotes, one space."""
    text = re.sub(r"\{[\w:-]+\}`([^`<]*)(<[^>]*>)?`", r"\1", text)
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = text.translate(str.maketrans("‘’“”", "''\"\"")).replace("\\", "")
    return " ".join(re.sub(r"[*_`]", "", text).split())


def answer_blocks() -> dict[str, list[str]]:
    """For each chapter, a phrase from every {only} block (model answers, quiz answers, lesson notes)."""
    found = {}
    for path in sorted((ROOT / "chapters").glob("*.md")):
        lines, phrases, i = path.read_text(encoding="utf-8").splitlines(), [], 0
        while i < len(lines):
            m = re.match(r"\s*(:{3,})\{only\}\s*(.*)", lines[i])
            if m and Tags(["notebook"]).eval_condition(m.group(2)):
                m = None  # a block students see too (e.g. `not latex`: instructions for a live notebook)
            if m:
                fence, body = m.group(1), []
                i += 1
                while i < len(lines) and lines[i].strip() != fence:
                    if lines[i].strip() and not lines[i].strip().startswith((":", "```")):  # prose, not directives
                        body.append(lines[i].strip())
                    i += 1
                # the longest stretch of prose with no role or link in it, up to nine words
                pieces = re.split(r"\{[\w:-]+\}`[^`]*`|\[[^\]]*\]\([^)]*\)|\(|\)", " ".join(body))
                words = max((plain(p).split() for p in pieces), key=len)
                if words:  # a block holding only a directive (the quiz key) is checked by its rendering
                    phrases.append(" ".join(words[:9]))
            i += 1
        if phrases:
            found[path.stem + ".ipynb"] = phrases
    return found


# ---------------------------------------------------------------------------- what is in it


def test_the_site_offers_the_bundle_and_the_wheel(site):
    zip_on_site = site / "classroom" / ZIPS["student"].name
    assert zip_on_site.read_bytes() == ZIPS["student"].read_bytes()
    assert (site / "classroom" / WHEEL).read_bytes() == bundle("student")[WHEEL]
    assert not (site / "classroom" / ZIPS["teacher"].name).exists()  # lesson notes stay off the student site
    for page in ("chapters/01-how-to-use", "chapters/14-in-class"):
        html = (site / f"{page}.html").read_text(encoding="utf-8")
        assert f'href="../classroom/{ZIPS["student"].name}"' in html, page
    assert f'href="../classroom/{WHEEL}"' in (site / "chapters/01-how-to-use.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("edition", ["student", "teacher"])
def test_the_bundle_holds_every_chapter_the_wheel_requirements_and_a_readme(edition):
    files = bundle(edition)
    assert sorted(n for n in files if n.endswith(".ipynb")) == NOTEBOOKS
    assert WHEEL in files
    wheel = zipfile.ZipFile(__import__("io").BytesIO(files[WHEEL]))
    assert "hersmell/dataset/datapackage.json" in wheel.namelist()  # the data travels with the package
    reqs = [ln for ln in files["requirements.txt"].decode().splitlines() if ln and not ln.startswith("#")]
    assert reqs[0] == f"./{WHEEL}"
    assert all(re.fullmatch(r"[a-z0-9][a-z0-9._-]*==[\w.+!-]+", ln) for ln in reqs[1:]), reqs
    names = {ln.split("==")[0] for ln in reqs[1:]}
    assert {"pandas", "matplotlib", "anywidget", "ipywidgets", "ipykernel"} <= names
    assert names.isdisjoint(TOOLS)
    readme = files["README.md"].decode()
    for topic in (
        "JupyterHub",
        "Colab",
        "JupyterLab",
        "What students click",
        "Offline",
        "Python versions",
        "VS Code",
        "Notebook 7",
    ):
        assert topic in readme, topic
    assert "handouts/" in readme


def test_handouts_go_into_the_bundles_when_they_exist(tmp_path):
    """The hook for `make handouts`: PDFs in _build/handouts/ join the bundles on the next assembly."""
    from hersmell import bundle as b

    build = tmp_path / "_build"
    shutil.copytree(ROOT / "_build" / "classroom", build / "classroom", ignore=shutil.ignore_patterns("*.zip"))
    (build / "handouts").mkdir()
    (build / "handouts" / "lesson-1-sheet.pdf").write_bytes(b"%PDF-1.4 student")
    (build / "handouts" / "lesson-1-key.pdf").write_bytes(b"%PDF-1.4 teacher")
    zips = b.assemble(build)
    names = {e: zipfile.ZipFile(z).namelist() for e, z in zips.items()}
    assert f"{b.NAME}/handouts/lesson-1-sheet.pdf" in names["student"]
    assert f"{b.NAME}/handouts/lesson-1-key.pdf" not in names["student"]  # keys are for teachers only
    assert {f"{b.NAME}/handouts/lesson-1-sheet.pdf", f"{b.NAME}/handouts/lesson-1-key.pdf"} <= set(names["teacher"])


def test_the_built_bundles_carry_the_real_handouts():
    """make book builds the handouts before it zips: every sheet goes to students, every key only to teachers."""
    from hersmell import bundle as b

    built = sorted(p.name for p in (ROOT / "_build" / "handouts").glob("*.pdf"))
    sheets = [n for n in built if n.endswith("-sheet.pdf")]
    keys = [n for n in built if n.endswith("-key.pdf")]
    assert len(sheets) >= 5 and len(keys) == len(sheets)
    names = {e: zipfile.ZipFile(ROOT / "_build" / "classroom" / z).namelist() for e, z in b.ZIPS.items()}
    in_student = {n.rsplit("/", 1)[-1] for n in names["student"] if "/handouts/" in n}
    in_teacher = {n.rsplit("/", 1)[-1] for n in names["teacher"] if "/handouts/" in n}
    assert in_student == set(sheets)
    assert in_teacher == set(sheets) | set(keys)


# ---------------------------------------------------------------------------- the Markdown


@pytest.mark.parametrize("edition", ["student", "teacher"])
def test_markdown_cells_hold_no_myst(edition):
    offenders = []
    for name, nb in notebooks(edition).items():
        for cell in nb.cells:
            if cell.cell_type == "markdown":
                offenders += [
                    f"{name}: {m.group(0)!r} in …{cell.source[max(0, m.start() - 60) : m.end() + 20]}…"
                    for m in MYST.finditer(cell.source)
                ]
    assert offenders == []


def test_glued_values_are_filled_in():
    from hersmell import load

    t = load()
    assert f"The guide counts {len(t['influences'])} of them." in markdown(notebooks("student")["13-influences.ipynb"])
    for nb in notebooks("student").values():
        assert "glue" not in "\n".join(c.source for c in nb.cells)  # nothing needs myst_nb to run


def anchors(nb) -> set[str]:
    text = markdown(nb)
    ids = set(re.findall(r'<a id="([^"]+)"></a>', text))
    headings = [re.sub(r"<[^>]+>", "", h) for h in re.findall(r"^#+ (.+)$", text, re.M)]  # Jupyter uses the text
    ids |= {"-".join(h.replace("*", "").replace("\\", "").split()) for h in headings}
    return ids


def broken_links(text: str, here: str, books: dict[str, nbformat.NotebookNode]) -> list[str]:
    broken = []
    for target in re.findall(r"\]\(([^)\s]+)\)", text):
        if re.match(r"https?:", target):
            continue
        page, _, frag = target.partition("#")
        nb = books.get(page or here)
        if nb is None or (frag and frag not in anchors(nb)):
            broken.append(f"{here}: {target}")
    return broken


@pytest.mark.parametrize("edition", ["student", "teacher"])
def test_cross_references_are_links_to_the_notebooks_beside_them(edition):
    books = notebooks(edition)
    broken = [b for name, nb in books.items() for b in broken_links(markdown(nb), name, books)]
    assert broken == []
    # an id written before the hashes would turn a heading into a line of text
    assert [n for n, nb in books.items() if re.search(r"^<a id=[^>]+></a>#", markdown(nb), re.M)] == []
    text = markdown(books["05-performance.ipynb"])
    assert "[passage 22](02-interview.ipynb#passage-p22)" in text
    assert re.search(r"\[Persona\]\(07-persona\.ipynb#Persona\)", text)
    assert re.search(r"\[encore\]\(15-glossary\.ipynb#term-encore\)", text)


def test_directives_become_the_markdown_they_produce():
    books = notebooks("student")
    interview = markdown(books["02-interview.ipynb"])
    assert interview.count('<a id="passage-p') == len(__import__("expected").rows("passages"))
    influences = markdown(books["13-influences.ipynb"])
    assert '<a id="influence-showgirls"></a>**Showgirls (film; 1995; Paul Verhoeven)**' in influences
    assert "| field | type | rules | description |" in markdown(books["17-about-the-data.ipynb"])


def test_students_get_no_answers_and_teachers_get_them_collapsed():
    blocks = answer_blocks()
    assert sum(map(len, blocks.values())) >= 14  # model answers, example paragraphs, lesson notes (quiz keys below)
    student, teacher = notebooks("student"), notebooks("teacher")
    leaked = [f"{n}: {p}" for n, ps in blocks.items() for p in ps if p in plain(markdown(student[n]))]
    assert leaked == []
    assert not any("<details>" in markdown(nb) for nb in student.values())
    missing = [f"{n}: {p}" for n, ps in blocks.items() for p in ps if p not in plain(markdown(teacher[n]))]
    assert missing == []
    assert markdown(teacher["05-performance.ipynb"]).count("<summary>Answer key</summary>") == 1  # the quiz's key
    assert "<summary>Answer key</summary>" not in markdown(student["05-performance.ipynb"])
    assert "<summary>Model answer</summary>" in markdown(teacher["05-performance.ipynb"])


def test_the_first_cell_sets_up_and_is_hidden_on_the_site(site):
    for name, nb in notebooks("student").items():
        code = [c for c in nb.cells if c.cell_type == "code"]
        if not code:
            continue  # a page with no code (the interview map, the glossary) needs no package
        assert nb.cells[0] is code[0], name
        assert code[0].source.startswith("# Set-up: run this cell first."), name
        assert "remove-cell" in code[0].metadata["tags"], name  # hidden if this notebook is built into a book
    html = (site / "chapters" / "05-performance.html").read_text(encoding="utf-8")
    assert "Set-up: run this cell first" not in html and "hersmell-*.whl" not in html


# ---------------------------------------------------------------------------- in a fresh venv


@pytest.mark.bundle
@pytest.mark.parametrize("name", NOTEBOOKS)
def test_every_notebook_runs_in_a_fresh_venv_from_the_bundle(classroom, name):
    nb = run_notebook(classroom.folder / name, classroom.python)
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"]
    assert errors == []
    stderr = [
        o.text
        for c in nb.cells
        if c.cell_type == "code"
        for o in c.outputs
        if o.output_type == "stream" and o.name == "stderr"
    ]
    assert stderr == []
    # links in the outputs (quotations, tables, act cards) open the notebooks beside them
    books = notebooks("student")
    outputs = "\n".join(
        o.get("data", {}).get("text/markdown", "") for c in nb.cells if c.cell_type == "code" for o in c.outputs
    )
    assert broken_links(outputs, name, books) == []
    if "quote(" in "".join(c.source for c in nb.cells):
        assert "(02-interview.ipynb#passage-p" in outputs


@pytest.mark.bundle
def test_a_notebook_alone_stops_with_the_message_then_installs_from_the_site_or_the_wheel(bare_python, tmp_path):
    original = nbformat.read(ROOT / "_build" / "classroom" / "student" / "05-performance.ipynb", as_version=4)
    wheel = ROOT / "_build" / "classroom" / "student" / WHEEL

    def alone(folder: str, nb=original) -> Path:
        (tmp_path / folder).mkdir()
        nbformat.write(nb, tmp_path / folder / "05-performance.ipynb")
        return tmp_path / folder / "05-performance.ipynb"

    def installed() -> bool:
        return subprocess.run([str(bare_python), "-c", "import hersmell"], capture_output=True).returncode == 0

    # 1. no wheel beside it, no site configured: a two-line message, no traceback, nothing else runs
    nb = run_notebook(alone("empty"), bare_python, stops=True)
    first = nb.cells[0].outputs
    assert [o.output_type for o in first] == ["error"] and first[0].ename == "SetupStopped"
    assert first[0].traceback == setup_cell.MISSING.splitlines()  # exactly the two lines
    assert len(first[0].traceback) == 2 and "hersmell-*.whl" in first[0].traceback[0]
    assert "classroom bundle" in first[0].traceback[1] and "website" in first[0].traceback[1]
    assert all(not c.outputs for c in nb.cells[1:] if c.cell_type == "code") and not installed()

    # 2. a wheel that will not install: a two-line message naming the way out
    broken = alone("broken")
    (broken.parent / WHEEL).write_bytes(b"not a wheel")
    out = run_notebook(broken, bare_python, stops=True).cells[0].outputs
    assert len(out[0].traceback) == 2 and out[0].traceback[0].startswith("Could not install the guide's package from")
    assert "requirements.txt" in out[0].traceback[1] and not installed()

    # 3. the book's site configured: the cell installs the wheel from it
    served = tmp_path / "site"
    (served / "classroom").mkdir(parents=True)
    shutil.copy(wheel, served / "classroom" / WHEEL)
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(served))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        from_site = nbformat.from_dict(original)
        imports = from_site.cells[0].source.split("# The chapter's own imports\n", 1)[1]
        from_site.cells[0].source = setup_cell.setup_source(
            imports, baseurl=f"http://127.0.0.1:{httpd.server_address[1]}", wheel_name=WHEEL
        )
        run_notebook(alone("from-site", from_site), bare_python)
    finally:
        httpd.shutdown()
    assert installed()

    # 4. the wheel beside it (the bundle): installs and the whole notebook runs
    subprocess.run([str(bare_python), "-m", "pip", "uninstall", "-q", "-y", "hersmell"], check=True)
    beside = alone("beside")
    shutil.copy(wheel, beside.parent / WHEEL)
    nb = run_notebook(beside, bare_python)
    assert installed()
    assert any(
        "Performance" in o.get("data", {}).get("text/markdown", "") or o.output_type == "display_data"
        for c in nb.cells
        if c.cell_type == "code"
        for o in c.outputs
    )


def test_unzip_gives_one_folder(tmp_path):
    folder = unzip(ZIPS["student"], tmp_path)
    assert folder.name == "her-smell-classroom" and (folder / "README.md").exists()
