"""The data package: the real data validates, and every kind of fault stops it with a clear error."""

from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from hersmell import load, validate
from hersmell.datapackage import DataError, data_dir, schema

TABLES = [r["name"] for r in schema()["resources"]]


def test_real_package_validates_with_every_table():
    tables = validate()
    assert sorted(tables) == sorted(TABLES)
    assert all(len(df) > 0 for df in tables.values())


def test_load_returns_copies():
    first = load()
    first["passages"].loc[:, "title"] = "changed"
    assert (load()["passages"]["title"] != "changed").all()


def test_required_minimum_content():
    t = load()
    assert {"performance", "addiction", "persona", "ending"} <= set(t["themes"]["id"])
    assert sorted(t["acts"]["number"]) == [1, 2, 3, 4, 5]
    assert len(t["influences"]) >= 36  # "several dozen"
    assert len(t["glossary"]) >= 15


# ------------------------------------------------------------ fault fixtures
def _copy(tmp_path: Path) -> Path:
    dst = tmp_path / "data"
    shutil.copytree(data_dir(), dst, ignore=shutil.ignore_patterns("__pycache__", "*.py"))
    return dst


def _rows(path: Path) -> list[list[str]]:
    with path.open(newline="", encoding="utf-8") as fh:
        return list(csv.reader(fh))


def _write(path: Path, rows) -> None:
    with path.open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows(rows)


def _set(root: Path, table: str, line: int, field: str, value: str) -> None:
    path = root / f"{table}.csv"
    rows = _rows(path)
    rows[line - 1][rows[0].index(field)] = value
    _write(path, rows)


def _problems(root: Path) -> list[str]:
    with pytest.raises(DataError) as info:
        validate(root)
    return [str(p) for p in info.value.problems]


FAULTS = {
    "wrong type": (
        lambda r: _set(r, "passages", 2, "order", "first"),
        "passages.csv, line 2, field 'order': expected an integer, got 'first'",
    ),
    "value outside its enumeration": (
        lambda r: _set(r, "passages", 3, "speaker", "moss"),
        "passages.csv, line 3, field 'speaker': 'moss' is not one of",
    ),
    "dangling key": (
        lambda r: _set(r, "passage_themes", 2, "theme_id", "no-such-theme"),
        "passage_themes.csv, line 2, field 'theme_id': 'no-such-theme' is not an id in themes.csv",
    ),
    "empty required field": (
        lambda r: _set(r, "themes", 2, "description", " "),
        "themes.csv, line 2, field 'description': is required but empty",
    ),
    "bad id pattern": (
        lambda r: _set(r, "influences", 4, "id", "Not A Slug"),
        "influences.csv, line 4, field 'id': 'Not A Slug' does not match the pattern",
    ),
    "over-long quotation": (
        lambda r: _set(r, "quotations", 2, "text", " ".join(["word"] * 41)),
        "quotations.csv, line 2, field 'text': is 41 words; a quotation may have at most 40",
    ),
}


@pytest.mark.parametrize("fault", FAULTS, ids=list(FAULTS))
def test_each_fault_names_file_line_and_field(tmp_path, fault):
    root = _copy(tmp_path)
    mutate, expected = FAULTS[fault]
    mutate(root)
    problems = _problems(root)
    assert any(p.startswith(expected) for p in problems), problems


def test_duplicate_id(tmp_path):
    root = _copy(tmp_path)
    first = _rows(root / "influences.csv")[1][0]
    _set(root, "influences", 3, "id", first)
    assert f"influences.csv, line 3, field 'id': '{first}' repeats line 2; must be unique" in _problems(root)


def test_duplicate_link_row(tmp_path):
    root = _copy(tmp_path)
    rows = _rows(root / "passage_themes.csv")
    _write(root / "passage_themes.csv", [*rows, rows[1]])
    assert any(
        p.startswith(f"passage_themes.csv, line {len(rows) + 1}, field 'passage_id,theme_id'") for p in _problems(root)
    )


def test_malformed_csv_row_with_missing_cells(tmp_path):
    root = _copy(tmp_path)
    with (root / "glossary.csv").open("a", encoding="utf-8") as fh:
        fh.write("only-one-cell\n")
    n = len(_rows(root / "glossary.csv"))
    problems = _problems(root)
    for field in ("term", "definition"):
        assert (
            f"glossary.csv, line {n}, field '{field}': is missing: the row has fewer cells than the header" in problems
        )


def test_malformed_csv_unclosed_quote(tmp_path):
    root = _copy(tmp_path)
    with (root / "glossary.csv").open("a", encoding="utf-8") as fh:
        fh.write('broken,"never closed,definition\n')
    # the open quote swallows the rest of the file, so the row ends a cell short
    n = len(_rows(root / "glossary.csv"))
    assert (
        f"glossary.csv, line {n}, field 'definition': is missing: the row has fewer cells than the header"
        in _problems(root)
    )


def test_wrong_header(tmp_path):
    root = _copy(tmp_path)
    rows = _rows(root / "acts.csv")
    rows[0][1] = "num"
    _write(root / "acts.csv", rows)
    assert "acts.csv, line 1, field 'number': header is 'num', expected 'number'" in _problems(root)


def _edit_schema(root: Path, change) -> None:
    path = root / "datapackage.json"
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    change({r["name"]: r for r in descriptor["resources"]})
    path.write_text(json.dumps(descriptor, indent=2), encoding="utf-8")


def test_misspelt_constraint_in_the_schema(tmp_path):
    """The descriptor is checked too: a constraint frictionless does not know is an error, not ignored."""
    root = _copy(tmp_path)
    _edit_schema(root, lambda r: r["passages"]["schema"]["fields"][4]["constraints"].update(maxLenght=70))
    problems = _problems(root)
    assert any(
        p.startswith("datapackage.json: ") and 'constraint "maxLenght" is not supported' in p for p in problems
    ), problems


def test_a_new_table_is_checked_like_the_others(tmp_path):
    """Nothing is hand-coded per table: a table added to the descriptor gets the same checks."""
    root = _copy(tmp_path)
    (root / "extras.csv").write_text("id,passage_id,score\ne1,p01,3\ne2,p99,x\n", encoding="utf-8")
    fields = [
        {"name": "id", "type": "string", "constraints": {"required": True, "unique": True}},
        {"name": "passage_id", "type": "string"},
        {"name": "score", "type": "integer"},
    ]
    fk = [{"fields": "passage_id", "reference": {"resource": "passages", "fields": "id"}}]
    descriptor = json.loads((root / "datapackage.json").read_text(encoding="utf-8"))
    descriptor["resources"].append(
        {
            "name": "extras",
            "path": "extras.csv",
            "format": "csv",
            "schema": {"fields": fields, "primaryKey": ["id"], "foreignKeys": fk},
        }
    )
    (root / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    problems = _problems(root)
    assert "extras.csv, line 3, field 'score': expected an integer, got 'x'" in problems
    (root / "extras.csv").write_text("id,passage_id,score\ne1,p01,3\ne2,p99,4\n", encoding="utf-8")
    assert "extras.csv, line 3, field 'passage_id': 'p99' is not an id in passages.csv" in _problems(root)
    (root / "extras.csv").write_text("id,passage_id,score\ne1,p01,3\ne2,p02,\n", encoding="utf-8")
    extras = validate(root)["extras"]
    assert list(extras["score"]) == [3, pd.NA] and str(extras["score"].dtype) == "Int64"


@pytest.mark.parametrize("name", ["people.csv", "passage_people.csv"])
def test_missing_file(tmp_path, name):
    root = _copy(tmp_path)
    (root / name).unlink()
    problems = _problems(root)
    assert f"{name}: file is missing" in problems
    assert all(p.endswith("file is missing") for p in problems) and len(problems) == 1, problems


def test_passage_without_theme(tmp_path):
    root = _copy(tmp_path)
    rows = _rows(root / "passage_themes.csv")
    _write(root / "passage_themes.csv", [r for r in rows if r[0] != "p05"])
    assert "passages.csv, line 6, field 'id': 'p05' has no theme in passage_themes.csv" in _problems(root)


def test_influence_mentioned_by_no_passage(tmp_path):
    root = _copy(tmp_path)
    rows = _rows(root / "passage_influences.csv")
    _write(root / "passage_influences.csv", [r for r in rows if r[1] != "showgirls"])
    assert any("'showgirls' is mentioned by no passage" in p for p in _problems(root))


def test_theme_without_passages(tmp_path):
    root = _copy(tmp_path)
    rows = _rows(root / "passage_themes.csv")
    _write(root / "passage_themes.csv", [r for r in rows if r[1] != "intelligence"])
    assert any("'intelligence' has no passage in passage_themes.csv" in p for p in _problems(root))


def test_all_problems_are_reported_together(tmp_path):
    root = _copy(tmp_path)
    _set(root, "passages", 2, "order", "x")
    _set(root, "themes", 3, "title", "")
    problems = _problems(root)
    assert any("passages.csv, line 2" in p for p in problems)
    assert any("themes.csv, line 3" in p for p in problems)


def test_bad_data_stops_the_pre_build_check(tmp_path):
    """`make book` runs this check before building: a fault exits non-zero naming the place."""
    root = _copy(tmp_path)
    _set(root, "passage_acts", 2, "act_id", "act9")
    env = {**os.environ, "HERSMELL_DATA": str(root)}
    result = subprocess.run([sys.executable, "-m", "hersmell.validate"], capture_output=True, text=True, env=env)
    assert result.returncode == 1
    assert "passage_acts.csv, line 2, field 'act_id': 'act9' is not an id in acts.csv" in result.stderr
