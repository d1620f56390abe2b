"""The HTML review page in headless Chromium: accept and reject edits, export, and apply the export.

Needs the chromium and chromium-driver packages and the selenium Python package; skipped otherwise.
Set UNSPIN_SCREENSHOT=PATH to also save a screenshot of the page (docs/review-page.png is made so).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import urllib.parse
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SPUN = ROOT / "samples" / "seed" / "spun.txt"
TEST_LEXICON = ROOT / "tests" / "data" / "review-lexicon.tsv"
LEXICON_ARGS = [] if any((ROOT / "lexicons").glob("*.tsv")) else ["--lexicon", str(TEST_LEXICON)]

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
DRIVER = shutil.which("chromedriver")
webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed (pip install selenium)")
pytestmark = pytest.mark.skipif(not (CHROMIUM and DRIVER),
                                reason="chromium and chromedriver not found (apt-get install chromium chromium-driver)")


def unspin(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "unspin", *args], capture_output=True, cwd=ROOT, check=False)


@pytest.fixture(scope="module")
def browser():
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="unspin-chromium-")
    opts = Options()
    opts.binary_location = CHROMIUM
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-dev-shm-usage", f"--user-data-dir={profile}", "--window-size=1400,1000"):
        opts.add_argument(flag)
    driver = webdriver.Chrome(service=Service(DRIVER), options=opts)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    out = tmp_path_factory.mktemp("html") / "review.html"
    proc = unspin(*LEXICON_ARGS, "--format", "html", "-o", str(out), str(SPUN.relative_to(ROOT)))
    assert proc.returncode == 0, proc.stderr.decode()
    return out


def _export(driver) -> tuple[str, str]:
    text = driver.find_element("id", "export").get_property("value")
    href = driver.find_element("id", "download").get_attribute("href")
    prefix = "data:application/x-ndjson;charset=utf-8,"
    assert href.startswith(prefix)
    return text, urllib.parse.unquote(href[len(prefix):])


def test_accept_reject_export_apply(browser, page, tmp_path):
    browser.get(page.as_uri())
    edits = browser.find_elements("css selector", "#text .edit")
    assert len(edits) >= 4, "the seed sample should give several edits"
    assert _export(browser) == ("", "")  # nothing decided yet: nothing exported

    # accept the first edit with the mouse (hover shows its buttons), reject the second
    from selenium.webdriver.common.action_chains import ActionChains
    ActionChains(browser).move_to_element(edits[0]).perform()
    edits[0].find_element("css selector", "button.accept").click()
    ActionChains(browser).move_to_element(edits[1]).perform()
    edits[1].find_element("css selector", "button.reject").click()
    # accept the third from the keyboard
    browser.execute_script("arguments[0].focus()", edits[2])
    edits[2].send_keys("y")
    assert [e.get_attribute("data-state") for e in edits[:3]] == ["accepted", "rejected", "accepted"]
    assert browser.find_element("id", "n-accepted").text == "2"
    assert browser.find_element("id", "n-rejected").text == "1"

    # accept a whole rule: every edit of the fourth edit's rule
    rule = edits[3].get_attribute("data-rule")
    row = browser.find_element("css selector", f'#rules tr[data-rule="{rule}"]')
    row.find_element("css selector", 'button[data-rule-act="accepted"]').click()
    chosen = {0, 2} | {i for i, e in enumerate(edits) if e.get_attribute("data-rule") == rule}

    text, downloaded = _export(browser)
    assert text == downloaded
    records = [json.loads(line) for line in text.splitlines()]
    assert len(records) == len(chosen)

    # the export is exactly the matching lines of --format jsonl, and unspin apply takes it
    full = unspin(*LEXICON_ARGS, "--format", "jsonl", str(SPUN.relative_to(ROOT))).stdout.decode().splitlines()
    assert text.splitlines() == [full[i] for i in sorted(chosen)]
    exported = tmp_path / "accepted.jsonl"
    exported.write_text(text, encoding="utf-8")
    applied = unspin("apply", str(exported), str(SPUN))
    assert applied.returncode == 0, applied.stderr.decode()
    spun = SPUN.read_text(encoding="utf-8")
    expected = spun
    for r in sorted(records, key=lambda r: r["start"], reverse=True):
        expected = expected[:r["start"]] + r["replacement"] + expected[r["end"]:]
    assert applied.stdout.decode() == expected

    # accept all: the export then reproduces unspin's own output
    browser.find_element("css selector", 'button[data-all="accepted"]').click()
    text, _ = _export(browser)
    exported.write_text(text, encoding="utf-8")
    applied = unspin("apply", str(exported), str(SPUN))
    assert applied.stdout == unspin(*LEXICON_ARGS, str(SPUN)).stdout

    shot = os.environ.get("UNSPIN_SCREENSHOT")
    if shot:
        browser.find_element("css selector", 'button[data-all="pending"]').click()
        ActionChains(browser).move_to_element(edits[0]).perform()
        edits[0].find_element("css selector", "button.accept").click()
        ActionChains(browser).move_to_element(edits[1]).perform()
        edits[1].find_element("css selector", "button.reject").click()
        browser.execute_script("arguments[0].focus()", edits[3])
        browser.save_screenshot(shot)


def test_page_makes_no_requests_and_escapes(browser, tmp_path):
    """Hostile input stays text: no element, script or request comes out of it."""
    hostile = tmp_path / "hostile.txt"
    hostile.write_text('<img src=x onerror="document.title=1"></script><script>document.title=2</script> '
                       "Jap Top Minister Fumio Kishida for a state consult with on Wednesday.\n", encoding="utf-8")
    out = tmp_path / "hostile.html"
    proc = unspin(*LEXICON_ARGS, "--format", "html", "-o", str(out), str(hostile))
    assert proc.returncode == 0, proc.stderr.decode()
    browser.get(out.as_uri())
    assert browser.execute_script("return document.querySelectorAll('#text img, #text script').length") == 0
    assert "<img src=x" in browser.find_element("id", "text").text
    assert browser.title.startswith("unspin review")
    entries = browser.execute_script("return performance.getEntriesByType('resource').length")
    assert entries == 0
