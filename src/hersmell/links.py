"""Where the links in the package's Markdown outputs point (quotations, tables, act cards).

In the book, an output's ``#passage-p22`` is a cross-reference that MyST resolves to the
passage's card on the interview page. A notebook run in Jupyter has no such resolver, so the
exported notebooks' first cell calls :func:`to_notebooks`, and the same anchor then opens the
notebook that holds it (``02-interview.ipynb#passage-p22``), beside it in the classroom bundle.
"""

from __future__ import annotations

_pages: dict[str, str] = {}  # anchor prefix ("passage") -> notebook or page holding those anchors


def to_notebooks(pages: dict[str, str]) -> None:
    """Point anchors with these prefixes at the notebooks (or page URLs) that hold them."""
    _pages.clear()
    _pages.update(pages)


def href(anchor: str) -> str:
    """The link target for an anchor such as ``passage-p22``: ``#passage-p22`` in the book."""
    page = _pages.get(anchor.split("-", 1)[0], "")
    return f"{page}#{anchor}"
