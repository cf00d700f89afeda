"""Options side by side and pictures of numbers: the option grid and the icon arrays.

Markdown in, HTML out for both renderers (no site build), the checker's rules GRD001-GRD005 and
FIG001-FIG005 on fixtures with their lines, hostile data values, and the real data files."""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import markdown
import pytest

from hooks.render import blocks as site
from hooks.checker import Checker, Project
from hooks.content.bibliography import parse_bibliography
from hooks.gate.htmlscan import scan_html
from hooks.checker.options import check_figures, check_options
from hooks.content.options import drawn, parse_figures, parse_options
from hooks.render.reference import GridTreeprocessor
from hooks.render.tables import TableLabelsExtension
from hooks.render.blocks.grid import sentence
from htmlfacts import parse
from projectcopy import copy_project, quiet_env

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "checker"
BIBLIOGRAPHY = parse_bibliography((ROOT / "data" / "bibliography.yml").read_bytes())
LABELS = site.cite_labels(dict(BIBLIOGRAPHY.entries))
PAGES = {"treatments.md": [("option-grid", 40), ("icon-arrays", 50)], "safety.md": [("icon-arrays", 9)], "index.md": []}
CERTAINTY = {"high": "High", "moderate": "Moderate", "low": "Low", "very-low": "Very low"}


def to_html(text: str) -> str:
    """Markdown to HTML with the site's table extensions and the grid's tree processor."""
    md = markdown.Markdown(extensions=["tables", "md_in_html", "attr_list", TableLabelsExtension()])
    md.treeprocessors.register(GridTreeprocessor(md), "npa_grid", 7.5)
    return md.convert(text)


def grid_of(data: bytes, page: str = "treatments.md") -> dict:
    return parse_options(data).pages[page]


# ---- the option grid: Markdown in, HTML out -----------------------------------------------------------


def test_grid_renders_an_accessible_table_with_linked_citations():
    grid = grid_of((FIXTURES / "options" / "good.yml").read_bytes())
    html = to_html(site.option_grid(grid, LABELS, "conditions/shingles.md", "references.md", CERTAINTY))
    root = parse(html)
    [table] = root.find_all("table")
    assert [c.text() for c in table.find_all("caption")] == ["Options side by side."]
    assert [(th.text(), th.attrs.get("scope")) for th in table.find_all("thead")[0].find_all("th")] == [
        ("Option", "col"), ("What it involves", "col"), ("How well it works", "col"), ("Main harms", "col")]
    rows = table.find_all("tbody")[0].find_all("tr")
    assert [(r.find_all("th")[0].text(), r.find_all("th")[0].attrs.get("scope")) for r in rows] == [
        ("Nerve pain medicines", "row"), ("What happens without treatment", "row")]
    first = [(td.attrs.get("data-label"), td.text()) for td in rows[0].find_all("td")]
    assert first == [
        ("What it involves", f"A tablet every day ({LABELS['nice_cg173']})."),
        ("How well it works", f"Certainty: moderate. They help some people ({LABELS['finnerup2015']})."),
        ("Main harms", f"Feeling sleepy or dizzy ({LABELS['nhs_pregabalin']})."),
    ]
    assert rows[1].find_all("td")[1].text().startswith("Certainty: not rated. It usually gets better")
    links = [a.attrs["href"] for a in table.find_all("a")]
    assert links[:3] == ["../references.md#nice_cg173", "../references.md#finnerup2015", "../references.md#nhs_pregabalin"]
    assert "data-caption" not in html and "<script" not in html


def test_a_page_without_a_grid_gets_none():
    assert site.option_grid(None, LABELS, "treatments.md") is None
    assert site.icon_arrays([], LABELS, "treatments.md") is None


# ---- the icon arrays: Markdown in, HTML out -----------------------------------------------------------


@pytest.mark.parametrize(("kind", "value", "per", "expected"), [
    ("nnt", 5, None, 20), ("nnt", 3.6, None, 28), ("nnt", 6.4, None, 16), ("nnt", 7.7, None, 13),
    ("rate", 9.31, 100, 9), ("rate", 107, 1000, 11), ("rate", 15, 100, 15), ("nnt", 1, None, 100),
])
def test_natural_frequencies(kind, value, per, expected):
    assert drawn({"kind": kind, "value": value, "per": per}) == expected


def test_the_sentence_keeps_what_the_number_counts():
    nnt = {"kind": "nnt", "value": 5, "who": "people who took it", "outcome": "had their pain at least halved"}
    assert sentence(nnt) == ("Out of 100 people who took it, about 20 more had their pain at least halved than "
                             "out of 100 people taking a placebo, a dummy treatment.")
    rate = {"kind": "rate", "value": 107, "per": 1000, "who": "patients", "outcome": "reported a side effect"}
    assert sentence(rate) == "Out of 100 patients, about 11 reported a side effect."


def test_icon_array_is_inline_svg_with_the_sentence_as_its_text_alternative():
    figures = parse_figures((FIXTURES / "figures" / "good.yml").read_bytes(), BIBLIOGRAPHY)
    html = to_html(site.icon_arrays(figures.pages["treatments.md"], LABELS, "treatments.md"))
    root = parse(html)
    [figure] = root.find_all("figure")
    [svg] = figure.find_all("svg")
    [title] = svg.find_all("title")
    said = ("Out of 100 people in the trials who took a tricyclic antidepressant, about 28 more had their pain "
            "at least halved than out of 100 people taking a placebo, a dummy treatment.")
    assert svg.attrs["role"] == "img" and svg.attrs["aria-labelledby"] == title.attrs["id"] == "npa-fig-nnt-tricyclic-title"
    assert title.text() == said
    [caption] = figure.find_all("figcaption")
    assert caption.text() == said[:-1] + f" ({LABELS['finnerup2015']})."  # the same sentence, visible, with its source
    assert [a.attrs["href"] for a in caption.find_all("a")] == ["references.md#finnerup2015"]
    on, off = svg.find_all("path")
    assert on.attrs["d"].count("z") == 2 * 28 and off.attrs["d"].count("z") == 2 * 72  # head and body per person
    assert off.attrs["fill"] == "none"  # outlined, not told apart by colour alone
    assert "<script" not in html and " on" not in re.sub(r'"[^"]*"', '""', html)
    assert scan_html(html) == []


def test_treatments_are_squares_not_people():
    figure = {"id": "t", "kind": "rate", "value": 15, "per": 100, "unit": "treatments", "who": "treatments",
              "outcome": "were followed by a reaction"}
    svg = site.icon_array_svg(figure)
    assert svg.count("h7v7h-7z") == 100 and "a1.8" not in svg


# ---- hostile values are text wherever they land --------------------------------------------------------

HOSTILE = '<img src=x onerror=alert(1)> "quoted" [link](javascript:alert(1)) {: onclick="x"} | *em* [@ju2017] &amp;'


def test_hostile_grid_values_render_as_text():
    grid = {"caption": HOSTILE + '"><script>alert(1)</script>',
            "rows": [{"id": "x", "option": HOSTILE,
                      **{cell: {"text": HOSTILE, "sources": ["ju2017"], "certainty": "low"} for cell in ("involves", "works", "harms")}}]}
    html = to_html(site.option_grid(grid, LABELS, "treatments.md", "references.md", CERTAINTY))
    assert scan_html(html) == []
    assert "<img" not in html and "<script" not in html and 'href="javascript' not in html
    root = parse(html)
    assert [a.attrs["href"] for a in root.find_all("a")] == ["references.md#ju2017"] * 3  # no link from the data
    rows = root.find_all("tbody")[0].find_all("tr")
    assert len(rows) == 1 and len(rows[0].find_all("td")) == 3  # the pipe did not split the row
    assert root.find_all("caption")[0].text().startswith('<img src=x onerror=alert(1)> "quoted" [link](javascript:alert(1))')
    assert not root.find_all("img") and not root.find_all("em") and "onclick" not in str([n.attrs for n in root.walk()])


def test_hostile_figure_values_render_as_text():
    figure = {"id": "x", "kind": "nnt", "value": 4, "unit": "people", "source": "ju2017",
              "who": HOSTILE, "outcome": "</title><script>alert(1)</script>"}
    html = to_html(site.icon_arrays([figure], LABELS, "treatments.md"))
    assert scan_html(html) == []
    root = parse(html)
    assert not root.find_all("script") and not root.find_all("img") and not root.find_all("em")
    [title] = root.find_all("title")
    assert "</title><script>alert(1)</script>" in title.text()
    assert [a.attrs["href"] for a in root.find_all("a")] == ["references.md#ju2017"]


def test_hostile_ids_are_refused_by_the_checker():
    data = (FIXTURES / "figures" / "good.yml").read_bytes().replace(b"id: nnt-tricyclic", b'id: "x\\" onload=\\"y"')
    assert [(f.rule, f.line) for f in check_figures(data, BIBLIOGRAPHY, PAGES)] == [("FIG001", 2)]
    assert parse_figures(data, BIBLIOGRAPHY).pages.get("treatments.md") is None


# ---- the rules, with their lines in the data file ----------------------------------------------------


@pytest.mark.parametrize(("name", "expected"), [
    ("good.yml", []),
    ("grd001_malformed.yml", [("GRD001", 4), ("GRD001", 5), ("GRD001", 6), ("GRD001", 7), ("GRD001", 12), ("GRD001", 13)]),
    ("grd001_not_yaml.yml", [("GRD001", 4)]),
    ("grd002_no_source.yml", [("GRD002", 4), ("GRD002", 6)]),
    ("grd003_unknown_key.yml", [("GRD003", 10)]),
    ("grd004_page.yml", [("GRD004", 11), ("GRD004", 14)]),
])
def test_option_grid_fixture(name, expected):
    found = check_options((FIXTURES / "options" / name).read_bytes(), BIBLIOGRAPHY, PAGES)
    assert sorted((f.rule, f.line) for f in found) == expected


@pytest.mark.parametrize(("name", "expected"), [
    ("good.yml", []),
    ("fig001_malformed.yml", [("FIG001", line) for line in (2, 3, 4, 5, 6, 8, 11, 20, 21)]),
    ("fig001_not_yaml.yml", [("FIG001", 4)]),
    ("fig002_source.yml", [("FIG002", 2), ("FIG002", 18)]),
    ("fig003_quote.yml", [("FIG003", 9), ("FIG003", 14)]),
    ("fig004_page.yml", [("FIG004", 3), ("FIG004", 12)]),
])
def test_figures_fixture(name, expected):
    found = check_figures((FIXTURES / "figures" / name).read_bytes(), BIBLIOGRAPHY, PAGES)
    assert sorted((f.rule, f.line) for f in found) == expected


def test_messages_say_what_to_fix():
    found = check_options((FIXTURES / "options" / "grd002_no_source.yml").read_bytes(), BIBLIOGRAPHY, PAGES)
    assert found[0].message == ('option "medicines", cell "involves" has no source: list the bibliography keys of '
                                "the works that say it (sources: [key])")
    found = check_options((FIXTURES / "options" / "grd003_unknown_key.yml").read_bytes(), BIBLIOGRAPHY, PAGES)
    assert 'did you mean "finnerup2016"' in found[0].message
    found = check_figures((FIXTURES / "figures" / "fig003_quote.yml").read_bytes(), BIBLIOGRAPHY, PAGES)
    assert [f.message for f in found] == [
        'figure "quote-not-in-finding": the quote is not in the finding of "finnerup2015" (copy the words from data/bibliography.yml)',
        'figure "value-not-in-quote": the value 3.2 is not in the quote']


@pytest.mark.parametrize("data", [b"", b"- a list\n", b"options: 3\ngrids: {}\n", b"\xff\xfe bad",
                                  b"options: {a: &x {option: y}, b: *x}\ngrids: {}\n", b"figures: [&a [*a]]\n"])
def test_bad_files_are_findings_not_tracebacks(data):
    for check, rule in ((check_options, "GRD001"), (check_figures, "FIG001")):
        found = check(data, BIBLIOGRAPHY, PAGES)
        assert found and {f.rule for f in found} == {rule}


def test_markers_without_data_are_reported_on_the_page(tmp_path):
    """GRD005 / FIG005 are project rules (pages and data files together): tests/test_content_rules.py
    has their bad cases; here, the message on a copy of the project."""
    project = copy_project(tmp_path)
    page = project / "docs" / "having-acupuncture.md"
    lines = page.read_text(encoding="utf-8").split("\n")
    at = lines.index("## Caveats")
    lines[at:at] = ["<!-- generated: option-grid -->", "", "<!-- generated: icon-arrays -->", ""]
    page.write_text("\n".join(lines), encoding="utf-8")
    checker = Checker.load(Project.at(project))
    found = sorted((p.path, p.rule, p.line, p.message) for p in checker.check_project({"having-acupuncture.md"})
                   if p.rule in ("GRD005", "FIG005"))
    assert found == [
        ("docs/having-acupuncture.md", "FIG005", at + 3, '<!-- generated: icon-arrays --> but data/figures.yml has no figure '
         'for "having-acupuncture.md": add one, or remove the marker'),
        ("docs/having-acupuncture.md", "GRD005", at + 1, '<!-- generated: option-grid --> but data/options.yml has no grid '
         'for "having-acupuncture.md": add one under grids, or remove the marker')]


def test_the_real_data_files_are_clean_and_used():
    checker = Checker.load(Project.at(ROOT))
    assert [p for p in checker.check_project() if p.rule[:3] in ("GRD", "FIG")] == []
    grids = parse_options((ROOT / "data" / "options.yml").read_bytes())
    assert set(grids.pages) >= {"treatments.md", "conditions/diabetic-neuropathy.md", "conditions/shingles.md",
                                "conditions/chemotherapy.md", "conditions/carpal-tunnel.md"}
    for page, grid in grids.pages.items():
        assert grid["rows"][-1]["option"] == "What happens without treatment", page
    figures = parse_figures((ROOT / "data" / "figures.yml").read_bytes(), BIBLIOGRAPHY)
    assert set(figures.pages) == {"treatments.md", "safety.md"}


def test_the_checker_rejects_a_cell_without_a_source_with_file_and_line(tmp_path):
    """The command line, on a copy of the project: rule id, data file and the cell's line."""
    project = copy_project(tmp_path)
    path = project / "data" / "options.yml"
    lines = path.read_text(encoding="utf-8").split("\n")
    index = lines.index("      sources: [hey_capsaicin_cream, nice_cg173]")
    lines[index] = "      sources: []"
    path.write_text("\n".join(lines), encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "hooks.check", "data/options.yml"], cwd=project,
                            capture_output=True, text=True, env=quiet_env(), timeout=120)
    assert result.returncode == 1
    assert f"data/options.yml:{index + 1}: GRD002 option \"capsaicin-cream\", cell \"involves\" has no source" in result.stdout
