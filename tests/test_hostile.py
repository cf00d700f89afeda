"""Hostile pull requests: every route is rejected with a rule id and line, or rendered
inert. Payloads go into a copy of the real project; what comes out is read with html.parser (not only
the checker's word for it). Three shared builds: one whose payloads must render inert, one whose
payloads the checker must reject before MkDocs reads anything, one that only the HTML scan catches."""
from __future__ import annotations

import os
import subprocess
import sys
import time
from html.parser import HTMLParser
from pathlib import Path

import pytest

from projectcopy import build as build_site, copy_parts

from hooks.checker import Checker, Project, run
from hooks.content.bibliography import parse_bibliography
from hooks.gate.htmlscan import scan_page_html, scan_site
from hooks.checker.ledger import check_ledger
from hooks.content.page import code_spans, parse_text
from hooks.render.reference import _link_citations
from hooks.render.blocks import escape

ROOT = Path(__file__).resolve().parent.parent
FRONT = "---\ntitle: {title}\ndescription: {description}\ntype: reference\n{extra}---\n\n## Text\n\n{body}\n"
BOMB = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(8)
)


def page(body: str = "Plain text.", title: str = "Test page", description: str = "A test page.", extra: str = "") -> str:
    return FRONT.format(title=title, description=description, extra=extra, body=body)


def copy_project(dest: Path) -> Path:
    """A copy of the real project (pages, data, snippets, theme overrides, hooks, mkdocs.yml)."""
    return copy_parts(dest, "docs", "data", "includes", "overrides", "hooks", "mkdocs.yml")


def add_to_nav(project: Path, names) -> None:
    """List new pages in the copy's nav (the last block of mkdocs.yml), as an editor must (NAV001)."""
    with (project / "mkdocs.yml").open("a", encoding="utf-8") as config:
        config.writelines(f"  - Test {name}: {name}\n" for name in names)


def build(project: Path, timeout: float = 120) -> tuple[subprocess.CompletedProcess, float]:
    started = time.monotonic()
    result = build_site(project, "-d", str(project / "out"), timeout=timeout)
    return result, time.monotonic() - started


class Live(HTMLParser):
    """What in a page could run or load: event attributes, script/embed elements in the content,
    javascript: addresses, meta refresh, and the page's text (to find payloads shown as text)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.live: list[str] = []
        self.text: list[str] = []
        self.in_content = 0

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if tag == "article" and "md-content__inner" in (values.get("class") or ""):
            self.in_content += 1
        for name, value in attrs:
            plain = "".join((value or "").split()).lower()
            if name.startswith("on") or plain.startswith("javascript:"):
                self.live.append(f"<{tag} {name}={value!r}>")
        if tag in ("iframe", "object", "embed") or (tag == "script" and self.in_content):
            self.live.append(f"<{tag}>")
        if tag == "meta" and (values.get("http-equiv") or "").lower() == "refresh":
            self.live.append("<meta refresh>")

    handle_startendtag = handle_starttag

    def handle_endtag(self, tag):
        if tag == "article" and self.in_content:
            self.in_content -= 1

    def handle_data(self, data):
        self.text.append(data)


def read(html_file: Path) -> Live:
    parser = Live()
    parser.feed(html_file.read_text(encoding="utf-8"))
    return parser


# ---- 1. data values are escaped where they reach HTML -------------------------------------------

INERT_ENTRY = """\
- key: hostile2026
  authors: Evil A, <img src=x onerror=alert(1)> B
  year: 2026
  title: '<script>alert(2)</script> \\<img src=x onerror=alert(3)> {: onmouseover="alert(4)" }'
  journal: <iframe src=//evil.example></iframe>
  volume: '[x](javascript:alert(5))'
  pages: '&lt;meta http-equiv=refresh content=0;url=//evil.example&gt;'
  doi: null
  pmid: null
  url: https://example.org/a_(b)*c*
  evidence_type: <b onclick=alert(6)>trial</b>
  finding: 'Text {: onmouseover="alert(7)" }'
  notes: <meta http-equiv="refresh" content="0;url=https://evil.example">
  verified: true
"""


@pytest.fixture(scope="module")
def inert_site(tmp_path_factory):
    """Payloads the checker accepts (data text may hold any characters): they must render as text."""
    project = copy_project(tmp_path_factory.mktemp("inert"))
    bibliography = project / "data" / "bibliography.yml"
    bibliography.write_text(bibliography.read_text() + INERT_ENTRY)
    ledger = project / "data" / "claims.yml"
    text = ledger.read_text()
    text = text.replace(
        "    claim: Acupuncture works at least as well as the drugs it has been compared with.",
        "    claim: 'Acupuncture works. {: onmouseover=\"alert(8)\" }'",
        1,
    ).replace("    label: Supported\n", "    label: '<b onclick=alert(9)>Supported</b>'\n", 1)
    ledger.write_text(text)
    schema = project / "data" / "schema.yml"  # the summary table no longer shows the (hostile) label: not this test's point
    schema.write_text(schema.read_text().replace("ignore: {}", "ignore: {docs/acupuncture-vs-drugs.md: [CLM010]}"))
    about = project / "docs" / "about.md"  # inputs that once took minutes to build: now inert and quick
    # (as long as the size limits allow: a line of 5,000 characters, a paragraph of 20,000; tests/test_bounded.py)
    about.write_text(about.read_text() + "\n## Long" + " " * 4900 + "line\n\n" + "`a` ``b`` c ``d\n" * 1200 + "\n")
    result, seconds = build(project)
    assert result.returncode == 0, result.stdout + result.stderr
    assert seconds < 60
    return project / "out"


def test_bibliography_fields_render_as_text(inert_site):
    references = read(inert_site / "references" / "index.html")
    assert references.live == []
    shown = " ".join(references.text)
    assert "<script>alert(2)</script>" in shown  # the payload is visible text, not markup
    assert "onmouseover=\"alert(7)\"" in shown
    assert '<meta http-equiv="refresh"' in shown


def test_claims_ledger_text_and_labels_render_as_text(inert_site):
    for path in ("claims/index.html", "acupuncture-vs-drugs/index.html"):
        parsed = read(inert_site / path)
        assert parsed.live == [], path
        assert 'onmouseover="alert(8)"' in " ".join(parsed.text), path


def test_inert_site_passes_the_html_scan(inert_site):
    assert scan_site(inert_site) == []


def test_escape_helpers():
    assert escape.text("<a & b>") == "&lt;a &amp; b&gt;"
    assert escape.attribute('x" onclick="y') == "x&quot; onclick=&quot;y"
    for bad in ("javascript:alert(1)", "JaVaScRiPt:x", "data:text/html,x", "//evil.example", "/relative",
                "https://ex ample.org", "https://example.org/\x00", 12345, None, "java\nscript:x"):
        assert escape.url(bad) is None, bad
    assert escape.url("https://example.org/a?b=c#d") == "https://example.org/a?b=c#d"
    assert escape.markdown_url("https://a.org/x)y") == "https://a.org/x%29y"
    assert escape.markdown_url("https://doi.org/10.1016/S1474-4422(14)70251-0").endswith("(14)70251-0")
    assert escape.markdown("a <b> {: x } *c* [d]") == "a &lt;b&gt; \\{: x \\} \\*c\\* \\[d\\]"
    assert escape.is_key("ju2017") and not escape.is_key("a b") and not escape.is_key('x"y')
    assert escape.is_doi("10.1038/nn.2562") and not escape.is_doi('10.1/x"onclick')
    assert escape.is_pmid("123") and escape.is_pmid(123) and not escape.is_pmid("12a") and not escape.is_pmid(True)


def test_checker_and_rendering_agree_on_formats():
    from hooks.content import bibliography

    assert bibliography.KEY.pattern == escape.KEY.pattern
    assert bibliography.DOI.pattern == escape.DOI.pattern
    assert bibliography.PMID.pattern == escape.PMID.pattern


# ---- 2. what the checker rejects stops the build before MkDocs reads anything ---------------------

REJECTED = {
    "t-title.md": (page(title="'</title><script>alert(1)</script>'"), "FM005", 2),
    "t-desc.md": (page(description="'x\" http-equiv=\"refresh\" content=\"0;url=https://evil.example'"), "FM005", 3),
    "t-template.md": (page(extra="template: nope.html\n"), "FM004", 5),
    "t-subtitle.md": (page(extra="subtitle: <img src=x onerror=alert(1)>\n"), "FM004", 5),
    "t-bomb.md": (page(extra=BOMB.replace("a:", "tags:", 1)), "FM001", 6),  # the first alias
    "t-types.md": (page(extra="certainty: [very-low]\nsources: 5\n"), "FM003", 5),
    "t-date.md": (page(extra="reviewed: 2026-02-30\nnext_review: 9999-12-31\n"), "FM003", 5),
    "t-textdate.md": (page(title="2026-02-30"), "FM003", 2),  # MkDocs would drop the front matter
    "t-js.md": (page(body="[x](jav&#x61;&#10;script:alert(1))"), "HTML001", 9),
    "t-snippet.md": (page(body='--8<-- "evil.md"\n\n--8<-- "../secret.txt"'), "FILE002", 11),
}


@pytest.fixture(scope="module")
def rejected(tmp_path_factory):
    project = copy_project(tmp_path_factory.mktemp("rejected"))
    docs = project / "docs"
    for name, (text, _, _) in REJECTED.items():
        (docs / name).write_text(text)
    (project / "includes" / "evil.md").write_text("<script>alert('snippet')</script>\n")
    (project / "includes" / "nested.md").write_text('--8<-- "../secret.txt"\n')
    (project / "secret.txt").write_text("SECRET-TOKEN\n")
    (docs / "leak.txt").symlink_to("../secret.txt")
    (docs / "dangling.md").symlink_to("nowhere.md")
    (docs / "loop.md").symlink_to("loop.md")
    (docs / "folder").symlink_to("..")
    os.mkfifo(docs / "pipe.md")
    bibliography = project / "data" / "bibliography.yml"
    bibliography.write_text(
        bibliography.read_text()
        + "- {key: bad1, authors: A B, year: 2026, title: T, url: 'javascript:alert(1)', verified: true}\n"
        + "- {key: bad2, authors: A B, year: 2026, title: T, url: 12345, verified: true}\n"
        + "- {key: 'bad 3<', authors: A B, year: 2026, title: T, doi: '10.1/x\"onmouseover', verified: true}\n"
    )
    ledger = project / "data" / "claims.yml"
    ledger.write_text(ledger.read_text().replace("  - id: C1\n", "  - id: C1\n    id: C1x\n", 1))
    result, seconds = build(project, timeout=60)
    return project, result, seconds


def test_rejected_build_names_every_route(rejected):
    project, result, seconds = rejected
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "Traceback" not in output
    for name, (_, rule, line) in REJECTED.items():
        if rule:
            assert f"docs/{name}:{line}: {rule}" in output, name
    for name in ("leak.txt", "dangling.md", "loop.md", "folder", "pipe.md"):
        assert f"docs/{name}:1: FILE001" in output, name
    assert "includes/evil.md:1: HTML001" in output
    assert "includes/nested.md:1: FILE002" in output  # a snippet's own snippets stay inside includes/ too
    assert "CHK001" not in output
    bibliography_lines = [line for line in output.splitlines() if line.startswith("data/bibliography.yml:")]
    assert sum("BIB001" in line for line in bibliography_lines) >= 4  # url twice, key, doi
    assert any(line.startswith("data/claims.yml:") and "CLM001" in line and "twice" in line for line in output.splitlines())


def test_rejected_build_writes_nothing_and_never_hangs(rejected):
    project, _, seconds = rejected
    assert seconds < 30  # the FIFO named *.md was never opened
    out = project / "out"
    written = [path for path in out.rglob("*") if path.is_file()] if out.exists() else []
    assert not [path for path in written if path.suffix == ".html"]
    assert not any(b"SECRET-TOKEN" in path.read_bytes() for path in written)


# ---- 3. what only the rendered HTML shows: the HTML scan catches what the Markdown scan misses ------

HTML_ONLY = {
    "h-alt.md": ('<img alt="<" onerror=alert(1) src=x.png>', "HTML002", "onerror"),
    "h-src.md": ('<img src="x>" onerror=alert(1)>', "HTML002", "onerror"),
    "h-image.md": ("![x](https://evil.example/x.png)", "HTML003", "evil.example"),
    "h-link.md": ('<link rel="stylesheet" href="https://evil.example/x.css">', "HTML003", "evil.example"),
    "h-style.md": ("<style>body { background: url(https://evil.example/x.png) }</style>", "HTML003", "evil.example"),
    "h-mermaid.md": ('<pre class="mermaid">graph TD; A-->B</pre>', "HTML003", "mermaid"),
}


@pytest.fixture(scope="module")
def html_only(tmp_path_factory):
    project = copy_project(tmp_path_factory.mktemp("htmlonly"))
    for name, (body, _, _) in HTML_ONLY.items():
        (project / "docs" / name).write_text(page(body=body))
    add_to_nav(project, HTML_ONLY)
    result, _ = build(project)
    return project, result


def test_markdown_scan_misses_these(html_only):
    project, _ = html_only
    problems, _ = run(Checker.load(Project.at(project)), [project / "docs" / name for name in HTML_ONLY])
    assert [p for p in problems if p.rule.startswith("HTML")] == []


def test_html_scan_stops_the_build_with_page_and_line(html_only):
    project, result = html_only
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "Traceback" not in output
    for name, (_, rule, _) in HTML_ONLY.items():
        assert f"docs/{name}:9: {rule}" in output, name


def test_withheld_pages_hold_nothing_live(html_only):
    project, _ = html_only
    for name, (_, _, needle) in HTML_ONLY.items():
        built = project / "out" / name[:-3] / "index.html"
        if built.exists():
            parsed = read(built)
            assert parsed.live == [], name
            assert "Page withheld" in " ".join(parsed.text), name


@pytest.mark.parametrize(
    ("html", "rule"),
    [
        ('<a href="jav&#x61;&#10;script:alert(1)">x</a>', "HTML002"),
        ('<meta http-equiv="&#114;efresh" content="0;url=https://evil.example">', "HTML002"),
        ("<script>alert(1)</script>", "HTML002"),
        ('<iframe src="x"></iframe>', "HTML002"),
        ('<form action="https://evil.example"><input></form>', "HTML002"),
        ('<a href="data:text/html;base64,PHNjcmlwdD4=">x</a>', "HTML002"),
        ('<svg><a xlink:href="javascript:alert(1)">x</a></svg>', "HTML002"),
        ('<div style="background:url(//evil.example/x)">x</div>', "HTML003"),
        ('<img srcset="a.png 1x, https://evil.example/b.png 2x">', "HTML003"),
        ('<script src="https://cdn.example/x.js"></script>', "HTML002"),
    ],
)
def test_html_scan_routes(html, rule):
    problems = scan_page_html(f'<article class="md-content__inner">{html}</article>', "p.html")
    assert rule in {problem.rule for problem in problems}


def test_html_scan_allows_the_theme_and_plain_links():
    from hooks.gate.csp import MATERIAL_SCOPE

    scope = MATERIAL_SCOPE.replace("{base}", "..")  # the theme's exact start-up script, known by its hash
    chrome = (
        f'<!doctype html><head><script>{scope}</script><link rel="stylesheet" href="assets/main.css">'
        '<link rel="canonical" href="https://npa-reference.github.io/x/"><script type="application/ld+json">{}'
        '</script></head><form class="md-search__form"></form>'
        '<article class="md-content__inner"><a href="https://www.nice.org.uk/">NICE</a><img src="../a.png"></article>'
    )
    assert scan_page_html(chrome, "p.html") == []
    assert scan_page_html("<head><script>alert(1)</script></head>", "p.html")[0].rule == "HTML002"
    # no prefix allowance: the theme's script with anything added is refused
    changed = chrome.replace(f"{scope}</script>", f"{scope};alert(1)</script>")
    assert "HTML002" in {problem.rule for problem in scan_page_html(changed, "p.html")}


# ---- 4. files: special files are reported, never followed -------------------------------------------

def test_checker_reports_links_named_on_the_command_line(tmp_path):
    project = copy_project(tmp_path / "p")
    (project / "docs" / "link.md").symlink_to("index.md")
    result = subprocess.run(
        [sys.executable, "-m", "hooks.check", "docs/link.md"], cwd=project, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 1
    assert "docs/link.md:1: FILE001 symbolic link" in result.stdout


# ---- 5. arguments and output ----------------------------------------------------------------------

def test_changed_refuses_an_option_as_base(tmp_path):
    target = tmp_path / "written.md"
    result = subprocess.run(
        [sys.executable, "-m", "hooks.check", f"--changed=--output={target}"],
        cwd=ROOT, capture_output=True, text=True, timeout=60,
    )
    assert result.returncode == 2
    assert "cannot start with '-'" in result.stderr
    assert not target.exists()


def test_full_disk_is_one_line_and_exit_2():
    with open("/dev/full", "w") as full:
        result = subprocess.run(
            [sys.executable, "-m", "hooks.check", "tests/fixtures/checker/sec001_missing.md"],
            cwd=ROOT, stdout=full, stderr=subprocess.PIPE, text=True, timeout=60,
        )
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0
    assert "cannot write the report" in result.stderr and "Traceback" not in result.stderr


def test_closed_pipe_is_exit_2_without_traceback():
    process = subprocess.Popen(
        [sys.executable, "-m", "hooks.check", "tests/fixtures/checker/sec001_missing.md", "--format", "json"],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )
    process.stdout.close()
    stderr = process.stderr.read().decode()
    assert process.wait(timeout=60) == 2
    assert "Traceback" not in stderr


# ---- 6. bounded work and no traceback on data ---------------------------------------------------

def test_yaml_aliases_are_refused_everywhere(checker=None):
    checker = Checker.load(Project.at(ROOT))
    started = time.perf_counter()
    problems = checker.check_page_bytes(ROOT / "docs" / "x.md", page(extra=BOMB.replace("a:", "tags:", 1)).encode())
    assert [(p.rule, "aliases" in p.message) for p in problems] == [("FM001", True)]
    assert parse_bibliography(("references:\n" + BOMB).encode()).findings[0].rule == "BIB001"
    ledger = check_ledger(BOMB.encode(), checker.context.schema, checker.context.bibliography, {})
    assert ledger[0].rule == "CLM001" and "aliases" in ledger[0].message
    assert time.perf_counter() - started < 2


def test_duplicate_keys_in_data_files_are_errors():
    checker = Checker.load(Project.at(ROOT))
    ledger = (ROOT / "data" / "claims.yml").read_text().replace("  - id: C1\n", "  - id: C1\n    id: C9\n", 1)
    findings = check_ledger(ledger.encode(), checker.context.schema, checker.context.bibliography, {})
    assert any(f.rule == "CLM001" and "given twice" in f.message for f in findings)
    bibliography = parse_bibliography(b"references:\n- key: a\n  key: b\n  authors: A B\n  title: T\n")
    assert [(f.rule, f.line) for f in bibliography.findings] == [("BIB001", 3)]


HANGS = {
    "citations and code spans": "[@ju2017] `x` " * 20000,
    "unclosed backtick runs": "a ``b " * 20000,
    "heading of spaces": "## a" + " " * 50000 + "b",
    "attribute list of spaces": "## a {" + " " * 50000 + "}",
    "entities": "&#106;" * 20000,
}


@pytest.mark.parametrize("name", list(HANGS))
def test_hang_inputs_finish_in_under_two_seconds(name):
    checker = Checker.load(Project.at(ROOT))
    body = HANGS[name]
    started = time.perf_counter()
    checker.check_page_bytes(ROOT / "docs" / "x.md", page(body=body).encode())
    # the rendering reads the body the same way (content layer) and links its citations
    _link_citations(parse_text("docs/x.md", body, front_matter=False), "x.md", {"ju2017": "Ju 2017"}, "references.md")
    scan_page_html(body, "x.md", body)
    assert time.perf_counter() - started < 2


def test_code_spans_match_the_reference_definition():
    import re

    reference = re.compile(r"(?<![\\`])(`+)(?!`)(.+?)(?<!`)\1(?!`)")
    for line in ["a `b` c", "``a`b``", "`a``b`", "\\`a` `b`", "```", "`a` ``b`` `c", "x ``y` z``"]:
        assert code_spans(line) == [m.span() for m in reference.finditer(line)], line


def test_changed_reports_a_link_instead_of_following_it(tmp_path):
    project = copy_project(tmp_path / "p")
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", "-c", "commit.gpgsign=false"]
    subprocess.run(["git", "init", "-q"], cwd=project, check=True)
    subprocess.run([*git, "add", "-A"], cwd=project, check=True)
    subprocess.run([*git, "commit", "-qm", "start"], cwd=project, check=True)
    (project / "docs" / "leak.md").symlink_to("../.git/config")
    result = subprocess.run(
        [sys.executable, "-m", "hooks.check", "--changed", "HEAD"], cwd=project, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 1, result.stderr
    assert "docs/leak.md:1: FILE001 symbolic link" in result.stdout
    assert "[core]" not in result.stdout + result.stderr


def test_serve_stops_on_a_fifo_before_reading_it(tmp_path):
    """Even the preview stops on special files: a FIFO named *.md would block any reader."""
    import importlib.util
    from types import SimpleNamespace

    from mkdocs.exceptions import PluginError

    project = copy_project(tmp_path / "p")
    os.mkfifo(project / "docs" / "pipe.md")
    spec = importlib.util.spec_from_file_location("gate_hostile", ROOT / "hooks" / "gate" / "mkdocs_gate.py")
    gate = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(gate)
    gate.on_startup(command="serve", dirty=False)
    config = SimpleNamespace(config_file_path=str(project / "mkdocs.yml"), docs_dir=str(project / "docs"))
    started = time.perf_counter()
    with pytest.raises(PluginError, match=r"docs/pipe.md:1: FILE001 FIFO"):
        gate.on_config(config)
    assert time.perf_counter() - started < 10


def test_gate_withholds_a_page_whose_html_is_unsafe(tmp_path):
    import importlib.util
    from types import SimpleNamespace

    from mkdocs.exceptions import PluginError

    project = copy_project(tmp_path / "p")
    source = project / "docs" / "about.md"
    source.write_text(source.read_text() + '\n<img alt="<" onerror=alert(1) src=x.png>\n')
    spec = importlib.util.spec_from_file_location("gate_withhold", ROOT / "hooks" / "gate" / "mkdocs_gate.py")
    gate = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(gate)
    gate.on_startup(command="build", dirty=False)
    config = SimpleNamespace(config_file_path=str(project / "mkdocs.yml"), docs_dir=str(project / "docs"))
    gate.on_config(config)  # the Markdown scan misses this one
    page = SimpleNamespace(file=SimpleNamespace(abs_src_path=str(source), src_uri="about.md"))
    html = '<p><img alt="<" onerror="alert(1)" src="x.png"></p>'  # the page's rendered content
    withheld = gate.on_page_content(html, page=page, config=config, files=None)
    parsed = Live()
    parsed.feed(f'<article class="md-content__inner">{withheld}</article>')
    assert parsed.live == [] and "Page withheld" in " ".join(parsed.text)
    line = source.read_text().count("\n")
    with pytest.raises(PluginError, match=rf"docs/about.md:{line}: HTML002 rendered HTML unsafe: onerror="):
        gate.on_post_build(config)


def test_ledger_verdict_words_must_be_text():
    """Found by the fuzzer: a `null:` verdict made sorting the verdicts fail (CHK001)."""
    checker = Checker.load(Project.at(ROOT))
    ledger = (ROOT / "data" / "claims.yml").read_text().replace("  supported:\n", "  null:\n", 1)
    findings = check_ledger(ledger.encode(), checker.context.schema, checker.context.bibliography, {})
    assert findings and all(f.rule == "CLM001" for f in findings)
