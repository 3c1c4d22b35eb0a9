"""The classroom bundle: everything a class needs to run the guide's notebooks without the repository.

``make book`` builds it (hersmell.downloads calls :func:`build`) into ``_build/classroom/``:

    _build/classroom/
      wheel/hersmell-<version>-py3-none-any.whl     the package with its data
      student/  teacher/                            the two bundles, unzipped
      her-smell-classroom.zip                       student bundle (also on the site)
      her-smell-classroom-teacher.zip               teacher's bundle (answers in <details>, lesson notes)

and puts the student zip and the wheel on the site, in ``_build/html/classroom/``. Each bundle
holds every chapter as a clean .ipynb, the wheel, a requirements.txt (the wheel and the exact
runtime pins the notebooks need) and a README for the teacher.

Handouts: every PDF in ``_build/handouts/`` (``make handouts``) goes into the bundles'
``handouts/`` folder, those with "teacher" in their name into the teacher's bundle only.
``python -m hersmell.bundle [_build]`` re-assembles the zips, e.g. after ``make handouts``,
without rebuilding the book.
"""

from __future__ import annotations

import importlib.metadata as md
import subprocess
import sys
import zipfile
from pathlib import Path

import nbformat
from packaging.markers import default_environment
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from . import stamps
from .handouts import is_key

NAME = "her-smell-classroom"
ZIPS = {"student": f"{NAME}.zip", "teacher": f"{NAME}-teacher.zip"}
#: what the notebooks import besides the package's own dependencies: the kernel they run in
KERNEL = ["ipykernel"]
HANDOUTS = "handouts"  # _build/handouts/*.pdf, made by `make handouts`
PYTHONS = "3.11, 3.12 and 3.13"  # see README.md: pins checked for wheels on each


# ---------------------------------------------------------------------------- the wheel


def build_wheel(project: Path, out: Path) -> Path:
    """The package as a versioned wheel (data included), rebuilt only when its inputs change."""
    key = stamps.digest([*stamps.source_files(project, "src", "data"), project / "pyproject.toml"], root=project)
    stamp = out / ".inputs"
    wheels = sorted(out.glob("hersmell-*.whl"))
    if len(wheels) == 1 and stamps.is_fresh(stamp, key, wheels):
        return wheels[0]
    out.mkdir(parents=True, exist_ok=True)
    for old in wheels:
        old.unlink()
    done = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(project)],
        capture_output=True,
        text=True,
    )
    if done.returncode:
        raise RuntimeError(f"could not build the hersmell wheel:\n{done.stderr}")
    stamp.write_text(key)
    return next(out.glob("hersmell-*.whl"))


# ---------------------------------------------------------------------------- requirements


def runtime_pins(roots: list[str]) -> dict[str, str]:
    """Exact versions, as installed in the build environment, of ``roots`` and everything they
    need on this platform: what the notebooks were executed with in the book build."""
    env = default_environment()
    pins: dict[str, str] = {}
    todo = list(roots)
    while todo:
        name = canonicalize_name(todo.pop())
        if name in pins:
            continue
        dist = md.distribution(name)
        pins[name] = dist.version
        for line in dist.requires or []:
            req = Requirement(line)
            if req.marker is None or req.marker.evaluate({**env, "extra": ""}):
                todo.append(req.name)
    return pins


def requirements_txt(wheel_name: str) -> str:
    pins = runtime_pins(["hersmell", *KERNEL])
    pins.pop("hersmell")
    lines = [
        "# The guide's notebooks: the package (with its data) and the exact versions the book ran with.",
        "# Install from this folder:  python -m pip install -r requirements.txt",
        f"./{wheel_name}",
    ]
    lines += [f"{name}=={version}" for name, version in sorted(pins.items())]
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------------------- README

README = """\
# Her Smell, annotated: the classroom bundle{edition_title}

This folder runs the study guide's chapters as Jupyter notebooks, with no repository and no
git. Every chapter is here as a notebook (`.ipynb`); `index.ipynb` is the start page. The data
travels inside the guide's Python package, `{wheel}`, which the notebooks install by themselves.

| file | what it is |
| --- | --- |
| `*.ipynb` | the chapters, {count} notebooks, in plain Jupyter Markdown (no extension needed){edition_note} |
| `{wheel}` | the guide's Python package `hersmell`, version {version}, with the data |
| `requirements.txt` | the package and the exact versions of what the notebooks use |
| `handouts/` | printable PDF handouts{handouts_note} |

## What students click

Open a chapter, then **Run ▸ Run All Cells** (JupyterLab, Notebook 7) or **Runtime ▸ Run all**
(Colab). The first cell sets the notebook up: if the package is missing it installs it from the
wheel in this folder, which takes a few seconds the first time. Interactive tables (the influence
explorer, the pickers) are live widgets: a choice made in one is readable from Python in the
next cell.

If the first cell stops with a two-line message, the notebook was opened away from this folder:
put the notebook beside `{wheel}`, or install the packages as below, and run it again.

## On a laptop, with JupyterLab

```bash
cd {name}                       # this folder, unzipped
python3 -m venv .venv           # Python {pythons}
.venv/bin/python -m pip install -r requirements.txt jupyterlab     # or: notebook (Notebook 7)
.venv/bin/jupyter lab           # opens in the browser; open index.ipynb
```

On Windows use `.venv\\Scripts\\python` and `.venv\\Scripts\\jupyter`.

## On a JupyterHub

- **Best: ask the hub's administrator** to add the requirements to the hub's image (for example
  `pip install -r requirements.txt` in its Dockerfile). Then the notebooks start at once and run
  offline.
- **Without the administrator:** upload `{zip}` in the file browser, open a terminal, and run
  `unzip {zip}` then `python -m pip install --user -r {name}/requirements.txt`; restart the
  browser tab so JupyterLab loads the widgets' front end. Give students the folder the same way,
  or share it through the hub's shared folder.
- Without either, the first cell installs the wheel into the student's own user folder; it needs
  the hub to have pandas, matplotlib, ipywidgets and anywidget already, or access to PyPI.

## In Colab

Open a notebook (**File ▸ Upload notebook**), then upload `{wheel}` with the **Files** panel
(folder icon, left) into the session's folder, `/content`, and **Runtime ▸ Run all**: the first
cell finds the wheel there and installs it, and PyPI supplies anything Colab lacks. It also turns
on Colab's widget manager for third-party widgets (`google.colab.output.enable_custom_widget_manager()`),
which loads the explorer's front end from the web. Uploaded files last only for the session.

## Offline

Once the requirements are installed, everything runs offline: the data is inside the package, no
cell downloads anything, and the widgets carry their own JavaScript (no CDN). To install on a
machine with no internet, first download the packages on one that has it:

```bash
python3 -m pip download -r requirements.txt -d wheelhouse      # online, same OS and Python
python3 -m pip install --no-index --find-links wheelhouse -r requirements.txt   # offline
```

The first cell installs the wheel offline too, as long as its dependencies are installed.

## Python versions

Python {pythons}; the package declares `{requires_python}`. The versions in `requirements.txt`
are those the book was built and tested with (Python 3.11); each of them has a wheel for
{pythons} (checked for Linux x86-64 with `pip install --dry-run --only-binary=:all:`), so
nothing is compiled.

## What was checked, and where

- **JupyterLab 4 and Notebook 7**, from this folder unzipped into a fresh virtual environment
  with only `requirements.txt` plus JupyterLab or Notebook 7, in headless Chromium: a theme
  chapter and the Influences chapter run top to bottom, the explorer renders as a live widget,
  responds, and a choice made in it reaches the kernel; the Markdown shows no markup, no
  placeholders and, in the student bundle, no answers. Every notebook also runs top to bottom
  with nbclient in such an environment.
- **Colab and VS Code** could not be reached from where the bundle is built, so they were not
  run; this was checked instead. The widgets are anywidget widgets ({widget_versions}), speaking
  the Jupyter widget protocol {protocol}: the one Colab's custom widget manager and VS Code's
  Jupyter extension implement for ipywidgets 8. VS Code loads a widget's front end from the
  kernel environment's `share/jupyter/nbextensions` folder, where anywidget installs
  `anywidget/index.js` (checked in the bundle's environment), so it needs no CDN. The notebooks'
  Markdown is CommonMark with GitHub tables and `<details>`, which both render; nothing in them
  needs a Jupyter extension.
"""


def readme(edition: str, *, wheel_name: str, count: int, handouts: list[str]) -> str:
    version = wheel_name.split("-")[1]
    meta = md.metadata("hersmell")
    widget_versions = ", ".join(f"{n} {md.version(n)}" for n in ("ipywidgets", "anywidget"))
    from ipywidgets._version import __protocol_version__

    teacher = edition == "teacher"
    if handouts:
        note = ": " + ", ".join(f"`{h}`" for h in handouts)
    else:
        note = " (none yet: `make handouts` in the repository adds them)"
    return README.format(
        edition_title=" (teacher's edition)" if teacher else "",
        edition_note=(
            "; model and quiz answers, and lesson notes, are in collapsed *Answer* sections"
            if teacher
            else "; no answers (the teacher's bundle has them)"
        ),
        wheel=wheel_name,
        version=version,
        count=count,
        name=NAME,
        zip=ZIPS[edition],
        pythons=PYTHONS,
        requires_python=meta.get("Requires-Python", ""),
        widget_versions=widget_versions,
        protocol=__protocol_version__,
        handouts_note=note,
    )


# ---------------------------------------------------------------------------- assembling


def _write_zip(folder: Path, target: Path) -> None:
    """A reproducible zip of ``folder`` with one top-level folder (fixed dates, sorted names)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_suffix(".tmp")
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            info = zipfile.ZipInfo(f"{NAME}/{path.relative_to(folder).as_posix()}", date_time=(2026, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            z.writestr(info, path.read_bytes())
    tmp.replace(target)


def handout_files(build: Path, edition: str) -> list[Path]:
    return [p for p in sorted((build / HANDOUTS).glob("*.pdf")) if edition == "teacher" or not is_key(p)]


def assemble(build: Path) -> dict[str, Path]:
    """Zip the two bundles in ``build/classroom`` (notebooks already written there), with the
    wheel, requirements.txt, README.md and the handouts that exist now."""
    root = build / "classroom"
    wheel = next((root / "wheel").glob("hersmell-*.whl"))
    zips = {}
    for edition in ZIPS:
        folder = root / edition
        for old in list(folder.glob("hersmell-*.whl")) + list(folder.glob(f"{HANDOUTS}/*.pdf")):
            old.unlink()
        (folder / wheel.name).write_bytes(wheel.read_bytes())
        (folder / "requirements.txt").write_text(requirements_txt(wheel.name), encoding="utf-8")
        handouts = handout_files(build, edition)
        if handouts:
            (folder / HANDOUTS).mkdir(exist_ok=True)
            for h in handouts:
                (folder / HANDOUTS / h.name).write_bytes(h.read_bytes())
        count = len(list(folder.glob("*.ipynb")))
        (folder / "README.md").write_text(
            readme(edition, wheel_name=wheel.name, count=count, handouts=[f"{HANDOUTS}/{h.name}" for h in handouts]),
            encoding="utf-8",
        )
        zips[edition] = root / ZIPS[edition]
        _write_zip(folder, zips[edition])
    return zips


def write_notebooks(build: Path, notebooks: dict[str, dict[str, nbformat.NotebookNode]], name) -> None:
    """Write each edition's notebooks into its bundle folder (stale ones removed)."""
    for edition, by_doc in notebooks.items():
        folder = build / "classroom" / edition
        folder.mkdir(parents=True, exist_ok=True)
        for old in folder.glob("*.ipynb"):
            old.unlink()
        for doc, nb in by_doc.items():
            nbformat.write(nb, folder / name(doc))


def publish(build: Path, html: Path, zips: dict[str, Path]) -> dict[str, Path]:
    """The student bundle and the wheel on the site, under classroom/ (the teacher's stays off it:
    it holds the lesson notes the student site leaves out)."""
    out = html / "classroom"
    out.mkdir(parents=True, exist_ok=True)
    wheel = next((build / "classroom" / "wheel").glob("hersmell-*.whl"))
    published = {"student": out / zips["student"].name, "wheel": out / wheel.name}
    published["student"].write_bytes(zips["student"].read_bytes())
    published["wheel"].write_bytes(wheel.read_bytes())
    return published


def main(argv: list[str]) -> None:
    build = Path(argv[0] if argv else "_build")
    zips = assemble(build)
    if (build / "html" / "classroom").is_dir():
        publish(build, build / "html", zips)
    for edition, path in zips.items():
        print(f"{edition} bundle: {path} ({path.stat().st_size / 1e6:.1f} MB)")


if __name__ == "__main__":
    main(sys.argv[1:])
