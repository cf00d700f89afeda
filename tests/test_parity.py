"""The checker and the build read pages the same way.

Both read through one content layer (hooks/content/__init__.py, hooks/content/page.py). Each case that once
split them is here twice: against Python-Markdown itself (what the renderer makes of the text), and
as a real project where `python -m hooks.check` and a strict `mkdocs build` must report the same
`path:line: RULE` lines, or both pass.
"""
from __future__ import annotations

import os
import re
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest

from projectcopy import copy_parts, render_page
import yaml

from conftest import ROOT
from hooks.content.page import parse_text
from hooks.content.config import read_config

FIXTURES = ROOT / "tests" / "fixtures" / "checker"
TODAY = date.today()
NEXT_YEAR = (TODAY + timedelta(days=365)).isoformat()
PROBLEM = re.compile(r"^((?:docs|data)/\S+:\d+: [A-Z]+\d+) ", re.M)


def _html(body: str) -> str:
    return render_page(ROOT, "x.md", body)


def _outside_code(html: str) -> str:
    return re.sub(r"<pre.*?</pre>|<code>.*?</code>", "", html, flags=re.S)


FENCES = {
    "backtick in a backtick fence's info string: an inline code span": "```text `x`\nSee [@ju2017].\n```\n",
    "... and prose after it": "```text `x`\nSee\n```\n\nThen [@ju2017].\n",
    "language and attributes: code": "```{.python title=\"x\"}\n[@ju2017]\n```\n\nAfter [@ju2017].\n",
    "unknown words after the language: prose": "```python not options!\n[@ju2017]\n```\n",
    "a fence that never closes is prose": "Text.\n\n```\n\n[@ju2017]\n\n## Heading\n",
    "a longer fence does not close a shorter one": "```\n[@ju2017]\n````\n[@ju2017]\n```\n\nOut [@ju2017].\n",
    "tilde fence with a backtick info string: code": "~~~ text\n[@ju2017] `x`\n~~~\n",
    "indented fence: code": "  ```\n  [@ju2017]\n  ```\n",
}


@pytest.mark.parametrize("body", FENCES.values(), ids=FENCES.keys())
def test_citations_are_linked_exactly_where_the_checker_sees_prose(body):
    """The checker's citations are the ones linked; no link text leaks into code and no citation is
    left raw in prose."""
    seen = len(parse_text("x.md", body, front_matter=False).citations)
    html = _html(body)
    assert "](references.md#" not in html  # a link made inside what Python-Markdown shows as code
    assert "[@ju2017]" not in _outside_code(html)  # prose the checker did not see
    assert html.count('href="references.md#ju2017"') == seen


@pytest.mark.parametrize("text, keys", [
    ("[ @ju2017]", ["ju2017"]),
    ("[@ju2017 ; @feng2023 ]", ["ju2017", "feng2023"]),
    ("[@ju2017][x]", []),
    ("[@ju2017](https://example.org)", []),
    ("`[@ju2017]`", []),
    ("[@ju2017; not a key]", []),
])
def test_one_citation_syntax(text, keys):
    page = parse_text("x.md", f"Text {text}.\n", front_matter=False)
    assert [c.key for c in page.citations] == keys
    assert _html(f"Text {text}.\n").count('href="references.md#') == len(keys)


@pytest.mark.parametrize("heading", ["##References", "References\n----------", "## References ##"])
def test_sections_in_every_heading_style(heading):
    body = f"## In short\n\nSee [@ju2017].\n\n{heading}\n\nLead.\n"
    page = parse_text("x.md", body, front_matter=False)
    assert [h.text for h in page.headings if h.level == 2] == ["In short", "References"]
    html = _html(body)
    assert re.search(r'<h2 id="references">References.*?</h2>\s*<p>Lead.</p>\s*<ul>\s*<li>Ju ZY', html, re.S)


# ---- the command line and the build agree ---------------------------------------------------------

CONFIG = """\
site_name: Parity test
site_url: https://example.org/
theme:
  name: material
  font: false
hooks:
  - hooks/gate/mkdocs_gate.py
"""
INDEX = f"""\
---
title: Home
description: The home page of a tiny test site.
type: overview
reviewed: {TODAY}
next_review: {NEXT_YEAR}
certainty: low
answer: A tiny site. Our certainty is low.
---

## In short

A tiny site about [adenosine](mechanisms/adenosine.md).
"""
LEDGER = """\
verdicts:
  outdated: {label: Outdated, meaning: Was the view once.}
  supported: {label: Supported, meaning: What we checked backs it.}
sections:
  - {id: mech, title: Mechanisms}
claims:
  - id: C1
    section: mech
    claim: Needling releases adenosine.
    verdict: VERDICT
    certainty: very-low
    evidence: [animal]
    reason: Mouse studies only.
    sources: [goldman2010]
    page: mechanisms/adenosine.md#the-claim
"""


def _project(tmp_path: Path, page_edit=None, bib_edit=None, verdict: str = "supported") -> Path:
    project = copy_parts(tmp_path / "project", "hooks", data=("schema.yml", "bibliography.yml"))
    schema = project / "data" / "schema.yml"  # a source page of its own: the seed rules run (no SRC000 notice)
    schema.write_text(schema.read_text(encoding="utf-8").replace("rules: {}", "rules: {SRC001: {seed: seed}}"), encoding="utf-8")
    (project / "seed").mkdir()
    (project / "seed" / "source.txt").write_text("Acupuncture releases adenosine in mice.\n", encoding="utf-8")
    (project / "data" / "claims.yml").write_text(LEDGER.replace("VERDICT", verdict), encoding="utf-8")
    if bib_edit:
        path = project / "data" / "bibliography.yml"
        path.write_text(bib_edit(path.read_text(encoding="utf-8")), encoding="utf-8")
    config = read_config(ROOT / "mkdocs.yml").data
    extensions = yaml.safe_dump({"markdown_extensions": config["markdown_extensions"]}, sort_keys=False)
    (project / "mkdocs.yml").write_text(CONFIG + extensions, encoding="utf-8")
    (project / "docs" / "mechanisms").mkdir(parents=True)
    (project / "docs" / "index.md").write_text(INDEX, encoding="utf-8")
    page = (FIXTURES / "good_mechanism.md").read_text(encoding="utf-8")
    page = page.replace("reviewed: 2026-11-25", f"reviewed: {TODAY}").replace("next_review: 2027-11-25", f"next_review: {NEXT_YEAR}")
    (project / "docs" / "mechanisms" / "adenosine.md").write_text(page_edit(page) if page_edit else page, encoding="utf-8")
    (project / "docs" / "references.md").write_text(
        "---\ntitle: References\ndescription: The works.\ntype: reference\n---\n\n<!-- generated: bibliography -->\n",
        encoding="utf-8")
    return project


def _run(project: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    env.pop("GITHUB_ACTIONS", None)
    return subprocess.run([sys.executable, "-m", *args], cwd=project, env=env, capture_output=True, text=True,
                          timeout=300)


def _both(project: Path) -> tuple[set[str], set[str], subprocess.CompletedProcess, subprocess.CompletedProcess]:
    cli = _run(project, "hooks.check", "--strict")
    build = _run(project, "mkdocs", "build", "--strict", "-d", "site")
    return (set(PROBLEM.findall(cli.stdout)), set(PROBLEM.findall(build.stdout + build.stderr)), cli, build)


CASES = {
    "a citation with a space after the bracket": (
        lambda page: page.replace("[@goldman2010]", "[ @goldman2010 ]"), None, "supported", set()),
    "a reference link is not a citation": (
        lambda page: page.replace("in mice [@goldman2010].", "in mice [@goldman2010]. See [@nosuch][x]."),
        None, "supported", set()),
    "a fence with a backtick in its info string is prose": (
        lambda page: page.replace("## The claim {#the-claim}",
                                  "```text `x`\nSee [@nosuch].\n\nSee [@nosuch2].\n\n## The claim {#the-claim}"),
        None, "supported", {"CIT001", "CIT002"}),
    "setext and no-space headings are sections": (
        lambda page: page.replace("## Caveats", "Caveats\n-------").replace("## References", "##References"),
        None, "supported", set()),
    "a bibliography entry with no authors": (
        None, lambda text: re.sub(r"(- key: goldman2010\n)  authors: [^\n]*\n(    [^\n]*\n)*", r"\1", text),
        "supported", {"BIB001"}),
    "an unknown verdict in the claims ledger": (None, None, "outdate", {"CLM002"}),
}


@pytest.mark.parametrize("page_edit, bib_edit, verdict, rules", CASES.values(), ids=CASES.keys())
def test_the_command_line_and_the_build_agree(tmp_path, page_edit, bib_edit, verdict, rules):
    project = _project(tmp_path, page_edit, bib_edit, verdict)
    from_cli, from_build, cli, build = _both(project)
    log = cli.stdout + cli.stderr + build.stdout + build.stderr
    assert from_cli == from_build, log
    assert {line.rsplit(" ", 1)[1] for line in from_cli} == rules, log
    assert (cli.returncode == 0) == (build.returncode == 0) == (not rules), log
    assert "Traceback" not in log and "invalid data file" not in log
    if not rules:
        html = (project / "site" / "mechanisms" / "adenosine" / "index.html").read_text(encoding="utf-8")
        assert 'href="../../references/#goldman2010"' in html and "[@goldman" not in _outside_code(html)
        assert re.search(r'id="references"', html) and "Full entry" in html
    if verdict == "outdate":
        assert 'did you mean "outdated"?' in cli.stdout and 'did you mean "outdated"?' in build.stdout + build.stderr


def test_a_build_reads_and_parses_each_page_once(tmp_path, monkeypatch):
    """The gate and the Markdown extension share the content layer: one parse of each page file."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    from hooks.content import layer as content_layer

    project = _project(tmp_path)
    parsed: list[str] = []
    real = content_layer.parse_page
    monkeypatch.setattr(content_layer, "parse_page", lambda path, data: parsed.append(path) or real(path, data))
    monkeypatch.chdir(project)
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    build(load_config(str(project / "mkdocs.yml"), site_dir=str(project / "site")))
    pages = sorted(str(p.relative_to(project)) for p in (project / "docs").rglob("*.md"))
    assert sorted(parsed) == pages
