"""Unit tests for the rendering library (hooks/site): pure functions, no MkDocs."""
from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from hooks import site  # noqa: E402
from hooks.site.citations import author_short  # noqa: E402
from hooks.site.markdown_text import code_mask, headings, relative_link  # noqa: E402
from hooks.site.references import format_authors, sort_key  # noqa: E402

FIXTURES = ROOT / "tests" / "fixtures" / "render"


@pytest.fixture(scope="module")
def bib():
    return site.load_bibliography(ROOT / "data" / "bibliography.yml")


@pytest.fixture(scope="module")
def labels(bib):
    return site.cite_labels(bib)


@pytest.fixture(scope="module")
def schema():
    return site.load_schema(ROOT / "data" / "schema.yml")


@pytest.fixture(scope="module")
def ledger():
    return site.load_claims(FIXTURES / "claims.yml")


# --- citation labels -------------------------------------------------------------------------

@pytest.mark.parametrize("authors, expected", [
    ("Ju ZY, Wang K, Cui HS, Yao Y", "Ju et al."),
    ("Kavoussi B, Ross BE", "Kavoussi and Ross"),
    ("Smith J", "Smith"),
    ("Cidral-Filho FJ, da Silva MD", "Cidral-Filho and da Silva"),
    ("Treede RD, Jensen TS, et al.", "Treede et al."),
    ("Merskey H, Bogduk N (eds); IASP Task Force on Taxonomy", "Merskey and Bogduk"),
    ("National Institute for Health and Care Excellence (NICE)", "NICE"),
    ("IASP Taxonomy Working Group (chair: Loeser JD)", "IASP"),
    ("Cochrane Pain Group", "Cochrane Pain Group"),
    ("Zijlstra FJ, van den Berg-de Lange I, Huygen FJPM, Klein J", "Zijlstra et al."),
])
def test_author_short(authors, expected):
    assert author_short(authors) == expected


def test_labels_of_the_real_bibliography(labels):
    assert labels["ju2017"] == "Ju et al. 2017"
    assert labels["nice_cg173"] == "NICE 2013"
    assert labels["nice_ng193"] == "NICE 2021"
    assert labels["iasp2011terminology"] == "IASP 2011"
    assert labels["kavoussi2007"] == "Kavoussi and Ross 2007"
    assert len(set(labels.values())) == len(labels)


def test_a_work_without_a_year_is_labelled_no_date(tmp_path):
    """A year not seen stays null in the bibliography: the build must not fail on it."""
    (tmp_path / "bib.yml").write_text(
        "references:\n- {key: page1, authors: nidirect, year: null, title: Peripheral neuropathy}\n")
    bib = site.load_bibliography(tmp_path / "bib.yml")
    assert site.cite_labels(bib) == {"page1": "nidirect n.d."}


def test_equal_labels_are_told_apart():
    bib = {"b": {"authors": "Smith J", "year": 2010}, "a": {"authors": "Smith J", "year": 2010}}
    assert site.cite_labels(bib) == {"a": "Smith 2010a", "b": "Smith 2010b"}


# --- citations in text -----------------------------------------------------------------------

def test_single_and_multiple_citations(labels):
    md = "Low quality [@ju2017]. Mixed [@ju2017; @feng2023] and [@ju2017;@nice_cg173]."
    out = site.render_citations(md, labels, "acupuncture-vs-drugs.md")
    assert "([Ju et al. 2017](references.md#ju2017))" in out
    assert "([Ju et al. 2017](references.md#ju2017); [Feng et al. 2023](references.md#feng2023))" in out
    assert "[NICE 2013](references.md#nice_cg173))" in out
    assert "@" not in out


def test_citation_links_are_relative_to_nested_pages(labels):
    out = site.render_citations("x [@goldman2010]", labels, "mechanisms/adenosine.md")
    assert "[Goldman et al. 2010](../references.md#goldman2010)" in out
    out = site.render_citations("x [@goldman2010]", labels, "a/b/c.md")
    assert "(../../references.md#goldman2010)" in out


def test_code_fences_and_inline_code_are_left_alone(labels):
    md = "\n".join([
        "Text [@ju2017].",
        "```markdown",
        "Cite [@ju2017] like this",
        "```",
        "    ~~~~",
        "    [@feng2023]",
        "    ~~~~",
        "Inline `[@ju2017]` and ``x [@ju2017] ` y`` stay; [@feng2023] goes.",
    ])
    out = site.render_citations(md, labels, "p.md")
    lines = out.split("\n")
    assert lines[0] == "Text ([Ju et al. 2017](references.md#ju2017))."
    assert lines[2] == "Cite [@ju2017] like this"
    assert lines[5] == "    [@feng2023]"
    assert "`[@ju2017]`" in lines[7] and "``x [@ju2017] ` y``" in lines[7]
    assert lines[7].endswith("([Feng et al. 2023](references.md#feng2023)) goes.")


def test_unknown_keys_are_left_unchanged(labels):
    md = "A [@nosuchwork] and [@ju2017; @alsonot]."
    assert site.render_citations(md, labels, "p.md") == md


def test_links_and_footnotes_are_not_citations(labels):
    md = "[@ju2017](https://example.org) and [^1]"
    assert site.render_citations(md, labels, "p.md") == md


def test_find_citations_in_order_without_code():
    md = "a [@b1; @a1]\n```\n[@zz]\n```\n`[@yy]` [@a1] [@c1]"
    assert site.find_citations(md) == ["b1", "a1", "c1"]


def test_code_mask_needs_a_matching_fence():
    lines = ["```", "x", "~~~", "y", "````", "z", "~~~~", "```", "~~~", "~~~~"]
    assert code_mask(lines) == [True] * 5 + [False] + [True] * 4


# --- reference entries -----------------------------------------------------------------------

def test_format_authors_truncates_long_lists():
    assert format_authors("A B, C D, E F, G H, I J, K L, M N") == "A B, C D, E F, et al."
    assert format_authors("A B, C D") == "A B, C D"
    assert format_authors("Ursini T, B C, D E, F G, H I, J K, L M; VZV Pain Study Group") == \
        "Ursini T, B C, D E, et al.; VZV Pain Study Group"


def test_page_reference_entry_style(bib):
    out = site.page_reference_list(["treede2008"], bib, "neuropathic-pain.md")
    assert out == (
        "- Treede RD, Jensen TS, Campbell JN, et al. (2008). Neuropathic pain: redefinition and a "
        "grading system for clinical and research purposes. *Neurology* 70(18): 1630-1635. "
        "[DOI](https://doi.org/10.1212/01.wnl.0000282763.29778.59) · "
        "[PubMed](https://pubmed.ncbi.nlm.nih.gov/18003941/) · [Full entry](references.md#treede2008)"
    )


def test_page_reference_list_sorted_unique_and_relative(bib):
    out = site.page_reference_list(["nice_cg173", "ju2017", "ju2017", "unknown"], bib, "mechanisms/x.md")
    lines = out.split("\n")
    assert len(lines) == 2
    assert lines[0].startswith("- Ju ZY") and lines[1].startswith("- National Institute")
    assert "[Full entry](../references.md#ju2017)" in lines[0]
    # no DOI or PubMed: the web page is linked instead
    assert "[Web page (www.nice.org.uk)](https://www.nice.org.uk/guidance/cg173/chapter/Recommendations)" in lines[1]
    assert "(see notes" not in out


def test_sort_key_uses_first_author(bib):
    order = [e["key"] for e in sorted(bib.values(), key=sort_key)]
    assert order.index("carville2021") < order.index("ju2017") < order.index("nice_cg173") < order.index("zijlstra2003")
    assert order.index("finnerup2015") < order.index("finnerup2016")


def test_bibliography_page(bib, labels):
    cited_on = {"ju2017": [("Acupuncture compared with drugs", "acupuncture-vs-drugs.md"),
                           ("Adenosine", "mechanisms/adenosine.md")]}
    out = site.bibliography_page(bib, labels, cited_on, "references.md", level=2)
    for key in bib:
        assert re.search(r"^## .* \{#" + re.escape(key) + r"\}$", out, re.M), key
    block = out[out.index("{#ju2017}"):out.index("{#kavoussi2007}")]
    assert "[DOI](https://doi.org/10.1002/14651858.CD012057.pub2)" in block
    assert "**Kind of evidence:** Systematic review" in block
    assert "**What it found:** The review found 6 RCTs" in block
    assert f"**Notes from our checks:** {bib['ju2017']['notes']}" in block
    assert "**Cited on:** [Acupuncture compared with drugs](acupuncture-vs-drugs.md) · [Adenosine](mechanisms/adenosine.md)" in block
    hui = out[out.index("{#hui2010}"):]
    hui = hui[:hui.index("\n## ")]
    assert "Notes from our checks" not in hui  # notes: null
    assert "Cited on" not in hui
    assert "the seed" not in out  # internal word replaced
    assert "### " not in site.bibliography_page(bib, labels, {}, level=1)


def test_bibliography_headings_follow_the_page_level(bib, labels):
    out = site.bibliography_page(bib, labels, {}, "references.md", level=3)
    assert out.startswith("### ")


# --- markers and sections --------------------------------------------------------------------

def test_replace_marker_only_outside_code():
    md = "a\n<!-- generated: evidence-map -->\n```\n<!-- generated: evidence-map -->\n```\n"
    out = site.replace_marker(md, "evidence-map", "TABLE")
    assert out.count("TABLE") == 1 and out.count("<!-- generated: evidence-map -->") == 1


def test_append_to_section_puts_text_at_the_end_of_references():
    md = "## In short\n\nx\n\n## References\n\nLead.\n\n```\n## not a heading\n```\n\n## After\n\nz\n"
    out = site.append_to_section(md, "References", "- item")
    assert out.index("- item") > out.index("## not a heading") and out.index("- item") < out.index("## After")
    assert site.append_to_section("## Other\n", "References", "- item") == "## Other\n"
    end = site.append_to_section("## References {#refs}\n\nLead.\n", "References", "- item")
    assert end.rstrip().endswith("- item")


def test_insert_after_section():
    md = "## In short\n\nSummary.\n\n### Sub\n\nmore\n\n## The claim\n\nx"
    out = site.insert_after_section(md, "In short", "BOX")
    assert out.index("more") < out.index("BOX") < out.index("## The claim")
    assert site.insert_after_section("text", "In short", "BOX").startswith("BOX")


def test_relative_link():
    assert relative_link("index.md", "references.md#a") == "references.md#a"
    assert relative_link("mechanisms/index.md", "mechanisms/adenosine.md") == "adenosine.md"
    assert relative_link("mechanisms/a.md", "claims.md") == "../claims.md"
    assert relative_link("claims.md", "mechanisms/a.md#the-claim") == "mechanisms/a.md#the-claim"
    assert relative_link("x.md", "x.md#sleep") == "#sleep"


def test_headings_ignore_code_and_attributes():
    md = "## A {#a}\n```\n## B\n```\n### C"
    assert headings(md) == [(0, 2, "A"), (4, 3, "C")]


# --- evidence badge and map ------------------------------------------------------------------

def test_badge_on_mechanism_and_evidence_pages_only(schema):
    meta = {"type": "mechanism", "evidence": ["animal"], "certainty": "very-low"}
    out = site.evidence_badge(meta, schema, "mechanisms/adenosine.md")
    assert out.startswith('!!! info npa-evidence npa-certainty-very-low "Evidence at a glance"')
    assert "**Kind of evidence:** Animal studies · **Certainty:** Very low (GRADE)" in out
    assert "[How to read these labels](../evidence-labels.md)" in out
    assert all(line.startswith("    ") for line in out.split("\n")[1:] if line)
    assert site.evidence_badge({**meta, "type": "evidence"}, schema, "x.md").count("evidence-labels.md") == 1
    assert site.evidence_badge({**meta, "type": "condition"}, schema, "x.md") == ""
    assert "How to read" not in site.evidence_badge(meta, schema, "x.md", labels_page=None)


def test_evidence_map_rows(schema, ledger):
    pages = [
        {"path": "index.md", "title": "Home", "meta": {"type": "overview"}},
        {"path": "mechanisms/adenosine.md", "title": "Adenosine",
         "meta": {"type": "mechanism", "evidence": ["animal"], "certainty": "very-low", "description": "D1"}},
        {"path": "mechanisms/brain-areas.md", "title": "Brain areas",
         "meta": {"type": "mechanism", "evidence": ["human-imaging", "narrative-review"], "certainty": "low",
                  "description": "Brain | areas"}},
    ]
    out = site.evidence_map(pages, schema, "mechanisms/index.md", ledger).split("\n")
    assert out[0] == "| Mechanism | Claim examined | Verdict | Kind of evidence | Certainty |"
    assert len(out) == 4
    assert out[2] == ("| [Adenosine](adenosine.md) | Acupuncture raises adenosine in the tissue. | "
                      "**Animal evidence only** | Animal studies | Very low |")
    assert out[3].startswith("| [Brain areas](brain-areas.md) | Brain \\| areas |")
    assert "Brain imaging in people, Narrative review | Low |" in out[3]
    plain = site.evidence_map(pages, schema, "mechanisms/index.md", None).split("\n")
    assert "Verdict" not in plain[0] and "| D1 |" in plain[2]


# --- claims box and table --------------------------------------------------------------------

def test_claims_box_only_on_named_pages(ledger, schema):
    box = site.claims_box(ledger, "acupuncture-vs-drugs.md", schema)
    assert box.startswith('!!! note npa-claims "Claims from the source examined on this page"')
    assert "**Not supported**" in box and "certainty: Very low" in box
    assert "[See the discussion](#versus-drugs)" in box
    assert "[All the claims we checked](claims.md)" in box
    nested = site.claims_box(ledger, "mechanisms/adenosine.md", schema)
    assert "(#the-claim)" in nested and "(../claims.md)" in nested
    assert site.claims_box(ledger, "mechanisms/brain-areas.md", schema) == ""
    assert site.claims_box(None, "acupuncture-vs-drugs.md", schema) == ""


def test_claims_table_grouped_by_section_with_labels(ledger, schema):
    titles = {"neuropathic-pain.md": "Neuropathic pain", "mechanisms/adenosine.md": "Adenosine"}
    out = site.claims_table(ledger, schema, "claims.md", titles, level=3)
    sections = re.findall(r"^### (.*)$", out, re.M)
    assert sections == ["What neuropathic pain is", "Acupuncture compared with drugs", "The proposed mechanisms",
                        "What the verdict words mean"]
    assert ("| Neuropathic pain comes from a lesion or dysfunction of the nervous system. | **Outdated** | "
            "IASP replaced the 1994 wording. | Guideline | High | [Neuropathic pain](neuropathic-pain.md#definition) |") in out
    assert "works as well as drugs \\| at least" in out
    assert "[acupuncture-vs-drugs.md](acupuncture-vs-drugs.md#versus-drugs)" in out  # no title known
    assert "[Adenosine](mechanisms/adenosine.md#the-claim)" in out
    assert "**Animal evidence only**\n:   Only animal studies back it." in out


def test_claims_table_skips_empty_sections(schema):
    ledger = {"verdicts": {"supported": {"label": "Supported", "meaning": "m"}},
              "sections": [{"id": "a", "title": "A"}, {"id": "b", "title": "B"}],
              "claims": [{"id": "1", "section": "b", "claim": "c", "verdict": "supported", "page": "p.md#x"}]}
    out = site.claims_table(ledger, schema, "claims.md")
    assert "## A" not in out and "## B" in out


# --- data loading ----------------------------------------------------------------------------

def test_load_claims_missing_file_is_none(tmp_path):
    assert site.load_claims(tmp_path / "claims.yml") is None


@pytest.mark.parametrize("text, message", [
    ("verdicts: [", "not valid YAML"),
    ("- 1", "expected a mapping"),
    ("verdicts: {ok: {label: OK}}\nsections: [{id: s, title: S}]\nclaims: [{id: C1, section: s, claim: c, verdict: bad, page: p.md}]",
     "unknown verdict 'bad'"),
    ("verdicts: {ok: {label: OK}}\nsections: [{id: s, title: S}]\nclaims: [{id: C1, section: x, claim: c, verdict: ok, page: p.md}]",
     "unknown section 'x'"),
    ("verdicts: {ok: {label: OK}}\nsections: [{id: s, title: S}]\nclaims: [{id: C1, section: s, verdict: ok, page: p.md}]",
     "has no 'claim'"),
])
def test_load_claims_errors(tmp_path, text, message):
    path = tmp_path / "claims.yml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(site.DataError, match=re.escape(message)):
        site.load_claims(path)


def test_load_bibliography_rejects_duplicates(tmp_path):
    path = tmp_path / "bib.yml"
    path.write_text("references:\n- {key: a, authors: X Y, year: 1, title: t}\n- {key: a, authors: X Y, year: 1, title: t}\n")
    with pytest.raises(site.DataError, match="duplicate key 'a'"):
        site.load_bibliography(path)


def test_real_claims_ledger_loads_if_present():
    path = ROOT / "data" / "claims.yml"
    if not path.exists():
        pytest.skip("data/claims.yml not written yet")
    assert site.load_claims(path)["claims"]


# --- schema tables ---------------------------------------------------------------------------

def test_schema_tables_and_vocabularies(schema):
    out = site.schema_tables(schema)
    assert "| `mechanism` | One proposed way acupuncture works | In short · The claim · What the research shows" in out
    assert "| `description` | all | text, at most 160 characters |" in out
    assert "| `tags` | optional | a list of words |" in out
    assert "| `certainty` | `evidence`, `mechanism`, `guide` | one of `high`, `moderate`, `low`, `very-low` |" in out
    vocab = site.vocabularies(schema)
    assert "| `human-imaging` | Brain imaging in people |" in vocab
    assert "| `very-low` | Very low |" in vocab


# --- review dates ----------------------------------------------------------------------------

def test_review_dates():
    assert site.format_date(dt.date(2026, 11, 5)) == "5 November 2026"
    assert site.format_date("2027-01-25") == "25 January 2027"
    assert site.format_date("not a date") == ""
    line = site.review_line({"reviewed": dt.date(2026, 11, 25), "next_review": dt.date(2027, 11, 25)})
    assert line == "Page last reviewed: 25 November 2026 · Next review due: 25 November 2027\n{: .npa-review }"
    assert site.review_line({"type": "reference"}) == ""


# --- JSON-LD and external links --------------------------------------------------------------

def test_json_ld_fields():
    meta = {"title": "Adenosine", "description": "How </script> adenosine & pain", "type": "mechanism",
            "reviewed": dt.date(2026, 11, 25)}
    data = site.json_ld(meta, "https://example.org/mechanisms/adenosine/")
    assert data["@type"] == "MedicalWebPage" and data["@context"] == "https://schema.org"
    assert data["name"] == "Adenosine" and data["lastReviewed"] == "2026-11-25"
    assert data["about"] == {"@type": "MedicalCondition", "name": "Neuropathic pain"}
    assert data["url"] == "https://example.org/mechanisms/adenosine/"
    assert site.json_ld({"type": "reference", "title": "Glossary"}) is None
    assert site.json_ld({}) is None


def test_json_ld_is_escaped_and_injected_before_head_end():
    data = site.json_ld({"title": "A </script><script>alert(1)</script>", "type": "overview"}, "u")
    html = site.inject_json_ld("<html><head><title>x</title></head><body></body></html>", data)
    script = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    assert "<" not in script and html.index("ld+json") < html.index("</head>")
    assert json.loads(script)["name"] == "A </script><script>alert(1)</script>"
    assert site.inject_json_ld("<p>no head</p>", data) == "<p>no head</p>"
    assert site.inject_json_ld("<head></head>", None) == "<head></head>"


def test_rel_noopener_on_external_links_only():
    html = ('<a href="https://doi.org/x">a</a> <a href="../references/">b</a> '
            '<a href="https://site.example/docs/page/">c</a> <a rel="edit" href="https://github.com/e">d</a> '
            "<a href='http://x.org' rel='noopener'>e</a>")
    out = site.add_rel_noopener(html, "https://site.example/docs/")
    assert '<a href="https://doi.org/x" rel="noopener">' in out
    assert '<a href="../references/">' in out
    assert '<a href="https://site.example/docs/page/">' in out
    assert '<a rel="edit noopener" href="https://github.com/e">' in out
    assert "<a href='http://x.org' rel='noopener'>" in out


# --- front matter ----------------------------------------------------------------------------

def test_split_front_matter():
    meta, body = site.split_front_matter("---\ntitle: T\nreviewed: 2026-11-25\n---\n\n## In short\n")
    assert meta == {"title": "T", "reviewed": dt.date(2026, 11, 25)} and body == "\n## In short\n"
    assert site.split_front_matter("no front matter") == ({}, "no front matter")
    assert site.split_front_matter("---\n: [\n---\nx")[0] == {}


def test_fixture_pages_have_valid_front_matter():
    for page in (FIXTURES / "docs").rglob("*.md"):
        meta, _ = site.split_front_matter(page.read_text(encoding="utf-8"))
        assert meta.get("type"), page
    assert yaml.safe_load((FIXTURES / "claims.yml").read_text(encoding="utf-8"))["claims"]


# --- the MkDocs adapter ----------------------------------------------------------------------

def _adapter():
    import importlib.util
    spec = importlib.util.spec_from_file_location("mkdocs_render_under_test", ROOT / "hooks" / "mkdocs_render.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class _Config(dict):
    def __init__(self, path):
        super().__init__()
        self.config_file_path = str(path)
        self.site_url = "https://example.org/"


def test_adapter_rejects_an_invalid_data_file(tmp_path):
    from mkdocs.exceptions import PluginError
    shutil.copytree(ROOT / "data", tmp_path / "data")
    (tmp_path / "data" / "claims.yml").write_text("verdicts: {ok: {label: OK}}\nsections: []\nclaims: []\n")
    with pytest.raises(PluginError, match=r"claims\.yml: missing 'sections' list"):
        _adapter().on_config(_Config(tmp_path / "mkdocs.yml"))


def test_adapter_renders_a_page_without_a_ledger(tmp_path):
    shutil.copytree(ROOT / "data", tmp_path / "data")
    (tmp_path / "data" / "claims.yml").unlink(missing_ok=True)
    hook = _adapter()
    hook.on_config(_Config(tmp_path / "mkdocs.yml"))
    assert hook.STATE.ledger is None
    hook.STATE.paths = {"evidence-labels.md", "references.md"}
    meta = {"type": "mechanism", "evidence": ["animal"], "certainty": "low",
            "reviewed": dt.date(2026, 11, 25), "next_review": dt.date(2027, 11, 25), "sources": ["goldman2010"]}
    md = "## In short\n\nX [@goldman2010].\n\n## References\n\nLead.\n"
    out = hook.render_page(md, "mechanisms/adenosine.md", meta)
    assert out.startswith('!!! info npa-evidence npa-certainty-low "Evidence at a glance"')
    assert "Claims from the source" not in out
    assert "([Goldman et al. 2010](../references.md#goldman2010))" in out
    assert "[Full entry](../references.md#goldman2010)" in out
    assert out.rstrip().endswith("Next review due: 25 November 2027\n{: .npa-review }")


# --- glossary tooltips as the abbr extension's glossary ------------------------------------------

def test_parse_abbreviations():
    text = ("<!-- a comment with *[Fake]: not a term -->\n\n*[NP]: Nerve pain\n\n*[ST36 ]:  A point \n\n"
            "*[Gone]: x\n\n*[Gone]: ''\n\n*[NP]: Neuropathic pain\n")
    assert site.parse_abbreviations(text) == {"NP": "Neuropathic pain", "ST36": "A point"}


def test_parse_abbreviations_reads_every_tooltip_of_the_real_file():
    text = (ROOT / "includes" / "abbreviations.md").read_text(encoding="utf-8")
    lines = re.findall(r"^\*\[([^\]]+)\]:\s*(.*)$", text, re.M)
    assert site.parse_abbreviations(text) == {term: tip.strip() for term, tip in lines}


class _MdConfig(_Config):
    def __init__(self, path, extensions, mdx_configs):
        super().__init__(path)
        self["markdown_extensions"], self["mdx_configs"] = extensions, mdx_configs


def _project_with_tooltips(tmp_path):
    shutil.copytree(ROOT / "data", tmp_path / "data")
    (tmp_path / "includes").mkdir()
    (tmp_path / "includes" / "abbreviations.md").write_text("*[NP]: Nerve pain\n\n*[ATP]: A molecule\n")
    return tmp_path / "mkdocs.yml"


def test_adapter_gives_the_tooltips_to_abbr_as_its_glossary(tmp_path):
    config = _MdConfig(_project_with_tooltips(tmp_path), ["abbr", "pymdownx.snippets"],
                       {"abbr": {"glossary": {"NP": "Own words"}}, "pymdownx.snippets": {"check_paths": True}})
    _adapter().on_config(config)
    assert config["mdx_configs"]["abbr"]["glossary"] == {"NP": "Own words", "ATP": "A molecule"}


@pytest.mark.parametrize("extensions, mdx_configs", [
    (["abbr", "pymdownx.snippets"], {"pymdownx.snippets": {"auto_append": ["includes/abbreviations.md"]}}),
    (["abbr", "pymdownx.snippets"], {"pymdownx.snippets": {"auto_append": ["./includes/abbreviations.md"]}}),
    (["admonition"], {}),
])
def test_adapter_leaves_abbr_alone_when_snippets_appends_the_file_or_abbr_is_off(tmp_path, extensions, mdx_configs):
    config = _MdConfig(_project_with_tooltips(tmp_path), extensions, mdx_configs)
    _adapter().on_config(config)
    assert "glossary" not in config["mdx_configs"].get("abbr", {})
