"""The claims ledger rules CLM001-CLM007, each on a bad-ledger fixture, and the real ledger."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from hooks.checker import Checker, Project
from hooks.content.bibliography import parse_bibliography
from hooks.checker.ledger import PageInfo, check_ledger

ROOT = Path(__file__).resolve().parent.parent
LEDGERS = ROOT / "tests" / "fixtures" / "checker" / "ledger"
PAGES = {
    "neuropathic-pain.md": PageInfo("condition", frozenset({"definition", "in-short"})),
    "mechanisms/adenosine.md": PageInfo("mechanism", frozenset({"the-claim"})),
    "about.md": PageInfo("reference", frozenset()),
}


@pytest.fixture(scope="module")
def checker() -> Checker:
    return Checker.load(Project.at(ROOT), date(2026, 11, 25))


def findings(checker: Checker, name: str, pages=PAGES) -> list[tuple[str, int]]:
    data = (LEDGERS / name).read_bytes()
    found = check_ledger(data, checker.context.schema, checker.context.bibliography, pages)
    return [(f.rule, f.line) for f in sorted(found, key=lambda f: (f.line, f.rule))]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("good.yml", []),
        ("clm001_missing_field.yml", [("CLM001", 27)]),
        ("clm001_wrong_type.yml", [("CLM001", 33)]),
        ("clm001_not_yaml.yml", [("CLM001", 4)]),
        ("clm002_vocabulary.yml", [("CLM002", 30), ("CLM002", 31), ("CLM002", 32)]),
        ("clm003_key.yml", [("CLM003", 33)]),
        ("clm004_page.yml", [("CLM005", 26), ("CLM004", 35), ("CLM004", 45)]),
        ("clm006_duplicate.yml", [("CLM006", 37)]),
        ("clm007_section.yml", [("CLM007", 28)]),
    ],
)
def test_ledger_fixture(checker, name, expected):
    assert findings(checker, name) == expected


def test_clm005_page_named_by_no_claim(checker):
    pages = {**PAGES, "mechanisms/inflammation.md": PageInfo("mechanism", frozenset({"the-claim"}))}
    assert findings(checker, "good.yml", pages) == [("CLM005", 26)]


def test_messages_name_the_problem(checker):
    data = (LEDGERS / "clm004_page.yml").read_bytes()
    messages = [f.message for f in check_ledger(data, checker.context.schema, checker.context.bibliography, PAGES)]
    assert messages[0].startswith('anchor "#definiton" not found on neuropathic-pain.md')
    assert 'did you mean "definition"' in messages[0]
    assert messages[1].startswith('page "mechanisms/adenosin.md" does not exist')


def test_real_ledger_is_checked_in_a_full_run(tmp_path, checker):
    problems = checker.check_ledger()
    assert all(p.path == "data/claims.yml" for p in problems)


def test_bibliography_problems():
    bibliography = parse_bibliography(
        b"references:\n- key: a\n  authors: A B\n  title: T\n  verified: true\n"
        b"- key: a\n  authors: A B\n  title: T\n  verified: true\n"
        b"- {title: no key, authors: A B}\n- {key: b, authors: A B, title: T}\n- {key: c, authors: '', title: T}\n"
    )
    assert [(f.rule, f.line) for f in bibliography.findings] == [("BIB002", 6), ("BIB001", 10), ("BIB001", 12)]
    assert '"authors" must be text' in bibliography.findings[2].message
    assert list(bibliography.entries) == ["a", "b"]  # what the rendering may show
    assert "b" in bibliography.unverified and "a" not in bibliography.unverified
    assert "not verified" in bibliography.problem("b")
    assert parse_bibliography(b"references: [\n").findings[0].rule == "BIB001"
    assert parse_bibliography(b"\xff").findings[0].rule == "BIB001"
