"""What every reader sees: the health notice, generated evidence labels, review dates, print layout.

The per-page facts come from one walk over the site (the `walk` fixture in conftest.py).
"""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from conftest import serve
from projectcopy import copy_project, run

pytestmark = pytest.mark.browser

NOTICE = "does not replace a doctor"


def _typed(site_pages, *types):
    return [sp for sp in site_pages if sp.type in types]


def test_health_notice_on_every_page(walk, site_pages):
    missing = [
        "/" + sp.path
        for sp in site_pages
        if not (n := walk.facts[sp.path]["notice"]) or not n["visible"] or NOTICE not in n["text"]
    ]
    assert not missing, "pages without the visible 'not medical advice' notice: " + ", ".join(missing)


def test_evidence_badge_on_evidence_and_mechanism_pages(walk, site_pages):
    pages = _typed(site_pages, "evidence", "mechanism")
    assert pages, "no page of type evidence or mechanism"
    problems = []
    for sp in pages:
        badge = walk.facts[sp.path]["badge"]
        if not badge or not badge["visible"]:
            problems.append(f"/{sp.path}: no visible 'Certainty' label")
            continue
        if not badge["atTop"]:
            problems.append(f"/{sp.path}: the 'Certainty' label is not above the first section")
        certainty = str(sp.meta.get("certainty", "")).replace("-", " ").lower()
        if certainty and certainty not in badge["text"].replace("-", " ").lower():
            problems.append(f"/{sp.path}: the badge does not show certainty '{certainty}'")
        if not badge["labelsLink"]:
            problems.append(f"/{sp.path}: no link to 'How to read the evidence labels'")
    assert not problems, "\n".join(problems)


def test_review_dates_at_bottom_of_content_pages(walk, site_pages):
    pages = [sp for sp in site_pages if sp.meta.get("reviewed")]
    assert pages, "no page has a reviewed date"
    problems = []
    for sp in pages:
        review = walk.facts[sp.path]["review"]
        if not review or not review["visible"]:
            problems.append(f"/{sp.path}: no visible 'Page last reviewed'")
            continue
        if "Next review due" not in review["text"]:
            problems.append(f"/{sp.path}: no 'Next review due' beside the review date")
        if not review["atBottom"]:
            problems.append(f"/{sp.path}: the review dates are not at the bottom")
        reviewed = sp.meta["reviewed"]
        day = f"{reviewed.day} {reviewed:%B %Y}" if hasattr(reviewed, "day") else str(reviewed)
        if day not in review["text"]:
            problems.append(f"/{sp.path}: review date {day!r} not shown ({review['text'].strip()!r})")
    assert not problems, "\n".join(problems)


def test_evidence_map_on_mechanisms_overview(page, base_url, site_pages):
    mechanisms = [sp for sp in _typed(site_pages, "mechanism") if sp.path.startswith("mechanisms/")]
    assert mechanisms, "no mechanism pages"
    page.goto(base_url + "mechanisms/", wait_until="load")
    tables = page.locator("article table")
    expect(tables.first, "mechanisms/ shows no evidence map table").to_be_visible()
    hrefs = set()
    texts = []
    for i in range(tables.count()):
        hrefs |= set(
            tables.nth(i).locator("a[href]").evaluate_all(
                "els => els.map(a => new URL(a.href).pathname)"
            )
        )
        texts.append(tables.nth(i).inner_text().lower())
    missing = [sp.path for sp in mechanisms if "/" + sp.path not in hrefs]
    assert not missing, "the evidence map lacks rows linking to: " + ", ".join(missing)
    text = "\n".join(texts)
    assert "certainty" in text, "the evidence map has no certainty column"
    for sp in mechanisms:
        certainty = str(sp.meta.get("certainty", "")).replace("-", " ").lower()
        assert not certainty or certainty in text.replace("-", " "), (
            f"the evidence map does not show certainty '{certainty}' of /{sp.path}"
        )


def test_print_layout(page, base_url, site_dir, site_pages):
    """In print: no navigation, header or search; closed ??? notes are open; link targets shown."""
    with_details = [
        sp for sp in site_pages
        if "<details" in (site_dir / sp.path / "index.html").read_text(encoding="utf-8")
    ]
    assert with_details, "no page has a collapsible (???) admonition to print"
    sp = with_details[0]
    page.goto(base_url + sp.path, wait_until="load")
    # The first closed note, by its place among all notes: Material opens every note for print, so
    # a ":not([open])" locator would stop matching it once the print media applies.
    closed = page.locator("article details:not([open])")
    assert closed.count(), f"/{sp.path}: no closed <details>"
    index = page.locator("article details").evaluate_all("els => els.findIndex(d => !d.open)")
    body = page.locator("article details").nth(index).locator(":scope > :not(summary)").first
    expect(body, "a closed note's body should be hidden on screen").to_be_hidden()
    page.emulate_media(media="print")
    try:
        # Each assertion waits for the state it asserts: the print styles (and Material's script
        # that opens notes for print) apply after the media change, not at once.
        for selector in (".md-header", ".md-sidebar--primary", ".md-sidebar--secondary",
                         ".md-footer", ".md-search"):
            expect(page.locator(selector).first, f"{selector} shows in print").to_be_hidden()
        expect(body, "a closed ??? note's body is not printed").to_be_visible()
        box = body.bounding_box()
        assert box and box["height"] > 0
        expect(page.locator(".npa-notice"), "the health notice is not printed").to_be_visible()
        external = page.locator("article a[href^='http']")
        if external.count():
            after = external.first.evaluate("a => getComputedStyle(a, '::after').content")
            assert "http" in after, f"link target not shown in print: {after!r}"
        pdf = page.pdf(format="A4")
        assert pdf[:4] == b"%PDF"
    finally:
        page.emulate_media(media="screen")


def test_meta_description_from_front_matter(walk, site_pages):
    """Search engines and link previews get the page's own one-sentence description."""
    problems = [
        f"/{sp.path}: meta description {walk.facts[sp.path]['metaDescription']!r}"
        for sp in site_pages
        if sp.meta.get("description")
        and walk.facts[sp.path]["metaDescription"] != str(sp.meta["description"]).strip()
    ]
    assert not problems, "\n".join(problems)


def test_structured_data_on_content_pages(walk, site_pages):
    """Each content page carries schema.org MedicalWebPage JSON-LD built from its front matter."""
    pages = [sp for sp in site_pages if sp.type and sp.type != "reference"]
    assert pages, "no content pages"
    problems = []
    for sp in pages:
        blocks = [b for b in walk.facts[sp.path]["jsonld"] if b.get("@type") == "MedicalWebPage"]
        if len(blocks) != 1:
            problems.append(f"/{sp.path}: {len(blocks)} MedicalWebPage JSON-LD blocks "
                            f"(all: {walk.facts[sp.path]['jsonld']})")
            continue
        ld = blocks[0]
        reviewed = sp.meta.get("reviewed")
        expected = {
            "name": str(sp.meta.get("title", "")),
            "description": str(sp.meta.get("description", "")).strip(),
            "lastReviewed": reviewed.isoformat() if hasattr(reviewed, "isoformat") else str(reviewed),
        }
        for key, value in expected.items():
            if ld.get(key) != value:
                problems.append(f"/{sp.path}: JSON-LD {key} is {ld.get(key)!r}, expected {value!r}")
        about = ld.get("about") or {}
        about_name = about.get("name", "") if isinstance(about, dict) else str(about)
        if "neuropathic pain" not in about_name.lower():
            problems.append(f"/{sp.path}: JSON-LD about is {about!r}")
    assert not problems, "\n".join(problems)


def test_overdue_page_shows_a_visible_notice(context, tmp_path):
    """A page past its next_review builds, and readers see "This page is overdue for review" at the
    top (a copy of the project with one page made overdue, built strict)."""
    project = copy_project(tmp_path)
    src = project / "docs" / "mechanisms" / "adenosine.md"
    text = re.sub(r"^reviewed: .*$", "reviewed: 2024-03-01", src.read_text(encoding="utf-8"), flags=re.M)
    src.write_text(re.sub(r"^next_review: .*$", "next_review: 2025-03-09", text, flags=re.M), encoding="utf-8")
    site = tmp_path / "site"
    built = run(project, "-m", "mkdocs", "build", "--strict", "-d", str(site))
    assert built.returncode == 0, built.stderr
    server, url = serve(site)
    pg = context.new_page()
    try:
        pg.goto(url + "mechanisms/adenosine/", wait_until="load")
        notice = pg.locator(".npa-overdue")
        expect(notice).to_be_visible()
        expect(notice).to_contain_text("This page is overdue for review")
        expect(notice).to_contain_text("9 March 2025")
        box, heading = notice.bounding_box(), pg.locator("article h2").first.bounding_box()
        assert box and heading and box["y"] < heading["y"], "the notice is not above the first section"
        assert box["y"] < pg.viewport_size["height"], "the notice is not in the first screen"
        pg.goto(url + "mechanisms/inflammation/", wait_until="load")
        expect(pg.locator("article h1").first).to_be_visible()
        expect(pg.locator(".npa-overdue")).to_have_count(0)
    finally:
        pg.close()
        server.shutdown()
        server.server_close()
