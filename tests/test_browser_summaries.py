"""Summary pages, source view, charts and search in a real headless Chromium, with screenshots;
accessibility basics (headings in order, labelled form fields, contrast) and a 390 px screen."""
from __future__ import annotations

import urllib.parse

import pytest

from test_browser import SCREENSHOTS, browser, shot  # noqa: F401  (fixture)

pytestmark = [pytest.mark.browser, pytest.mark.slow]

DEPARTMENT = "/id/department/420111/医疗保障局"
PROJECT = "/id/project/42011124043T000000101"  # 医疗救助
POLICY = "/id/policy/武政办〔2016〕69号"
DOCUMENT = "/id/document/001_697358ee9d9e0519"
INDICATOR = "/id/indicator/001_697358ee9d9e0519/1969/1"

# Returns the problems a page has: headings out of order, unlabelled fields, low contrast.
ACCESSIBILITY = r"""
const problems = [];
const levels = [...document.querySelectorAll('h1,h2,h3,h4,h5,h6')].filter(h => h.offsetParent !== null || h.closest('details'))
  .map(h => +h.tagName[1]);
if (levels.filter(l => l === 1).length !== 1) problems.push('h1 count ' + levels.filter(l => l === 1).length);
levels.forEach((l, i) => { if (i && l > levels[i - 1] + 1) problems.push('heading h' + levels[i - 1] + ' -> h' + l); });
for (const el of document.querySelectorAll('input:not([type=hidden]), select, textarea')) {
  const labelled = (el.id && document.querySelector('label[for="' + el.id + '"]')) || el.closest('label') ||
                   el.getAttribute('aria-label') || el.getAttribute('aria-labelledby');
  if (!labelled) problems.push('unlabelled ' + el.outerHTML.slice(0, 80));
}
function rgb(s) { const m = s.match(/[\d.]+/g).map(Number); return m.length > 3 && m[3] === 0 ? null : m.slice(0, 3); }
function lum(c) { const [r, g, b] = c.map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
                  return 0.2126 * r + 0.7152 * g + 0.0722 * b; }
function background(el) { for (; el; el = el.parentElement) { const c = rgb(getComputedStyle(el).backgroundColor); if (c) return c; } return [255, 255, 255]; }
let checked = 0;
for (const el of document.querySelectorAll('main p, main li, main td, main th, main a, main .en, main .meta, main dt, main dd, header a, main button')) {
  if (!el.textContent.trim() || el.offsetParent === null) continue;
  const fg = rgb(getComputedStyle(el).color), bg = background(el);
  const [a, b] = [lum(fg) + 0.05, lum(bg) + 0.05];
  const ratio = Math.max(a, b) / Math.min(a, b);
  checked++;
  if (ratio < 4.5) problems.push('contrast ' + ratio.toFixed(2) + ' ' + el.tagName + ' ' + el.className + ' ' + el.textContent.trim().slice(0, 20));
}
if (!checked) problems.push('no text checked');
return problems.slice(0, 10);
"""


def visit(driver, server, path: str, **params):
    driver.set_window_size(1280, 1000)
    driver.get(server.url + urllib.parse.quote(path) + ("?" + urllib.parse.urlencode(params) if params else ""))


def check_accessible_and_narrow(driver, name: str) -> None:
    assert driver.execute_script(ACCESSIBILITY) == []
    driver.set_window_size(390, 844)
    width = driver.execute_script("return document.documentElement.scrollWidth")
    inner = driver.execute_script("return window.innerWidth")
    assert width <= inner + 1, f"{name}: the page scrolls sideways at 390 px ({width} > {inner})"
    driver.save_screenshot(str(SCREENSHOTS / f"{name}-390px.png"))
    driver.set_window_size(1280, 1000)


def test_department_summary_page(browser, served):
    from selenium.webdriver.common.by import By

    visit(browser, served, DEPARTMENT)
    assert browser.find_element(By.TAG_NAME, "h1").text == "武汉市洪山区医疗保障局"
    bars = browser.find_elements(By.CSS_SELECTOR, "#spending figure.chart svg rect")
    assert len(bars) >= 4 and all(float(b.get_attribute("width")) > 0 for b in bars)
    assert "卫生健康支出" in browser.find_element(By.CSS_SELECTOR, "#spending figure.chart svg").text
    projects = browser.find_elements(By.CSS_SELECTOR, "#projects tbody tr")
    assert len(projects) >= 3 and any(r.text.startswith("医疗救助") for r in projects)
    raw = browser.find_element(By.CSS_SELECTOR, "details.raw")
    assert raw.get_attribute("open") is None  # the triples stay collapsed
    shot(browser, "department")
    check_accessible_and_narrow(browser, "department")


def test_project_summary_page_and_its_source_links(browser, served):
    from selenium.webdriver.common.by import By

    visit(browser, served, PROJECT)
    assert browser.find_element(By.TAG_NAME, "h1").text == "医疗救助"
    assert len(browser.find_elements(By.CSS_SELECTOR, "#bases .basis")) == 5
    assert browser.find_elements(By.CSS_SELECTOR, "#money figure.chart svg rect")
    levels = [td.text for td in browser.find_elements(By.CSS_SELECTOR, "#goals tbody tr td:first-child")]
    assert "产出指标" in levels
    shot(browser, "project-summary")
    check_accessible_and_narrow(browser, "project-summary")
    # a figure's file:line opens the source view at that line, highlighted and in view
    link = browser.find_element(By.CSS_SELECTOR, "#money a.src")
    file_line = link.text
    link.click()
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    cited = WebDriverWait(browser, 30).until(ec.presence_of_element_located((By.CSS_SELECTOR, "li.cited")))
    assert cited.get_attribute("id") == "L" + file_line.rsplit(":", 1)[1]
    assert browser.execute_script(
        "const r = arguments[0].getBoundingClientRect(); return r.top >= 0 && r.bottom <= window.innerHeight;", cited)
    assert browser.find_element(By.CSS_SELECTOR, "li.cited .t").text.strip()
    browser.save_screenshot(str(SCREENSHOTS / "source.png"))
    assert (SCREENSHOTS / "source.png").stat().st_size > 10_000
    check_accessible_and_narrow(browser, "source")


def test_policy_summary_page(browser, served):
    from selenium.webdriver.common.by import By

    visit(browser, served, POLICY)
    assert browser.find_element(By.TAG_NAME, "h1").text == "武政办〔2016〕69号"
    assert len(browser.find_elements(By.CSS_SELECTOR, "#citing a.project")) == 2
    assert browser.find_elements(By.CSS_SELECTOR, "#citing blockquote.quote")
    shot(browser, "policy")
    check_accessible_and_narrow(browser, "policy")


def test_document_summary_page(browser, served):
    from selenium.webdriver.common.by import By

    visit(browser, served, DOCUMENT)
    assert browser.find_element(By.TAG_NAME, "h1").text == "武汉市洪山区医疗保障局2024年部门预算"
    assert browser.find_elements(By.CSS_SELECTOR, "#read table.coverage tbody tr")
    assert browser.find_elements(By.CSS_SELECTOR, "#tables ol.outline li")
    shot(browser, "document")
    check_accessible_and_narrow(browser, "document")


def test_indicator_summary_page(browser, served):
    from selenium.webdriver.common.by import By

    visit(browser, served, INDICATOR)
    assert browser.find_element(By.TAG_NAME, "h1").text == "医疗救助人员"
    assert "≥3000人次" in browser.find_element(By.ID, "values").text
    shot(browser, "indicator")
    check_accessible_and_narrow(browser, "indicator")


def test_spending_chart_with_its_table(browser, served):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import Select, WebDriverWait

    visit(browser, served, "/charts/spending")
    Select(browser.find_element(By.ID, "code")).select_by_value("210")
    overview = browser.find_element(By.CSS_SELECTOR, "figure.chart")
    browser.find_element(By.CSS_SELECTOR, "form.params button").click()
    # The form loads a new page: read its charts only once the overview's are gone.
    WebDriverWait(browser, 30).until(ec.staleness_of(overview))
    charts = browser.find_elements(By.CSS_SELECTOR, "figure.chart")
    assert len(charts) == 1
    labels = charts[0].find_element(By.TAG_NAME, "svg").text
    assert "武汉市洪山区医疗保障局" in labels
    charts[0].find_element(By.TAG_NAME, "summary").click()  # the numbers as a table
    rows = charts[0].find_elements(By.CSS_SELECTOR, "table tbody tr")
    assert rows and any("902.16" in r.text for r in rows)
    shot(browser, "chart")
    check_accessible_and_narrow(browser, "chart")


@pytest.mark.parametrize("name, query, group, expect", [
    ("search-docnumber", "武政办【2016】69号", "kind-policy", "武政办〔2016〕69号"),
    ("search-project", "医疗救助", "kind-project", "医疗救助"),
    ("search-quoted", "“计划生育”", "kind-quote", "计划生育"),
])
def test_search_box_in_the_header(browser, served, name, query, group, expect):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    visit(browser, served, "/")
    box = browser.find_element(By.ID, "site-q")
    box.send_keys(query, Keys.ENTER)
    found = WebDriverWait(browser, 30).until(ec.presence_of_element_located((By.ID, group)))
    assert expect in found.text
    if group == "kind-quote":
        assert found.find_elements(By.TAG_NAME, "mark")
    shot(browser, name)
    check_accessible_and_narrow(browser, name)


def test_tracer_by_project_name_shows_its_legal_bases(browser, served):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    visit(browser, served, "/trace")
    box = browser.find_element(By.ID, "q")
    box.send_keys("医疗救助")
    box.submit()
    first = WebDriverWait(browser, 30).until(ec.presence_of_element_located((By.CSS_SELECTOR, "section.project.card")))
    assert first.find_element(By.TAG_NAME, "h2").text.startswith("医疗救助")
    assert len(first.find_elements(By.CSS_SELECTOR, ".basis")) == 5
    shot(browser, "trace-project")
    check_accessible_and_narrow(browser, "trace-project")


def test_named_query_results_wrap_long_text_and_keep_every_column(browser, served):
    from selenium.webdriver.common.by import By

    visit(browser, served, "/queries/legal-basis", project="医疗救助")
    headers = browser.find_elements(By.CSS_SELECTOR, "#results table.results th")
    assert [h.find_element(By.CSS_SELECTOR, ".en").text for h in headers][:2] == ["doc_number", "title"]
    assert all(h.size["width"] >= 40 for h in headers)  # no column squeezed to a few characters
    quote = browser.find_elements(By.CSS_SELECTOR, "#results table.results tbody tr:first-child td")[4]
    assert quote.size["width"] >= 120 and quote.size["height"] > 30  # wide enough to read, and wrapped
    # the page itself does not run off the right edge: the table scrolls inside its frame
    assert browser.execute_script("return document.documentElement.scrollWidth <= window.innerWidth + 1")
    shot(browser, "query-results")
    check_accessible_and_narrow(browser, "query-results")
