"""The rules on the option grids (data/options.yml, GRD001-GRD005) and the icon arrays
(data/figures.yml, FIG001-FIG005): each file's findings (hooks/content/options.py parses them), and
the data files and pages together (the marker lines)."""
from __future__ import annotations

from collections.abc import Iterator

from hooks.content.findings import Finding, near_miss
from hooks.content.options import CELLS, FIGURE_MARKER, GRID_MARKER, parse_figures, parse_options
from hooks.content.registry import describe, rule
from hooks.content.yamlnodes import load_data_file


def check_options(data: bytes, bibliography, pages: dict[str, list[tuple[str, int]]] | None,
                  certainties: tuple[str, ...] = ("high", "moderate", "low", "very-low")) -> list[Finding]:
    """Every finding in data/options.yml. `pages` maps each page under docs/ (POSIX path) to its
    markers [(name, line)]; None skips the page checks."""
    grids = parse_options(data, certainties)
    findings = list(grids.findings)
    located, top = grids.located, grids.located.data if grids.located else None
    if not isinstance(top, dict) or not isinstance(top.get("options"), dict) or not isinstance(top.get("grids"), dict):
        return findings
    if bibliography is not None:
        for option_id, row in top["options"].items():
            if not isinstance(row, dict):
                continue
            for cell in CELLS:
                value = row.get(cell)
                sources = value.get("sources") if isinstance(value, dict) else None
                for index, key in enumerate(sources if isinstance(sources, list) else []):
                    problem = bibliography.problem(key) if isinstance(key, str) and key.strip() else None
                    if problem:
                        line = located.line("options", option_id, cell, "sources", index)
                        findings.append(Finding(line, "GRD003", f'option "{option_id}", cell "{cell}": source {problem}'))
    if pages is not None:
        for page in top["grids"]:
            if not isinstance(page, str) or not page.endswith(".md"):
                continue
            findings.extend(_page_problem(located.line("grids", page), "GRD004", page, pages, GRID_MARKER, "grid"))
    return findings


def _page_problem(line: int, rule: str, page: str, pages: dict, marker: str, what: str) -> Iterator[Finding]:
    if page not in pages:

        close = near_miss(page, list(pages))
        hint = f' - did you mean "{close}"?' if close else ""
        yield Finding(line, rule, f'page "{page}" of this {what} does not exist under docs/{hint}')
    elif not any(name == marker for name, _ in pages[page]):
        yield Finding(line, rule, f'page "{page}" has no marker line for this {what}: add '
                                  f"<!-- generated: {marker} --> where it should appear")


# ---- icon arrays -------------------------------------------------------------------------------------


def check_figures(data: bytes, bibliography, pages: dict[str, list[tuple[str, int]]] | None) -> list[Finding]:
    """Every finding in data/figures.yml. `pages` as for check_options."""
    figures = parse_figures(data, bibliography)
    findings = list(figures.findings)
    items = figures.located.data.get("figures") if figures.located and isinstance(figures.located.data, dict) else None
    if pages is not None and isinstance(items, list):
        reported: set[str] = set()
        for index, figure in enumerate(items):
            page = figure.get("page") if isinstance(figure, dict) else None
            if isinstance(page, str) and page.endswith(".md") and page not in reported:
                problems = list(_page_problem(figures.located.line("figures", index, "page"), "FIG004", page, pages,
                                              FIGURE_MARKER, "figure"))
                findings.extend(problems)
                reported.add(page)
    return findings


# ---- markers without data ----------------------------------------------------------------------------


def markers_without_data(page: str, markers: list[tuple[str, int]], named_grids: set[str],
                         named_figures: set[str]) -> Iterator[Finding]:
    """GRD005 / FIG005 for a page's marker lines (line numbers 1-based) that no data names."""
    for name, line in markers:
        if name == GRID_MARKER and page not in named_grids:
            yield Finding(line, "GRD005", f'<!-- generated: {GRID_MARKER} --> but data/options.yml has no grid for "{page}": '
                                          "add one under grids, or remove the marker")
        elif name == FIGURE_MARKER and page not in named_figures:
            yield Finding(line, "FIG005", f'<!-- generated: {FIGURE_MARKER} --> but data/figures.yml has no figure for "{page}": '
                                          "add one, or remove the marker")


def named_pages(grids_data: bytes | None, figures_data: bytes | None) -> tuple[set[str], set[str]]:
    """The pages each data file names (whatever their problems): a marker is then not 'without data'."""
    grid_pages: set[str] = set()
    figure_pages: set[str] = set()
    if grids_data is not None:
        located, _ = load_data_file(grids_data, "GRD001", "")
        data = located.data if located else None
        if isinstance(data, dict) and isinstance(data.get("grids"), dict):
            grid_pages = {page for page in data["grids"] if isinstance(page, str)}
    if figures_data is not None:
        located, _ = load_data_file(figures_data, "FIG001", "")
        data = located.data if located else None
        if isinstance(data, dict) and isinstance(data.get("figures"), list):
            figure_pages = {f["page"] for f in data["figures"] if isinstance(f, dict) and isinstance(f.get("page"), str)}
    return grid_pages, figure_pages


# ---- the rules: data files and pages together (project rules) -----------------------------------------


def page_markers(checker) -> dict[str, list[tuple[str, int]]]:
    """Every page under docs/ (POSIX path) with its marker lines [(name, line)], from the pages the
    checker reads once per run."""
    return {relative: [(name, index + 1) for name, index in page.markers] for relative, page in checker.all_pages()}


def _data_file(checker, path, check, unreadable: str):
    """(shown path, Finding) of one data file's check; nothing when the file is absent."""
    shown = checker.project.display(path)
    try:
        data = checker.content.data_bytes(path)
    except OSError as exc:
        yield shown, Finding(1, unreadable, f"cannot read file: {exc}")
        return
    if data is None:
        return
    for finding in check(data, checker.context.bibliography, page_markers(checker)):
        yield shown, finding


def _markers_without_data(checker, marker: str):
    content, project = checker.content, checker.project
    try:
        named = named_pages(content.data_bytes(project.options_path), content.data_bytes(project.figures_path))
    except OSError:
        return  # GRD001 / FIG001 say the file cannot be read
    for relative, page in checker.all_pages():
        markers = [(name, index + 1) for name, index in page.markers if name == marker]
        if markers:
            for finding in markers_without_data(relative, markers, *named):
                yield checker.page_display(relative), finding


@rule(
    "GRD001", "option-grid-malformed", "error", scope="project",
    summary="option grids (`data/options.yml`): file invalid or an option, cell or grid malformed",
    fix="compare it with the other entries: an option has `option`, and `involves`, `works` (with a GRADE "
        "`certainty` or `not-rated`) and `harms` cells, each with `text` and `sources`; a grid has a `caption` "
        "and `rows` naming options",
)
def check_option_grids(checker):
    """GRD001-GRD004: data/options.yml, against the bibliography and the pages' markers."""
    yield from _data_file(checker, checker.project.options_path, check_options, "GRD001")


describe(
    "GRD002", "option-cell-without-source", "error",
    summary="option grids: a cell without a source",
    fix="list the bibliography keys of the works that say it: `sources: [key]` (only what their `finding` says)",
)
describe(
    "GRD003", "option-source-unknown", "error",
    summary="option grids: a source key not verified in the bibliography",
    fix="correct the key, or cite a work from `data/bibliography.yml`",
)
describe(
    "GRD004", "option-grid-page", "error",
    summary="option grids: a grid names a page that does not exist or has no `option-grid` marker",
    fix="name the page by its path under `docs/`, and put `<!-- generated: option-grid -->` on it where the grid goes",
)


@rule(
    "GRD005", "grid-marker-without-data", "error", scope="project",
    summary="option grids: a page has the `option-grid` marker but no grid in the data",
    fix="add the page's grid under `grids:` in `data/options.yml`, or remove the marker",
)
def check_grid_markers(checker):
    yield from _markers_without_data(checker, GRID_MARKER)


@rule(
    "FIG001", "figure-malformed", "error", scope="project",
    summary="icon arrays (`data/figures.yml`): file invalid or a figure malformed",
    fix="give each figure id, page, kind (nnt or rate), value (per for a rate), unit, who, outcome, quote and source",
)
def check_icon_figures(checker):
    """FIG001-FIG004: data/figures.yml, against the bibliography's findings and the pages' markers."""
    yield from _data_file(checker, checker.project.figures_path, check_figures, "FIG001")


describe(
    "FIG002", "figure-without-source", "error",
    summary="icon arrays: a figure without a verified source",
    fix="give the bibliography key of the work whose `finding` holds the number",
)
describe(
    "FIG003", "figure-not-in-source", "error",
    summary="icon arrays: the quote is not in the source's finding, or the value is not in the quote",
    fix="copy the words with the number from the work's `finding` in `data/bibliography.yml`; the value is that "
        "number as written",
)
describe(
    "FIG004", "figure-page", "error",
    summary="icon arrays: a figure names a page that does not exist or has no `icon-arrays` marker",
    fix="name the page by its path under `docs/`, and put `<!-- generated: icon-arrays -->` on it where the "
        "pictures go",
)


@rule(
    "FIG005", "figure-marker-without-data", "error", scope="project",
    summary="icon arrays: a page has the `icon-arrays` marker but no figure in the data",
    fix="add a figure for the page in `data/figures.yml`, or remove the marker",
)
def check_figure_markers(checker):
    yield from _markers_without_data(checker, FIGURE_MARKER)
