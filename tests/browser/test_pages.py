"""What every reader sees: the health notice, generated evidence labels, review dates, print layout."""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

NOTICE = "does not replace a doctor"


def test_health_notice_on_every_page(context, base_url, site_pages):
    pg = context.new_page()
    missing = []
    try:
        for sp in site_pages:
            pg.goto(base_url + sp.path, wait_until="domcontentloaded")
            note = pg.locator("[role=note].npa-notice")
            if not (note.count() == 1 and note.is_visible() and NOTICE in note.inner_text()):
                missing.append("/" + sp.path)
    finally:
        pg.close()
    assert not missing, "pages without the visible 'not medical advice' notice: " + ", ".join(missing)


def _typed(site_pages, *types):
    return [sp for sp in site_pages if sp.type in types]


def test_evidence_badge_on_evidence_and_mechanism_pages(context, base_url, site_pages):
    pages = _typed(site_pages, "evidence", "mechanism")
    assert pages, "no page of type evidence or mechanism"
    pg = context.new_page()
    missing = []
    try:
        for sp in pages:
            pg.goto(base_url + sp.path, wait_until="domcontentloaded")
            article = pg.locator("article.md-content__inner")
            badge = article.get_by_text("Certainty", exact=False).first
            # The badge sits at the top: before the first ## heading of the page.
            if not (badge.count() and badge.is_visible()):
                missing.append(f"/{sp.path}: no visible 'Certainty' label")
                continue
            before_h2 = badge.evaluate(
                """el => {
                    const h2 = el.closest('article').querySelector('h2');
                    return !h2 || !!(el.compareDocumentPosition(h2) & Node.DOCUMENT_POSITION_FOLLOWING);
                }"""
            )
            if not before_h2:
                missing.append(f"/{sp.path}: 'Certainty' label is not at the top")
            certainty = str(sp.meta.get("certainty", "")).replace("-", " ")
            if certainty and certainty.lower() not in article.inner_text().lower():
                missing.append(f"/{sp.path}: certainty '{certainty}' not shown")
            link = article.locator("a[href*='evidence-labels']")
            if not link.count():
                missing.append(f"/{sp.path}: no link to the evidence labels page")
    finally:
        pg.close()
    assert not missing, "\n".join(missing)


def test_evidence_map_on_mechanisms_overview(page, base_url, site_pages):
    mechanisms = [sp for sp in _typed(site_pages, "mechanism") if sp.path.startswith("mechanisms/")]
    assert mechanisms, "no mechanism pages"
    page.goto(base_url + "mechanisms/", wait_until="domcontentloaded")
    tables = page.locator("article table")
    assert tables.count(), "mechanisms/ shows no evidence map table"
    hrefs = set()
    for i in range(tables.count()):
        hrefs |= set(
            tables.nth(i).locator("a[href]").evaluate_all(
                "els => els.map(a => new URL(a.href).pathname)"
            )
        )
    assert tables.first.is_visible()
    missing = [sp.path for sp in mechanisms if "/" + sp.path not in hrefs]
    assert not missing, "evidence map lacks rows linking to: " + ", ".join(missing)
    text = tables.first.inner_text().lower()
    assert "certainty" in text or any(
        c in text for c in ("high", "moderate", "low", "very low")
    ), "evidence map shows no certainty column"


def test_review_dates_at_bottom_of_content_pages(context, base_url, site_pages):
    pages = [sp for sp in site_pages if sp.meta.get("reviewed")]
    assert pages, "no page has a reviewed date"
    pg = context.new_page()
    missing = []
    try:
        for sp in pages:
            pg.goto(base_url + sp.path, wait_until="domcontentloaded")
            el = pg.locator("article").get_by_text("Page last reviewed", exact=False).last
            if not (el.count() and el.is_visible()):
                missing.append(f"/{sp.path}: no 'Page last reviewed'")
                continue
            text = el.evaluate("e => (e.closest('p,div,footer,aside,section') || e).textContent")
            if "Next review due" not in text:
                missing.append(f"/{sp.path}: no 'Next review due' beside the review date")
            # At the bottom: no ## heading follows it in the article.
            after = el.evaluate(
                """e => [...e.closest('article').querySelectorAll('h2')]
                        .some(h => e.compareDocumentPosition(h) & Node.DOCUMENT_POSITION_FOLLOWING)"""
            )
            if after:
                missing.append(f"/{sp.path}: review dates are not at the bottom")
    finally:
        pg.close()
    assert not missing, "\n".join(missing)


def test_print_layout(page, base_url, site_dir, site_pages):
    """In print: no navigation, header or search; closed ??? notes are open; link targets shown."""
    with_details = [
        sp for sp in site_pages
        if "<details" in (site_dir / sp.path / "index.html").read_text(encoding="utf-8")
    ]
    assert with_details, "no page has a collapsible (???) admonition to print"
    sp = with_details[0]
    page.goto(base_url + sp.path, wait_until="networkidle")
    closed = page.locator("article details:not([open])")
    assert closed.count(), f"/{sp.path}: no closed <details>"
    body = closed.first.locator(":scope > :not(summary)").first
    assert not body.is_visible(), "a closed note's body should be hidden on screen"
    page.emulate_media(media="print")
    try:
        for selector in (".md-header", ".md-sidebar--primary", ".md-sidebar--secondary",
                         ".md-footer", ".md-search"):
            assert not page.locator(selector).first.is_visible(), f"{selector} shows in print"
        assert body.is_visible(), "a closed ??? note's body is not printed"
        box = body.bounding_box()
        assert box and box["height"] > 0
        assert page.locator(".npa-notice").is_visible(), "the health notice is not printed"
        external = page.locator("article a[href^='http']")
        if external.count():
            after = external.first.evaluate("a => getComputedStyle(a, '::after').content")
            assert "http" in after or "attr" in after, f"link target not shown in print: {after!r}"
    finally:
        page.emulate_media(media="screen")
