"""Glossary rules: the glossary page (docs/glossary.md, `### term` headings) and the tooltip file
(includes/abbreviations.md, `*[term]: text` lines) describe the same terms, plainly, once each."""

from __future__ import annotations

import re
from collections.abc import Iterator

from hooks.content.findings import Finding
from hooks.content.registry import rule

TOOLTIP = re.compile(r"^\*\[(?P<term>[^\]]+)\]:\s*(?P<text>.*)$")
GLOSSARY_PAGE = "glossary.md"
TOOLTIPS = "includes/abbreviations.md"
MAX_TOOLTIP = 120

Located = Iterator[tuple[str, Finding]]


def glossary_terms(checker) -> list[tuple[int, str]]:
    """(line, term) of the glossary page's level-3 headings."""
    page = dict(checker.all_pages()).get(checker.context.schema.option("GLO001", "page", GLOSSARY_PAGE))
    if page is None:
        return []
    return [(heading.line, heading.text) for heading in page.headings if heading.level == 3]


def tooltip_lines(checker) -> list[tuple[int, str, str]]:
    """(line, term, text) of every tooltip definition; [] when the file is absent."""
    cached = getattr(checker, "_tooltips", None)
    if cached is None:
        path = checker.project.root / checker.context.schema.option("GLO001", "tooltips", TOOLTIPS)
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError):
            lines = []
        cached = [(number, m["term"], m["text"]) for number, line in enumerate(lines, 1) if (m := TOOLTIP.match(line))]
        checker._tooltips = cached
    return cached


def _shown_tooltips(checker) -> str:
    return checker.project.display(checker.project.root / checker.context.schema.option("GLO001", "tooltips", TOOLTIPS))


@rule(
    "GLO001", "glossary-term-without-tooltip", "error", scope="project",
    summary="a glossary term (### heading in docs/glossary.md) has no tooltip in includes/abbreviations.md",
    fix="add `*[term]: short plain definition` to includes/abbreviations.md, spelled as the heading",
)
def check_terms_have_tooltips(checker) -> Located:
    tips = {term.lower() for _, term, _ in tooltip_lines(checker)}
    shown = checker.page_display(checker.context.schema.option("GLO001", "page", GLOSSARY_PAGE))
    for line, term in glossary_terms(checker):
        if term.lower() not in tips:
            yield shown, Finding(line, "GLO001", f'glossary term "{term}" has no tooltip')


@rule(
    "GLO002", "glossary-order", "error", scope="project",
    summary="glossary terms are not in alphabetical order, or a term appears twice",
    fix="move the term to its place in the alphabet; merge the two entries",
)
def check_glossary_order(checker) -> Located:
    shown = checker.page_display(checker.context.schema.option("GLO001", "page", GLOSSARY_PAGE))
    seen: dict[str, int] = {}
    previous = ""
    for line, term in glossary_terms(checker):
        folded = term.lower()
        if folded in seen:
            yield shown, Finding(line, "GLO002", f'glossary term "{term}" appears twice (first on line {seen[folded]})')
            continue
        if folded < previous:
            yield shown, Finding(line, "GLO002", f'glossary term "{term}" is out of alphabetical order (after "{previous}")')
        seen[folded] = line
        previous = folded


@rule(
    "GLO003", "tooltip-text", "error", scope="project",
    summary="a tooltip is empty, longer than 120 characters, or holds markup",
    fix="write one short plain sentence (no brackets, backticks, * or angle brackets)",
)
def check_tooltip_text(checker) -> Located:
    shown = _shown_tooltips(checker)
    for line, term, text in tooltip_lines(checker):
        if not text.strip():
            yield shown, Finding(line, "GLO003", f'the tooltip of "{term}" is empty')
        elif len(text) > MAX_TOOLTIP:
            yield shown, Finding(line, "GLO003", f'the tooltip of "{term}" is {len(text)} characters; at most {MAX_TOOLTIP}')
        elif re.search(r"[\[\]`*<>]", text):
            yield shown, Finding(line, "GLO003", f'the tooltip of "{term}" holds markup')


@rule(
    "GLO004", "tooltip-layout", "error", scope="project",
    summary="two tooltip definitions without a blank line between them, or one term defined twice",
    fix="one definition per paragraph (a blank line between); keep one definition of each term",
)
def check_tooltip_layout(checker) -> Located:
    shown = _shown_tooltips(checker)
    found = tooltip_lines(checker)
    seen: dict[str, int] = {}
    previous = None
    for line, term, _ in found:
        if previous is not None and previous == line - 1:
            yield shown, Finding(line, "GLO004", f'"{term}" follows the previous definition without a blank line')
        if term in seen:
            yield shown, Finding(line, "GLO004", f'"{term}" is defined twice (first on line {seen[term]}); readers would see only one')
        seen.setdefault(term, line)
        previous = line
