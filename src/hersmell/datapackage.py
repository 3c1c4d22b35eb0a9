"""Load the guide's data package (data/*.csv + datapackage.json) and validate it.

``validate()`` is the gate that ``make validate`` runs before every build, and the tests too:
frictionless checks the descriptor itself (a misspelt constraint is an error), then every
table against its schema: types, constraints, header, primary and foreign keys. One thin layer
adds the rules that are ours (``OUR_RULES``: nothing unlinked, short quotations, passages in
order). Every problem is reported as ``file, line, field: message``, all of them at once.

``load()`` reads the same files into typed DataFrames without frictionless (a chapter's kernel
should not pay for it); if a file does not even read, it raises the full report instead.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from .quiz_rules import check_questions

if TYPE_CHECKING:  # pandas is imported where frames are made: a build with nothing to read skips it
    import pandas as pd

MAX_QUOTE_WORDS = 40


@dataclass(frozen=True)
class Problem:
    file: str
    line: int | None  # row in the CSV file, the header being 1 (its line, unless a cell spans lines)
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


def _read_descriptor(root: Path) -> dict:
    try:
        return json.loads((root / "datapackage.json").read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise DataError([Problem("datapackage.json", None, None, f"cannot be read ({exc})")]) from exc


# ---------------------------------------------------------------- frictionless, in our words
CONSTRAINT_SAYS = {
    "required": "is required but empty",
    "enum": "{cell!r} is not one of {limit}",
    "pattern": "{cell!r} does not match the pattern {limit}",
    "minLength": "is {n} characters, shorter than the minimum {limit}",
    "maxLength": "is {n} characters, longer than the maximum {limit}",
    "minimum": "{cell} is below the minimum {limit}",
    "maximum": "{cell} is above the maximum {limit}",
}


def _says(error, field: dict, paths: dict[str, str]) -> str:
    """One frictionless error as a plain sentence (its own message where we have no better)."""
    kind, note = error.type, error.note or ""
    cell = getattr(error, "cell", "")
    rules = field.get("constraints", {})
    if kind == "type-error":
        article = "an" if field.get("type", "")[:1] in "aeiou" else "a"
        return f"expected {article} {field.get('type')}, got {cell!r}"
    if kind == "constraint-error":
        rule = re.match(r'constraint "(\w+)"', note)
        rule = rule.group(1) if rule else ""
        limit = rules.get(rule)
        if rule == "enum":
            limit = ", ".join(map(str, limit))
        return CONSTRAINT_SAYS.get(rule, error.message).format(cell=cell, n=len(cell), limit=limit)
    first = re.search(r"row at position (\d+)", note)
    if kind == "unique-error" and first:
        return f"{cell!r} repeats line {first.group(1)}; must be unique"
    if kind == "primary-key" and first:
        return f"repeats line {first.group(1)}; the primary key must be unique"
    if kind == "foreign-key":
        values = ", ".join(repr(v) for v in error.field_cells)
        return f"{values} is not an id in {paths.get(error.reference_name, error.reference_name)}"
    if kind == "missing-cell":
        return "is missing: the row has fewer cells than the header"
    if kind == "extra-cell":
        return "is an extra cell: the row has more cells than the header"
    if kind.endswith("-label"):
        return f"header is {getattr(error, 'label', '')!r}, expected {getattr(error, 'field_name', '')!r}"
    if kind == "scheme-error" and "No such file" in note:
        return "file is missing"
    return error.message


def _rank(error) -> int:
    """One problem per place: a missing cell says more than "required", which says more than the rest."""
    if error.type in ("missing-cell", "unique-error"):
        return 0
    return 1 if 'constraint "required"' in (error.note or "") else 2


def _schema_problems(root: Path, descriptor: dict) -> list[Problem]:
    """frictionless's report on the descriptor and every table, as Problems (one per place)."""
    from frictionless import Check, Checklist, FrictionlessException, Package, errors

    class blank_required(Check):
        """A required cell of white space only is empty (frictionless counts only '' as missing)."""

        type = "blank-required"
        Errors = [errors.ConstraintError]

        def validate_row(self, row):
            for field in self.resource.schema.fields:
                value = row[field.name]
                if field.required and isinstance(value, str) and not value.strip():
                    yield errors.ConstraintError.from_row(row, note='constraint "required"', field_name=field.name)

    try:
        package = Package(str(root / "datapackage.json"))
    except FrictionlessException as exc:  # the descriptor itself: bad property, misspelt constraint
        return [Problem("datapackage.json", None, None, e.note or e.message) for e in exc.reasons or [exc.error]]
    report = package.validate(Checklist(checks=[blank_required()]))
    specs = {r["name"]: r for r in descriptor["resources"]}
    paths = {name: r["path"] for name, r in specs.items()}
    found: dict[tuple, tuple[int, Problem]] = {}
    for task in report.tasks:
        spec = specs.get(task.name, {})
        fields = {f["name"]: f for f in spec.get("schema", {}).get("fields", [])}
        for error in task.errors:
            name = getattr(error, "field_name", None) or None
            line = getattr(error, "row_number", None)
            if error.type == "primary-key":
                name = ",".join(spec["schema"]["primaryKey"])
            elif error.type == "foreign-key":
                name = ",".join(error.field_names)
            elif error.type.endswith("-label"):
                line = 1
            file = paths.get(task.name, task.name)
            named = re.search(r"'([^']+)'", error.note or "") if error.type == "scheme-error" else None
            if named:  # a missing file, perhaps another table's (a lookup table): reported under its own name
                file = next((p for p in paths.values() if Path(named.group(1)).match(p)), file)
            problem = Problem(file, line, name, _says(error, fields.get(name or "", {}), paths))
            rank, key = _rank(error), (problem.file, problem.line, problem.field)
            if key not in found or rank < found[key][0]:
                found[key] = (rank, problem)
    for error in report.errors:
        found[("datapackage.json", None, error.message)] = (2, Problem("datapackage.json", None, None, error.message))
    return [problem for _, problem in found.values()]


# ---------------------------------------------------------------- our rules
# (table, link table, column): every row of the table is linked there
COVERAGE = [
    ("passages", "passage_themes", "passage_id", "has no theme in passage_themes.csv"),
    ("influences", "passage_influences", "influence_id", "is mentioned by no passage in passage_influences.csv"),
    ("influences", "influence_themes", "influence_id", "has no theme in influence_themes.csv"),
    ("themes", "passage_themes", "theme_id", "has no passage in passage_themes.csv"),
    ("passages", "quotations", "passage_id", "has no quotation in quotations.csv"),
]


def _our_rules(tables: dict[str, pd.DataFrame]) -> list[Problem]:
    """Rules that tie the map together: nothing unlinked, short quotations, passages in order."""
    problems = []
    for table, link, col, message in COVERAGE:
        have = set(tables[link][col])
        for i, ident in enumerate(tables[table]["id"], start=2):
            if ident not in have:
                problems.append(Problem(f"{table}.csv", i, "id", f"{ident!r} {message}"))
    for i, text in enumerate(tables["quotations"]["text"], start=2):
        n = len(words(text))
        if n > MAX_QUOTE_WORDS:
            problems.append(
                Problem("quotations.csv", i, "text", f"is {n} words; a quotation may have at most {MAX_QUOTE_WORDS}")
            )
    if sorted(tables["passages"]["order"]) != list(range(1, len(tables["passages"]) + 1)):
        problems.append(Problem("passages.csv", None, "order", "orders must run 1, 2, 3 ... without gaps"))
    return problems


# ---------------------------------------------------------------- typed frames
def _frame(path: Path, fields: list[dict]) -> pd.DataFrame:
    """One CSV as a DataFrame typed by its schema: Int64, bool, or string (a blank cell is <NA>)."""
    import pandas as pd

    raw = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    df = raw[[f["name"] for f in fields]].copy()
    for f in fields:
        col = df[f["name"]].where(df[f["name"]].str.strip() != "", None)
        if f["type"] == "integer":
            df[f["name"]] = pd.to_numeric(col, errors="raise").astype("Int64")
        elif f["type"] == "boolean":
            flags = col.fillna("false").str.lower().map({"true": True, "false": False})
            if flags.isna().any():
                raise ValueError(f"{path.name}: {f['name']} holds a value that is neither true nor false")
            df[f["name"]] = flags.astype(bool)
        else:
            df[f["name"]] = col.astype("string")
    return df


def _frames(root: Path, descriptor: dict) -> dict[str, pd.DataFrame]:
    return {r["name"]: _frame(root / r["path"], r["schema"]["fields"]) for r in descriptor["resources"]}


def validate(root: Path | str | None = None) -> dict[str, pd.DataFrame]:
    """Validate the package at ``root`` (default: the guide's own) and return its tables.

    Raises DataError listing every problem found.
    """
    root = Path(root) if root else data_dir()
    descriptor = _read_descriptor(root)
    problems = _schema_problems(root, descriptor)
    if problems:  # our rules read well-typed tables only
        raise DataError(problems)
    tables = _frames(root, descriptor)
    problems = [*_our_rules(tables), *check_questions(tables)]  # quiz_rules: the questions' own rules
    if problems:
        raise DataError(problems)
    return tables


@lru_cache(maxsize=1)
def _cached() -> dict[str, pd.DataFrame]:
    root = data_dir()
    try:
        return _frames(root, _read_descriptor(root))
    except (KeyError, ValueError, TypeError, OSError):
        validate(root)  # raises DataError naming every file, line and field at fault
        raise


def load() -> dict[str, pd.DataFrame]:
    """The guide's tables as DataFrames keyed by table name (read once per process).

    ``make validate`` (run before every build) has checked them. Each call returns fresh
    copies, so a notebook can change its frames freely.
    """
    return {name: df.copy() for name, df in _cached().items()}


def schema() -> dict:
    """The parsed datapackage.json."""
    return json.loads((data_dir() / "datapackage.json").read_text(encoding="utf-8"))
