"""Both site engines give readers the same reference: MkDocs with Material today, Zensical
tomorrow. Each engine builds through `python -m hooks.build` (the gate, the build, the HTML scan), and
every page's generated elements are compared: linked citations, headings and reference entries, table
rows, tooltips, admonitions, the short answer and evidence boxes, the review line and the JSON-LD,
the option grids (caption, row headers, labelled cells) and the icon arrays (the SVG drawing, its text
alternative and its caption).

Zensical is installed from requirements-zensical.txt. Where it is missing the test skips with the
reason, except under CI=true, where that is a failure."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from htmlfacts import page_facts, site_pages
from projectcopy import require_zensical

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def builds(tmp_path_factory):
    require_zensical()
    out = tmp_path_factory.mktemp("engines")
    sites = {}
    for engine in ("mkdocs", "zensical"):
        site = out / engine
        result = subprocess.run([sys.executable, "-m", "hooks.build", "--engine", engine, "-d", str(site)],
                                cwd=ROOT, capture_output=True, text=True, timeout=600,
                                env=dict(os.environ, NO_MKDOCS_2_WARNING="1"))
        assert result.returncode == 0, f"{engine} build failed:\n{result.stdout}\n{result.stderr}"
        sites[engine] = site
    return sites


def test_both_engines_build_the_same_pages(builds):
    assert set(site_pages(builds["mkdocs"])) == set(site_pages(builds["zensical"]))


def test_every_page_has_the_same_generated_elements(builds):
    mkdocs_pages, zensical_pages = site_pages(builds["mkdocs"]), site_pages(builds["zensical"])
    differences = []
    for name in sorted(set(mkdocs_pages) & set(zensical_pages)):
        ours = page_facts(mkdocs_pages[name].read_text(encoding="utf-8"))
        theirs = page_facts(zensical_pages[name].read_text(encoding="utf-8"))
        for element, value in ours.items():
            if value != theirs[element]:
                differences.append(f"{name}: {element}: mkdocs {value!r:.300} != zensical {theirs[element]!r:.300}")
    assert not differences, "\n".join(differences)


def test_the_generated_elements_are_there_to_compare(builds):
    """A comparison of two empty outputs would pass: the MkDocs build must hold each kind of element."""
    found = {}
    for path in site_pages(builds["mkdocs"]).values():
        for element, value in page_facts(path.read_text(encoding="utf-8")).items():
            found[element] = found.get(element, 0) + len(value)
    missing = [element for element, total in found.items() if total == 0]
    assert not missing, f"no page has any of: {missing}"


def test_the_grids_and_icon_arrays_are_drawn_alike(builds):
    """Issue 16: the option grids and the icon arrays are on the pages that name them, the same
    under both engines, and each array's text alternative is the sentence shown under it."""
    mkdocs_pages, zensical_pages = site_pages(builds["mkdocs"]), site_pages(builds["zensical"])
    grids, arrays = {}, {}
    for name in mkdocs_pages:
        ours = page_facts(mkdocs_pages[name].read_text(encoding="utf-8"))
        theirs = page_facts(zensical_pages[name].read_text(encoding="utf-8"))
        assert ours["option_grids"] == theirs["option_grids"], name
        assert ours["icon_arrays"] == theirs["icon_arrays"], name
        grids[name], arrays[name] = len(ours["option_grids"]), ours["icon_arrays"]
        for _, role, alternative, _, paths, caption in ours["icon_arrays"]:
            assert role == "img" and alternative and caption[0].startswith(alternative[:-1]), name
    # The pages that draw them are the pages the data files name (read here, never written down).
    options = yaml.safe_load((ROOT / "data" / "options.yml").read_text(encoding="utf-8"))
    figures = yaml.safe_load((ROOT / "data" / "figures.yml").read_text(encoding="utf-8"))
    built = lambda source: source[: -len(".md")] + "/index.html"  # noqa: E731 - a path rule, named once
    assert {name for name, count in grids.items() if count} == {built(page) for page in options["grids"]}
    assert {name for name, found in arrays.items() if found} == {built(f["page"]) for f in figures["figures"]}
def test_a_recorded_clinical_review_shows_the_same_on_both_engines(tmp_path):
    """No page records a clinical review yet, so the site comparison above sees only "not yet
    reviewed by a clinician": here a copy of the project records one on the safety page."""
    require_zensical()
    from projectcopy import copy_project, run
    project = copy_project(tmp_path)
    page = project / "docs" / "safety.md"
    text = page.read_text(encoding="utf-8")
    record = "clinical_review:\n  reviewer: Test Reviewer\n  role: test role for the engine check\n  date: 2026-11-20\n"
    page.write_text(text.replace("\n---\n", "\n" + record + "---\n", 1), encoding="utf-8")
    lines = {}
    for engine in ("mkdocs", "zensical"):
        result = run(project, "-m", "hooks.build", "--engine", engine, "-d", str(tmp_path / engine), timeout=600)
        assert result.returncode == 0, f"{engine} build failed:\n{result.stdout}\n{result.stderr}"
        lines[engine] = {name: page_facts((tmp_path / engine / name).read_text(encoding="utf-8"))["review_line"]
                         for name in ("safety/index.html", "treatments/index.html")}
    assert lines["mkdocs"] == lines["zensical"]
    assert lines["mkdocs"]["safety/index.html"][-1] == (
        "Written and checked by our volunteer editors · Clinical review: test role for the engine check, 20 November 2026")
    assert lines["mkdocs"]["treatments/index.html"][-1].endswith("Clinical review: not yet reviewed by a clinician")
