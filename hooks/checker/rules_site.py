"""Editorial rules across files: the claims ledger and the pages agree, the glossary and its
tooltips agree, guides sit in the nav's practical section, reference pages with clinical facts
carry review dates, the harms caveat names the serious harms, the conditions landing page links
every condition page.

Project rules get the Checker (every page read once through the content layer, the ledger with
lines, the schema's options) and yield (shown path, Finding)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from hooks.content.config import nav_pages
from hooks.content.page import Page
from hooks.content.findings import Finding
from .rules import first_sections, page_type, section_end
from hooks.content.registry import rule

Located = Iterator[tuple[str, Finding]]


def _claims(checker) -> list[tuple[int, dict]]:
    """(index, entry) of the ledger's well-formed claims (CLM001 reports the others)."""
    ledger = checker.ledger_data()
    claims = ledger.data.get("claims") if ledger is not None else None
    if not isinstance(claims, list):
        return []
    wanted = {"id": str, "page": str, "sources": list}
    return [(index, claim) for index, claim in enumerate(claims)
            if isinstance(claim, dict) and all(isinstance(claim.get(k), t) for k, t in wanted.items())
            and all(isinstance(key, str) for key in claim["sources"])]


def _pages(checker) -> dict[str, Page]:
    return dict(checker.all_pages())


def _section_range(page: Page, anchor: str) -> tuple[int, int] | None:
    """First and last line of the section under the heading with this anchor."""
    heading = next((h for h in page.headings if h.slug == anchor), None)
    if heading is None:
        return None
    end = section_end(page, heading)
    return heading.line, page.line_at(end - 1) if end > heading.start else heading.line


def _cited(page: Page, first: int = 1, last: int | None = None) -> dict[str, int]:
    """{key: first line} of the citations between two lines."""
    last = last or len(page.lines)
    found: dict[str, int] = {}
    for citation in page.citations:
        if first <= citation.line <= last:
            found.setdefault(citation.key, citation.line)
    return found


def _claim_pages(checker):
    """(claim, page path, anchor, page) of every ledger claim whose page exists (CLM004 reports the rest)."""
    pages = _pages(checker)
    for _, claim in _claims(checker):
        path, _, anchor = claim["page"].partition("#")
        if pages.get(path) is not None:
            yield claim, path, anchor, pages[path]


@rule(
    "CLM008", "claim-source-not-cited", "error", scope="project",
    summary="a work the ledger gives as a claim's source is never cited on the claim's page",
    fix="cite the work on the page (in the section the claim links to), or correct the ledger's `sources`",
)
def check_claim_sources_cited(checker) -> Located:
    for claim, path, anchor, page in _claim_pages(checker):
        cited = _cited(page)
        heading = next((h for h in page.headings if h.slug == anchor), None)
        for key in claim["sources"]:
            if key not in cited:
                yield checker.page_display(path), Finding(
                    heading.line if heading else 1, "CLM008",
                    f'claim {claim["id"]} (data/claims.yml) has source "{key}", which this page never cites')


@rule(
    "CLM009", "section-cites-other-work", "error", scope="project",
    summary="a work cited in the section a claim links to is not among that claim's sources in the ledger",
    fix="add the key to the claim's `sources` in data/claims.yml, or move the citation out of that section",
)
def check_section_citations_in_sources(checker) -> Located:
    for claim, path, anchor, page in _claim_pages(checker):
        span = _section_range(page, anchor) if anchor else None
        if span is None:
            continue  # CLM004
        for key, line in _cited(page, *span).items():
            if key not in claim["sources"]:
                yield checker.page_display(path), Finding(
                    line, "CLM009", f'"{key}" is cited in #{anchor}, but claim {claim["id"]} does not list it in its sources')


_SUMMARY_ROW = re.compile(r"\|\s*\[[^\]]*\]\(#([\w-]+)\)\s*\|(.*)\|\s*$")


def summary_rows(page: Page) -> dict[str, tuple[int, list[str]]]:
    """Table rows whose first cell links to an anchor on the same page: anchor -> (line, cells)."""
    rows = {}
    for number, line in enumerate(page.lines, 1):
        match = _SUMMARY_ROW.match(line)
        if match:
            rows[match.group(1)] = (number, [cell.strip() for cell in match.group(2).split("|")])
    return rows


@rule(
    "CLM010", "summary-table-disagrees", "error", scope="project",
    summary="a page's summary table of its claims lacks a claim or shows another verdict or certainty than the ledger",
    fix="make the row's last two cells start with the ledger's verdict label and certainty label",
)
def check_summary_tables(checker) -> Located:
    ledger = checker.ledger_data()
    verdicts = ledger.data.get("verdicts") if ledger is not None else None
    if not isinstance(verdicts, dict):
        return
    labels = checker.context.schema.option("CLM010", "certainty_labels", None) or {
        value: value.replace("-", " ").capitalize() for value in checker.context.schema.choices("certainty")}
    pages = _pages(checker)
    for _, claim in _claims(checker):
        path, _, anchor = claim["page"].partition("#")
        page = pages.get(path)
        rows = summary_rows(page) if page is not None else {}
        if not rows:
            continue
        shown = checker.page_display(path)
        if anchor not in rows:
            yield shown, Finding(min(line for line, _ in rows.values()), "CLM010",
                                 f"claim {claim['id']}: the summary table has no row linking to #{anchor}")
            continue
        line, cells = rows[anchor]
        verdict = verdicts.get(claim.get("verdict"))
        label = verdict.get("label") if isinstance(verdict, dict) else None
        if len(cells) < 2:
            continue
        if isinstance(label, str) and not cells[-2].startswith(label):
            yield shown, Finding(line, "CLM010", f"claim {claim['id']}: the row says {cells[-2]!r}; the ledger's verdict is {label!r}")
        level = labels.get(claim.get("certainty"))
        if isinstance(level, str) and not cells[-1].startswith(level):
            yield shown, Finding(line, "CLM010", f"claim {claim['id']}: the row says {cells[-1]!r}; the ledger's certainty is {level!r}")


@rule(
    "CLM011", "badge-certainty", "error", scope="project",
    summary="a page with one claim in the ledger shows another certainty in its badge than the ledger gives",
    fix="make the page's `certainty` and the claim's `certainty` in data/claims.yml agree",
)
def check_badge_certainty(checker) -> Located:
    by_page: dict[str, list[dict]] = {}
    for _, claim in _claims(checker):
        by_page.setdefault(claim["page"].partition("#")[0], []).append(claim)
    pages = _pages(checker)
    for path, claims in by_page.items():
        page = pages.get(path)
        if len(claims) != 1 or page is None or page.front is None or "certainty" not in page.front.data:
            continue
        if page.front.data["certainty"] != claims[0].get("certainty"):
            yield checker.page_display(path), Finding(
                page.front.line_of("certainty"), "CLM011",
                f"certainty {page.front.data['certainty']!r}, but the page's one claim ({claims[0]['id']}) has "
                f"{claims[0].get('certainty')!r} in the ledger")


@rule(
    "CLM012", "empty-ledger-section", "error", scope="project",
    summary="a section of the claims ledger has no claim",
    fix="add the source's claims of that section, or remove the section",
)
def check_ledger_sections_used(checker) -> Located:
    ledger = checker.ledger_data()
    sections = ledger.data.get("sections") if ledger is not None else None
    if not isinstance(sections, list):
        return
    used = {claim.get("section") for _, claim in _claims(checker)}
    shown = checker.project.display(checker.project.ledger_path)
    for index, section in enumerate(sections):
        if isinstance(section, dict) and isinstance(section.get("id"), str) and section["id"] not in used:
            yield shown, Finding(ledger.line("sections", index), "CLM012", f'section "{section["id"]}" has no claim')


@rule(
    "CLM013", "not-graded-claim", "error", scope="project",
    summary="a ledger claim outside the definition section has `certainty: not-graded` (its claim is about an effect)",
    fix="give the claim the GRADE level of its evidence; `not-graded` is for a definition only "
        "(schema.yml `rules: CLM013: sections` lists the sections that hold definitions)",
)
def check_not_graded_claims(checker) -> Located:
    ledger = checker.ledger_data()
    if ledger is None:
        return
    allowed = checker.context.schema.option("CLM013", "sections", ["definition"])
    shown = checker.project.display(checker.project.ledger_path)
    for index, claim in _claims(checker):
        if claim.get("certainty") == "not-graded" and claim.get("section") not in allowed:
            yield shown, Finding(
                ledger.line("claims", index, "certainty"), "CLM013",
                f'claim {claim["id"]} (section "{claim.get("section")}") is not graded; only a definition is '
                f'(sections: {", ".join(allowed)}): give the GRADE level of its evidence')


# ---- review dates on reference pages with clinical facts ---------------------------------------------

@rule(
    "REV005", "clinical-reference-review", "error", scope="project",
    summary="a reference page that carries clinical facts (schema.yml `rules: REV005: pages`) has no review dates",
    fix="add `reviewed` and `next_review` to its front matter",
)
def check_reference_review_dates(checker) -> Located:
    pages = _pages(checker)
    for path in checker.context.schema.option("REV005", "pages", ["glossary.md", "claims.md"]):
        page = pages.get(path)
        if page is None or page.front is None:
            continue
        missing = [name for name in ("reviewed", "next_review") if not page.front.data.get(name)]
        if missing:
            yield checker.page_display(path), Finding(1, "REV005", f"no {' or '.join(missing)}: this page carries clinical facts")


# ---- the serious harms of acupuncture in a caveat -------------------------------------------------------

HARMS = {"claim": "side-effects", "cites": ["baumler2021", "zhang2010"],
         "names": ["collapsed lung", "infection", "fainting", "bleeding in the brain"]}


@rule(
    "HARM001", "serious-harms-caveat", "error", scope="project",
    summary="the page holding the ledger's side-effects claim does not name acupuncture's serious harms, cited, in its caveat",
    fix="in that page's Caveats, name each harm listed in schema.yml `rules: HARM001` and cite its sources",
)
def check_serious_harms(checker) -> Located:
    spec = {**HARMS, **checker.context.schema.options.get("HARM001", {})}
    claim = next((c for _, c in _claims(checker) if c["page"].endswith("#" + spec["claim"])), None)
    page = _pages(checker).get(claim["page"].partition("#")[0]) if claim else None
    if page is None:
        return
    shown = checker.page_display(claim["page"].partition("#")[0])
    heading = first_sections(page).get(checker.context.schema.caveats_section)
    if heading is None:
        yield shown, Finding(1, "HARM001", "no Caveats section to name the serious harms in")
        return
    first, last = _section_range(page, heading.slug)
    text = " ".join(" ".join(page.lines[first - 1:last]).lower().split())
    missing_keys = [key for key in spec["cites"] if key not in _cited(page, first, last)]
    missing_harms = [harm for harm in spec["names"] if harm.lower() not in text]
    if missing_keys:
        yield shown, Finding(heading.line, "HARM001", f"the caveat does not cite {', '.join(missing_keys)}")
    if missing_harms:
        yield shown, Finding(heading.line, "HARM001", f"the caveat does not name: {', '.join(missing_harms)}")


# ---- the conditions landing page --------------------------------------------------------------------------

@rule(
    "CND005", "landing-links-conditions", "error", scope="project",
    summary="the conditions landing page (docs/conditions/index.md) does not link every condition page",
    fix="add a link to the page in the landing page's list",
)
def check_landing_links(checker) -> Located:
    folder = checker.context.schema.option("CND001", "folder", "conditions").strip("/")
    pages = _pages(checker)
    landing = pages.get(f"{folder}/index.md")
    if landing is None:
        return
    linked = set(re.findall(r"\]\(([a-z0-9-]+\.md)\)", landing.text))
    for path, page in pages.items():
        folder_of, _, name = path.rpartition("/")
        if folder_of == folder and name != "index.md" and page_type(page, checker.context.schema) == "condition" \
                and name not in linked:
            yield checker.page_display(f"{folder}/index.md"), Finding(
                landing.line_at(landing.body_start), "CND005", f"the landing page does not link {name}")


# ---- guides in the nav ---------------------------------------------------------------------------------

@rule(
    "NAV002", "guides-in-practical-help", "error", scope="project",
    summary="a guide page is not in the nav's practical section, or that section is not between the readers' and the research sections",
    fix="list the guide under \"Practical help\" in mkdocs.yml, after \"Neuropathic pain\" and before \"The evidence\"",
)
def check_guides_in_nav(checker) -> Located:
    spec = {"section": "Practical help", "after": "Neuropathic pain", "before": "The evidence",
            **checker.context.schema.options.get("NAV002", {})}
    site_config = checker.content.config()
    nav, lines = site_config.nav, site_config.section_lines
    if nav is None:
        return  # NAV001 reports an unreadable nav
    config = checker.project.display(checker.project.config_path)
    titles = [next(iter(item)) if isinstance(item, dict) else item for item in nav]
    where = lines.get(spec["section"], 1)
    if spec["section"] not in titles:
        yield config, Finding(1, "NAV002", f'the nav has no "{spec["section"]}" section')
        return
    position = titles.index(spec["section"])
    if spec["after"] in titles and titles.index(spec["after"]) > position:
        yield config, Finding(where, "NAV002", f'"{spec["section"]}" must come after "{spec["after"]}"')
    if spec["before"] in titles and titles.index(spec["before"]) < position:
        yield config, Finding(where, "NAV002", f'"{spec["section"]}" must come before "{spec["before"]}"')
    listed = set(nav_pages(nav[position][spec["section"]]))
    for path, page in checker.all_pages():
        if page_type(page, checker.context.schema) == "guide" and path not in listed:
            yield checker.page_display(path), Finding(1, "NAV002", f'guide page not listed under "{spec["section"]}" in the nav')


# ---- the certainty scale the theme shows ---------------------------------------------------------

@rule(
    "CFG005", "certainty-scale", "error", scope="project",
    summary="the certainty scale in mkdocs.yml (extra.certainty_scale, which the short-answer box shows) does not match the schema's certainty choices and labels",
    fix="give extra.certainty_scale one entry per `certainty` choice of data/schema.yml, in its order, with the label of "
        "`labels.certainty`, marks 4, 3, 2, 1 for the GRADE levels and 0 for not-graded, and a plain-text meaning",
)
def check_certainty_scale(checker) -> Located:
    """data/schema.yml is the source of the certainty choices and labels; the theme can read only
    mkdocs.yml (`extra`), so the scale there is checked against the schema."""
    site_config = checker.content.config()
    scale = (site_config.get("extra") or {}).get("certainty_scale") if isinstance(site_config.get("extra"), dict) else None
    if scale is None:
        return  # no scale: the box shows the schema's words only
    config = checker.project.display(checker.project.config_path)
    line = site_config.key_lines.get(("extra", "certainty_scale"), 1)
    schema = checker.content.schema_data()
    choices = ((schema.get("fields") or {}).get("certainty") or {}).get("choices") or []
    labels = (schema.get("labels") or {}).get("certainty") or {}
    if not isinstance(scale, dict) or list(scale) != list(choices):
        yield config, Finding(line, "CFG005", f"extra.certainty_scale must list {', '.join(map(str, choices))}, in that order")
        return
    graded = [choice for choice in choices if choice != "not-graded"]
    for choice, entry in scale.items():
        entry = entry if isinstance(entry, dict) else {}
        marks = len(graded) - graded.index(choice) if choice in graded else 0
        if entry.get("label") != labels.get(choice):
            yield config, Finding(line, "CFG005", f'{choice}: label must be "{labels.get(choice)}" (labels.certainty in data/schema.yml)')
        if entry.get("marks") != marks:
            yield config, Finding(line, "CFG005", f"{choice}: marks must be {marks}")
        meaning = entry.get("meaning")
        if not (isinstance(meaning, str) and len(meaning.split()) >= 6 and "<" not in meaning and "&" not in meaning):
            yield config, Finding(line, "CFG005", f"{choice}: meaning must be plain text of at least six words")
