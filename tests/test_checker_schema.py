"""Severities: each rule's default is declared in code; data/schema.yml may override it (never weakening
a security rule) and switch rules off per file."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
import yaml

from hooks.checker import Checker, Project
from hooks.content.registry import registry
from hooks.content.schema import SchemaError, load_schema, schema_from_data

ROOT = Path(__file__).resolve().parent.parent
SCHEMA = ROOT / "data" / "schema.yml"
PAGE = b"---\ntitle: t\ndescription: d\ntype: reference\n---\n\n# Heading\n"


def schema_data(**changes) -> dict:
    data = yaml.safe_load(SCHEMA.read_text(encoding="utf-8"))
    data.update(copy.deepcopy(changes))
    return data


def project_with(tmp_path: Path, data: dict) -> Checker:
    (tmp_path / "data").mkdir(exist_ok=True)
    (tmp_path / "data" / "schema.yml").write_text(yaml.safe_dump(data), encoding="utf-8")
    (tmp_path / "data" / "bibliography.yml").write_bytes((ROOT / "data" / "bibliography.yml").read_bytes())
    return Checker.load(Project.at(tmp_path))


def test_every_rule_has_a_severity_without_the_schema_naming_it():
    schema = load_schema(SCHEMA)
    assert set(registry()) <= set(schema.severities)
    assert schema.severity("REV001") == "notice" and schema.severity("READ001") == "warning"


def test_severity_can_be_overridden_in_the_schema():
    assert schema_from_data(schema_data(rules={"SEC005": {"severity": "warning"}})).severity("SEC005") == "warning"
    assert schema_from_data(schema_data(rules={"SEC005": "notice"})).severity("SEC005") == "notice"
    assert schema_from_data(schema_data()).severity("SEC005") == "error"


def test_checker_reports_the_overridden_severity(tmp_path):
    checker = project_with(tmp_path, schema_data(rules={"SEC005": {"severity": "warning"}}))
    [problem] = checker.check_page_bytes(tmp_path / "docs" / "t.md", PAGE)
    assert (problem.rule, problem.line, problem.severity) == ("SEC005", 7, "warning")


@pytest.mark.parametrize("rule", ["FM005", "HTML001", "HTML002", "HTML003", "FILE001", "FILE002"])
def test_a_security_rule_cannot_be_weakened_or_ignored(rule):
    assert registry()[rule].fixed
    with pytest.raises(SchemaError, match=f"rules.{rule}.severity warning weakens a security rule"):
        schema_from_data(schema_data(rules={rule: {"severity": "warning"}}))
    with pytest.raises(SchemaError, match=f"names {rule}, a security rule that cannot be switched off"):
        schema_from_data(schema_data(ignore={"docs/*.md": [rule]}))


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"rules": ["FM001"]}, "rules must map rule ids"),
        ({"rules": {"FM001": {"severity": "fatal"}}}, "FM001.severity must be error, warning or notice"),
        ({"rules": {"XYZ999": {"severity": "error"}}}, "rules.XYZ999 is no rule the checker knows"),
        ({"ignore": {"docs/a.md": ["XYZ999"]}}, "names XYZ999, which is no rule the checker knows"),
        ({"ignore": {"docs/a.md": "SEC005"}}, "ignore.docs/a.md must be a list of rule ids"),
    ],
)
def test_bad_rules_and_ignores(changes, message):
    with pytest.raises(SchemaError, match=message):
        schema_from_data(schema_data(**changes))


def test_per_file_ignores(tmp_path):
    from hooks.checker import run

    checker = project_with(tmp_path, schema_data(ignore={"docs/ignored*.md": ["SEC005"]}))
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "ignored.md").write_bytes(PAGE)
    (tmp_path / "docs" / "kept.md").write_bytes(PAGE)
    problems, _ = run(checker, [tmp_path / "docs" / "ignored.md", tmp_path / "docs" / "kept.md"])
    assert [(p.path, p.rule) for p in problems if p.rule == "SEC005"] == [("docs/kept.md", "SEC005")]


def test_clinical_review_is_a_record_with_three_required_parts():
    spec = load_schema(SCHEMA).fields["clinical_review"]
    assert spec.kind == "record" and spec.required == frozenset()
    assert [(part.name, part.kind) for part in spec.parts] == [("reviewer", "text"), ("role", "text"), ("date", "date")]


@pytest.mark.parametrize(
    ("parts", "message"),
    [
        (None, "fields.clinical_review.parts must map part names"),
        ({}, "fields.clinical_review.parts must map part names"),
        ({"who": {"kind": "keys"}}, "fields.clinical_review.parts.who.kind must be one of: choice, date, text"),
        ({"who": "text"}, "fields.clinical_review.parts.who.kind must be one of"),
        ({"who": {"kind": "choice"}}, "fields.clinical_review.parts.who.choices must be a non-empty list"),
        ({"who": {"kind": "text", "max_length": 0}}, "fields.clinical_review.parts.who.max_length must be a positive"),
    ],
)
def test_bad_record_parts_are_a_schema_error(parts, message):
    data = schema_data()
    if parts is None:
        del data["fields"]["clinical_review"]["parts"]
    else:
        data["fields"]["clinical_review"]["parts"] = parts
    with pytest.raises(SchemaError, match=message.replace("(", r"\(").replace(")", r"\)")):
        schema_from_data(data)


def test_the_front_matter_table_describes_the_record():
    from hooks.render.blocks.schema_tables import schema_tables
    assert ("| `clinical_review` | optional | a mapping with `reviewer` (text, at most 100 characters), "
            "`role` (text, at most 100 characters), `date` (a date) |") in schema_tables(schema_data())
