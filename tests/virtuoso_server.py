"""Start a throw-away Virtuoso (Debian's virtuoso-opensource) on loopback for tests and benchmarks."""
from __future__ import annotations

import shutil
import subprocess
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator, NamedTuple

from bench.common import free_port, wait_until_answering
from server.pool import stop_process

INI = """[Database]
DatabaseFile = {d}/virtuoso.db
ErrorLogFile = {d}/virtuoso.log
LockFile = {d}/virtuoso.lck
TransactionFile = {d}/virtuoso.trx
xa_persistent_file = {d}/virtuoso.pxa
[TempDatabase]
DatabaseFile = {d}/virtuoso-temp.db
TransactionFile = {d}/virtuoso-temp.trx
[Parameters]
ServerPort = 127.0.0.1:{sql}
DisableUnixSocket = 1
DirsAllowed = ., {d}
NumberOfBuffers = 20000
MaxDirtyBuffers = 15000
[HTTPServer]
ServerPort = 127.0.0.1:{http}
ServerRoot = {d}
ServerThreads = 10
Charset = UTF-8
[SPARQL]
ResultSetMaxRows = {rows}
MaxQueryExecutionTime = 120
"""


class Virtuoso(NamedTuple):
    query_url: str
    graph_store_url: str


def available() -> bool:
    return shutil.which("virtuoso-t") is not None and shutil.which("isql-vt") is not None


@contextmanager
def virtuoso(workdir: Path, start_timeout: float = 90.0, max_rows: int = 1_000_000) -> Iterator[Virtuoso]:
    workdir.mkdir(parents=True, exist_ok=True)
    sql, http = free_port(), free_port()
    ini = workdir / "virtuoso.ini"
    ini.write_text(INI.format(d=workdir, sql=sql, http=http, rows=max_rows))
    log = (workdir / "stdout.log").open("wb")
    proc = subprocess.Popen(["virtuoso-t", "+foreground", "+configfile", str(ini)], cwd=workdir,
                            stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{http}"
    try:
        if not wait_until_answering(proc, f"{base}/sparql?query=ASK%7B%7D", start_timeout):
            if proc.poll() is not None:
                raise RuntimeError(f"virtuoso-t exited with {proc.returncode}; see {workdir}/virtuoso.log")
            raise RuntimeError(f"virtuoso did not start within {start_timeout}s")
        # Let anonymous Graph Store requests write: this instance lives only on loopback for a test.
        subprocess.run(["isql-vt", f"127.0.0.1:{sql}", "dba", "dba", 'exec=GRANT SPARQL_UPDATE TO "SPARQL";'],
                       check=True, capture_output=True, timeout=60)
        yield Virtuoso(f"{base}/sparql", f"{base}/sparql-graph-crud")
    finally:
        stop_process(proc, grace=30)
        log.close()
