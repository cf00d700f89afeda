"""YAML loading that keeps the line of every mapping key and list item."""

from __future__ import annotations

import re
from datetime import date

import yaml

from .findings import Finding
from .schema import Loader


class LineLoader(Loader):
    """Safe loader that keeps an impossible date (2026-13-45) as text instead of failing."""


class ImpossibleDate(str):
    """Unquoted text that YAML reads as a date but that is no date (2026-02-30). Kept as text so the
    checker can report it: other YAML readers (MkDocs's page meta) fail on the whole block."""

    __slots__ = ()


def _timestamp_or_text(loader: yaml.BaseLoader, node: yaml.ScalarNode) -> object:
    try:
        return loader.construct_yaml_timestamp(node)
    except (ValueError, OverflowError):
        return ImpossibleDate(loader.construct_scalar(node))


LineLoader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp_or_text)

KeyPath = tuple


class Located:
    """Parsed YAML data with lines: `lines[("claims", 3, "verdict")]` is that key's line.

    A list item's path ends with its index and gives the item's line. `duplicates` lists
    (path, line, first line) of mapping keys given twice (YAML keeps the last).
    """

    __slots__ = ("data", "lines", "duplicates")

    def __init__(self, data: object, lines: dict | None = None, duplicates: list | None = None) -> None:
        self.data = data
        self.lines: dict[KeyPath, int] = {} if lines is None else lines
        self.duplicates: list[tuple[KeyPath, int, int]] = [] if duplicates is None else duplicates

    def line(self, *path: object, default: int = 1) -> int:
        """Line of the deepest known prefix of `path`."""
        for end in range(len(path), 0, -1):
            line = self.lines.get(tuple(path[:end]))
            if line is not None:
                return line
        return default


def load_located(source: str, first_line: int = 1) -> Located:
    """Parse YAML text whose first line is file line `first_line` (flat front matter takes a fast path).

    Raises yaml.YAMLError (with marks relative to `source`), ValueError, TypeError or
    RecursionError on bad input; callers turn those into findings.
    """
    located = fast_load(source, first_line)
    return located if located is not None else full_load(source, first_line)


def full_load(source: str, first_line: int = 1) -> Located:
    """load_located through PyYAML (any YAML)."""
    loader = LineLoader(source)
    try:
        node = loader.get_single_node()
        located = Located(None)
        if node is not None:
            try:
                _walk(node, first_line, located)  # before constructing: raises AliasError on an alias
            except AliasError as exc:
                exc.problem_mark = _first_alias(source) or exc.problem_mark
                raise
            located.data = loader.construct_document(node)
    finally:
        loader.dispose()
    return located


def _first_alias(source: str) -> yaml.Mark | None:
    """Where the first alias is written (the composed node only knows its anchor's place)."""
    for event in yaml.parse(source, Loader=LineLoader):
        if isinstance(event, yaml.AliasEvent):
            return event.start_mark
    return None


class AliasError(yaml.YAMLError):
    """YAML aliases (`*name`) are not allowed: one small alias can stand for a huge value."""

    def __init__(self, mark: yaml.Mark | None) -> None:
        super().__init__("YAML aliases (*name) are not allowed; write the value out")
        self.problem = "YAML aliases (*name) are not allowed; write the value out"
        self.problem_mark = mark
        self.context = None
        self.context_mark = None


def error_line(exc: BaseException, first_line: int = 1) -> int:
    """File line of a YAML error (the problem's mark, else the context's, else the first line)."""
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    return mark.line + first_line if mark is not None else first_line


def error_reason(exc: BaseException) -> str:
    """One-line reason of a YAML (or other parse) error."""
    reason = getattr(exc, "problem", None) or getattr(exc, "context", None) or str(exc) or type(exc).__name__
    return str(reason).splitlines()[0]


def _walk(root: yaml.Node, first_line: int, located: Located) -> None:
    stack: list[tuple[yaml.Node, KeyPath]] = [(root, ())]
    seen: dict[int, int] = {}  # node id: line where it was first reached
    while stack:
        node, path = stack.pop()
        line = located.lines.get(path, first_line)
        if id(node) in seen:  # an alias: the same node reached twice (no YAML bombs, no cycles)
            raise AliasError(yaml.Mark("<yaml>", 0, line - first_line, 0, None, None))
        seen[id(node)] = line
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


# ---- fast path for the flat front matter pages use -------------------------------------------
# Most front matter is `key: scalar`, `key: [a, b]` or a block list of scalars. Parsing that by hand
# is ~10x faster than PyYAML's constructor; anything else (nesting, anchors, tags, escapes, multi-line
# scalars, flow mappings, booleans) returns None and goes through PyYAML. tests/test_checker_property.py
# checks that both agree on every input the fast path accepts.

# (Linear: the value is taken whole and its spaces stripped in code; a lazy `(.*?) *$` rescanned the
# trailing spaces at every step, quadratic on a hostile line.)
_KEY_LINE = re.compile(r"([A-Za-z_][\w-]*):(?= |$)(.*)")
_ITEM_LINE = re.compile(r"( *)- +(.*)")
# Characters outside YAML's printable set (and NEL/LS/PS, BOM), written as the odd set itself: the
# equivalent negated class of the printable ranges takes ~15 ms to compile at every start-up.
_ODD_CHARACTER = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufeff\ufffe\uffff]")
_PLAIN = re.compile(r"[A-Za-z][^#:\[\]{}]*")
_DATE = re.compile(r"\d{4}-\d\d-\d\d")
_INT = re.compile(r"0|[1-9]\d{0,17}")
_DOUBLE = re.compile(r'"([^"\\]*)"')
_SINGLE = re.compile(r"'((?:[^']|'')*)'")
_NOT_TEXT = frozenset(
    "yes Yes YES no No NO true True TRUE false False FALSE on On ON off Off OFF null Null NULL".split()
)
_REJECT = object()


def fast_load(source: str, first_line: int = 1) -> Located | None:
    """Located data for flat front matter, or None if it needs the full YAML parser."""
    if _ODD_CHARACTER.search(source):
        return None
    data: dict = {}
    located = Located(data)
    lines = located.lines
    items: list | None = None
    cache = _LINE_CACHE
    if len(cache) > 20_000:  # pages repeat lines (types, dates, tags); keep the memo bounded
        cache.clear()
    for number, line in enumerate(source.split("\n"), start=first_line):
        parsed = cache.get(line)
        if parsed is None:
            parsed = cache[line] = _parse_line(line)
        if parsed is _SKIP:
            continue
        item, key = parsed
        if item is not None and items is not None:
            item_indent, value = item
            if value is _REJECT or (items and item_indent != indent):
                return None
            indent = item_indent
            lines[(name, len(items))] = number
            items.append(value)
            data[name] = items
            continue
        if key is None:
            return None
        name, value, has_value = key
        if value is _REJECT or (name,) in lines:  # duplicates: PyYAML reports them
            return None
        lines[(name,)] = number
        data[name] = list(value) if type(value) is tuple else value
        items = None if has_value else []
    return located


_SKIP = object()
_LINE_CACHE: dict[str, object] = {}


def _parse_line(line: str) -> object:
    """_SKIP for blank and comment lines, else (item, key): each None if the line is not one.

    item = (indent, value); key = (name, value, has_value); list values are tuples (the memo is shared).
    """
    if not line.strip() or line.lstrip().startswith("#"):
        return _SKIP
    item = _ITEM_LINE.match(line)
    key = _KEY_LINE.match(line)
    if key is not None:
        name, rest = key.group(1), key.group(2).strip(" ")
        value = _flow_list(rest) if rest.startswith("[") else _scalar(rest) if rest else None
        key = (name, tuple(value) if type(value) is list else value, bool(rest))
    return (item.group(1), _scalar(item.group(2).rstrip(" "))) if item else None, key


def _scalar(text: str) -> object:
    if _PLAIN.fullmatch(text) and " #" not in text and not text.endswith(":"):
        return _REJECT if text in _NOT_TEXT or "\t" in text else text
    if _DATE.fullmatch(text):
        try:
            return date.fromisoformat(text)
        except ValueError:
            return ImpossibleDate(text)
    if _INT.fullmatch(text):
        return int(text)
    double = _DOUBLE.fullmatch(text)
    if double:
        return double.group(1)
    single = _SINGLE.fullmatch(text)
    return single.group(1).replace("''", "'") if single else _REJECT


def _flow_list(text: str) -> object:
    if not text.endswith("]") or text.count("[") != 1 or text.count("]") != 1:
        return _REJECT
    inner = text[1:-1].strip()
    if not inner:
        return []
    values = []
    for part in inner.split(","):
        part = part.strip()
        if not part or not _PLAIN.fullmatch(part):
            return _REJECT
        value = _scalar(part)
        if value is _REJECT:
            return _REJECT
        values.append(value)
    return values


def load_data_file(data: bytes, rule: str, name: str) -> tuple[Located | None, Finding | None]:
    """A data file's bytes as a located YAML tree, or (None, the finding saying why it cannot be read:
    not UTF-8, or not valid YAML, with its line) under `rule`, naming the file as `name`."""
    from . import limits  # imported here: limits imports report, which this module's users import first

    too_big = limits.file_size(len(data), name, limits.MAX_DATA_BYTES)
    if too_big is not None:
        return None, too_big
    try:
        text = data.decode("utf-8-sig")
        too_deep = limits.yaml_depth(text.split("\n"))  # before libyaml, whose recursion can overflow the stack
        if too_deep is not None:
            return None, too_deep
        return load_located(text), None
    except UnicodeDecodeError as exc:
        return None, Finding(data.count(b"\n", 0, exc.start) + 1, rule, f"{name} is not valid UTF-8")
    except (yaml.YAMLError, ValueError, TypeError, RecursionError) as exc:
        return None, Finding(error_line(exc), rule, f"{name} is not valid YAML: {error_reason(exc)}")
