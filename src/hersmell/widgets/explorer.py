"""The influence explorer: choose a work or artist the interview names, see its context.

Live in a kernel it is an anywidget; on the static site the same ES module runs on the
state embedded in the page; in print it is the table of influences (see threeway.py).
Python mirrors the browser's logic so a student can read the selection:

>>> explorer = InfluenceExplorer()
>>> explorer.influence = "showgirls"
>>> explorer.selected["title"], explorer.passages, explorer.related
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import traitlets

from .. import book
from ..datapackage import load
from ..labels import RAISED_BY
from ..markup import markdown_list_table
from .threeway import ThreeWayWidget

_HERE = Path(__file__).parent
ALL = ""  # the value of a filter that lets everything through


def decade_of(year) -> str:
    return f"{int(year) // 10 * 10}s" if year is not None and not pd.isna(year) else "no year"


class InfluenceExplorer(ThreeWayWidget):
    _esm = _HERE / "explorer.js"
    _css = _HERE / "widgets.css"
    _static_state = (
        "influences",
        "passages",
        "themes",
        "acts",
        "influence",
        "theme",
        "kind",
        "decade",
        "raised_by",
        "query",
        "compact",
        "passage_href",
        "raised_by_labels",
    )
    _shared_state = ("influences", "passages", "themes", "acts", "raised_by_labels")  # the data: once per site

    influences = traitlets.List(traitlets.Dict()).tag(sync=True)
    passages = traitlets.Dict().tag(sync=True)
    themes = traitlets.List(traitlets.Dict()).tag(sync=True)
    acts = traitlets.List(traitlets.Dict()).tag(sync=True)
    influence = traitlets.Unicode().tag(sync=True)  # the chosen influence's id
    theme = traitlets.Unicode(ALL).tag(sync=True)
    kind = traitlets.Unicode(ALL).tag(sync=True)
    decade = traitlets.Unicode(ALL).tag(sync=True)
    raised_by = traitlets.Unicode(ALL).tag(sync=True)
    query = traitlets.Unicode("").tag(sync=True)
    compact = traitlets.Bool(False).tag(sync=True)
    raised_by_labels = traitlets.Dict(RAISED_BY).tag(sync=True)  # how the view names who raised it
    #: link pattern for passages ({id} is replaced); empty in a kernel, where the book's pages are not at hand
    passage_href = traitlets.Unicode("").tag(sync=True)

    def __init__(
        self,
        influences: pd.DataFrame | None = None,
        *,
        theme: str = ALL,
        compact: bool = False,
        passage_href: str | None = None,
        tables=None,
        **kwargs,
    ):
        t = tables if tables is not None else load()
        frame = t["influences"] if influences is None else influences
        missing = {"id", "title", "kind"} - set(frame.columns)
        if missing:
            raise ValueError(f"the influences table needs the columns {sorted(missing)}")
        links = {name: t[name] for name in ("influence_themes", "influence_acts", "passage_influences")}
        rows = []
        for rec in frame.astype(object).where(frame.notna(), None).to_dict("records"):
            iid = rec["id"]
            rows.append(
                {
                    "id": str(iid),
                    "title": str(rec["title"]),
                    "kind": str(rec["kind"]),
                    "year": None if rec.get("year") is None else int(rec["year"]),
                    "decade": decade_of(rec.get("year")),
                    **{k: str(rec.get(k) or "") for k in ("creator", "raised_by", "summary", "bearing", "source")},
                    "themes": sorted(links["influence_themes"].query("influence_id == @iid")["theme_id"]),
                    "acts": sorted(links["influence_acts"].query("influence_id == @iid")["act_id"]),
                    "passages": sorted(links["passage_influences"].query("influence_id == @iid")["passage_id"]),
                }
            )
        rows.sort(key=lambda r: r["title"].lower())
        if not rows:
            raise ValueError("no influences to explore")
        passages = {
            r["id"]: {"order": int(r["order"]), "title": str(r["title"]), "speaker": str(r["speaker"])}
            for r in t["passages"].to_dict("records")
        }
        themes = [
            {"id": str(r["id"]), "title": str(r["title"])} for r in t["themes"].sort_values("order").to_dict("records")
        ]
        acts = [
            {"id": str(r["id"]), "title": f"Act {int(r['number'])}: {r['title']}"}
            for r in t["acts"].sort_values("number").to_dict("records")
        ]
        super().__init__(
            influences=rows, passages=passages, themes=themes, acts=acts, theme=theme, compact=compact, **kwargs
        )
        # on the book's pages, links lead to the page holding the passage cards (found from the TOC)
        self._static_href = book.passage_href() if passage_href is None else passage_href
        self.influence = kwargs.get("influence") or (self.visible_ids() or [rows[0]["id"]])[0]

    # ----------------------------------------------------------- validation
    def _check_choice(self, value, allowed, what):
        if value != ALL and value not in allowed:
            raise traitlets.TraitError(f"{value!r} is not a {what}; choose one of {sorted(allowed)}")
        return value

    @traitlets.validate("influence")
    def _v_influence(self, proposal):
        ids = {r["id"] for r in self.influences}
        if proposal["value"] not in ids:
            raise traitlets.TraitError(f"{proposal['value']!r} is not an influence id")
        return proposal["value"]

    @traitlets.validate("theme")
    def _v_theme(self, p):
        return self._check_choice(p["value"], {t["id"] for t in self.themes}, "theme id")

    @traitlets.validate("kind")
    def _v_kind(self, p):
        return self._check_choice(p["value"], {r["kind"] for r in self.influences}, "kind")

    @traitlets.validate("decade")
    def _v_decade(self, p):
        return self._check_choice(p["value"], {r["decade"] for r in self.influences}, "decade")

    @traitlets.validate("raised_by")
    def _v_raised(self, p):
        return self._check_choice(p["value"], set(RAISED_BY), "raised_by value")

    # ----------------------------------------------------------- the logic the browser also runs
    @traitlets.observe("theme", "kind", "decade", "raised_by", "query")
    def _refilter(self, change):
        """When filters hide the chosen influence, move to the first one still shown."""
        shown = self.visible_ids()
        if shown and self.influence not in shown:
            self.influence = shown[0]

    def follow(self, influence_id: str) -> None:
        """Move to a related influence, clearing the filters that would hide it."""
        if influence_id not in self.visible_ids():
            with self.hold_trait_notifications():
                self.theme = self.kind = self.decade = self.raised_by = self.query = ALL
        self.influence = influence_id

    def visible_ids(self) -> list[str]:
        """Influences that pass every filter, in the order the list shows them (by title)."""
        q = self.query.strip().lower()
        return [
            r["id"]
            for r in self.influences
            if (self.theme == ALL or self.theme in r["themes"])
            and (self.kind == ALL or r["kind"] == self.kind)
            and (self.decade == ALL or r["decade"] == self.decade)
            and (self.raised_by == ALL or r["raised_by"] == self.raised_by)
            and (not q or q in r["title"].lower())
        ]

    def _record(self, iid=None) -> dict:
        iid = iid or self.influence
        return next(r for r in self.influences if r["id"] == iid)

    @property
    def selected(self) -> pd.Series:
        """The chosen influence's facts."""
        rec = self._record()
        return pd.Series({k: v for k, v in rec.items() if k not in ("themes", "acts", "passages")}, name=rec["id"])

    @property
    def passages_shown(self) -> pd.DataFrame:
        rec = self._record()
        rows = [{"id": pid, **self.passages[pid]} for pid in rec["passages"]]
        return pd.DataFrame(rows, columns=["id", "order", "title", "speaker"]).sort_values("order", ignore_index=True)

    @property
    def themes_shown(self) -> list[str]:
        mine = set(self._record()["themes"])
        return [t["id"] for t in self.themes if t["id"] in mine]

    @property
    def acts_shown(self) -> list[str]:
        mine = set(self._record()["acts"])
        return [a["id"] for a in self.acts if a["id"] in mine]

    @property
    def related(self) -> pd.DataFrame:
        """Other influences sharing a theme or an act with the chosen one, by title."""
        rec = self._record()
        mine = set(rec["themes"]) | set(rec["acts"])
        rows = [
            {"id": r["id"], "title": r["title"], "shared": sorted(mine & (set(r["themes"]) | set(r["acts"])))}
            for r in self.influences
            if r["id"] != rec["id"] and mine & (set(r["themes"]) | set(r["acts"]))
        ]
        return pd.DataFrame(rows, columns=["id", "title", "shared"])

    # ----------------------------------------------------------- static and print renderings
    def static_html(self) -> str:
        live = self.passage_href
        self.passage_href = self._static_href  # links work on the book's pages only
        try:
            return super().static_html()
        finally:
            self.passage_href = live

    def to_markdown(self) -> str:
        theme_titles = {t["id"]: t["title"] for t in self.themes}
        rows = [r for r in self.influences if self.theme == ALL or self.theme in r["themes"]]
        body = [
            [
                r["title"],
                r["kind"].replace("-", " "),
                r["year"] or "",
                r["creator"],
                RAISED_BY.get(r["raised_by"], r["raised_by"]),
                ", ".join(theme_titles[t] for t in r["themes"]),
                ", ".join(
                    str(self.passages[p]["order"])
                    for p in sorted(r["passages"], key=lambda p: self.passages[p]["order"])
                ),
            ]
            for r in rows
        ]
        return markdown_list_table(
            ["Influence", "Kind", "Year", "Creator", "Raised by", "Themes", "Passages"],
            body,
            widths=[24, 11, 6, 21, 12, 17, 9],
        )
