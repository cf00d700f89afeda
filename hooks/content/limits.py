"""Size and depth limits, checked before anything parses a file (bounded work).

A hostile pull request can make a parser do unbounded work: a 4 MB paragraph keeps Python-Markdown
busy for minutes, a list nested 600 deep raises RecursionError in it, a YAML list nested 50,000 deep
overflows libyaml's stack (SIGSEGV), a fence line of 30 `a=""` options sends pymdownx.superfences'
regular expression into exponential backtracking. These limits are far above anything the reference
writes (its largest page is 25 KB, its longest line 320 characters, its deepest list 3 levels) and
far below what hurts. They run on the raw text first: a file over a limit is reported and parsed no
further, and since the gate runs the checker before either engine renders (the MkDocs hook in
on_config, `python -m hooks.build` before any engine), Python-Markdown never sees it.

  SIZE001  file larger than MAX_FILE_BYTES
  SIZE002  line longer than MAX_LINE
  SIZE003  paragraph (lines without a blank line between them) longer than MAX_PARAGRAPH, or with
           more than MAX_BRACKETS `[` or `<` (Python-Markdown's link, footnote, autolink and raw HTML
           patterns take time that grows with the square of these in a paragraph: 5,000 `[` take 4 s,
           1,700 `<a ` take 0.6 s), or a page with more than MAX_PAGE_BRACKETS of either
           (abbreviation definition lines, `*[X]: ...`, do not count)
  SIZE004  nesting deeper than MAX_DEPTH: Markdown lists and blockquotes; YAML (front matter and
           data files), counted before the YAML parser reads it; raw HTML elements left open (more
           than MAX_HTML_DEPTH: md_in_html recurses once per level, RecursionError at about 450)
  SIZE005  fence line the code-block extension cannot read in bounded time (longer than
           MAX_FENCE_LINE, or more than MAX_FENCE_OPTIONS options)
"""

from __future__ import annotations

import re

from .findings import Finding
from .registry import describe

describe(
    "SIZE001", "file-too-large", "error", fixed=True, blocking=True,
    summary='page or snippet larger than 100,000 bytes, or data file larger than 2,000,000 bytes (checked before it is parsed)',
    fix='split the page or data file into smaller ones',
)
describe(
    "SIZE002", "line-too-long", "error", fixed=True, blocking=True,
    summary='line longer than 5,000 characters (checked before the page is parsed)',
    fix='break the line up (a paragraph can run over many lines)',
)
describe(
    "SIZE003", "paragraph-too-long", "error", fixed=True, blocking=True,
    summary='paragraph longer than 20,000 characters (checked before the page is parsed)',
    fix='split it into shorter paragraphs with blank lines between them',
)
describe(
    "SIZE004", "nested-too-deep", "error", fixed=True, blocking=True,
    summary='lists, quotes or YAML nested more than 16 deep, or raw HTML more than 32 (checked before Markdown or YAML parses it)',
    fix='flatten the list',
)
describe(
    "SIZE005", "fence-line-too-long", "error", fixed=True, blocking=True,
    summary='fence line longer than 200 characters or with more than 8 options (the code-block extension cannot read it in bounded time)',
    fix='write the fence as ``` and a language name, with at most a few options',
)

MAX_FILE_BYTES = 100_000  # a page or snippet: the largest page is 25 KB; a build with a page this size of dense
# emphasis takes about 8 s on both engines (Python-Markdown, abbreviations, HTML scan and search index)
MAX_DATA_BYTES = 2_000_000  # a YAML data file
MAX_LINE = 5_000
MAX_PARAGRAPH = 20_000
MAX_BRACKETS = 100
MAX_PAGE_BRACKETS = 2_000
MAX_DEPTH = 16
MAX_HTML_DEPTH = 32
VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr", "param"})
MAX_FENCE_LINE = 200
MAX_FENCE_OPTIONS = 8


def file_size(size: int, what: str = "file", limit: int = MAX_FILE_BYTES) -> Finding | None:
    if size > limit:
        return Finding(1, "SIZE001", f"{what} is {size:,} bytes, over the limit of {limit:,}; split it")
    return None


def text_findings(text: str, lines: list[str], front_end: int = 0) -> list[Finding]:
    """Limits of a page or snippet's text (`lines` its lines; `front_end` the index of the line that
    closes the front matter, 0 if none). At most one finding per rule: the first place it is broken."""
    findings: list[Finding] = []
    size = len(text.encode("utf-8", "surrogatepass"))
    if (finding := file_size(size)) is not None:
        return [finding]
    seen: set[str] = set()

    def add(line: int, rule: str, message: str) -> None:
        if rule not in seen:
            seen.add(rule)
            findings.append(Finding(line, rule, message))

    paragraph, paragraph_start, brackets, angles, page_brackets, page_angles = 0, 0, 0, 0, 0, 0
    for index, line in enumerate(lines):
        number = index + 1
        length = len(line)
        if length > MAX_LINE:
            add(number, "SIZE002", f"line of {length:,} characters, over the limit of {MAX_LINE:,}; break it up")
        if line.strip():
            if not paragraph:
                paragraph_start = number
                brackets = angles = 0
            paragraph += length + 1
            if paragraph > MAX_PARAGRAPH:
                add(paragraph_start, "SIZE003",
                    f"paragraph of over {MAX_PARAGRAPH:,} characters (from this line); split it into shorter ones")
            count = line.count("[") if not _abbreviation(line) else 0
            brackets += count
            page_brackets += count
            count = line.count("<")
            angles += count
            page_angles += count
            if brackets > MAX_BRACKETS or angles > MAX_BRACKETS:
                add(paragraph_start, "SIZE003", f"paragraph with over {MAX_BRACKETS} [ or < (from this line); split it")
            elif page_brackets > MAX_PAGE_BRACKETS or page_angles > MAX_PAGE_BRACKETS:
                add(number, "SIZE003", f"over {MAX_PAGE_BRACKETS:,} [ or < in the file (at this line); split it")
        else:
            paragraph = 0
        if front_end and index <= front_end:
            continue
        depth = markdown_depth(line)
        if depth > MAX_DEPTH:
            add(number, "SIZE004", f"lists or quotes nested {depth} deep, over the limit of {MAX_DEPTH}")
        stripped = line.lstrip(" \t")
        if stripped[:3] in ("```", "~~~"):
            options = stripped.count("=")
            if len(stripped) > MAX_FENCE_LINE or options > MAX_FENCE_OPTIONS:
                add(number, "SIZE005", f"fence line of {len(stripped)} characters with {options} options: the limit is "
                                       f"{MAX_FENCE_LINE} characters and {MAX_FENCE_OPTIONS} options")
    if front_end:
        finding = yaml_depth(lines[1:front_end], first_line=2)
        if finding is not None:
            findings.append(finding)
    if "SIZE004" not in seen and "<" in text:
        finding = html_depth(text)
        if finding is not None:
            findings.append(finding)
    return findings


def html_depth(text: str) -> Finding | None:
    """SIZE004 if raw HTML elements are left open more than MAX_HTML_DEPTH deep (counted over the
    whole text, code included: an over-count only on pages that are unusual anyway)."""
    depth, position = 0, text.find("<")
    while position >= 0:
        closing = text[position + 1:position + 2] == "/"
        start = position + 1 + closing
        end = start
        while end < len(text) and end - start < 20 and (text[end].isalnum() or text[end] == "-"):
            end += 1
        name = text[start:end].lower()
        if name and name[0].isalpha() and name not in VOID:
            depth = max(0, depth - 1) if closing else depth + 1
            if depth > MAX_HTML_DEPTH:
                return Finding(text.count("\n", 0, position) + 1, "SIZE004",
                               f"HTML elements nested over {MAX_HTML_DEPTH} deep; close them or write Markdown")
        position = text.find("<", position + 1)
    return None


def _abbreviation(line: str) -> bool:
    """An abbreviation definition line (`*[NNT]: number needed to treat`), with no [ in its term."""
    if not line.startswith("*["):
        return False
    end = line.find("]:")
    return end > 2 and "[" not in line[2:end]


def markdown_depth(line: str) -> int:
    """How deep a line nests lists and blockquotes: its indent in steps of 4 columns, plus the list
    markers and `>` that open it (`> > - - x` is four levels)."""
    columns, position, length = 0, 0, len(line)
    while position < length and line[position] in " \t":
        columns += 4 - columns % 4 if line[position] == "\t" else 1
        position += 1
    depth = columns // 4
    while position < length:
        char = line[position]
        if char == ">":
            position += 1
        elif char in "-*+" and position + 1 < length and line[position + 1] in " \t":
            position += 2
        elif "0" <= char <= "9":  # an ordered list marker: digits, then . or ), then a blank
            end = position
            while end < length and "0" <= line[end] <= "9" and end - position < 10:
                end += 1
            if end + 1 < length and line[end] in ".)" and line[end + 1] in " \t":
                position = end + 2
            else:
                break
        elif char in " \t":
            position += 1
            continue
        else:
            break
        depth += 1
    return depth


_YAML_MARKS = re.compile(r"[\"'\[\]{}#]")  # what the character walk below acts on


def yaml_depth(lines: list[str], first_line: int = 1) -> Finding | None:
    """SIZE004 if YAML text nests deeper than MAX_DEPTH, measured without parsing it: flow brackets
    ([ and {) still open, plus block levels (indentation steps and `- ` or `? ` entries on a line).
    Quoted text is skipped, so brackets inside strings do not count."""
    flow = 0
    indents = [0]
    for index, line in enumerate(lines):
        content = line.lstrip(" ")
        if not content or content.startswith("#"):
            continue
        indent = len(line) - len(content)
        if not flow:
            while indents and indent < indents[-1]:
                indents.pop()
            if indent > indents[-1]:
                indents.append(indent)
        entries = 0
        position = 0
        while content[position:position + 2] in ("- ", "? ", "-\t") or content[position:] in ("-", "?"):
            entries += 1
            position += 2
            while position < len(content) and content[position] == " ":
                position += 1
        quote, previous = "", " "
        rest = content[position:] if _YAML_MARKS.search(content, position) else ""  # nothing to count
        for char in rest:
            if quote:
                if char == quote:
                    quote = ""
            elif char in "\"'" and previous in " \t[{,:":  # a quoted scalar starts (not an apostrophe)
                quote = char
            elif char in "[{":
                flow += 1
            elif char in "]}":
                flow = max(0, flow - 1)
            elif char == "#" and previous in " \t":
                break
            previous = char
            if flow > MAX_DEPTH:
                break
        depth = len(indents) + entries + flow
        if depth > MAX_DEPTH:
            return Finding(index + first_line, "SIZE004",
                           f"YAML nested {depth} deep, over the limit of {MAX_DEPTH} (checked before the YAML parser reads it)")
    return None
