"""Works named by title, from the data: the {work} role and the bibliography built from it.

    {work}`showgirls`              *Showgirls* (Paul Verhoeven, 1995) at its first mention on a
                                   page, *Showgirls* after that; always linked to its card on the
                                   Influences page (the anchor influence-<id> that {influence-index}
                                   makes). Works (films, albums, magazines...) are italic; people,
                                   bands, places and forms are not.
    {work}`Verhoeven's film <showgirls>`   your own words, linked to the same card.

    ```{work-bibliography}         every entry of references.bib, sorted by title as a reader
    ```                            expects (case-insensitive, leading "The"/"A" ignored), each
                                   titled from influences.csv where the work is an influence

The role builds ordinary docutils nodes: emphasis around a std:ref pending_xref that the strict
build resolves (HTML and LaTeX alike) and text for the facts, so no citation key or author-year
label is ever shown. A work's title, creator and year live in influences.csv; references.bib
adds only where it was published and the page its facts were checked on (the tests check that
the two agree where both give a fact).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

from docutils import nodes
from sphinx import addnodes
from sphinx.util.docutils import SphinxDirective

from .datapackage import data_dir, load
from .sorting import name_key, title_key  # noqa: F401  (re-exported for the tests)
from .sphinx_meta import extension_metadata

if TYPE_CHECKING:  # pandas is imported where it is used: a build with nothing to read skips it
    import pandas as pd

# Kinds whose titles are set in italics (titles of works); the rest are names, set in roman.
ITALIC_KINDS = {"film", "documentary", "album", "musical", "publication"}
EXPLICIT = re.compile(r"^(?P<text>.+?)\s*<(?P<id>[^<>]+)>$", re.S)


@lru_cache(maxsize=1)
def _influences() -> pd.DataFrame:
    return load()["influences"].set_index("id")


def is_work(kind: str) -> bool:
    return kind in ITALIC_KINDS


def facts(row) -> str:
    """Creator and year, the way the book prints them after a title: "Paul Verhoeven, 1995"."""
    import pandas as pd

    bits = [str(row[c]) for c in ("creator", "year") if pd.notna(row[c]) and str(row[c]).strip()]
    return ", ".join(bits)


def plain_title(iid: str) -> str:
    return str(_influences().loc[iid, "title"])


def _xref(iid: str, text: str) -> addnodes.pending_xref:
    node = addnodes.pending_xref(
        "", refdomain="std", reftype="ref", reftarget=f"influence-{iid}", refexplicit=True, refwarn=True
    )
    node += nodes.inline(text, text)
    return node


def work_role(name, rawtext, text, lineno, inliner, options=None, content=None):
    m = EXPLICIT.match(text)
    shown, iid = (m.group("text"), m.group("id").strip()) if m else (None, text.strip())
    inf = _influences()
    if iid not in inf.index:
        msg = inliner.reporter.error(f"{{work}}: no influence {iid!r} in influences.csv", line=lineno)
        return [inliner.problematic(rawtext, rawtext, msg)], [msg]
    env = inliner.document.settings.env
    env.note_dependency(str(data_dir() / "influences.csv"))
    row = inf.loc[iid]
    if shown is not None:
        return [_xref(iid, shown)], []
    seen = env.temp_data.setdefault("hersmell_works_seen", set())
    link = _xref(iid, str(row["title"]))
    out: list[nodes.Node] = [nodes.emphasis("", "", link) if is_work(row["kind"]) else link]
    if iid not in seen:
        seen.add(iid)
        f = facts(row)
        if f and is_work(row["kind"]):
            out.append(nodes.Text(f" ({f})"))
    return out, []


def _bib_entries():
    from pybtex.database import parse_file

    return parse_file(str(data_dir() / "references.bib"), bib_format="bibtex").entries


TEX_ACCENTS = {'"o': "ö", '"u': "ü", '"a': "ä", "'e": "é", "`e": "è", "'a": "á", "~n": "ñ"}


def _clean(value: str) -> str:
    """BibTeX field text as a reader sees it: braces and the few TeX escapes we use removed."""
    text = re.sub(r"\\(.)(\w)", lambda m: TEX_ACCENTS.get(m.group(1) + m.group(2), m.group(2)), str(value))
    text = text.replace("\\&", "&").replace("--", "–")
    return " ".join(text.replace("{", "").replace("}", "").split())


def bibliography_rows() -> list[dict]:
    """Every entry of references.bib as the book lists it, in reading order of titles."""
    import pandas as pd

    inf = _influences()
    rows = []
    for key, e in _bib_entries().items():
        f = e.fields
        if key in inf.index:
            r = inf.loc[key]
            title, creator, year, kind = (
                str(r["title"]),
                (None if pd.isna(r["creator"]) else str(r["creator"])),
                (None if pd.isna(r["year"]) else str(r["year"])),
                str(r["kind"]),
            )
        else:
            title = _clean(f.get("title", key))
            people = e.persons.get("author", [])
            creator = (
                " and ".join(
                    " ".join(p.first_names + p.middle_names + p.prelast_names + p.last_names) or " ".join(p.last_names)
                    for p in people
                )
                or None
            )
            creator = _clean(creator) if creator else None
            year, kind = f.get("year"), ("film" if e.type == "misc" else "publication")
        rows.append(
            {
                "key": key,
                "title": title,
                "creator": creator,
                "year": year,
                "kind": kind,
                "published": _clean(f.get("howpublished", f.get("journal", ""))),
                "note": _clean(f.get("note", "")),
                "url": f.get("url", ""),
                "influence": key in inf.index,
            }
        )
    return sorted(rows, key=lambda r: title_key(r["title"]))


class WorkBibliographyDirective(SphinxDirective):
    """The bibliography: each work by title (creator, year), where published, and its source page."""

    def run(self):
        self.env.note_dependency(str(data_dir() / "references.bib"))
        self.env.note_dependency(str(data_dir() / "influences.csv"))
        out = nodes.bullet_list(classes=["hs-bibliography"])
        for r in bibliography_rows():
            item = nodes.list_item(ids=[f"work-{r['key']}"])
            para = nodes.paragraph()
            title = nodes.Text(r["title"])
            para += nodes.emphasis("", "", title) if is_work(r["kind"]) else nodes.strong("", r["title"])
            tail = ", ".join(b for b in (r["creator"], r["year"]) if b)
            para += nodes.Text(f" ({tail})." if tail else ".")
            for extra in (r["published"], r["note"]):
                if extra:
                    para += nodes.Text(" " + extra.rstrip(".") + ".")
            if r["url"]:
                para += nodes.Text(" Checked at ")
                para += nodes.reference(r["url"], r["url"], refuri=r["url"])
                para += nodes.Text(".")
            if r["influence"]:
                para += nodes.Text(" ")
                link = _xref(r["key"], "Its influence card")
                para += link
                para += nodes.Text(".")
            item += para
            out += item
        return [out]


def setup(app):
    app.add_role("work", work_role)
    app.add_directive("work-bibliography", WorkBibliographyDirective)
    return extension_metadata()
