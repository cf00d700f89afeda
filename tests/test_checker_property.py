"""Property tests: whatever bytes, text or front matter a page holds, the checker returns problems
and never raises."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hooks.checker import Checker, Problem, Project

ROOT = Path(__file__).resolve().parent.parent
SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
MARKDOWN_BITS = st.sampled_from(
    ["## In short", "## Caveats", "# H1", "```", "~~~", "!!! warning", "??? note \"t\"", "    body", "\t", "---",
     "[@ju2017]", "[@a; @b]", "<script>", "<!--", "-->", "`", "{#id}", "===", "\r\n", "\ufeff", "<img onerror=x>"]
)
VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20) | st.dates(),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=8,
)
FIELDS = st.sampled_from(
    ["title", "description", "type", "reviewed", "next_review", "evidence", "certainty", "sources", "tags", "search"]
)


@pytest.fixture(scope="module")
def checker() -> Checker:
    return Checker.load(Project.at(ROOT), date(2026, 11, 25))


def assert_problems(result) -> None:
    assert isinstance(result, list)
    assert all(isinstance(problem, Problem) for problem in result)
    assert not [problem for problem in result if problem.rule == "CHK001"], result


@SETTINGS
@given(st.binary(max_size=2000))
def test_random_bytes(checker, data):
    assert_problems(checker.check_page_bytes(ROOT / "docs" / "p.md", data))


@SETTINGS
@given(st.lists(st.one_of(MARKDOWN_BITS, st.text(max_size=30)), max_size=40).map("\n".join))
def test_random_text(checker, body):
    page = f"---\ntitle: T\ndescription: D.\ntype: mechanism\n---\n{body}"
    assert_problems(checker.check_page_bytes(ROOT / "docs" / "p.md", page.encode("utf-8", "surrogatepass")))


@SETTINGS
@given(st.dictionaries(FIELDS | st.text(max_size=10), VALUES, max_size=8), st.text(max_size=200))
def test_random_front_matter(checker, front, body):
    text = "---\n" + yaml.safe_dump(front, allow_unicode=True) + "---\n" + body
    assert_problems(checker.check_page_bytes(ROOT / "docs" / "p.md", text.encode("utf-8", "surrogatepass")))
