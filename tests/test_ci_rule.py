"""The conftest rule: a test that needs a tool skips where the tool is missing, and fails under CI."""

from pathlib import Path

pytest_plugins = ["pytester"]

CONFTEST = (Path(__file__).parent / "conftest.py").read_text(encoding="utf-8")
TESTS = """
import pytest

@pytest.mark.tex
def test_needs_tex():
    pytest.skip("no TeX here")

def test_uses_the_browser(browser):
    pass

def test_plain_skip():
    pytest.skip("nothing needed")
"""


def _run(pytester, monkeypatch, ci: bool):
    pytester.makeconftest(CONFTEST)
    pytester.makepyprojecttoml(
        '[tool.pytest.ini_options]\nmarkers = ["tex: t", "chromium: c", "lab: l", '
        '"slow: s", "interview: i", "build: b"]\n'
    )
    pytester.makepyfile(test_rule=TESTS)
    monkeypatch.setenv("PATH", "/nonexistent")  # no chromium: the browser fixture skips
    if ci:
        monkeypatch.setenv("CI", "true")
    else:
        monkeypatch.delenv("CI", raising=False)
    return pytester.runpytest_inprocess("-p", "no:cacheprovider")


def test_needed_tools_skip_locally(pytester, monkeypatch):
    _run(pytester, monkeypatch, ci=False).assert_outcomes(skipped=3)


def test_needed_tools_fail_under_ci(pytester, monkeypatch):
    result = _run(pytester, monkeypatch, ci=True)
    result.assert_outcomes(failed=1, errors=1, skipped=1)  # a plain skip stays a skip
    result.stdout.fnmatch_lines(
        [
            "*skipped under CI, which must run the tex tests: no TeX here*",
            "*skipped under CI, which must run the chromium tests*chromium is not installed*",
        ]
    )
