"""The "by condition" pages answer the reader first and say when to get help, from a cited source."""
from __future__ import annotations

import re

import pytest
import yaml

from conftest import ROOT

CONDITIONS = ROOT / "docs" / "conditions"
CONDITION_PAGES = sorted(p for p in CONDITIONS.glob("*.md") if p.name != "index.md")
ADMONITION = re.compile(r"^(!!!|\?\?\?\+?) \w+", re.M)
CITATION = re.compile(r"\[@[^\]]+\]")


def split(path):
    text = path.read_text(encoding="utf-8")
    match = re.match(r"---\n(.*?)\n---\n(.*)", text, re.S)
    return yaml.safe_load(match.group(1)), match.group(2)


def section(body: str, title: str) -> str | None:
    match = re.search(rf"^## {re.escape(title)}\n(.*?)(?=^## |\Z)", body, re.M | re.S)
    return match.group(1) if match else None


def headings(body: str) -> list[str]:
    return re.findall(r"^## (.+)$", body, re.M)


def test_there_are_condition_pages():
    assert CONDITION_PAGES, "docs/conditions/ holds no condition page"


@pytest.mark.parametrize("path", CONDITION_PAGES, ids=lambda p: p.name)
def test_condition_page_answers_first_and_states_its_certainty(path):
    meta, body = split(path)
    assert meta["type"] == "condition"
    assert meta.get("answer") and meta.get("certainty"), "a condition page needs answer and certainty"
    in_short = section(body, "In short")
    assert headings(body)[0] == "In short"
    # The first point answers the reader's question and names the certainty in words.
    first = in_short.strip().splitlines()[0].lower()
    assert "acupuncture" in first
    level = meta["certainty"].replace("-", " ")
    assert level in " ".join(in_short.lower().split())


@pytest.mark.parametrize("path", CONDITION_PAGES, ids=lambda p: p.name)
def test_condition_page_sections_come_in_the_agreed_order(path):
    _, body = split(path)
    wanted = ["In short", "What it is", "When to get help", "Types", "What the acupuncture evidence shows",
              "Caveats", "References"]
    assert [h for h in headings(body) if h in wanted] == wanted


@pytest.mark.parametrize("path", CONDITION_PAGES, ids=lambda p: p.name)
def test_when_to_get_help_is_a_cited_callout(path):
    _, body = split(path)
    help_section = section(body, "When to get help")
    assert ADMONITION.search(help_section), "When to get help has no callout"
    assert CITATION.search(help_section), "When to get help cites no source"


@pytest.mark.parametrize("path", CONDITION_PAGES, ids=lambda p: p.name)
def test_condition_page_links_the_general_page(path):
    _, body = split(path)
    assert "](../neuropathic-pain.md)" in body


def test_the_landing_page_links_every_condition_page():
    _, body = split(CONDITIONS / "index.md")
    linked = set(re.findall(r"\]\(([a-z0-9-]+\.md)\)", body))
    assert {p.name for p in CONDITION_PAGES} <= linked
