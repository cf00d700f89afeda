"""Read the option grids (data/options.yml) and the icon arrays (data/figures.yml): what the rendering
may use, and the findings of each file (rules GRD001-GRD005, FIG001-FIG005, declared with their
checks in hooks/checker/options.py).

Both files feed generated content: a page shows its option grid where it has the marker line
`<!-- generated: option-grid -->`, and its icon arrays where it has `<!-- generated: icon-arrays -->`
(hooks/render/reference.py renders them; hooks/render/blocks/grid.py makes the HTML). The same parse serves the
checker (every finding with the line in the data file) and the rendering (only what is valid).

data/options.yml:

    options:                       # the rows, each defined once, by id
      first-line-medicines:
        option: Nerve pain medicines   # the row's name (the row header)
        involves: {text: ..., sources: [key, ...]}
        works:    {text: ..., certainty: moderate, sources: [key, ...]}   # certainty: a GRADE word or not-rated
        harms:    {text: ..., sources: [key, ...]}
    grids:                         # the pages (paths under docs/) and the rows they show, in order
      treatments.md:
        caption: ...               # what the table compares (shown as its caption)
        rows: [first-line-medicines, ...]

data/figures.yml:

    figures:
      - id: tca-pain-halved        # letters, digits and -; unique
        page: treatments.md        # the page that shows it (it needs the icon-arrays marker)
        kind: nnt                  # nnt: 100 / value people helped more than with placebo; rate: value per `per`
        value: 3.6                 # the number as the source gives it, written in `quote`
        per: 100                   # rate only: the value is per this many (100, 1000, 10000)
        unit: people               # what the 100 icons stand for: people or treatments
        who: people taking a tricyclic antidepressant
        outcome: had their pain at least halved
        quote: "NNT for 50% pain relief of about 3.6 for TCAs"   # words of the source's finding
        source: finnerup2015

The sentence shown and read aloud is made from these fields ("Out of 100 people taking ..., about 28
more had their pain at least halved than out of 100 taking a placebo"), so the number drawn and the
number said are the same, and the checker can hold the number to its source's words (FIG003).
"""
from __future__ import annotations

import math
import re
from collections.abc import Iterator

from .findings import Finding, near_miss
from .yamlnodes import Located, load_data_file

GRID_MARKER = "option-grid"
FIGURE_MARKER = "icon-arrays"

CELLS = ("involves", "works", "harms")
ROW_FIELDS = ("option",) + CELLS
CELL_FIELDS = {"involves": ("text", "sources"), "works": ("text", "certainty", "sources"), "harms": ("text", "sources")}
GRID_FIELDS = ("caption", "rows")
NOT_RATED = "not-rated"  # a cell whose effect GRADE does not rate (what happens without treatment)

FIGURE_FIELDS = ("id", "page", "kind", "value", "per", "unit", "who", "outcome", "quote", "source")
KINDS = ("nnt", "rate")
UNITS = ("people", "treatments")
_ID = re.compile(r"[a-z0-9][a-z0-9-]{0,63}")
MAX_TEXT = 600


# ---- option grids ----------------------------------------------------------------------------------


class Grids:
    """What the rendering may use of data/options.yml: {page: {"caption", "rows": [row, ...]}} where
    a row is {"id", "option", "involves": {...}, "works": {...}, "harms": {...}} and every cell has
    its text and at least one source. Rows with problems are left out (the checker reports them)."""

    __slots__ = ("pages", "findings", "located")

    def __init__(self) -> None:
        self.pages: dict[str, dict] = {}
        self.findings: list[Finding] = []
        self.located: Located | None = None

    def keys(self, page: str) -> list[str]:
        """The bibliography keys the page's grid cites, in order of first use."""
        found: dict[str, None] = {}
        for row in (self.pages.get(page) or {}).get("rows", []):
            for cell in CELLS:
                found.update(dict.fromkeys(row[cell]["sources"]))
        return list(found)


def parse_options(data: bytes, certainties: tuple[str, ...] = ("high", "moderate", "low", "very-low")) -> Grids:
    """Parse and check the shape of data/options.yml (GRD001, GRD002); sources and pages are checked
    by check_options, which needs the bibliography and the pages."""
    grids = Grids()
    located, unreadable = load_data_file(data, "GRD001", "option grids file")
    if unreadable:
        grids.findings.append(unreadable)
        return grids
    grids.located = located
    findings = grids.findings
    findings += [Finding(line, "GRD001", f'"{".".join(map(str, path))}" is given twice (first on line {first}); '
                                         "YAML would keep only the last") for path, line, first in located.duplicates]
    top = located.data
    if not isinstance(top, dict) or not isinstance(top.get("options"), dict) or not isinstance(top.get("grids"), dict):
        findings.append(Finding(1, "GRD001", 'the option grids file must be a mapping with "options" and "grids" mappings'))
        return grids
    for key in top:
        if key not in ("options", "grids"):
            findings.append(Finding(located.line(key), "GRD001", f'unknown field "{key}" (fields: options, grids)'))
    rows: dict[str, dict] = {}
    for option_id, row in top["options"].items():
        problems = list(_check_row(located, option_id, row, certainties))
        findings.extend(problems)
        if not problems:
            rows[option_id] = {"id": option_id, **{field: row[field] for field in ROW_FIELDS}}
    for page, grid in top["grids"].items():
        where = located.line("grids", page)
        if not isinstance(page, str) or not page.endswith(".md"):
            findings.append(Finding(where, "GRD001", f"grid key {page!r} must be a page's path under docs/ (e.g. treatments.md)"))
            continue
        if not isinstance(grid, dict):
            findings.append(Finding(where, "GRD001", f'grid for {page} must be a mapping with "caption" and "rows"'))
            continue
        bad = False
        for key in grid:
            if key not in GRID_FIELDS:
                findings.append(Finding(located.line("grids", page, key), "GRD001",
                                        f'unknown field "{key}" in the grid for {page} (fields: {", ".join(GRID_FIELDS)})'))
        caption = grid.get("caption")
        if not _text(caption):
            findings.append(Finding(located.line("grids", page, "caption"), "GRD001", f'grid for {page} needs a "caption" text'))
            bad = True
        listed = grid.get("rows")
        if not isinstance(listed, list) or not listed:
            findings.append(Finding(located.line("grids", page, "rows"), "GRD001",
                                    f'grid for {page} needs "rows": a list of option ids'))
            continue
        chosen = []
        for index, option_id in enumerate(listed):
            line = located.line("grids", page, "rows", index)
            if not isinstance(option_id, str) or option_id not in top["options"]:

                close = near_miss(str(option_id), [str(k) for k in top["options"]])
                hint = f' - did you mean "{close}"?' if close else ""
                findings.append(Finding(line, "GRD001", f'row {option_id!r} of the grid for {page} is not one of the options{hint}'))
            elif option_id in rows:
                chosen.append(rows[option_id])
        if chosen and not bad:
            grids.pages[page] = {"caption": caption, "rows": chosen}
    return grids


def _check_row(located: Located, option_id: object, row: object, certainties: tuple[str, ...]) -> Iterator[Finding]:
    line = located.line("options", option_id)
    if not isinstance(option_id, str) or not _ID.fullmatch(option_id):
        yield Finding(line, "GRD001", f"option id {option_id!r} must be lower-case letters, digits and -")
        return
    if not isinstance(row, dict):
        yield Finding(line, "GRD001", f'option "{option_id}" must be a mapping with {", ".join(ROW_FIELDS)}')
        return
    for key in row:
        if key not in ROW_FIELDS:
            yield Finding(located.line("options", option_id, key), "GRD001",
                          f'option "{option_id}": unknown field "{key}" (fields: {", ".join(ROW_FIELDS)})')
    if not _text(row.get("option"), 120):
        yield Finding(located.line("options", option_id, "option"), "GRD001",
                      f'option "{option_id}" needs an "option" text (its name, at most 120 characters)')
    for cell in CELLS:
        value = row.get(cell)
        where = located.line("options", option_id, cell)
        if not isinstance(value, dict):
            yield Finding(where, "GRD001", f'option "{option_id}" needs the "{cell}" cell: a mapping with '
                                           f'{", ".join(CELL_FIELDS[cell])}')
            continue
        for key in value:
            if key not in CELL_FIELDS[cell]:
                yield Finding(located.line("options", option_id, cell, key), "GRD001",
                              f'option "{option_id}", cell "{cell}": unknown field "{key}" '
                              f'(fields: {", ".join(CELL_FIELDS[cell])})')
        if not _text(value.get("text"), MAX_TEXT):
            yield Finding(located.line("options", option_id, cell, "text"), "GRD001",
                          f'option "{option_id}", cell "{cell}" needs a "text" (at most {MAX_TEXT} characters)')
        if cell == "works" and value.get("certainty") not in (*certainties, NOT_RATED):
            yield Finding(located.line("options", option_id, cell, "certainty"), "GRD001",
                          f'option "{option_id}", cell "works": certainty {value.get("certainty")!r} is not one of: '
                          f'{", ".join((*certainties, NOT_RATED))}')
        sources = value.get("sources")
        if not isinstance(sources, list) or not sources:
            yield Finding(located.line("options", option_id, cell, "sources"), "GRD002",
                          f'option "{option_id}", cell "{cell}" has no source: list the bibliography keys '
                          "of the works that say it (sources: [key])")
            continue
        for index, key in enumerate(sources):
            if not isinstance(key, str) or not key.strip():
                yield Finding(located.line("options", option_id, cell, "sources", index), "GRD002",
                              f'option "{option_id}", cell "{cell}": source {index + 1} must be a bibliography key')


# ---- icon arrays -------------------------------------------------------------------------------------


class Figures:
    """What the rendering may use of data/figures.yml: valid figures by page, in file order."""

    __slots__ = ("pages", "findings", "located")

    def __init__(self) -> None:
        self.pages: dict[str, list[dict]] = {}
        self.findings: list[Finding] = []
        self.located: Located | None = None

    def keys(self, page: str) -> list[str]:
        return list(dict.fromkeys(figure["source"] for figure in self.pages.get(page, [])))


def drawn(figure: dict) -> int:
    """How many of the 100 icons stand for the outcome: 100 / NNT, or the rate per 100 (rounded half up)."""
    value = float(figure["value"])
    share = 100 / value if figure["kind"] == "nnt" else value * 100 / float(figure.get("per") or 100)
    return int(math.floor(share + 0.5))


def parse_figures(data: bytes, bibliography=None) -> Figures:
    """Parse and check data/figures.yml without the pages (FIG001-FIG003)."""
    figures = Figures()
    located, unreadable = load_data_file(data, "FIG001", "figures file")
    if unreadable:
        figures.findings.append(unreadable)
        return figures
    figures.located = located
    findings = figures.findings
    findings += [Finding(line, "FIG001", f'"{".".join(map(str, path))}" is given twice (first on line {first}); '
                                         "YAML would keep only the last") for path, line, first in located.duplicates]
    items = located.data.get("figures") if isinstance(located.data, dict) else None
    if not isinstance(items, list):
        findings.append(Finding(1, "FIG001", 'the figures file must be a mapping with a "figures" list'))
        return figures
    seen: dict[str, int] = {}
    for index, figure in enumerate(items):
        problems = list(_check_figure(located, index, figure, seen, bibliography))
        findings.extend(problems)
        if not problems:
            figures.pages.setdefault(figure["page"], []).append(dict(figure))
    return figures


def _check_figure(located: Located, index: int, figure: object, seen: dict, bibliography) -> Iterator[Finding]:
    line = located.line("figures", index)
    if not isinstance(figure, dict):
        yield Finding(line, "FIG001", f"figure {index + 1} must be a mapping with {', '.join(FIGURE_FIELDS)}")
        return

    def at(name: str) -> int:
        return located.line("figures", index, name)

    label = f'figure "{figure["id"]}"' if isinstance(figure.get("id"), str) else f"figure {index + 1}"
    bad = False
    for key in figure:
        if key not in FIGURE_FIELDS:
            yield Finding(at(key), "FIG001", f'{label}: unknown field "{key}" (fields: {", ".join(FIGURE_FIELDS)})')
            bad = True
    figure_id = figure.get("id")
    if not isinstance(figure_id, str) or not _ID.fullmatch(figure_id):
        yield Finding(at("id"), "FIG001", f"{label}: id must be lower-case letters, digits and - (at most 64)")
        bad = True
    elif figure_id in seen:
        yield Finding(at("id"), "FIG001", f'{label}: id is used twice (first on line {seen[figure_id]})')
        bad = True
    else:
        seen[figure_id] = at("id")
    page = figure.get("page")
    if not isinstance(page, str) or not page.endswith(".md"):
        yield Finding(at("page"), "FIG001", f"{label}: page must be a page's path under docs/ (e.g. safety.md)")
        bad = True
    kind, value, per = figure.get("kind"), figure.get("value"), figure.get("per")
    if kind not in KINDS:
        yield Finding(at("kind"), "FIG001", f'{label}: kind {kind!r} is not one of: {", ".join(KINDS)}')
        bad = True
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not value > 0 or math.isinf(value):
        yield Finding(at("value"), "FIG001", f"{label}: value must be a positive number (as the source gives it)")
        bad = True
    if kind == "rate":
        if per not in (100, 1000, 10000, 100000, 1000000):
            yield Finding(at("per"), "FIG001", f"{label}: per must be 100, 1000, 10000, 100000 or 1000000 (the value is per this many)")
            bad = True
    elif per is not None:
        yield Finding(at("per"), "FIG001", f"{label}: per is for kind rate only")
        bad = True
    if figure.get("unit") not in UNITS:
        yield Finding(at("unit"), "FIG001", f'{label}: unit {figure.get("unit")!r} is not one of: {", ".join(UNITS)}')
        bad = True
    for name in ("who", "outcome", "quote"):
        if not _text(figure.get(name), 300):
            yield Finding(at(name), "FIG001", f'{label} needs the "{name}" text (at most 300 characters)')
            bad = True
    source = figure.get("source")
    if not isinstance(source, str) or not source.strip():
        yield Finding(at("source"), "FIG002", f"{label} has no source: give the bibliography key of the work whose finding holds the number")
        return
    problem = bibliography.problem(source) if bibliography is not None else None
    if problem:
        yield Finding(at("source"), "FIG002", f"{label}: source {problem}")
        return
    if bad:
        return
    if not 0 < drawn(figure) <= 100:
        yield Finding(at("value"), "FIG001", f"{label}: the value gives {drawn(figure)} out of 100; an icon array shows 1 to 100")
        return
    if bibliography is None:
        return
    finding = str((bibliography.entries.get(source) or {}).get("finding") or "")
    if _fold(figure["quote"]) not in _fold(finding):
        yield Finding(at("quote"), "FIG003", f'{label}: the quote is not in the finding of "{source}" '
                                             "(copy the words from data/bibliography.yml)")
    elif not re.search(r"(?<![\d.])" + re.escape(number(value)) + r"(?![\d]|\.\d)", figure["quote"].replace(",", "")):
        yield Finding(at("value"), "FIG003", f"{label}: the value {number(value)} is not in the quote")


def number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def _fold(text: str) -> str:
    return " ".join(str(text).split()).casefold()


def _text(value: object, limit: int = 300) -> bool:
    return isinstance(value, str) and bool(value.strip()) and len(value) <= limit
