"""Sort keys for lists as readers expect them: case-insensitive, "The"/"A" ignored, people by surname."""

from __future__ import annotations

import re

ARTICLES = re.compile(r"^(the|a|an)\s+", re.I)
# Name parts that belong with the surname ("Lloyd Webber", "van der Wolff") or follow it ("Jr.").
PARTICLES = {"van", "der", "de", "von", "la", "le", "du"}
SUFFIXES = {"jr.", "jr", "sr.", "ii", "iii"}


def title_key(title) -> str:
    """Titles and terms: case-insensitive, leading article and punctuation ignored ("The Dirt" under D)."""
    t = ARTICLES.sub("", str(title).strip())
    return re.sub(r"[^\w\s]", "", t).casefold()


def name_key(name) -> tuple[str, str]:
    """A person's name, surname first, case-insensitive ("Amber Heard" under H)."""
    parts = [p for p in str(name).split() if p.casefold() not in SUFFIXES]
    if len(parts) < 2:
        return (title_key(name), "")
    i = len(parts) - 1
    while i > 1 and parts[i - 1].casefold() in PARTICLES:
        i -= 1
    return (title_key(" ".join(parts[i:])), title_key(" ".join(parts[:i])))
