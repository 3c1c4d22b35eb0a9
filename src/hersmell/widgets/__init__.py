"""Widgets that render three ways: live in a kernel, static in the browser, as tables in print."""

from .explorer import InfluenceExplorer
from .picker import TablePicker
from .quiz import Quiz

__all__ = ["InfluenceExplorer", "Quiz", "TablePicker"]
