"""Parse one Markdown page into what the rules need, keeping real line numbers.

Line numbers count from the first line of the file, front matter included. Headings follow
Python-Markdown (the renderer): ATX headings start at column 0, setext headings open a block.
Fenced code (``` or ~~~, any length, any indent) and HTML comments are excluded from headings,
admonitions, citations and the HTML scan; inline code is excluded from citations and the HTML scan.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass, field
from itertools import accumulate, islice
from datetime import date

import yaml

from .report import Finding
from .yamlnodes import Located, error_line, error_reason, load_located


_FM_OPEN = re.compile(r"---[ \t]*(?:\n|$)")
_FM_CLOSE = re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.M)
_FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,})(.*)$", re.M)
_ATX = re.compile(r"^(#{1,6})(.*)$", re.M)
_SETEXT_LINE = re.compile(r"^[=-]+[ ]*$", re.M)
_ATTR_LIST = re.compile(r"[ \t]*\{:?[ \t]*([^}\n]*)\}[ \t]*$")
_ATTR_ID = re.compile(r"(?:^|\s)#([^\s}#.]+)")
_ADMONITION = re.compile(r"^([ \t]*)(!!!|\?\?\?\+?)(.*)$", re.M)
_ADMONITION_TITLE = re.compile(r'"(.*)"\s*$')
_CITATION = re.compile(r"\[(@[^\[\]\n]*)\](?!\()")
_CITE_KEY = re.compile(r"\s*@([A-Za-z0-9_][\w:.\-]*)\s*$")
_CODE_SPAN = re.compile(r"(?<![\\`])(`+)(?!`)(.+?)(?<!`)\1(?!`)")
# The full pattern is slow-ish; it runs only on pages where a cheap pre-scan of the lowercased
# text finds one of its anchors.
_UNSAFE_HINT = re.compile(r"<\s*(?:script|iframe|object|embed|form)|on[a-z]+\s*=|j\s*a\s*v\s*a\s*s\s*c\s*r")
_UNSAFE = re.compile(
    r"(?P<tag><\s*(?P<name>script|iframe|object|embed|form)\b)"
    r"|<[a-zA-Z][^<>]*?[\s/\"'](?P<event>on[a-zA-Z]+)\s*="
    r"|\{:?[^{}\n]*?(?<![\w-])(?P<attr>on[a-zA-Z]+)\s*="
    r"|(?P<js>j\s*a\s*v\s*a\s*s\s*c\s*r\s*i\s*p\s*t\s*:)",
    re.I,
)
_INLINE_MARKUP = re.compile(r"<[^>]*>|[`*]|\[([^\]]*)\]\([^)]*\)")
_SLUG_DROP = re.compile(r"[^\w\s-]")
_SLUG_JOIN = re.compile(r"[-\s]+")


@dataclass(frozen=True, slots=True)
class Heading:
    """A heading: level, trimmed text (trailing #s and {attr_list} removed), explicit id if any."""

    level: int
    text: str
    line: int
    start: int
    end: int
    anchor: str | None

    @property
    def slug(self) -> str:
        """The id Python-Markdown's toc gives this heading (its explicit {#id} wins)."""
        return self.anchor or slugify(self.text)


@dataclass(frozen=True, slots=True)
class Admonition:
    """`!!! kind "title"` or `???`/`???+` (collapsible) with whether its indented body has text."""

    kind: str
    title: str
    line: int
    start: int
    has_body: bool


@dataclass(frozen=True, slots=True)
class Citation:
    """One `@key` inside a `[@a; @b]` citation."""

    key: str
    line: int


@dataclass(frozen=True, slots=True)
class UnsafeHtml:
    """Raw HTML (or a URL) that would run script or embed content."""

    what: str
    line: int


@dataclass
class FrontMatter:
    """The parsed front matter and where each field and list item is in the file."""

    data: dict
    located: Located

    def line_of(self, key: str, index: int | None = None) -> int:
        """Line of a field (or of one item of a list field); 1 if unknown."""
        if index is not None:
            return self.located.line(key, index)
        return self.located.line(key)


@dataclass
class Page:
    """A parsed page. `findings` holds parse problems (ENC001, FM001); rules add the rest."""

    path: str
    text: str = ""
    findings: list[Finding] = field(default_factory=list)
    front: FrontMatter | None = None
    body_start: int = 0
    lines: list[str] = field(default_factory=list)
    line_starts: list[int] = field(default_factory=list)
    excluded: list[tuple[int, int]] = field(default_factory=list)
    unclosed_fence: tuple[int, int] | None = None
    headings: list[Heading] = field(default_factory=list)
    admonitions: list[Admonition] = field(default_factory=list)
    citations: list[Citation] = field(default_factory=list)
    unsafe_html: list[UnsafeHtml] = field(default_factory=list)

    def line_at(self, offset: int) -> int:
        """1-based line number of a character offset."""
        return bisect_right(self.line_starts, offset)

    def is_excluded(self, offset: int) -> bool:
        """True if the offset is inside fenced code or an HTML comment."""
        index = bisect_right(self.excluded, (offset, float("inf"))) - 1
        return index >= 0 and self.excluded[index][0] <= offset < self.excluded[index][1]


def slugify(text: str) -> str:
    """Python-Markdown toc's default slug of a heading's text."""
    text = _INLINE_MARKUP.sub(lambda m: m.group(1) or "", text)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return _SLUG_JOIN.sub("-", _SLUG_DROP.sub("", text).strip().lower())


def decode(data: bytes) -> tuple[str | None, Finding | None]:
    """Decode UTF-8 (BOM dropped, CRLF and CR made LF), or an ENC001 finding at the bad byte."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        return None, Finding(
            line,
            "ENC001",
            f"file is not valid UTF-8: byte 0x{data[exc.start]:02x} at offset {exc.start} "
            "cannot be decoded (save the file as UTF-8)",
        )
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text, None


def parse_page(path: str, data: bytes) -> Page:
    """Parse a page's bytes. Never raises on bad input: problems become findings."""
    page = Page(path)
    text, finding = decode(data)
    if text is None:
        page.findings.append(finding)
        return page
    page.text = text
    page.lines = text.split("\n")
    page.line_starts = [0, *accumulate(len(line) + 1 for line in page.lines[:-1])]
    _parse_front_matter(page)
    _find_excluded(page)
    _find_headings(page)
    _find_admonitions(page)
    _find_citations(page)
    _find_unsafe_html(page)
    return page


def _parse_front_matter(page: Page) -> None:
    text = page.text
    if not _FM_OPEN.match(text):
        first = "the file is empty" if not text.strip() else "the first line is not ---"
        page.findings.append(Finding(1, "FM001", f"front matter missing ({first}); start the file with a --- block"))
        return
    opening_end = text.find("\n") + 1 if "\n" in text else len(text)
    close = _FM_CLOSE.search(text, opening_end) if opening_end else None
    if close is None:
        page.findings.append(Finding(1, "FM001", "front matter is not closed: add a --- line after it"))
        page.body_start = len(text)
        return
    page.body_start = min(close.end() + 1, len(text))
    try:
        located = load_located(text[opening_end:close.start()], first_line=2)
    except (yaml.YAMLError, ValueError, TypeError, RecursionError) as exc:
        reason = error_reason(exc)
        page.findings.append(Finding(error_line(exc, 2), "FM001", f"front matter is not valid YAML: {reason}"))
        return
    data = {} if located.data is None else located.data
    if not isinstance(data, dict):
        kind = type(data).__name__
        page.findings.append(
            Finding(2, "FM001", f"front matter must be a mapping of fields (name: value), not {kind}")
        )
        return
    for path, line, first in located.duplicates:
        if len(path) == 1:
            page.findings.append(Finding(line, "FM001", f'field "{path[0]}" appears twice (first on line {first})'))
    page.front = FrontMatter(data, located)


def _find_excluded(page: Page) -> None:
    """Fenced code blocks and HTML comments, as sorted, merged (start, end) offset ranges."""
    text, ranges, opening = page.text, [], None
    fences = _FENCE.finditer(text, page.body_start) if "```" in text or "~~~" in text else ()
    for match in fences:
        marker, rest = match.group(1), match.group(2)
        if opening is None:
            if not (marker[0] == "`" and "`" in rest):
                opening = (match.start(), marker)
        elif marker[0] == opening[1][0] and len(marker) >= len(opening[1]) and not rest.strip():
            ranges.append((opening[0], match.end()))
            opening = None
    if opening is not None:
        page.unclosed_fence = (opening[0], len(text))
        ranges.append(page.unclosed_fence)
    ranges.extend(_comments(text, page.body_start, ranges))
    ranges.sort()
    merged: list[tuple[int, int]] = []
    for start, end in ranges:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    page.excluded = merged


def _comments(text: str, start: int, fences: list[tuple[int, int]]) -> list[tuple[int, int]]:
    comments, position = [], text.find("<!--", start)
    while position != -1:
        index = bisect_right(fences, (position, len(text) + 1)) - 1
        if index >= 0 and fences[index][0] <= position < fences[index][1]:
            position = text.find("<!--", fences[index][1])
            continue
        end = text.find("-->", position + 4)
        if end == -1:
            break
        comments.append((position, end + 3))
        position = text.find("<!--", end + 3)
    return comments


def _heading_text(raw: str) -> tuple[str, str | None]:
    text, anchor = raw.strip(), None
    attrs = _ATTR_LIST.search(text) if text.endswith("}") else None
    if attrs:
        found = _ATTR_ID.search(attrs.group(1))
        anchor = found.group(1) if found else None
        text = text[: attrs.start()].rstrip()
    return text, anchor


def _find_headings(page: Page) -> None:
    headings = []
    for match in _ATX.finditer(page.text, page.body_start):
        if page.is_excluded(match.start()):
            continue
        raw = match.group(2).rstrip().rstrip("#")
        text, anchor = _heading_text(raw)
        line = page.line_at(match.start())
        headings.append(Heading(len(match.group(1)), text, line, match.start(), match.end(), anchor))
    atx_lines = {heading.line for heading in headings}
    body_line = page.line_at(page.body_start)
    for match in _SETEXT_LINE.finditer(page.text, page.body_start):
        line = page.line_at(match.start())
        text_line = line - 1
        if text_line < body_line or text_line in atx_lines or page.is_excluded(match.start()):
            continue
        raw = page.lines[text_line - 1]
        before = page.lines[text_line - 2] if text_line - 2 >= body_line - 1 else ""
        if not raw.strip() or _indent(raw) >= 4 or (before.strip() and text_line - 1 not in atx_lines):
            continue
        text, anchor = _heading_text(raw)
        start = page.line_starts[text_line - 1]
        level = 1 if match.group(0)[0] == "=" else 2
        headings.append(Heading(level, text, text_line, start, match.end(), anchor))
    headings.sort(key=lambda heading: heading.start)
    page.headings = headings


def _find_admonitions(page: Page) -> None:
    if "!!!" not in page.text and "???" not in page.text:
        return
    for match in _ADMONITION.finditer(page.text, page.body_start):
        if page.is_excluded(match.start()):
            continue
        rest = match.group(3)
        title_match = _ADMONITION_TITLE.search(rest)
        title = title_match.group(1) if title_match else ""
        words = (rest[: title_match.start()] if title_match else rest).split()
        line = page.line_at(match.start())
        needed = _indent(match.group(1)) + 4
        has_body = False
        for body_line in islice(page.lines, line, None):
            if body_line.strip():
                has_body = _indent(body_line) >= needed
                break
        kind = words[0].lower() if words else ""
        page.admonitions.append(Admonition(kind, title, line, match.start(), has_body))


def _find_citations(page: Page) -> None:
    for match in _CITATION.finditer(page.text, page.body_start):
        if page.is_excluded(match.start()) or _in_code_span(page, match.start()):
            continue
        parts = [_CITE_KEY.match(part) for part in match.group(1).split(";")]
        if all(parts):
            line = page.line_at(match.start())
            page.citations.extend(Citation(part.group(1), line) for part in parts)


def _find_unsafe_html(page: Page) -> None:
    if not _UNSAFE_HINT.search(page.text.lower(), page.body_start):
        return
    unclosed = page.unclosed_fence
    for match in _UNSAFE.finditer(page.text, page.body_start):
        offset = match.start()
        in_unclosed = unclosed is not None and offset >= unclosed[0]
        if (page.is_excluded(offset) and not in_unclosed) or _in_code_span(page, offset):
            continue
        if match.group("tag"):
            what = f"<{match.group('name').lower()}> element"
        elif match.group("event") or match.group("attr"):
            name = (match.group("event") or match.group("attr")).lower()
            offset = match.start("event") if match.group("event") else match.start("attr")
            what = f"{name}= event attribute"
        else:
            what = "javascript: URL"
        page.unsafe_html.append(UnsafeHtml(what, page.line_at(offset)))


def _in_code_span(page: Page, offset: int) -> bool:
    line = page.line_at(offset)
    text = page.lines[line - 1]
    if "`" not in text:
        return False
    column = offset - page.line_starts[line - 1]
    return any(span.start() <= column < span.end() for span in _CODE_SPAN.finditer(text))


def _indent(line: str) -> int:
    stripped = line.lstrip(" \t")
    return len(line[: len(line) - len(stripped)].expandtabs(4))


def as_date(value: object) -> date | None:
    """A front matter value as a date: a YAML date or YYYY-MM-DD text; None otherwise."""
    if isinstance(value, date):
        return value if type(value) is date else value.date()
    if isinstance(value, str) and len(value.strip()) == 10:
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None
