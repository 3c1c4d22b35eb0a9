"""Widgets that render three ways: live in a kernel, static in the browser, as tables in print."""
from .picker import TablePicker

__all__ = ["TablePicker"]
