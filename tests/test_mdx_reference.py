"""The reference extension (hooks/render/reference.py) run by plain Python-Markdown, as any engine runs it."""
from __future__ import annotations

import logging
import shutil
import textwrap
from pathlib import Path

import markdown
import pytest

from conftest import ROOT
from hooks.render.reference import ReferenceExtension, page_source

PAGE = textwrap.dedent("""\
    ---
    title: Adenosine
    description: A test page.
    type: mechanism
    reviewed: 2026-11-25
    next_review: 2027-11-25
    evidence: [animal]
    certainty: low
    sources: [goldman2010]
    ---
    """)
BODY = "## In short\n\nX [@goldman2010].\n\n## References\n\nLead.\n"


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "data", tmp_path / "data")
    (tmp_path / "data" / "claims.yml").unlink(missing_ok=True)
    (tmp_path / "docs" / "mechanisms").mkdir(parents=True)
    (tmp_path / "docs" / "mechanisms" / "adenosine.md").write_text(PAGE + BODY, encoding="utf-8")
    for name in ("references.md", "evidence-labels.md"):
        (tmp_path / "docs" / name).write_text("---\ntitle: X\ndescription: X.\ntype: reference\n---\n", encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text("site_name: T\nsite_url: https://example.org/\n", encoding="utf-8")
    return tmp_path


def _convert(project: Path, body: str, page: str = "mechanisms/adenosine.md", extensions=("abbr", "admonition", "toc"),
             configs=None) -> str:
    ext = ReferenceExtension(root=str(project), page=page)
    return markdown.Markdown(extensions=[*extensions, ext], extension_configs=configs or {}).convert(body)


def test_a_page_without_a_ledger(project):
    html = _convert(project, BODY)
    assert html.startswith('<div class="admonition info npa-evidence npa-certainty-low">')
    assert "Claims from the source" not in html
    assert '(<a href="../references.md#goldman2010">Goldman et al. 2010</a>)' in html
    assert '<a href="../references.md#goldman2010">Full entry</a>' in html
    assert html.index("Lead.") < html.index("Full entry")


def test_the_claims_box_follows_in_short_on_pages_the_ledger_names(project):
    shutil.copy(ROOT / "tests" / "fixtures" / "render" / "claims.yml", project / "data" / "claims.yml")
    html = _convert(project, BODY)
    assert html.index('id="in-short"') < html.index("Claims from the source") < html.index('id="references"')
    other = _convert(project, BODY, page="mechanisms/other.md")
    assert "Claims from the source" not in other


def test_bad_data_leaves_things_out_and_never_raises(project):
    bib = project / "data" / "bibliography.yml"
    bib.write_text(bib.read_text(encoding="utf-8").replace("authors: Goldman N", "authorz: Goldman N", 1),
                   encoding="utf-8")
    (project / "data" / "claims.yml").write_text("verdicts: {ok: {label: OK}}\nsections: 3\nclaims: []\n")
    html = _convert(project, BODY)
    assert "[@goldman2010]" in html  # the entry has no authors (BIB001): the citation stays as written
    assert "Claims from the source" not in html


def test_no_engine_and_no_page_option_means_the_home_page(project):
    md = markdown.Markdown(extensions=[ReferenceExtension(root=str(project))])
    assert page_source(md) == (None, None)
    assert 'href="references.md#goldman2010"' in md.convert("See [@goldman2010].")


def test_an_internal_error_is_a_warning_not_a_traceback(project, monkeypatch, caplog):
    import hooks.render.reference as reference

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(reference, "render", broken)
    with caplog.at_level(logging.WARNING):
        html = _convert(project, BODY)
    assert "[@goldman2010]" in html
    assert "mechanisms/adenosine.md: generated content left out: RuntimeError: boom" in caplog.text


def _with_tooltips(project: Path) -> Path:
    (project / "includes").mkdir()
    (project / "includes" / "abbreviations.md").write_text("*[NP]: Nerve pain\n\n*[ATP]: A molecule\n")
    return project


def test_the_tooltips_file_is_the_abbr_glossary_and_its_options_win(project):
    html = _convert(_with_tooltips(project), "NP and ATP.", configs={"abbr": {"glossary": {"NP": "Own words"}}})
    assert '<abbr title="Own words">NP</abbr>' in html and '<abbr title="A molecule">ATP</abbr>' in html
    page_local = _convert(project, "NP here.\n\n*[NP]: Defined on the page\n")
    assert '<abbr title="Defined on the page">NP</abbr>' in page_local


@pytest.mark.parametrize("extensions, configs", [
    (("abbr", "pymdownx.snippets"), {"pymdownx.snippets": {"auto_append": ["./includes/abbreviations.md"],
                                                           "base_path": ["/nonexistent"]}}),
    (("admonition",), {}),
])
def test_no_tooltips_when_snippets_appends_the_file_or_abbr_is_off(project, extensions, configs):
    html = _convert(_with_tooltips(project), "NP and ATP.", extensions=extensions, configs=configs)
    assert "<abbr" not in html


def test_links_to_other_sites_get_noopener(project):
    html = _convert(project, "[a](https://other.example/x) [b](https://example.org/page/) [c](../x.md)")
    assert '<a href="https://other.example/x" rel="noopener">a</a>' in html
    assert '<a href="https://example.org/page/">b</a>' in html and '<a href="../x.md">c</a>' in html


def test_the_page_comes_from_either_engine(project):
    """MkDocs's link resolver holds the page's file; Zensical's rendering context holds the page."""
    from types import SimpleNamespace

    from markdown.preprocessors import Preprocessor
    from markdown.treeprocessors import Treeprocessor

    build = object()

    class MkDocsLike(Treeprocessor):
        file = SimpleNamespace(src_uri="mechanisms/adenosine.md")
        config = build

        def run(self, root):
            return None

    class ZensicalLike(Preprocessor):
        page = SimpleNamespace(path="mechanisms/adenosine.md")
        config = build

        def run(self, lines):
            return lines

    for kind, register in (("tree", MkDocsLike), ("pre", ZensicalLike)):
        md = markdown.Markdown(extensions=["admonition", ReferenceExtension(root=str(project))])
        registry = md.treeprocessors if kind == "tree" else md.preprocessors
        registry.register(register(md), "engine", 0)
        assert page_source(md) == ("mechanisms/adenosine.md", build)
        html = md.convert(BODY)
        assert 'href="../references.md#goldman2010"' in html and "Evidence at a glance" in html
