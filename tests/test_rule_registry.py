"""The rule registry: each rule id declared once in code, described once in data/schema.yml.

Every failure message says exactly what to add, and where.
"""
from __future__ import annotations

import copy
import re
from pathlib import Path

import pytest
import yaml

from conftest import ROOT
from hooks.checker import schema as checker_schema
from hooks.checker.rules_table import declare, declared
from hooks.checker.schema import SchemaError, schema_from_data
from hooks.site import rules_table

SCHEMA = yaml.safe_load((ROOT / "data" / "schema.yml").read_text(encoding="utf-8"))
CHECKER = ROOT / "hooks" / "checker"
REPORTED = re.compile(r"""["']([A-Z]{2,4}\d{3})["']""")  # a rule id as a string literal


def _reported_by_module() -> dict[str, dict[str, int]]:
    """{module: {rule id: first line}} for every rule id written in a checker module's code."""
    found: dict[str, dict[str, int]] = {}
    for path in sorted(CHECKER.glob("*.py")):
        module = f"hooks.checker.{path.stem}"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if line.lstrip().startswith("#"):
                continue
            for rule in REPORTED.findall(line):
                found.setdefault(module, {}).setdefault(rule, number)
    return found


def test_every_rule_id_in_the_code_is_declared():
    registry = declared()
    missing = [
        f"{module.replace('.', '/')}.py:{line}: {rule} is reported but declared nowhere; add it to "
        f'`RULES = declare(__name__, ...)` at the top of that module'
        for module, rules in _reported_by_module().items() if module != "hooks.checker.rules_table"
        for rule, line in rules.items() if rule not in registry
    ]
    assert not missing, "\n".join(missing)


def test_every_declared_rule_is_in_the_schema_with_severity_summary_and_fix():
    rules = SCHEMA["rules"]
    missing = [
        f"data/schema.yml rules: lacks {rule} (declared in {module}); add\n"
        f'  {rule}: {{severity: error, summary: "...", fix: "..."}}'
        for rule, module in sorted(declared().items())
        if not (isinstance(rules.get(rule), dict) and all(str(rules[rule].get(k) or "").strip()
                                                           for k in ("severity", "summary", "fix")))
    ]
    assert not missing, "\n".join(missing)


def test_every_schema_rule_is_declared_in_the_code():
    unused = sorted(set(SCHEMA["rules"]) - set(declared()))
    assert not unused, (
        f"data/schema.yml rules: {', '.join(unused)} are declared by no checker module; declare each in the "
        "module that reports it (`RULES = declare(__name__, ...)`), or remove it from the schema"
    )


def test_a_rule_is_declared_once():
    with pytest.raises(ValueError, match="SEC001 is declared twice: in hooks.checker.rules and in elsewhere"):
        declare("elsewhere", "SEC001")


def test_a_schema_lacking_a_declared_rule_cannot_be_loaded():
    data = copy.deepcopy(SCHEMA)
    del data["rules"]["CLM005"]
    with pytest.raises(SchemaError, match="rules lacks CLM005, which the checker reports; add each with a severity"):
        schema_from_data(data)


def test_page_types_are_listed_once():
    data = copy.deepcopy(SCHEMA)
    data["fields"]["type"]["choices"].remove("guide")
    with pytest.raises(SchemaError, match=r"fields.type.choices must list exactly the page types in `types`"):
        schema_from_data(data)


def test_page_type_traits_come_from_the_schema():
    schema = schema_from_data(copy.deepcopy(SCHEMA))
    for kind, spec in SCHEMA["types"].items():
        assert schema.traits[kind] == {"badge": spec.get("badge", False), "ledger": spec.get("ledger", False),
                                       "folder": spec.get("folder", "")}
    data = copy.deepcopy(SCHEMA)
    data["types"]["guide"]["badge"] = "yes"
    with pytest.raises(SchemaError, match="types.guide.badge must be true or false"):
        schema_from_data(data)


def test_the_ledger_names_the_types_with_the_ledger_trait(tmp_path):
    """CLM005 follows the schema: a new type with `ledger: true` is covered without code changes."""
    from hooks.checker.ledger import PageInfo, check_ledger
    data = copy.deepcopy(SCHEMA)
    data["types"]["guide"]["ledger"] = True
    schema = schema_from_data(data)
    ledger = b"verdicts: {ok: {label: OK, meaning: m}}\nsections: [{id: s, title: S}]\nclaims: []\n"
    findings = check_ledger(ledger, schema, None, {"safety.md": PageInfo("guide", frozenset())})
    assert [(f.rule, f.message) for f in findings] == [("CLM005", 'guide page "safety.md" is named by no claim in the ledger')]


def test_the_editing_guide_table_is_generated_from_the_schema():
    table = rules_table(SCHEMA)
    rows = re.findall(r"^\| ([A-Z]{2,4}\d{3}) \| (error|warning|notice) \|", table, re.M)
    assert [rule for rule, _ in rows] == list(SCHEMA["rules"])
    assert "| CAV001 | error | Caveats section has no admonition | add a `!!! warning \"...\"` box" in table
    assert "<!-- generated: rules -->" in (ROOT / "docs" / "editing-guide.md").read_text(encoding="utf-8")


def test_no_rule_list_is_kept_anywhere_else():
    """The ids live in the schema and in each module's declaration only."""
    assert not hasattr(checker_schema, "RULE_IDS")
    text = (CHECKER / "rules_table.py").read_text(encoding="utf-8")
    assert not REPORTED.search(text.split('"""', 2)[2])


# ---- fixtures: adding a page rule touches the schema, its module and one fixture ------------------

PAGE_FIXTURES = sorted((ROOT / "tests" / "fixtures" / "checker").glob("*.md"))
PAGE_RULE_MODULES = ("hooks.checker.page", "hooks.checker.rules")


@pytest.mark.parametrize("fixture", [p for p in PAGE_FIXTURES if re.match(r"[a-z]{2,4}\d{3}_", p.name)],
                         ids=lambda p: p.name)
def test_every_rule_fixture_triggers_its_rule(fixture):
    """tests/fixtures/checker/<rule id>_<what>.md: the checker reports that rule on it."""
    from datetime import date

    from hooks.checker import Checker, Project
    rule = fixture.name.split("_")[0].upper()
    problems = Checker.load(Project.at(ROOT), date(2026, 12, 2)).check_page(fixture)
    assert rule in {p.rule for p in problems}, f"{fixture.name} should make the checker report {rule}: {problems}"


def test_every_page_rule_has_a_fixture():
    have = {p.name.split("_")[0].upper() for p in PAGE_FIXTURES}
    missing = sorted(rule for rule, module in declared().items() if module in PAGE_RULE_MODULES and rule not in have)
    assert not missing, "\n".join(
        f"add tests/fixtures/checker/{rule.lower()}_<what>.md, a page that makes the checker report {rule}"
        for rule in missing)


def test_the_extension_fills_every_marker_the_checker_knows(tmp_path):
    from hooks.checker.page import MARKERS
    from hooks.mdx import reference
    options = reference.ReferenceExtension(root=str(ROOT)).getConfigs()
    data = reference._site_for(options, None)
    for name in MARKERS:
        out = "\n".join(reference.render([f"<!-- generated: {name} -->"], "references.md", data))
        assert f"<!-- generated: {name} -->" not in out and out.strip(), name
