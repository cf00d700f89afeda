"""Parse one Markdown page into what the rules and the rendering need, keeping real line numbers.

This is the page half of the content layer (hooks/content/__init__.py): the checker and the Markdown
extension (hooks/render/reference.py) read pages only through it, so they agree (tests/test_parity.py).

Line numbers count from the first line of the file, front matter included. Headings follow
Python-Markdown (the renderer): ATX headings start at column 0 (`##NoSpace` too), setext headings
open a block. Fences follow pymdownx.superfences: ``` or ~~~ (three or more, any indent) with an info
string it accepts (a language, {attributes} or key=value options; not a backtick), closed by the
same fence; a fence that never closes is no fence. Fenced code and HTML comments are excluded from
headings, admonitions, citations and the HTML scan; inline code (which may run over the lines of a
paragraph) is excluded from citations and the HTML scan. Citations keep their offsets, and
`<!-- generated: NAME -->` lines outside fences are markers for generated content.

Speed: one pass over the body's lines finds fences and candidate headings and admonitions with
first-character tests (no regex on ordinary prose lines); comments, citations and raw HTML are
found with C-level substring searches first and regexes only where those hit.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left, bisect_right
from collections import namedtuple
from datetime import date
from functools import lru_cache
from html import unescape
from itertools import accumulate

import yaml

from .findings import Finding
from .registry import describe

describe(
    "ENC001", "not-utf8", "error", blocking=True,
    summary='file is not valid UTF-8',
    fix='save the file as UTF-8',
)
describe(
    "FM001", "front-matter", "error", blocking=True,
    summary='front matter missing or not valid YAML',
    fix='start the file with `---`, the fields, then `---`; quote text that holds a colon',
)
from . import limits
from .linear import admonition_title, fence_opens
from .yamlnodes import Located, error_line, error_reason, load_located


_ATTR_ID = re.compile(r"(?:^|\s)#([^\s}#.]+)")
# A citation: `[@key]` or `[@a; @b]` (spaces allowed inside the brackets), not followed by `(` or `[`
# (that is a link or a reference link). The checker and the rendering both use these matches.
_CITATION = re.compile(r"\[(\s*@[^\[\]\n]*)\](?![(\[])")
_CITE_KEY = re.compile(r"\s*@([A-Za-z0-9_][\w:.\-]*)\s*$")
# An opening fence as pymdownx.superfences reads it: linear.fence_opens (its regular expression
# backtracked exponentially on a hostile info string).
# A generated-content marker line: `<!-- generated: name -->` (outside fenced code), and the names
# the Markdown extension (hooks/render/reference.py) fills in.
MARKERS = ("bibliography", "evidence-map", "claims-table", "schema-tables", "vocabularies", "rules", "option-grid",
           "icon-arrays")
_MARKER = re.compile(r"<!--\s*generated:\s*([\w-]+)\s*-->$")
# Raw HTML that runs script or loads other content. Tag names and attribute names are matched as
# written (the browser does not decode character references there); URLs are also matched after
# decoding character references (`&#106;avascript:`), per line. Each pattern starts with one literal
# character and runs case-sensitively on the lowercased text, which lets the regex engine jump from
# one `<` (or `{`, `j`, `d`) to the next: ~20 times faster than one case-insensitive alternation.
# (Text whose lowercase form has another length is scanned with the case-insensitive forms.)
_UNSAFE_PATTERNS = {
    "tag": (
        r"<(?:\s*(?P<name>script|iframe|object|embed|form|base|frameset|frame|applet)\b"
        r"|\s*(?P<meta>meta\b[^<>]*?http-equiv\s*=\s*[\"']?\s*refresh)"
        r"|[a-z][^<>]*?[\s/\"'](?P<event>on[a-z]+)\s*=)"
    ),
    "attr": r"\{:?[^{}\n]*?(?<![\w-])(?P<attr>on[a-z]+)\s*=",
    "js": r"j\s*a\s*v\s*a\s*s\s*c\s*r\s*i\s*p\s*t\s*:",
    "data": r"d\s*a\s*t\s*a\s*:\s*text\s*/\s*html",
}
_UNSAFE_LOWER = {name: re.compile(pattern) for name, pattern in _UNSAFE_PATTERNS.items()}


@lru_cache(maxsize=1)
def _unsafe_any_case() -> dict[str, re.Pattern]:
    """The case-insensitive forms, compiled only when a page needs them (rare; saves start-up)."""
    return {name: re.compile(pattern, re.I) for name, pattern in _UNSAFE_PATTERNS.items()}


_URL_KINDS = {"js": "javascript: URL", "data": "data:text/html URL"}
_CHAR_REF = re.compile(r"&(?:#[0-9]+;?|#[xX][0-9a-fA-F]+;?|[A-Za-z][A-Za-z0-9]*;?)")
_LINE_STARTS = frozenset("#-= \t`~!?<")  # first characters of lines the body scan looks at
_INLINE_MARKUP = re.compile(r"<[^<>]*>|[`*]|\[([^\[\]]*)\]\([^()]*\)")  # no rescans: linear
_SLUG_DROP = re.compile(r"[^\w\s-]")
_SLUG_JOIN = re.compile(r"[-\s]+")


# Named tuples and plain classes, not dataclasses/typing: importing those costs the CLI ~20-40 ms.


class Heading(namedtuple("Heading", "level text line start end anchor")):
    """A heading: level, trimmed text (trailing #s and {attr_list} removed), explicit id if any.

    start and end are offsets in the page text; anchor is the {#id} or None.
    """

    __slots__ = ()

    @property
    def slug(self) -> str:
        """The id Python-Markdown's toc gives this heading (its explicit {#id} wins)."""
        return self.anchor or slugify(self.text)


class Admonition(namedtuple("Admonition", "kind title line start has_body")):
    """`!!! kind "title"` or `???`/`???+` (collapsible) with whether its indented body has text.

    A body of only blank lines and HTML comments renders as an empty box: it has no text.
    """

    __slots__ = ()


class Citation(namedtuple("Citation", "key line start end", defaults=(0, 0))):
    """One `@key` inside a `[@a; @b]` citation; start and end are the whole citation's offsets."""

    __slots__ = ()


class UnsafeHtml(namedtuple("UnsafeHtml", "what line")):
    """Raw HTML (or a URL) that would run script or embed content."""

    __slots__ = ()


class FrontMatter:
    """The parsed front matter and where each field and list item is in the file."""

    __slots__ = ("data", "located")

    def __init__(self, data: dict, located: Located) -> None:
        self.data = data
        self.located = located

    def line_of(self, key: str, index: int | None = None) -> int:
        """Line of a field (or of one item of a list field); 1 if unknown."""
        if index is not None:
            return self.located.line(key, index)
        return self.located.line(key)


class Page:
    """A parsed page. `findings` holds parse problems (ENC001, FM001); rules add the rest.

    `cache` holds what several rules derive from the page (e.g. its level-2 sections).
    """

    __slots__ = (
        "path", "text", "findings", "front", "body_start", "lines", "line_starts", "excluded",
        "unclosed_fence", "headings", "admonitions", "citations", "unsafe_html", "markers", "cache",
    )

    def __init__(self, path: str) -> None:
        self.path = path
        self.text = ""
        self.findings: list[Finding] = []
        self.front: FrontMatter | None = None
        self.body_start = 0
        self.lines: list[str] = []
        self.line_starts: list[int] = []
        self.excluded: list[tuple[int, int]] = []
        self.unclosed_fence: tuple[int, int] | None = None
        self.headings: list[Heading] = []
        self.admonitions: list[Admonition] = []
        self.citations: list[Citation] = []
        self.unsafe_html: list[UnsafeHtml] = []
        self.markers: list[tuple[str, int]] = []  # (name, 0-based line index) of generated-content markers
        self.cache: dict = {}

    def line_at(self, offset: int) -> int:
        """1-based line number of a character offset."""
        return bisect_right(self.line_starts, offset)

    def is_excluded(self, offset: int) -> bool:
        """True if the offset is inside fenced code or an HTML comment."""
        excluded = self.excluded
        if not excluded:
            return False
        index = bisect_right(excluded, (offset, float("inf"))) - 1
        return index >= 0 and excluded[index][0] <= offset < excluded[index][1]


@lru_cache(maxsize=4096)
def slugify(text: str) -> str:
    """Python-Markdown toc's default slug of a heading's text (memoised: pages share headings)."""
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
    too_big = limits.file_size(len(data))
    if too_big is not None:  # never decoded or parsed
        page = Page(path)
        page.findings.append(too_big)
        page.cache["refused"] = True
        return page
    text, finding = decode(data)
    if text is None:
        page = Page(path)
        page.findings.append(finding)
        return page
    return parse_text(path, text)


def _over_limits(page: Page, front_matter: bool) -> bool:
    """Size and depth limits (limits.py) before any parsing: True (and the findings) if any is broken."""
    lines = page.lines
    front_end = 0
    if front_matter and lines[0].rstrip(" \t") == "---":
        for index in range(1, len(lines)):
            if lines[index][:3] in ("---", "...") and lines[index].rstrip(" \t") in ("---", "..."):
                front_end = index
                break
    findings = limits.text_findings(page.text, lines, front_end)
    if findings:
        page.findings.extend(findings)
        page.cache["refused"] = True
    return bool(findings)


def parse_text(path: str, text: str, front_matter: bool = True) -> Page:
    """Parse a page's text (LF line ends). `front_matter=False`: the text is a body whose front
    matter an engine has already removed (what a Markdown extension is given)."""
    page = Page(path)
    page.text = text
    page.lines = lines = text.split("\n")
    page.line_starts = [0, *accumulate([len(line) + 1 for line in lines[:-1]])]
    if _over_limits(page, front_matter):
        return page
    if front_matter:
        _parse_front_matter(page)
    _scan_body(page)
    _find_citations(page)
    _find_unsafe_html(page)
    return page


def parse_fragment(path: str, data: bytes) -> Page:
    """Parse a snippet (includes/): no front matter, only what the raw-HTML scan needs."""
    page = Page(path)
    text, finding = decode(data)
    if text is None:
        page.findings.append(finding)
        return page
    page.text = text
    page.lines = lines = text.split("\n")
    page.line_starts = [0, *accumulate([len(line) + 1 for line in lines[:-1]])]
    if _over_limits(page, False):
        return page
    _scan_body(page)
    _find_unsafe_html(page)
    return page


def _parse_front_matter(page: Page) -> None:
    text, lines = page.text, page.lines
    if lines[0].rstrip(" \t") != "---":
        first = "the file is empty" if not text.strip() else "the first line is not ---"
        page.findings.append(Finding(1, "FM001", f"front matter missing ({first}); start the file with a --- block"))
        return
    close = None
    if len(lines) > 1:
        for index in range(1, len(lines)):
            line = lines[index]
            if (line[:3] == "---" or line[:3] == "...") and line.rstrip(" \t") in ("---", "..."):
                close = index
                break
    if close is None:
        page.findings.append(Finding(1, "FM001", "front matter is not closed: add a --- line after it"))
        page.body_start = len(text)
        return
    starts = page.line_starts
    page.body_start = min(starts[close] + len(lines[close]) + 1, len(text))
    try:
        located = load_located(text[starts[1] : starts[close]], first_line=2)
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


def _scan_body(page: Page) -> None:
    """One pass over the body's lines: fences, then headings and admonitions outside code and comments."""
    text, lines, starts = page.text, page.lines, page.line_starts
    first = bisect_left(starts, page.body_start)
    fences: list[tuple[int, int]] = []
    opening: tuple[int, str, int] | None = None  # (offset, fence character, fence length)
    atx: list[int] = []
    setext: list[int] = []
    admonitions: list[tuple[int, int]] = []  # (line index, indent length in characters)
    interesting = _LINE_STARTS
    start_at = first
    while True:
        for index in range(start_at, len(lines)):
            line = lines[index]
            if not line:
                continue
            char = line[0]
            if char not in interesting:
                continue
            if char == "#":
                if opening is None:
                    atx.append(index)
                continue
            if char == "-" or char == "=":
                if opening is None and not line.rstrip(" ").strip("=-"):
                    setext.append(index)
                continue
            if char == " " or char == "\t":
                stripped = line.lstrip(" \t")
                char = stripped[:1]
            else:
                stripped = line
            if char == "`" or char == "~":
                if stripped[1:3] != char * 2:
                    continue
                size = len(stripped) - len(stripped.lstrip(char))
                rest = stripped[size:]
                if opening is None:
                    if fence_opens(stripped):
                        opening = (starts[index], char, size)
                elif char == opening[1] and size == opening[2] and not rest.strip():  # same length, as superfences
                    fences.append((opening[0], starts[index] + len(line)))
                    opening = None
            elif char == "<":
                if opening is None and stripped[:4] == "<!--":
                    marker = _MARKER.match(stripped.rstrip())
                    if marker:
                        page.markers.append((marker.group(1), index))
            elif (char == "!" or char == "?") and opening is None:
                head = stripped[:3]
                if head == "!!!" or head == "???":
                    admonitions.append((index, len(line) - len(stripped)))
        if opening is None:
            break
        # A fence that never closes is no fence (pymdownx.superfences): its opening line is text and
        # the lines after it are read again.
        start_at = bisect_right(starts, opening[0])
        opening = None
    excluded = fences
    if text.find("<!--", page.body_start) != -1:
        excluded = fences + _comments(text, page.body_start, fences)
        excluded.sort()
        merged: list[tuple[int, int]] = []
        for start, end in excluded:
            if merged and start <= merged[-1][1]:
                merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
            else:
                merged.append((start, end))
        excluded = merged
        page.excluded = excluded
        is_excluded = page.is_excluded
        atx = [index for index in atx if not is_excluded(starts[index])]
        setext = [index for index in setext if not is_excluded(starts[index])]
        admonitions = [item for item in admonitions if not is_excluded(starts[item[0]])]
    else:
        page.excluded = excluded
    _make_headings(page, first, atx, setext)
    if admonitions:
        page.admonitions = [_make_admonition(page, index, indent) for index, indent in admonitions]


def _make_headings(page: Page, first: int, atx: list[int], setext: list[int]) -> None:
    lines, starts = page.lines, page.line_starts
    headings = []
    for index in atx:
        line = lines[index]
        level = len(line) - len(line.lstrip("#"))
        if level > 6:
            level = 6
        text, anchor = _heading_text(line[level:].rstrip().rstrip("#"))
        headings.append(Heading(level, text, index + 1, starts[index], starts[index] + len(line), anchor))
    if setext:
        atx_lines = {index + 1 for index in atx}
        for index in setext:
            text_line = index  # 1-based number of the line above the underline
            if text_line - 1 < first or text_line in atx_lines:
                continue
            raw = lines[text_line - 1]
            before = lines[text_line - 2] if text_line - 2 >= first else ""
            if not raw.strip() or _indent(raw) >= 4 or (before.strip() and text_line - 1 not in atx_lines):
                continue
            text, anchor = _heading_text(raw)
            level = 1 if lines[index][0] == "=" else 2
            headings.append(
                Heading(level, text, text_line, starts[text_line - 1], starts[index] + len(lines[index]), anchor)
            )
        headings.sort(key=lambda heading: heading.start)
    page.headings = headings


def _make_admonition(page: Page, index: int, indent: int) -> Admonition:
    lines = page.lines
    line = lines[index]
    stripped = line[indent:]
    marker = 4 if stripped[:4] == "???+" else 3
    rest = stripped[marker:]
    title_match = admonition_title(rest) if '"' in rest else None
    title = title_match[1] if title_match else ""
    words = (rest[: title_match[0]] if title_match else rest).split()
    needed = _indent(line[:indent]) + 4
    has_body = False
    body: list[str] = []
    for number in range(index + 1, len(lines)):
        body_line = lines[number]
        if not body_line.strip():
            continue
        if _indent(body_line) < needed:
            break
        if not body and "<!--" not in body_line:  # the first body line has text: no need to read on
            has_body = True
            break
        body.append(body_line)
    if body:
        has_body = has_text("\n".join(body))
    kind = words[0].lower() if words else ""
    return Admonition(kind, title, index + 1, page.line_starts[index], has_body)


def has_text(chunk: str) -> bool:
    """True if text remains once HTML comments are removed (an unclosed comment counts as text)."""
    while "<!--" in chunk:
        start = chunk.index("<!--")
        end = chunk.find("-->", start)
        if end == -1:
            break
        chunk = chunk[:start] + chunk[end + 3 :]
    return bool(chunk.strip())


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
    attrs = _attr_list(text) if text.endswith("}") else None
    if attrs:
        found = _ATTR_ID.search(attrs[1])
        anchor = found.group(1) if found else None
        text = text[: attrs[0]].rstrip()
    return text, anchor


def _attr_list(text: str) -> tuple[int, str] | None:
    """A trailing `{: #id .class}` as re.search(r"[ \\t]*\\{:?[ \\t]*([^}\\n]*)\\}[ \\t]*$") finds it,
    (start, inside), in one pass (the expression rescanned from every `{`: quadratic on `{{{{...}`)."""
    stripped = text.rstrip(" \t")
    if not stripped.endswith("}") or "\n" in text:
        return None
    close = len(stripped) - 1
    opening = text.find("{", text.rfind("}", 0, close) + 1, close)
    if opening < 0:
        return None
    start = opening
    while start and text[start - 1] in " \t":
        start -= 1
    inside = text[opening + 1:close]
    inside = inside[1:] if inside.startswith(":") else inside
    return start, inside.lstrip(" \t")


def _find_citations(page: Page) -> None:
    text = page.text
    if text.find("@", page.body_start) == -1:
        return
    citations = page.citations
    for match in _CITATION.finditer(text, page.body_start):
        start = match.start()
        if page.is_excluded(start) or in_code_span(page, start):
            continue
        parts = [_CITE_KEY.match(part) for part in match.group(1).split(";")]
        if all(parts):
            line = page.line_at(start)
            citations.extend([Citation(part.group(1), line, start, match.end()) for part in parts])


def _find_unsafe_html(page: Page) -> None:
    text, body_start = page.text, page.body_start
    found: dict[tuple[str, int], int] = {}  # (what, line): offset, one finding per kind and line
    has_markup = text.find("<", body_start) != -1 or text.find("{", body_start) != -1
    has_url = text.find(":", body_start) != -1
    if has_markup or has_url:
        lowered = text.lower()
        patterns = _UNSAFE_LOWER
        if len(lowered) != len(text):
            lowered, patterns = text, _unsafe_any_case()
        if has_markup:
            _find_markup(page, lowered, patterns, found)
        if has_url:
            for kind in _URL_KINDS:
                for match in patterns[kind].finditer(lowered, body_start):
                    if not _hidden(page, match.start()):
                        found.setdefault((_URL_KINDS[kind], page.line_at(match.start())), match.start())
    if text.find("&", body_start) != -1:
        _find_encoded_urls(page, found)
    page.unsafe_html = [UnsafeHtml(what, line) for (what, line), _ in sorted(found.items(), key=lambda item: item[1])]


def _find_markup(page: Page, text: str, patterns: dict, found: dict[tuple[str, int], int]) -> None:
    """Unsafe elements and on*= attributes (in tags and in {: attr lists}) in `text` (lowercased)."""
    for kind in ("tag", "attr"):
        for match in patterns[kind].finditer(text, page.body_start):
            if _hidden(page, match.start()):
                continue
            offset = match.start()
            if kind == "tag" and match.group("name"):
                what = f"<{match.group('name').lower()}> element"
            elif kind == "tag" and match.group("meta"):
                what = "<meta http-equiv=refresh> element"
            else:
                group = "event" if kind == "tag" else "attr"
                offset = match.start(group)
                what = f"{match.group(group).lower()}= event attribute"
            found.setdefault((what, page.line_at(offset)), offset)


def _find_encoded_urls(page: Page, found: dict[tuple[str, int], int]) -> None:
    """javascript: and data:text/html URLs spelt with character references, line by line."""
    text, starts = page.text, page.line_starts
    position = text.find("&", page.body_start)
    while position != -1:
        index = bisect_right(starts, position) - 1
        line = page.lines[index]
        if _CHAR_REF.search(line):
            decoded, origin = _decode_references(line)
            lowered, patterns = decoded.lower(), _UNSAFE_LOWER
            if len(lowered) != len(decoded):
                lowered, patterns = decoded, _unsafe_any_case()
            for kind in _URL_KINDS:
                for match in patterns[kind].finditer(lowered):
                    offset = starts[index] + origin[match.start()]
                    if not _hidden(page, offset):
                        found.setdefault((_URL_KINDS[kind], index + 1), offset)
        position = text.find("&", starts[index] + len(line))


def _decode_references(line: str) -> tuple[str, list[int]]:
    """The line with character references decoded, and each decoded character's column in the line."""
    parts, origin, last = [], [], 0
    for match in _CHAR_REF.finditer(line):
        parts.append(line[last : match.start()])
        origin.extend(range(last, match.start()))
        decoded = unescape(match.group())
        parts.append(decoded)
        origin.extend([match.start()] * len(decoded))
        last = match.end()
    parts.append(line[last:])
    origin.extend(range(last, len(line)))
    return "".join(parts), origin


def _hidden(page: Page, offset: int) -> bool:
    """True if the offset is in code or a comment (not in an unclosed fence: that renders as text)."""
    unclosed = page.unclosed_fence
    in_unclosed = unclosed is not None and offset >= unclosed[0]
    return (page.is_excluded(offset) and not in_unclosed) or in_code_span(page, offset)


def in_code_span(page: Page, offset: int) -> bool:
    """True if the offset is inside an inline code span. As in Python-Markdown, a span may run over
    the lines of one paragraph (non-blank lines, up to a heading): a fence line that is not a
    fence (```text `x`) opens a span that the next ``` closes."""
    lines = page.lines
    first, last = _paragraph(page, page.line_at(offset) - 1)
    start = page.line_starts[first]
    block = page.text[start : page.line_starts[last] + len(lines[last])]
    if "`" not in block:
        return False
    column = offset - start
    spans = page.cache.get(("code", first))
    if spans is None:  # once per paragraph: a line of many citations and code spans stays linear
        spans = page.cache[("code", first)] = code_spans(block)
    index = bisect_right(spans, (column, float("inf"))) - 1
    return index >= 0 and spans[index][0] <= column < spans[index][1]


def _paragraph(page: Page, line: int) -> tuple[int, int]:
    """(first, last) line index of the paragraph holding line index `line`: non-blank lines up to a
    heading, which stands alone. Worked out once per page, in one pass (linear)."""
    bounds = page.cache.get("paragraphs")
    if bounds is None:
        lines, bounds, first = page.lines, [], 0
        while first < len(lines):
            last = first
            if lines[first].strip() and lines[first][:1] != "#":
                while last + 1 < len(lines) and lines[last + 1].strip() and lines[last + 1][:1] != "#":
                    last += 1
            bounds.extend([(first, last)] * (last - first + 1))
            first = last + 1
        page.cache["paragraphs"] = bounds
    return bounds[line]


_BACKTICKS = re.compile(r"`+")


def code_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) offsets of the inline code spans of a paragraph, in linear time.

    A run of backticks not preceded by a backslash opens a span that the next run of the same
    length closes (with at least one character between); an opener with no closer is text. Each
    length's list of runs is walked with one pointer that only moves forward, so unclosed runs cost
    nothing extra (a regex with a lazy body re-scans the rest of the text for each of them).
    """
    runs = [(match.start(), match.end()) for match in _BACKTICKS.finditer(text)]
    by_length: dict[int, list[int]] = {}
    for index, (start, end) in enumerate(runs):
        by_length.setdefault(end - start, []).append(index)
    pointer = dict.fromkeys(by_length, 0)
    spans: list[tuple[int, int]] = []
    index = 0
    while index < len(runs):
        start, end = runs[index]
        if start > 0 and text[start - 1] == "\\":
            index += 1
            continue
        length = end - start
        same, position = by_length[length], pointer[length]
        while position < len(same) and same[position] <= index:
            position += 1
        pointer[length] = position
        if position == len(same):
            index += 1
            continue
        closer = same[position]
        spans.append((start, runs[closer][1]))
        index = closer + 1
    return spans


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
