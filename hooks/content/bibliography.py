"""Load the bibliography (data/bibliography.yml): citable keys, their lines, and problems in the file."""

from __future__ import annotations

import re
from datetime import date

from .findings import Finding, did_you_mean
from .registry import describe
from .yamlnodes import load_data_file

describe(
    "BIB001", "bibliography-entry", "error", blocking=True,
    summary='bibliography file invalid or entry malformed (no key, authors or title)',
    fix='compare the entry with the others; every entry needs a key',
)
describe(
    "BIB002", "bibliography-duplicate", "error", blocking=True,
    summary='bibliography key appears twice',
    fix='keep one entry',
)


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
        return message + did_you_mean(key, self.keys)


def parse_bibliography(data: bytes) -> Bibliography:
    """Parse the bibliography file's bytes; problems in it become BIB001/BIB002 findings."""
    bibliography = Bibliography()
    located, unreadable = load_data_file(data, "BIB001", "bibliography")
    if unreadable:
        bibliography.findings.append(unreadable)
        return bibliography
    for path, line, first in located.duplicates:
        where = ".".join(str(part) for part in path)
        bibliography.findings.append(
            Finding(line, "BIB001", f'"{where}" is given twice (first on line {first}); YAML would keep only the last')
        )
    entries = located.data.get("references") if isinstance(located.data, dict) else None
    if not isinstance(entries, list):
        bibliography.findings.append(Finding(1, "BIB001", 'bibliography must be a mapping with a "references" list'))
        return bibliography
    for index, entry in enumerate(entries):
        line = located.line("references", index)
        key = entry.get("key") if isinstance(entry, dict) else None
        field_findings = _check_fields(located, index, entry) if isinstance(entry, dict) else []
        bibliography.findings.extend(field_findings)
        if not isinstance(key, str) or not key:
            bibliography.findings.append(Finding(line, "BIB001", 'bibliography entry has no "key" text'))
        elif not KEY.fullmatch(key):
            bibliography.findings.append(
                Finding(line, "BIB001", f'key "{key[:60]}" must be letters, digits, _ or - (at most 64, starting with a letter or digit)')
            )
        elif key in bibliography.keys:
            bibliography.findings.append(
                Finding(line, "BIB002", f'key "{key}" appears twice (first on line {bibliography.keys[key]})')
            )
        else:
            bibliography.keys[key] = line
            if entry.get("verified") is not True:
                bibliography.unverified.add(key)
            if not field_findings:  # the rendering sees only entries it can show safely
                bibliography.entries[key] = entry
    return bibliography


# The formats the rendering relies on (hooks/render/blocks/escape.py has the same patterns; a test keeps
# them equal): keys become anchors and link targets, DOIs and PubMed ids become addresses.
KEY = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,63}")
DOI = re.compile(r"10\.\d{4,9}/[-._;()/:A-Za-z0-9]{1,200}")
PMID = re.compile(r"[1-9][0-9]{0,9}")
URL = re.compile(r"https?://[A-Za-z0-9.-]+(?::[0-9]{1,5})?(?:[/?#][^\s<>\"\\^`{|}\x00-\x1f\x7f]*)?")
REQUIRED_TEXT = ("authors", "title")
OPTIONAL_TEXT = ("journal", "volume", "pages", "evidence_type", "finding", "notes", "verified_by")


def _check_fields(located, index: int, entry: dict) -> list[Finding]:
    """Types and formats of one entry's fields (what the rendering needs to stay safe)."""
    findings = []

    def bad(name: str, message: str) -> None:
        findings.append(Finding(located.line("references", index, name), "BIB001", f'"{name}" {message}'))

    for name in REQUIRED_TEXT:
        if not (isinstance(entry.get(name), str) and entry[name].strip()):
            bad(name, "must be text")
    for name in OPTIONAL_TEXT:
        value = entry.get(name)
        if value is not None and not isinstance(value, (str, int, date)) or isinstance(value, bool):
            bad(name, "must be text or null")
    year = entry.get("year")
    if year is not None and not (type(year) is int and 1000 <= year <= 9999):
        bad("year", "must be a four-digit year or null")
    doi = entry.get("doi")
    if doi is not None and not (isinstance(doi, str) and DOI.fullmatch(doi)):
        bad("doi", "must be a DOI like 10.1000/xyz123 or null")
    pmid = entry.get("pmid")
    if pmid is not None and (isinstance(pmid, bool) or not PMID.fullmatch(str(pmid))):
        bad("pmid", "must be a PubMed id (digits) or null")
    url = entry.get("url")
    if url is not None and not (isinstance(url, str) and len(url) <= 2000 and URL.fullmatch(url)):
        bad("url", "must be an http:// or https:// address (no spaces or quotes) or null")
    if "verified" in entry and not isinstance(entry["verified"], bool):
        bad("verified", "must be true or false")
    return findings
