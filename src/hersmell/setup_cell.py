"""The first cell of every exported notebook: it sets the guide's package up, then imports.

In the book that cell is the chapter's own import cell, hidden (``remove-cell``). In a
downloaded or bundled notebook it is this short, commented stanza followed by those imports,
so a student's *Run all* works on a hub, in Colab or on a laptop:

1. ``hersmell`` installed already: nothing to do;
2. else a ``hersmell-*.whl`` beside the notebook (the classroom bundle): pip installs it;
3. else, when the book's public address is configured, pip installs the wheel from the site;
4. else the cell stops with a two-line message naming both ways, and no traceback.

The stanza cannot import anything from ``hersmell`` (it is what is missing), so it is plain
Python with two values filled in by :func:`setup_source`. Its text is tested on its own in
tests/test_bundle.py, in a venv without the package.
"""

from __future__ import annotations

#: Filled in by setup_source(): the wheel's address on the book's site ("" when none is configured).
TEMPLATE = """\
# Set-up: run this cell first. It loads the guide's package, hersmell, which carries the data.
# If this Jupyter does not have it yet, the cell installs it: from the wheel beside this
# notebook (hersmell-*.whl, in the classroom bundle), or else from the guide's website.
try:
    import hersmell
except ModuleNotFoundError:
    import glob, importlib, site, subprocess, sys

    class SetupStopped(Exception):  # shows its message only, not a traceback
        def _render_traceback_(self):
            return str(self).splitlines()

    wheel = (sorted(glob.glob("hersmell-*.whl")) or [{site_wheel!r}])[-1]
    if not wheel:
        raise SetupStopped({missing!r}) from None
    pip = subprocess.run([sys.executable, "-m", "pip", "install", "-q", wheel], capture_output=True, text=True)
    if pip.returncode:
        raise SetupStopped({failed!r}.format(wheel, (pip.stderr.strip().splitlines() or ["?"])[-1])) from None
    importlib.invalidate_caches()
    site.addsitedir(site.getusersitepackages())  # where pip puts it when the Python is shared
    import hersmell
"""

MISSING = (
    "The guide's package, hersmell, is not installed, and no hersmell-*.whl is beside this notebook.\n"
    "Put this notebook in the unzipped classroom bundle (it holds the wheel), or pip install the "
    "wheel from the guide's website."
)

FAILED = (
    "Could not install the guide's package from {}: {}\n"
    "Run `pip install -r requirements.txt` in the classroom bundle's folder (it needs PyPI, "
    "or the packages already installed), then run this cell again."
)


def site_wheel_url(baseurl: str, wheel_name: str) -> str:
    """The wheel's address on the published site, or "" while the book has no public address."""
    return f"{baseurl.rstrip('/')}/classroom/{wheel_name}" if baseurl else ""


def setup_source(imports: str, *, baseurl: str = "", wheel_name: str = "") -> str:
    """The exported first cell: the set-up stanza, then the chapter's own imports."""
    stanza = TEMPLATE.format(site_wheel=site_wheel_url(baseurl, wheel_name), missing=MISSING, failed=FAILED)
    return stanza + "\n# The chapter's own imports\n" + imports.strip() + "\n"
