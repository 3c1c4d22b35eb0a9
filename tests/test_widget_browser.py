"""The placeholder widget on the static site, in headless Debian chromium, offline."""

PAGE = "/chapters/01-foundation.html"


def rows(page):
    return [r.inner_text().split("\t") for r in page.locator(".hs-picker tbody tr").all()]


def test_picker_changes_its_table_in_the_browser(page, server):
    page.goto(server + PAGE)
    page.wait_for_selector(".hs-picker select")
    first = rows(page)
    assert [r[0] for r in first] and {r[0] for r in first} == {page.locator(".hs-picker select").input_value()}
    page.select_option(".hs-picker select", "1990s")
    assert sorted(r[1] for r in rows(page)) == ["Basic Instinct", "Showgirls"]
    page.select_option(".hs-picker select", "2010s")
    assert [r[1] for r in rows(page)] == ["Amy"]
    assert page.locator(".hs-picker .hs-status").inner_text() == "1 row for 2010s"


def test_picker_label_names_the_control(page, server):
    page.goto(server + PAGE)
    assert page.get_by_label("Decade").count() == 1


def test_page_stays_on_its_own_host_and_logs_no_errors(page, server):
    page.goto(server + PAGE, wait_until="networkidle")
    page.select_option(".hs-picker select", "1970s")
    assert page.log.requests, "the request log is empty: the recorder is broken"
    assert page.log.foreign() == []
    assert page.log.console_errors == []
    assert page.log.page_errors == []
    assert page.log.failed == []
