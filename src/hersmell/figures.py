"""Figures computed from the data: the same matplotlib PNG in the web book and the PDF.

Colours are the Okabe-Ito palette, readable with the common colour-vision deficiencies;
every mark that carries meaning also differs in shape or position, not in colour alone. Every
mark has an outline of at least 3:1 against the white ground (the palette's yellow and sky blue
alone are not), and a highlighted row differs from the rest by fill, not colour alone, so the
figures read on screen, in dark mode (figures keep their light ground) and in greyscale print.
"""

from __future__ import annotations

import matplotlib.pyplot as plt

from . import views
from .datapackage import load
from .labels import RAISED_BY

OKABE_ITO = ["#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#000000"]
SPEAKER_MARKERS = {"interviewer": "o", "perry": "s"}
RAISED_BY_STYLE = {"perry": ("#0072B2", "s"), "moss-via-perry": ("#D55E00", "D"), "interviewer": ("#009E73", "o")}
OUTLINE = "#222222"  # every mark's edge: 15.9:1 on white
MUTED = "#6E6E6E"  # the rows a highlight leaves in the background: open marks, 5.1:1 on white


def theme_tracker(tables=None, highlight: str | None = None):
    """Where each theme appears across the interview: passages (x) by themes (y).

    Squares mark Perry's answers, circles the interviewer's lines; ``highlight`` draws
    one theme's row in filled colour and the rest as open grey marks.
    """
    t = tables if tables is not None else load()
    matrix = views.theme_matrix(t)
    themes = t["themes"].sort_values("order")
    passages = t["passages"].set_index("id").loc[matrix.index]
    fig, ax = plt.subplots(figsize=(9, 0.45 * len(themes) + 1.2), dpi=150)
    for row, theme in enumerate(themes.itertuples()):
        on = matrix[theme.id]
        face, edge, size = OKABE_ITO[row % len(OKABE_ITO)], OUTLINE, 36
        if highlight and theme.id == highlight:  # the chosen theme: filled, strong colour
            face, size = "#0072B2", 44
        elif highlight:  # the rest: open grey marks, behind it in colour and in greyscale
            face, edge = "none", MUTED
        for speaker, marker in SPEAKER_MARKERS.items():
            mask = on & (passages["speaker"] == speaker).to_numpy()
            ax.scatter(
                passages["order"][mask],
                [row] * int(mask.sum()),
                marker=marker,
                s=size,
                facecolors=face,
                edgecolors=edge,
                linewidths=0.9,
            )
    ax.set_yticks(range(len(themes)), themes["title"])
    ax.invert_yaxis()
    ax.set_xlabel("Passage (reading order)")
    ax.set_xlim(0, len(passages) + 1)
    ax.grid(axis="x", alpha=0.3)
    ax.spines[["top", "right"]].set_visible(False)
    handles = [
        plt.Line2D([], [], marker=m, linestyle="", color="#555555", label="Perry" if s == "perry" else "Interviewer")
        for s, m in SPEAKER_MARKERS.items()
    ]
    ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.22), ncol=2, frameon=False)
    title = "Themes across the interview"
    if highlight:
        title += f": {themes.set_index('id').loc[highlight, 'title']} highlighted"
    ax.set_title(title, loc="left", fontsize=11)
    fig.tight_layout()
    return fig


def influence_timeline(tables=None):
    """Influences with a year, placed by year (x) and kind (y); shape and colour say who raised them."""
    t = tables if tables is not None else load()
    inf = t["influences"].dropna(subset=["year"]).sort_values("year")
    kinds = sorted(inf["kind"].unique())
    fig, ax = plt.subplots(figsize=(9, 0.5 * len(kinds) + 1.6), dpi=150)
    for raised, (colour, marker) in RAISED_BY_STYLE.items():
        label = RAISED_BY[raised]
        sub = inf[inf["raised_by"] == raised]
        ax.scatter(
            sub["year"].astype(int),
            [kinds.index(k) for k in sub["kind"]],
            marker=marker,
            s=40,
            color=colour,
            label=label,
            edgecolor=OUTLINE,
            linewidth=0.6,
        )
    ax.set_yticks(range(len(kinds)), [k.replace("-", " ") for k in kinds])
    ax.set_xlabel("Year")
    ax.grid(axis="x", alpha=0.3)
    ax.spines[["top", "right"]].set_visible(False)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.18), ncol=3, frameon=False)
    ax.set_title("The interview's influences by year and kind", loc="left", fontsize=11)
    fig.tight_layout()
    return fig
