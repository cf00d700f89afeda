"""Build-time rendering for the reference: pure functions, no MkDocs import.

The Markdown extension (hooks/mdx/reference.py) reads the data files through the content layer
(hooks/content.py) and calls these functions for each page. Every function takes plain data (dicts, lists, strings) and
returns Markdown or HTML text, so each can be tested on its own.
"""
from __future__ import annotations

from .abbreviations import parse_abbreviations
from .citations import cite_label, cite_labels, find_citations, render_citations
from .claims import claims_box, claims_table, verdict_definitions
from .data import DataError, load_bibliography, load_claims, load_schema
from .evidence import evidence_badge, evidence_map
from .frontmatter import split_front_matter
from .jsonld import add_rel_noopener, inject_json_ld, json_ld
from .markdown_text import code_mask, insert_after_section, append_to_section, replace_marker, relative_link
from .references import bibliography_page, format_reference, page_reference_list
from .review import format_date, review_line
from .schema_tables import schema_tables, vocabularies

__all__ = [
    "DataError", "add_rel_noopener", "append_to_section", "bibliography_page", "cite_label",
    "cite_labels", "claims_box", "claims_table", "code_mask", "evidence_badge", "evidence_map",
    "find_citations", "format_date", "format_reference", "inject_json_ld", "insert_after_section",
    "json_ld", "load_bibliography", "load_claims", "load_schema", "page_reference_list", "parse_abbreviations",
    "relative_link", "render_citations", "replace_marker", "review_line", "schema_tables",
    "split_front_matter", "verdict_definitions", "vocabularies",
]
