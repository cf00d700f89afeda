"""Build-time rendering for the reference: pure functions, no MkDocs import.

The Markdown extension (hooks/render/reference.py) reads the pages and data files through the content
layer (hooks/content/__init__.py) and calls these functions for each page. Every function takes plain data
(dicts, lists, strings) and returns Markdown or HTML text, so each can be tested on its own.
"""
from __future__ import annotations

from .citations import cite_label, cite_labels
from .claims import claims_box, claims_table, verdict_definitions
from .evidence import evidence_badge, evidence_map
from .grid import icon_array_svg, icon_arrays, option_grid
from .jsonld import add_rel_noopener
from .markdown_text import md_escape, relative_link
from .references import bibliography_page, format_reference, page_reference_list
from .schema_tables import rules_table, schema_tables, vocabularies

__all__ = [
    "add_rel_noopener", "bibliography_page", "cite_label", "cite_labels", "claims_box", "claims_table",
    "evidence_badge", "evidence_map", "format_reference", "icon_array_svg", "icon_arrays", "option_grid", "md_escape", "page_reference_list",
    "relative_link", "rules_table", "schema_tables", "verdict_definitions", "vocabularies",
]
