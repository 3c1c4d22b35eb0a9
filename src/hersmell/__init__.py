"""Study-guide toolkit for HuffPost's 2019 interview with Alex Ross Perry on *Her Smell*.

>>> from hersmell import load, views
>>> tables = load()                 # validated DataFrames, keyed by table name
>>> views.passages_for_theme("ending", tables)
"""

from . import views
from .datapackage import DataError, load, schema, validate

__all__ = ["DataError", "load", "schema", "validate", "views"]
