"""Markdown text helpers: relative links between pages and escaping data text. (Fences, headings,
citations and markers are read by the content layer: hooks/content/page.py.)"""
from __future__ import annotations

import posixpath
from .escape import markdown


def relative_link(from_page: str, target: str) -> str:
    """A link from one docs page (path under docs/) to another path (optionally with #anchor)."""
    path, _, anchor = target.partition("#")
    base = posixpath.dirname(from_page)
    rel = posixpath.relpath(path, base or ".") if path else ""
    if path and path == from_page:
        rel = ""
    if not rel:
        return "#" + anchor if anchor else posixpath.basename(path)
    return rel + ("#" + anchor if anchor else "")


def md_escape(text: str, table: bool = False) -> str:
    """Plain data text shown literally in Markdown (no HTML, links, emphasis or {: attributes})."""
    return markdown(text, table)
