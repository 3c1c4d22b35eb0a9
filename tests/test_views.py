"""The joins, checked against the link tables directly."""

from hersmell import load, views


def test_passages_for_each_theme_follow_the_links_in_reading_order():
    t = load()
    for theme in t["themes"]["id"]:
        got = views.passages_for_theme(theme, t)
        want = set(t["passage_themes"].query("theme_id == @theme")["passage_id"])
        assert set(got["id"]) == want
        assert got["order"].is_monotonic_increasing


def test_influence_and_passage_joins_are_inverse():
    t = load()
    for pid in t["passages"]["id"]:
        for iid in views.influences_for_passage(pid, t)["id"]:
            assert pid in set(views.passages_for_influence(iid, t)["id"])


def test_related_influences_share_a_theme_or_act():
    t = load()
    links = {}
    for table, col in (("influence_themes", "theme_id"), ("influence_acts", "act_id")):
        for row in t[table].itertuples(index=False):
            links.setdefault(row.influence_id, set()).add(getattr(row, col))
    for iid in t["influences"]["id"]:
        related = views.related_influences(iid, t)
        assert iid not in set(related["id"])
        expected = {other for other, via in links.items() if other != iid and via & links.get(iid, set())}
        assert set(related["id"]) == expected


def test_theme_matrix_matches_links():
    t = load()
    m = views.theme_matrix(t)
    assert list(m.index) == t["passages"].sort_values("order")["id"].tolist()
    assert int(m.values.sum()) == len(t["passage_themes"])


def test_cast_list_pairs_actor_and_character():
    t = load()
    cast = views.cast_list(t)
    moss = cast[cast["actor"] == "Elisabeth Moss"]
    assert moss["character"].str.contains("Becky").all() and len(moss) == 1
