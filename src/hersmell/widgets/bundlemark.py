"""The mark that opens a widget's bundle inside its ``text/html``: ``threeway`` writes it, and
the book's build (``hersmell.lightpages``) finds each bundle by it. It has a module of its own
so that the build can read it without importing the widget libraries."""

BUNDLE_MARK = "/*hs-bundle:"
