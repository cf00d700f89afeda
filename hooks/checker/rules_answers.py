"""Editorial rules on one page: the short answer states its certainty, plainly; "In short" states it
too; statements that no study exists say they are what we found; pages naming medicines carry the
GP or pharmacist line; condition pages answer about acupuncture, say when to get help and link the
general page."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from hooks.content.page import Heading, Page
from hooks.content.findings import Finding
from .rules import Context, first_sections, unexcluded, page_type, section_end
from hooks.content.registry import rule

ANSWER_TYPES = ("overview", "condition", "evidence", "mechanism", "guide")


def certainty_words(ctx: Context) -> dict[str, str]:
    """{certainty value: the words readers see} ("very-low": "very low")."""
    return {value: value.replace("-", " ") for value in ctx.schema.choices("certainty")}


def stated_levels(text: str, levels: list[str]) -> list[str]:
    """The GRADE levels a text states in words: "Our certainty is very low.", "Our certainty in this
    definition is high." ("The evidence is very low quality." states none)."""
    return [match.group(1).lower() for match in _stated(tuple(levels)).finditer(re.sub(r"[*_]", "", text))]


@lru_cache(maxsize=8)
def _stated(levels: tuple[str, ...]) -> re.Pattern:
    words = "|".join(sorted(map(re.escape, levels), key=len, reverse=True))
    return re.compile(r"\bcertainty\b[^.]{0,40}?\bis (" + words + r")\b", re.I)


def _answer(page: Page) -> str | None:
    answer = page.front.data.get("answer") if page.front else None
    return answer if isinstance(answer, str) else None


def _certainty(page: Page) -> str | None:
    value = page.front.data.get("certainty") if page.front else None
    return value if isinstance(value, str) else None


@rule(
    "ANS001", "answer-states-certainty", "error",
    summary="the short answer does not say how certain it is in words (\"Our certainty is low.\") matching `certainty`",
    fix="end the answer with \"Our certainty is ...\" in the words of the page's `certainty` (very low, low, moderate, high)",
)
def check_answer_states_certainty(page: Page, ctx: Context) -> Iterator[Finding]:
    answer, certainty = _answer(page), _certainty(page)
    words = certainty_words(ctx)
    if not answer or certainty not in words or page_type(page, ctx.schema) not in ANSWER_TYPES:
        return
    if words[certainty] not in stated_levels(answer, list(words.values())):
        yield Finding(page.front.line_of("answer"), "ANS001",
                      f'the answer does not say "certainty is {words[certainty]}" (the page\'s certainty: {certainty})')


_ANSWER_MARKUP = re.compile(r"[\[\]`*<>_#]")


@rule(
    "ANS002", "answer-markup", "error",
    summary="the short answer holds Markdown (brackets, backticks, *, _, # or angle brackets)",
    fix="write the answer as plain sentences: it is shown as text in search results and the answer box",
)
def check_answer_markup(page: Page, ctx: Context) -> Iterator[Finding]:
    answer = _answer(page)
    match = _ANSWER_MARKUP.search(answer) if answer else None
    if match:
        yield Finding(page.front.line_of("answer"), "ANS002", f"the answer holds {match.group()!r}; write plain words")


def section_text(page: Page, name: str) -> tuple[Heading | None, str]:
    """The first level-2 section of this name and its text (fenced code and comments left out)."""
    heading = first_sections(page).get(name)
    if heading is None:
        return None, ""
    return heading, unexcluded(page, heading.end, section_end(page, heading))


@rule(
    "ANS003", "in-short-states-certainty", "error",
    summary="\"In short\" does not name the page's certainty in words (guide pages and pages in docs/conditions/)",
    fix="say \"Our certainty is ...\" in the In short section, in the words of `certainty`",
)
def check_in_short_states_certainty(page: Page, ctx: Context) -> Iterator[Finding]:
    types = ctx.schema.option("ANS003", "types", ["guide", "condition"])
    certainty = _certainty(page)
    words = certainty_words(ctx)
    kind = page_type(page, ctx.schema)
    if kind not in types or certainty not in words or (kind == "condition" and not condition_page(page, ctx)):
        return
    heading, text = section_text(page, ctx.schema.reading.section)
    if heading is None:
        return  # SEC001 reports it
    plain = " ".join(re.sub(r"[*_]", "", text).lower().split())
    if not re.search(rf"certainty is {re.escape(words[certainty])}\b", plain):
        yield Finding(heading.line, "ANS003",
                      f'"{heading.text}" does not say "certainty is {words[certainty]}" (the page\'s certainty: {certainty})')


NOT_GRADED = "not-graded"


@rule(
    "ANS004", "not-graded-effect-page", "error",
    summary="`certainty: not-graded` on a page whose answer is about an effect (evidence, mechanism and guide pages)",
    fix="give the GRADE level of the evidence the answer rests on; `not-graded` is only for an answer that is a "
        "definition or a list of services (overview and condition pages)",
)
def check_not_graded_only_where_no_effect(page: Page, ctx: Context) -> Iterator[Finding]:
    """ANS004: GRADE rates evidence about effects; a page type whose answer is about an effect
    (schema.yml `rules: ANS004: types` lists those allowed not-graded) takes a GRADE level."""
    if _certainty(page) != NOT_GRADED:
        return
    kind = page_type(page, ctx.schema)
    allowed = ctx.schema.option("ANS004", "types", ["overview", "condition"])
    if kind is not None and kind not in allowed:
        yield Finding(page.front.line_of("certainty"), "ANS004",
                      f'the answer of a page of type "{kind}" is about an effect, so its certainty is a GRADE level '
                      f'(high, moderate, low or very-low), not "{NOT_GRADED}" (allowed on: {", ".join(allowed)} pages)')


# ---- statements of absence ------------------------------------------------------------------------

_BLOCK_LINE = re.compile(r"^\s*(?:#{1,6}\s|[!?]{3}\+?\s|\|)")
_ABSENCE = re.compile(
    r"^[-*\s]*(?:no|there (?:is|are|was|were) no)\s+(?!more\b|less\b)(?:\S+\s+){0,3}?"
    r"(?:trials?|stud(?:y|ies)|cohorts?|reviews?|evidence|sources?)\b",
    re.I,
)
_HEDGED = re.compile(r"\bwe (?:found|checked|could|saw)\b|\bthat we\b", re.I)
# Where a sentence may start with "no" or "there is no" (a line start or after a full stop): pages
# with none are not split into sentences at all.
_MAY_STATE_ABSENCE = re.compile(
    r"(?:^|[.!?][\"”)]?\s+)[-*\s]*(?:\*\*)?(?:no|there (?:is|are|was|were) no)\s", re.I | re.M)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[-*\"“(\[A-Z])")


def prose_sentences(page: Page) -> list[tuple[int, str]]:
    """(line, sentence) of the body's prose: headings, admonition titles, table rows, fenced code
    and comments left out."""
    first = page.line_at(page.body_start)
    out: list[tuple[int, str]] = []
    paragraph: list[tuple[int, str]] = []

    def flush() -> None:
        if not paragraph:
            return
        text = " ".join(line for _, line in paragraph)
        starts, position = [], 0
        for number, line in paragraph:
            starts.append((position, number))
            position += len(line) + 1
        offset = 0
        for sentence in _SENTENCE_END.split(text):
            at = text.find(sentence, offset)
            line = max((number for start, number in starts if start <= max(at, 0)), default=paragraph[0][0])
            out.append((line, " ".join(sentence.split())))
            offset = max(at, 0) + len(sentence)
        paragraph.clear()

    for number in range(first, len(page.lines) + 1):
        line = page.lines[number - 1]
        start = page.line_starts[number - 1]
        if not line.strip() or _BLOCK_LINE.match(line) or (page.excluded and page.is_excluded(start + len(line) - len(line.lstrip()))):
            flush()
            continue
        paragraph.append((number, line.strip()))
    flush()
    return out


def unhedged_absences(page: Page) -> list[tuple[int, str]]:
    return [
        (line, sentence) for line, sentence in prose_sentences(page)
        if _ABSENCE.search(sentence.replace("**", "")) and not _HEDGED.search(sentence) and len(sentence.split()) > 3
    ]


@rule(
    "TXT001", "absence-not-hedged", "error",
    summary="a sentence says there is no study or evidence without saying it is what we found",
    fix="say \"that we found\" (or \"we found no ...\"): we can only report the studies we searched for",
)
def check_absence_hedged(page: Page, ctx: Context) -> Iterator[Finding]:
    if not page.front or not _MAY_STATE_ABSENCE.search(page.text, page.body_start):
        return
    for line, sentence in unhedged_absences(page):
        yield Finding(line, "TXT001", f'"{sentence[:100]}" states an absence; add "that we found"')


# ---- medicines ----------------------------------------------------------------------------------------

MEDICINES = ("amitriptyline", "duloxetine", "gabapentin", "pregabalin")
MEDICINES_LINE = "GP or pharmacist before you start, stop or change any medicine"


@rule(
    "MED001", "medicines-line", "error",
    summary="a guide page names a medicine but lacks the line sending readers to their GP or pharmacist",
    fix="add the sentence \"Talk to your GP or pharmacist before you start, stop or change any medicine.\"",
)
def check_medicines_line(page: Page, ctx: Context) -> Iterator[Finding]:
    if page_type(page, ctx.schema) not in ctx.schema.option("MED001", "types", ["guide"]):
        return
    medicines = ctx.schema.option("MED001", "medicines", MEDICINES)
    wanted = ctx.schema.option("MED001", "line", MEDICINES_LINE)
    body = page.text[page.body_start:]
    match = re.search(r"\b(" + "|".join(map(re.escape, medicines)) + r")\b", body, re.I)
    if match and wanted.lower() not in " ".join(body.split()).lower():
        yield Finding(page.line_at(page.body_start + match.start()), "MED001",
                      f'the page names {match.group(1)} but not "{wanted}"')


# ---- condition pages --------------------------------------------------------------------------------

CONDITION_SECTIONS = ("In short", "What it is", "When to get help", "Types", "What the acupuncture evidence shows",
                      "Caveats", "References")


def in_condition_folder(page: Page, ctx: Context) -> bool:
    """A page of the condition folder (schema.yml `rules: CND001: folder`), not its landing page."""
    folder = ctx.schema.option("CND001", "folder", "conditions").strip("/")
    parent, _, name = page.path.replace("\\", "/").rpartition("/")
    return parent.rpartition("/")[2] == folder and name != "index.md"


def condition_page(page: Page, ctx: Context) -> bool:
    """A condition page of the condition folder."""
    return in_condition_folder(page, ctx) and page_type(page, ctx.schema) == "condition"


@rule(
    "CND001", "condition-sections", "error",
    summary="a page in docs/conditions/ is not a condition page, lacks the agreed sections, or has them out of order",
    fix="use the sections of the other condition pages, in their order (In short first)",
)
def check_condition_sections(page: Page, ctx: Context) -> Iterator[Finding]:
    if not in_condition_folder(page, ctx):
        return
    kind = page.front.data.get("type") if page.front else None
    if kind != "condition":
        if kind is not None:  # no type at all: FM002 says so
            yield Finding(page.front.line_of("type"), "CND001", f'a page in the conditions folder has type "{kind}", not "condition"')
        return
    wanted = list(ctx.schema.option("CND001", "sections", CONDITION_SECTIONS))
    found = [h for h in page.headings if h.level == 2]
    present = [h.text for h in found if h.text in wanted]
    if found and found[0].text != wanted[0]:
        yield Finding(found[0].line, "CND001", f'the first section is "{found[0].text}"; a condition page opens with "{wanted[0]}"')
    if present != wanted:
        missing = [name for name in wanted if name not in present]
        detail = f"missing: {', '.join(missing)}" if missing else f"found in the order: {', '.join(present)}"
        yield Finding(found[0].line if found else 1, "CND001", f"condition page sections must be {', '.join(wanted)} ({detail})")


@rule(
    "CND002", "condition-answers-acupuncture", "error",
    summary="the first point of a condition page's In short does not answer about acupuncture",
    fix="open In short with what the evidence says about acupuncture for this condition",
)
def check_condition_first_point(page: Page, ctx: Context) -> Iterator[Finding]:
    if not condition_page(page, ctx):
        return
    heading, text = section_text(page, ctx.schema.reading.section)
    if heading is None:
        return
    first = next((line for line in text.strip().splitlines() if line.strip()), "")
    if "acupuncture" not in first.lower():
        line = next((n for n in range(heading.line + 1, len(page.lines) + 1) if page.lines[n - 1].strip()), heading.line)
        yield Finding(line, "CND002", "the first point of In short does not mention acupuncture")


@rule(
    "CND003", "help-callout", "error",
    summary="\"When to get help\" on a condition page is not a cited callout (admonition)",
    fix="put the advice in a `!!! warning` box and cite where it comes from (NHS, NICE)",
)
def check_help_callout(page: Page, ctx: Context) -> Iterator[Finding]:
    if not condition_page(page, ctx):
        return
    heading = first_sections(page).get("When to get help")
    if heading is None:
        return
    end = section_end(page, heading)
    if not any(heading.end <= a.start < end for a in page.admonitions):
        yield Finding(heading.line, "CND003", '"When to get help" has no callout (an admonition such as !!! warning)')
    if not any(heading.end <= c.start < end for c in page.citations):
        yield Finding(heading.line, "CND003", '"When to get help" cites no source')


@rule(
    "CND004", "condition-links-general-page", "error",
    summary="a condition page does not link the general page on neuropathic pain",
    fix="link it, e.g. `[neuropathic pain](../neuropathic-pain.md)`",
)
def check_links_general_page(page: Page, ctx: Context) -> Iterator[Finding]:
    if not condition_page(page, ctx):
        return
    target = ctx.schema.option("CND004", "page", "../neuropathic-pain.md")
    if f"]({target})" not in page.text:
        yield Finding(page.line_at(page.body_start), "CND004", f"the page does not link {target}")
