"""Every page that answers a reader's question states, in the answer itself, how certain that answer is, in
the same GRADE words as its `certainty` field: a reader who sees only the short answer (in search results or
the answer box) still learns how sure we are."""
from __future__ import annotations

import re

import pytest
import yaml

from conftest import ROOT

DOCS = ROOT / "docs"
SCHEMA = yaml.safe_load((ROOT / "data" / "schema.yml").read_text(encoding="utf-8"))
FRONT = re.compile(r"\A---\n(.*?)\n---\n", re.S)
ANSWER_TYPES = ("overview", "condition", "evidence", "mechanism", "guide")
LEVELS = {key: label.lower() for key, label in SCHEMA["labels"]["certainty"].items()}
# "Our certainty is very low.", "Whether it helps is unclear: our certainty is very low.",
# "Our certainty in this definition is high."
STATED = re.compile(r"\bcertainty\b[^.]{0,40}?\bis (" + "|".join(sorted(map(re.escape, LEVELS.values()), key=len, reverse=True)) + r")\b", re.I)


def meta(path):
    match = FRONT.match(path.read_text(encoding="utf-8"))
    return (yaml.safe_load(match.group(1)) if match else None) or {}


def stated_levels(answer: str) -> list[str]:
    return [m.group(1).lower() for m in STATED.finditer(answer)]


ANSWER_PAGES = sorted(p for p in DOCS.rglob("*.md") if meta(p).get("type") in ANSWER_TYPES and meta(p).get("answer"))


def test_there_are_answer_pages():
    assert ANSWER_PAGES


@pytest.mark.parametrize("path", ANSWER_PAGES, ids=lambda p: p.relative_to(DOCS).as_posix())
def test_the_answer_states_the_pages_certainty_in_words(path):
    data = meta(path)
    assert data.get("certainty") in LEVELS, f"{path.name}: no certainty"
    assert LEVELS[data["certainty"]] in stated_levels(data["answer"]), (
        f"{path.name}: the answer does not say 'certainty is {LEVELS[data['certainty']]}'")


def test_the_rule_tells_levels_apart_and_needs_the_word_certainty():
    assert stated_levels("We do not know. Our certainty is very low.") == ["very low"]
    assert stated_levels("Our certainty in this definition is high.") == ["high"]
    assert stated_levels("Whether it helps is unclear: our certainty is very low.") == ["very low"]
    assert stated_levels("Our certainty is low.") == ["low"]
    assert stated_levels("Serious harm is rare. The trials are low quality.") == []
    assert stated_levels("The evidence is very low quality.") == []
