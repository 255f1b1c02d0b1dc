"""Every catalogue query gives the rows it gave when they were recorded, on the same data.

The queries are rewritten for speed at scale (derived triples, selective patterns first);
this holds them to their recorded answers on the frozen sample dataset, for every parameter
set the tests and the bench use (see tests/catalogue_snapshot).
"""
from __future__ import annotations

import json

import pytest

from catalogue_snapshot import PARAMETER_SETS, ROWS, answers, sample_store
from queries import catalogue

RECORDED = json.loads(ROWS.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def now(tmp_path_factory):
    return answers(sample_store(tmp_path_factory.mktemp("snapshot")))


def test_every_catalogue_query_has_recorded_answers():
    assert set(PARAMETER_SETS) == {q.name for q in catalogue()}
    assert set(RECORDED) == set(PARAMETER_SETS)


@pytest.mark.parametrize("name", sorted(PARAMETER_SETS))
def test_rows_are_the_recorded_ones(now, name):
    for before, after in zip(RECORDED[name], now[name], strict=True):
        assert after["params"] == before["params"]
        assert after["columns"] == before["columns"], f"{name} {before['params']}: columns changed"
        lost = [r for r in before["rows"] if r not in after["rows"]]
        gained = [r for r in after["rows"] if r not in before["rows"]]
        assert not lost and not gained and len(after["rows"]) == len(before["rows"]), (
            f"{name} {before['params']}: {len(lost)} rows lost, {len(gained)} gained; "
            f"first lost {lost[:1]}, first gained {gained[:1]}")
