"""The short answer box and the "Report a problem with this page" link (template overrides).

Built HTML of the render fixture site (tests/fixtures/render/docs, three of whose pages have an
`answer`), and of the real site. The certainty scale the templates read (mkdocs.yml extra) must
match the schema's certainty choices and labels.
"""
from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from projectcopy import build, copy_parts, require_zensical
import yaml

from conftest import ROOT
from sitepaths import html_file, nav_pages
from test_render_build import fixture_site  # noqa: F401 (the fixture site, built once per module)
from hooks.content.config import read_config

SCHEMA = yaml.safe_load((ROOT / "data" / "schema.yml").read_text(encoding="utf-8"))
ISSUE_FORM = ROOT / ".github" / "ISSUE_TEMPLATE" / "content-error.yml"
FIXTURE_DOCS = ROOT / "tests" / "fixtures" / "render" / "docs"
GP_LINE = "Before you change or stop any treatment, talk to your doctor or GP."


CONFIG = read_config(ROOT / "mkdocs.yml").data
SCALE = CONFIG["extra"]["certainty_scale"]


def front_matter(path: Path) -> dict:
    text = path.read_text(encoding="utf-8")
    return yaml.safe_load(text[4:].partition("\n---\n")[0]) or {}


def article(html: str) -> str:
    return html[html.index("<article"):html.index("</article>")]


def box(html: str) -> str | None:
    """The short-answer <section> of a page, or None."""
    match = re.search(r'<section class="short-answer".*?</section>', html, re.S)
    return match.group(0) if match else None


class Links(HTMLParser):
    """Every <a> of a page: (attributes, text)."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[tuple[dict, str]] = []
        self._open: dict | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self._open, self._text = dict(attrs), []

    def handle_data(self, data):
        if self._open is not None:
            self._text.append(data)

    def handle_endtag(self, tag):
        if tag == "a" and self._open is not None:
            self.links.append((self._open, " ".join("".join(self._text).split())))
            self._open = None


# ------------------------------------------------------------------------------ the box


def test_box_comes_first_after_the_title(fixture_site):
    html = article((fixture_site / "mechanisms/adenosine/index.html").read_text(encoding="utf-8"))
    answer = front_matter(FIXTURE_DOCS / "mechanisms" / "adenosine.md")["answer"]
    found = box(html)
    assert found, "no short-answer box on a page with an answer"
    assert html.index("<h1") < html.index('class="short-answer"'), "the box must follow the title"
    for later in ("Evidence at a glance", 'id="in-short"', "Claims from the source", "npa-review"):
        assert html.index("</section>", html.index('class="short-answer"')) < html.index(later), f"the box must come before {later!r}"
    assert f'<p class="short-answer__text">{answer}</p>' in found
    assert GP_LINE in " ".join(found.split())


@pytest.mark.parametrize("certainty", list(SCALE))
def test_scale_shows_filled_marks_label_and_meaning(certainty, fixture_site, tmp_path):
    """Each certainty level as built: N filled of four marks, an aria label, the label and meaning."""
    html = (fixture_site / "mechanisms/adenosine/index.html").read_text(encoding="utf-8")
    level = SCALE[certainty]
    if certainty != front_matter(FIXTURE_DOCS / "mechanisms" / "adenosine.md")["certainty"]:
        html = _render_box(certainty)
    found = box(html)
    assert found
    marks = re.findall(r'<span class="short-answer__mark( short-answer__mark--filled)?"></span>', found)
    total = max(v["marks"] for v in SCALE.values())
    if level["marks"]:
        assert len(marks) == total
        assert [bool(m) for m in marks] == [i < level["marks"] for i in range(total)]
        assert f'aria-label="{level["marks"]} of {total} marks: {level["label"]}"' in found
    else:  # not graded: no marks, only the label and what it means
        assert marks == [] and "short-answer__scale" not in found
    assert f'<strong class="short-answer__level">{level["label"]}</strong>' in found
    assert level["meaning"] in " ".join(found.split())
    assert "Certainty" not in re.sub(r"<[^>]*>", "", found), (
        "the box must not say 'Certainty' (the browser tests find the evidence badge by that word)"
    )


def _render_box(certainty: str) -> str:
    """The partial rendered by Jinja as MkDocs renders it (no autoescape) for one certainty."""
    import jinja2

    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(ROOT / "overrides")))
    page = type("Page", (), {"meta": {"answer": "An answer.", "certainty": certainty}})()
    return env.get_template("partials/short-answer.html").render(page=page, config={"extra": CONFIG["extra"]})


def test_front_matter_is_escaped(fixture_site):
    """The answer holds <script>, <b>, & and quotes: all shown as text, none as markup."""
    html = article((fixture_site / "neuropathic-pain/index.html").read_text(encoding="utf-8"))
    found = box(html)
    assert found
    assert "<script" not in found and "<b>" not in found
    assert "&lt;script&gt;" in found and "&lt;b&gt;bold&lt;/b&gt;" in found and "Nerve pain &amp; " in found
    assert "&#34;quotes&#34;" in found or "&quot;quotes&quot;" in found


def test_answer_without_certainty_has_no_scale(fixture_site):
    html = article((fixture_site / "index.html").read_text(encoding="utf-8"))
    found = box(html)
    assert found and "A small test site that answers first." in found
    assert "short-answer__scale" not in found
    assert GP_LINE in " ".join(found.split())


def test_no_box_without_an_answer(fixture_site):
    for page in ("mechanisms/index.html", "references/index.html", "claims/index.html"):
        assert 'class="short-answer"' not in (fixture_site / page).read_text(encoding="utf-8"), page


def test_search_index_does_not_take_the_box(fixture_site):
    """Search snippets come from the page's own text: the box's GP line and scale stay out."""
    index = (fixture_site / "search" / "search_index.json").read_text(encoding="utf-8")
    assert "talk to your doctor or GP" not in index
    assert SCALE["very-low"]["meaning"] not in index


# ------------------------------------------------------------------------------ report a problem


def _report_link(html: str) -> dict:
    parser = Links()
    parser.feed(article(html))
    found = [attrs for attrs, text in parser.links if text == "Report a problem with this page"]
    assert len(found) == 1, f"{len(found)} report links"
    return found[0]


def _check_report_link(site: Path, src: str, site_url: str, raw: str) -> None:
    link = _report_link(raw)
    url = urlsplit(link["href"])
    repo = urlsplit(CONFIG["repo_url"])
    assert (url.scheme, url.netloc) == (repo.scheme, repo.netloc)
    assert url.path == repo.path.rstrip("/") + "/issues/new"
    query = parse_qs(url.query, strict_parsing=True)
    assert query["template"] == [ISSUE_FORM.name]
    stem = src[:-3]
    path = "" if stem == "index" else stem[:-len("index")] if stem.endswith("/index") else stem + "/"
    assert query["page"] == [site_url.rstrip("/") + "/" + path], src
    assert "rel" in link and "noopener" in link["rel"].split()
    assert "&amp;page=" in raw, "the & in the link must be escaped in the attribute"


def test_report_link_on_every_fixture_page(fixture_site):
    form = yaml.safe_load(ISSUE_FORM.read_text(encoding="utf-8"))
    assert "page" in [field.get("id") for field in form["body"]], "the issue form has no `page` field"
    docs = sorted(p.relative_to(FIXTURE_DOCS).as_posix() for p in FIXTURE_DOCS.rglob("*.md"))
    assert docs
    for src in docs:
        raw = html_file(fixture_site, src).read_text(encoding="utf-8")
        _check_report_link(fixture_site, src, CONFIG["site_url"], raw)


def test_report_link_on_every_page_of_the_real_site(built_site):
    for src in nav_pages():
        raw = html_file(built_site.path, src).read_text(encoding="utf-8")
        _check_report_link(built_site.path, src, CONFIG["site_url"], raw)


def test_real_site_pages_with_an_answer_show_it(built_site):
    """Every real page whose front matter has an answer shows it first (none is skipped)."""
    for src in nav_pages():
        meta = front_matter(ROOT / "docs" / src)
        html = html_file(built_site.path, src).read_text(encoding="utf-8")
        if meta.get("answer"):
            found = box(html)
            assert found, src
            assert meta.get("certainty") is None or f'data-certainty="{meta["certainty"]}"' in found, src
        else:
            assert 'class="short-answer"' not in html, src


# ------------------------------------------------------------------------------ the next engine


def test_zensical_renders_the_box_the_link_and_the_table_labels(tmp_path):
    """Zensical runs the template overrides and Markdown extensions but no MkDocs hooks: the box,
    the report link and the table labels come out the same."""
    require_zensical()
    import shutil

    project = copy_parts(tmp_path / "project", "data", "hooks", "includes", "overrides")
    shutil.copytree(FIXTURE_DOCS, project / "docs")
    shutil.copytree(ROOT / "docs" / "stylesheets", project / "docs" / "stylesheets")
    with (project / "docs" / "evidence-labels.md").open("a", encoding="utf-8") as page:
        page.write("\n## A table\n\n| Study | Result |\n|---|---|\n| One | Better |\n")
    config = dict(CONFIG)
    config.pop("hooks", None)
    from test_render_build import NAV

    config["nav"] = NAV
    (project / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    result = build(project, "-f", "mkdocs.yml", engine="zensical")
    assert result.returncode == 0, result.stdout + result.stderr
    site = project / "site"
    adenosine = (site / "mechanisms" / "adenosine" / "index.html").read_text(encoding="utf-8")
    found = box(article(adenosine))
    assert found and 'data-certainty="very-low"' in found and GP_LINE in " ".join(found.split())
    assert article(adenosine).index("<h1") < article(adenosine).index('class="short-answer"')
    escaped = box((site / "neuropathic-pain" / "index.html").read_text(encoding="utf-8"))
    assert escaped and "<script" not in escaped and "&lt;script&gt;" in escaped
    _check_report_link(site, "mechanisms/adenosine.md", CONFIG["site_url"], adenosine)
    labels = re.findall(r'<td data-label="([^"]*)">', (site / "evidence-labels" / "index.html").read_text(encoding="utf-8"))
    assert labels[-2:] == ["Study", "Result"]  # the table added above (the page's generated tables come first)
