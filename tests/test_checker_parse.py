"""Parsing a page: decoding, front matter lines, headings, admonitions, citations, slugs."""

from __future__ import annotations

import time

from hooks.content.page import decode, parse_page, slugify


def parse(text: str):
    return parse_page("t.md", text.encode())


def test_decode_bom_and_line_endings():
    text, finding = decode(b"\xef\xbb\xbfa\r\nb\rc\n")
    assert (text, finding) == ("a\nb\nc\n", None)


def test_decode_reports_line_of_bad_byte():
    text, finding = decode(b"ok\nok\n\xff\n")
    assert text is None and (finding.rule, finding.line) == ("ENC001", 3)


def test_front_matter_lines():
    page = parse("---\ntitle: t\nsources:\n  - a\n  - b\n---\nbody\n")
    assert page.front.line_of("title") == 2
    assert page.front.line_of("sources", 1) == 5
    assert page.front.line_of("missing") == 1


def test_yaml_error_line_is_file_line():
    page = parse("---\ntitle: t\nbad: [\n---\n")
    assert page.findings[0].rule == "FM001" and page.findings[0].line >= 3


def test_headings_atx_setext_fences_and_attrs():
    page = parse(
        "---\ntitle: t\n---\n\n## One {#first .c}\n\n```python\n## not a heading\n```\n\n"
        "````\n```\n## still code\n```\n````\n\nTwo\n---\n\n    ## indented code\n\n## Three ###\n"
    )
    assert [(h.level, h.text, h.line, h.slug) for h in page.headings] == [
        (2, "One", 5, "first"),
        (2, "Two", 17, "two"),
        (2, "Three", 22, "three"),
    ]


def test_setext_needs_a_block_start():
    page = parse("---\ntitle: t\n---\n\nline one\nline two\n---\n")
    assert page.headings == []


def test_admonitions():
    page = parse(
        '---\ntitle: t\n---\n\n!!! warning "Careful"\n\n    Body.\n\n??? note\nno body\n\n???+ Danger "T"\n\n\tTabbed.\n'
    )
    found = [(a.kind, a.title, a.line, a.has_body) for a in page.admonitions]
    assert found == [("warning", "Careful", 5, True), ("note", "", 9, False), ("danger", "T", 12, True)]


def test_citations():
    page = parse("---\ntitle: t\n---\n\n[@a] and [@b; @c-d]\n`[@code]` [@x](link) [see @y]\n```\n[@fenced]\n```\n")
    assert [(c.key, c.line) for c in page.citations] == [("a", 5), ("b", 5), ("c-d", 5)]


def test_slugify_matches_toc():
    assert slugify("How strong is the evidence?") == "how-strong-is-the-evidence"
    assert slugify("Côté **bold** `code` [link](x.md)") == "cote-bold-code-link"
    assert slugify("A_b  -  c") == "a_b-c"


def test_huge_file_is_fast():
    section = "## Heading\n\n" + "Plain words in a long paragraph, with `code` and <b>tags</b>.\n" * 80 + "\n"
    text = "---\ntitle: t\n---\n\n" + section * 1_010
    assert len(text) > 5_000_000
    started = time.perf_counter()
    page = parse(text)
    assert time.perf_counter() - started < 5
    assert [finding.rule for finding in page.findings] == ["SIZE001"]  # over the size limit: parsed no further
    section = "## Heading\n\n" + "Plain words in a long paragraph, with `code` and **bold** words.\n" * 40 + "\n"
    text = "---\ntitle: t\n---\n\n" + section * 35  # just under the limit of 100,000 bytes
    started = time.perf_counter()
    page = parse(text)
    assert time.perf_counter() - started < 1
    assert len(page.headings) == 35


def test_pathological_html_is_linear():
    started = time.perf_counter()
    parse("---\ntitle: t\n---\n" + "<a " * 200_000 + "\n" + "<!--" * 100_000)
    assert time.perf_counter() - started < 5
