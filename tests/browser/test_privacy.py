"""Privacy and safety: no request leaves the site; external links open with rel=noopener."""
from __future__ import annotations

from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest

from conftest import search

pytestmark = pytest.mark.browser

LOCAL_SCHEMES = {"data", "blob", "about"}


def test_no_third_party_requests(context, base_url, site_pages):
    """Load every page, then run a search: every request the browser makes goes to 127.0.0.1."""
    pg = context.new_page()
    seen: list[tuple[str, str]] = []
    pg.on("request", lambda r: seen.append((r.url, pg.url)))
    try:
        for sp in site_pages:
            pg.goto(base_url + sp.path, wait_until="networkidle")
        search(pg, "acupuncture")
        pg.wait_for_load_state("networkidle")
    finally:
        pg.close()
    assert seen, "no request was recorded at all"
    outside = sorted(
        {
            f"{url}  (from {page_url})"
            for url, page_url in seen
            if urlsplit(url).scheme not in LOCAL_SCHEMES and urlsplit(url).hostname != "127.0.0.1"
        }
    )
    assert not outside, "requests to other hosts:\n" + "\n".join(outside)


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
