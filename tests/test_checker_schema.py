"""The schema file is the single source of rule severities and summaries."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from hooks.checker import Checker, Project
from hooks.checker.rules_table import RULE_IDS
from hooks.checker.schema import SchemaError, load_schema, schema_from_data

ROOT = Path(__file__).resolve().parent.parent
SCHEMA = ROOT / "data" / "schema.yml"


def schema_data() -> dict:
    return yaml.safe_load(SCHEMA.read_text(encoding="utf-8"))


def test_schema_names_every_rule_the_code_reports():
    schema = load_schema(SCHEMA)
    assert RULE_IDS <= set(schema.severities)
    assert all(schema.summaries[rule] for rule in RULE_IDS)


def test_severity_comes_from_the_schema():
    data = schema_data()
    data["rules"]["SEC005"]["severity"] = "warning"
    assert schema_from_data(data).severity("SEC005") == "warning"
    assert schema_from_data(schema_data()).severity("SEC005") == "error"


def test_checker_reports_schema_severity(tmp_path):
    data = schema_data()
    data["rules"]["SEC005"]["severity"] = "warning"
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "schema.yml").write_text(yaml.safe_dump(data), encoding="utf-8")
    (tmp_path / "data" / "bibliography.yml").write_bytes((ROOT / "data" / "bibliography.yml").read_bytes())
    checker = Checker.load(Project.at(tmp_path))
    [problem] = checker.check_page_bytes(tmp_path / "docs" / "t.md", b"---\ntitle: t\ndescription: d\ntype: reference\n---\n\n# Heading\n")
    assert (problem.rule, problem.line, problem.severity) == ("SEC005", 7, "warning")


@pytest.mark.parametrize("missing", ["CAV001", "CHK001", "CLM007", "BIB002"])
def test_schema_lacking_a_rule_id_is_a_schema_error(missing):
    data = schema_data()
    del data["rules"][missing]
    with pytest.raises(SchemaError, match=f"rules lacks {missing}"):
        schema_from_data(data)


@pytest.mark.parametrize(
    ("rules", "message"),
    [
        (None, "rules must be a mapping"),
        ({"FM001": {"severity": "fatal", "summary": "x"}}, "FM001.severity must be error, warning or notice"),
        ({"FM001": {"severity": "error"}}, "FM001.summary must be text"),
    ],
)
def test_bad_rules_table(rules, message):
    data = schema_data()
    if rules is None:
        del data["rules"]
    else:
        data["rules"].update(rules)
    with pytest.raises(SchemaError, match=message):
        schema_from_data(data)


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
    from hooks.site.schema_tables import schema_tables
    assert ("| `clinical_review` | optional | a mapping with `reviewer` (text, at most 100 characters), "
            "`role` (text, at most 100 characters), `date` (a date) |") in schema_tables(schema_data())
