"""Rule READ001: the reading level of the short answer and the "In short" section (textstat)."""
from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
import yaml

from hooks.content.registry import registry

from hooks.checker import Checker, Project
from hooks.content.page import parse_page
from hooks.checker.reading import measure, plain_text
from hooks.checker.rules import reading_text
from hooks.content.schema import SchemaError, schema_from_data

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "checker"
TODAY = date(2026, 11, 25)
SCHEMA = yaml.safe_load((ROOT / "data" / "schema.yml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def checker() -> Checker:
    return Checker.load(Project.at(ROOT), TODAY)


def test_hard_page_is_reported_on_its_answer_line(checker):
    problems = checker.check_page(FIXTURES / "read001_hard.md")
    assert [(p.rule, p.line, p.severity) for p in problems] == [("READ001", 9, registry()["READ001"].severity)]
    grade = checker.readings["tests/fixtures/checker/read001_hard.md"][1].grade
    assert grade > SCHEMA["reading"]["max_grade"]
    assert f"grade {grade:g}" in problems[0].message and '"In short"' in problems[0].message


def test_plain_page_passes_and_its_level_is_kept(checker):
    assert checker.check_page(FIXTURES / "good_reading_plain.md") == []
    line, reading = checker.readings["tests/fixtures/checker/good_reading_plain.md"]
    assert line == 9  # the answer
    assert reading.grade <= SCHEMA["reading"]["max_grade"] and reading.words > 20


def test_code_comments_citations_and_link_targets_are_not_measured(checker):
    page = parse_page("docs/t.md", (FIXTURES / "good_reading_plain.md").read_bytes())
    text = reading_text(page, checker.context)
    assert text.startswith("In mice, the needle made a body chemical rise near it.")
    for gone in ("goldman2010", "example.org", "pharmacological", "interindividual", "[", "](", "<!--", "- One"):
        assert gone not in text, gone
    assert "Mice bred without the right receptor did not." in text


def test_each_block_is_a_sentence():
    text = plain_text("- First item\n- Second item\n\n## A heading\n\n| a cell | another cell |\n|---|---|\n")
    assert text == "First item. Second item. A heading. a cell. another cell."
    assert plain_text('!!! warning "Mice are not people"\n\n    The **studies** were in `mice`.') == (
        "Mice are not people. The studies were in mice."
    )
    assert plain_text("Pain &amp; sleep <abbr title='x'>GP</abbr> [@ju2017].") == "Pain & sleep GP."


def test_a_page_without_an_answer_is_measured_but_not_held_to_the_threshold(checker):
    """Measured when asked (the JSON output asks), never warned about; not measured otherwise."""
    hard = (FIXTURES / "read001_hard.md").read_text(encoding="utf-8")
    start = hard.index("answer: >-")
    text = hard[:start] + hard[hard.index("sources:"):]
    path = ROOT / "docs" / "no-answer.md"
    only_the_missing_answer = [("FM002", 1)]  # a mechanism page must have one; READ001 stays silent
    assert [(p.rule, p.line) for p in checker.check_page_bytes(path, text.encode())] == only_the_missing_answer
    assert "docs/no-answer.md" not in checker.readings
    measuring = Checker.load(Project.at(ROOT), TODAY, measure_all=True)
    assert [(p.rule, p.line) for p in measuring.check_page_bytes(path, text.encode())] == only_the_missing_answer
    assert measuring.readings["docs/no-answer.md"][1].grade > SCHEMA["reading"]["max_grade"]


def test_threshold_comes_from_the_schema(checker, tmp_path):
    plain = (FIXTURES / "good_reading_plain.md").read_text(encoding="utf-8")
    answer = next(line for line in plain.splitlines() if line.startswith("answer:"))
    sentence = ("The researchers measured considerably increased adenosine concentrations surrounding the "
                "acupuncture needles in anaesthetised laboratory mice.")
    in_short = plain[plain.index("## In short"):plain.index("## The claim")]
    harder = plain.replace(answer, f"answer: {sentence} Our certainty is very low.").replace(in_short, f"## In short\n\n{sentence} [@goldman2010]\n\n")
    path = ROOT / "docs" / "harder.md"
    assert [p.rule for p in checker.check_page_bytes(path, harder.encode())] == ["READ001"]
    grade = checker.readings["docs/harder.md"][1].grade
    data = yaml.safe_load((ROOT / "data" / "schema.yml").read_text(encoding="utf-8"))
    data["reading"]["max_grade"] = min(20, int(grade) + 1)
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "schema.yml").write_text(yaml.safe_dump(data), encoding="utf-8")
    (tmp_path / "data" / "bibliography.yml").write_bytes((ROOT / "data" / "bibliography.yml").read_bytes())
    lenient = Checker.load(Project.at(tmp_path), TODAY)
    assert lenient.check_page_bytes(path, harder.encode()) == []


@pytest.mark.parametrize(
    ("reading", "message"),
    [
        ("hard", "reading must be a mapping"),
        ({"max_grade": "six"}, "reading.max_grade must be"),
        ({"max_grade": 0}, "reading.max_grade must be"),
        ({"max_grade": True}, "reading.max_grade must be"),
        ({"section": ""}, "reading.section must be"),
    ],
)
def test_bad_reading_settings_are_schema_errors(reading, message):
    data = yaml.safe_load((ROOT / "data" / "schema.yml").read_text(encoding="utf-8"))
    data["reading"] = reading
    with pytest.raises(SchemaError, match=message):
        schema_from_data(data)


def test_measure_of_nothing_is_none():
    assert measure("") is None and measure("... 123 !") is None


def test_json_output_reports_each_measured_page_level():
    result = subprocess.run(
        [sys.executable, "-m", "hooks.check", str(FIXTURES / "read001_hard.md"), str(FIXTURES / "good_reading_plain.md"),
         str(FIXTURES / "fm001_missing.md"), "--today", "2026-11-25", "--format", "json", "--quiet"],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 1  # fm001_missing.md has an error; READ001 is a warning
    records = json.loads(result.stdout)
    levels = {Path(r["path"]).name: r["reading"] for r in records if r["severity"] == "info"}
    assert set(levels) == {"read001_hard.md", "good_reading_plain.md", "fm001_missing.md"}  # all have "In short"
    assert levels["read001_hard.md"]["grade"] > SCHEMA["reading"]["max_grade"] >= levels["good_reading_plain.md"]["grade"]
    assert all(r["rule"] == "READ001" for r in records if r["severity"] == "info")
    warnings = [r for r in records if r["severity"] == "warning"]
    assert [(Path(r["path"]).name, r["rule"]) for r in warnings] == [("read001_hard.md", "READ001")]


def _imports_after_checking(page: Path) -> set[str]:
    code = (
        "import sys; from hooks.checker import Checker, Project; "
        f"Checker.load(Project.at({str(ROOT)!r})).check_page({str(page)!r}); "
        "print(' '.join(sorted({m.split('.')[0] for m in sys.modules})))"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return set(result.stdout.split())


def test_textstat_is_imported_only_for_text_to_measure_and_nltk_never(tmp_path):
    """The checker stays fast and offline: no textstat without text; never nltk (whose CMU
    dictionary textstat would otherwise download)."""
    reference = tmp_path / "glossary.md"
    reference.write_text("---\ntitle: Glossary\ndescription: Terms.\ntype: reference\n---\n\nTerms.\n")
    assert "textstat" not in _imports_after_checking(reference)
    measured = _imports_after_checking(FIXTURES / "good_reading_plain.md")
    assert "textstat" in measured and "nltk" not in measured


from hypothesis import given, settings, strategies as st  # noqa: E402

MARKDOWN_BITS = st.lists(st.sampled_from(
    ["\n", "\n\n", "> ", "- ", "1. ", "|", "---", "!!! note ", '"', "#", "## ", "[", "]", "(", ")", "@", "`",
     "<", ">", "&amp;", "&", "*", "_", "{: #x}", "http://x.y", "word", "Long-winded", "sentence.", " "]
), max_size=60).map("".join)


@settings(max_examples=150, deadline=None)
@given(st.one_of(st.text(max_size=200), MARKDOWN_BITS))
def test_any_text_is_measured_without_an_exception(text):
    plain = plain_text(text)
    assert "\n" not in plain
    reading = measure(plain)
    assert reading is None or reading.words > 0
