"""What an exported notebook's first cell asks of the package once it is importable.

:func:`prepare` points the links in the package's Markdown outputs at the notebooks beside this
one (see :mod:`hersmell.links`) and, in Colab, turns on the widget manager that shows
third-party widgets such as the guide's explorer (Colab's own switch; elsewhere nothing to do).
"""

from __future__ import annotations

import sys

from . import links


def prepare(pages: dict[str, str]) -> None:
    links.to_notebooks(pages)
    if "google.colab" in sys.modules:  # pragma: no cover - Colab cannot be reached from the tests
        from google.colab import output

        output.enable_custom_widget_manager()
