"""Check the readers' vocabulary (data/vocabulary.yml), rules VOC001-VOC004.

The file maps the words readers type to a term of the reference and the pages that explain it; the
Markdown extension hooks/render/vocabulary.py adds those words to the pages' search index. Format:

    terms:
      - term: neuropathic pain              # the reference's word, found on every page listed
        phrases: [pins and needles, tingling]   # what readers type; each phrase in one entry only
        pages: [neuropathic-pain.md]        # paths under docs/
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from hooks.content.findings import Finding, near_miss
from hooks.content.registry import describe
from hooks.content.yamlnodes import Located, load_data_file

describe(
    "VOC001", "vocabulary-entry", "error",
    summary="readers' vocabulary: file invalid or entry malformed",
    fix='compare the entry with the others in `data/vocabulary.yml`: a term, a list of phrases, a list of pages',
)
describe(
    "VOC002", "vocabulary-duplicate", "error",
    summary="readers' vocabulary: phrase appears twice",
    fix='keep the phrase under one term only',
)
describe(
    "VOC003", "vocabulary-page", "error",
    summary="readers' vocabulary: page does not exist",
    fix='name a page by its path under `docs/`, e.g. `safety.md`',
)
describe(
    "VOC004", "vocabulary-term-not-on-page", "warning",
    summary="readers' vocabulary: term not found on a page listed for it",
    fix='use a term the page itself uses',
)

FIELDS = ("term", "phrases", "pages")


def fold(text: str) -> str:
    """Text compared as readers' words: case and spacing ignored."""
    return " ".join(text.split()).casefold()


def check_vocabulary(
    data: bytes, pages: Callable[[str], str | None], page_paths: frozenset[str] | set[str]
) -> list[Finding]:
    """All vocabulary findings. `page_paths` are the pages under docs/ (POSIX, relative);
    `pages(path)` gives a page's text (or None if unreadable)."""
    located, unreadable = load_data_file(data, "VOC001", "vocabulary")
    if unreadable:
        return [unreadable]
    entries = located.data.get("terms") if isinstance(located.data, dict) else None
    if not isinstance(entries, list):
        return [Finding(1, "VOC001", 'vocabulary must be a mapping with a "terms" list')]
    findings: list[Finding] = []
    seen: dict[str, int] = {}
    for index, entry in enumerate(entries):
        problems = list(_check_shape(located, index, entry))
        findings.extend(problems)
        if problems:
            continue
        findings.extend(_check_phrases(located, index, entry["phrases"], seen))
        findings.extend(_check_pages(located, index, entry, pages, page_paths))
    return findings


def _check_shape(located: Located, index: int, entry: object) -> Iterator[Finding]:
    line = located.line("terms", index)
    if not isinstance(entry, dict):
        yield Finding(line, "VOC001", "vocabulary entry must be a mapping with term, phrases and pages")
        return
    for key in entry:
        if key not in FIELDS:
            yield Finding(located.line("terms", index, key), "VOC001",
                          f'unknown field "{key}" (fields: {", ".join(FIELDS)})')
    term = entry.get("term")
    if not isinstance(term, str) or not term.strip():
        yield Finding(located.line("terms", index, "term"), "VOC001", 'entry has no "term" text')
    for key in ("phrases", "pages"):
        value = entry.get(key)
        if not isinstance(value, list) or not value:
            yield Finding(located.line("terms", index, key), "VOC001", f'"{key}" must be a non-empty list')
            continue
        for position, item in enumerate(value):
            if not isinstance(item, str) or not item.strip():
                yield Finding(located.line("terms", index, key, position), "VOC001",
                              f'"{key}" item {position + 1} must be text')


def _check_phrases(located: Located, index: int, phrases: list[str], seen: dict[str, int]) -> Iterator[Finding]:
    for position, phrase in enumerate(phrases):
        line = located.line("terms", index, "phrases", position)
        key = fold(phrase)
        if key in seen:
            yield Finding(line, "VOC002", f'phrase "{phrase}" appears twice (first on line {seen[key]})')
        else:
            seen[key] = line


def _check_pages(
    located: Located, index: int, entry: dict, pages: Callable[[str], str | None], page_paths
) -> Iterator[Finding]:
    term = entry["term"]
    pattern = re.compile(r"(?<!\w)" + r"\s+".join(map(re.escape, term.split())) + r"(?!\w)", re.I)
    for position, page in enumerate(entry["pages"]):
        line = located.line("terms", index, "pages", position)
        if page not in page_paths:

            close = near_miss(page, page_paths)
            hint = f' - did you mean "{close}"?' if close else ""
            yield Finding(line, "VOC003", f'page "{page}" not found in docs/{hint}')
            continue
        text = pages(page)
        if text is not None and not pattern.search(text):
            yield Finding(line, "VOC004", f'term "{term}" not found on {page}: its phrases would lead '
                                          "readers to a page that does not use the word")
