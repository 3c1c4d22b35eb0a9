"""The table picker on the static site (headless Debian chromium, offline), and escaping."""

import expected as ex
import pandas as pd

from hersmell.labels import RAISED_BY
from hersmell.widgets import InfluenceExplorer, TablePicker

PAGE = "/chapters/01-how-to-use.html"


def rows(page):
    return [r.inner_text().split("\t") for r in page.locator(".hs-picker tbody tr").all()]


def titles_for(raised_by):
    return sorted(r["title"] for r in ex.rows("influences") if r["raised_by"] == raised_by)


def test_picker_changes_its_table_in_the_browser(page, server):
    page.goto(server + PAGE)
    select = page.get_by_label("Brought up by")
    first = select.input_value()
    assert sorted(r[1] for r in rows(page)) == titles_for(first)
    for choice in ("moss-via-perry", "interviewer", "perry"):
        select.select_option(choice)
        shown = rows(page)
        assert {r[0] for r in shown} == {RAISED_BY[choice]}  # by name, not by id
        assert sorted(r[1] for r in shown) == titles_for(choice)
    n = len(titles_for("perry"))
    assert page.locator(".hs-picker .hs-status").inner_text() == f"{n} rows for {RAISED_BY['perry']}"
    assert page.locator(".hs-picker th").all_inner_texts()[0] == "Brought up by"  # a label, not raised_by
    assert page.locator(".hs-picker caption").inner_text() == f"Brought up by: {RAISED_BY['perry']}"


def test_page_stays_on_its_own_host_and_logs_no_errors(page, server):
    page.goto(server + PAGE, wait_until="networkidle")
    page.get_by_label("Brought up by").select_option("interviewer")
    assert page.log.requests, "the request log is empty: the recorder is broken"
    assert page.log.foreign() == []
    assert page.log.console_errors == []
    assert page.log.page_errors == []
    assert page.log.failed == []


EVIL = '</script><script>window.pwned = 1</script><b onmouseover="x">"quoted" & <i>'


def _static_page(page, html):
    page.set_content(f"<!doctype html><html><head><title>t</title></head><body>{html}</body></html>")
    page.wait_for_timeout(200)


def test_picker_escapes_data_in_the_static_page(page):
    picker = TablePicker(pd.DataFrame({"k": [EVIL, "plain"], "v": [EVIL, "x"]}), key="k", label="Key")
    _static_page(page, picker.static_html())
    assert page.evaluate("window.pwned") is None
    assert page.locator("tbody td").nth(1).inner_text() == EVIL
    assert page.locator("option").first.inner_text() == EVIL


def test_explorer_escapes_data_in_the_static_page(page):
    mine = pd.DataFrame(
        {"id": ["evil"], "title": [EVIL], "kind": ["film"], "summary": [EVIL], "source": ['javascript:alert(1)"']}
    )
    _static_page(page, InfluenceExplorer(mine).static_html())
    assert page.evaluate("window.pwned") is None
    assert page.locator(".hs-card-title").inner_text() == EVIL
    assert page.locator(".hs-facts a").count() == 0  # a non-http source is shown as text, never a link
    assert page.locator("script").evaluate_all("s => s.filter(x => x.textContent.includes('pwned')).length") == 1


def test_markdown_table_escapes_markup():
    md = TablePicker(pd.DataFrame({"k": ["a|b"], "v": ["<script>*x*</script>"]}), key="k").to_markdown()
    assert "\\|" in md and "\\<script\\>" in md and "\\*x\\*" in md
