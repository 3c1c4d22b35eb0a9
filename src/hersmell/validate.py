"""Command line check run before every build: ``python -m hersmell.validate``.

Exits non-zero, listing file, line and field, when the data package is wrong or a
quotation does not match the interview. Says plainly when the interview text is
absent and the quotation check therefore did not run.
"""

from __future__ import annotations

import sys

from .datapackage import DataError, validate
from .source import check_quotations, interview_path, read_interview


def main() -> int:
    try:
        tables = validate()
    except DataError as exc:
        print(f"DATA ERROR: {exc}", file=sys.stderr)
        return 1
    counts = ", ".join(f"{name} {len(df)}" for name, df in tables.items())
    print(f"data package valid: {counts}")
    text = read_interview()
    if text is None:
        print(
            f"quotation check NOT RUN: interview text not found at {interview_path()} "
            "(set HERSMELL_INTERVIEW to its path to run it)"
        )
        return 0
    problems = check_quotations(tables, text)
    if problems:
        print(DataError(problems), file=sys.stderr)
        return 1
    print(f"quotation check passed: {len(tables['quotations'])} quotations match the interview")
    return 0


if __name__ == "__main__":
    sys.exit(main())
