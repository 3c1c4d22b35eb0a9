"""The edit loop's guarantee inside Sphinx: a page that only *links* to a changed page is
written again, so its references are checked again and no warning is hidden.

Sphinx re-reads only the pages whose source changed. References are resolved when a page is
written, so a page that links to a label another page just renamed or removed would keep its
old HTML, and its broken reference would go unreported. When the re-read pages add, remove or
move a reference target (a label, a glossary term, a citation, a page title), every page is
written again (not re-read: that is cheap, and nothing is executed). When they do not, only the
changed pages are written. `make book` does the rest: a build that warns discards the saved
environment, so the next build re-reads every page (see the Makefile).

It also keeps the build that changed nothing quick: Sphinx numbers every figure again on every
build, which unpickles every saved page (about 0.5 s for this book, the largest part of a
no-change build after start-up). When no page was read or removed the numbers cannot have
changed, so last build's numbers, saved with the environment, are kept (`FigureNumbers`).
"""

from __future__ import annotations

from sphinx.environment.collectors.toctree import TocTreeCollector

from .sphinx_meta import extension_metadata


def reference_targets(env) -> frozenset:
    """Everything a reference on another page can point to, and the page it lives in."""
    targets = set()
    for domain, data in env.domaindata.items():
        for kind in ("labels", "anonlabels", "objects", "citations", "terms"):
            value = data.get(kind) if isinstance(data, dict) else None
            if isinstance(value, dict):
                targets.update((domain, kind, repr(k), repr(v)) for k, v in value.items())
    targets.update(("title", docname, title.astext(), "") for docname, title in env.titles.items())
    return frozenset(targets)


def before_read(app, env, docnames):
    env.hersmell_targets_before = reference_targets(env) if docnames else None


def rewrite_linking_pages(app, env):
    before = getattr(env, "hersmell_targets_before", None)
    env.hersmell_targets_before = None
    if before is None or before == reference_targets(env):
        return []
    return sorted(env.found_docs)


class FigureNumbers:
    """Sphinx's own section and figure numbering, with the figure walk skipped when no page
    was read or removed in this build. Section numbers come from the saved tables of contents
    (cheap) and are always assigned again."""

    def __init__(self, app):
        listener = next(
            (
                each
                for each in app.events.listeners["env-get-updated"]
                if isinstance(getattr(each.handler, "__self__", None), TocTreeCollector)
            ),
            None,
        )
        if listener is None:  # a Sphinx that numbers differently: leave its numbering alone
            return
        self.collector = listener.handler.__self__
        app.disconnect(listener.id)
        app.connect("env-get-updated", self.updated_docs, priority=listener.priority)
        app.connect("env-purge-doc", self.page_changed)
        app.connect("env-before-read-docs", self.pages_read)
        self.changed = False

    def page_changed(self, app, env, docname):
        self.changed = True

    def pages_read(self, app, env, docnames):
        self.changed = self.changed or bool(docnames)

    def updated_docs(self, app, env):
        if self.changed:
            return self.collector.get_updated_docs(app, env)
        return self.collector.assign_section_numbers(env)


def setup(app):
    app.connect("env-before-read-docs", before_read)
    app.connect("env-get-updated", rewrite_linking_pages)
    FigureNumbers(app)
    return extension_metadata()
