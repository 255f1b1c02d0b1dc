"""The on-disk pyoxigraph store: open it read-only, load a build into it, swap it in.

Layout under the build folder (``--out`` of ``build``, ``--store`` of every reader)::

    store/               the live store; readers open it with :func:`open_store`
    .store-tmp-<pid>/    a store being built; renamed to ``store/`` only when complete
    .store-old-<pid>/    the previous store during the swap; removed right after

A build that crashes leaves ``store/`` as it was.  If a crash falls between the two renames
of the swap, :func:`recover` (run by the next build and by :func:`open_store`) puts the
previous store back.

Each store carries ``store/graphs.json``: a digest of every named graph it holds.  The next
build starts from a checkpoint of the live store (hard links, not a copy) and rewrites only
the graphs whose digest changed, which is much faster than loading everything again; the
manifest lives inside the store folder, so it is swapped in with the store it describes.

The store's default graph holds the RDF merge of all named graphs: each distinct triple once,
however many documents state it.  Readers query it with ``use_default_graph_as_union=False``;
pyoxigraph's union default graph would keep every copy of a shared node's type and label and
multiply the rows of each join on it.  The merge is recomputed after every load and update,
in the store being built, so it is swapped in with the named graphs it merges.
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
from pathlib import Path
from typing import Any, Iterable, Iterator, Mapping, Optional, Sequence, Union

import pyoxigraph

STORE_DIR = "store"
MANIFEST = "graphs.json"  # inside a store folder: graph IRI -> digest of its N-Quads lines
TMP_PREFIX = ".store-tmp-"
OLD_PREFIX = ".store-old-"


class StoreError(Exception):
    """No usable store where one was expected; the message says what to run."""


def store_path(build_dir: Union[str, Path]) -> Path:
    return Path(build_dir) / STORE_DIR


def recover(build_dir: Union[str, Path]) -> None:
    """Undo a swap interrupted between its renames; drop leftovers of crashed builds."""
    build_dir = Path(build_dir)
    if not build_dir.is_dir():
        return
    live = store_path(build_dir)
    olds = sorted(p for p in build_dir.iterdir() if p.name.startswith(OLD_PREFIX))
    if not live.exists() and olds:
        os.rename(olds[-1], live)
        olds = olds[:-1]
    for p in olds:
        shutil.rmtree(p)


def open_store(build_dir: Union[str, Path], remote_sparql: str = "", timeout: float = 60.0):
    """The store of a build, read-only (what queries, shapes and the server use).

    With `remote_sparql` (the setting of that name) the answer is a
    :class:`store.remote.RemoteStore` on that endpoint instead: it queries like the
    embedded store, so readers need not know which one they have.
    """
    if remote_sparql:
        from .remote import RemoteStore

        return RemoteStore(remote_sparql, timeout=timeout)
    build_dir = Path(build_dir)
    path = store_path(build_dir)
    if not path.is_dir():
        recover(build_dir)
    if not path.is_dir():
        raise StoreError(f"no store in {build_dir}/ (looked for {path}/): run `budgetkg build --out {build_dir}` first")
    try:
        return pyoxigraph.Store.read_only(str(path))
    except OSError as exc:
        raise StoreError(f"cannot open the store {path}/: {exc}; rebuild it with `budgetkg build --out {build_dir}`") from exc


def remote_endpoint(settings: Mapping[str, Any], store_arg: Optional[str] = None) -> str:
    """The remote query endpoint a reading command uses, or "" for the embedded store.

    An explicit ``--store`` (a build folder) wins over the setting remote_sparql, so a build
    can always be read even while a remote store is configured.
    """
    return "" if store_arg else (settings.get("remote_sparql") or "")


def reader_store(settings: Mapping[str, Any], store_arg: Optional[str] = None):
    """The store every reading command queries: see :func:`remote_endpoint` for which one."""
    return open_store(settings["build_dir"], remote_sparql=remote_endpoint(settings, store_arg),
                      timeout=float(settings["query_timeout"]))


def new_store_dir(build_dir: Path) -> Path:
    path = build_dir / f"{TMP_PREFIX}{os.getpid()}"
    if path.exists():
        shutil.rmtree(path)
    return path


def load_nquads(store_dir: Path, nquads_file: Path) -> int:
    """Create a store in `store_dir` holding the quads of `nquads_file` and their merge; returns
    the number of quads it holds."""
    store = pyoxigraph.Store(str(store_dir))
    store.bulk_load(path=str(nquads_file), format=pyoxigraph.RdfFormat.N_QUADS)
    load_merge(store, nquads_file)
    count = len(store)
    del store  # release the database before the folder is renamed
    return count


def merged_triples(nquads_lines: Iterable[bytes]) -> Iterator[bytes]:
    """N-Triples lines of the RDF merge of sorted N-Quads lines (every quad in a named graph).

    The graph IRI is the last term of a line, so cutting at its ``" <"`` leaves the triple; in
    sorted lines the copies of one triple are neighbours (they differ only after it), so
    dropping a line equal to the previous one dedupes without keeping all triples in memory.
    """
    previous = None
    for line in nquads_lines:
        body = line.rstrip()
        if not body:
            continue
        triple = body[:body.rindex(b" <", 0, len(body) - 1)] + b" .\n"
        if triple != previous:
            yield triple
            previous = triple


def load_merge(store: pyoxigraph.Store, nquads_file: Path) -> None:
    """Replace the default graph of `store` by the RDF merge of the named graphs of
    `nquads_file` (sorted N-Quads: the named graphs the store holds)."""
    store.clear_graph(pyoxigraph.DefaultGraph())
    with open(nquads_file, "rb") as lines:
        merge = b"".join(merged_triples(lines))
    if merge:
        store.bulk_load(merge, format=pyoxigraph.RdfFormat.N_TRIPLES, to_graph=pyoxigraph.DefaultGraph())
    store.flush()


def swap_in(new_dir: Path, build_dir: Path) -> Path:
    """Make `new_dir` the live store; the previous one is removed once the new one is in."""
    live = store_path(build_dir)
    old = build_dir / f"{OLD_PREFIX}{os.getpid()}"
    if live.exists():
        os.rename(live, old)
    os.rename(new_dir, live)
    if old.exists():
        shutil.rmtree(old)
    return live


def graph_digest(lines: Sequence[bytes]) -> str:
    h = hashlib.sha256()
    for line in lines:
        h.update(line)
    return h.hexdigest()


def _manifest(store_dir: Path) -> Optional[dict[str, str]]:
    try:
        data = json.loads((store_dir / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def _update_from_live(store_dir: Path, live: Path, previous: Mapping[str, str], digests: Mapping[str, str],
                      graphs: Mapping[str, Sequence[bytes]], nquads_file: Path) -> None:
    pyoxigraph.Store.read_only(str(live)).backup(str(store_dir))
    store = pyoxigraph.Store(str(store_dir))
    for name, digest in previous.items():
        if digests.get(name) != digest:
            store.remove_graph(pyoxigraph.NamedNode(name))
    changed = b"".join(line for name, digest in digests.items() if previous.get(name) != digest
                       for line in graphs[name])
    if changed:
        store.bulk_load(changed, format=pyoxigraph.RdfFormat.N_QUADS)
    load_merge(store, nquads_file)
    del store  # release the database before the folder is renamed


def build_store(store_dir: Path, build_dir: Path, nquads_file: Path, graphs: Mapping[str, Sequence[bytes]]) -> None:
    """Create in `store_dir` the store of a build whose named graphs hold `graphs` (sorted
    N-Quads lines, also written to `nquads_file`): from the live store when it says which
    graphs it holds, else loaded from `nquads_file`; its default graph is their merge."""
    digests = {name: graph_digest(lines) for name, lines in graphs.items()}
    live = store_path(build_dir)
    previous = _manifest(live) if live.is_dir() else None
    try:
        if previous is None:
            raise FileNotFoundError(live / MANIFEST)
        _update_from_live(store_dir, live, previous, digests, graphs, nquads_file)
    except OSError:  # no usable live store (first build, older layout, damaged): load everything
        if store_dir.exists():
            shutil.rmtree(store_dir)
        load_nquads(store_dir, nquads_file)
    (store_dir / MANIFEST).write_text(json.dumps(digests, sort_keys=True, indent=0), encoding="utf-8")
