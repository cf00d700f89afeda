"""Check the claims ledger (data/claims.yml) against its own vocabularies, the schema, the
bibliography and the pages (rules CLM001-CLM007). The format is described at the top of data/claims.yml."""

from __future__ import annotations

from collections import namedtuple
from collections.abc import Iterator

from hooks.content.bibliography import Bibliography
from hooks.content.findings import Finding, did_you_mean
from hooks.content.registry import describe
from hooks.content.schema import Schema
from hooks.content.yamlnodes import Located, load_data_file

describe(
    "CLM001", "ledger-entry", "error", blocking=True,
    summary='claims ledger: entry missing a field or wrong type',
    fix='complete the entry in `data/claims.yml`',
)
describe(
    "CLM002", "ledger-vocabulary", "error", blocking=True,
    summary='claims ledger: verdict, certainty or evidence kind not in vocabulary',
    fix='use a value from the lists',
)
describe(
    "CLM003", "ledger-unknown-key", "error",
    summary='claims ledger: key not in the bibliography',
    fix='cite only verified works',
)
describe(
    "CLM004", "ledger-page", "error",
    summary='claims ledger: page or anchor does not exist',
    fix="correct the link, or keep the heading's `{#anchor}`",
)
describe(
    "CLM005", "ledger-coverage", "error",
    summary='claims ledger: a page of a ledger type (evidence, mechanism) named by no entry',
    fix='add an entry for the claim the page examines',
)
describe(
    "CLM006", "ledger-duplicate-id", "error", blocking=True,
    summary='claims ledger: duplicate id',
    fix='give each entry its own id',
)
describe(
    "CLM007", "ledger-section", "error", blocking=True,
    summary='claims ledger: section not declared',
    fix='use a section listed at the top of the file',
)

TEXT_FIELDS = ("id", "section", "claim", "verdict", "certainty", "reason", "page")
LIST_FIELDS = ("evidence", "sources")


class PageInfo(namedtuple("PageInfo", "type anchors")):
    """What the ledger needs to know of a page: its type (str or None) and its headings' anchors."""

    __slots__ = ()


def check_ledger(
    data: bytes,
    schema: Schema,
    bibliography: Bibliography | None,
    pages: dict[str, PageInfo],
    focus: set[str] | None = None,
    loaded: tuple | None = None,
) -> list[Finding]:
    """All ledger findings. `pages` maps paths relative to docs/ (POSIX) to PageInfo.

    With `focus` (docs-relative pages a change touches), only what those pages take part in: every
    problem of the entries naming them (CLM001-CLM004, CLM006, CLM007) and their coverage (CLM005).
    The ledger's other problems are reported when the ledger itself is checked.
    """
    located, unreadable = loaded if loaded is not None else load_data_file(data, "CLM001", "claims ledger")
    if unreadable:
        return [unreadable]
    if not isinstance(located.data, dict):
        return [Finding(1, "CLM001", "claims ledger must be a mapping with verdicts, sections and claims")]
    findings = [
        Finding(line, "CLM001", f'"{".".join(map(str, path))}" is given twice (first on line {first}); YAML would keep only the last')
        for path, line, first in located.duplicates
    ]
    findings += list(_check_structure(located))
    if findings:
        return findings if focus is None else []
    verdicts = set(located.data["verdicts"])
    sections = {section["id"] for section in located.data["sections"]}
    seen: dict[str, int] = {}
    named: set[str] = set()
    for index, entry in enumerate(located.data["claims"]):
        entry_findings = list(_check_entry_fields(located, index, entry))
        target = entry.get("page") if isinstance(entry, dict) else None
        keep = focus is None or (isinstance(target, str) and target.partition("#")[0] in focus)
        if isinstance(target, str):  # an entry still being filled in names its page (no CLM005 too)
            named.add(target.partition("#")[0])
        if entry_findings:
            findings.extend(entry_findings if keep else [])
            continue
        checks = list(_check_id(located, index, entry["id"], seen))
        if keep:
            checks += _check_vocabularies(located, index, entry, verdicts, sections, schema)
            checks += _check_sources(located, index, entry["sources"], bibliography)
            checks += _check_page(located, index, entry["page"], pages)
            findings.extend(checks)
    covered = pages if focus is None else {path: info for path, info in pages.items() if path in focus}
    findings.extend(_check_coverage(located, named, covered, schema.types_with("ledger")))
    return findings


def _check_structure(located: Located) -> Iterator[Finding]:
    data = located.data
    verdicts, sections, claims = data.get("verdicts"), data.get("sections"), data.get("claims")
    if not isinstance(verdicts, dict) or not verdicts:
        yield Finding(located.line("verdicts"), "CLM001", '"verdicts" must be a mapping of verdict words')
    else:
        for word, spec in verdicts.items():
            if not _text(word):
                yield Finding(located.line("verdicts"), "CLM001", f"verdict {word!r} must be a word")
            elif not (isinstance(spec, dict) and _text(spec.get("label")) and _text(spec.get("meaning"))):
                yield Finding(
                    located.line("verdicts", word), "CLM001", f'verdict "{word}" needs a "label" and a "meaning" text'
                )
    if not isinstance(sections, list) or not sections:
        yield Finding(located.line("sections"), "CLM001", '"sections" must be a list of {id, title}')
    else:
        for index, section in enumerate(sections):
            if not (isinstance(section, dict) and _text(section.get("id")) and _text(section.get("title"))):
                yield Finding(located.line("sections", index), "CLM001", 'each section needs an "id" and a "title" text')
    if not isinstance(claims, list):
        yield Finding(located.line("claims"), "CLM001", '"claims" must be a list of entries')


def _check_entry_fields(located: Located, index: int, entry: object) -> Iterator[Finding]:
    line = located.line("claims", index)
    if not isinstance(entry, dict):
        yield Finding(line, "CLM001", "claim entry must be a mapping of fields")
        return
    label = f'claim "{entry["id"]}"' if _text(entry.get("id")) else f"claim entry {index + 1}"
    for name in TEXT_FIELDS + LIST_FIELDS:
        if name not in entry:
            yield Finding(line, "CLM001", f'{label} has no field "{name}"')
            continue
        value = entry[name]
        good = _text(value) if name in TEXT_FIELDS else isinstance(value, list) and all(map(_text, value))
        if not good or (name == "evidence" and not value):
            wanted = "text" if name in TEXT_FIELDS else "a list of words"
            yield Finding(located.line("claims", index, name), "CLM001", f'{label}: field "{name}" must be {wanted}')


def _check_id(located: Located, index: int, claim_id: str, seen: dict[str, int]) -> Iterator[Finding]:
    line = located.line("claims", index, "id")
    if claim_id in seen:
        yield Finding(line, "CLM006", f'claim id "{claim_id}" is used twice (first on line {seen[claim_id]})')
    else:
        seen[claim_id] = line


def _check_vocabularies(
    located: Located, index: int, entry: dict, verdicts: set[str], sections: set[str], schema: Schema
) -> Iterator[Finding]:
    where = f'claim "{entry["id"]}"'
    if entry["section"] not in sections:
        yield Finding(
            located.line("claims", index, "section"),
            "CLM007",
            f'{where}: section "{entry["section"]}" is not one of the ledger\'s sections: {", ".join(sorted(sections))}',
        )
    checks = [("verdict", entry["verdict"], sorted(verdicts), None), ("certainty", entry["certainty"], None, None)]
    checks += [("evidence", kind, None, item) for item, kind in enumerate(entry["evidence"])]
    for name, value, allowed, item in checks:
        allowed = allowed or list(schema.choices(name))
        if value not in allowed:
            path = ("claims", index, name) if item is None else ("claims", index, name, item)
            yield Finding(
                located.line(*path),
                "CLM002",
                f'{where}: {name} "{value}" is not one of: {", ".join(allowed)}' + did_you_mean(value, allowed),
            )


def _check_sources(
    located: Located, index: int, sources: list[str], bibliography: Bibliography | None
) -> Iterator[Finding]:
    if bibliography is None:
        return
    for item, key in enumerate(sources):
        problem = bibliography.problem(key)
        if problem:
            yield Finding(located.line("claims", index, "sources", item), "CLM003", f"source {problem}")


def _check_page(located: Located, index: int, target: str, pages: dict[str, PageInfo]) -> Iterator[Finding]:
    line = located.line("claims", index, "page")
    path, _, anchor = target.partition("#")
    info = pages.get(path)
    if info is None:
        yield Finding(line, "CLM004", f'page "{path}" does not exist under docs/' + did_you_mean(path, _near_pages(path, pages)))
    elif anchor and anchor not in info.anchors:
        yield Finding(
            line,
            "CLM004",
            f'anchor "#{anchor}" not found on {path} (give a heading {{#{anchor}}})' + did_you_mean(anchor, sorted(info.anchors)),
        )


def _check_coverage(
    located: Located, named: set[str], pages: dict[str, PageInfo], named_types: frozenset[str]
) -> Iterator[Finding]:
    """Every page of a type with the schema trait `ledger` is named by an entry."""
    for path, info in sorted(pages.items()):
        if info.type in named_types and path not in named:
            yield Finding(
                located.line("claims"), "CLM005", f'{info.type} page "{path}" is named by no claim in the ledger'
            )


def _near_pages(path: str, pages: dict[str, PageInfo]) -> list[str]:
    """Pages worth comparing with a missing one: all of a small site; on a large site (where comparing
    with every page is slow) those in the same folder or with the same file name."""
    if len(pages) <= 200:
        return list(pages)
    folder, _, name = path.rpartition("/")
    return [page for page in pages if page.rpartition("/")[0] == folder or page.rpartition("/")[2] == name]


def _text(value: object) -> bool:
    return isinstance(value, str) and bool(value.strip())
