"""Strict MkDocs builds with the reference extension (hooks/render/reference.py) and the template
overrides: a small fixture site (always) and the real site."""
from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from projectcopy import build, copy_parts, render_page
from hooks.content.config import read_config

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "render"
LD_JSON = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)

NAV = [
    "index.md",
    "neuropathic-pain.md",
    {"The evidence": ["acupuncture-vs-drugs.md", "claims.md", "evidence-labels.md"]},
    {"How acupuncture might work": ["mechanisms/index.md", "mechanisms/neurochemical-messengers.md",
                                    "mechanisms/adenosine.md"]},
    {"Reference": ["references.md", "editing-guide.md"]},
]


def _build(project: Path) -> subprocess.CompletedProcess:
    return build(project, "--strict", "-d", "site")


@pytest.fixture(scope="module")
def fixture_site(tmp_path_factory) -> Path:
    """The project's config, data, hooks, includes and overrides with the fixture docs and ledger.

    No MkDocs hook runs here: the rendering is the Markdown extension and the templates alone (as
    on an engine without hooks); the page checker has its own tests."""
    project = copy_parts(tmp_path_factory.mktemp("render") / "project", "data", "hooks", "includes", "overrides")
    shutil.copytree(FIXTURES / "docs", project / "docs")
    if (ROOT / "docs" / "stylesheets").is_dir():
        shutil.copytree(ROOT / "docs" / "stylesheets", project / "docs" / "stylesheets")
    shutil.copy(FIXTURES / "claims.yml", project / "data" / "claims.yml")
    config = read_config(ROOT / "mkdocs.yml").data
    config["nav"] = NAV
    config.pop("hooks", None)
    assert any(isinstance(e, dict) and "npa_reference" in e for e in config["markdown_extensions"])
    if not (project / "overrides").is_dir():
        config.get("theme", {}).pop("custom_dir", None)
    (project / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    result = _build(project)
    log = result.stdout + result.stderr
    assert result.returncode == 0, log
    assert "WARNING" not in log, log
    return project / "site"


def _read(site: Path, path: str) -> str:
    """A built page without the glossary's <abbr> tooltips (they wrap words anywhere)."""
    return re.sub(r"<abbr\b[^>]*>|</abbr>", "", (site / path).read_text(encoding="utf-8"))


def _article(site: Path, path: str) -> str:
    """The page content (no navigation, which repeats page titles)."""
    html = _read(site, path)
    return html[html.index("<article"):html.index("</article>")]


# ---- Markdown in, HTML out (the extensions alone, no build) ------------------------------------------


@pytest.fixture(scope="module")
def fixture_project(tmp_path_factory) -> Path:
    """The fixture docs and ledger with the project's data, for rendering pages without a build."""
    project = copy_parts(tmp_path_factory.mktemp("markdown") / "project", "data", "includes")
    shutil.copytree(FIXTURES / "docs", project / "docs")
    shutil.copy(FIXTURES / "claims.yml", project / "data" / "claims.yml")
    (project / "mkdocs.yml").write_text("site_name: t\n", encoding="utf-8")
    return project


def _markdown(project: Path, page: str) -> str:
    """A page's HTML without the glossary's <abbr> tooltips (they wrap words anywhere)."""
    return re.sub(r"<abbr\b[^>]*>|</abbr>", "", render_page(project, page))


def test_citations_link_to_the_references_page(fixture_project):
    html = _markdown(fixture_project, "neuropathic-pain.md")
    assert '(<a href="references.md#iasp2011terminology">IASP 2011</a>)' in html
    assert ('(<a href="references.md#treede2008">Treede et al. 2008</a>; '
            '<a href="references.md#iasp2011terminology">IASP 2011</a>)') in html
    assert "Cite like this: [@ju2017]" in html  # code fence left alone
    assert "<code>[@ju2017]</code>" in html
    nested = _markdown(fixture_project, "mechanisms/adenosine.md")
    assert 'href="../references.md#goldman2010"' in nested


def test_page_reference_list(fixture_project):
    html = _markdown(fixture_project, "acupuncture-vs-drugs.md")
    refs = html[html.index('id="references"'):]
    assert refs.index("Feng Z") < refs.index("Ju ZY") < refs.index("National Institute")
    assert '<a href="https://doi.org/10.1002/14651858.CD012057.pub2" rel="noopener">DOI</a>' in refs
    assert '<a href="references.md#ju2017">Full entry</a>' in refs


def test_the_built_site_links_citations_by_url(fixture_site):
    """MkDocs turns the extension's links to references.md into the page's address."""
    assert '(<a href="../references/#iasp2011terminology">IASP 2011</a>)' in _read(fixture_site, "neuropathic-pain/index.html")
    html = _read(fixture_site, "acupuncture-vs-drugs/index.html")
    refs = html[html.index('id="references"'):]
    assert refs.index("Full entry") < refs.index("npa-review")


def test_references_page_anchors_and_backlinks(fixture_site):
    html = _read(fixture_site, "references/index.html")
    bib = yaml.safe_load((ROOT / "data" / "bibliography.yml").read_text(encoding="utf-8"))["references"]
    for entry in bib:
        assert f'id="{entry["key"]}"' in html, entry["key"]
    block = html[html.index('id="ju2017"'):html.index('id="kavoussi2007"')]
    assert "Cited on:" in block and 'href="../acupuncture-vs-drugs/"' in block
    goldman = html[html.index('id="goldman2010"'):html.index('id="hui2010"')]
    assert 'href="../mechanisms/adenosine/"' in goldman
    assert 'href="https://pubmed.ncbi.nlm.nih.gov/20512135/" rel="noopener"' in goldman
    assert "Notes from our checks:" in html and "What it found:" in html


def test_evidence_badge_claims_box_and_review_dates(fixture_site):
    html = _read(fixture_site, "mechanisms/adenosine/index.html")
    assert "Evidence at a glance" in html
    assert re.search(r"Kind of evidence:</strong> Animal studies · <strong>Certainty:</strong> Very low", html)
    assert 'href="../../evidence-labels/"' in html
    assert "Claims from the source examined on this page" in html
    assert "<strong>Animal evidence only</strong>" in html
    assert ('<p class="npa-review">Page last reviewed: 25 November 2026 · '
            "Next review due: 25 November 2027</p>") in html
    assert html.index("Evidence at a glance") < html.index('id="in-short"') < html.index("Claims from the source")
    assert "Claims from the source" not in _read(fixture_site, "mechanisms/neurochemical-messengers/index.html")
    assert "Evidence at a glance" not in _read(fixture_site, "neuropathic-pain/index.html")
    assert "npa-review" not in _read(fixture_site, "references/index.html")


def test_review_line_says_whether_a_clinician_reviewed_the_page(fixture_site):
    """Recorded (the adenosine fixture's clinical_review): its role, escaped, and date, never the
    name; not recorded: "not yet reviewed by a clinician"."""
    recorded = _read(fixture_site, "mechanisms/adenosine/index.html")
    assert ('<p class="npa-review npa-clinical-review">Written and checked by our volunteer editors · '
            "Clinical review: test role &lt;b&gt;bold&lt;/b&gt; &amp; &#34;quoted&#34;, 20 November 2026</p>") in recorded
    assert "Test Reviewer" not in recorded
    absent = _read(fixture_site, "neuropathic-pain/index.html")
    assert ('<p class="npa-review npa-clinical-review">Written and checked by our volunteer editors · '
            "Clinical review: not yet reviewed by a clinician</p>") in absent


def test_generated_tables(fixture_site):
    claims = _article(fixture_site, "claims/index.html")
    assert claims.index("What neuropathic pain is") < claims.index("Acupuncture compared with drugs") \
        < claims.index("The proposed mechanisms") < claims.index("What the verdict words mean")
    assert re.search(r"<td[^>]*><strong>Not supported</strong></td>", claims)
    assert 'href="../mechanisms/adenosine/#the-claim"' in claims
    assert "<dt><strong>Outdated</strong></dt>" in claims
    mech = _read(fixture_site, "mechanisms/index.html")
    assert '<a href="adenosine/">Adenosine</a>' in mech and '<a href="neurochemical-messengers/">' in mech
    guide = _read(fixture_site, "editing-guide/index.html")
    assert "<code>mechanism</code>" in guide and "&lt;!-- generated: evidence-map --&gt;" in guide
    assert "Brain imaging in people" in _read(fixture_site, "evidence-labels/index.html")
    for page in fixture_site.rglob("*.html"):
        assert "<!-- generated:" not in page.read_text(encoding="utf-8"), page


def test_json_ld(fixture_site):
    html = _read(fixture_site, "mechanisms/adenosine/index.html")
    data = json.loads(LD_JSON.search(html).group(1))
    assert data["@type"] == "MedicalWebPage"
    assert data["name"] == "Adenosine" and data["lastReviewed"] == "2026-11-25"
    assert data["about"]["name"] == "Neuropathic pain"
    assert data["url"].endswith("/mechanisms/adenosine/")
    assert html.index("application/ld+json") < html.index("</head>")
    assert not LD_JSON.search(_read(fixture_site, "references/index.html"))


# --- the real site (shares the session build in conftest with the other site tests) ----------

def test_real_site_generated_content(built_site):
    site = built_site.path
    refs = _read(site, "references/index.html")
    bib = yaml.safe_load((ROOT / "data" / "bibliography.yml").read_text(encoding="utf-8"))["references"]
    assert all(f'id="{e["key"]}"' in refs for e in bib)
    assert refs.count("Cited on:") >= len(bib) // 2
    for page in site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert "<!-- generated:" not in text, page
        assert not re.search(r"\[@[\w:.-]+", re.sub(r"<code>.*?</code>|<pre.*?</pre>", "", text, flags=re.S)), page
    for md in (ROOT / "docs" / "mechanisms").glob("*.md"):
        if md.name == "index.md":
            continue
        html = _read(site, f"mechanisms/{md.stem}/index.html")
        assert "Evidence at a glance" in html and "Page last reviewed:" in html, md
        assert json.loads(LD_JSON.search(html).group(1))["@type"] == "MedicalWebPage"
    mech = _read(site, "mechanisms/index.html")
    mechanism_pages = [md for md in (ROOT / "docs" / "mechanisms").glob("*.md")
                       if re.search(r"^type: mechanism$", md.read_text(encoding="utf-8"), re.M)]
    assert mechanism_pages and len(re.findall(r"<td[^>]*><a href=\"", mech)) >= len(mechanism_pages)
    claims = yaml.safe_load((ROOT / "data" / "claims.yml").read_text(encoding="utf-8"))
    table = _read(site, "claims/index.html")
    for verdict in {c["verdict"] for c in claims["claims"]}:
        assert f"<strong>{claims['verdicts'][verdict]['label']}</strong>" in table


def test_tooltips_from_the_abbr_glossary_match_the_appended_ones(fixture_site, tmp_path):
    """The extension gives includes/abbreviations.md to the abbr extension as its glossary: the same <abbr>
    tooltips as appending the file to every page with pymdownx.snippets' auto_append, without the
    file's comments on every page."""
    project = tmp_path / "project"
    built = fixture_site.parent
    shutil.copytree(built, project, ignore=lambda folder, names: ["site"] if Path(folder) == built else [])
    config = read_config(project / "mkdocs.yml").data
    snippets = next(e for e in config["markdown_extensions"] if isinstance(e, dict) and "pymdownx.snippets" in e)
    snippets["pymdownx.snippets"]["auto_append"] = ["abbreviations.md"]  # relative to base_path: includes/
    (project / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    result = _build(project)
    assert result.returncode == 0, result.stdout + result.stderr
    abbr = re.compile(r"<abbr\b[^>]*>[^<]*</abbr>")
    for page in ("mechanisms/adenosine/index.html", "neuropathic-pain/index.html"):
        glossary = (fixture_site / page).read_text(encoding="utf-8")
        appended = (project / "site" / page).read_text(encoding="utf-8")
        assert abbr.findall(glossary) and abbr.findall(glossary) == abbr.findall(appended)
        assert "Glossary terms as hover tooltips" not in glossary
        assert "Glossary terms as hover tooltips" in appended
