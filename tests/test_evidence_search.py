"""Each condition, evidence and guide page states its search (front matter `evidence_query` and
`searched_to`), and the dismissed works (data/dismissed.yml) are checked: rules FM002, FM003,
FM005, LIT001 and DIS001-DIS003, each with its line."""
from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from hooks.checker import Checker, Project
from hooks.checker.dismissed import check_dismissed, load_dismissed

ROOT = Path(__file__).resolve().parent.parent
TODAY = date(2026, 12, 4)
PAGE = (ROOT / "tests" / "fixtures" / "checker" / "lit001_future.md").read_text(encoding="utf-8").replace(
    "searched_to: 2031-01-01", "searched_to: 2026-12-04")
QUERY_LINE, DATE_LINE = 7, 8


@pytest.fixture(scope="module")
def checker() -> Checker:
    return Checker.load(Project.at(ROOT), TODAY)


def found(checker: Checker, text: str) -> list[tuple[str, int, str]]:
    return [(p.rule, p.line, p.message) for p in checker.check_page_bytes(ROOT / "docs" / "t.md", text.encode())]


def test_a_page_with_its_search_passes(checker):
    assert found(checker, PAGE) == []


@pytest.mark.parametrize("kind", ["condition", "evidence", "guide"])
def test_the_schema_requires_both_fields(checker, kind):
    assert {"evidence_query", "searched_to"} <= {name for name, spec in checker.context.schema.fields.items()
                                                 if kind in spec.required}


def test_a_mechanism_page_needs_no_search(checker):
    spec = checker.context.schema.fields
    assert "mechanism" not in spec["evidence_query"].required and "mechanism" not in spec["searched_to"].required


@pytest.mark.parametrize("field", ["evidence_query", "searched_to"])
def test_a_missing_field_is_fm002(checker, field):
    text = re.sub(rf"^{field}: .*\n", "", PAGE, flags=re.M)
    assert found(checker, text) == [("FM002", 1, f'missing required field "{field}" (type: condition)')]


@pytest.mark.parametrize("empty", ["''", "'   '", ""])
def test_an_empty_query_is_fm003_on_its_line(checker, empty):
    text = re.sub(r"^evidence_query: .*$", f"evidence_query: {empty}".rstrip(), PAGE, flags=re.M)
    assert found(checker, text) == [("FM003", QUERY_LINE, 'field "evidence_query" is empty')]


def test_a_future_date_is_lit001_on_its_line(checker):
    text = PAGE.replace("searched_to: 2026-12-04", "searched_to: 2026-12-05")
    (finding,) = found(checker, text)
    assert finding[:2] == ("LIT001", DATE_LINE) and "2026-12-05 is in the future" in finding[2]


@pytest.mark.parametrize("value", ["soon", "2026-02-30", "''"])
def test_a_date_that_is_no_date_is_fm003(checker, value):
    text = PAGE.replace("searched_to: 2026-12-04", f"searched_to: {value}")
    assert [(rule, line) for rule, line, _ in found(checker, text)] == [("FM003", DATE_LINE)]


def test_a_query_keeps_phrases_in_double_quotes_but_no_markup(checker):
    phrase = PAGE.replace("""'"neuropathic pain" AND definition'""", """'(acupuncture OR electroacupuncture) AND ("postherpetic neuralgia" OR "post-herpetic neuralgia")'""")
    assert found(checker, phrase) == []
    for markup in ("'pain <script>'", "'pain & needles'", '"pain \\a needles"'):  # \a: a control character
        text = re.sub(r"^evidence_query: .*$", lambda _: f"evidence_query: {markup}", PAGE, flags=re.M)
        assert [(rule, line) for rule, line, _ in found(checker, text)] == [("FM005", QUERY_LINE)], markup


def test_a_query_must_be_text(checker):
    text = re.sub(r"^evidence_query: .*$", "evidence_query: [acupuncture]", PAGE, flags=re.M)
    assert found(checker, text) == [("FM003", QUERY_LINE, 'field "evidence_query" must be text, not a list')]


def test_every_page_that_needs_a_search_has_one():
    for path in sorted((ROOT / "docs").rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        if re.search(r"^type: (condition|evidence|guide)$", text, re.M):
            assert re.search(r"^evidence_query: '.+'$", text, re.M) and re.search(r"^searched_to: \d{4}-\d\d-\d\d$", text, re.M), path


# ---- data/dismissed.yml --------------------------------------------------------------------------

GOOD = b"""dismissed:
  - id: pmid:39000003
    reason: A trial of cupping, not of acupuncture.
    by: editor
    date: 2026-12-04
  - id: doi:10.1000/XYZ
    reason: About vaccines.
    by: clinical reviewer
    date: 2026-12-01
    page: conditions/shingles.md
"""


def test_a_good_file_has_no_findings_and_ids_are_compared_in_lower_case():
    ids, findings = load_dismissed(GOOD, TODAY)
    assert findings == []
    assert ids == {"pmid:39000003": (2, None), "doi:10.1000/xyz": (6, "conditions/shingles.md")}
    assert load_dismissed(b"dismissed: []\n", TODAY) == ({}, [])
    assert load_dismissed(b"dismissed:\n", TODAY) == ({}, [])


@pytest.mark.parametrize(
    ("change", "line", "message"),
    [
        (("id: pmid:39000003", "id: 39000003"), 2, 'id must be "pmid:" and the PubMed id'),
        (("reason: A trial of cupping, not of acupuncture.", "reason: ''"), 3, '"reason" must be text'),
        (("by: editor", "by: Dr A Person"), 4, '"by" must be the role of who dismissed it'),
        (("date: 2026-12-04", "date: soon"), 5, '"date" must be a date like 2026-12-04'),
        (("date: 2026-12-04", "date: 2026-12-05"), 5, '"date" 2026-12-05 is in the future'),
        (("by: editor", "by: editor\n    who: me"), 5, 'unknown field "who"'),
        (("page: conditions/shingles.md", "page: shingles"), 10, '"page" (optional) must be a page path'),
    ],
)
def test_a_malformed_entry_is_dis001_on_its_line(change, line, message):
    data = GOOD.replace(change[0].encode(), change[1].encode(), 1)
    findings = check_dismissed(data, {}, TODAY)
    assert [(f.rule, f.line) for f in findings] == [("DIS001", line)]
    assert message in findings[0].message


@pytest.mark.parametrize(("data", "line"), [(b"dismissed: [\n", 2), (b"- a list\n", 1), (b"\xff\n", 1)])
def test_a_file_that_cannot_be_read_is_dis001(data, line):
    assert [(f.rule, f.line) for f in check_dismissed(data, {}, TODAY)] == [("DIS001", line)]


def test_a_work_dismissed_twice_is_dis002():
    data = GOOD + b"  - id: PMID:39000003\n    reason: again\n    by: editor\n    date: 2026-12-04\n"
    findings = check_dismissed(data.replace(b"PMID", b"pmid"), {}, TODAY)
    assert [(f.rule, f.line) for f in findings] == [("DIS002", 11)]


def test_a_cited_work_cannot_be_dismissed_dis003():
    findings = check_dismissed(GOOD, {"doi:10.1000/xyz": "someone2026"}, TODAY)
    assert [(f.rule, f.line) for f in findings] == [("DIS003", 6)]
    assert '"someone2026"' in findings[0].message


def test_the_checker_checks_the_file_in_a_full_run(tmp_path):
    import shutil

    from hooks.checker import run
    for name in ("data", "docs", "includes"):
        shutil.copytree(ROOT / name, tmp_path / name)
    shutil.copy(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    treede = b"""dismissed:\n  - id: pmid:18003941\n    reason: x\n    by: editor\n    date: 2026-12-04\n"""
    (tmp_path / "data" / "dismissed.yml").write_bytes(treede)
    project = Project.at(tmp_path)
    problems, _ = run(Checker.load(project, TODAY), [project.docs_dir], with_data=True)
    assert [(p.path, p.line, p.rule) for p in problems if p.rule.startswith("DIS")] == [("data/dismissed.yml", 2, "DIS003")]


def test_the_review_line_shows_the_search_date():
    import datetime as dt

    from test_render_units import _partial
    meta = {"reviewed": dt.date(2026, 12, 2), "next_review": dt.date(2027, 12, 2), "searched_to": dt.date(2026, 12, 4)}
    assert _partial("npa-review.html", meta).strip().splitlines()[0] == (
        '<p class="npa-review">Page last reviewed: 2 December 2026 · Next review due: 2 December 2027'
        " · Evidence searched up to 4 December 2026</p>")
    assert "searched" not in _partial("npa-review.html", {**meta, "searched_to": "<b>soon</b>"})
