"""Load the guide's data package (data/*.csv + datapackage.json) and validate it.

Every problem is reported as ``file, line, field: message`` and all problems are
collected before raising, so one run shows everything that is wrong. Nothing is
dropped: a row either validates or the load fails.
"""
from __future__ import annotations

import csv
import json
import os
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

import pandas as pd

MAX_QUOTE_WORDS = 40


@dataclass(frozen=True)
class Problem:
    file: str
    line: int | None  # line in the CSV file (header is line 1); None for table-level rules
    field: str | None
    message: str

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f", line {self.line}"
        if self.field:
            where += f", field '{self.field}'"
        return f"{where}: {self.message}"


class DataError(ValueError):
    """Raised when the data package does not validate; lists every problem."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        lines = "\n".join(f"  - {p}" for p in problems)
        super().__init__(f"{len(problems)} problem(s) in the data package:\n{lines}")


def data_dir() -> Path:
    """The folder holding datapackage.json: $HERSMELL_DATA if set, else the package's own.

    In the repo (editable install) the package's own is data/; in an installed copy it
    ships inside the package, so a notebook finds it from any folder.
    """
    override = os.environ.get("HERSMELL_DATA")
    return Path(override) if override else Path(str(resources.files("hersmell.dataset")))


def words(text: str) -> list[str]:
    return re.findall(r"[A-Za-z0-9\u00C0-\u024F]+(?:['\u2019][A-Za-z]+)*", text)


# ---------------------------------------------------------------- field types
def _convert(value: str, field: dict):
    """Return (python value, error message or None) for one non-empty cell."""
    kind = field.get("type", "string")
    if kind == "string":
        return value, None
    if kind == "integer":
        if re.fullmatch(r"-?\d+", value.strip()):
            return int(value), None
        return None, f"expected an integer, got {value!r}"
    if kind == "number":
        try:
            return float(value), None
        except ValueError:
            return None, f"expected a number, got {value!r}"
    if kind == "boolean":
        low = value.strip().lower()
        if low in ("true", "false"):
            return low == "true", None
        return None, f"expected true or false, got {value!r}"
    return None, f"schema uses unsupported type {kind!r}"


def _check_constraints(value, raw: str, field: dict) -> str | None:
    c = field.get("constraints", {})
    if "enum" in c and value not in c["enum"]:
        return f"{raw!r} is not one of {', '.join(c['enum'])}"
    if "pattern" in c and not re.fullmatch(c["pattern"], raw):
        return f"{raw!r} does not match the pattern {c['pattern']}"
    if "minLength" in c and len(raw) < c["minLength"]:
        return f"is {len(raw)} characters, shorter than the minimum {c['minLength']}"
    if "maxLength" in c and len(raw) > c["maxLength"]:
        return f"is {len(raw)} characters, longer than the maximum {c['maxLength']}"
    if "minimum" in c and value < c["minimum"]:
        return f"{value} is below the minimum {c['minimum']}"
    if "maximum" in c and value > c["maximum"]:
        return f"{value} is above the maximum {c['maximum']}"
    return None


def _read_table(path: Path, resource: dict, problems: list[Problem]):
    """Read one CSV as typed records with their line numbers; log problems."""
    name = path.name
    fields = resource["schema"]["fields"]
    names = [f["name"] for f in fields]
    if not path.exists():
        problems.append(Problem(name, None, None, "file is missing"))
        return []
    rows, lines = [], []
    with path.open(newline="", encoding="utf-8") as fh:
        reader = csv.reader(fh, strict=True)
        try:
            for row in reader:
                rows.append(row)
                lines.append(reader.line_num)
        except csv.Error as exc:
            problems.append(Problem(name, reader.line_num, None, f"is not well-formed CSV ({exc})"))
            return []
        except UnicodeDecodeError as exc:
            problems.append(Problem(name, None, None, f"is not UTF-8 text ({exc})"))
            return []
    if not rows:
        problems.append(Problem(name, 1, None, "file is empty; expected a header row"))
        return []
    if rows[0] != names:
        problems.append(Problem(name, 1, None, f"header is {rows[0]}, expected {names}"))
        return []
    records = []
    seen: dict[str, dict] = {f["name"]: {} for f in fields if f.get("constraints", {}).get("unique")}
    for lineno, row in zip(lines[1:], rows[1:]):
        if len(row) != len(names):
            problems.append(Problem(name, lineno, None, f"has {len(row)} cells, expected {len(names)}"))
            continue
        record, ok = {}, True
        for field, raw in zip(fields, row):
            fname = field["name"]
            if raw.strip() == "":
                if field.get("constraints", {}).get("required"):
                    problems.append(Problem(name, lineno, fname, "is required but empty"))
                    ok = False
                record[fname] = None
                continue
            value, err = _convert(raw, field)
            err = err or _check_constraints(value, raw, field)
            if err:
                problems.append(Problem(name, lineno, fname, err))
                ok = False
                continue
            if fname in seen:
                if value in seen[fname]:
                    problems.append(Problem(name, lineno, fname,
                                            f"{raw!r} repeats line {seen[fname][value]}; must be unique"))
                    ok = False
                seen[fname].setdefault(value, lineno)
            record[fname] = value
        if ok:
            records.append((lineno, record))
    return records


def _check_keys(tables: dict, package: dict, problems: list[Problem]) -> None:
    by_name = {r["name"]: r for r in package["resources"]}
    for name, resource in by_name.items():
        schema = resource["schema"]
        pk = schema.get("primaryKey", [])
        if len(pk) > 1:  # single-field keys are checked as unique fields
            seen = {}
            for lineno, rec in tables[name]:
                key = tuple(rec[k] for k in pk)
                if key in seen:
                    problems.append(Problem(resource["path"], lineno, ",".join(pk),
                                            f"{key} repeats line {seen[key]}; the primary key must be unique"))
                seen.setdefault(key, lineno)
        for fk in schema.get("foreignKeys", []):
            target = by_name[fk["reference"]["resource"]]
            tfield = fk["reference"]["fields"]
            valid = {rec[tfield] for _, rec in tables[target["name"]]}
            for lineno, rec in tables[name]:
                value = rec[fk["fields"]]
                if value is not None and value not in valid:
                    problems.append(Problem(resource["path"], lineno, fk["fields"],
                                            f"{value!r} is not an id in {target['path']}"))


def _check_coverage(tables: dict, problems: list[Problem]) -> None:
    """Rules that tie the map together: nothing unlinked, nothing orphaned."""
    def ids(name):
        return [(ln, r["id"]) for ln, r in tables[name]]

    def linked(name, col):
        return {r[col] for _, r in tables[name]}

    rules = [
        ("passages", "passage_themes", "passage_id", "has no theme in passage_themes.csv"),
        ("influences", "passage_influences", "influence_id", "is mentioned by no passage in passage_influences.csv"),
        ("influences", "influence_themes", "influence_id", "has no theme in influence_themes.csv"),
        ("themes", "passage_themes", "theme_id", "has no passage in passage_themes.csv"),
        ("passages", "quotations", "passage_id", "has no quotation in quotations.csv"),
    ]
    for table, link, col, message in rules:
        have = linked(link, col)
        for lineno, ident in ids(table):
            if ident not in have:
                problems.append(Problem(f"{table}.csv", lineno, "id", f"{ident!r} {message}"))
    for lineno, rec in tables["quotations"]:
        n = len(words(rec["text"]))
        if n > MAX_QUOTE_WORDS:
            problems.append(Problem("quotations.csv", lineno, "text",
                                    f"is {n} words; a quotation may have at most {MAX_QUOTE_WORDS}"))
    orders = sorted(r["order"] for _, r in tables["passages"])
    if orders != list(range(1, len(orders) + 1)):
        problems.append(Problem("passages.csv", None, "order", "orders must run 1, 2, 3 ... without gaps"))


def _frame(records, resource) -> pd.DataFrame:
    cols = [f["name"] for f in resource["schema"]["fields"]]
    df = pd.DataFrame([r for _, r in records], columns=cols)
    for f in resource["schema"]["fields"]:
        if f["type"] == "integer":
            df[f["name"]] = df[f["name"]].astype("Int64")
        elif f["type"] == "boolean":
            df[f["name"]] = df[f["name"]].astype(bool)
        else:
            df[f["name"]] = df[f["name"]].astype("string")
    return df


def validate(root: Path | str | None = None) -> dict[str, pd.DataFrame]:
    """Validate the package at ``root`` (default: the guide's own) and return its tables.

    Raises DataError listing every problem found.
    """
    root = Path(root) if root else data_dir()
    try:
        package = json.loads((root / "datapackage.json").read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise DataError([Problem("datapackage.json", None, None, f"cannot be read ({exc})")]) from exc
    problems: list[Problem] = []
    tables = {r["name"]: _read_table(root / r["path"], r, problems) for r in package["resources"]}
    if not problems:  # key and coverage checks only make sense on well-typed tables
        _check_keys(tables, package, problems)
        _check_coverage(tables, problems)
    if problems:
        raise DataError(problems)
    frames = {r["name"]: _frame(tables[r["name"]], r) for r in package["resources"]}
    from .quiz_rules import check_questions  # the self-check questions' own rules (quiz_rules.py)
    if quiz_problems := check_questions(frames):
        raise DataError(quiz_problems)
    return frames


@lru_cache(maxsize=1)
def _cached() -> dict[str, pd.DataFrame]:
    return validate()


def load() -> dict[str, pd.DataFrame]:
    """The guide's tables as DataFrames keyed by table name (validated once per process).

    Each call returns fresh copies, so a notebook can change its frames freely.
    """
    return {name: df.copy() for name, df in _cached().items()}


def schema() -> dict:
    """The parsed datapackage.json."""
    return json.loads((data_dir() / "datapackage.json").read_text(encoding="utf-8"))
