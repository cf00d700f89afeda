"""The claims ledger in the built site: the "Claims checked" page and the box on each page it names.
(Whether the ledger and the pages agree is the checker's: rules CLM001-CLM012.)"""
from __future__ import annotations

import html
import re

import pytest
import yaml

from conftest import ROOT
from sitepaths import html_file, url_path

LEDGER = yaml.safe_load((ROOT / "data" / "claims.yml").read_text(encoding="utf-8"))
CLAIMS = LEDGER["claims"]


def text_of(markup: str) -> str:
    """Visible text: inline tags (tooltips, links, emphasis) dropped, other tags as spaces, entities
    decoded, spaces folded."""
    inline_dropped = re.sub(r"</?(?:abbr|a|strong|em|code|span)\b[^>]*>", "", markup)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", inline_dropped)).split())


def built_page(site, page: str) -> str:
    return html_file(site, page).read_text(encoding="utf-8")


def claims_box(page_html: str) -> str:
    match = re.search(r'<div class="admonition note npa-claims".*?</div>', page_html, re.S)
    return match.group(0) if match else ""


@pytest.mark.parametrize("claim", CLAIMS, ids=[c["id"] for c in CLAIMS])
def test_claims_page_lists_the_claim_with_its_verdict_and_link(built_site, claim):
    page = (built_site.path / "claims" / "index.html").read_text(encoding="utf-8")
    row = next((r for r in re.findall(r"<tr>.*?</tr>", page, re.S) if text_of(claim["claim"]) in text_of(r)), None)
    assert row, f"{claim['id']} has no row on the claims page"
    assert LEDGER["verdicts"][claim["verdict"]]["label"] in text_of(row)
    assert f'href="../{url_path(claim["page"])}"' in row


@pytest.mark.parametrize("claim", CLAIMS, ids=[c["id"] for c in CLAIMS])
def test_the_discussing_page_shows_the_claim_and_its_anchor(built_site, claim):
    page = built_page(built_site.path, claim["page"])
    anchor = claim["page"].partition("#")[2]
    assert f'id="{anchor}"' in page
    box = text_of(claims_box(page))
    assert text_of(claim["claim"]) in box
    assert LEDGER["verdicts"][claim["verdict"]]["label"] in box


def test_pages_not_named_by_the_ledger_have_no_claims_box(built_site):
    named = {claim["page"].partition("#")[0] for claim in CLAIMS}
    for page in ("glossary.md", "about.md", "references.md", "mechanisms/index.md"):
        assert page not in named
        assert claims_box(built_page(built_site.path, page)) == ""
