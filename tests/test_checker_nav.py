"""NAV001: the nav of mkdocs.yml and the pages under docs/ match (hooks/checker/nav.py)."""
from __future__ import annotations

from hooks.checker.nav import nav_entries_without_page, pages_not_in_nav
from hooks.content.config import parse_config as parse_nav, read_config as read_nav

CONFIG = """\
site_name: x
markdown_extensions:
  - pymdownx.emoji:
      emoji_index: !!python/name:material.extensions.emoji.twemoji
nav:
  - index.md
  - Section:
      - A page: section/a.md
      - section/b.md
      - Elsewhere: https://example.org/page.md
  - Gone: gone.md
"""


def test_nav_pages_with_their_lines_without_constructing_tags():
    nav = parse_nav(CONFIG)
    assert nav.problem is None and not nav.missing
    assert nav.pages == {"index.md": 6, "section/a.md": 8, "section/b.md": 9, "gone.md": 11}


def test_pages_missing_from_the_nav_and_entries_naming_no_page():
    nav = parse_nav(CONFIG)
    missing = list(pages_not_in_nav(nav, ["index.md", "section/a.md", "section/new.md"]))
    assert [(page, finding.rule, finding.line) for page, finding in missing] == [("section/new.md", "NAV001", 1)]
    existing = {"index.md", "section/a.md", "section/b.md"}
    assert [(f.rule, f.line) for f in nav_entries_without_page(nav, existing)] == [("NAV001", 11)]
    assert list(nav_entries_without_page(nav, existing, only={"section/a.md"})) == []
    assert [f.line for f in nav_entries_without_page(nav, existing, only={"gone.md"})] == [11]


def test_no_nav_means_mkdocs_lists_every_page():
    nav = parse_nav("site_name: x\n")
    assert nav.missing and list(pages_not_in_nav(nav, ["a.md"])) == []


def test_unreadable_config_is_a_finding_not_a_traceback(tmp_path):
    bad = parse_nav("nav: [\n")
    assert bad.problem and bad.problem.rule == "NAV001" and "not valid YAML" in bad.problem.message
    assert read_nav(tmp_path / "absent.yml").missing
    (tmp_path / "latin.yml").write_bytes(b"nav:\n  - caf\xe9.md\n")
    assert read_nav(tmp_path / "latin.yml").problem.rule == "NAV001"
