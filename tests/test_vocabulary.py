"""The readers' vocabulary: the checker's rules VOC001-VOC004 on fixtures, the real file, and the
Markdown extension (hooks/render/vocabulary.py) under both engines' ways of naming the page."""
from __future__ import annotations

import os
import shutil
from pathlib import Path
from types import SimpleNamespace

import markdown
import pytest
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor

from hooks.checker import Checker, Project
from hooks.content.findings import format_text
from hooks.checker.vocabulary import check_vocabulary
from hooks.render import vocabulary as ext

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "checker" / "vocabulary"
PAGES = {
    "neuropathic-pain.md": "## In short\n\nNeuropathic  pain is nerve pain.\n",
    "mechanisms/adenosine.md": "## In short\n\nAdenosine is a messenger.\n",
}


def findings(name: str) -> list[tuple[str, int]]:
    data = (FIXTURES / name).read_bytes()
    found = check_vocabulary(data, PAGES.get, frozenset(PAGES))
    return sorted((f.rule, f.line) for f in found)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("good.yml", []),
        ("voc001_malformed.yml", [("VOC001", 5), ("VOC001", 7), ("VOC001", 9), ("VOC001", 10), ("VOC001", 11)]),
        ("voc001_not_yaml.yml", [("VOC001", 4)]),
        ("voc002_duplicate.yml", [("VOC002", 8)]),
        ("voc003_unknown_page.yml", [("VOC003", 6), ("VOC003", 7)]),
        ("voc004_term_missing.yml", [("VOC004", 4)]),
    ],
)
def test_vocabulary_fixture(name, expected):
    assert findings(name) == expected


def test_messages_name_the_problem():
    data = (FIXTURES / "voc003_unknown_page.yml").read_bytes()
    messages = [f.message for f in check_vocabulary(data, PAGES.get, frozenset(PAGES))]
    assert messages[0] == 'page "neuropathic_pain.md" not found in docs/ - did you mean "neuropathic-pain.md"?'
    data = (FIXTURES / "voc002_duplicate.yml").read_bytes()
    [dup] = check_vocabulary(data, PAGES.get, frozenset(PAGES))
    assert dup.message == 'phrase "Pins  and Needles" appears twice (first on line 3)'


@pytest.mark.parametrize("data", [b"", b"- a list\n", b"terms: 3\n", b"\xff\xfe bad", b"terms: [&a [*a]]\n"])
def test_bad_files_are_findings_not_tracebacks(data):
    found = check_vocabulary(data, PAGES.get, frozenset(PAGES))
    assert found and all(f.rule == "VOC001" for f in found)


def test_real_vocabulary_is_clean():
    checker = Checker.load(Project.at(ROOT))
    assert checker.check_vocabulary() == []


def test_problems_are_reported_as_path_line_rule(tmp_path):
    (tmp_path / "data").mkdir()
    for name in ("schema.yml", "bibliography.yml"):
        shutil.copy(ROOT / "data" / name, tmp_path / "data" / name)
    (tmp_path / "docs" / "mechanisms").mkdir(parents=True)
    for page, text in PAGES.items():
        (tmp_path / "docs" / page).write_text(text, encoding="utf-8")
    shutil.copy(FIXTURES / "voc004_term_missing.yml", tmp_path / "data" / "vocabulary.yml")
    [problem] = Checker.load(Project.at(tmp_path)).check_vocabulary()
    assert format_text(problem).startswith("data/vocabulary.yml:4: VOC004 ")
    assert problem.severity == "warning"


# ------------------------------------------------------------------------------ the extension

VOCABULARY = """terms:
  - term: neuropathic pain
    phrases: [pins and needles, tingling]
    pages: [neuropathic-pain.md]
  - term: nerve
    phrases: [tingling, nerve ache]
    pages: [neuropathic-pain.md, glossary.md]
"""
BODY = '!!! info npa-evidence "Evidence at a glance"\n    Certainty: low\n\n## In short\n\nText.\n'


class MkDocsLike(Treeprocessor):
    """What MkDocs registers as "relpath": a treeprocessor holding the page's file."""

    def __init__(self, md, src_uri, meta):
        super().__init__(md)
        self.file = SimpleNamespace(src_uri=src_uri, page=SimpleNamespace(meta=meta))

    def run(self, root):
        return None


class ZensicalLike(Preprocessor):
    """What Zensical registers: a preprocessor holding the page (path and front matter)."""

    def __init__(self, md, path, meta):
        super().__init__(md)
        self.page = SimpleNamespace(path=path, meta=meta)

    def run(self, lines):
        return lines


def render(tmp_path, engine: str | None, path: str, meta: dict, body: str = BODY) -> str:
    vocabulary = tmp_path / "vocabulary.yml"
    if not vocabulary.exists():
        vocabulary.write_text(VOCABULARY, encoding="utf-8")
    md = markdown.Markdown(
        extensions=["admonition", "hooks.render.vocabulary"],
        extension_configs={"hooks.render.vocabulary": {"path": str(vocabulary), "exclude_classes": ["npa-evidence"]}},
    )
    if engine == "mkdocs":
        md.treeprocessors.register(MkDocsLike(md, path, meta), "relpath", 0)
    elif engine == "zensical":
        md.preprocessors.register(ZensicalLike(md, path, meta), "rendering_context", 0)
    return md.convert(body)


@pytest.mark.parametrize(("engine", "path"), [("mkdocs", "neuropathic-pain.md"), ("zensical", "docs/neuropathic-pain.md")])
def test_hidden_paragraph_first_with_description_and_phrases(tmp_path, engine, path):
    html = render(tmp_path, engine, path, {"description": "What nerve pain is."})
    assert html.startswith(
        '<p class="npa-search-text" hidden="hidden">What nerve pain is. '
        "Other words for this: pins and needles, tingling, nerve ache.</p>"
    )
    assert html.count("tingling") == 1


def test_page_furniture_is_left_out_of_the_index(tmp_path):
    html = render(tmp_path, None, "", {})
    assert 'class="admonition info npa-evidence" data-search-exclude="true"' in html
    assert "npa-search-text" not in html  # no page named: nothing added


def test_page_without_phrases_gets_its_description_only(tmp_path):
    html = render(tmp_path, "mkdocs", "about.md", {"description": "Who we are."})
    assert html.startswith('<p class="npa-search-text" hidden="hidden">Who we are.</p>')
    assert render(tmp_path, "mkdocs", "about.md", {}) == render(tmp_path, None, "", {})


def test_text_is_escaped(tmp_path):
    html = render(tmp_path, "mkdocs", "x.md", {"description": '<script>alert("x")</script> & more'})
    assert "<script>" not in html
    assert "&lt;script&gt;alert(\"x\")&lt;/script&gt; &amp; more" in html


def test_file_is_read_again_when_it_changes(tmp_path):
    assert "tingling" in render(tmp_path, "mkdocs", "glossary.md", {})
    vocabulary = tmp_path / "vocabulary.yml"
    vocabulary.write_text(VOCABULARY.replace("nerve ache", "nerve twinge"), encoding="utf-8")
    stat = vocabulary.stat()
    os.utime(vocabulary, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))
    html = render(tmp_path, "mkdocs", "glossary.md", {})
    assert "nerve twinge" in html and "nerve ache" not in html


@pytest.mark.parametrize("text", ["terms: [", "terms:\n  - 3\n  - {term: x, phrases: 4, pages: [a.md]}\n", ""])
def test_broken_file_adds_nothing_and_does_not_fail(tmp_path, text):
    (tmp_path / "vocabulary.yml").write_text(text, encoding="utf-8")
    html = render(tmp_path, "mkdocs", "a.md", {})
    assert "npa-search-text" not in html and "<h2" in html
