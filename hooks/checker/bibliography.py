"""Load the bibliography (data/bibliography.yml): citable keys, their lines, and problems in the file."""

from __future__ import annotations


import yaml

from .report import Finding
from .rules_table import declare
from .yamlnodes import error_line, error_reason, load_located

RULES = declare(__name__, "BIB001", "BIB002")


class Bibliography:
    """Keys with the line of their entry; unverified keys are known but not citable."""

    def __init__(self) -> None:
        self.keys: dict[str, int] = {}
        self.unverified: set[str] = set()
        self.findings: list[Finding] = []
        self.entries: dict[str, dict] = {}  # key: entry, for every entry the rendering can show

    def problem(self, key: str) -> str | None:
        """Why a key cannot be cited, or None if it can."""
        if key in self.unverified:
            return f'"{key}" is not verified in the bibliography and must not be cited'
        if key in self.keys:
            return None
        message = f'"{key}" is not in the bibliography (data/bibliography.yml)'
        import difflib  # only for a hint; keeps start-up short

        close = difflib.get_close_matches(key, list(self.keys), n=1, cutoff=0.75)
        return message + (f' - did you mean "{close[0]}"?' if close else "")

    def citable(self, key: str) -> bool:
        """True if the key names a verified work."""
        return key in self.keys and key not in self.unverified


def parse_bibliography(data: bytes) -> Bibliography:
    """Parse the bibliography file's bytes; problems in it become BIB001/BIB002 findings."""
    bibliography = Bibliography()
    try:
        located = load_located(data.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        bibliography.findings.append(
            Finding(data.count(b"\n", 0, exc.start) + 1, "BIB001", "bibliography is not valid UTF-8")
        )
        return bibliography
    except (yaml.YAMLError, ValueError, TypeError, RecursionError) as exc:
        bibliography.findings.append(
            Finding(error_line(exc), "BIB001", f"bibliography is not valid YAML: {error_reason(exc)}")
        )
        return bibliography
    entries = located.data.get("references") if isinstance(located.data, dict) else None
    if not isinstance(entries, list):
        bibliography.findings.append(Finding(1, "BIB001", 'bibliography must be a mapping with a "references" list'))
        return bibliography
    for index, entry in enumerate(entries):
        line = located.line("references", index)
        key = entry.get("key") if isinstance(entry, dict) else None
        if not isinstance(key, str) or not key:
            bibliography.findings.append(Finding(line, "BIB001", 'bibliography entry has no "key" text'))
        elif key in bibliography.keys:
            bibliography.findings.append(
                Finding(line, "BIB002", f'key "{key}" appears twice (first on line {bibliography.keys[key]})')
            )
        else:
            bibliography.keys[key] = line
            if entry.get("verified") is not True:
                bibliography.unverified.add(key)
            missing = [field for field in SHOWN_FIELDS if not _text(entry.get(field))]
            if missing:
                bibliography.findings.append(Finding(
                    located.line("references", index, missing[0]), "BIB001",
                    f'entry "{key}" has no "{missing[0]}" text (citations and reference lists show it)',
                ))
            elif entry.get("year") is not None and not _text(entry["year"]) and type(entry["year"]) is not int:
                bibliography.findings.append(Finding(
                    located.line("references", index, "year"), "BIB001",
                    f'entry "{key}": "year" must be a year or null (not seen), not {entry["year"]!r}',
                ))
            else:
                bibliography.entries[key] = entry
    return bibliography


SHOWN_FIELDS = ("authors", "title")  # what every citation and reference entry shows (year may be null: n.d.)


def _text(value: object) -> bool:
    return isinstance(value, str) and bool(value.strip())
