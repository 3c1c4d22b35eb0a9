"""Downloads: every chapter page offers its notebook as a clean .ipynb."""
from __future__ import annotations

from pathlib import Path


def offer_notebook_download(app, pagename, templatename, context, doctree):
    """Every chapter's download menu offers it as a clean .ipynb (no outputs), made from its
    MyST source with jupytext, so a class can run it top to bottom in any Jupyter."""
    if app.builder.format != "html" or doctree is None:
        return
    source = Path(app.env.doc2path(pagename))
    if source.suffix != ".md" or "kernelspec:" not in source.read_text(encoding="utf-8")[:600]:
        return
    import jupytext  # build-time only

    target = Path(app.outdir, "_sources", pagename).with_suffix(".ipynb")
    target.parent.mkdir(parents=True, exist_ok=True)
    notebook = jupytext.read(source)
    notebook.metadata.pop("jupytext", None)  # a plain notebook, not paired to a .md file
    jupytext.write(notebook, target, fmt="ipynb")
    context["ipynb_source"] = f"{pagename}.ipynb"


def setup(app):
    app.connect("html-page-context", offer_notebook_download, priority=400)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
