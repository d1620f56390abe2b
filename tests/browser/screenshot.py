"""Make docs/review-page.png: the review page of samples/seed/spun.txt in headless Chromium.

Usage: python tests/browser/screenshot.py [OUT.png]   (needs chromium, chromium-driver and selenium)
The page uses the shipped lexicons plus tests/data/review-lexicon.tsv, so that it shows several kinds.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service

ROOT = Path(__file__).resolve().parents[2]
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-dev-shm-usage", "--window-size=1400,900")


def main(out: str = str(ROOT / "docs" / "review-page.png")) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        page = Path(tmp) / "review.html"
        subprocess.run([sys.executable, "-m", "unspin", "--lexicon", "tests/data/review-lexicon.tsv",
                        "--format", "html", "-o", str(page), "samples/seed/spun.txt"], cwd=ROOT, check=True)
        opts = Options()
        opts.binary_location = shutil.which("chromium") or "chromium"
        for flag in (*FLAGS, f"--user-data-dir={tmp}/profile"):
            opts.add_argument(flag)
        driver = webdriver.Chrome(service=Service(shutil.which("chromedriver")), options=opts)
        try:
            driver.get(page.as_uri())
            edits = driver.find_elements("css selector", "#text .edit")
            # a few decisions, made from the keyboard so no hover tooltip lingers
            for e, key in zip(edits[:6], "yynyyy", strict=False):
                driver.execute_script("arguments[0].focus()", e)
                e.send_keys(key)
            driver.execute_script("arguments[0].focus()", edits[8])
            driver.save_screenshot(out)
        finally:
            driver.quit()


if __name__ == "__main__":
    main(*sys.argv[1:2])
