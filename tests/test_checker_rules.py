"""Each rule on its fixture page (exact rule ids and lines), good pages per type, and rule details."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from hooks.checker import Checker, Project
from hooks.content.page import parse_page
from hooks.checker.rules import near_miss

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "checker"
TODAY = date(2026, 11, 25)


@pytest.fixture(scope="module")
def checker() -> Checker:
    return Checker.load(Project.at(ROOT), TODAY)


def found(checker: Checker, name: str) -> list[tuple[str, int]]:
    return [(p.rule, p.line) for p in checker.check_page(FIXTURES / name)]


def check_text(checker: Checker, text: str) -> list:
    return checker.check_page_bytes(ROOT / "docs" / "t.md", text.encode())


ANSWER = "answer: We do not know. Our certainty is low.\n"  # last, so the lines above keep their numbers
SEARCH = "evidence_query: 'acupuncture AND \"nerve pain\"'\nsearched_to: 2026-11-20\n"  # condition, evidence, guide
FRONT = {
    "overview": "type: overview\nreviewed: 2026-11-25\nnext_review: 2027-11-25\ncertainty: low\n" + ANSWER,
    "condition": "type: condition\nreviewed: 2026-11-25\nnext_review: 2027-11-25\nsources: [treede2008]\n"
                 "certainty: low\n" + ANSWER + SEARCH,
    "evidence": (
        "type: evidence\nreviewed: 2026-11-25\nnext_review: 2027-11-25\nevidence: [systematic-review]\n"
        "certainty: low\nsources: [ju2017]\n" + ANSWER + SEARCH
    ),
    "reference": "type: reference\n",
}
CAVEAT = '!!! caution "Limits"\n\n    Few trials.\n'


def good_page(kind: str, checker: Checker) -> str:
    front = f"---\ntitle: A {kind} page\ndescription: One sentence about it.\n{FRONT[kind]}---\n\n"
    key = {"condition": "treede2008", "evidence": "ju2017"}.get(kind)
    body = ""
    for section in checker.context.schema.types[kind]:
        text = CAVEAT if section == "Caveats" else f"Text [@{key}]." if key else "Text."
        body += f"## {section}\n\n{text}\n\n"
    return front + (body or "Some text.\n")


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("fm001_missing.md", [("FM001", 1)]),
        ("fm001_yaml.md", [("FM001", 9)]),
        ("fm001_not_mapping.md", [("FM001", 2)]),
        ("fm002_missing_field.md", [("FM002", 1)]),
        ("fm003_certainty.md", [("FM003", 8)]),
        ("fm003_types.md", [("FM003", 6), ("FM003", 9), ("FM003", 10)]),
        ("sec001_missing.md", [("SEC001", 41)]),
        ("sec002_order.md", [("SEC002", 14)]),
        ("sec003_empty.md", [("SEC003", 31)]),
        ("sec004_twice.md", [("SEC004", 45)]),
        ("sec005_h1.md", [("SEC005", 14)]),
        ("cav001_no_admonition.md", [("CAV001", 35)]),
        ("cav001_empty_body.md", [("CAV001", 37)]),
        ("cav001_comment_body.md", [("CAV001", 37)]),
        ("cit001_unknown.md", [("CIT001", 11), ("CIT001", 17)]),
        ("cit002_not_in_sources.md", [("CIT002", 16)]),
        ("cit003_never_cited.md", [("CIT003", 11)]),
        ("rev001_overdue.md", [("REV001", 6)]),
        ("rev002_dates.md", [("REV002", 5), ("REV002", 6)]),
        ("lit001_future.md", [("LIT001", 8)]),
        ("html001_unsafe.md", [("HTML001", 32), ("HTML001", 36), ("HTML001", 38)]),
        ("html001_encoded.md", [("HTML001", line) for line in range(20, 33)]),
        ("enc001_latin1.md", [("ENC001", 2)]),
        ("fm003_clinical_review_parts.md", [("FM003", 12), ("FM003", 15)]),
        ("fm005_clinical_review_markup.md", [("FM005", 13), ("FM003", 16), ("FM005", 16)]),
        ("rev004_clinical_review_future.md", [("REV004", 15)]),
    ],
)
def test_rule_fixture(checker, name, expected):
    assert found(checker, name) == expected


@pytest.mark.parametrize("name", ["good_mechanism.md", "good_overview_bom_crlf.md", "headings_tricky.md",
                                  "good_clinical_review.md"])
def test_good_fixture_has_no_problems(checker, name):
    assert found(checker, name) == []


@pytest.mark.parametrize("kind", ["overview", "condition", "evidence", "reference"])
def test_good_page_per_type(checker, kind):
    assert check_text(checker, good_page(kind, checker)) == []


def test_fixture_messages(checker):
    by_name = {name: checker.check_page(FIXTURES / name)[0].message for name in (
        "sec001_missing.md", "fm003_certainty.md", "cit003_never_cited.md")}
    assert by_name["sec001_missing.md"].startswith(
        'missing required section "Caveats" (type: mechanism); found "caveats"')
    assert by_name["sec001_missing.md"].endswith("on line 35 - did you mean it?")
    assert by_name["fm003_certainty.md"] == (
        'field "certainty" has value "strong"; expected one of: high, moderate, low, very-low, not-graded')
    assert checker.check_page(FIXTURES / "cit003_never_cited.md")[0].severity == "warning"
    assert checker.check_page(FIXTURES / "cit002_not_in_sources.md")[0].severity == "error"


def test_path_is_relative_to_root(checker):
    assert checker.check_page(FIXTURES / "sec005_h1.md")[0].path == "tests/fixtures/checker/sec005_h1.md"


def test_fm002_hint_for_misspelt_field(checker):
    text = good_page("overview", checker).replace("next_review:", "next_reveiw:")
    problem, unknown = check_text(checker, text)
    assert problem.rule == "FM002"
    assert 'found "next_reveiw" on line 6 - did you mean it?' in problem.message
    assert (unknown.rule, unknown.line) == ("FM004", 6)
    assert 'did you mean "next_review"?' in unknown.message


@pytest.mark.parametrize(
    ("field", "value", "words"),
    [
        ("description", "x" * 161, "161 characters long"),
        ("type", "mechanizm", 'did you mean "mechanism"'),
        ("reviewed", '"yesterday"', "expected a date"),
        ("reviewed", "2026-13-45", "expected a date"),
        ("title", "[a, b]", "must be text"),
        ("title", "", "is empty"),
    ],
)
def test_fm003_values(checker, field, value, words):
    lines = good_page("overview", checker).split("\n")
    index = next(i for i, line in enumerate(lines) if line.startswith(f"{field}:"))
    lines[index] = f"{field}: {value}"
    problems = [p for p in check_text(checker, "\n".join(lines)) if p.rule == "FM003"]
    assert problems and words in problems[0].message
    assert problems[0].line == index + 1


def test_fm003_mapping_field(checker):
    text = good_page("overview", checker).replace("---\n\n", "search: 3\n---\n\n", 1)
    [problem] = check_text(checker, text)
    assert (problem.rule, problem.line) == ("FM003", text.splitlines().index("search: 3") + 1)
    assert "must be a mapping" in problem.message


def test_fm003_evidence_item_line(checker):
    text = good_page("evidence", checker).replace("evidence: [systematic-review]", "evidence:\n  - trial\n  - anecdote")
    [problem] = check_text(checker, text)
    assert (problem.rule, problem.line) == ("FM003", 9)


def test_duplicate_front_matter_field(checker):
    text = good_page("overview", checker).replace("title:", "title: Once\ntitle:", 1)
    [problem] = check_text(checker, text)
    assert (problem.rule, problem.line) == ("FM001", 3)


def test_empty_file_and_empty_front_matter(checker):
    assert [p.rule for p in check_text(checker, "")] == ["FM001"]
    rules = {p.rule for p in check_text(checker, "---\n---\n")}
    assert rules == {"FM002"}


def test_unclosed_front_matter(checker):
    [problem] = check_text(checker, "---\ntitle: x\n")
    assert (problem.rule, problem.line) == ("FM001", 1)


def test_yaml_tab_indentation_is_fm001(checker):
    problems = check_text(checker, "---\ntitle: x\nsearch:\n\tboost: 2\n---\n")
    assert problems[0].rule == "FM001" and problems[0].line == 4


def test_cav001_wrong_kind(checker):
    text = good_page("evidence", checker).replace("!!! caution", "!!! tip")
    [problem] = check_text(checker, text)
    assert problem.rule == "CAV001" and 'found "tip"' in problem.message


def test_sec003_comment_only_section_is_empty(checker):
    text = good_page("overview", checker).replace("Text.", "<!-- generated: bibliography -->\n\n### Sub")
    [problem] = check_text(checker, text)
    assert problem.rule == "SEC003"


def test_rev002_next_review_not_after_reviewed(checker):
    text = good_page("overview", checker).replace("next_review: 2027-11-25", "next_review: 2026-11-25")
    [problem] = check_text(checker, text)
    assert (problem.rule, problem.line) == ("REV002", 6)
    assert "must be after" in problem.message


def test_rev_exactly_three_years_is_allowed(checker):
    text = good_page("overview", checker).replace("next_review: 2027-11-25", "next_review: 2029-11-25")
    assert check_text(checker, text) == []


def test_unverified_key_is_cit001(checker):
    bibliography = checker.context.bibliography
    bibliography.unverified.add("ju2017")
    try:
        problems = check_text(checker, good_page("evidence", checker))
    finally:
        bibliography.unverified.discard("ju2017")
    assert {p.rule for p in problems} == {"CIT001"}
    assert "not verified" in problems[0].message


@pytest.mark.parametrize(
    "html",
    [
        "<script>alert(1)</script>",
        "<ScRiPt src=x></script>",
        "< iframe src=x>",
        "<object data=x>",
        "<embed src=x>",
        "<form action=x>",
        '<a href="x" onclick="y">a</a>',
        "<svg/onload=alert(1)>",
        "<div markdown><p onmouseover = 'x'>hi</p></div>",
        "[x](javascript:alert(1))",
        '<a href="JAVASCRIPT :alert(1)">x</a>',
        "[x](http://a){: onclick='y' }",
    ],
)
def test_html001_catches(checker, html):
    page = parse_page("t.md", f"---\ntitle: t\n---\n\n{html}\n".encode())
    assert page.unsafe_html and page.unsafe_html[0].line == 5


@pytest.mark.parametrize(
    ("html", "what"),
    [
        ('<a href="&#106;avascript:alert(1)">x</a>', "javascript: URL"),
        ('<a href="&#x6A;avascript:alert(1)">x</a>', "javascript: URL"),
        ('<a href="&#X6a&#x61;vascript&colon;alert(1)">x</a>', "javascript: URL"),
        ('<a href="jav&#x09;ascript:alert(1)">x</a>', "javascript: URL"),
        ('<a href="jav&Tab;ascript:alert(1)">x</a>', "javascript: URL"),
        ("[x](&#0000106;avascript:alert(1))", "javascript: URL"),
        ("[x]: javascript:alert(1)", "javascript: URL"),
        ('[x]: <JaVaScRiPt:alert(1)> "t"', "javascript: URL"),
        ("![x](javascript:alert(1))", "javascript: URL"),
        ('<iframe src="data:text/html,<p>x</p>">', "<iframe> element"),
        ('<a href="data:text/html;base64,PHNjcmlwdD4=">x</a>', "data:text/html URL"),
        ("[x](Data: TEXT/html,hi)", "data:text/html URL"),
        ('<a href="&#100;ata:text/html,x">x</a>', "data:text/html URL"),
        ('<base href="http://x/">', "<base> element"),
        ("<BASE\n  href=x>", "<base> element"),
        ('<meta http-equiv="refresh" content="0;url=x">', "<meta http-equiv=refresh> element"),
        ("<META HTTP-EQUIV='Refresh' CONTENT='0'>", "<meta http-equiv=refresh> element"),
        ('<svg><animate onbegin="alert(1)"/></svg>', "onbegin= event attribute"),
        ("<SVG OnLoad = alert(1)>", "onload= event attribute"),
        ("<embed src=x>", "<embed> element"),
        ("< EMBED src=x>", "<embed> element"),
        ("<frame src=x>", "<frame> element"),
        ("<frameset>", "<frameset> element"),
        ("<applet code=x>", "<applet> element"),
    ],
)
def test_html001_hardening(html, what):
    page = parse_page("t.md", f"---\ntitle: t\n---\n\n{html}\n".encode())
    assert [(u.what, u.line) for u in page.unsafe_html][:1] == [(what, 5)]


@pytest.mark.parametrize(
    "html",
    [
        "`&#106;avascript:alert(1)`",
        "```\n<a href=\"&#106;avascript:x\">x</a>\n<base href=x>\n```",
        "&lt;script&gt; and &#60;iframe&#62; are shown as text",
        "<!-- <meta http-equiv=refresh> -->",
        '<meta charset="utf-8"> and <img src="data:image/png;base64,AAAA">',
        "The database: text and html are words here; the frame and the applet are too.",
        "<basefont> and <framed> are not the tags named",
    ],
)
def test_html001_hardening_allows(html):
    page = parse_page("t.md", f"---\ntitle: t\n---\n\n{html}\n".encode())
    assert page.unsafe_html == []


@pytest.mark.parametrize(
    ("body", "has_body"),
    [
        ("    Text.", True),
        ("    <!-- todo -->", False),
        ("    <!-- todo -->\n    Text.", True),
        ("    <!--\n    several\n    lines\n    -->", False),
        ("    \n\t\n", False),
        ("    <!-- a --> text <!-- b -->", True),
        ("    <!-- unclosed", True),
        ("<!-- not indented -->", False),
    ],
)
def test_admonition_body_of_only_comments_is_empty(body, has_body):
    page = parse_page("t.md", f"---\ntitle: t\n---\n\n!!! warning\n{body}\n\nAfter.\n".encode())
    assert [(a.line, a.has_body) for a in page.admonitions] == [(5, has_body)]


def test_html001_inside_md_in_html_block_and_across_lines():
    text = b"---\ntitle: t\n---\n\n<div markdown>\n\nSome *text*.\n\n<img src=x\n  onerror=y>\n\n</div>\n"
    assert [(u.what, u.line) for u in parse_page("t.md", text).unsafe_html] == [("onerror= event attribute", 10)]


@pytest.mark.parametrize(
    "html",
    [
        "`<script>alert(1)</script>`",
        "```html\n<script>alert(1)</script>\n```",
        "~~~\n<iframe>\n~~~",
        "<!-- <script> and generated: bibliography -->",
        "<span class=\"x\">fine</span> and the onset = early",
        "<details><summary>More</summary>Text.</details>",
    ],
)
def test_html001_allows(html):
    page = parse_page("t.md", f"---\ntitle: t\n---\n\n{html}\n".encode())
    assert page.unsafe_html == []


def test_html001_unclosed_fence_does_not_hide_html():
    page = parse_page("t.md", b"---\ntitle: t\n---\n\n```\n<script>x</script>\n")
    assert [u.line for u in page.unsafe_html] == [6]


def test_near_miss():
    assert near_miss("Caveats", ["caveats", "Other"]) == "caveats"
    assert near_miss("In short", ["In  Short"]) == "In  Short"
    assert near_miss("References", ["Refrences"]) == "Refrences"
    assert near_miss("Caveats", ["Totally different"]) is None


def test_html001_lines_right_when_lowercase_changes_length():
    # "İ".lower() is two characters: the scan must not use shifted offsets.
    text = "---\ntitle: t\n---\n\nİİİİ İstanbul\n\n<SCRIPT>x</SCRIPT> [x](JAVASCRIPT:y)\n<a href='&#106;avascript:z'>İ</a>\n"
    page = parse_page("t.md", text.encode())
    assert [(u.what, u.line) for u in page.unsafe_html] == [
        ("<script> element", 7), ("javascript: URL", 7), ("javascript: URL", 8)]


# ---- clinical_review: a record field (who, role, date), every part checked -----------------------

CLINICAL = "clinical_review:\n  reviewer: Test Reviewer\n  role: test role\n  date: 2026-11-20\n"


def _with_front(checker, extra: str) -> tuple[str, list]:
    text = good_page("overview", checker).replace("---\n\n", extra + "---\n\n", 1)
    return text, check_text(checker, text)


def test_clinical_review_recorded_is_clean(checker):
    assert _with_front(checker, CLINICAL)[1] == []


@pytest.mark.parametrize(
    ("extra", "rule", "line_of", "words"),
    [
        ("clinical_review: Dr Someone\n", "FM003", "clinical_review:", "must be a mapping ({reviewer: ..., role: ..., date: ...})"),
        ("clinical_review: {}\n", "FM003", "clinical_review:", "is empty; it needs: reviewer, role, date"),
        (CLINICAL.replace("  role: test role\n", ""), "FM003", "clinical_review:", 'lacks its part "role"'),
        (CLINICAL.replace("  role: test role\n", "  role:\n"), "FM003", "  role:", '"clinical_review.role" is empty'),
        (CLINICAL.replace("2026-11-20", "soon"), "FM003", "  date:", '"clinical_review.date" has value "soon"'),
        (CLINICAL.replace("2026-11-20", "2026-02-30"), "FM003", "  date:", "expected a date"),
        (CLINICAL.replace("Test Reviewer", "x" * 101), "FM003", "  reviewer:", "101 characters long; at most 100"),
        (CLINICAL.replace("Test Reviewer", "[a, b]"), "FM003", "  reviewer:", "must be text, not a list"),
        (CLINICAL + "  rolee: extra\n", "FM003", "  rolee:", 'unknown part "rolee"'),
        (CLINICAL.replace("test role", "'test <b>role</b>'"), "FM005", "  role:", '"clinical_review.role" holds \'<\''),
        (CLINICAL.replace("Test Reviewer", "'Test & Co'"), "FM005", "  reviewer:", "holds '&'"),
        (CLINICAL.replace("2026-11-20", "2026-11-26"), "REV004", "  date:", "is in the future (today is 2026-11-25)"),
    ],
)
def test_clinical_review_problems(checker, extra, rule, line_of, words):
    text, problems = _with_front(checker, extra)
    found = [p for p in problems if p.rule == rule]
    assert found and words in found[0].message, problems
    assert found[0].line == next(n for n, line in enumerate(text.split("\n"), 1) if line.startswith(line_of))


def test_clinical_review_reviewed_today_is_not_future(checker):
    assert _with_front(checker, CLINICAL.replace("2026-11-20", "2026-11-25"))[1] == []


def test_mapping_field_keys_and_text_values_are_scanned_for_markup(checker):
    text, problems = _with_front(checker, "search:\n  boost: 2\n  \"b<oost\": 3\n  note: [fine, 'a <b>']\n")
    assert [(p.rule, p.line) for p in problems] == [("FM005", text.split("\n").index('  "b<oost": 3') + 1),
                                                      ("FM005", text.split("\n").index("  note: [fine, 'a <b>']") + 1)]
    assert 'key "b<oost"' in problems[0].message and '"search.note.1"' in problems[1].message
    assert _with_front(checker, "search:\n  boost: 2\n")[1] == []
