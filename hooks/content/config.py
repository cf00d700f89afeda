"""The site configuration (mkdocs.yml), read in one place for the checker, the rendering, the
scaffold and the tests.

mkdocs.yml is only composed into YAML nodes, never constructed, so tags such as !!python/name or
!ENV need no code: a tagged value reads as its text. A file that cannot be read or parsed gives a
NAV001 finding (the checker reports it), never an exception.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import yaml

from .findings import Finding


class SiteConfig:
    """mkdocs.yml as plain data, with the line of each nav page and top-level nav section.

    `data`: the mapping (tags read as text); `nav`: the nav as plain lists, mappings and strings
    (None when there is none); `pages`: {docs path: line in mkdocs.yml} of every page the nav names;
    `missing`: no usable nav (no file, no `nav:` key: MkDocs then lists every page itself);
    `section_lines`: {top-level nav title: line}; `key_lines`: {(key,) or (key, subkey): line} of
    the first two levels of mappings; `problem`: a NAV001 finding when unreadable.
    """

    __slots__ = ("data", "nav", "pages", "missing", "section_lines", "key_lines", "problem", "root")

    def __init__(self, data: dict | None = None, nav: list | None = None, pages: dict[str, int] | None = None,
                 section_lines: dict[str, int] | None = None, problem: Finding | None = None) -> None:
        self.data = data or {}
        self.nav = nav
        self.pages = pages or {}
        self.missing = pages is None
        self.section_lines = section_lines or {}
        self.key_lines: dict[tuple[str, ...], int] = {}
        self.problem = problem
        self.root = None  # the composed YAML node (tags, lines) for the checks of mkdocs.yml (CFG001-CFG004)

    def get(self, key: str, default=None):
        return self.data.get(key, default)

    def nav_titles(self) -> dict[str, str]:
        """{docs path: nav title ('' when the nav gives none)} in nav order."""
        found: dict[str, str] = {}

        def walk(items, title=""):
            if isinstance(items, str):
                if items.endswith(".md"):
                    found.setdefault(items.lstrip("/").removeprefix("./"), title)
            elif isinstance(items, list):
                for item in items:
                    walk(item)
            elif isinstance(items, dict):
                for key, value in items.items():
                    walk(value, key if isinstance(value, str) else "")

        walk(self.nav)
        return found


def read_config(path: Path) -> SiteConfig:
    """The site configuration at `path`; an empty one (missing nav) when the file does not exist."""
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        return SiteConfig()
    except (OSError, UnicodeDecodeError) as exc:
        return SiteConfig(problem=Finding(1, "NAV001", f"cannot read {Path(path).name}: {exc}"))
    return parse_config(text, Path(path).name)


def parse_config(text: str, name: str = "mkdocs.yml") -> SiteConfig:
    """The site configuration given as text (see read_config)."""
    from .limits import MAX_DATA_BYTES, file_size, yaml_depth

    too_big = file_size(len(text.encode("utf-8", "surrogatepass")), name, MAX_DATA_BYTES)
    if too_big is not None:
        return SiteConfig(problem=too_big)
    too_deep = yaml_depth(text.split("\n"))  # before libyaml reads it (deep nesting overflows its stack)
    if too_deep is not None:
        return SiteConfig(problem=too_deep)
    try:
        root = yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        reason = str(getattr(exc, "problem", None) or exc).splitlines()[0]
        return SiteConfig(problem=Finding(mark.line + 1 if mark else 1, "NAV001", f"{name} is not valid YAML: {reason}"))
    except RecursionError:
        return SiteConfig(problem=Finding(1, "NAV001", f"{name} is nested too deeply to read"))
    if not isinstance(root, yaml.MappingNode):
        return SiteConfig()
    data = _plain(root)
    config = _parsed(root, data)
    config.root = root
    return config


def _parsed(root: yaml.MappingNode, data: dict) -> SiteConfig:
    key_lines = {}
    for key, value in root.value:
        if isinstance(key, yaml.ScalarNode):
            key_lines.setdefault((key.value,), key.start_mark.line + 1)
            if isinstance(value, yaml.MappingNode):
                for sub, _ in value.value:
                    if isinstance(sub, yaml.ScalarNode):
                        key_lines.setdefault((key.value, sub.value), sub.start_mark.line + 1)
    nav = next((value for key, value in root.value if isinstance(key, yaml.ScalarNode) and key.value == "nav"), None)
    if nav is None:
        config = SiteConfig(data)
        config.key_lines = key_lines
        return config
    pages: dict[str, int] = {}
    for path, line in _walk(nav):
        pages.setdefault(path, line)
    sections: dict[str, int] = {}
    if isinstance(nav, yaml.SequenceNode):
        for item in nav.value:
            if isinstance(item, yaml.MappingNode):
                for key, _ in item.value:
                    if isinstance(key, yaml.ScalarNode):
                        sections.setdefault(key.value, key.start_mark.line + 1)
    plain_nav = _plain(nav)
    config = SiteConfig(data, plain_nav if isinstance(plain_nav, list) else None, pages, sections)
    config.key_lines = key_lines
    return config


def nav_pages(nav) -> list[str]:
    """Every Markdown path named in a nav (sub)tree, in nav order."""
    if isinstance(nav, str):
        return [nav] if nav.endswith(".md") else []
    if isinstance(nav, list):
        return [page for item in nav for page in nav_pages(item)]
    if isinstance(nav, dict):
        return [page for value in nav.values() for page in nav_pages(value)]
    return []


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


def _plain(node: yaml.Node, depth: int = 0):
    if depth > 50:
        return None
    if isinstance(node, yaml.ScalarNode):
        return _scalar(node)
    if isinstance(node, yaml.SequenceNode):
        return [_plain(item, depth + 1) for item in node.value]
    if isinstance(node, yaml.MappingNode):
        return {str(_plain(key, depth + 1)): _plain(value, depth + 1) for key, value in node.value}
    return None


def _scalar(node: yaml.ScalarNode):
    """A scalar as YAML's core schema reads it (true, 3, null ...); other tags as their text."""
    kind = node.tag.rpartition(":")[2] if node.tag.startswith("tag:yaml.org,2002:") else ""
    if kind == "null":
        return None
    if kind == "bool":
        return node.value.lower() in ("true", "yes", "on")
    if kind in ("int", "float"):
        try:
            return int(node.value) if kind == "int" else float(node.value)
        except ValueError:
            return node.value
    return node.value
