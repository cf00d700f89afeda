"""Line-level Markdown helpers: code fences, inline code, markers, sections, relative links."""
from __future__ import annotations

import posixpath
import re

FENCE_OPEN = re.compile(r"^\s*(`{3,}|~{3,})")
BACKTICKS = re.compile(r"`+")
MARKER = "<!-- generated: {name} -->"


def code_mask(lines: list[str]) -> list[bool]:
    """For each line, True when it is part of a fenced code block (fence lines included)."""
    mask: list[bool] = []
    fence: str | None = None
    for line in lines:
        if fence is None:
            m = FENCE_OPEN.match(line)
            if m:
                fence = m.group(1)
                mask.append(True)
                continue
            mask.append(False)
        else:
            mask.append(True)
            stripped = line.strip()
            if stripped and set(stripped) == {fence[0]} and len(stripped) >= len(fence):
                fence = None
    return mask


def split_inline_code(line: str) -> list[tuple[str, bool]]:
    """Split one line into (text, is_code) pieces; a backtick run closes on a run of equal length.

    Linear time: each run length's list of runs is walked with one forward-only pointer, so a line
    of many unclosed or mismatched runs does not rescan the rest of the line for each of them."""
    runs = [(m.start(), m.end()) for m in BACKTICKS.finditer(line)]
    by_length: dict[int, list[int]] = {}
    for index, (start, end) in enumerate(runs):
        by_length.setdefault(end - start, []).append(index)
    pointer = dict.fromkeys(by_length, 0)
    pieces: list[tuple[str, bool]] = []
    text_start = index = 0
    while index < len(runs):
        start, end = runs[index]
        same, position = by_length[end - start], pointer[end - start]
        while position < len(same) and same[position] <= index:
            position += 1
        pointer[end - start] = position
        if position == len(same):
            index += 1
            continue
        close = runs[same[position]][1]
        if start > text_start:
            pieces.append((line[text_start:start], False))
        pieces.append((line[start:close], True))
        text_start, index = close, same[position] + 1
    if text_start < len(line):
        pieces.append((line[text_start:], False))
    return pieces


def map_prose(markdown: str, func) -> str:
    """Apply func to every piece of text outside fenced code blocks and inline code spans."""
    lines = markdown.split("\n")
    mask = code_mask(lines)
    out = []
    for line, in_code in zip(lines, mask):
        if in_code or "`" not in line:
            out.append(line if in_code else func(line))
            continue
        out.append("".join(piece if is_code else func(piece) for piece, is_code in split_inline_code(line)))
    return "\n".join(out)


def prose_text(markdown: str) -> str:
    """The Markdown with fenced code and inline code removed (for scanning)."""
    parts: list[str] = []
    map_prose(markdown, lambda piece: parts.append(piece) or piece)
    return "\n".join(parts)


def headings(markdown: str) -> list[tuple[int, int, str]]:
    """(line index, level, title without attribute list) of every heading outside code."""
    lines = markdown.split("\n")
    found = []
    for i, (line, in_code) in enumerate(zip(lines, code_mask(lines))):
        if in_code:
            continue
        heading = parse_heading(line)
        if heading:
            found.append((i, *heading))
    return found


def parse_heading(line: str) -> tuple[int, str] | None:
    """(level, title without trailing #s and {attribute list}) of an ATX heading line, else None.

    String operations only, linear in the line (a regex with a lazy title and optional trailing
    spaces took minutes on a heading of a few thousand spaces)."""
    if not line.startswith("#"):
        return None
    level = len(line) - len(line.lstrip("#"))
    rest = line[level:]
    if level > 6 or not rest[:1].isspace():
        return None
    title = rest.strip().rstrip("#").rstrip()
    if title.endswith("}"):
        opening = title.rfind("{")
        if opening != -1 and "}" not in title[opening + 1 : -1]:
            title = title[:opening]
    return level, title.strip()


def replace_marker(markdown: str, name: str, content: str) -> str:
    """Replace each line holding exactly the marker `<!-- generated: name -->` (outside code)."""
    marker = MARKER.format(name=name)
    lines = markdown.split("\n")
    out = []
    for line, in_code in zip(lines, code_mask(lines)):
        if not in_code and line.strip() == marker:
            out.append("\n" + content.strip("\n") + "\n")
        else:
            out.append(line)
    return "\n".join(out)


def has_marker(markdown: str, name: str) -> bool:
    marker = MARKER.format(name=name)
    lines = markdown.split("\n")
    return any(not c and line.strip() == marker for line, c in zip(lines, code_mask(lines)))


def heading_level_before_marker(markdown: str, name: str) -> int:
    """The level of the last heading above the marker (0 when none)."""
    marker = MARKER.format(name=name)
    lines = markdown.split("\n")
    mask = code_mask(lines)
    at = next((i for i, (line, c) in enumerate(zip(lines, mask)) if not c and line.strip() == marker), len(lines))
    above = [lvl for idx, lvl, _ in headings(markdown) if idx < at]
    return above[-1] if above else 0


def _section_bounds(markdown: str, title: str, level: int = 2) -> tuple[int, int] | None:
    """Line range [start, end) of the first section with this title at this level."""
    hs = headings(markdown)
    n = len(markdown.split("\n"))
    for pos, (idx, lvl, text) in enumerate(hs):
        if lvl == level and text == title:
            end = next((j for j, l2, _ in hs[pos + 1:] if l2 <= level), n)
            return idx, end
    return None


def append_to_section(markdown: str, title: str, text: str, level: int = 2) -> str:
    """Append text at the end of the `## title` section; unchanged when there is no such section."""
    bounds = _section_bounds(markdown, title, level)
    if bounds is None:
        return markdown
    lines = markdown.split("\n")
    start, end = bounds
    while end - 1 > start and not lines[end - 1].strip():
        end -= 1
    block = ["", *text.strip("\n").split("\n"), ""]
    return "\n".join(lines[:end] + block + lines[end:])


def insert_after_section(markdown: str, title: str, text: str, level: int = 2) -> str:
    """Insert text after the `## title` section (before the next heading of that level or higher);
    at the top of the page when there is no such section."""
    bounds = _section_bounds(markdown, title, level)
    lines = markdown.split("\n")
    block = text.strip("\n").split("\n")
    if bounds is None:
        return "\n".join(block + [""] + lines)
    end = bounds[1]
    return "\n".join(lines[:end] + [""] + block + [""] + lines[end:])


def relative_link(from_page: str, target: str) -> str:
    """A link from one docs page (path under docs/) to another path (optionally with #anchor)."""
    path, _, anchor = target.partition("#")
    base = posixpath.dirname(from_page)
    rel = posixpath.relpath(path, base or ".") if path else ""
    if path and path == from_page:
        rel = ""
    if not rel:
        return "#" + anchor if anchor else posixpath.basename(path)
    return rel + ("#" + anchor if anchor else "")


def md_escape(text: str, table: bool = False) -> str:
    """Plain data text shown literally in Markdown (no HTML, links, emphasis or {: attributes})."""
    from .escape import markdown  # the one escaping helper for Markdown text
    return markdown(text, table)
