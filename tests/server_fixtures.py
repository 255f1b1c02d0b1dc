"""A small store in the shape of docs/model.md, and the real server on a free loopback port.

The fixture graph is a slice of what the corpus yields (two departments citing one municipal
policy), so the server's tests can run before, and independently of, a full corpus build.
"""
from __future__ import annotations

import socket
import threading
import time
import urllib.request
from pathlib import Path

import pyoxigraph as ox

FIXTURE_TRIG = """
@prefix bkg: <https://w3id.org/budgetkg/ontology#> .
@prefix id: <https://w3id.org/budgetkg/id/> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix qb: <http://purl.org/linked-data/cube#> .
@prefix eli: <http://data.europa.eu/eli/ontology#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .

id:graph\\/vocabularies {
  id:region\\/420106 a bkg:Region ; skos:prefLabel "武昌区"@zh ; skos:notation "420106" .
  id:region\\/420111 a bkg:Region ; skos:prefLabel "洪山区"@zh ; skos:notation "420111" .
  id:issuer\\/武政办 a org:Organization, bkg:Issuer ; skos:prefLabel "武汉市人民政府办公厅"@zh ; bkg:issuerCode "武政办" .
}

<https://w3id.org/budgetkg/id/document/000_d0627e50c4564413> {
  <https://w3id.org/budgetkg/id/document/000_d0627e50c4564413> a bkg:SourceDocument ;
      dcterms:title "武昌区2024年财政部分重大政策和重点项目绩效目标表" ; bkg:fileName "000_d0627e50c4564413.txt" ;
      bkg:fiscalYear 2024 .
  <https://w3id.org/budgetkg/id/department/420106/卫生健康局> a org:Organization ;
      skos:prefLabel "武昌区卫生健康局"@zh ; bkg:region id:region\\/420106 .
  <https://w3id.org/budgetkg/id/project/42010622503T000000142> a bkg:BudgetProject ;
      skos:prefLabel "计生一次性奖励经费"@zh ; bkg:projectCode "42010622503T000000142" ;
      bkg:competentDepartment <https://w3id.org/budgetkg/id/department/420106/卫生健康局> ;
      bkg:fiscalYear 2024 ; bkg:totalBudget 1507.00 ;
      bkg:legalBasis <https://w3id.org/budgetkg/id/policy/武政办〔2016〕69号>, <https://w3id.org/budgetkg/id/policy/鄂政办发〔2007〕116号> ;
      bkg:citation <https://w3id.org/budgetkg/id/citation/000_d0627e50c4564413/354/1> .
  <https://w3id.org/budgetkg/id/policy/武政办〔2016〕69号> a eli:LegalResource ;
      eli:id_local "武政办〔2016〕69号" ; bkg:issuerCode "武政办" ; bkg:documentYear 2016 ;
      eli:title "市人民政府办公厅关于进一步完善城镇独生子女年老父母计划生育一次性奖励政策的通知" ;
      eli:passed_by id:issuer\\/武政办 .
  <https://w3id.org/budgetkg/id/policy/鄂政办发〔2007〕116号> a eli:LegalResource ;
      eli:id_local "鄂政办发〔2007〕116号" ; bkg:issuerCode "鄂政办发" .
  <https://w3id.org/budgetkg/id/citation/000_d0627e50c4564413/354/1> a bkg:Citation ;
      bkg:citingProject <https://w3id.org/budgetkg/id/project/42010622503T000000142> ;
      bkg:citedPolicy <https://w3id.org/budgetkg/id/policy/武政办〔2016〕69号> ;
      bkg:printedForm "武政办[2016]69 号" ;
      bkg:quote "市人民政府办公厅关于进一步完善城镇独生子女年老父母计划生育一次性奖励政策的通知（武政办[2016]69 号）" ;
      prov:wasDerivedFrom <https://w3id.org/budgetkg/id/document/000_d0627e50c4564413> ; bkg:lineStart 354 ; bkg:lineEnd 355 .
  <https://w3id.org/budgetkg/id/citation/000_d0627e50c4564413/353/1> a bkg:Citation ;
      bkg:citingProject <https://w3id.org/budgetkg/id/project/42010622503T000000142> ;
      bkg:citedPolicy <https://w3id.org/budgetkg/id/policy/鄂政办发〔2007〕116号> ;
      bkg:quote "鄂政办发[2007]116 号" ;
      prov:wasDerivedFrom <https://w3id.org/budgetkg/id/document/000_d0627e50c4564413> ; bkg:lineStart 353 ; bkg:lineEnd 353 .
  <https://w3id.org/budgetkg/id/observation/000_d0627e50c4564413/440/amount> a qb:Observation ;
      bkg:amountValue 1507.00 ; bkg:lineName "计生一次性奖励经费" ;
      prov:wasDerivedFrom <https://w3id.org/budgetkg/id/document/000_d0627e50c4564413> ; bkg:lineStart 440 .
}

<https://w3id.org/budgetkg/id/document/004_d431fbb1a7fb7554> {
  <https://w3id.org/budgetkg/id/document/004_d431fbb1a7fb7554> a bkg:SourceDocument ;
      dcterms:title "武汉市洪山区卫生健康局本级2023年度部门决算" ; bkg:fileName "004_d431fbb1a7fb7554.txt" .
  <https://w3id.org/budgetkg/id/department/420111/卫生健康局本级> a org:Organization ;
      skos:prefLabel "武汉市洪山区卫生健康局本级"@zh ; bkg:region id:region\\/420111 .
  <https://w3id.org/budgetkg/id/project/420111/卫生健康局本级/计划生育奖励扶助> a bkg:BudgetProject ;
      skos:prefLabel "计划生育奖励扶助"@zh ;
      bkg:competentDepartment <https://w3id.org/budgetkg/id/department/420111/卫生健康局本级> ;
      bkg:legalBasis <https://w3id.org/budgetkg/id/policy/武政办〔2016〕69号> .
  <https://w3id.org/budgetkg/id/policy/武政办〔2016〕69号> a eli:LegalResource ; eli:id_local "武政办〔2016〕69号" .
  <https://w3id.org/budgetkg/id/citation/004_d431fbb1a7fb7554/1366/3> a bkg:Citation ;
      bkg:citingProject <https://w3id.org/budgetkg/id/project/420111/卫生健康局本级/计划生育奖励扶助> ;
      bkg:citedPolicy <https://w3id.org/budgetkg/id/policy/武政办〔2016〕69号> ;
      bkg:printedForm "武政办〔2016〕69号" ;
      bkg:quote "《市人民政府办公厅关于进一步完善城镇独生子女年老父母计划生育一次性奖励政策的通知》（武政办〔2016〕69号）的精神" ;
      prov:wasDerivedFrom <https://w3id.org/budgetkg/id/document/004_d431fbb1a7fb7554> ; bkg:lineStart 1366 ; bkg:lineEnd 1366 .
  <https://w3id.org/budgetkg/id/indicator/004_d431fbb1a7fb7554/1400/1> a bkg:PerformanceIndicator ;
      bkg:indicatorName "奖励对象覆盖率" ; bkg:indicatorOf <https://w3id.org/budgetkg/id/project/420111/卫生健康局本级/计划生育奖励扶助> ;
      prov:wasDerivedFrom <https://w3id.org/budgetkg/id/document/004_d431fbb1a7fb7554> ; bkg:lineStart 1400 .
}
"""

FIXTURE_GRAPHS = (
    "https://w3id.org/budgetkg/id/document/000_d0627e50c4564413",
    "https://w3id.org/budgetkg/id/document/004_d431fbb1a7fb7554",
    "https://w3id.org/budgetkg/id/graph/vocabularies",
)


def write_fixture_build(build_dir: Path) -> Path:
    """A build directory with ``store/`` holding the fixture graph; returns the directory."""
    store = ox.Store(str(build_dir / "store"))
    store.load(FIXTURE_TRIG.encode("utf-8"), format=ox.RdfFormat.TRIG)
    store.flush()
    del store  # release the lock so read-only workers can open it
    return build_dir


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class RunningServer:
    """The app served by waitress on a free 127.0.0.1 port, in a thread of the test process."""

    def __init__(self, config: dict):
        from waitress.server import create_server

        from server import create_app

        self.app = create_app(config)
        self.app.extensions["budgetkg"].pool.wait_ready()
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self._server = create_server(self.app, host="127.0.0.1", port=self.port, threads=6)
        self._thread = threading.Thread(target=self._server.run, daemon=True)
        self._thread.start()
        deadline = time.monotonic() + 20
        while True:
            try:
                urllib.request.urlopen(self.url + "/static/style.css", timeout=2).read()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)

    @property
    def sparql(self) -> str:
        return self.url + "/sparql"

    def close(self) -> None:
        self._server.close()
        self._thread.join(5)
        self.app.extensions["budgetkg"].close()
