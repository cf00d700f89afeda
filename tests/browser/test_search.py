"""Search quality: reader queries typed into Material's search box find the right page in the top 3."""
from __future__ import annotations

from fnmatch import fnmatchcase
from pathlib import Path

import pytest
import yaml

from conftest import search

pytestmark = pytest.mark.browser

QUERIES = yaml.safe_load((Path(__file__).with_name("queries.yml")).read_text(encoding="utf-8"))
TOP = 3


def test_query_list_is_sound(site_pages):
    assert len(QUERIES) >= 25, "queries.yml should hold at least 25 reader queries"
    assert len({q["query"].lower() for q in QUERIES}) == len(QUERIES), "duplicate query"
    paths = [sp.path for sp in site_pages]
    for q in QUERIES:
        assert q.get("expect"), f"{q['query']!r}: no expected page"
        for pattern in q["expect"]:
            assert any(fnmatchcase(p, pattern) for p in paths), (
                f"{q['query']!r}: expected page {pattern!r} is not in the site"
            )


@pytest.fixture(scope="module")
def search_page(shared_page, base_url):
    shared_page.goto(base_url, wait_until="networkidle")
    return shared_page


@pytest.mark.parametrize("entry", QUERIES, ids=[q["query"] for q in QUERIES])
def test_query_finds_page(entry, search_page, base_url):
    urls = search(search_page, entry["query"])
    top = [u[len(base_url):] if u.startswith(base_url) else u for u in urls[:TOP]]
    hit = any(fnmatchcase(p, pattern) for p in top for pattern in entry["expect"])
    shown = ", ".join("/" + p for p in top) or "no results"
    assert hit, (
        f"search {entry['query']!r}: none of {entry['expect']} in the top {TOP} ({shown})"
    )
