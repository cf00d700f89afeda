"""The page rules: one small function per rule id, each yielding Findings for one parsed page."""

from __future__ import annotations

import re
from collections import namedtuple
from datetime import date
from collections.abc import Callable, Iterable, Iterator

from hooks.content.page import MARKERS, Heading, Page, as_date, has_text, in_code_span
from hooks.content.yamlnodes import ImpossibleDate
from hooks.content.findings import Finding, near_miss
from .reading import measure, plain_text
from hooks.content.registry import rule
from hooks.content.schema import FieldSpec, Schema


class Context(namedtuple("Context", "schema bibliography today measure_all", defaults=(False,))):
    """What the rules need besides the page: the schema, the bibliography (or None), today's date,
    and whether READ001 measures pages without an answer too (for the JSON output's levels)."""

    __slots__ = ()


Rule = Callable[[Page, Context], Iterable[Finding]]


def page_type(page: Page, schema: Schema) -> str | None:
    """The page's type if it is a known one."""
    value = page.front.data.get("type") if page.front else None
    return value if type(value) is str and value in schema.types else None


# ---- front matter ---------------------------------------------------------------------------


@rule(
    "FM002", "required-field", "error",
    summary='required field missing',
    fix='add it (see the front matter table above)',
)
def rule_fm002_required_fields(page: Page, ctx: Context) -> Iterator[Finding]:
    """FM002: a field the page's type requires is missing (fields every type needs if type is unknown)."""
    if page.front is None:
        return
    kind = page_type(page, ctx.schema)
    data = page.front.data
    every_type = None if kind else frozenset(ctx.schema.types)
    unknown_keys = None
    for name, spec in ctx.schema.fields.items():
        if name in data or not (kind in spec.required if kind else spec.required == every_type):
            continue
        if unknown_keys is None:
            unknown_keys = [str(key) for key in data if key not in ctx.schema.fields]
        message = f'missing required field "{name}"' + (f" (type: {kind})" if kind else "")
        guess = near_miss(name, unknown_keys)
        if guess:
            message += f'; found "{guess}" on line {page.front.line_of(guess)} - did you mean it?'
        yield Finding(1, "FM002", message)


@rule(
    "FM004", "unknown-field", "error", blocking=True,
    summary="front matter field not in the schema's fields",
    fix='remove the field, or use one listed in the front matter table (a theme setting such as `template` is not allowed)',
)
def rule_fm004_unknown_fields(page: Page, ctx: Context) -> Iterator[Finding]:
    """FM004: a field the schema does not define (the theme would print some of them unescaped)."""
    if page.front is None:
        return
    fields = ctx.schema.fields
    for key in page.front.data:
        if key in fields:
            continue
        name = str(key)
        message = f'unknown front matter field "{_clip(name)}"; allowed: {", ".join(fields)}'
        guess = near_miss(name, list(fields)) if len(name) < 100 else None
        if guess:
            message += f' - did you mean "{guess}"?'
        yield Finding(page.front.line_of(key), "FM004", message)


# Text that would be markup where the theme prints front matter as it is (title in <title>, the h1
# and the navigation; description in a meta attribute): <, >, &, double quotes, control characters.
_MARKUP = re.compile(r'[<>&"\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]')
# A search query needs double quotes for phrases ("postherpetic neuralgia"); it is never printed
# into an attribute, but the rest of the markup characters stay out of it.
_QUERY_MARKUP = re.compile(r'[<>&\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]')


@rule(
    "FM005", "markup-in-front-matter", "error", fixed=True, blocking=True,
    summary='front matter text holds markup (<, >, &, double quotes or control characters)',
    fix="write plain words (use 'and' for &, single quotes for quotations)",
)
def rule_fm005_markup_in_text(page: Page, ctx: Context) -> Iterator[Finding]:
    """FM005: a text or word field holds markup characters (<, >, &, ", control characters); in a
    mapping or record field (`search`, `clinical_review`), every key and every text value is checked."""
    if page.front is None:
        return
    data = page.front.data
    search = _MARKUP.search
    for name, spec in ctx.schema.fields.items():
        value = data.get(name)
        if value is None:
            continue
        if spec.kind == "text" and isinstance(value, str):
            found = [(search(value), (), name)]
        elif spec.kind == "query" and isinstance(value, str):
            found = [(_QUERY_MARKUP.search(value), (), name)]
        elif spec.kind in ("words", "keys", "choices") and isinstance(value, list):
            found = [(search(item), (index,), name) for index, item in enumerate(value) if isinstance(item, str)]
        elif spec.kind in ("mapping", "record") and isinstance(value, dict):
            found = [(search(text), path, _dotted(name, path, part)) for text, path, part in _mapping_texts(value)]
        else:
            continue
        allowed = "<, >, & or control characters" if spec.kind == "query" else "<, >, &, double quotes or control characters"
        for match, path, label in found:
            if match:
                yield Finding(
                    page.front.located.line(name, *path),
                    "FM005",
                    f'field "{_clip(label)}" holds {match.group()!r}: front matter text is plain words, without markup '
                    f"(no {allowed})",
                )


def _mapping_texts(value: object, path: tuple = ()) -> Iterator[tuple[str, tuple, str]]:
    """Every key and text value inside a mapping (nested mappings and lists too), as
    (text, path to it, what it is: "key" or "value"); a key's path is the path of its value."""
    if isinstance(value, dict):
        for key, item in value.items():
            if isinstance(key, str):
                yield key, (*path, key), "key"
            yield from _mapping_texts(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _mapping_texts(item, (*path, index))
    elif isinstance(value, str):
        yield value, path, "value"


def _dotted(name: str, path: tuple, part: str) -> str:
    """How a message names a text inside a mapping field: "clinical_review.role" (its value) or
    "clinical_review" key "rol<e" (a key)."""
    dotted = ".".join([name, *(str(step) for step in path)])
    if part == "key":
        parent = ".".join([name, *(str(step) for step in path[:-1])])
        return f'{parent}" key "{path[-1]}'
    return dotted


def _clip(text: str, size: int = 60) -> str:
    return text if len(text) <= size else text[:size] + "..."


@rule(
    "FM003", "field-value", "error", blocking=True,
    summary='field has a wrong value or type',
    fix='use a value from the lists above; keep the description to 160 characters',
)
def rule_fm003_field_values(page: Page, ctx: Context) -> list[Finding]:
    """FM003: a field has a wrong type or value (choices, dates, lengths, lists)."""
    if page.front is None:
        return []
    findings: list[Finding] = []
    data = page.front.data
    for name, spec in ctx.schema.fields.items():
        if name in data:
            value = data[name]
            if not _valid(spec, value):
                findings.extend(_check_value(page, spec, value))
            elif spec.kind != "date" and (type(value) is ImpossibleDate or type(value) in (list, dict)):
                findings.extend(_impossible_dates(page, name, value))
    return findings


def _impossible_dates(page: Page, name: str, value: object) -> Iterator[Finding]:
    """Unquoted values that YAML reads as dates but are none: MkDocs would drop the whole front matter."""
    items = value if isinstance(value, list) else list(value.values()) if isinstance(value, dict) else [value]
    for item in items:
        if isinstance(item, ImpossibleDate):
            yield Finding(
                page.front.line_of(name), "FM003",
                f'field "{name}" holds {item}, which YAML reads as a date but is not one; '
                "quote it or correct it (the site engine could not read this front matter)",
            )


def _valid(spec: FieldSpec, value: object) -> bool:
    """True if _check_value would find nothing (the common case, checked without building messages)."""
    if value is None or value == "" or value == []:
        return False
    kind = spec.kind
    if kind in ("text", "query"):
        if kind == "query" and isinstance(value, str) and not value.strip():
            return False
        return isinstance(value, str) and not (spec.max_length and len(value) > spec.max_length)
    if kind == "choice":
        return isinstance(value, str) and value in spec.choices
    if kind == "date":
        return as_date(value) is not None
    if kind == "mapping":
        return isinstance(value, dict)
    if kind == "record":
        return (
            isinstance(value, dict)
            and len(value) == len(spec.parts)
            and all(part.name in value and _valid(part, value[part.name]) for part in spec.parts)
        )
    if not isinstance(value, list):
        return False
    if kind == "choices":
        choices = spec.choices
        return all(isinstance(item, str) and item and item in choices for item in value)
    return all(isinstance(item, str) and item for item in value)


def _check_value(page: Page, spec: FieldSpec, value: object, line: int | None = None,
                 name: str | None = None) -> Iterator[Finding]:
    """What is wrong with a field's value (or, given line and name, with one part of a record)."""
    line = page.front.line_of(spec.name) if line is None else line
    name = spec.name if name is None else name
    if spec.kind == "record" and isinstance(value, dict):
        yield from _check_record(page, spec, value)
    elif value is None or value == "" or value == [] or (spec.kind == "query" and isinstance(value, str) and not value.strip()):
        yield Finding(line, "FM003", f'field "{name}" is empty')
    elif spec.kind in ("text", "query"):
        if not isinstance(value, str):
            yield Finding(line, "FM003", f'field "{name}" must be text, not {_type_name(value)}')
        elif spec.max_length and len(value) > spec.max_length:
            yield Finding(
                line, "FM003", f'field "{name}" is {len(value)} characters long; at most {spec.max_length} allowed'
            )
    elif spec.kind == "choice":
        yield from _check_choice(line, name, value, spec.choices)
    elif spec.kind == "date":
        if as_date(value) is None:
            yield Finding(line, "FM003", f'field "{name}" has value {_show(value)}; expected a date like 2026-11-25')
    elif spec.kind == "mapping":
        if not isinstance(value, dict):
            yield Finding(line, "FM003", f'field "{name}" must be a mapping, not {_type_name(value)}')
    elif spec.kind == "record":
        parts = ", ".join(f"{part.name}: ..." for part in spec.parts)
        yield Finding(line, "FM003", f'field "{name}" must be a mapping ({{{parts}}}), not {_type_name(value)}')
    elif not isinstance(value, list):
        yield Finding(
            line, "FM003", f'field "{name}" must be a list (e.g. [{_example(spec)}]), not {_type_name(value)}'
        )
    else:
        for index, item in enumerate(value):
            item_line = page.front.line_of(name, index)
            if not isinstance(item, str) or not item:
                yield Finding(item_line, "FM003", f'field "{name}" item {_show(item)} must be a word')
            elif spec.kind == "choices":
                yield from _check_choice(item_line, name, item, spec.choices)


def _check_record(page: Page, spec: FieldSpec, value: dict) -> Iterator[Finding]:
    """A record field (e.g. clinical_review): every part present and valid, no other part."""
    names = [part.name for part in spec.parts]
    line = page.front.line_of(spec.name)
    if not value:
        yield Finding(line, "FM003", f'field "{spec.name}" is empty; it needs: {", ".join(names)}')
        return
    for part in spec.parts:
        if part.name not in value:
            yield Finding(line, "FM003", f'field "{spec.name}" lacks its part "{part.name}" (it needs: {", ".join(names)})')
        elif not _valid(part, value[part.name]):
            yield from _check_value(page, part, value[part.name], page.front.located.line(spec.name, part.name),
                                    f"{spec.name}.{part.name}")
    for key in value:
        if key in names:
            continue
        message = f'field "{spec.name}" has an unknown part "{_clip(str(key))}"; its parts are: {", ".join(names)}'
        guess = near_miss(str(key), names) if len(str(key)) < 100 else None
        yield Finding(page.front.located.line(spec.name, key), "FM003", message + (f' - did you mean "{guess}"?' if guess else ""))


def _check_choice(line: int, name: str, value: object, choices: tuple[str, ...]) -> Iterator[Finding]:
    if isinstance(value, str) and value in choices:
        return
    message = f'field "{name}" has value {_show(value)}; expected one of: {", ".join(choices)}'
    guess = near_miss(value, choices) if isinstance(value, str) else None
    if guess:
        message += f' - did you mean "{guess}"?'
    yield Finding(line, "FM003", message)


def _example(spec: FieldSpec) -> str:
    return spec.choices[0] if spec.choices else "word"


def _type_name(value: object) -> str:
    names = {bool: "true/false", int: "a number", float: "a number", str: "text", list: "a list", dict: "a mapping"}
    return names.get(type(value), "a date" if isinstance(value, date) else type(value).__name__)


def _show(value: object) -> str:
    text = value if isinstance(value, str) else str(value)
    return f'"{text[:60]}..."' if len(text) > 60 else f'"{text}"'


def _singular(word: str) -> str:
    """A word without its English plural ending: studies -> study, boxes -> box, effects -> effect."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("es") and word[:-2].endswith(("s", "x", "z", "ch", "sh")):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


@rule(
    "TAG001", "tags-few-and-one-form", "warning",
    summary="more than 4 tags on a page, or two tags that differ only by a plural",
    fix="keep at most 4 topics a reader would recognise, each in one form; search words go in the readers' "
        "vocabulary (data/vocabulary.yml)",
)
def rule_tag001_tags(page: Page, ctx: Context) -> Iterator[Finding]:
    """TAG001: too many tags (schema.yml `rules: TAG001: max`, default 4), or the same topic twice."""
    tags = page.front.data.get("tags") if page.front is not None else None
    if not isinstance(tags, list):
        return  # absent, or FM003
    most = ctx.schema.option("TAG001", "max", 4)
    if len(tags) > most:
        yield Finding(page.front.line_of("tags", most), "TAG001",
                      f"{len(tags)} tags; keep at most {most} (each tag is a chip readers see on the page)")
    seen: dict[tuple[str, ...], str] = {}
    for index, tag in enumerate(tags):
        if not isinstance(tag, str):
            continue
        key = tuple(_singular(word) for word in tag.casefold().split())
        if key in seen and seen[key] != tag:
            yield Finding(page.front.line_of("tags", index), "TAG001",
                          f'tags "{seen[key]}" and "{tag}" differ only by a plural; keep one form')
        seen.setdefault(key, tag)


# ---- sections -------------------------------------------------------------------------------


def _sections(page: Page) -> list[Heading]:
    sections = page.cache.get("sections")
    if sections is None:
        sections = page.cache["sections"] = [heading for heading in page.headings if heading.level == 2]
    return sections


def first_sections(page: Page) -> dict[str, Heading]:
    """The first level-2 heading of each text (cached on the page: several rules need it)."""
    first = page.cache.get("first_sections")
    if first is None:
        first = page.cache["first_sections"] = _first_by_text(_sections(page))
    return first


def _first_by_text(sections: list[Heading]) -> dict[str, Heading]:
    first: dict[str, Heading] = {}
    for heading in sections:
        if heading.text not in first:
            first[heading.text] = heading
    return first


def _required_sections(page: Page, ctx: Context) -> tuple[str | None, tuple[str, ...]]:
    """The page's type and its required sections in order; (None, ()) when the type is unknown
    (FM002/FM003 report that)."""
    kind = page_type(page, ctx.schema)
    return (kind, ctx.schema.types[kind]) if kind is not None else (None, ())


@rule(
    "SEC001", "missing-section", "error",
    summary='required section missing',
    fix='add the `##` heading, spelled exactly as in the table',
)
def rule_sec001_missing_sections(page: Page, ctx: Context) -> Iterator[Finding]:
    """SEC001: a required section is missing; a near miss (case, spacing, typo) gets a hint."""
    kind, required = _required_sections(page, ctx)
    if kind is None:
        return
    present = first_sections(page)
    for position, name in enumerate(required):
        if name in present:
            continue
        message = f'missing required section "{name}" (type: {kind})'
        others = [h for h in page.headings if h.text not in required]
        guess = near_miss(name, [h.text for h in others])
        if guess:
            found = next(h for h in others if h.text == guess)
            level = "" if found.level == 2 else f" (a level-{found.level} heading; use ##)"
            message += f'; found "{guess}"{level} on line {found.line} - did you mean it?'
        later = [present[n].line for n in required[position + 1 :] if n in present]
        yield Finding(later[0] if later else page.line_at(len(page.text.rstrip())), "SEC001", message)


@rule(
    "SEC002", "section-order", "error",
    summary='required sections out of order',
    fix='move them into the order of the table',
)
def rule_sec002_section_order(page: Page, ctx: Context) -> Iterator[Finding]:
    """SEC002: required sections are not in the schema's order.

    Only the fewest sections that need moving are reported: those outside the longest run of
    sections already in order.
    """
    kind, required = _required_sections(page, ctx)
    if kind is None:
        return
    present = first_sections(page)
    found = sorted((present[name] for name in required if name in present), key=lambda h: h.line)
    ranks = [required.index(h.text) for h in found]
    if ranks == sorted(ranks):
        return
    in_order = _longest_in_order(ranks)
    for position, heading in enumerate(found):
        if position in in_order:
            continue
        rank = required.index(heading.text)
        before = [h for i, h in enumerate(found) if i in in_order and required.index(h.text) < rank]
        after = [h for i, h in enumerate(found) if i in in_order and required.index(h.text) > rank]
        where = (
            f'after "{before[-1].text}" (line {before[-1].line})'
            if before
            else f'before "{after[0].text}" (line {after[0].line})'
        )
        yield Finding(heading.line, "SEC002", f'section "{heading.text}" is out of order: move it {where} (type: {kind})')


def _longest_in_order(ranks: list[int]) -> set[int]:
    """Positions of a longest increasing subsequence of `ranks` (a handful of items: O(n^2))."""
    if ranks == sorted(ranks):
        return set(range(len(ranks)))
    best = [1] * len(ranks)
    previous = [-1] * len(ranks)
    for i, rank in enumerate(ranks):
        for j in range(i):
            if ranks[j] < rank and best[j] + 1 > best[i]:
                best[i], previous[i] = best[j] + 1, j
    position = max(range(len(ranks)), key=best.__getitem__, default=-1)
    chosen = set()
    while position != -1:
        chosen.add(position)
        position = previous[position]
    return chosen


@rule(
    "SEC003", "empty-section", "error",
    summary='required section empty',
    fix='write the section',
)
def rule_sec003_empty_sections(page: Page, ctx: Context) -> Iterator[Finding]:
    """SEC003: a required section has no content (blank lines, comments and subheadings do not count)."""
    kind, required = _required_sections(page, ctx)
    if kind is None:
        return
    for heading in first_sections(page).values():
        if heading.text in required and not _section_has_text(page, heading):
            yield Finding(heading.line, "SEC003", f'required section "{heading.text}" is empty')


@rule(
    "SEC004", "duplicate-section", "error",
    summary='required section appears twice',
    fix='merge the two',
)
def rule_sec004_duplicate_sections(page: Page, ctx: Context) -> Iterator[Finding]:
    """SEC004: a required section heading appears more than once."""
    kind, required = _required_sections(page, ctx)
    if kind is None:
        return
    sections = _sections(page)
    first = first_sections(page)
    if len(first) == len(sections):
        return
    for heading in sections:
        if heading.text in required and first[heading.text] is not heading:
            yield Finding(
                heading.line,
                "SEC004",
                f'required section "{heading.text}" appears twice (first on line {first[heading.text].line})',
            )


@rule(
    "SEC005", "level-one-heading", "error",
    summary='level-1 heading in the body (the title comes from front matter)',
    fix="remove it, or make it a `##` section: the title is the page's heading",
)
def rule_sec005_level_one_heading(page: Page, ctx: Context) -> Iterator[Finding]:
    """SEC005: the body has a level-1 heading; the theme shows the front matter title as the H1."""
    for heading in page.headings:
        if heading.level == 1:
            yield Finding(
                heading.line,
                "SEC005",
                f'level-1 heading "{heading.text}" in the body; the title comes from front matter, '
                "so use ## for sections",
            )


def section_end(page: Page, heading: Heading) -> int:
    """Offset where a section ends: the next heading of the same or a higher level, or the end."""
    for other in page.headings:
        if other.start > heading.start and other.level <= heading.level:
            return other.start
    return len(page.text)


def _section_has_text(page: Page, heading: Heading) -> bool:
    """True if any stretch between this heading, its subheadings and the section end has text.

    Headings are sorted by start, so the section's stretches are the gaps between consecutive
    headings from this one up to the next heading of the same or a higher level.
    """
    headings, text = page.headings, page.text
    index = headings.index(heading)
    for following in range(index + 1, len(headings)):
        other = headings[following]
        if has_text(text[headings[following - 1].end : other.start]):
            return True
        if other.level <= heading.level:
            return False
    return has_text(text[headings[-1].end :])


# ---- caveats --------------------------------------------------------------------------------


@rule(
    "CAV001", "caveat-admonition", "error",
    summary='Caveats section has no admonition',
    fix='add a `!!! warning "..."` box with an indented body',
)
def rule_cav001_caveat_admonition(page: Page, ctx: Context) -> Iterator[Finding]:
    """CAV001: the Caveats section has no admonition of an allowed kind with a non-empty body."""
    name = ctx.schema.caveats_section
    heading = first_sections(page).get(name)
    if heading is None:
        return
    end = section_end(page, heading)
    inside = [a for a in page.admonitions if heading.end <= a.start < end]
    kinds = sorted(ctx.schema.caveat_kinds)
    good_kind = [a for a in inside if a.kind in ctx.schema.caveat_kinds]
    if any(a.has_body for a in good_kind):
        return
    if good_kind:
        first = good_kind[0]
        yield Finding(
            first.line,
            "CAV001",
            f'admonition "{first.kind}" in section "{name}" has an empty body; indent its text by 4 spaces',
        )
        return
    message = f'section "{name}" has no admonition; add one such as !!! warning "Title" with an indented body'
    if inside:
        message = (
            f'section "{name}" has no admonition of kind {", ".join(kinds)} '
            f'(found "{inside[0].kind}" on line {inside[0].line})'
        )
    yield Finding(heading.line, "CAV001", message)


# ---- citations ------------------------------------------------------------------------------


def _sources(page: Page) -> list[str] | None:
    """The `sources` list if it is a list of keys; [] if absent; None if malformed."""
    if page.front is None:
        return None
    value = page.front.data.get("sources", [])
    if value is None:
        return []
    if isinstance(value, list) and all(isinstance(key, str) for key in value):
        return value
    return None


@rule(
    "CIT001", "unknown-citation", "error",
    summary='citation key not in the bibliography',
    fix='correct the key',
)
def rule_cit001_unknown_keys(page: Page, ctx: Context) -> Iterator[Finding]:
    """CIT001: a cited or listed key is not a verified work in the bibliography."""
    bibliography = ctx.bibliography
    if bibliography is None:
        return
    for citation in page.citations:
        problem = bibliography.problem(citation.key)
        if problem:
            yield Finding(citation.line, "CIT001", f'citation [@{citation.key}]: {problem}')
    for index, key in enumerate(_sources(page) or []):
        problem = bibliography.problem(key)
        if problem:
            yield Finding(page.front.line_of("sources", index), "CIT001", f'sources key "{key}": {problem}')


@rule(
    "CIT002", "cited-not-in-sources", "error",
    summary='cited key missing from the front matter `sources`',
    fix='add the key to `sources` (or correct the citation)',
)
def rule_cit002_sources_match(page: Page, ctx: Context) -> Iterator[Finding]:
    """CIT002: a cited key is missing from `sources`."""
    sources = _sources(page)
    if sources is None:
        return
    seen: set[str] = set()
    for citation in page.citations:
        if citation.key not in seen and citation.key not in sources:
            yield Finding(citation.line, "CIT002", f'cited key "{citation.key}" is not listed in the front matter "sources"')
        seen.add(citation.key)


@rule(
    "CIT003", "source-never-cited", "warning",
    summary="a front matter `sources` key is never cited in the text",
    fix="cite it as `[@key]` where the page uses it, or remove it from `sources`",
)
def rule_cit003_source_never_cited(page: Page, ctx: Context) -> Iterator[Finding]:
    """CIT003: a `sources` key is never cited."""
    sources = _sources(page)
    if not sources:
        return
    cited = {citation.key for citation in page.citations}
    for index, key in enumerate(sources):
        if key not in cited:
            yield Finding(
                page.front.line_of("sources", index),
                "CIT003",
                f'sources key "{key}" is never cited in the text (cite it as [@{key}] or remove it)',
            )


# A citation's opening, "[@key" or "[@a; @b", with no closing bracket before the line ends: the
# renderer reads citations line by line and prints this one as it is written.
_OPEN_CITATION = re.compile(r"\[\s*@[^\]\n]*$", re.M)


@rule(
    "CIT004", "citation-left-open", "error",
    summary="a citation `[@key...` is left open at the end of a line (readers would see it raw)",
    fix="keep the whole citation, `[@a; @b]`, on one line: break the line before the `[` instead",
)
def rule_cit004_open_citation(page: Page, ctx: Context) -> Iterator[Finding]:
    """CIT004: `[@` with no `]` before the end of its line, outside code and comments."""
    text = page.text
    if text.find("[", page.body_start) == -1 or text.find("@", page.body_start) == -1:
        return

    for match in _OPEN_CITATION.finditer(text, page.body_start):
        start = match.start()
        if page.is_excluded(start) or in_code_span(page, start):
            continue
        yield Finding(page.line_at(start), "CIT004",
                      f'citation "{_clip(match.group().strip(), 40)}" is not closed on its line; '
                      "keep it on one line, e.g. [@a; @b]")


# ---- review dates ---------------------------------------------------------------------------


def _dates(page: Page) -> tuple[date | None, date | None]:
    if page.front is None:
        return None, None
    return as_date(page.front.data.get("reviewed")), as_date(page.front.data.get("next_review"))


@rule(
    "REV001", "review-overdue", "notice",
    summary='review overdue',
    fix='review the page and update both dates',
)
def rule_rev001_overdue(page: Page, ctx: Context) -> Iterator[Finding]:
    """REV001: `next_review` is in the past."""
    _, next_review = _dates(page)
    if next_review and next_review < ctx.today:
        yield Finding(
            page.front.line_of("next_review"),
            "REV001",
            f"review overdue: next_review {next_review} is before today ({ctx.today}); "
            "review the page and update reviewed and next_review",
        )


@rule(
    "REV002", "review-dates", "error",
    summary='review dates inconsistent',
    fix='`reviewed` not in the future; `next_review` after it, at most `review.max_years` (data/schema.yml) later',
)
def rule_rev002_inconsistent(page: Page, ctx: Context) -> Iterator[Finding]:
    """REV002: `reviewed` in the future, or `next_review` not after it or too far after it."""
    reviewed, next_review = _dates(page)
    if reviewed and reviewed > ctx.today:
        yield Finding(
            page.front.line_of("reviewed"), "REV002", f"reviewed {reviewed} is in the future (today is {ctx.today})"
        )
    if not (reviewed and next_review):
        return
    limit = _add_years(reviewed, ctx.schema.max_years)
    line = page.front.line_of("next_review")
    if next_review <= reviewed:
        yield Finding(line, "REV002", f"next_review {next_review} must be after reviewed {reviewed}")
    elif next_review > limit:
        yield Finding(
            line,
            "REV002",
            f"next_review {next_review} is more than {ctx.schema.max_years} years after reviewed {reviewed} "
            f"(latest allowed: {limit})",
        )


@rule(
    "LIT001", "search-date-future", "error",
    summary="evidence search date (`searched_to`) in the future",
    fix="set `searched_to` to the date the evidence was actually searched up to (today at the latest)",
)
def rule_lit001_search_date(page: Page, ctx: Context) -> Iterator[Finding]:
    """LIT001: `searched_to` (the date the evidence was searched up to) is in the future.

    A missing date or query is FM002, an empty query or a value that is no date FM003."""
    if page.front is None:
        return
    searched = as_date(page.front.data.get("searched_to"))
    if searched and searched > ctx.today:
        yield Finding(
            page.front.line_of("searched_to"), "LIT001",
            f"searched_to {searched} is in the future (today is {ctx.today}): give the date the evidence "
            "was actually searched up to",
        )


@rule(
    "REV004", "clinical-review-future", "error",
    summary="clinical review dated in the future",
    fix="record `clinical_review` only once the review has happened, with the day it was done",
)
def rule_rev004_clinical_review_date(page: Page, ctx: Context) -> Iterator[Finding]:
    """REV004: a record field's date (the clinical review's) is in the future: a review is recorded
    only once it has happened."""
    if page.front is None:
        return
    data = page.front.data
    for name, spec in ctx.schema.fields.items():
        value = data.get(name)
        if spec.kind != "record" or not isinstance(value, dict):
            continue
        for part in spec.parts:
            day = as_date(value.get(part.name)) if part.kind == "date" else None
            if day and day > ctx.today:
                yield Finding(
                    page.front.located.line(name, part.name),
                    "REV004",
                    f'{name}.{part.name} {day} is in the future (today is {ctx.today}); record a review only '
                    "once it has happened, with the day it was done",
                )


def _add_years(day: date, years: int) -> date:
    if day.year + years > date.max.year:
        return date.max
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


# ---- raw HTML -------------------------------------------------------------------------------


@rule(
    "HTML001", "unsafe-raw-html", "error", fixed=True,
    summary='unsafe raw HTML',
    fix='remove scripts, frames, embedded objects, forms, `on...=` attributes and `javascript:` links',
)
def rule_html001_unsafe_html(page: Page, ctx: Context) -> Iterator[Finding]:
    """HTML001: raw HTML that runs script or embeds content, outside code."""
    for unsafe in page.unsafe_html:
        yield Finding(
            unsafe.line, "HTML001", f"unsafe raw HTML: {unsafe.what} (pages must not run script or embed content)"
        )


# ---- reading level --------------------------------------------------------------------------


def reading_text(page: Page, ctx: Context) -> str:
    """The short answer and the reading section (schema `reading.section`) as plain sentences:
    code, comments, citations and link targets removed."""

    parts = []
    answer = page.front.data.get("answer") if page.front else None
    if isinstance(answer, str):
        parts.append(answer)
    heading = first_sections(page).get(ctx.schema.reading.section)
    if heading is not None:
        parts.append(unexcluded(page, heading.end, section_end(page, heading)))
    return plain_text("\n\n".join(parts)) if any(part.strip() for part in parts) else ""


def unexcluded(page: Page, start: int, end: int) -> str:
    """page.text[start:end] without fenced code and HTML comments."""
    pieces, position = [], start
    for low, high in page.excluded:
        if high <= position or low >= end:
            continue
        pieces.append(page.text[position:max(low, position)])
        position = max(position, high)
    pieces.append(page.text[position:end] if position < end else "")
    return "".join(pieces)


@rule(
    "READ001", "reading-level", "warning",
    summary='short answer and In short section above the reading level (Flesch-Kincaid grade)',
    fix='use shorter sentences and everyday words; explain a technical term or link the glossary',
)
def rule_read001_reading_level(page: Page, ctx: Context) -> Iterator[Finding]:
    """READ001: the short answer and "In short" read above the schema's grade (pages with an answer).

    Pages with an answer are measured, and with ctx.measure_all every page with such text; the level
    is kept in page.cache["reading"] for the JSON output. Only a page with an `answer` is held to the
    threshold. (Measuring loads textstat and a hyphenation dictionary: about 0.1 s, once.)
    """
    has_answer = page.front is not None and "answer" in page.front.data
    if not (has_answer or ctx.measure_all):
        return
    text = reading_text(page, ctx)
    if not text:
        return

    reading = measure(text)
    if reading is None:
        return
    page.cache["reading"] = reading
    limit = ctx.schema.reading.max_grade
    if reading.grade <= limit or not has_answer:
        return
    yield Finding(
        page.front.line_of("answer"),
        "READ001",
        f'the short answer and "{ctx.schema.reading.section}" read at grade {reading.grade:g} '
        f"(reading age about {reading.reading_age:g}); aim for grade {limit:g} or below "
        f"(reading age {limit + 5:g}): shorter sentences, everyday words, terms explained in the glossary "
        f"({reading.words} words in {reading.sentences} sentences, reading ease {reading.ease:g})",
    )


# ---- generated-content markers --------------------------------------------------------------


@rule(
    "MRK001", "unknown-marker", "error",
    summary='unknown name in a generated-content marker line',
    fix='use a marker name the message lists; the generated content replaces the line',
)
def rule_mrk001_unknown_marker(page: Page, ctx: Context) -> Iterator[Finding]:
    """MRK001: a `<!-- generated: NAME -->` line whose name the rendering does not know."""
    for name, index in page.markers:
        if name not in MARKERS:
            message = f'unknown generated-content marker "{name}"; known: {", ".join(MARKERS)}'
            guess = near_miss(name, MARKERS)
            yield Finding(index + 1, "MRK001", message + (f' - did you mean "{guess}"?' if guess else ""))


