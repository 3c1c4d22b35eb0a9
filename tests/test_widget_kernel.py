"""The TablePicker's Python logic, run in a live kernel with nbclient."""

import json

from conftest import run_cells, stdout_of

SETUP = """
import json, pandas as pd
from hersmell.widgets import TablePicker
df = pd.DataFrame({"k": ["a", "b", "a", "c"], "n": ["1", "2", "3", "4"]})
w = TablePicker(df, key="k", label="Key")
"""


def test_selection_changes_the_rows_in_a_kernel():
    outputs = run_cells(
        SETUP,
        'print(json.dumps(w.selected["n"].tolist()))',
        'w.value = "b"; print(json.dumps(w.selected["n"].tolist()))',
        'w.value = "c"; print(json.dumps(w.selected["n"].tolist()))',
    )
    shown = [json.loads(stdout_of(o)) for o in outputs[1:]]
    assert shown == [["1", "3"], ["2"], ["4"]]


def test_unknown_choice_is_refused_in_a_kernel():
    outputs = run_cells(
        SETUP,
        """
try:
    w.value = "zzz"
except Exception as exc:
    print(type(exc).__name__, w.value)
""",
    )
    assert stdout_of(outputs[1]).strip() == "TraitError a"


def test_widget_offers_all_three_renderings():
    outputs = run_cells(SETUP, "w")
    data = outputs[1][0]["data"]
    assert "application/vnd.jupyter.widget-view+json" in data
    assert "hsWidget.render(" in data["text/html"] and "<script" in data["text/html"]
    assert data["text/markdown"].splitlines()[0] == "| K | N |"  # headers as readers see them (labels.column_label)
