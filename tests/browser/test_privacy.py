"""Privacy and safety: no request leaves the site; external links open with rel=noopener."""
from __future__ import annotations

from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest

pytestmark = pytest.mark.browser

LOCAL_SCHEMES = {"data", "blob", "about"}


def test_no_third_party_requests(walk):
    """Load every page, then run a search: every request the browser makes goes to 127.0.0.1."""
    assert walk.requests, "no request was recorded at all"
    outside = sorted(
        {
            f"{url}  (from {page_url})"
            for url, page_url in walk.requests
            if urlsplit(url).scheme not in LOCAL_SCHEMES and urlsplit(url).hostname != "127.0.0.1"
        }
    )
    assert not outside, "requests to other hosts:\n" + "\n".join(outside)
    assert any("search_index.json" in url for url, _ in walk.requests), "the search index never loaded"


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[dict] = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self.links.append(dict(attrs))


def test_external_links_have_noopener(site_dir, site_pages):
    """Every link to another site carries rel="noopener" (checked over the built HTML)."""
    bad = []
    for sp in site_pages:
        parser = _Links()
        parser.feed((site_dir / sp.path / "index.html").read_text(encoding="utf-8"))
        for a in parser.links:
            href = a.get("href") or ""
            if urlsplit(href).scheme in ("http", "https"):
                rel = (a.get("rel") or "").split()
                if "noopener" not in rel:
                    bad.append(f"/{sp.path}: {href}")
    assert not bad, "external links without rel=noopener:\n" + "\n".join(sorted(set(bad)))
