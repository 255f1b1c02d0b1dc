"""`budgetkg serve` as the README runs it: relative folders, and a rebuild while it serves."""
from __future__ import annotations

import json
import re
import shutil
import threading
import time
import urllib.parse

import pytest

from conftest import CORPUS
from server_fixtures import RunningServer, budgetkg, http, project_folder  # noqa: F401  (fixture)

pytestmark = pytest.mark.slow

COUNT_DOCUMENTS = ("PREFIX bkg: <https://w3id.org/budgetkg/ontology#> "
                   "SELECT (COUNT(?d) AS ?n) WHERE { ?d a bkg:SourceDocument }")


def test_readme_commands_serve_the_validation_report_and_every_page(project_folder):
    # the README's commands, as written: default settings, relative folders
    assert budgetkg(project_folder, "build").returncode == 0
    assert budgetkg(project_folder, "validate").returncode in (0, 1)
    server = RunningServer({}, cwd=project_folder)
    try:
        status, headers, body = http(server.url + "/validation", headers={"Accept": "text/html"})
        assert status == 200, body[:500]
        html = body.decode("utf-8")
        assert 'id="report-age"' in html and "报告生成于" in html
        assert "报告早于当前图谱" not in html  # validated after the build
        # every place the report cites links to the source view at that line
        places = re.findall(r'<a href="(/source/[^"]+)"><code>', html)
        assert places and all("?lines=" in p for p in places)
        assert http(server.url + places[0].replace("&amp;", "&"), headers={"Accept": "text/html"})[0] == 200
        for path in ["/", "/search?q=" + urllib.parse.quote("医疗救助"), "/source/000_d0627e50c4564413.txt",
                     "/id/document/000_d0627e50c4564413", "/charts/spending", "/queries/documents"]:
            assert http(server.url + path, headers={"Accept": "text/html"})[0] == 200, path
        # a rebuild after the report: the page says the report is older than the store
        shutil.copy(sorted(CORPUS.glob("004_*.txt"))[0], project_folder / "data" / "sources")
        assert budgetkg(project_folder, "build").returncode == 0
        html = http(server.url + "/validation", headers={"Accept": "text/html"})[2].decode("utf-8")
        assert "报告早于当前图谱" in html
    finally:
        server.close()


def test_a_rebuild_while_serving_is_answered_from_the_new_store_without_a_failed_request(project_folder):
    assert budgetkg(project_folder, "build").returncode == 0
    server = RunningServer({"query_workers": 1}, cwd=project_folder)
    url = server.sparql + "?" + urllib.parse.urlencode({"query": COUNT_DOCUMENTS})
    seen: list[tuple[int, int | None]] = []
    stop = threading.Event()

    def poll():
        while not stop.is_set():
            status, _, body = http(url)
            n = int(json.loads(body)["results"]["bindings"][0]["n"]["value"]) if status == 200 else None
            seen.append((status, n))
            time.sleep(0.1)

    poller = threading.Thread(target=poll)
    try:
        poller.start()
        time.sleep(0.5)
        shutil.copy(sorted(CORPUS.glob("004_*.txt"))[0], project_folder / "data" / "sources")
        assert budgetkg(project_folder, "build").returncode == 0
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not (seen and seen[-1][1] == 5):
            time.sleep(0.2)
        stop.set()
        poller.join(30)
        # the same answers, then the new ones: never an error, never back to the old store
        assert all(status == 200 for status, _ in seen), [s for s in seen if s[0] != 200][:3]
        counts = [n for _, n in seen]
        assert counts[0] == 4 and counts[-1] == 5
        assert counts == sorted(counts)
        # the pages follow too: the search index and the source text of the new document
        status, _, _ = http(server.url + "/source/004_d431fbb1a7fb7554.txt", headers={"Accept": "text/html"})
        assert status == 200
    finally:
        stop.set()
        server.close()
