"""When `answer` and `certainty` become required (the integrator's flip in data/schema.yml, once
every content page has them): the checker asks for both, and hooks.new scaffolds both.

The flip is made here, on a copy of the schema in a temporary project, never in data/schema.yml:
    fields.answer.required:    [overview, condition, evidence, mechanism, guide]
    fields.certainty.required: [overview, condition, evidence, mechanism, guide]
"""
from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import pytest
import yaml

from hooks import new
from hooks.checker import Checker, Project
from hooks.content.schema import load_schema

ROOT = Path(__file__).resolve().parent.parent
TODAY = dt.date(2026, 11, 25)
READER_TYPES = ["overview", "condition", "evidence", "mechanism", "guide"]


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    """A project whose schema requires answer and certainty of the reader-facing page types."""
    root = tmp_path_factory.mktemp("answer-required")
    (root / "data").mkdir()
    (root / "docs").mkdir()
    data = yaml.safe_load((ROOT / "data" / "schema.yml").read_text(encoding="utf-8"))
    assert set(READER_TYPES) <= set(data["types"])
    data["fields"]["answer"]["required"] = READER_TYPES
    data["fields"]["certainty"]["required"] = READER_TYPES
    (root / "data" / "schema.yml").write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    shutil.copy(ROOT / "data" / "bibliography.yml", root / "data" / "bibliography.yml")
    return root


@pytest.fixture(scope="module")
def checker(project) -> Checker:
    return Checker.load(Project.at(project), TODAY)


@pytest.mark.parametrize("page_type", READER_TYPES)
def test_missing_answer_and_certainty_are_errors(page_type, checker, project):
    scaffold = new.render(checker.context.schema, page_type, "Required", TODAY, "required.md")
    lines = [line for line in scaffold.splitlines() if not line.startswith(("answer:", "certainty:"))]
    problems = checker.check_page_bytes(project / "docs" / "required.md", "\n".join(lines).encode())
    missing = {p.message for p in problems if p.rule == "FM002"}
    assert f'missing required field "answer" (type: {page_type})' in missing
    assert f'missing required field "certainty" (type: {page_type})' in missing
    assert all(p.severity == "error" for p in problems if p.rule == "FM002")


@pytest.mark.parametrize("page_type", READER_TYPES)
def test_scaffold_has_answer_and_certainty_and_passes_once_filled(page_type, checker, project):
    schema = load_schema(project / "data" / "schema.yml")
    text = new.render(schema, page_type, "Filled", TODAY, "filled.md")
    assert text.count('\nanswer: ""') == 1 and text.count("\ncertainty:") == 1
    key = "goldman2010"
    text = text.replace('answer: ""', "answer: A short and plain answer. Our certainty is low.")
    text = text.replace('description: ""', "description: A page for the test.")
    text = "\n".join(
        "certainty: low" if line.startswith("certainty:")
        else "evidence: [animal]" if line.startswith("evidence:")
        else f"sources: [{key}]" if line.startswith("sources:")
        else "evidence_query: 'acupuncture AND pain'" if line.startswith("evidence_query:")
        else f"searched_to: {TODAY}" if line.startswith("searched_to:")
        else line
        for line in text.splitlines()
    )
    cite = f" [@{key}]" if "sources:" in text else ""
    text = re.sub(r"<!-- At least one caveat box:.*?\n\n(.*?)\n-->", r"\1", text, flags=re.S)
    text = re.sub(r"^<!-- .*? -->$", f"A short line of text{cite}. Our certainty is low.", text, flags=re.M)
    problems = checker.check_page_bytes(project / "docs" / "filled.md", text.encode())
    assert problems == [], text


def test_reference_pages_need_neither(checker, project):
    text = new.render(checker.context.schema, "reference", "Glossary", TODAY, "glossary.md")
    assert "answer:" not in text and "certainty:" not in text
    page = text.replace('description: ""', "description: Words.").replace("<!-- Write the page here, in plain English. -->", "Words.")
    assert checker.check_page_bytes(project / "docs" / "glossary.md", page.encode()) == []
