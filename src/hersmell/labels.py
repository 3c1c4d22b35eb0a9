"""How the guide names its enumerated values to readers: one place for the page, the PDF,
the figures and the widgets (the browser gets them in the widget's state)."""

SPEAKERS = {"interviewer": "The interviewer", "perry": "Alex Ross Perry"}
RAISED_BY = {"perry": "Perry", "moss-via-perry": "Moss, as Perry reports", "interviewer": "The interviewer"}

# Column headers readers see in the guide's tables (display.Table, the picker): a column not
# named here is shown with underscores as spaces and a capital first letter ("year" -> "Year").
COLUMNS = {
    "raised_by": "Brought up by",
    "order": "Passage",
    "id": "Id",
    "act_id": "Act",
    "theme_id": "Theme",
    "passage_id": "Passage",
    "influence_id": "Influence",
    "person_id": "Person",
    "creator": "Made by",
    "count": "Passages",
    "passages": "Passages",
}
# Columns whose values are ids with a reader-facing name.
VALUES = {"speaker": SPEAKERS, "raised_by": RAISED_BY}


def column_label(column) -> str:
    name = str(column)
    if name in COLUMNS:
        return COLUMNS[name]
    text = name.replace("_", " ").strip()
    return text[:1].upper() + text[1:]


def value_label(column, value):
    """A cell's value as readers see it: an id of a known kind by its name, a kind without hyphens."""
    if isinstance(value, str):
        if str(column) in VALUES:
            return VALUES[str(column)].get(value, value)
        if str(column) == "kind":
            return value.replace("-", " ")
    return value
