"""Named-query answers over real HTTP: ETag and 304 per served store, the in-server answer cache
(never stale after a rebuild, bounded in memory, one query for identical requests at once)."""
from __future__ import annotations

import json
import shutil
import threading
import time
import urllib.parse

import pytest

from conftest import CORPUS
from server_fixtures import InProcessSite, RunningServer, budgetkg, http, project_folder  # noqa: F401  (fixture)

DOCUMENTS = "/queries/documents.json"


def _rows(body: bytes) -> list[dict]:
    return json.loads(body)["results"]["bindings"]


def test_an_answer_carries_the_store_version_as_etag_and_is_revalidated_with_304(served):
    status, headers, body = http(served.url + DOCUMENTS)
    assert status == 200 and headers["ETag"] and headers["Cache-Control"] == "no-cache"
    etag = headers["ETag"]
    # the same store answers the same URL again: nothing is run or sent
    status, headers304, body304 = http(served.url + DOCUMENTS, headers={"If-None-Match": etag})
    assert status == 304 and body304 == b"" and headers304["ETag"] == etag
    assert http(served.url + DOCUMENTS, headers={"If-None-Match": f'"other", W/{etag}'})[0] == 304
    # another tag, or none, is answered in full, the same answer
    status, _, again = http(served.url + DOCUMENTS, headers={"If-None-Match": '"not-this-store"'})
    assert status == 200 and _rows(again) == _rows(body)
    # CSV of the same query: its own answer, the same store version
    status, headers, csv_body = http(served.url + "/queries/documents.csv")
    assert status == 200 and headers["ETag"] == etag and csv_body.startswith(b"document,")
    # an unknown query stays a 404 whatever tag is sent
    assert http(served.url + "/queries/no-such-query.json", headers={"If-None-Match": etag})[0] == 404


def test_a_kept_answer_is_the_answer_of_the_query(served):
    url = served.url + "/queries/projects.json?" + urllib.parse.urlencode({"region": "洪山区", "limit": 3})
    first = http(url)
    second = http(url)
    assert first[0] == second[0] == 200
    assert second[1]["X-Answer-Cache"] == "hit" and first[2] == second[2] and len(_rows(first[2])) == 3
    # other parameters, another page: other answers, never the kept one
    other = http(served.url + "/queries/projects.json?" + urllib.parse.urlencode({"region": "洪山区", "limit": 3,
                                                                                   "offset": 3}))
    assert other[0] == 200 and _rows(other[2]) != _rows(first[2])


@pytest.mark.slow
def test_a_rebuild_is_never_answered_from_the_previous_store(project_folder):
    assert budgetkg(project_folder, "build").returncode == 0
    server = RunningServer({"query_workers": 1}, cwd=project_folder)
    seen: list[int] = []
    stop = threading.Event()

    def poll():  # a client asking all along: kept answers included, counts may only grow
        while not stop.is_set():
            status, _, body = http(server.url + DOCUMENTS)
            assert status == 200
            seen.append(len(_rows(body)))
            time.sleep(0.05)

    poller = threading.Thread(target=poll)
    try:
        status, headers, body = http(server.url + DOCUMENTS)
        old_tag = headers["ETag"]
        assert len(_rows(body)) == 4 and http(server.url + DOCUMENTS)[1]["X-Answer-Cache"] == "hit"
        poller.start()
        shutil.copy(sorted(CORPUS.glob("004_*.txt"))[0], project_folder / "data" / "sources")
        assert budgetkg(project_folder, "build").returncode == 0
        # the moment the server answers a SPARQL query from the new store, the kept answer is gone
        count = "SELECT (COUNT(?d) AS ?n) WHERE { ?d a bkg:SourceDocument }"
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            status, _, body = http(server.sparql + "?" + urllib.parse.urlencode({"query": count}))
            if status == 200 and _rows(body)[0]["n"]["value"] == "5":
                break
            time.sleep(0.1)
        status, headers, body = http(server.url + DOCUMENTS, headers={"If-None-Match": old_tag})
        assert status == 200 and len(_rows(body)) == 5 and headers["ETag"] != old_tag
        stop.set()
        poller.join(30)
        assert seen and seen == sorted(seen) and set(seen) <= {4, 5}
        assert http(server.url + DOCUMENTS, headers={"If-None-Match": headers["ETag"]})[0] == 304
    finally:
        stop.set()
        server.close()


def test_kept_answers_stay_within_their_budget(corpus_build):
    # A budget of 16 KiB: room for some of these small answers, not for all of them.
    budget_mib = 1 / 64
    server = RunningServer({"build_dir": corpus_build.out, "answer_cache_mib": budget_mib, "query_workers": 1})
    site = InProcessSite(corpus_build.out, answer_cache_mib=budget_mib, query_workers=1)
    try:
        pages = [f"/queries/policies.json?limit=1&offset={k}" for k in range(40)]  # about 1 KiB each
        for base in (server.url, site.url):
            for path in pages:
                assert http(base + path)[1]["X-Answer-Cache"] == "miss", path
            # the least recently used were let go; the last ones are kept
            assert http(base + pages[0])[1]["X-Answer-Cache"] == "miss"
            assert http(base + pages[-1])[1]["X-Answer-Cache"] == "hit"
        answers = site.app.extensions["budgetkg"].answers
        assert 0 < answers.size <= budget_mib * 2**20 and len(answers) < len(pages)
    finally:
        site.close()
        server.close()


def test_identical_requests_at_once_run_the_query_once_and_every_client_gets_the_answer(corpus_build):
    server = RunningServer({"build_dir": corpus_build.out, "query_workers": 2})
    url = server.url + "/queries/shared-policies.json"
    replies: list = []
    lock = threading.Lock()

    def client():
        reply = http(url)
        with lock:
            replies.append(reply)

    try:
        threads = [threading.Thread(target=client) for _ in range(16)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(60)
        assert len(replies) == 16 and all(status == 200 for status, _, _ in replies)
        assert len({body for _, _, body in replies}) == 1 and _rows(replies[0][2])
        assert [h["X-Answer-Cache"] for _, h, _ in replies].count("miss") == 1
    finally:
        server.close()


def test_without_a_budget_nothing_is_kept_and_every_request_runs(corpus_build):
    site = InProcessSite(corpus_build.out, answer_cache_mib=0, query_workers=1)
    try:
        for _ in range(2):
            status, headers, _ = http(site.url + DOCUMENTS)
            assert status == 200 and "X-Answer-Cache" not in headers and headers["ETag"]
        assert len(site.app.extensions["budgetkg"].answers) == 0
    finally:
        site.close()
