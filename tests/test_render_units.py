"""Unit tests for the rendering library (hooks/render/blocks) and the Markdown extension's page edits
(hooks/render/reference.py), on the content layer's reading of the page (hooks/content/__init__.py). No MkDocs."""
from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
from hooks.render import blocks as site
from hooks.content.abbreviations import parse_abbreviations
from hooks.content.bibliography import parse_bibliography
from hooks.content.page import parse_page, parse_text
from hooks.content import Content, _ledger_for_rendering
from hooks.render import reference
from hooks.render.blocks.citations import author_short
from hooks.render.blocks.markdown_text import relative_link
from hooks.render.blocks.references import format_authors, sort_key


def render_citations(md: str, labels: dict, path: str) -> str:
    """The extension's citation step on a page body, as the content layer reads it."""
    return reference._link_citations(parse_text(path, md, front_matter=False), path, labels, "references.md")


def find_citations(md: str) -> list[str]:
    return list(dict.fromkeys(c.key for c in parse_text("p.md", md, front_matter=False).citations))


def render_page(md: str, path: str) -> str:
    """Everything the extension does to one page's Markdown, with the real project's data."""
    options = reference.ReferenceExtension(root=str(ROOT)).getConfigs()
    return "\n".join(reference.render(md.split("\n"), path, reference._site_for(options, None)))

FIXTURES = ROOT / "tests" / "fixtures" / "render"


@pytest.fixture(scope="module")
def bib():
    return Content(ROOT).bibliography().entries


@pytest.fixture(scope="module")
def labels(bib):
    return site.cite_labels(bib)


@pytest.fixture(scope="module")
def schema():
    return Content(ROOT).schema_data()


@pytest.fixture(scope="module")
def ledger():
    return _ledger_for_rendering(FIXTURES / "claims.yml")


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
    ("nidirect (Northern Ireland government services), health conditions A to Z", "nidirect"),
    ("Betsi Cadwaladr University Health Board (NHS Wales), stroke service", "Betsi Cadwaladr University Health Board"),
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
    bib = parse_bibliography((tmp_path / "bib.yml").read_bytes()).entries
    assert site.cite_labels(bib) == {"page1": "nidirect n.d."}


def test_equal_labels_are_told_apart():
    bib = {"b": {"authors": "Smith J", "year": 2010}, "a": {"authors": "Smith J", "year": 2010}}
    assert site.cite_labels(bib) == {"a": "Smith 2010a", "b": "Smith 2010b"}
    undated = {"y": {"authors": "NHS (nhs.uk), health A to Z", "year": None}, "x": {"authors": "NHS", "year": None}}
    assert site.cite_labels(undated) == {"x": "NHS n.d.-a", "y": "NHS n.d.-b"}


# --- citations in text -----------------------------------------------------------------------

def test_single_and_multiple_citations(labels):
    md = "Low quality [@ju2017]. Mixed [@ju2017; @feng2023] and [@ju2017;@nice_cg173]."
    out = render_citations(md, labels, "acupuncture-vs-drugs.md")
    assert "([Ju et al. 2017](references.md#ju2017))" in out
    assert "([Ju et al. 2017](references.md#ju2017); [Feng et al. 2023](references.md#feng2023))" in out
    assert "[NICE 2013](references.md#nice_cg173))" in out
    assert "@" not in out


def test_citation_links_are_relative_to_nested_pages(labels):
    out = render_citations("x [@goldman2010]", labels, "mechanisms/adenosine.md")
    assert "[Goldman et al. 2010](../references.md#goldman2010)" in out
    out = render_citations("x [@goldman2010]", labels, "a/b/c.md")
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
    out = render_citations(md, labels, "p.md")
    lines = out.split("\n")
    assert lines[0] == "Text ([Ju et al. 2017](references.md#ju2017))."
    assert lines[2] == "Cite [@ju2017] like this"
    assert lines[5] == "    [@feng2023]"
    assert "`[@ju2017]`" in lines[7] and "``x [@ju2017] ` y``" in lines[7]
    assert lines[7].endswith("([Feng et al. 2023](references.md#feng2023)) goes.")


def test_unknown_keys_are_left_unchanged(labels):
    md = "A [@nosuchwork] and [@ju2017; @alsonot]."
    assert render_citations(md, labels, "p.md") == md


def test_links_and_footnotes_are_not_citations(labels):
    md = "[@ju2017](https://example.org) and [^1]"
    assert render_citations(md, labels, "p.md") == md


def test_find_citations_in_order_without_code():
    md = "a [@b1; @a1]\n```\n[@zz]\n```\n`[@yy]` [@a1] [@c1]"
    assert find_citations(md) == ["b1", "a1", "c1"]


def test_a_fence_closes_on_the_same_fence_only(labels):
    """As pymdownx.superfences reads fences: the closing fence has the opening's character and length."""
    lines = ["```", "x", "~~~", "````", "```", "z", "~~~~", "y", "~~~~", "w"]
    md = "\n".join(f"{line} [@ju2017]" if line in "xyzw" else line for line in lines)
    out = render_citations(md, labels, "p.md").split("\n")
    assert [("([Ju" in line) for line in out] == [False] * 5 + [True] + [False] * 3 + [True]


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

def test_markers_are_replaced_only_outside_code():
    md = "a\n<!-- generated: evidence-map -->\n```\n<!-- generated: evidence-map -->\n```\n"
    out = render_page(md, "x.md")
    assert out.count("| Mechanism |") == 1 and out.count("<!-- generated: evidence-map -->") == 1


def test_the_reference_list_ends_the_references_section():
    md = ("## In short\n\nx [@goldman2010]\n\n## References\n\nLead.\n\n```\n## not a heading\n```\n\n"
          "## After\n\nz\n")
    out = render_page(md, "x.md")
    item = out.index("- Goldman N")
    assert out.index("## not a heading") < item < out.index("## After")
    assert render_page("## Other\n\n[@goldman2010]", "x.md").count("Goldman N") == 0


@pytest.mark.parametrize("heading", ["## References", "##References", "References\n----------",
                                     "## References {#refs}"])
def test_the_references_section_in_every_heading_style(heading):
    out = render_page(f"## In short\n\nx [@goldman2010]\n\n{heading}\n\nLead.\n", "x.md")
    assert out.rstrip().endswith("[Full entry](references.md#goldman2010)")


def test_the_claims_box_follows_in_short():
    md = "## In short\n\nSummary.\n\n### Sub\n\nmore\n\n## The claim\n\nx"
    out = render_page(md, "mechanisms/adenosine.md")
    assert out.index("more") < out.index("Claims from the source") < out.index("## The claim")
    assert out.startswith('!!! info npa-evidence')  # the badge (mechanism page), then the page
    no_section = render_page("text", "mechanisms/adenosine.md")
    assert no_section.index("Claims from the source") < no_section.index("text")


def test_relative_link():
    assert relative_link("index.md", "references.md#a") == "references.md#a"
    assert relative_link("mechanisms/index.md", "mechanisms/adenosine.md") == "adenosine.md"
    assert relative_link("mechanisms/a.md", "claims.md") == "../claims.md"
    assert relative_link("claims.md", "mechanisms/a.md#the-claim") == "mechanisms/a.md#the-claim"
    assert relative_link("x.md", "x.md#sleep") == "#sleep"


def test_headings_ignore_code_and_attributes():
    md = "## A {#a}\n```\n## B\n```\n### C\n\nD\n-\n\n##E"
    page = parse_text("p.md", md, front_matter=False)
    assert [(h.line, h.level, h.text) for h in page.headings] == [(1, 2, "A"), (5, 3, "C"), (7, 2, "D"), (10, 2, "E")]


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
    out = site.evidence_map(pages, schema, "mechanisms/index.md", ledger).split("\n")[2:]  # after the count
    assert out[0] == "| Mechanism | Claim examined | Verdict | Kind of evidence | Certainty |"
    assert len(out) == 4
    assert out[2] == ("| [Adenosine](adenosine.md) | Acupuncture raises adenosine in the tissue. | "
                      "**Animal evidence only** | Animal studies | Very low |")
    assert out[3].startswith("| [Brain areas](brain-areas.md) | Brain \\| areas |")
    assert "Brain imaging in people, Narrative review | Low |" in out[3]
    plain = site.evidence_map(pages, schema, "mechanisms/index.md", None).split("\n")[2:]
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


# --- data the rendering uses ---------------------------------------------------------------

def test_the_rendering_ledger_leaves_out_what_the_checker_rejects(tmp_path):
    path = tmp_path / "claims.yml"
    assert _ledger_for_rendering(path) is None
    path.write_text("- 1\n")
    assert _ledger_for_rendering(path) is None
    path.write_text("verdicts: {ok: {label: OK}}\nsections: [{id: s, title: S}, {id: t}]\n"
                    "claims: [{id: C1, section: s, claim: c, verdict: ok, page: p.md}, {id: C2, section: s}, 3]\n")
    ledger = _ledger_for_rendering(path)
    assert [c["id"] for c in ledger["claims"]] == ["C1"] and [s["id"] for s in ledger["sections"]] == ["s"]


def test_real_claims_ledger_loads_if_present():
    path = ROOT / "data" / "claims.yml"
    if not path.exists():
        pytest.skip("data/claims.yml not written yet")
    assert _ledger_for_rendering(path)["claims"]


# --- schema tables ---------------------------------------------------------------------------

def test_schema_tables_and_vocabularies(schema):
    out = site.schema_tables(schema)
    assert "| `mechanism` | One proposed way acupuncture works | In short · The claim · What the research shows" in out
    assert "| `description` | all | text, at most 160 characters |" in out
    assert "| `tags` | optional | a list of words |" in out
    certainty = schema["fields"]["certainty"]
    required = ", ".join(f"`{name}`" for name in certainty["required"])
    assert f"| `certainty` | {required} | one of `high`, `moderate`, `low`, `very-low`, `not-graded` |" in out
    answer_required = ", ".join(f"`{name}`" for name in schema["fields"]["answer"]["required"]) or "optional"
    assert f"| `answer` | {answer_required} | text, at most 300 characters |" in out
    vocab = site.vocabularies(schema)
    assert "| `human-imaging` | Brain imaging in people |" in vocab
    assert "| `very-low` | Very low |" in vocab


# --- review dates and JSON-LD: template overrides -------------------------------------------

def _partial(name: str, meta: dict, url: str = "https://example.org/mechanisms/adenosine/") -> str:
    """A partial of overrides/ rendered as MkDocs renders it (Jinja2, no autoescape)."""
    from types import SimpleNamespace

    import jinja2
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(ROOT / "overrides"))
    page = SimpleNamespace(meta=meta, canonical_url=url, url="mechanisms/adenosine/")
    return env.get_template(f"partials/{name}").render(page=page, config={"site_url": "https://example.org/"})


NOT_REVIEWED = ('<p class="npa-review npa-clinical-review">Written and checked by our volunteer editors'
                ' · Clinical review: not yet reviewed by a clinician</p>')


def test_review_dates():
    out = _partial("npa-review.html", {"reviewed": dt.date(2026, 11, 5), "next_review": "2027-01-25"})
    assert out.strip() == ('<p class="npa-review">Page last reviewed: 5 November 2026 · Next review due: 25 January 2027</p>\n'
                           + NOT_REVIEWED)
    assert _partial("npa-review.html", {"next_review": dt.date(2027, 11, 25)}).strip() == \
        '<p class="npa-review">Next review due: 25 November 2027</p>\n' + NOT_REVIEWED
    assert _partial("npa-review.html", {"type": "reference"}).strip() == ""
    assert _partial("npa-review.html", {"reviewed": "not a date"}).strip() == ""


@pytest.mark.parametrize(
    ("review", "line"),
    [
        ({"reviewer": "Test Reviewer", "role": "consultant in pain medicine", "date": dt.date(2026, 11, 20)},
         "Clinical review: consultant in pain medicine, 20 November 2026"),
        ({"reviewer": "Test Reviewer", "role": "consultant", "date": "2026-11-20"}, "Clinical review: consultant, 20 November 2026"),
        ({"reviewer": "T", "role": '<script>x</script> & "q"', "date": dt.date(2026, 11, 20)},
         "Clinical review: &lt;script&gt;x&lt;/script&gt; &amp; &#34;q&#34;, 20 November 2026"),
        ({"reviewer": "Test Reviewer", "role": "consultant"}, "Clinical review: not yet reviewed by a clinician"),
        ({"reviewer": "Test Reviewer", "date": dt.date(2026, 11, 20)}, "Clinical review: not yet reviewed by a clinician"),
        ({"reviewer": "T", "role": "consultant", "date": "soon"}, "Clinical review: not yet reviewed by a clinician"),
        ("Dr Someone", "Clinical review: not yet reviewed by a clinician"),
    ],
)
def test_clinical_review_line(review, line):
    """A recorded clinical review shows its role and date (escaped; the name is not shown); anything
    less (which the checker rejects) shows the page as not yet reviewed."""
    out = _partial("npa-review.html", {"reviewed": dt.date(2026, 11, 25), "clinical_review": review})
    clinical = re.search(r'<p class="npa-review npa-clinical-review">(.*?)</p>', out, re.S).group(1)
    assert clinical.endswith(line), clinical
    assert "Test Reviewer" not in out and "<script>" not in out


LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def test_json_ld_fields():
    meta = {"title": "Adenosine", "description": "How adenosine\nand pain", "type": "mechanism",
            "reviewed": dt.date(2026, 11, 25)}
    data = json.loads(LD.search(_partial("npa-jsonld.html", meta)).group(1))
    assert data["@type"] == "MedicalWebPage" and data["@context"] == "https://schema.org"
    assert data["name"] == "Adenosine" and data["lastReviewed"] == "2026-11-25"
    assert data["description"] == "How adenosine and pain"
    assert data["about"] == {"@type": "MedicalCondition", "name": "Neuropathic pain"}
    assert data["url"] == "https://example.org/mechanisms/adenosine/" and data["inLanguage"] == "en-GB"
    assert "ld+json" not in _partial("npa-jsonld.html", {"type": "reference", "title": "Glossary"})
    assert "ld+json" not in _partial("npa-jsonld.html", {})


def test_json_ld_is_escaped():
    title = "A </script><script>alert(1)</script> & 'b'"
    out = _partial("npa-jsonld.html", {"title": title, "type": "overview", "description": "</script>"})
    script = LD.search(out).group(1)
    assert "<" not in script and "&" not in script.replace("\\u0026", "")
    assert json.loads(script)["name"] == title


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


def test_fixture_pages_have_valid_front_matter():
    for page in (FIXTURES / "docs").rglob("*.md"):
        parsed = parse_page(str(page), page.read_bytes())
        assert parsed.front and parsed.front.data.get("type"), page
    assert yaml.safe_load((FIXTURES / "claims.yml").read_text(encoding="utf-8"))["claims"]


# --- glossary tooltips as the abbr extension's glossary ------------------------------------------

def test_parse_abbreviations():
    text = ("<!-- a comment with *[Fake]: not a term -->\n\n*[NP]: Nerve pain\n\n*[ST36 ]:  A point \n\n"
            "*[Gone]: x\n\n*[Gone]: ''\n\n*[NP]: Neuropathic pain\n")
    assert parse_abbreviations(text) == {"NP": "Neuropathic pain", "ST36": "A point"}


def test_parse_abbreviations_reads_every_tooltip_of_the_real_file():
    text = (ROOT / "includes" / "abbreviations.md").read_text(encoding="utf-8")
    lines = re.findall(r"^\*\[([^\]]+)\]:\s*(.*)$", text, re.M)
    assert parse_abbreviations(text) == {term: tip.strip() for term, tip in lines}


# --- counts come from the data ---------------------------------------------------------------

def test_the_claims_table_and_evidence_map_count_from_the_data(ledger, schema):
    table = site.claims_table(ledger, schema, "claims.md")
    claims = len(ledger["claims"])
    groups = len({c["section"] for c in ledger["claims"]})
    words = "no one two three four five six seven eight nine ten eleven twelve".split()
    say = lambda n: words[n] if n < len(words) else str(n)  # noqa: E731
    assert table.startswith(f"We checked {say(claims)} claim{'s' * (claims != 1)} from the source page, "
                            f"in {say(groups)} group{'s' * (groups != 1)}.")
    pages = [{"path": f"mechanisms/m{i}.md", "title": f"M{i}", "meta": {"type": "mechanism"}} for i in range(13)]
    for count in (1, 3, 13):
        out = site.evidence_map(pages[:count], schema, "mechanisms/index.md", ledger)
        rows = len(re.findall(r"^\| \[M\d+\]", out, re.M))
        assert rows == count
        assert out.startswith(f"This reference has {say(count)} mechanism page{'s' * (count != 1)}, one row each.")
