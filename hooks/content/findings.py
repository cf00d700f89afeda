"""Problems and their output formats: text, GitHub annotations, JSON."""

from __future__ import annotations

import re
import difflib
import json
from collections import namedtuple
from collections.abc import Iterable


class SetupError(Exception):
    """The checker cannot run (schema or bibliography missing or unusable)."""


class Problem(namedtuple("Problem", "path line rule severity message")):
    """One finding. Sorting orders by path, then line, then rule."""

    __slots__ = ()


def sort_problems(problems: Iterable[Problem]) -> list[Problem]:
    """Problems sorted by file and line, duplicates removed."""
    return sorted(set(problems))


def count(problems: Iterable[Problem]) -> tuple[int, int]:
    """(errors, warnings). Notices are neither: they inform and never fail a check."""
    errors = warnings = 0
    for problem in problems:
        if problem.severity == "error":
            errors += 1
        elif problem.severity != "notice":
            warnings += 1
    return errors, warnings


def clean(text: object) -> str:
    """Text for one log line: line breaks and other control characters shown as escapes (\\n, \\x1b),
    so a file name or message can never print a second line, a terminal escape or a GitHub workflow
    command (`::error ...`), whatever a pull request named its files."""
    text = str(text)
    if not _CONTROL.search(text):
        return text
    return _CONTROL.sub(lambda match: _NAMED.get(match.group(), f"\\x{ord(match.group()):02x}" if ord(match.group()) < 256
                                                   else f"\\u{ord(match.group()):04x}"), text)


def clean_path(path: object) -> str:
    """A path for a log line: clean, and never starting with `::` (or any `:`)."""
    text = clean(path)
    return f"./{text}" if text.startswith(":") else text


def format_text(problem: Problem) -> str:
    """`path:line: RULE message` (warnings say so); one line, whatever the path or message hold."""
    label = "" if problem.severity == "error" else f"({problem.severity}) "
    return f"{clean_path(problem.path)}:{problem.line}: {clean(problem.rule)} {label}{clean(problem.message)}"


def format_github(problem: Problem) -> str:
    """A GitHub Actions workflow command that annotates the file and line in a pull request."""
    command = problem.severity if problem.severity in ("error", "notice") else "warning"
    return (
        f"::{command} file={_escape_property(problem.path)},line={problem.line},"
        f"title={_escape_property(problem.rule)}::{_escape_data(clean(problem.message.replace(chr(10), ' ')))}"
    )


def format_json(problems: Iterable[Problem], readings: dict | None = None) -> str:
    """A JSON list of objects with path, line, rule, severity, message.

    `readings` ({path: (line, Reading)}) adds one record per measured page with severity "info"
    (rule READ001: not a problem) and a "reading" object: grade, reading_age, ease, words,
    sentences. Problems are the records whose severity is "error" or "warning".
    """
    records = [problem._asdict() for problem in problems]
    for path, (line, reading) in (readings or {}).items():
        records.append({
            "path": path,
            "line": line,
            "rule": "READ001",
            "severity": "info",
            "message": f"reading level: grade {reading.grade:g} (reading age about {reading.reading_age:g}), "
            f"reading ease {reading.ease:g}, {reading.words} words",
            "reading": {**reading._asdict(), "reading_age": reading.reading_age},
        })
    records.sort(key=lambda record: (record["path"], record["line"], record["rule"], record["severity"] == "info"))
    return json.dumps(records, indent=2, ensure_ascii=False)


def render(problems: list[Problem], fmt: str, readings: dict | None = None) -> str:
    """All problems in one format, as one string (no trailing newline); JSON adds the readings."""
    if fmt == "json":
        return format_json(problems, readings)
    line = format_github if fmt == "github" else format_text
    return "\n".join(line(problem) for problem in problems)


def summary(pages: int, seconds: float, problems: list[Problem], replayed: bool = False) -> str:
    """`checked 17 pages in 0.04 s: 0 errors, 1 warning`; a replayed result (replay.py) says so."""
    errors, warnings = count(problems)
    notices = sum(problem.severity == "notice" for problem in problems)
    again = " (replayed: nothing the same check read has changed; --no-cache checks again)" if replayed else ""
    return (
        f"checked {pages} page{'s' * (pages != 1)} in {seconds:.2f} s{again}: "
        f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}"
        + (f", {notices} notice{'s' * (notices != 1)}" if notices else "")
    )


_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u0085]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape_data(text: str) -> str:
    text = str(text).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return _CONTROL.sub(lambda match: f"%{ord(match.group()):02X}" if ord(match.group()) < 256 else " ", text)


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


class Finding(namedtuple("Finding", "line rule message")):
    """A problem inside one file before the runner attaches path and severity (one per rule: its
    declared default or the schema's override)."""

    __slots__ = ()


# ---- the "did you mean" hint of every rule ------------------------------------------------------

def near_miss(wanted: str, candidates: Iterable[str]) -> str | None:
    """The candidate an editor most likely meant: same text ignoring case/spacing, else a close match."""
    candidates = list(candidates)
    folded = " ".join(wanted.split()).casefold()
    for candidate in candidates:
        if " ".join(candidate.split()).casefold() == folded:
            return candidate
    close = difflib.get_close_matches(wanted.casefold(), [c.casefold() for c in candidates], n=1, cutoff=0.75)
    if not close:
        return None
    return next(c for c in candidates if c.casefold() == close[0])


def did_you_mean(wanted: str, candidates: Iterable[str]) -> str:
    """' - did you mean "X"?' for the likeliest candidate (near_miss), or ''."""
    guess = near_miss(wanted, candidates)
    return f' - did you mean "{guess}"?' if guess else ""
