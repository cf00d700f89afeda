"""The glossary page and the hover tooltips (includes/abbreviations.md) describe the same terms."""
from __future__ import annotations

import re

from conftest import ROOT

GLOSSARY = ROOT / "docs" / "glossary.md"
TOOLTIPS = ROOT / "includes" / "abbreviations.md"
TOOLTIP = re.compile(r"^\*\[(?P<term>[^\]]+)\]:\s*(?P<text>.*)$")


def glossary_terms() -> list[str]:
    return [line[4:].strip() for line in GLOSSARY.read_text(encoding="utf-8").splitlines() if line.startswith("### ")]


def tooltips() -> dict[str, str]:
    found = {}
    for line in TOOLTIPS.read_text(encoding="utf-8").splitlines():
        match = TOOLTIP.match(line)
        if match:
            found[match["term"]] = match["text"]
    return found


def test_every_glossary_term_has_a_tooltip():
    tips = {term.lower() for term in tooltips()}
    missing = [term for term in glossary_terms() if term.lower() not in tips]
    assert missing == []


def test_glossary_is_alphabetical_and_has_no_duplicates():
    terms = [t.lower() for t in glossary_terms()]
    assert len(terms) >= 40
    assert terms == sorted(terms)
    assert len(terms) == len(set(terms))


def test_tooltips_are_short_plain_text():
    for term, text in tooltips().items():
        assert text, term
        assert len(text) <= 120, term
        assert not re.search(r"[\[\]`*<>]", text), f"markup in the tooltip of {term!r}"


def test_tooltips_appear_on_built_pages(built_site):
    html = (built_site.path / "mechanisms" / "paclitaxel-spinal-opioids" / "index.html").read_text(encoding="utf-8")
    assert re.search(r'<abbr title="[^"]+">paclitaxel</abbr>', html, re.I)


def test_tooltip_definitions_are_separate_paragraphs():
    """One definition per paragraph: the file stays readable, and appending it to pages (snippets' auto_append)
    would not slow builds tenfold."""
    lines = TOOLTIPS.read_text(encoding="utf-8").splitlines()
    adjacent = [n + 1 for n in range(len(lines) - 1) if TOOLTIP.match(lines[n]) and TOOLTIP.match(lines[n + 1])]
    assert adjacent == []


def test_each_tooltip_term_is_defined_once():
    """Two definitions of one term (a merge can leave both) would show readers whichever the build reads last."""
    terms = [match["term"] for line in TOOLTIPS.read_text(encoding="utf-8").splitlines() if (match := TOOLTIP.match(line))]
    assert sorted({t for t in terms if terms.count(t) > 1}) == []
