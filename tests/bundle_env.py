"""The classroom bundle as a teacher gets it: unzipped outside the repository into a fresh venv.

Making a venv and installing the bundle's requirements takes a minute or two, so the tests share
one per session (the ``classroom`` fixture, imported by conftest.py). The same functions time the
whole thing for ``make bench`` (scripts/bench.py).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path

import nbformat
import pytest
from jupyter_client.kernelspec import KernelSpecManager
from jupyter_client.manager import KernelManager
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

ROOT = Path(__file__).resolve().parents[1]
CLASSROOM = ROOT / "_build" / "classroom"
ZIPS = {"student": CLASSROOM / "her-smell-classroom.zip", "teacher": CLASSROOM / "her-smell-classroom-teacher.zip"}
FRONT_ENDS = ("jupyterlab", "notebook")  # JupyterLab 4 and Notebook 7, at the repo's pins


def pinned(*names: str) -> list[str]:
    """The repo's exact pins for these packages (requirements.txt)."""
    pins = {}
    for line in (ROOT / "requirements.txt").read_text().splitlines():
        if "==" in line and not line.startswith("#"):
            name, version = line.split("#")[0].strip().split("==")
            pins[name.lower()] = version
    return [f"{n}=={pins[n]}" for n in names]


def unzip(zip_path: Path, where: Path) -> Path:
    """Unzip a bundle; it holds one folder, which is returned."""
    with zipfile.ZipFile(zip_path) as z:
        tops = {name.split("/")[0] for name in z.namelist()}
        assert len(tops) == 1, f"the bundle should unzip into one folder, not {sorted(tops)}"
        z.extractall(where)
    return where / tops.pop()


def make_venv(folder: Path, venv: Path, extra: list[str] = ()) -> Path:
    """A fresh venv with the bundle's requirements.txt (run from its folder, as the README says)."""
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python = venv / "bin" / "python"
    done = subprocess.run(
        [str(python), "-m", "pip", "install", "-q", "-r", "requirements.txt", *extra],
        cwd=folder,
        capture_output=True,
        text=True,
    )
    if done.returncode:
        pytest.fail(f"pip install -r requirements.txt failed in the bundle:\n{done.stderr[-3000:]}")
    return python


def kernel_manager(python: Path, where: Path) -> KernelManager:
    """A python3 kernel that runs in the given interpreter (not the repo's)."""
    spec = where / "kernels" / "classroom"
    spec.mkdir(parents=True, exist_ok=True)
    (spec / "kernel.json").write_text(
        json.dumps(
            {
                "argv": [str(python), "-m", "ipykernel_launcher", "-f", "{connection_file}"],
                "display_name": "Python 3 (classroom)",
                "language": "python",
            }
        )
    )
    return KernelManager(kernel_name="classroom", kernel_spec_manager=KernelSpecManager(kernel_dirs=[str(spec.parent)]))


def run_notebook(path: Path, python: Path, *, stops: bool = False, timeout: int = 300):
    """Execute a notebook in its own folder with the given interpreter, as *Run all* does (it
    stops at the first error: with ``stops``, one is expected); return the notebook."""
    nb = nbformat.read(path, as_version=4)
    km = kernel_manager(python, path.parent.parent / f".kernels-{path.parent.name}")
    client = NotebookClient(nb, km=km, timeout=timeout, resources={"metadata": {"path": str(path.parent)}})
    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTHONPATH")}
    if stops:
        with pytest.raises(CellExecutionError):
            client.execute(env=env)
    else:
        client.execute(env=env)
    return nb


@dataclass
class Classroom:
    folder: Path  # the unzipped student bundle
    python: Path  # the fresh venv's interpreter (requirements.txt + JupyterLab + Notebook 7)
    setup_seconds: float  # unzip + venv + pip install


def classroom_setup(where: Path, *, front_ends: bool = True) -> Classroom:
    """Unzip the student bundle into ``where`` and build its venv, as a teacher's laptop would.

    HERSMELL_CLASSROOM_VENV=/path/to/venv (a developer's shortcut, never set in CI) reuses a venv
    made this way before, reinstalling only the bundle's wheel."""
    start = time.perf_counter()
    folder = unzip(ZIPS["student"], where)
    reuse = os.environ.get("HERSMELL_CLASSROOM_VENV")
    if reuse and not os.environ.get("CI"):
        python = Path(reuse) / "bin" / "python"
        wheel = next(folder.glob("hersmell-*.whl"))
        subprocess.run(
            [str(python), "-m", "pip", "install", "-q", "--force-reinstall", "--no-deps", str(wheel)], check=True
        )
    else:
        python = make_venv(folder, where / "venv", pinned(*FRONT_ENDS) if front_ends else [])
    return Classroom(folder, python, time.perf_counter() - start)


@pytest.fixture(scope="session")
def classroom(tmp_path_factory, site) -> Classroom:
    if not ZIPS["student"].exists():
        pytest.fail("no classroom bundle: `make book` builds it into _build/classroom/")
    where = tmp_path_factory.mktemp("classroom")
    assert ROOT not in where.resolve().parents, "the bundle must be tried outside the repository"
    return classroom_setup(where)


@pytest.fixture(scope="session")
def bare_python(classroom, tmp_path_factory) -> Path:
    """A venv like a school hub's: the notebooks' dependencies, but not the guide's package
    (a hard-linked copy of the classroom venv with hersmell uninstalled)."""
    venv = tmp_path_factory.mktemp("bare") / "venv"
    subprocess.run(["cp", "-al", str(classroom.python.parent.parent), str(venv)], check=True)
    python = venv / "bin" / "python"
    subprocess.run([str(python), "-m", "pip", "uninstall", "-q", "-y", "hersmell"], check=True)
    assert subprocess.run([str(python), "-c", "import hersmell"], capture_output=True).returncode != 0
    return python


def copy_folder(src: Path, dst: Path) -> Path:
    shutil.copytree(src, dst)
    return dst
