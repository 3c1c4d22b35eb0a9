"""Check one chapter before a full build: structure, references, copying, and that it runs.

.venv/bin/python scripts/check_chapter.py chapters/05-performance.md performance
.venv/bin/python scripts/check_chapter.py chapters/14-in-class.md          # no theme: references + run
"""

from __future__ import annotations

import re
import sys
import tempfile
from pathlib import Path

import jupytext
from nbclient import NotebookClient

from hersmell import load
from hersmell.chapter_lint import lint_references, lint_theme_chapter
from hersmell.source import copied_runs, read_interview

ANSI = re.compile(r"\x1b\[[0-9;]*m")  # colour codes in tracebacks


def main(path: str, theme: str | None = None) -> int:
    chapter = Path(path)
    tables = load()
    problems = lint_theme_chapter(chapter, theme, tables) if theme else lint_references(chapter.read_text(), tables)
    text = read_interview()
    if text is not None:
        body = text.split("\n\n", 1)[1]
        problems += [f"copied from the interview: '{run}'" for run in copied_runs(chapter.read_text(), body)]
    nb = jupytext.read(chapter)
    with tempfile.TemporaryDirectory() as tmp:  # runs from elsewhere, like a downloaded notebook
        try:
            NotebookClient(nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": tmp}}).execute()
        except Exception as exc:  # report, do not crash: the point is the list
            plain = ANSI.sub("", str(exc))
            problems.append(f"a cell failed: {plain[-800:]}")
    for p in problems:
        print(f"- {p}")
    print(f"{chapter}: {'OK' if not problems else f'{len(problems)} problem(s)'}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
