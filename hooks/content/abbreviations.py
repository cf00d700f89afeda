"""The glossary tooltips file (includes/abbreviations.md) read once as a dictionary.

Python-Markdown's abbr extension (3.7+) accepts the abbreviations as its `glossary` option. Given
once in the configuration they are parsed once per build, instead of being appended to every page
(pymdownx.snippets auto_append) and parsed again, block by block, on every page.
"""
from __future__ import annotations

import re

# The same definition syntax the abbr extension reads: `*[term]: text` (AbbrBlockprocessor.RE).
DEFINITION = re.compile(r"^[*]\[(?P<abbr>[^\\]*?)\][ ]?:[ ]*\n?[ ]*(?P<title>.*)$", re.MULTILINE)
COMMENT = re.compile(r"<!--.*?-->", re.S)


def parse_abbreviations(text: str) -> dict[str, str]:
    """{term: definition} in file order; a later definition of a term replaces an earlier one, and
    an empty definition ('' or \"\") removes the term, as in the abbr extension."""
    glossary: dict[str, str] = {}
    for m in DEFINITION.finditer(COMMENT.sub("", text)):
        term, title = m.group("abbr").strip(), m.group("title").strip()
        if not term or not title:
            continue
        if title in ("''", '""'):
            glossary.pop(term, None)
        else:
            glossary[term] = title
    return glossary
