"""Linear-time readers for three line shapes whose regular expressions backtracked catastrophically
on hostile input (issue 19): a fence's info string, an admonition title, and a snippet line with its
line-range suffix. Each returns exactly what the regular expression it replaces returned (kept below
as REFERENCE for tests/test_bounded.py, which compares them on generated lines), in one pass.
"""

from __future__ import annotations

import re

# What each function replaces (never run on page text: exponential or cubic on hostile lines).
REFERENCE = {
    "fence": r"""(?x)
    (?P<fence>~{3,}|`{3,})
    (?:[ \t]*\.?(?P<lang>[\w#.+-]+)(?=[\t ]|$))?
    (?:
        [ \t]*(\{(?P<attrs>[^\n]*)\}) |
        (?P<options>(?:(?:[ \t]*[a-zA-Z][a-zA-Z0-9_]*(?:=(?P<quot>"|').*?(?P=quot))?)(?=[\t ]|$))+) |
        (?P<unrecognized>(?:([ \t]*[^\s]+)(?=[\t ]|$))+)
    )?[ \t]*$
    """,
    "admonition_title": r'"(.*)"\s*$',
    "snippet_line": r"""\s*(;*)-+8<-+(?:[ \t]+("(?:\\"|[^"])+?"|'(?:\\'|[^'])+?'))?[ \t]*$""",
    "line_range": r"(?::-?[0-9]*(?:,-?[0-9]*)*)+$",
}

_LANG = re.compile(r"\.?[\w#.+-]+")  # one token, matched whole (fullmatch): linear
_NAME_START = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
_NAME_CHARS = _NAME_START | frozenset("0123456789_")
_BLANK = " \t"


def fence_opens(stripped: str) -> bool:
    """True when `stripped` (a line without its indent) opens a fence as pymdownx.superfences reads it:
    REFERENCE["fence"] matches and its `unrecognized` group is empty."""
    size = len(stripped) - len(stripped.lstrip(stripped[:1]))
    if size < 3 or stripped[:1] not in "`~":
        return False
    rest = stripped[size:]
    # the language: the first token, whole, followed by a blank or the end
    head = rest.lstrip(_BLANK)
    token_end = len(head)
    for index, char in enumerate(head):
        if char in _BLANK:
            token_end = index
            break
    if token_end and _LANG.fullmatch(head, 0, token_end) and "\n" not in head[:token_end]:
        rest = head[token_end:]
    tail = rest.rstrip(_BLANK)
    if not tail:
        return True
    if tail.lstrip(_BLANK).startswith("{") and tail.endswith("}") and "\n" not in tail:
        return True
    return _options(rest)


def _options(text: str) -> bool:
    """Whether `text` is one or more key or key="value" options (then only blanks), in one pass."""
    length = len(text)
    closing = {quote: [j for j in range(length) if text[j] == quote and (j + 1 == length or text[j + 1] in _BLANK)]
               for quote in "\"'"}
    if "\n" in text:
        return False
    reachable = [False] * (length + 1)
    reachable[0] = True
    done: set[str] = set()
    blank_tail = length  # the blanks at the end start here
    while blank_tail and text[blank_tail - 1] in _BLANK:
        blank_tail -= 1
    for start in range(length + 1):
        if not reachable[start]:
            continue
        if start and start >= blank_tail:
            return True
        position = start
        while position < length and text[position] in _BLANK:
            position += 1
        if position == length or text[position] not in _NAME_START:
            continue
        end = position + 1
        while end < length and text[end] in _NAME_CHARS:
            end += 1
        if end == length or text[end] in _BLANK:
            reachable[end] = True
        elif text[end] == "=" and end + 1 < length and text[end + 1] in "\"'" and text[end + 1] not in done:
            quote = text[end + 1]
            done.add(quote)  # later starts would reach a subset of these ends
            for j in closing[quote]:
                if j >= end + 2:
                    reachable[j + 1] = True
    return False


def admonition_title(rest: str) -> tuple[int, str] | None:
    """REFERENCE["admonition_title"].search(rest): (start, title) or None."""
    last = len(rest.rstrip())
    if not last or rest[last - 1] != '"':
        return None
    first = rest.find('"')
    if first >= last - 1:
        return None
    return first, rest[first + 1:last - 1]


def snippet_line(line: str) -> tuple[str, str | None] | None:
    """REFERENCE["snippet_line"].fullmatch(line): (semicolons, quoted name with its quotes or None)."""
    text = line.lstrip()
    semicolons = len(text) - len(text.lstrip(";"))
    text = text[semicolons:]
    dashes = len(text) - len(text.lstrip("-"))
    if not dashes or text[dashes:dashes + 2] != "8<":
        return None
    text = text[dashes + 2:]
    after = len(text) - len(text.lstrip("-"))
    if not after:
        return None
    text = text[after:]
    if not text.strip(_BLANK):
        return (";" * semicolons, None) if "\n" not in text else None
    if text[:1] not in _BLANK:
        return None
    quoted = text.lstrip(_BLANK).rstrip(_BLANK)
    if len(quoted) < 3 or quoted[0] not in "\"'" or quoted[-1] != quoted[0] or "\n" in quoted:
        return None
    quote, inner = quoted[0], quoted[1:-1]
    for index, char in enumerate(inner):
        if char == quote and (index == 0 or inner[index - 1] != "\\"):
            return None
    return ";" * semicolons, quoted


_RANGE_CHARS = frozenset(":,-0123456789")


def strip_line_range(name: str) -> str:
    """REFERENCE["line_range"].sub("", name): drop a trailing `:1:3,5-` style line range."""
    start = len(name)
    while start and name[start - 1] in _RANGE_CHARS:
        start -= 1
    last_bad = start - 1  # a '-' not right after ':' or ',' cannot be inside the range
    for index in range(start, len(name)):
        if name[index] == "-" and (index == start or name[index - 1] not in ":,"):
            last_bad = index
    for index in range(max(start, last_bad + 1), len(name)):
        if name[index] == ":":
            return name[:index]
    return name
