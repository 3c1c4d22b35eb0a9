"""Quotations are exact, short and few; our own text copies nothing from the interview.

These tests need the interview text, which is not in the repo (it belongs to HuffPost).
Where it is absent they skip and say so; in CI (where it is present) absence is a failure.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from hersmell import load
from hersmell.datapackage import data_dir, words
from hersmell.source import (
    COPY_RUN,
    MAX_QUOTE_SHARE,
    check_quotations,
    copied_runs,
    interview_path,
    passage_paragraphs,
    read_interview,
)

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.interview


@pytest.fixture(scope="module")
def interview() -> str:
    text = read_interview()
    if text is None:
        pytest.skip(
            f"QUOTATION CHECKS DID NOT RUN: the interview text is not at {interview_path()} "
            "(set HERSMELL_INTERVIEW to its path)"
        )
    return text


def test_passages_map_one_to_one_onto_the_interview(interview):
    assert len(passage_paragraphs(interview)) == len(load()["passages"])


def test_every_quotation_is_exact_and_in_its_own_passage(interview):
    assert check_quotations(load(), interview) == []


def test_quotations_stay_within_the_budget(interview):
    total = sum(len(words(q)) for q in load()["quotations"]["text"])
    assert total <= MAX_QUOTE_SHARE * len(words(interview))


def test_a_misquotation_is_caught(interview):
    t = load()
    t["quotations"].loc[0, "text"] = t["quotations"].loc[0, "text"].replace(" ", " really ", 1)
    problems = [str(p) for p in check_quotations(t, interview)]
    assert len(problems) == 1 and problems[0].startswith("quotations.csv, line 2, field 'text'")
    assert "nowhere in the interview" in problems[0]


def test_a_quotation_filed_under_the_wrong_passage_is_caught(interview):
    t = load()
    q = t["quotations"]
    other = q.loc[q["passage_id"] != q.loc[0, "passage_id"], "passage_id"].iloc[0]
    q.loc[0, "passage_id"] = other
    problems = [str(p) for p in check_quotations(t, interview)]
    assert len(problems) == 1 and "elsewhere in the interview" in problems[0]


def test_going_over_the_budget_is_caught(interview):
    t = load()
    paras = passage_paragraphs(interview)
    order = dict(zip(t["passages"]["id"], t["passages"]["order"], strict=True))
    # Quote every passage in full (36 words at a time): far over 15%.
    t["quotations"]["text"] = [" ".join(paras[order[p] - 1].split()[:36]) for p in t["quotations"]["passage_id"]]
    assert any("over the budget" in str(p) for p in check_quotations(t, interview))


def test_quotes_are_normalised_for_typography_only(interview):
    t = load()
    t["quotations"].loc[0, "text"] = t["quotations"].loc[0, "text"].replace("\u2019", "'") + "  "
    assert check_quotations(t, interview) == []


# ------------------------------------------------------------ copying by accident
def our_texts() -> dict[str, str]:
    """Everything we wrote: data fields (not quotations), chapters, the template, README, CONTRIBUTING, licence."""
    texts = {}
    for resource in json.loads((data_dir() / "datapackage.json").read_text())["resources"]:
        with (data_dir() / resource["path"]).open(newline="", encoding="utf-8") as fh:
            for i, row in enumerate(csv.DictReader(fh), start=2):
                for field, value in row.items():
                    if resource["name"] == "quotations" and field == "text":
                        continue
                    texts[f"{resource['path']}:{i}:{field}"] = value
    for path in [
        *ROOT.glob("chapters/*.md"),
        *ROOT.glob("docs/*.md"),
        *ROOT.glob("*.md"),
        data_dir() / "references.bib",
    ]:
        texts[str(path.relative_to(ROOT))] = path.read_text(encoding="utf-8")
    return texts


def test_no_run_of_ten_words_is_copied_outside_quotations(interview):
    # Citing the article by its headline is attribution, not copying: the body is what counts.
    body = interview.split("\n\n", 1)[1]
    copied = {where: runs for where, text in our_texts().items() if (runs := copied_runs(text, body))}
    assert copied == {}


def test_copy_check_catches_a_planted_run(interview):
    run = " ".join(interview.split("\n\n")[6].split()[:COPY_RUN])
    assert copied_runs(f"Our sentence, then {run} and more.", interview) != []
    shorter = " ".join(run.split()[: COPY_RUN - 1])
    assert copied_runs(f"Our sentence, then {shorter} zzz.", interview) == []
