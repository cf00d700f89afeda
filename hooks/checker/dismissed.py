"""Check the dismissed works (data/dismissed.yml), rules DIS001-DIS003.

The weekly evidence watch (python -m hooks.watch) reports new reviews, trials and guidelines for
each page. An editor either adds a work to the bibliography (verified) or dismisses it here, and
the watch never reports it again. Format:

    dismissed:
      - id: pmid:39000001          # or doi:10.1000/xyz (the DOI as Europe PMC gives it)
        reason: A trial of a herbal medicine, not of acupuncture.
        by: editor                 # a role, never a name
        date: 2026-12-04           # when it was dismissed; not in the future
"""
from __future__ import annotations

import re
from datetime import date

from hooks.content.findings import Finding
from hooks.content.registry import describe, rule
from hooks.content.yamlnodes import Located, load_data_file

FIELDS = ("id", "reason", "by", "date", "page")
ID = re.compile(r"(?:pmid:[1-9][0-9]{0,9}|doi:10\.[0-9]{4,9}/\S+)")
ROLES = ("editor", "clinical reviewer", "lead editor")


def normal_id(text: str) -> str:
    """An id as compared: `pmid:123` or `doi:10.x/y` in lower case (DOIs are case-insensitive)."""
    return text.strip().lower()


def work_ids(entry: dict) -> set[str]:
    """The ids of a bibliography entry (or any record with doi and pmid), as normal_id gives them."""
    ids = set()
    doi, pmid = entry.get("doi"), entry.get("pmid")
    if isinstance(doi, str) and doi.strip():
        ids.add(normal_id("doi:" + doi))
    if pmid is not None and not isinstance(pmid, bool) and str(pmid).strip():
        ids.add(normal_id(f"pmid:{pmid}"))
    return ids


def load_dismissed(data: bytes, today: date | None = None) -> tuple[dict[str, tuple[int, str | None]], list[Finding]]:
    """({normal id: (line, page or None)} of the valid entries, findings about the file); with
    `today`, a date after it is a finding too."""
    located, unreadable = load_data_file(data, "DIS001", "dismissed works")
    if unreadable:
        return {}, [unreadable]
    findings: list[Finding] = []
    for path, line, first in located.duplicates:
        where = ".".join(str(part) for part in path)
        findings.append(Finding(line, "DIS001", f'"{where}" is given twice (first on line {first}); YAML would keep only the last'))
    entries = located.data.get("dismissed") if isinstance(located.data, dict) else None
    if entries is None and isinstance(located.data, dict) and "dismissed" in located.data:
        entries = []  # `dismissed:` with nothing under it: no work dismissed yet
    if not isinstance(entries, list):
        return {}, findings + [Finding(1, "DIS001", 'dismissed works must be a mapping with a "dismissed" list')]
    ids: dict[str, tuple[int, str | None]] = {}
    for index, entry in enumerate(entries):
        problems = list(_check_entry(located, index, entry, today))
        findings.extend(problems)
        if problems:
            continue
        key, line = normal_id(entry["id"]), located.line("dismissed", index, "id")
        if key in ids:
            findings.append(Finding(line, "DIS002", f'"{entry["id"]}" is dismissed twice (first on line {ids[key][0]})'))
        else:
            ids[key] = (line, entry.get("page"))
    return ids, findings


def check_dismissed(data: bytes, cited: dict[str, str], today: date) -> list[Finding]:
    """All findings; `cited` maps the normal ids of the bibliography's works to their keys."""
    ids, findings = load_dismissed(data, today)
    for work, (line, _) in ids.items():
        if work in cited:
            findings.append(Finding(line, "DIS003", f'"{work}" is in the bibliography as "{cited[work]}": a work is cited or dismissed, not both'))
    return findings


def _check_entry(located: Located, index: int, entry: object, today: date | None):
    line = located.line("dismissed", index)
    if not isinstance(entry, dict):
        yield Finding(line, "DIS001", "entry must be a mapping with id, reason, by and date")
        return
    for key in entry:
        if key not in FIELDS:
            yield Finding(located.line("dismissed", index, key), "DIS001",
                          f'unknown field "{key}" (fields: {", ".join(FIELDS)})')
    work = entry.get("id")
    if not isinstance(work, str) or not ID.fullmatch(work.strip()):
        yield Finding(located.line("dismissed", index, "id"), "DIS001",
                      'id must be "pmid:" and the PubMed id, or "doi:" and the DOI (e.g. doi:10.1000/xyz)')
    for key in ("reason",):
        value = entry.get(key)
        if not isinstance(value, str) or not value.strip():
            yield Finding(located.line("dismissed", index, key), "DIS001", f'"{key}" must be text: why the work is not cited')
    by = entry.get("by")
    if by not in ROLES:
        yield Finding(located.line("dismissed", index, "by"), "DIS001",
                      f'"by" must be the role of who dismissed it, one of: {", ".join(ROLES)} (never a name)')
    when = entry.get("date")
    if not isinstance(when, date):
        yield Finding(located.line("dismissed", index, "date"), "DIS001", '"date" must be a date like 2026-12-04')
    elif today is not None and when > today:
        yield Finding(located.line("dismissed", index, "date"), "DIS001", f'"date" {when} is in the future (today is {today})')
    page = entry.get("page")
    if page is not None and (not isinstance(page, str) or not page.endswith(".md")):
        yield Finding(located.line("dismissed", index, "page"), "DIS001",
                      '"page" (optional) must be a page path under docs/, e.g. conditions/shingles.md')


@rule(
    "DIS001", "dismissed-malformed", "error", scope="project",
    summary="dismissed works (data/dismissed.yml): file invalid or entry malformed (id, reason, by, date)",
    fix="compare the entry with the others: `id` as pmid:DIGITS or doi:10.x/y, a reason, the role of who "
        "dismissed it, a date not in the future",
)
def check_dismissed_works(checker):
    """DIS001-DIS003: data/dismissed.yml (nothing when there is no such file)."""
    path = checker.project.dismissed_path
    shown = checker.project.display(path)
    try:
        data = checker.content.data_bytes(path)
    except OSError as exc:
        yield shown, Finding(1, "DIS001", f"cannot read dismissed works: {exc}")
        return
    if data is None:
        return
    bibliography = checker.context.bibliography
    cited = {work: key for key, entry in (bibliography.entries.items() if bibliography else ())
             for work in work_ids(entry)}
    for finding in check_dismissed(data, cited, checker.context.today):
        yield shown, finding


describe(
    "DIS002", "dismissed-twice", "error",
    summary="dismissed works: id appears twice",
    fix="keep one entry",
)
describe(
    "DIS003", "dismissed-but-cited", "error",
    summary="dismissed works: the work is in the bibliography",
    fix="a work is either cited or dismissed: remove the entry from `data/dismissed.yml`, or the work from the "
        "bibliography",
)
