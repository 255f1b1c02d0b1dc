"""The on-disk pyoxigraph store: open it read-only, load a build into it, swap it in.

Layout under the build folder (``--out`` of ``build``, ``--store`` of every reader)::

    store/               the live store; readers open it with :func:`open_store`
    .store-tmp-<pid>/    a store being built; renamed to ``store/`` only when complete
    .store-old-<pid>/    the previous store during the swap; removed right after

A build that crashes leaves ``store/`` as it was.  If a crash falls between the two renames
of the swap, :func:`recover` (run by the next build and by :func:`open_store`) puts the
previous store back.
"""
from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Union

import pyoxigraph

STORE_DIR = "store"
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


def open_store(build_dir: Union[str, Path]) -> pyoxigraph.Store:
    """The store of a build, read-only (what queries, shapes and the server use)."""
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


def new_store_dir(build_dir: Path) -> Path:
    path = build_dir / f"{TMP_PREFIX}{os.getpid()}"
    if path.exists():
        shutil.rmtree(path)
    return path


def load_nquads(store_dir: Path, nquads_file: Path) -> int:
    """Create a store in `store_dir` holding the quads of `nquads_file`; returns their count."""
    store = pyoxigraph.Store(str(store_dir))
    store.bulk_load(path=str(nquads_file), format=pyoxigraph.RdfFormat.N_QUADS)
    store.flush()
    count = len(store)
    del store  # release the database before the folder is renamed
    return count


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
