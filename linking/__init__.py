"""Linking: the printed variants of a department, project or policy → one node.

:func:`link` (``link.py``, which also documents the keys) runs the departments, projects and
policies linkers in that order over every record; :func:`document_links` (``views.py``)
cuts from the result the view one document's mapping may read.
"""
from .link import link
from .nodes import PROJECT_CODE, Department, Linking, Policy, ProjectNode, decode_project_code
from .views import DocumentLinks, document_links

__all__ = ["PROJECT_CODE", "Department", "DocumentLinks", "Linking", "Policy", "ProjectNode", "decode_project_code",
           "document_links", "link"]
