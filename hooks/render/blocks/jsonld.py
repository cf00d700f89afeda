"""Generated HTML: rel="noopener" on external links. (The JSON-LD is a template override:
overrides/partials/npa-jsonld.html.)"""
from __future__ import annotations

import re
from html import escape

# Only tags that hold "http://" or "https://" can link to another site: skip the rest (most links
# on a page are the navigation's relative ones) without a Python call per tag.
EXTERNAL_A_TAG = re.compile(r"<a\s[^<>]*?https?://[^<>]*>", re.I)  # [^<>]: each scan ends at the next tag (linear)
HREF = re.compile(r"""\bhref\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.I)
REL = re.compile(r"""\brel\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.I)


def add_rel_noopener(html: str, site_url: str | None = None) -> str:
    """Give every link to another site (http/https, not under site_url) rel="noopener"."""
    site = (site_url or "").rstrip("/")

    def fix(m: re.Match) -> str:
        tag = m.group(0)
        href = HREF.search(tag)
        if not href:
            return tag
        url = href.group(1) if href.group(1) is not None else href.group(2)
        if not re.match(r"https?://", url, re.I) or (site and (url == site or url.startswith(site + "/"))):
            return tag
        rel = REL.search(tag)
        if rel:
            values = (rel.group(1) if rel.group(1) is not None else rel.group(2)).split()
            if "noopener" in values:
                return tag
            new = escape(" ".join([*values, "noopener"]), quote=True)
            return tag[:rel.start()] + f'rel="{new}"' + tag[rel.end():]
        end = -2 if tag.endswith("/>") else -1
        return tag[:end] + ' rel="noopener"' + tag[end:]

    return EXTERNAL_A_TAG.sub(fix, html)
