"""The interview text (kept outside the repo) and the checks that tie our data to it.

The article belongs to its publisher, so the repo never holds it. Development and CI
have it at ``../shared/interview/`` beside the repo; a reader's machine does not, and
everything here says so plainly instead of failing.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from .datapackage import Problem, words

MAX_QUOTE_SHARE = 0.15  # all quotations together, as a share of the interview's words
COPY_RUN = 10  # a run of this many words shared with the interview counts as copying

_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"
_FOOTER = "This interview has been edited and condensed."


def interview_path() -> Path:
    """Where the interview text is expected: $HERSMELL_INTERVIEW, else ../shared beside the repo."""
    env = os.environ.get("HERSMELL_INTERVIEW")
    if env:
        return Path(env)
    repo = Path(__file__).resolve().parents[2]
    return repo.parent / "shared" / "interview" / "her-smell-interview.txt"


def read_interview() -> str | None:
    path = interview_path()
    return path.read_text(encoding="utf-8") if path.exists() else None


def normalise(text: str) -> str:
    """Fold curly quotes, dashes and white space so only the words themselves are compared."""
    text = text.replace("\u2018", "'").replace("\u2019", "'").replace("\u201c", '"').replace("\u201d", '"')
    text = re.sub(f"[{_DASHES}]", "-", text)
    return re.sub(r"\s+", " ", text).strip()


def passage_paragraphs(text: str) -> list[str]:
    """The interview's paragraphs that the passages table maps, in order.

    Drops the headline and standfirst (the first two blocks), photo captions (blocks
    crediting the distributor) and everything from the closing editor's note on.
    """
    blocks = [b.strip() for b in text.split("\n\n") if b.strip()]
    end = next(i for i, b in enumerate(blocks) if b.startswith(_FOOTER))
    return [b for b in blocks[2:end] if "Gunpowder & Sky" not in b]


def check_quotations(tables, text: str) -> list[Problem]:
    """Each quotation lies inside its own passage; all together stay within the budget."""
    problems = []
    paras = [normalise(p) for p in passage_paragraphs(text)]
    passages = tables["passages"].set_index("id")
    if len(paras) != len(passages):
        problems.append(
            Problem("passages.csv", None, None, f"has {len(passages)} rows but the interview has {len(paras)} passages")
        )
        return problems
    total = 0
    for i, row in enumerate(tables["quotations"].itertuples(index=False), start=2):
        quote = normalise(row.text)
        total += len(words(row.text))
        para = paras[int(passages.loc[row.passage_id, "order"]) - 1]
        if quote not in para:
            where = "elsewhere in the interview" if quote in normalise(text) else "nowhere in the interview"
            problems.append(
                Problem(
                    "quotations.csv", i, "text", f"{row.id} is not found in passage {row.passage_id} (it is {where})"
                )
            )
    budget = MAX_QUOTE_SHARE * len(words(text))
    if total > budget:
        problems.append(
            Problem(
                "quotations.csv",
                None,
                "text",
                f"quotations total {total} words, over the budget of {int(budget)} "
                f"({MAX_QUOTE_SHARE:.0%} of the interview)",
            )
        )
    return problems


def copied_runs(ours: str, text: str, n: int = COPY_RUN) -> list[str]:
    """Runs of n or more words that ``ours`` shares with the interview (case and punctuation folded)."""

    def toks(s):
        return [w.lower().replace("\u2019", "'") for w in words(normalise(s))]

    src = toks(text)
    grams = {tuple(src[i : i + n]) for i in range(len(src) - n + 1)}
    mine = toks(ours)
    hits, i = [], 0
    while i <= len(mine) - n:
        if tuple(mine[i : i + n]) in grams:
            j = i + n
            while j < len(mine) and tuple(mine[j - n + 1 : j + 1]) in grams:
                j += 1
            hits.append(" ".join(mine[i:j]))
            i = j
        else:
            i += 1
    return hits
