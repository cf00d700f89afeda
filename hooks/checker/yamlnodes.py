"""YAML loading that keeps the line of every mapping key and list item."""

from __future__ import annotations

from dataclasses import dataclass, field

import yaml

from .schema import Loader


class LineLoader(Loader):
    """Safe loader that keeps an impossible date (2026-13-45) as text instead of failing."""


def _timestamp_or_text(loader: yaml.BaseLoader, node: yaml.ScalarNode) -> object:
    try:
        return loader.construct_yaml_timestamp(node)
    except ValueError:
        return loader.construct_scalar(node)


LineLoader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp_or_text)

Path = tuple


@dataclass
class Located:
    """Parsed YAML data with lines: `lines[("claims", 3, "verdict")]` is that key's line.

    A list item's path ends with its index and gives the item's line. `duplicates` lists
    (path, line, first line) of mapping keys given twice (YAML keeps the last).
    """

    data: object
    lines: dict[Path, int] = field(default_factory=dict)
    duplicates: list[tuple[Path, int, int]] = field(default_factory=list)

    def line(self, *path: object, default: int = 1) -> int:
        """Line of the deepest known prefix of `path`."""
        for end in range(len(path), 0, -1):
            line = self.lines.get(tuple(path[:end]))
            if line is not None:
                return line
        return default


def load_located(source: str, first_line: int = 1) -> Located:
    """Parse YAML text whose first line is file line `first_line`.

    Raises yaml.YAMLError (with marks relative to `source`), ValueError, TypeError or
    RecursionError on bad input; callers turn those into findings.
    """
    loader = LineLoader(source)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    finally:
        loader.dispose()
    located = Located(data)
    if node is not None:
        _walk(node, first_line, located)
    return located


def error_line(exc: BaseException, first_line: int = 1) -> int:
    """File line of a YAML error (the problem's mark, else the context's, else the first line)."""
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    return mark.line + first_line if mark is not None else first_line


def error_reason(exc: BaseException) -> str:
    """One-line reason of a YAML (or other parse) error."""
    reason = getattr(exc, "problem", None) or getattr(exc, "context", None) or str(exc) or type(exc).__name__
    return str(reason).splitlines()[0]


def _walk(root: yaml.Node, first_line: int, located: Located) -> None:
    stack: list[tuple[yaml.Node, Path]] = [(root, ())]
    seen: set[int] = set()
    while stack:
        node, path = stack.pop()
        if id(node) in seen:  # an alias: walked already (and never expanded: no YAML bombs)
            continue
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            for key_node, value_node in node.value:
                if not isinstance(key_node, yaml.ScalarNode):
                    continue
                child = (*path, key_node.value)
                line = key_node.start_mark.line + first_line
                if child in located.lines:
                    located.duplicates.append((child, line, located.lines[child]))
                    continue
                located.lines[child] = line
                stack.append((value_node, child))
        elif isinstance(node, yaml.SequenceNode):
            for index, item in enumerate(node.value):
                child = (*path, index)
                located.lines[child] = item.start_mark.line + first_line
                stack.append((item, child))
