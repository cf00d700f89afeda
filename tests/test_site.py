"""The reference as a whole: the strict build, its pages, its search index, its privacy and its sources."""
from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlparse

import pytest
import yaml

from conftest import ROOT
from sitepaths import html_file, nav_pages, url_path
from hooks.content.config import read_config

DOCS = ROOT / "docs"
CITATION = re.compile(r"\[@([^\]]+)\]")
FENCE = re.compile(r"^(`{3,}|~{3,}).*?^\1", re.M | re.S)
UNVERIFIED_IN_SHARED = ROOT.parent / "shared" / "references" / "references.yml"
SEEN = re.compile(r"(https?://\S+|\b[\w-]+(\.[\w-]+)+/\S*).*\b20\d\d-\d\d-\d\d\b", re.S)  # an address, then the date seen


@pytest.fixture(scope="module")
def config() -> dict:
    return read_config(ROOT / "mkdocs.yml").data


@pytest.fixture(scope="module")
def bibliography() -> dict[str, dict]:
    data = yaml.safe_load((ROOT / "data" / "bibliography.yml").read_text(encoding="utf-8"))
    return {entry["key"]: entry for entry in data["references"]}


def test_strict_build_has_no_warnings(built_site):
    if built_site.log is None:
        pytest.skip("site built by .ci/run with --strict (a warning would have failed it)")
    assert "WARNING" not in built_site.log, built_site.log


def test_every_nav_entry_has_a_built_page(built_site, config):
    pages = nav_pages(config["nav"])
    assert pages
    missing = [md for md in pages if not html_file(built_site.path, md).is_file()]
    assert missing == []


def test_every_page_in_docs_is_in_the_nav(config):
    in_nav = set(nav_pages(config["nav"]))
    on_disk = {p.relative_to(DOCS).as_posix() for p in DOCS.rglob("*.md")}
    assert on_disk - in_nav == set()


def test_search_index_covers_every_page_and_reader_words(built_site, config):
    index = json.loads((built_site.path / "search" / "search_index.json").read_text(encoding="utf-8"))
    locations = {doc["location"].split("#")[0] for doc in index["docs"]}
    for md in nav_pages(config["nav"]):
        assert url_path(md) in locations, f"{md} not in the search index"
    text = " ".join(doc["title"] + " " + doc["text"] for doc in index["docs"]).lower()
    for word in ("adenosine", "chemotherapy", "iasp", "side effects", "sleep", "mortality", "shingles"):
        assert word in text, word


class _Requests(HTMLParser):
    """Collects URLs that a browser would fetch on load (not links a reader may follow)."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag in ("script", "img", "iframe", "source", "audio", "video", "embed") and a.get("src"):
            self.urls.append(a["src"])
        if tag == "link" and a.get("href") and not {"canonical", "alternate"} & set((a.get("rel") or "").split()):
            self.urls.append(a["href"])


def test_built_html_requests_nothing_from_other_hosts(built_site):
    offenders = []
    for page in built_site.path.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        parser = _Requests()
        parser.feed(html)
        offenders += [(page.name, u) for u in parser.urls if urlparse(u).netloc]
        for host in ("fonts.googleapis.com", "fonts.gstatic.com", "cdn.jsdelivr.net", "unpkg.com"):
            assert host not in html, f"{page} mentions {host}"
    assert offenders == []


def test_every_citation_and_source_is_a_verified_work(bibliography):
    problems = []
    for page in DOCS.rglob("*.md"):
        text = page.read_text(encoding="utf-8")
        match = re.match(r"---\n(.*?)\n---\n", text, re.S)
        meta = yaml.safe_load(match.group(1)) if match else {}
        keys = set(meta.get("sources") or [])
        for group in CITATION.findall(FENCE.sub("", text)):
            keys |= {k.strip().lstrip("@") for k in group.split(";")}
        problems += [f"{page.relative_to(ROOT)}: {k}" for k in sorted(keys) if k not in bibliography]
    assert problems == []
    assert all(entry.get("verified") is True for entry in bibliography.values())


@pytest.mark.skipif(not UNVERIFIED_IN_SHARED.is_file(), reason="the checked bibliography (../shared) is not beside this clone")
def test_bibliography_only_holds_works_verified_in_the_checked_bibliography(bibliography):
    """A work comes from the checked bibliography (verified there, title and year as there), or an editor saw
    its record: then `verified_by` names the address seen and the date, and the checked list does not reject it."""
    checked = yaml.safe_load(UNVERIFIED_IN_SHARED.read_text(encoding="utf-8"))["references"]
    verified = {entry["key"] for entry in checked if entry.get("verified") is True}
    rejected = {entry["key"] for entry in checked if entry.get("verified") is not True}
    for key, entry in bibliography.items():
        if key in verified:
            original = next(e for e in checked if e["key"] == key)
            assert (entry["title"], entry["year"]) == (original["title"], original["year"]), key
        else:
            assert key not in rejected, f"{key} is not verified in the checked bibliography"
            assert SEEN.search(str(entry.get("verified_by") or "")), f"{key}: verified_by must name an address and the date seen"
