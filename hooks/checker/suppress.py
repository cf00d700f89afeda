"""Switching rules off: for one page (`<!-- check-disable RULE ... -->`) and per file (schema.yml
`ignore:`). A directive that suppresses nothing is itself reported (SUP001), so none outlives the
problem it was written for; security rules (declared fixed) cannot be switched off."""

from __future__ import annotations

import re

from hooks.content.page import Page
from hooks.content.findings import Finding, Problem
from hooks.content.registry import describe, registry

describe(
    "SUP001", "useless-suppression", "warning",
    summary="a `<!-- check-disable RULE -->` line suppresses nothing on its page (or names an unknown or security rule)",
    fix="remove the line, or the rule id it no longer needs",
)

_DIRECTIVE = re.compile(r"<!--\s*check-disable\s+([A-Za-z0-9 ,]+?)\s*-->$")


def disable_directives(page: Page) -> dict[str, int]:
    """{rule id: line} of the page's check-disable lines (outside fenced code)."""
    found: dict[str, int] = {}
    if "check-disable" not in page.text:
        return found
    for index, line in enumerate(page.lines):
        stripped = line.strip()
        if not stripped.startswith("<!--"):
            continue
        match = _DIRECTIVE.match(stripped)
        if not match:
            continue
        start = page.line_starts[index] + len(line) - len(line.lstrip())
        if _inside_code(page, start):
            continue
        for rule in re.split(r"[\s,]+", match.group(1).strip()):
            found.setdefault(rule.upper(), index + 1)
    return found


def _inside_code(page: Page, offset: int) -> bool:
    """True when the offset lies inside fenced code or a comment that starts before it."""
    for low, high in page.excluded:
        if low <= offset < high:
            return low != offset
    return False


def suppress(problems: list[Problem], directives: dict[str, int], used: set[str]) -> list[Problem]:
    """The problems a page's directives leave; the ids that suppressed something go into `used`."""
    if not directives:
        return problems
    known = registry()
    kept = []
    for problem in problems:
        entry = known.get(problem.rule)
        if problem.rule in directives and entry is not None and not entry.fixed:
            used.add(problem.rule)
        else:
            kept.append(problem)
    return kept


def useless(directives: dict[str, int], used: set[str], scopes: tuple[str, ...]) -> list[Finding]:
    """SUP001 for each directive of a rule of these scopes that suppressed nothing (and for unknown
    or security rules, whatever their scope)."""
    known = registry()
    findings = []
    for rule, line in directives.items():
        entry = known.get(rule)
        if entry is None:
            findings.append(Finding(line, "SUP001", f"check-disable names {rule}, which is no rule the checker knows"))
        elif entry.fixed:
            findings.append(Finding(line, "SUP001", f"check-disable cannot switch off {rule}, a security rule"))
        elif rule not in used and entry.scope in scopes:
            findings.append(Finding(line, "SUP001", f"check-disable {rule} suppresses nothing on this page; remove it"))
    return findings
