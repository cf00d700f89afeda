"""The rule registry: each rule declared once, beside its check, with id, name, severity, summary and
fix; the editing guide's table is generated from it; every rule has fixtures.

Every failure message says exactly what to add, and where.
"""
from __future__ import annotations

import copy
import re

import pytest
import yaml

from conftest import ROOT
from hooks.content.registry import SEVERITIES, Rule, describe, registry, rule
from hooks.content.schema import SchemaError, schema_from_data
from hooks.render.blocks import rules_table

SCHEMA = yaml.safe_load((ROOT / "data" / "schema.yml").read_text(encoding="utf-8"))
RULE_FILES = sorted([*(ROOT / "hooks" / "checker").glob("*.py"), *(ROOT / "hooks" / "content").glob("*.py"),
                     ROOT / "hooks" / "gate" / "htmlscan.py"])
REPORTED = re.compile(r"""["']([A-Z]{2,4}\d{3})["']""")  # a rule id as a string literal


def _reported_by_module() -> dict[str, dict[str, int]]:
    """{module: {rule id: first line}} for every rule id written in a rule module's code."""
    found: dict[str, dict[str, int]] = {}
    for path in RULE_FILES:
        module = ".".join(path.relative_to(ROOT).with_suffix("").parts)
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if line.lstrip().startswith("#"):
                continue
            for rule_id in REPORTED.findall(line):
                found.setdefault(module, {}).setdefault(rule_id, number)
    return found


def test_every_rule_id_in_the_code_is_declared():
    known = registry()
    missing = [
        f"{module.replace('.', '/')}.py:{line}: {rule_id} is reported but declared nowhere; declare it there with "
        f'@rule("{rule_id}", "name", "error", summary=..., fix=...) on its check, or describe(...)'
        for module, rules in _reported_by_module().items() if module != "hooks.content.registry"
        for rule_id, line in rules.items() if rule_id not in known
    ]
    assert not missing, "\n".join(missing)


def test_every_rule_has_a_name_severity_summary_and_fix():
    for rule_id, entry in registry().items():
        assert re.fullmatch(r"[A-Z]{2,4}\d{3}", rule_id)
        assert entry.severity in SEVERITIES and entry.name and entry.summary and entry.fix, rule_id
        assert re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", entry.name), f"{rule_id}: name {entry.name!r} is kebab-case"
    names = [entry.name for entry in registry().values()]
    assert len(names) == len(set(names))


def test_the_security_rules_are_fixed():
    fixed = {rule_id for rule_id, entry in registry().items() if entry.fixed}
    assert fixed == {"FM005", "HTML001", "HTML002", "HTML003", "HTML004", "HTML005", "HTML006",
                     "FILE001", "FILE002", "FILE003", "FILE004", "FILE005",
                     "SIZE001", "SIZE002", "SIZE003", "SIZE004", "SIZE005", "CFG001", "CFG002", "CFG003", "CFG004"}


def test_the_rules_that_stop_even_a_preview_are_declared_blocking():
    blocking = {rule_id for rule_id, entry in registry().items() if entry.blocking}
    assert blocking == {"FILE001", "FILE002", "ENC001", "FM001", "FM003", "FM004", "FM005",
                        "BIB001", "BIB002", "CLM001", "CLM002", "CLM006", "CLM007", "CHK001",
                        "SIZE001", "SIZE002", "SIZE003", "SIZE004", "SIZE005",  # over a limit: never rendered
                        "FILE003", "FILE004", "FILE005",  # a name that prints as two log lines; files never published
                        "CFG001", "CFG002", "CFG003", "CFG004"}  # mkdocs.yml reads the environment, adds scripts, moves pages


def test_a_rule_is_declared_once():
    with pytest.raises(ValueError, match="SEC001 is declared twice: in hooks.checker.rules and in elsewhere"):
        describe("SEC001", "x", "error", summary="s", fix="f", module="elsewhere")


def test_a_rule_object_refuses_a_bad_declaration():
    with pytest.raises(ValueError, match="severity must be one of"):
        Rule("ZZZ999", "z", "fatal", "s", "f")
    with pytest.raises(ValueError, match="name, summary and fix must be text"):
        Rule("ZZZ999", "z", "error", "s", " ")


def test_the_schema_no_longer_lists_the_rules():
    """Severity, summary and fix live with the rule; schema.yml only overrides and gives options."""
    for rule_id, spec in (SCHEMA.get("rules") or {}).items():
        assert rule_id in registry()
        assert not {"summary", "fix"} & set(spec if isinstance(spec, dict) else {}), rule_id


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


def test_the_editing_guide_table_is_generated_from_the_registry():
    table = rules_table(SCHEMA)
    rows = re.findall(r"^\| ([A-Z]{2,4}\d{3}) \| ([a-z0-9-]+) \| (error|warning|notice)", table, re.M)
    assert [rule_id for rule_id, _, _ in rows] == list(registry())
    assert "| CAV001 | caveat-admonition | error | Caveats section has no admonition | add a `!!! warning \"...\"` box" in table
    assert "| HTML001 | unsafe-raw-html | error (fixed) |" in table
    assert "<!-- generated: rules -->" in (ROOT / "docs" / "editing-guide.md").read_text(encoding="utf-8")
    overridden = rules_table({"rules": {"READ001": {"severity": "error"}}})
    assert "| READ001 | reading-level | error |" in overridden


def test_a_new_rule_module_is_all_it_takes(tmp_path, monkeypatch):
    """A rule declared with @rule in any module of hooks/checker runs on every page."""
    from datetime import date

    from hooks.checker import Checker, Project
    from hooks.content import registry as table
    from hooks.content.findings import Finding

    @rule("ZZZ901", "test-only-rule", "warning", summary="a page says zebra", fix="say horse")
    def check_zebra(page, ctx):
        if "zebra" in page.text:
            yield Finding(1, "ZZZ901", "zebra")

    try:
        checker = Checker.load(Project.at(ROOT), date(2026, 11, 25))
        [problem] = checker.check_page_bytes(ROOT / "docs" / "z.md", b"---\ntitle: t\ndescription: d\ntype: reference\n---\n\nA zebra.\n")
        assert (problem.rule, problem.severity) == ("ZZZ901", "warning")
    finally:
        table._REGISTRY.pop("ZZZ901")


# ---- fixtures: adding a page rule touches the schema, its module and one fixture ------------------

PAGE_FIXTURES = sorted((ROOT / "tests" / "fixtures" / "checker").rglob("*.md"))


@pytest.mark.parametrize("fixture", [p for p in PAGE_FIXTURES if re.match(r"[a-z]{2,4}\d{3}_", p.name)],
                         ids=lambda p: p.relative_to(ROOT / "tests" / "fixtures" / "checker").as_posix())
def test_every_rule_fixture_triggers_its_rule(fixture):
    """tests/fixtures/checker/[folder/]<rule id>_<what>.md: the checker reports that rule on it."""
    from datetime import date

    from hooks.checker import Checker, Project
    rule_id = fixture.name.split("_")[0].upper()
    problems = Checker.load(Project.at(ROOT), date(2026, 12, 2)).check_page(fixture)
    assert rule_id in {p.rule for p in problems}, f"{fixture.name} should make the checker report {rule_id}: {problems}"


def test_every_page_rule_has_a_fixture():
    have = {p.name.split("_")[0].upper() for p in PAGE_FIXTURES}
    missing = sorted(rule_id for rule_id, entry in registry().items() if entry.scope == "page" and rule_id not in have)
    assert not missing, "\n".join(
        f"add tests/fixtures/checker/{rule_id.lower()}_<what>.md, a page that makes the checker report {rule_id}"
        for rule_id in missing)


def test_every_project_rule_has_a_bad_case():
    from test_content_rules import PROJECT_CASES
    missing = sorted(rule_id for rule_id, entry in registry().items()
                     if entry.scope == "project" and rule_id not in PROJECT_CASES)
    assert not missing, "\n".join(
        f"add {rule_id} to PROJECT_CASES in tests/test_content_rules.py: a change to the good project that makes "
        f"the checker report it" for rule_id in missing)


def test_the_extension_fills_every_marker_the_checker_knows(tmp_path):
    from hooks.content.page import MARKERS
    from hooks.render import reference
    options = reference.ReferenceExtension(root=str(ROOT)).getConfigs()
    data = reference._site_for(options, None)
    for name in MARKERS:
        out = "\n".join(reference.render([f"<!-- generated: {name} -->"], "references.md", data))
        assert f"<!-- generated: {name} -->" not in out and out.strip(), name
