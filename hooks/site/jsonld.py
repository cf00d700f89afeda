"""Generated HTML: schema.org MedicalWebPage JSON-LD, and rel="noopener" on external links."""
from __future__ import annotations

import re
from html import escape

from .escape import json_script
from .review import as_date

ABOUT = {"@type": "MedicalCondition", "name": "Neuropathic pain"}


def json_ld(meta: dict, url: str | None = None) -> dict | None:
    """The MedicalWebPage object for a page, or None for reference pages and pages without a type."""
    page_type = meta.get("type")
    if not page_type or page_type == "reference":
        return None
    data = {"@context": "https://schema.org", "@type": "MedicalWebPage"}
    if meta.get("title"):
        data["name"] = str(meta["title"])
    if meta.get("description"):
        data["description"] = " ".join(str(meta["description"]).split())
    reviewed = as_date(meta.get("reviewed"))
    if reviewed:
        data["lastReviewed"] = reviewed.isoformat()
    data["about"] = dict(ABOUT)
    if url:
        data["url"] = url
    data["inLanguage"] = "en-GB"
    return data


def script_tag(data: dict) -> str:
    """The JSON inside <script type="application/ld+json">, with <, > and & escaped as \\u00XX so
    no text can close the script element."""
    return f'<script type="application/ld+json">{json_script(data)}</script>'


def inject_json_ld(html: str, data: dict | None) -> str:
    """Insert the script before the first </head>; unchanged when data is None or there is no head."""
    if not data:
        return html
    m = re.search(r"</head\s*>", html, re.I)
    if not m:
        return html
    return html[:m.start()] + script_tag(data) + "\n" + html[m.start():]


A_TAG = re.compile(r"<a\s[^>]*>", re.I)
# Only tags that hold "http://" or "https://" can link to another site: skip the rest (most links
# on a page are the navigation's relative ones) without a Python call per tag.
EXTERNAL_A_TAG = re.compile(r"<a\s[^>]*?https?://[^>]*>", re.I)
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
