"""Study-guide toolkit for HuffPost's 2019 interview with Alex Ross Perry on *Her Smell*.

>>> from hersmell import load, views
>>> tables = load()                 # validated DataFrames, keyed by table name
>>> views.passages_for_theme("ending", tables)
"""

from importlib import import_module

from .datapackage import DataError, load, schema, validate

__all__ = ["DataError", "load", "schema", "validate", "views"]


def __getattr__(name: str):
    # views needs pandas (0.4 s to import): loaded on first use, so the book's Sphinx extensions,
    # which live in this package, start without it when a build has no page to read
    if name == "views":
        return import_module(f"{__name__}.views")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})  # tab completion in a notebook still offers them
