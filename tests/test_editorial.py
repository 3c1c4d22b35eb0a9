"""House style, checked where a machine can check it (see docs/house-style.md).

Most checks read what a reader reads: the built HTML pages (text outside code-cell inputs)
and, where TeX is installed, the PDF text. The rest read the chapter sources and the data,
where the rule lives (one home per quotation, paragraph and overview lengths, sources).
"""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from pathlib import Path
from urllib.parse import urlparse

import pytest
from bs4 import BeautifulSoup

from hersmell import load
from hersmell.chapter_lint import (
    CONNECTIONS_MAX_WORDS,
    OVERVIEW_MAX_WORDS,
    lint_theme_chapter,
    prose,
    quote_ids,
    shown_words,
    split_sections,
    toc_pages,
)
from hersmell.datapackage import data_dir, words
from hersmell.factsheet import first_naming
from hersmell.sorting import name_key, title_key
from hersmell.source import normalise

ROOT = Path(__file__).resolve().parents[1]
CHAPTERS = ROOT / "chapters"

# A citation key as sphinxcontrib-bibtex prints it: [Aro00], [KH86], [GunsNRoses91], [rol67], [rol].
CITATION_KEY = re.compile(r"\[(?:[A-Z][A-Za-z]{1,15}\+?\d{2}[a-z]?|[a-z]{2,5}\d{0,2})\]")
REPRS = [
    re.compile(p)
    for p in (
        r"\bdtype:",
        r"\bName: \w+, dtype",
        r"<pandas\.",
        r" object at 0x[0-9a-f]+",
        r"^\s*\d+\s+\w+\s*\n\s*\d+\s+\w+\s*$",
        r"\[(?:'[^']*', )+'[^']*'\]",
    )
]
# Internal ids a reader must never see as words (speaker, act, kind, raiser and theme ids).
INTERNAL_IDS = re.compile(
    r"(?<![\w/#.-])(perry|act[1-5]|film-series|moss-via-perry|music-business|"
    r"raised_by|passage_id|theme_id|act_id|influence_id)(?![\w/.-])"
)
# Wordings the fact sheet settled: each was one side of a contradiction in an earlier draft.
SETTLED = [
    "a gunshot",
    "a suicide or an overdose",
    "newest of all",
    "season of music biopics",
    "a Broadway musical",
    "under a minute",
    "produces nothing",
    "DC Films (dir",
    "Moss studied Truth",
]
US_SPELLINGS = re.compile(
    r"\b(colou?r(?<!colour)|favor\w*|behavior\w*|center\w*|theater\w*|judgment|toward|"
    r"\w+iz(?:e|es|ed|ing|ation)|dramatiz\w*|gray|"
    r"(?:panel|label|model|travel|cancel|counsel|signal|level|quarrel|marvel)(?:ed|ing))\b"
)
US_ALLOWED = {
    "size",
    "sizes",
    "sized",
    "seize",
    "seizes",
    "seized",
    "prize",
    "prizes",
    "capsize",
    "citizen",
    "citizens",
    "Tarzan",
}


def theme_chapters() -> dict[str, Path]:
    found = {}
    for page in toc_pages(ROOT):
        path = ROOT / f"{page}.md"
        m = re.search(r"^\(theme-([a-z-]+)\)=\n# ", path.read_text(encoding="utf-8"), re.M)
        if m:
            found[m.group(1)] = path
    return found


def book_pages() -> list[Path]:
    return [ROOT / f"{p}.md" for p in toc_pages(ROOT)]


def reader_text(html: str) -> str:
    """What a reader reads on a page: the article, without code inputs, scripts or styles."""
    soup = BeautifulSoup(html, "html.parser")
    main = soup.find("article") or soup.find("main") or soup
    for junk in main.select("script, style, .cell_input, .highlight, .headerlink, .toggle-details__summary, code"):
        junk.decompose()  # code (cell inputs, `inline code`) is code, not prose or output
    text = " ".join(main.get_text(" ").split())
    return re.sub(r"\( ", "(", re.sub(r" ([,.;:)!?])", r"\1", text))


@pytest.fixture(scope="module")
def pages(site) -> dict[str, str]:
    out = {}
    for path in sorted(site.rglob("*.html")):
        if path.name in ("search.html", "genindex.html", "404.html") or "_static" in path.parts:
            continue
        out[str(path.relative_to(site))] = reader_text(path.read_text(encoding="utf-8"))
    assert len(out) >= 15
    return out


@pytest.fixture(scope="module")
def pdf() -> str:
    from test_pdf import STUDENT, pdf_text

    return pdf_text(STUDENT)


# --------------------------------------------------------------- titles, not citation keys
def test_no_citation_keys_in_any_built_page(pages):
    found = {name: CITATION_KEY.findall(text) for name, text in pages.items()}
    assert {k: v for k, v in found.items() if v} == {}


def test_no_citation_keys_in_the_pdf(pdf):
    assert CITATION_KEY.findall(pdf) == []


def test_the_citation_key_check_can_fail():
    assert CITATION_KEY.findall("the model he rejects: Aronofsky [Aro00]; Perry [Per14]; [KH86] [rol67] [rol]") == [
        "[Aro00]",
        "[Per14]",
        "[KH86]",
        "[rol67]",
        "[rol]",
    ]
    assert CITATION_KEY.findall("Figure 5.1 [passage 38] [1]") == []


def test_no_cite_roles_in_chapter_sources():
    for path in book_pages():
        assert "{cite" not in path.read_text(encoding="utf-8"), path.name


def test_work_role_gives_title_creator_and_year_once_and_links_to_the_card(site):
    html = (site / "chapters" / "05-performance.html").read_text(encoding="utf-8")
    soup = BeautifulSoup(html, "html.parser")
    links = [a for a in soup.select("article a[href]") if a["href"].endswith("#influence-showgirls")]
    assert links, "no {work} link to the Showgirls card"
    assert links[0].find_parent("em") is not None, "a work's title is italic"
    text = reader_text(html)
    assert text.count("Showgirls (Paul Verhoeven, 1995)") == 1  # creator and year at first mention only
    assert "Showgirls" in text.split("Showgirls (Paul Verhoeven, 1995)", 1)[1]


def test_bibliography_lists_titles_in_reader_order(site):
    soup = BeautifulSoup((site / "chapters" / "16-bibliography.html").read_text(encoding="utf-8"), "html.parser")
    items = soup.select("ul.hs-bibliography > li")
    titles = [li.find(["em", "strong"]).get_text() for li in items]
    assert (
        len(titles)
        == len(load()["influences"].query("kind in ['film', 'documentary', 'album', 'musical', 'publication']")) + 2
    )
    assert titles == sorted(titles, key=title_key)
    assert titles.index("The Phantom of the Opera") > titles.index("Opening Night")  # "The" is ignored


def test_a_works_facts_agree_between_influences_and_the_bibliography():
    from pybtex.database import parse_file

    from hersmell.works import _clean

    inf = load()["influences"].set_index("id")
    for key, entry in parse_file(str(data_dir() / "references.bib")).entries.items():
        if key in ("interview", "her-smell"):
            continue
        assert key in inf.index, f"references.bib entry {key!r} is not an influence"
        assert _clean(entry.fields["title"]) == inf.loc[key, "title"], key
        if "year" in entry.fields or str(inf.loc[key, "year"]) != "<NA>":
            assert str(entry.fields.get("year")) == str(inf.loc[key, "year"]), key


# --------------------------------------------------------------- output fit to read
def test_no_reprs_in_reader_facing_output(pages):
    bad = {name: [p.pattern for p in REPRS if p.search(text)] for name, text in pages.items()}
    assert {k: v for k, v in bad.items() if v} == {}


def test_no_internal_ids_in_reader_facing_output(pages):
    # About the data documents the ids themselves
    skip = {"chapters/17-about-the-data.html"}
    bad = {name: sorted(set(INTERNAL_IDS.findall(text))) for name, text in pages.items() if name not in skip}
    assert {k: v for k, v in bad.items() if v} == {}


def test_the_output_checks_can_fail():
    sample = "speaker\nperry    9\ninterviewer    8\nName: count, dtype: int64 and act1"
    assert any(p.search(sample) for p in REPRS)
    assert INTERNAL_IDS.findall(sample) == ["perry", "act1"]


def test_no_reprs_or_ids_in_the_pdf(pdf):
    assert not any(p.search(pdf) for p in REPRS[:4])
    # About the data documents the ids themselves (as on the web): leave out its pages, found by their
    # running header, and the chapter's opening page just before them (which has none)
    pages = pdf.split("\f")
    inside = [i for i, p in enumerate(pages) if re.search(r"Chapter \d+\. About the data", p)]
    assert inside, "the About the data chapter was not found in the PDF text"
    text = "\f".join(p for i, p in enumerate(pages) if not inside[0] - 1 <= i <= inside[-1])
    found = re.findall(r"(?<![\w/#.-])(act[1-5]|film-series|moss-via-perry)(?![\w/.-])", text)
    assert found == []


def test_figure_references_read_figure_n_m(pages):
    text = pages["chapters/05-performance.html"]
    assert re.search(r"Figure 5\.1 shows", text)
    for name, body in pages.items():
        assert (
            "Where performance appears across the interview. Squares" not in body.split("Figure 5.1")[-1]
            or name != "chapters/05-performance.html"
        )


def test_student_instructions_are_for_the_web_only():
    """'Change X to Y' only makes sense in a live notebook: it sits in an {only} not latex block (web and notebooks, not print)."""
    for path in book_pages():
        for line in prose(path.read_text(encoding="utf-8")).splitlines():
            if re.search(r"\b[Cc]hange `", line):
                assert line.startswith("Running the notebook?"), f"{path.name}: {line[:80]}"


# --------------------------------------------------------------- one home per quotation
def annotations(path: Path) -> list[str]:
    body = split_sections(path.read_text(encoding="utf-8")).get("Annotated passages", "")
    return re.findall(r"""quote\(["'](q\d{3})["']\)""", body)


def test_no_quotation_is_annotated_in_more_than_one_chapter():
    where = defaultdict(list)
    for theme, path in theme_chapters().items():
        for qid in annotations(path):
            where[qid].append(theme)
    assert {q: t for q, t in where.items() if len(t) > 1} == {}


def test_each_annotation_sits_in_its_home_chapter_with_an_anchor():
    home = load()["quotations"].set_index("id")["home"]
    for theme, path in theme_chapters().items():
        text = path.read_text(encoding="utf-8")
        for qid in annotations(path):
            assert home[qid] == theme, f"{qid} is annotated in {theme} but its home is {home[qid]}"
            assert f"(ann-{qid})=" in text
    for qid, theme in home.dropna().items():
        assert f"(ann-{qid})=" in theme_chapters()[theme].read_text(encoding="utf-8"), f"{qid} has no home annotation"


def test_other_chapters_link_to_the_home_annotation_in_one_line():
    home = load()["quotations"].set_index("id")["home"]
    for theme, path in theme_chapters().items():
        text = path.read_text(encoding="utf-8")
        for qid in re.findall(r"\{ref\}`ann-(q\d{3})`", text):
            line = next(ln for ln in text.splitlines() if f"ann-{qid}" in ln)
            assert (len(words(line)) <= 40 and home[qid] != theme) or f"(ann-{qid})=" in text


def quotation_core(text: str) -> str:
    """A quotation's words as a page prints them, without its outer quotation marks and final stop."""
    return normalise(text).strip("\"' ").rstrip(".,;:!? ").strip("\"' ").lower()


def reprinted_quotations(theme: str, text: str, quotations) -> list[str]:
    """Quotations homed in another chapter that this text prints, by a quote() cell or in its words.

    One home per quotation, in exercises too: elsewhere a quotation gets a one-line link to its
    annotation, never a second printing.
    """
    elsewhere = quotations[quotations["home"].notna() & (quotations["home"] != theme)].set_index("id")
    found = [q for q in quote_ids(text) if q in elsewhere.index]
    flat = normalise(text).lower()
    found += [q for q, row in elsewhere.iterrows() if quotation_core(row.text) in flat and q not in found]
    return sorted(found)


def test_no_chapter_prints_a_quotation_homed_elsewhere():
    quotations = load()["quotations"]
    found = {
        theme: reprints
        for theme, path in theme_chapters().items()
        if (reprints := reprinted_quotations(theme, path.read_text(encoding="utf-8"), quotations))
    }
    assert found == {}


def test_no_built_chapter_page_shows_a_quotation_homed_elsewhere(pages):
    """What a reader sees: a homed quotation's words appear on its home chapter's page and no other theme page."""
    quotations = load()["quotations"].dropna(subset=["home"])
    shown = {theme: normalise(pages[f"chapters/{path.stem}.html"]).lower() for theme, path in theme_chapters().items()}
    for row in quotations.itertuples():
        core = quotation_core(row.text)
        assert core in shown[row.home], f"{row.id} is not shown on its home page ({row.home})"
        assert [t for t, text in shown.items() if t != row.home and core in text] == [], row.id


def test_the_reprint_check_can_fail():
    """A close-reading exercise that reprints another chapter's quotation, by cell or by hand, is caught."""
    quotations = load()["quotations"]
    home = quotations.set_index("id")["home"]
    assert home["q066"] == "persona" and home["q041"] == "ending"
    cell = 'Read the quotation below.\n\n```{code-cell} ipython3\n:tags: [remove-input]\nquote("q066")\n```\n'
    assert reprinted_quotations("performance", cell, quotations) == ["q066"]
    typed = "Becky says, \u201cIt\u2019s not over yet,\u201d and then two hours later, \u201cIt\u2019s over.\u201d"
    assert reprinted_quotations("performance", typed, quotations) == ["q041"]
    assert reprinted_quotations("ending", typed + cell.replace("q066", "q041"), quotations) == []
    assert (
        reprinted_quotations(
            "performance", "Passage 38: annotated in {ref}`theme-ending` ({ref}`ann-q041`).", quotations
        )
        == []
    )


# --------------------------------------------------------------- length limits
def test_no_paragraph_runs_over_200_words():
    long = []
    for path in book_pages():
        for para in prose(path.read_text(encoding="utf-8")).split("\n\n"):
            if len(words(para)) > 200:
                long.append((path.name, len(words(para)), para.strip()[:60]))
    assert long == []


def test_overviews_run_at_most_about_700_words():
    sizes = {
        t: len(words(prose(split_sections(p.read_text(encoding="utf-8"))["Overview"])))
        for t, p in theme_chapters().items()
    }
    assert max(sizes.values()) <= OVERVIEW_MAX_WORDS, sizes


def test_connections_sections_are_short_pointers(site):
    """Connections to other themes: a sentence or two per chapter and a link, at most 150 words as the reader reads them."""
    sizes = {}
    for theme, path in theme_chapters().items():
        soup = BeautifulSoup((site / "chapters" / f"{path.stem}.html").read_text(encoding="utf-8"), "html.parser")
        head = next(h for h in soup.select("article h2") if "Connections to other themes" in h.get_text())
        section = head.find_parent("section")
        text = reader_text(str(section)).replace("Connections to other themes", "", 1)
        sizes[theme] = len(words(text))
        assert section.select("a.reference.internal"), f"{theme}: Connections has no links"
    assert max(sizes.values()) <= CONNECTIONS_MAX_WORDS, sizes
    source = {
        t: len(shown_words(split_sections(p.read_text(encoding="utf-8"))["Connections to other themes"]))
        for t, p in theme_chapters().items()
    }
    assert max(source.values()) <= CONNECTIONS_MAX_WORDS, source


def test_the_connections_limit_can_fail(tmp_path):
    theme, path = sorted(theme_chapters().items())[0]
    text = path.read_text(encoding="utf-8")
    retold = "Opening Night follows a stage actress through the previews of a new play. " * 15
    long = text.replace("## Connections to other themes\n", f"## Connections to other themes\n\n{retold}\n", 1)
    (tmp_path / "long.md").write_text(long, encoding="utf-8")
    assert any("'Connections to other themes' has" in p for p in lint_theme_chapter(tmp_path / "long.md", theme))
    assert len(shown_words("{ref}`theme-persona` asks who is left ([passage 30](#passage-p30)).")) == 7


def test_model_answers_keep_their_stated_limits():
    for theme, path in theme_chapters().items():
        close = split_sections(path.read_text(encoding="utf-8"))["Close reading"]
        limit = re.search(r"(\d+)\s*(?:to|-|–)\s*(\d+) words", close)
        answer = re.search(r"Model answer\n:class: dropdown\n(.*?)\n:::", close, re.S)
        assert limit and answer, theme
        n = len(words(answer.group(1)))
        assert int(limit.group(1)) <= n <= int(limit.group(2)), f"{theme}: {n} words"


def test_each_theme_chapter_opens_with_a_key_points_box(site):
    for theme, path in theme_chapters().items():
        html = (site / "chapters" / f"{path.stem}.html").read_text(encoding="utf-8")
        soup = BeautifulSoup(html, "html.parser")
        box = soup.select_one("article .admonition.tip")
        assert box is not None and "Key points" in box.get_text(), theme
        first_h2 = soup.select_one("article section section h2, article h2")
        assert box.find_previous("h2") is None or box.find_previous("h2") != first_h2


# --------------------------------------------------------------- no repeats
def test_no_further_viewing_title_in_more_than_two_chapters():
    seen = defaultdict(list)
    for theme, path in theme_chapters().items():
        part = split_sections(path.read_text(encoding="utf-8"))["Key terms and further viewing"]
        viewing = part.split("**Further viewing:**")[-1].split("**What next")[0]
        for iid in re.findall(r"^- \{work\}`([^`<]+)`", viewing, re.M):
            seen[iid].append(theme)
    assert {k: v for k, v in seen.items() if len(v) > 2} == {}


# --------------------------------------------------------------- facts and sources
def source_urls() -> list[tuple[str, str]]:
    out = []
    for path in sorted(data_dir().glob("*.csv")):
        with path.open(newline="", encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                for url in re.split(r";\s*", row.get("source") or ""):
                    if url:
                        out.append((f"{path.name}:{row.get('id')}", url))
    bib = (data_dir() / "references.bib").read_text(encoding="utf-8")
    out += [("references.bib", u) for u in re.findall(r"url\s*=\s*\{([^}]*)\}", bib)]
    return out


def allowed(url: str, domains: set[str]) -> bool:
    host = (urlparse(url).hostname or "").removeprefix("www.")
    return urlparse(url).scheme in ("http", "https") and any(host == d or host.endswith("." + d) for d in domains)


def test_every_source_url_is_on_a_reviewed_domain():
    domains = set(load()["source_domains"]["domain"])
    bad = [(where, url) for where, url in source_urls() if not allowed(url, domains)]
    assert bad == []
    assert len(source_urls()) > 80


def test_the_domain_rule_can_fail():
    domains = set(load()["source_domains"]["domain"])
    for weak in (
        "http://www.absoluteastronomy.com/topics/Madison_Square_Garden",
        "https://en.everybodywiki.com/x",
        "http://www.cracked.com/funny-1706-motley-crue/",
        "https://freegreatmovies.com/Free-Movie/x",
        "http://mediawiki.feverous.co.uk/index.php/Electropunk",
        "https://owiki.org/wiki/If_the_World",
        "https://evilwikipedia.org.example.com/",
        "ftp://en.wikipedia.org/x",
    ):
        assert not allowed(weak, domains), weak
    assert allowed("https://en.wikipedia.org/wiki/VHS", domains)


def test_every_settled_fact_has_one_wording_source(site):
    """A fact is worded in facts.csv and rendered by {fact-sheet}; no page retypes it."""
    facts = load()["facts"]
    html = (site / "chapters" / "19-fact-sheet.html").read_text(encoding="utf-8")
    topics = [r.get_text(strip=True) for r in BeautifulSoup(html, "html.parser").select(".hs-fact .rubric")]
    assert len(topics) == len(facts)
    sheet = reader_text(html)
    sheet = re.sub(r" \([^()]*, \d{4}\)", "", sheet)  # a work's maker and year at first mention
    sheet = sheet.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"').replace("\u201d", '"')
    source = (CHAPTERS / "19-fact-sheet.md").read_text(encoding="utf-8")
    assert "```{fact-sheet}" in source
    titles = load()["influences"].set_index("id")["title"]
    for row in facts.itertuples():
        shown = re.sub(r"\{work\}`([^`]+)`", lambda m: titles[m.group(1)], str(row.fact))
        probe = " ".join(shown.replace("*", "").split(".")[0].split()[-6:])
        assert topics.count(row.topic) == 1, row.topic
        assert probe in " ".join(sheet.split()), f"fact {row.id} is not on the page"
        for path in book_pages():
            if path.stem != "19-fact-sheet":
                assert " ".join(str(row.fact).split()[:12]) not in " ".join(path.read_text(encoding="utf-8").split()), (
                    f"{path.name} retypes fact {row.id}; link to {{ref}}`fact-{row.id}` instead"
                )


def test_settled_facts_are_not_contradicted_anywhere(pages):
    for name, text in pages.items():
        flat = " ".join(text.split())
        assert [s for s in SETTLED if s in flat] == [], name
    for path in sorted(data_dir().glob("*.csv")):
        flat = " ".join(path.read_text(encoding="utf-8").split())
        assert [s for s in SETTLED if s in flat] == [], path.name


def test_who_brought_up_each_influence_is_who_first_names_it():
    t = load()
    first = first_naming(t)
    for row in t["influences"].itertuples():
        speaker = first.loc[row.id, "speaker"]
        expected = "perry" if row.raised_by == "moss-via-perry" else row.raised_by
        assert speaker == expected, f"{row.id}: raised_by {row.raised_by}, first named by {speaker}"


def test_the_interviewer_is_the_same_person_everywhere():
    t = load()
    people = t["people"].set_index("id")
    assert people.loc["interviewer", "kind"] == "conversation"
    from hersmell.labels import SPEAKERS

    assert SPEAKERS["interviewer"].lower().endswith("interviewer")
    assert set(t["passages"]["speaker"]) <= {"interviewer", "perry"}
    assert people.loc["alex-ross-perry", "name"] == SPEAKERS["perry"]


# --------------------------------------------------------------- sorting, spelling, glossary
def test_glossary_is_in_reader_order(site):
    soup = BeautifulSoup((site / "chapters" / "15-glossary.html").read_text(encoding="utf-8"), "html.parser")
    terms = [dt.get_text(" ").replace("¶", "").strip() for dt in soup.select("article dl.glossary > dt")]
    assert len(terms) == len(load()["glossary"])
    assert terms == sorted(terms, key=title_key)
    assert terms[0] != "VHS"


def test_influence_index_is_in_reader_order(site):
    soup = BeautifulSoup((site / "chapters" / "13-influences.html").read_text(encoding="utf-8"), "html.parser")
    titles = [dt.get("id") for dt in soup.select("dl.hs-influence-index > dt")]
    inf = load()["influences"].set_index("id")
    shown = [inf.loc[i.removeprefix("influence-"), "title"] for i in titles if i]
    assert shown == sorted(shown, key=title_key)


def test_people_lists_are_sorted_by_surname(site):
    soup = BeautifulSoup((site / "chapters" / "04-whos-who.html").read_text(encoding="utf-8"), "html.parser")
    for table in soup.select("article table"):
        heads = [th.get_text(strip=True) for th in table.select("thead th")]
        col = next((heads.index(h) for h in ("Name", "Actor") if h in heads), None)
        if col is None:
            continue
        names = [tr.select("td")[col].get_text(strip=True) for tr in table.select("tbody tr")]
        assert names == sorted(names, key=name_key), names


def test_sort_keys_follow_reader_expectations():
    assert sorted(["VHS", "camp", "The Dirt", "Amy", "denouement"], key=title_key) == [
        "Amy",
        "camp",
        "denouement",
        "The Dirt",
        "VHS",
    ]
    assert sorted(["Virginia Madsen", "Amber Heard", "Elisabeth Moss", "Ali van der Wolff"], key=name_key) == [
        "Amber Heard",
        "Virginia Madsen",
        "Elisabeth Moss",
        "Ali van der Wolff",
    ]


def test_one_spelling_british():
    quotes = set(load()["quotations"]["text"])
    found = []
    for path in book_pages():
        text = prose(path.read_text(encoding="utf-8"))
        for q in quotes:
            text = text.replace(q, "")
        found += [(path.name, w) for w in US_SPELLINGS.findall(re.sub(r"`[^`]*`", "", text)) if w not in US_ALLOWED]
    tables = load()
    for name in sorted(set(tables) - {"quotations"}):  # every table a page or handout prints from
        for col in tables[name].select_dtypes(include=["object", "string"]).columns:  # the data are string-typed
            for value in tables[name][col].dropna():
                found += [(name, w) for w in US_SPELLINGS.findall(str(value)) if w not in US_ALLOWED]
    assert found == []


def glossary_first_use_problems(text: str, terms: list[str]) -> list[str]:
    # the self-check quiz is generated from data by its own module; prose starts with the page
    text = re.sub(r"\n## Self-check\n.*?(?=\n## )", "\n", text, flags=re.S)
    body = prose(text)
    body = re.sub(r"^#+ .*$", "", body, flags=re.M)
    body = re.sub(r"\]\([^)]*\)", "]", body)
    body = re.sub(r"\{term\}`([^`]*)`", lambda m: "\x00" + m.group(1).replace(" ", "\x01") + "\x00", body)
    body = re.sub(r"\{[a-z:-]+\}`[^`]*`", " ", body)  # other roles: {ref}, {work}, {glue:text}...
    body = re.sub(r"`[^`]*`", " ", body)  # inline code
    problems = []
    for term in terms:
        pat = re.compile(rf"(\x00[^\x00]*\x00)|(?<![\w-])({re.escape(term)})(?![\w-])", re.I)
        for m in pat.finditer(body):
            if m.group(1):
                if term.lower() in m.group(1).replace("\x01", " ").lower():
                    break
                continue
            problems.append(term)
            break
    return problems


def test_glossary_terms_are_linked_at_first_use_on_every_page():
    terms = list(load()["glossary"]["term"])
    bad = {
        p.name: glossary_first_use_problems(p.read_text(encoding="utf-8"), terms)
        for p in book_pages()
        if p.stem != "15-glossary"
    }
    assert {k: v for k, v in bad.items() if v} == {}


def test_the_first_use_check_can_fail():
    assert glossary_first_use_problems("A punk band. Then {term}`punk` again.", ["punk"]) == ["punk"]
    assert glossary_first_use_problems("A {term}`punk` band, then punk again.", ["punk"]) == []


def test_terms_a_student_meets_are_in_the_glossary():
    terms = {t.lower() for t in load()["glossary"]["term"]}
    for needed in (
        "freytag's pyramid",
        "falling action",
        "observational documentary",
        "found footage",
        "svengali",
        "green room",
    ):
        assert needed in terms


def test_the_spelling_check_can_fail():
    sample = "the color of wood paneling, a modeled gray center; colour, panelling, modelled, grey"
    assert [w for w in US_SPELLINGS.findall(sample) if w not in US_ALLOWED] == [
        "color",
        "paneling",
        "modeled",
        "gray",
        "center",
    ]
