"""Linking: the printed variants of a department, project or policy → one node."""
