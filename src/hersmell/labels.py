"""How the guide names its enumerated values to readers: one place for the page, the PDF,
the figures and the widgets (the browser gets them in the widget's state)."""

SPEAKERS = {"interviewer": "The interviewer", "perry": "Alex Ross Perry"}
RAISED_BY = {"perry": "Perry", "moss-via-perry": "Moss, as Perry reports", "interviewer": "The interviewer"}
