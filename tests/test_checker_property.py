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
from hooks.content.yamlnodes import fast_load, full_load

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


LINE_VALUES = st.sampled_from(
    ["word", "two words", "yes", "No", "null", "~", "2026-11-25", "2026-13-45", "12", "012", "0x1", "1_0", "3.5",
     '"quoted"', '"esc\\\\n"', "'it''s'", "[a, b]", "[a, [b]]", "[a,]", "[]", "[yes]", "a: b", "a #c", "a#b", "&x",
     "*x", "!t x", "|", ">", "-", "- x", "x\t", "é", "a\u2028b", "a\x85b", "[a b, c]", "{a: b}", "'q' x", ""]
)
FM_LINES = st.lists(
    st.one_of(
        st.builds(lambda k, v: f"{k}: {v}".rstrip(), st.sampled_from(["title", "tags", "n", "x-y", "_k", "1k"]),
                  LINE_VALUES),
        st.builds(lambda k: f"{k}:", st.sampled_from(["sources", "tags"])),
        st.builds(lambda i, v: f"{i}- {v}", st.sampled_from(["", " ", "  ", "    "]), LINE_VALUES),
        st.sampled_from(["# comment", "", "  nested: 1", "\tx: 1", "---", "%YAML 1.1", "key:value"]),
    ),
    max_size=8,
).map("\n".join)


@settings(max_examples=400, deadline=None)
@given(FM_LINES)
def test_fast_front_matter_path_agrees_with_pyyaml(source):
    fast = fast_load(source, 2)
    if fast is None:
        return
    full = full_load(source, 2)
    assert fast.data == (full.data if full.data is not None else {})
    assert fast.duplicates == full.duplicates
    for path, line in fast.lines.items():
        assert full.lines[path] == line
