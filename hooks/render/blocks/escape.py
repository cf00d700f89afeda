"""Escaping at the boundary: every value from front matter or a data file that reaches HTML passes
through one of these, chosen for its context.

  text(value)           HTML text content (<, > and & as character references)
  attribute(value)      a quoted HTML attribute value (quotes too)
  url(value)            an http(s) address safe inside an href, or None (javascript:, data:, relative,
                        spaces or control characters: no link at all)
  markdown(value)       data text placed in Markdown: shown literally, never markup (no HTML, links,
                        emphasis, attribute lists {: ...} or citations)
  markdown_url(value)   url() that can also sit inside a Markdown link's parentheses
  is_key / is_doi / is_pmid   the formats of bibliography keys, DOIs and PubMed ids

Python-Markdown does not treat a backslash before < as an escape, so HTML-significant characters are
written as character references, and Markdown punctuation is backslash-escaped (Python-Markdown's
escapable set includes { and }, which stops a trailing `{: onclick=... }` becoming attributes).
"""
from __future__ import annotations

import re
from html import escape as _html_escape
from urllib.parse import quote, urlsplit

from hooks.content.bibliography import DOI, KEY, PMID  # the formats, defined once

_CONTROL = re.compile(r"[\x00-\x20\x7f-\x9f\u2028\u2029]")
_MARKDOWN_PUNCTUATION = str.maketrans({c: "\\" + c for c in "\\`*_[]{}#!"})
_HTML_TEXT = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})
# Characters kept as they are in an address; everything else is percent-encoded (already-encoded
# %XX sequences are kept).
_URL_SAFE = "-._~:/?#[]@!$&'*+,;=%"


def text(value: object) -> str:
    """`value` as HTML text content."""
    return _html_escape(str(value), quote=False)


def attribute(value: object) -> str:
    """`value` inside a double- or single-quoted HTML attribute."""
    return _html_escape(str(value), quote=True)


def url(value: object) -> str | None:
    """An absolute http(s) address with a host, percent-encoded where needed; None otherwise."""
    if not isinstance(value, str) or not value or len(value) > 2000 or _CONTROL.search(value):
        return None
    try:
        parts = urlsplit(value)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    return quote(value, safe=_URL_SAFE + "()")


def markdown_url(value: object) -> str | None:
    """url(), with parentheses percent-encoded unless they pair up (a Markdown link ends at an
    unmatched `)`), and the characters Markdown reads inside a link target encoded."""
    address = url(value)
    if address is None:
        return None
    depth = 0
    for char in address:
        depth += (char == "(") - (char == ")")
        if depth < 0:
            break
    if depth != 0:
        address = address.replace("(", "%28").replace(")", "%29")
    return address


def markdown(value: object, table: bool = False) -> str:
    """Data text for a Markdown page: whitespace collapsed, shown literally (no markup of any kind).

    In a table cell (`table=True`) the pipe is escaped too."""
    value = " ".join(str(value).split()).translate(_HTML_TEXT).translate(_MARKDOWN_PUNCTUATION)
    return value.replace("|", "\\|") if table else value


def is_key(value: object) -> bool:
    """A bibliography key: letters, digits, _ and -, starting with a letter or digit (at most 64)."""
    return isinstance(value, str) and KEY.fullmatch(value) is not None


def is_doi(value: object) -> bool:
    """A DOI as Crossref recommends matching it: 10.NNNN/suffix of safe characters."""
    return isinstance(value, str) and DOI.fullmatch(value) is not None


def is_pmid(value: object) -> bool:
    """A PubMed id: digits (text or a whole number)."""
    if isinstance(value, bool):
        return False
    return (isinstance(value, int) and value > 0) or (isinstance(value, str) and PMID.fullmatch(value) is not None)
