"""The pages in a real headless Chromium: what a person sees, with screenshots to look at."""
from __future__ import annotations

import shutil
import tempfile
import urllib.parse
from pathlib import Path

import pytest

from conftest import OUTPUT, missing_tier

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
SCREENSHOTS = OUTPUT / "screenshots"
POLICY = "武政办〔2016〕69号"


@pytest.fixture(scope="module")
def browser():
    if not (CHROMIUM.exists() and CHROMEDRIVER.exists()):
        missing_tier("Debian chromium and chromedriver are not installed (/usr/bin/chromium, /usr/bin/chromedriver)")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="budgetkg-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--window-size=1280,1000",
                "--lang=zh-CN", f"--user-data-dir={profile}"):
        options.add_argument(arg)
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    driver.set_page_load_timeout(60)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    yield driver
    driver.quit()
    shutil.rmtree(profile, ignore_errors=True)


def shot(driver, name: str) -> Path:
    path = SCREENSHOTS / f"{name}.png"
    height = driver.execute_script("return document.body.scrollHeight")
    driver.set_window_size(1280, min(max(height + 120, 800), 2400))
    driver.save_screenshot(str(path))
    assert path.stat().st_size > 10_000  # a rendered page, not a blank one
    return path


def test_home_shows_counts_and_example_questions(browser, served):
    from selenium.webdriver.common.by import By

    browser.get(served.url + "/")
    counts = browser.find_elements(By.CSS_SELECTOR, "ul.counts li")
    assert len(counts) == 7
    assert all(int(li.find_element(By.CLASS_NAME, "n").text) >= 0 for li in counts)
    assert browser.find_elements(By.CSS_SELECTOR, "ul.examples a[href^='/trace?q=']")
    shot(browser, "home")


def test_editor_highlights_and_runs_a_query(browser, served):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    browser.get(served.url + "/editor")
    area = browser.find_element(By.ID, "query")
    assert "PREFIX bkg:" in area.get_attribute("value")  # prefixes pre-filled
    area.send_keys(Keys.CONTROL, "a")
    area.send_keys(Keys.DELETE)
    area.send_keys("PREFIX eli: <http://data.europa.eu/eli/ontology#>\n"
                   "SELECT DISTINCT ?policy ?id WHERE { ?policy eli:id_local ?id } ORDER BY ?id LIMIT 10")
    # the highlighter drew the keywords
    assert browser.find_elements(By.CSS_SELECTOR, "#highlight .tok-kw")
    browser.find_element(By.ID, "run").click()
    WebDriverWait(browser, 30).until(ec.presence_of_element_located((By.CSS_SELECTOR, "table.results tbody tr")))
    rows = browser.find_elements(By.CSS_SELECTOR, "table.results tbody tr")
    assert len(rows) == 10
    assert rows[0].find_element(By.CSS_SELECTOR, "a").get_attribute("href").startswith(served.url + "/id/policy/")
    shot(browser, "editor")


def test_trace_leads_from_a_policy_to_its_two_projects_and_on_to_a_project(browser, served):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    browser.get(served.url + "/trace?" + urllib.parse.urlencode({"q": POLICY}))
    first = browser.find_element(By.CSS_SELECTOR, "section.policy")
    assert POLICY in first.find_element(By.TAG_NAME, "h2").text
    projects = first.find_elements(By.CSS_SELECTOR, "a.project")
    assert len(projects) == 2
    quotes = first.find_elements(By.CSS_SELECTOR, "blockquote.quote")
    assert any("69" in q.text for q in quotes)
    shot(browser, "trace")
    projects[0].click()
    WebDriverWait(browser, 30).until(ec.url_contains("/id/project/"))
    heading = browser.find_element(By.TAG_NAME, "h1").text
    assert heading
    bases = browser.find_elements(By.CSS_SELECTOR, ".basis a")
    assert any(POLICY in a.text for a in bases)
    shot(browser, "project")
