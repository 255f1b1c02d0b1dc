"""YASGUI, both distributions from npm, served from another origin, querying the endpoint.

Each page is served by a second HTTP server on another loopback port, so every query YASGUI
sends is a cross-origin request that needs the endpoint's CORS answers: its default POST, and
GET.  A malformed query must show the endpoint's own message, not a generic CORS failure.
"""
from __future__ import annotations

import functools
import http.server
import shutil
import threading
from pathlib import Path

import pytest

from client_tools import yasgui_build
from test_browser import browser, shot  # noqa: F401  (fixture)

pytestmark = [pytest.mark.browser, pytest.mark.clients, pytest.mark.slow]

PAGE = """<!doctype html>
<html><head><meta charset="utf-8"><title>YASGUI</title>
<link rel="stylesheet" href="yasgui.min.css"><script src="yasgui.min.js"></script></head>
<body><div id="yasgui"></div>
<script>
  localStorage.clear();
  window.yasgui = new Yasgui(document.getElementById("yasgui"), {
    requestConfig: { endpoint: ENDPOINT, method: METHOD },
    copyEndpointOnNewTab: false,
  });
</script></body></html>
"""
POLICY = "武政办〔2016〕69号"


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass


class StaticSite:
    """The YASGUI pages on a second origin: another port of 127.0.0.1."""

    def __init__(self, folder: Path):
        handler = functools.partial(_QuietHandler, directory=str(folder))
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(5)


@pytest.fixture(scope="module", params=["triply", "zazuko"])
def site(request, served, tmp_path_factory):
    build = yasgui_build(request.param)
    folder = tmp_path_factory.mktemp(f"yasgui-{request.param}")
    for name in ("yasgui.min.js", "yasgui.min.css"):
        shutil.copy(build / name, folder / name)
    for method in ("POST", "GET"):
        page = PAGE.replace("ENDPOINT", f'"{served.sparql}"').replace("METHOD", f'"{method}"')
        (folder / f"{method.lower()}.html").write_text(page, encoding="utf-8")
    static = StaticSite(folder)
    static.distribution = request.param
    yield static
    static.close()


def run_in_yasgui(driver, query: str) -> None:
    from selenium.webdriver.support.ui import WebDriverWait

    driver.execute_script("const tab = window.yasgui.getTab(); tab.setQuery(arguments[0]); tab.query();", query)
    WebDriverWait(driver, 60).until(lambda d: d.execute_script(
        "const tab = window.yasgui.getTab(); return !tab.getYasqe().isQueryRunning || "
        "!tab.getYasqe().isQueryRunning() ? (tab.getYasr().results !== undefined) : false;"))


def open_page(driver, site, served, method: str) -> None:
    driver.get(f"{site.url}/{method.lower()}.html")
    origin = driver.execute_script("return window.location.origin")
    assert origin != served.url  # a second origin: the endpoint's CORS answers are needed


@pytest.mark.parametrize("method", ["POST", "GET"])
def test_yasgui_runs_a_query_from_another_origin(browser, site, served, method):
    open_page(browser, site, served, method)
    run_in_yasgui(browser, f'SELECT ?policy ?id WHERE {{ ?policy eli:id_local ?id FILTER(?id = "{POLICY}") }}')
    values = browser.execute_script(
        "return window.yasgui.getTab().getYasr().results.getBindings().map(b => b.id.value)")
    assert values == [POLICY]
    assert browser.execute_script("return window.yasgui.getTab().getYasr().results.getError()") in (None, False)
    shot(browser, f"yasgui-{site.distribution}-{method.lower()}")


@pytest.mark.parametrize("method", ["POST", "GET"])
def test_yasgui_shows_the_endpoints_message_for_a_malformed_query(browser, site, served, method):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    open_page(browser, site, served, method)
    run_in_yasgui(browser, "SELECT ?s WHERE { ?s ex:p ?o }")
    WebDriverWait(browser, 30).until(lambda d: "is not declared" in d.find_element(By.CSS_SELECTOR, ".yasr").text)
    shown = browser.find_element(By.CSS_SELECTOR, ".yasr").text
    assert "the prefix `ex:` is not declared" in shown
    assert "CORS" not in shown
    shot(browser, f"yasgui-{site.distribution}-{method.lower()}-error")
