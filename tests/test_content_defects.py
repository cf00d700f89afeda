"""Content defects a clinician-editor found, stated as rules over every page and the claims ledger.

- The ledger and the pages agree: each claim's sources are cited on its page, every work cited in
  the section the claim points to is among its sources, and where a page sums up its claims in a
  table (a row linking to the claim's anchor) the verdict and certainty there are the ledger's.
- A page with one claim (a mechanism page) shows the ledger's certainty in its badge.
- Words in quotation marks that a sentence attributes to the source page are the source's words.
- A sentence that says there is no study or evidence says it is what we found.
- Pages that answer a reader's question carry a short plain answer and a GRADE certainty.
- Reference pages that carry clinical facts (glossary, claims) carry review dates.
- The evidence page names acupuncture's known serious harms in a caveat.
"""
from __future__ import annotations

import re

import pytest
import yaml

from conftest import ROOT
from hooks.checker.page import parse_page

DOCS = ROOT / "docs"
SCHEMA = yaml.safe_load((ROOT / "data" / "schema.yml").read_text(encoding="utf-8"))
LEDGER = yaml.safe_load((ROOT / "data" / "claims.yml").read_text(encoding="utf-8"))
CLAIMS = LEDGER["claims"]
SEED_DIR = ROOT.parent / "shared" / "seed"
SEED_FILES = sorted(SEED_DIR.glob("*.txt")) if SEED_DIR.is_dir() else []
CONTENT_PAGES = sorted(p for p in DOCS.rglob("*.md") if p.name != "editing-guide.md")
ANSWER_TYPES = ("overview", "condition", "evidence", "mechanism", "guide")


def page_of(path):
    return parse_page(str(path), path.read_bytes())


def rel(path) -> str:
    return path.relative_to(DOCS).as_posix()


def section_lines(page, anchor: str) -> tuple[int, int]:
    """First and last line of the section under the heading with this anchor (up to the next
    heading of the same or a higher level)."""
    headings = page.headings
    start = next((h for h in headings if h.slug == anchor), None)
    assert start, f"{page.path}: no heading with anchor #{anchor}"
    end = next((h.line - 1 for h in headings if h.line > start.line and h.level <= start.level), len(page.lines))
    return start.line, end


def cited(page, first: int = 1, last: int | None = None) -> set[str]:
    last = last or len(page.lines)
    return {c.key for c in page.citations if first <= c.line <= last}


# --- the ledger and the pages agree -------------------------------------------------------------

@pytest.mark.parametrize("claim", CLAIMS, ids=[c["id"] for c in CLAIMS])
def test_every_source_of_a_claim_is_cited_on_its_page(claim):
    page = page_of(DOCS / claim["page"].partition("#")[0])
    missing = sorted(set(claim["sources"]) - cited(page))
    assert missing == [], f"{claim['id']}: sources never cited on {claim['page']}: {missing}"


@pytest.mark.parametrize("claim", CLAIMS, ids=[c["id"] for c in CLAIMS])
def test_every_work_cited_in_the_claims_section_is_among_its_sources(claim):
    path, _, anchor = claim["page"].partition("#")
    page = page_of(DOCS / path)
    first, last = section_lines(page, anchor)
    extra = sorted(cited(page, first, last) - set(claim["sources"]))
    assert extra == [], f"{claim['id']}: cited in #{anchor} but not in the ledger's sources: {extra}"


def summary_rows(page) -> dict[str, list[str]]:
    """Table rows whose first cell links to an anchor on the same page: anchor -> cells."""
    rows = {}
    for line in page.lines:
        match = re.match(r"\|\s*\[[^\]]*\]\(#([\w-]+)\)\s*\|(.*)\|\s*$", line)
        if match:
            rows[match.group(1)] = [cell.strip() for cell in match.group(2).split("|")]
    return rows


def pages_with_summary_tables() -> list[str]:
    named = sorted({c["page"].partition("#")[0] for c in CLAIMS})
    return [p for p in named if summary_rows(page_of(DOCS / p))]


def test_some_page_sums_up_its_claims_in_a_table():
    """The rule below must have something to check."""
    assert pages_with_summary_tables()


@pytest.mark.parametrize("path", pages_with_summary_tables())
def test_summary_table_shows_the_ledgers_verdict_and_certainty(path):
    rows = summary_rows(page_of(DOCS / path))
    verdicts, levels = LEDGER["verdicts"], SCHEMA["labels"]["certainty"]
    for claim in (c for c in CLAIMS if c["page"].partition("#")[0] == path):
        anchor = claim["page"].partition("#")[2]
        assert anchor in rows, f"{claim['id']}: no row linking to #{anchor} in the table on {path}"
        verdict, certainty = rows[anchor][-2], rows[anchor][-1]
        assert verdict.startswith(verdicts[claim["verdict"]]["label"]), f"{claim['id']}: {verdict!r}"
        assert certainty.startswith(levels[claim["certainty"]]), f"{claim['id']}: {certainty!r}"


def single_claim_pages() -> dict[str, dict]:
    by_page: dict[str, list[dict]] = {}
    for claim in CLAIMS:
        by_page.setdefault(claim["page"].partition("#")[0], []).append(claim)
    return {path: claims[0] for path, claims in by_page.items() if len(claims) == 1}


@pytest.mark.parametrize("path", sorted(single_claim_pages()))
def test_a_one_claim_pages_badge_shows_the_ledgers_certainty(path):
    page = page_of(DOCS / path)
    if "certainty" not in page.front.data:
        pytest.skip(f"{path} has no certainty badge")
    assert page.front.data["certainty"] == single_claim_pages()[path]["certainty"]


# --- quotations attributed to the source page are its words ------------------------------------

QUOTED = re.compile(r'"([^"\n]+)"|“([^”]+)”')
ABOUT_THE_SOURCE = re.compile(r"\b(?:the source|source page|clinic page|the clinic|the claim)\b", re.I)
BLOCK_LINE = re.compile(r"^\s*(?:#{1,6}\s|[!?]{3}\+?\s|\|)")


def sentences(markdown: str) -> list[str]:
    """Prose sentences: headings, admonition titles and table rows are left out."""
    prose = "\n".join(line for line in markdown.split("\n") if not BLOCK_LINE.match(line))
    prose = re.sub(r"\s+", " ", prose)
    return re.split(r"(?<=[.!?])\s+(?=[-*\"“(\[A-Z])", prose)


def normal(text: str) -> str:
    return " ".join(text.replace("’", "'").replace("‘", "'").lower().split())


def misquotes(markdown: str, seed: str) -> list[str]:
    found = []
    for sentence in sentences(markdown):
        if ABOUT_THE_SOURCE.search(sentence):
            for match in QUOTED.finditer(sentence):
                quote = match.group(1) or match.group(2)
                if normal(quote) not in seed:
                    found.append(f"{quote!r} in: {sentence[:120]}")
    return found


def body_of(path) -> str:
    page = page_of(path)
    return "\n".join(page.lines[page.line_at(page.body_start) - 1:])


@pytest.mark.skipif(not SEED_FILES, reason="the source page (../shared/seed) is not beside this clone")
@pytest.mark.parametrize("path", CONTENT_PAGES, ids=rel)
def test_words_quoted_from_the_source_are_its_words(path):
    seed = normal(SEED_FILES[0].read_text(encoding="utf-8"))
    assert misquotes(body_of(path), seed) == []


def test_the_quotation_rule_finds_words_the_source_never_used():
    seed = normal("Reducing hypersensitivity induced by spinal nerve ligation, is an effect dependent on the opioid system.")
    assert misquotes('The "opioid-dependent" part of the claim is not confirmed.', seed)
    assert not misquotes('The source says the effect is "dependent on the opioid system".', seed)
    assert not misquotes('A review calls it "opioid-dependent".', seed)  # not attributed to the source


# --- statements of absence say they are what we found ------------------------------------------

ABSENCE = re.compile(
    r"^(?:[-*\s]|\*\*)*(?:no|there (?:is|are|was|were) no)\s+(?!more\b|less\b)(?:\S+\s+){0,3}?"
    r"(?:trials?|stud(?:y|ies)|cohorts?|reviews?|evidence|sources?)\b",
    re.I,
)
HEDGED = re.compile(r"\bwe (?:found|checked|could|saw)\b|\bthat we\b", re.I)


def unhedged_absences(markdown: str) -> list[str]:
    plain = markdown.replace("**", "")
    return [s[:120] for s in sentences(plain)
            if ABSENCE.search(s) and not HEDGED.search(s) and len(s.split()) > 3]  # not a label


@pytest.mark.parametrize("path", CONTENT_PAGES, ids=rel)
def test_no_study_statements_say_that_we_found(path):
    assert unhedged_absences(body_of(path)) == []


def test_the_absence_rule_finds_an_unhedged_statement():
    assert unhedged_absences("No trial or cohort in people with neuropathic pain measured death.")
    assert unhedged_absences("- There is no good evidence that it helps sleep.")
    assert not unhedged_absences("No trial or cohort that we found in people with nerve pain measured death.")
    assert not unhedged_absences("- No more than the source says.")


# --- answers, certainty and review dates -------------------------------------------------------

ANSWER_PAGES = [p for p in CONTENT_PAGES if (page_of(p).front.data or {}).get("type") in ANSWER_TYPES]


@pytest.mark.parametrize("path", ANSWER_PAGES, ids=rel)
def test_reader_pages_answer_first_with_a_certainty(path):
    meta = page_of(path).front.data
    answer = meta.get("answer")
    assert isinstance(answer, str) and answer.strip(), f"{rel(path)} has no answer"
    assert len(answer) <= SCHEMA["fields"]["answer"]["max_length"]
    assert not re.search(r"[\[\]`*<>_#]", answer), f"markup in the answer of {rel(path)}"
    assert meta.get("certainty") in SCHEMA["labels"]["certainty"], f"{rel(path)} has no certainty"


@pytest.mark.parametrize("name", ["glossary.md", "claims.md"])
def test_reference_pages_with_clinical_facts_have_review_dates(name):
    meta = page_of(DOCS / name).front.data
    assert meta.get("reviewed") and meta.get("next_review"), f"{name} has no review dates"


def test_the_evidence_page_names_acupunctures_serious_harms_in_a_caveat():
    side_effects = next(c for c in CLAIMS if c["page"].endswith("#side-effects"))
    page = page_of(DOCS / side_effects["page"].partition("#")[0])
    first, last = section_lines(page, "caveats")
    caveats = " ".join(" ".join(page.lines[first - 1:last]).lower().split())
    assert {"baumler2021", "zhang2010"} <= cited(page, first, last)
    for harm in ("collapsed lung", "infection", "fainting", "bleeding in the brain"):
        assert harm in caveats, harm
