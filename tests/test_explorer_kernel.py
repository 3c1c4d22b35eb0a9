"""The influence explorer in a live kernel: every influence, every filter, against the CSVs."""

import json

import expected as ex
import pytest
from conftest import run_cells, stdout_of

SETUP = "import json\nfrom hersmell.widgets import InfluenceExplorer\nexplorer = InfluenceExplorer()"


@pytest.fixture(scope="module")
def per_influence():
    code = """
out = {}
for rec in explorer.influences:
    explorer.influence = rec["id"]
    out[rec["id"]] = {"title": explorer.selected["title"],
                      "passages": explorer.passages_shown["id"].tolist(),
                      "themes": explorer.themes_shown, "acts": explorer.acts_shown,
                      "related": explorer.related["id"].tolist()}
print(json.dumps(out))
"""
    return json.loads(stdout_of(run_cells(SETUP, code)[1]))


def test_every_influence_is_offered(per_influence):
    assert set(per_influence) == {r["id"] for r in ex.rows("influences")}


@pytest.mark.parametrize("iid", [r["id"] for r in ex.rows("influences")])
def test_selecting_each_influence_shows_what_the_data_says(per_influence, iid):
    shown = per_influence[iid]
    assert shown["title"] == ex.influence(iid)["title"]
    assert set(shown["passages"]) == ex.passages_of(iid)
    assert [ex.passage_order(p) for p in shown["passages"]] == sorted(ex.passage_order(p) for p in shown["passages"])
    assert set(shown["themes"]) == ex.themes_of(iid)
    assert set(shown["acts"]) == ex.acts_of(iid)
    assert set(shown["related"]) == ex.related_to(iid)


def test_each_filter_narrows_the_list():
    themes = sorted({r["theme_id"] for r in ex.rows("influence_themes")})
    kinds = sorted({r["kind"] for r in ex.rows("influences")})
    decades = sorted({ex.decade(r) for r in ex.rows("influences")})
    code = f"""
out = []
for key, values in (("theme", {themes!r}), ("kind", {kinds!r}), ("decade", {decades!r}),
                    ("raised_by", ["perry", "moss-via-perry", "interviewer"]), ("query", ["the", "man", "zz"])):
    for value in values:
        setattr(explorer, key, value)
        out.append([key, value, explorer.visible_ids(), explorer.influence])
        setattr(explorer, key, "")
print(json.dumps(out))
"""
    results = json.loads(stdout_of(run_cells(SETUP, code)[1]))
    assert len(results) == len(themes) + len(kinds) + len(decades) + 3 + 3
    for key, value, visible, chosen in results:
        arg = {"theme": "theme", "kind": "kind", "decade": "dec", "raised_by": "raised_by", "query": "query"}[key]
        want = ex.matching(**{arg: value})
        assert set(visible) == want, (key, value)
        assert len(visible) < len(ex.rows("influences")) or key == "query"
        if visible:
            assert chosen in visible, (key, value)  # the selection follows the filter


def test_following_a_related_influence_clears_hiding_filters():
    code = """
explorer.theme = "ending"
first = explorer.influence
target = next(r for r in explorer.related["id"] if r not in explorer.visible_ids())
explorer.follow(target)
print(json.dumps([first, target, explorer.influence, explorer.theme]))
"""
    first, target, now, theme = json.loads(stdout_of(run_cells(SETUP, code)[1]))
    assert now == target and theme == "" and first != target


def test_a_student_can_pass_their_own_table():
    code = """
import pandas as pd
mine = pd.DataFrame({"id": ["showgirls", "my-pick"], "title": ["Showgirls", "My pick"], "kind": ["film", "album"]})
e = InfluenceExplorer(mine)
e.influence = "my-pick"
print(json.dumps([len(e.influences), e.selected["title"], e.passages_shown["id"].tolist()]))
"""
    n, title, passages = json.loads(stdout_of(run_cells(SETUP, code)[1]))
    assert (n, title, passages) == (2, "My pick", [])
