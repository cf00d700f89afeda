"""NAV001: every page under docs/ is in the nav of mkdocs.yml, and every nav entry names a page.

MkDocs (and its successor, which reads the same mkdocs.yml) warns about both, which fails a strict
build; the checker says so earlier, with a file and line, when only one page is checked (pre-commit,
`--changed`). mkdocs.yml is only composed into YAML nodes, never constructed, so tags such as
!!python/name need no code.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

import yaml

from .report import Finding
from .rules_table import describe

describe(
    "NAV001", "nav-entry", "error",
    summary='page not in the nav of mkdocs.yml, or a nav entry names no page',
    fix="add the page's nav line (`python -m hooks.new` prints it), or correct or remove the entry",
)


class NavEntries:
    """The pages the nav names (docs-relative POSIX path -> line in mkdocs.yml), or `missing=True`
    when there is no usable nav (no file, no `nav:` key: MkDocs then lists every page itself)."""

    __slots__ = ("pages", "missing", "problem")

    def __init__(self, pages: dict[str, int] | None = None, problem: Finding | None = None) -> None:
        self.pages = pages or {}
        self.missing = pages is None
        self.problem = problem


def read_nav(config: Path) -> NavEntries:
    """The nav of mkdocs.yml; a config that cannot be read gives a NAV001 finding, not an exception."""
    try:
        text = config.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        return NavEntries()
    except (OSError, UnicodeDecodeError) as exc:
        return NavEntries(problem=Finding(1, "NAV001", f"cannot read {config.name}: {exc}"))
    return parse_nav(text, config.name)


def parse_nav(text: str, name: str = "mkdocs.yml") -> NavEntries:
    """The nav of mkdocs.yml given as text (see read_nav)."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        reason = str(getattr(exc, "problem", None) or exc).splitlines()[0]
        return NavEntries(problem=Finding(mark.line + 1 if mark else 1, "NAV001", f"{name} is not valid YAML: {reason}"))
    except RecursionError:
        return NavEntries(problem=Finding(1, "NAV001", f"{name} is nested too deeply to read"))
    if not isinstance(root, yaml.MappingNode):
        return NavEntries()
    nav = next((value for key, value in root.value if isinstance(key, yaml.ScalarNode) and key.value == "nav"), None)
    if nav is None:
        return NavEntries()
    pages: dict[str, int] = {}
    for path, line in _walk(nav):
        pages.setdefault(path, line)
    return NavEntries(pages)


def _walk(node: yaml.Node, depth: int = 0) -> Iterator[tuple[str, int]]:
    """(path, line) of every page a nav (sub)tree names; external links and non-pages are skipped."""
    if depth > 50:
        return
    if isinstance(node, yaml.ScalarNode):
        value = node.value.strip()
        if value.endswith(".md") and "://" not in value:
            yield value.lstrip("/").removeprefix("./"), node.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            yield from _walk(item, depth + 1)
    elif isinstance(node, yaml.MappingNode):
        for _, value in node.value:
            yield from _walk(value, depth + 1)


def pages_not_in_nav(nav: NavEntries, pages: Iterable[str]) -> Iterator[tuple[str, Finding]]:
    """(page, finding) for each docs-relative page the nav does not name."""
    if nav.missing:
        return
    for page in pages:
        if page not in nav.pages:
            yield page, Finding(
                1,
                "NAV001",
                f'page "{page}" is not in the nav of mkdocs.yml; add a line such as '
                f'"- Title: {page}" where it belongs (python -m hooks.new prints it, --add-nav writes it)',
            )


def nav_entries_without_page(nav: NavEntries, existing: set[str], only: set[str] | None = None) -> Iterator[Finding]:
    """Findings (lines of mkdocs.yml) for nav entries naming a page that does not exist.

    `only` limits the check to those paths (a page deleted or renamed in the change being checked).
    """
    for page, line in nav.pages.items():
        if (only is None or page in only) and page not in existing:
            yield Finding(line, "NAV001", f'the nav names "{page}", which does not exist under docs/')


def read_nav_tree(config: Path) -> tuple[list | None, dict[str, int]]:
    """The nav of mkdocs.yml as plain lists, mappings and strings, with the line of each top-level
    section title; (None, {}) when there is no readable nav (NAV001 reports why)."""
    try:
        root = yaml.compose(config.read_text(encoding="utf-8-sig"), Loader=yaml.SafeLoader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError, RecursionError):
        return None, {}
    if not isinstance(root, yaml.MappingNode):
        return None, {}
    nav = next((value for key, value in root.value if isinstance(key, yaml.ScalarNode) and key.value == "nav"), None)
    if not isinstance(nav, yaml.SequenceNode):
        return None, {}
    lines = {}
    for item in nav.value:
        if isinstance(item, yaml.MappingNode):
            for key, _ in item.value:
                if isinstance(key, yaml.ScalarNode):
                    lines.setdefault(key.value, key.start_mark.line + 1)
    return _plain(nav), lines


def _plain(node: yaml.Node, depth: int = 0):
    if depth > 50:
        return None
    if isinstance(node, yaml.ScalarNode):
        return node.value
    if isinstance(node, yaml.SequenceNode):
        return [_plain(item, depth + 1) for item in node.value]
    if isinstance(node, yaml.MappingNode):
        return {str(_plain(key, depth + 1)): _plain(value, depth + 1) for key, value in node.value}
    return None
