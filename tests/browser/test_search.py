"""Search quality: reader queries typed into Material's search box find the right page in the top 3.

All queries run in one page (the index loads once); each waits for the worker's answer to that
very query (tests/browser/searchbox.py). Queries marked `held_out` were kept out of tuning; they
must pass too.
"""
from __future__ import annotations

from fnmatch import fnmatchcase
from pathlib import Path

import pytest
import yaml

from searchbox import INSTRUMENT_JS, open_box, run_query

pytestmark = pytest.mark.browser

QUERIES = yaml.safe_load((Path(__file__).with_name("queries.yml")).read_text(encoding="utf-8"))
TOP = 3


def test_query_list_is_sound(site_pages):
    assert len(QUERIES) >= 80, "queries.yml should hold at least 80 reader queries"
    assert len({q["query"].lower() for q in QUERIES}) == len(QUERIES), "duplicate query"
    held_out = [q for q in QUERIES if q.get("held_out")]
    assert held_out and all(q["held_out"] is True for q in held_out), "held_out is true or absent"
    paths = [sp.path for sp in site_pages]
    for q in QUERIES:
        assert q.get("expect"), f"{q['query']!r}: no expected page"
        for pattern in q["expect"]:
            assert any(fnmatchcase(p, pattern) for p in paths), (
                f"{q['query']!r}: expected page {pattern!r} is not in the site"
            )


@pytest.fixture(scope="module")
def results(context, base_url) -> dict[str, list[str]]:
    """Every query's result pages (paths from the site root), from one page session."""
    pg = context.new_page()
    pg.set_default_timeout(15_000)
    pg.add_init_script(INSTRUMENT_JS)
    try:
        pg.goto(base_url, wait_until="networkidle")
        open_box(pg)
        out = {}
        for entry in QUERIES:
            urls = run_query(pg, entry["query"])
            out[entry["query"]] = [u[len(base_url):] if u.startswith(base_url) else u for u in urls]
    finally:
        pg.close()
    return out


@pytest.mark.parametrize("entry", QUERIES, ids=[q["query"] for q in QUERIES])
def test_query_finds_page(entry, results):
    top = results[entry["query"]][:TOP]
    hit = any(fnmatchcase(p, pattern) for p in top for pattern in entry["expect"])
    shown = ", ".join("/" + p for p in top) or "no results"
    kind = "held-out query" if entry.get("held_out") else "query"
    assert hit, f"{kind} {entry['query']!r}: none of {entry['expect']} in the top {TOP} ({shown})"


def test_search_text_is_invisible_and_not_in_the_accessibility_tree(page, base_url):
    page.goto(base_url + "neuropathic-pain/", wait_until="load")
    hidden = page.locator("article p.npa-search-text")
    assert hidden.count() == 1
    assert "Other words for this" in hidden.text_content()
    assert hidden.evaluate("el => el.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true })") is False
    tree = page.locator("article").aria_snapshot()
    assert "In short" in tree  # the snapshot holds the article
    assert "Other words for this" not in tree


@pytest.fixture
def search_tab(context, base_url):
    pg = context.new_page()
    pg.set_default_timeout(15_000)
    pg.add_init_script(INSTRUMENT_JS)
    pg.goto(base_url + "mechanisms/adenosine/", wait_until="networkidle")
    open_box(pg)
    yield pg
    pg.close()


@pytest.mark.parametrize("query", ["zqxjv wrblt", "how is it"])
def test_no_results_shows_help_with_links(search_tab, base_url, query):
    assert run_query(search_tab, query) == []
    help_box = search_tab.locator(".npa-search-help")
    help_box.wait_for(state="visible")  # it appears 0.3 s after the empty answer
    assert "No matching" in search_tab.locator(".md-search-result__meta").text_content()
    links = help_box.locator("a").evaluate_all("links => links.map(a => [a.textContent, a.href])")
    assert len(links) >= 3
    assert all(href.startswith(base_url) and text.strip() for text, href in links)
    assert base_url + "neuropathic-pain/" in [href for _, href in links]
    assert run_query(search_tab, "nerve pain")
    help_box.wait_for(state="hidden")
