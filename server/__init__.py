"""The read-only web server: SPARQL 1.1 Protocol endpoint and pages for people.

``create_app(config)`` builds a fresh app; nothing is created at import time, so a query
worker process can import this package cheaply.
"""
from __future__ import annotations

from typing import Any


def create_app(config: dict[str, Any]):
    from .app import create_app as _create_app

    return _create_app(config)
