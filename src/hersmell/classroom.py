"""The scheme of work and the clip list, as the In class pages show them (from the data package).

Every value is escaped on its way into Markdown, like the rest of hersmell.display.
"""

from __future__ import annotations

from .datapackage import load
from .display import Markdown, passage_link
from .links import href
from .markup import SafeMarkdown, markdown_cell, markdown_list_table, markdown_table

HANDOUT_NAMES = {
    "passage-cards": "passage cards",
    "jigsaw": "jigsaw sheet",
    "on-off-camera": "on-camera/off-camera grid",
    "debate-prep": "debate prep",
    "exit-tickets": "exit ticket",
}


def _t(tables):
    return tables if tables is not None else load()


def _ranges(numbers: list[int]) -> str:
    out, start = [], None
    for i, n in enumerate(numbers):
        start = n if start is None else start
        if i + 1 == len(numbers) or numbers[i + 1] != n + 1:
            out.append(f"{start}-{n}" if n != start else str(n))
            start = None
    return ", ".join(out)


def session_passages(session_id: str, tables=None) -> list[int]:
    t = _t(tables)
    sp = t["session_passages"]
    return sorted(int(p[1:]) for p in sp.loc[sp["session_id"] == session_id, "passage_id"])


def clips_for(session_id: str, step: int | None = None, tables=None):
    t = _t(tables)
    c = t["clips"]
    c = c[c["session_id"] == session_id]
    if step is not None:
        c = c[c["step"] == step]
    return c.sort_values("order")


def clip_list(tables=None) -> Markdown:
    """The clips in film order: act, what happens, and the lesson step that uses each one."""
    t = _t(tables)
    sessions = t["sessions"].set_index("id")
    rows = []
    for c in t["clips"].sort_values("order").itertuples():
        s = sessions.loc[c.session_id]
        locate = markdown_cell(c.locate) + (
            f" *Time:* {markdown_cell(c.timing)}" if isinstance(c.timing, str) and c.timing else ""
        )
        rows.append(
            [
                f"{c.order}\\. {markdown_cell(c.title)}",
                f"[Act {c.act_id[-1]}]({href(f'act-{c.act_id[-1]}')})",
                locate,
                f"[Session {s['number']}]({href('session-' + str(s['number']))}), step {c.step}",
            ]
        )
    return Markdown(
        markdown_list_table(
            ["Clip", "Act", "How to find it", "Used in"], [[SafeMarkdown(x) for x in r] for r in rows], [18, 8, 56, 18]
        )
    )


def unit_overview(tables=None) -> Markdown:
    """One row per session: length, passages, handouts, clips and assessment point."""
    t = _t(tables)
    rows = []
    for s in t["sessions"].sort_values("number").itertuples():
        steps = t["session_steps"][t["session_steps"]["session_id"] == s.id]
        handouts = sorted({HANDOUT_NAMES.get(h, h) for h in steps["handout"].dropna()})
        clips = ", ".join(str(o) for o in clips_for(s.id, tables=t)["order"]) or "none"
        rows.append(
            [
                SafeMarkdown(f"[{s.number}. {markdown_cell(s.title)}]({href(f'session-{s.number}')})"),
                f"{s.minutes} min",
                _ranges(session_passages(s.id, t)),
                ", ".join(handouts),
                clips,
            ]
        )
    return Markdown(markdown_table(["Session", "Length", "Passages", "Handouts", "Clips"], rows))


def session_plan(session_id: str, tables=None) -> Markdown:
    """One session of the scheme of work, ready to teach."""
    t = _t(tables)
    s = t["sessions"].set_index("id").loc[session_id]
    numbers = session_passages(session_id, t)
    links = ", ".join(passage_link(f"p{n:02d}", str(n)) for n in numbers)

    def bullets(text):
        parts = [x.strip().rstrip(".") for x in str(text).split(";") if x.strip()]
        return "\n".join(f"- {markdown_cell(x[0].upper() + x[1:])}." for x in parts)

    steps = t["session_steps"][t["session_steps"]["session_id"] == session_id].sort_values("order")
    rows = []
    for st in steps.itertuples():
        needs = [f"clip {c.order} ({markdown_cell(c.title)})" for c in clips_for(session_id, st.order, t).itertuples()]
        if isinstance(st.handout, str):
            needs.append(HANDOUT_NAMES.get(st.handout, st.handout))
        rows.append(
            [f"{st.start}-{st.end} min", markdown_cell(st.grouping), markdown_cell(st.activity), "; ".join(needs)]
        )
    lines = [
        f"**Length:** {s['minutes']} minutes. **Passages:** {links}.",
        "",
        "**Objectives.** Students will:",
        "",
        bullets(s["objectives"]),
        "",
        "**Success criteria.**",
        "",
        bullets(s["success_criteria"]),
        "",
        markdown_list_table(
            ["Time", "Grouping", "Step", "Needs"], [[SafeMarkdown(x) for x in r] for r in rows], [11, 17, 52, 20]
        ),
        "",
        f"**Support:** {markdown_cell(s['support'])}",
        "",
        f"**Stretch:** {markdown_cell(s['stretch'])}",
        "",
        f"**EAL:** {markdown_cell(s['eal'])}",
        "",
        f"**Homework:** {markdown_cell(s['homework'])}",
        "",
        f"**Exit ticket or assessment point:** {markdown_cell(s['assessment'])}",
    ]
    return Markdown("\n".join(lines))


def reading_pairs(passage_ids: list[str], tables=None) -> Markdown:
    """The reading step: each passage's exact quotation beside the guide's paraphrase."""
    t = _t(tables)
    p = t["passages"].set_index("id")
    q = t["quotations"]
    rows = []
    for pid in passage_ids:
        words = " / ".join(f"“{markdown_cell(x)}”" for x in q.loc[q["passage_id"] == pid, "text"])
        rows.append(
            [
                SafeMarkdown(passage_link(pid, str(int(p.loc[pid, "order"])))),
                SafeMarkdown(words),
                markdown_cell(p.loc[pid, "paraphrase"]),
            ]
        )
    return Markdown(
        markdown_list_table(["Passage", "The interview's words", "The guide's paraphrase"], rows, [10, 35, 55])
    )


def influences_by_act(tables=None) -> Markdown:
    """For the mapping activity: the influences the guide ties to each act, linked to their cards."""
    from . import views

    t = _t(tables)
    rows = []
    for a in t["acts"].sort_values("number").itertuples():
        inf = views.influences_for_act(a.id, t)
        names = (
            ", ".join(f"[{markdown_cell(i.title)}]({href(f'influence-{i.id}')})" for i in inf.itertuples()) or "none"
        )
        rows.append([SafeMarkdown(f"[Act {a.number}]({href(f'act-{a.number}')})"), SafeMarkdown(names)])
    return Markdown(markdown_table(["Act", "Influences tied to it"], rows))
