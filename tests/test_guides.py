"""Practical reader pages (type: guide) answer the reader first: a short answer that states its certainty, the
same certainty in "In short", a place in the "Practical help" section, and the medicines line where medicines
are named."""
from __future__ import annotations

import re

import pytest
import yaml

from conftest import ROOT
from sitepaths import nav_pages

DOCS = ROOT / "docs"
SCHEMA = yaml.safe_load((ROOT / "data" / "schema.yml").read_text(encoding="utf-8"))
FRONT = re.compile(r"\A---\n(.*?)\n---\n(.*)\Z", re.S)
MEDICINES = re.compile(r"\b(amitriptyline|duloxetine|gabapentin|pregabalin)\b", re.I)
MEDICINES_LINE = re.compile(r"GP or pharmacist before you start, stop or change any medicine", re.I)


def split(path):
    match = FRONT.match(path.read_text(encoding="utf-8"))
    assert match, f"{path.name}: no front matter"
    return yaml.safe_load(match.group(1)), match.group(2)


def guide_pages():
    return sorted(p for p in DOCS.rglob("*.md") if (split(p)[0] or {}).get("type") == "guide")


def section(body: str, title: str) -> str:
    match = re.search(rf"^## {re.escape(title)}[ \t]*\n(.*?)(?=^## |\Z)", body, re.S | re.M)
    return match.group(1) if match else ""


def says_certainty(text: str, level: str) -> bool:
    """True if the text names the GRADE level in words, as in 'Our certainty is very low.'"""
    label = SCHEMA["labels"]["certainty"][level].lower()
    plain = re.sub(r"[*_]", "", text).lower()
    return re.search(rf"certainty is {re.escape(label)}\b", plain) is not None


def test_there_are_guide_pages():
    assert guide_pages(), "no page has type: guide"


@pytest.mark.parametrize("path", guide_pages(), ids=lambda p: p.relative_to(ROOT).as_posix())
def test_guide_answers_first_with_its_certainty(path):
    meta, body = split(path)
    assert meta.get("answer"), f"{path.name}: no answer"
    assert meta.get("certainty"), f"{path.name}: no certainty"
    assert says_certainty(meta["answer"], meta["certainty"]), f"{path.name}: the answer does not state its certainty"
    assert says_certainty(section(body, "In short"), meta["certainty"]), f"{path.name}: In short does not state the certainty"


@pytest.mark.parametrize("path", guide_pages(), ids=lambda p: p.relative_to(ROOT).as_posix())
def test_guide_naming_medicines_has_the_medicines_line(path):
    _, body = split(path)
    if MEDICINES.search(body):
        assert MEDICINES_LINE.search(" ".join(body.split())), f"{path.name} names medicines without the GP or pharmacist line"


def test_guides_are_in_practical_help_before_the_research_sections():
    nav = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))["nav"]
    titles = [next(iter(item)) if isinstance(item, dict) else item for item in nav]
    assert "Practical help" in titles
    # Readers' sections come first: before the evidence and the mechanisms.
    assert titles.index("Neuropathic pain") < titles.index("Practical help") < titles.index("The evidence")
    practical = nav_pages(nav[titles.index("Practical help")]["Practical help"])
    missing = [p.relative_to(DOCS).as_posix() for p in guide_pages() if p.relative_to(DOCS).as_posix() not in practical]
    assert missing == []


def test_certainty_check_tells_levels_apart():
    assert says_certainty("Serious harm is rare. Our certainty is **very low**.", "very-low")
    assert not says_certainty("Our certainty is very low.", "low")
    assert not says_certainty("Certainty: high.", "high")
