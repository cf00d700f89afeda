"""NAV001: every page under docs/ is in the nav of mkdocs.yml, and every nav entry names a page.

MkDocs (and its successor, which reads the same mkdocs.yml) warns about both, which fails a strict
build; the checker says so earlier, with a file and line, when only one page is checked (pre-commit,
`--changed`). mkdocs.yml is read by the content layer (hooks/content/config.py).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from hooks.content.config import SiteConfig
from hooks.content.findings import Finding
from hooks.content.registry import describe

describe(
    "NAV001", "nav-entry", "error",
    summary='page not in the nav of mkdocs.yml, or a nav entry names no page',
    fix="add the page's nav line (`python -m hooks.new` prints it), or correct or remove the entry",
)


def pages_not_in_nav(nav: SiteConfig, pages: Iterable[str]) -> Iterator[tuple[str, Finding]]:
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


def nav_entries_without_page(nav: SiteConfig, existing: set[str], only: set[str] | None = None) -> Iterator[Finding]:
    """Findings (lines of mkdocs.yml) for nav entries naming a page that does not exist.

    `only` limits the check to those paths (a page deleted or renamed in the change being checked).
    """
    for page, line in nav.pages.items():
        if (only is None or page in only) and page not in existing:
            yield Finding(line, "NAV001", f'the nav names "{page}", which does not exist under docs/')
