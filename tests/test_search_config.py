"""Search set-up: the function-word separator in mkdocs.yml, and what the built search index holds."""
from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest
import yaml

from sitepaths import nav_pages, url_path
from hooks.content.config import read_config

ROOT = Path(__file__).resolve().parent.parent
MKDOCS_YML = ROOT / "mkdocs.yml"




def search_plugin() -> dict:
    config = read_config(MKDOCS_YML).data
    for plugin in config["plugins"]:
        if isinstance(plugin, dict) and "search" in plugin:
            return plugin["search"]
    raise AssertionError("no search plugin in mkdocs.yml")


def listed_words() -> list[str]:
    """The function words named in the comment above `separator:` in mkdocs.yml."""
    text = MKDOCS_YML.read_text(encoding="utf-8")
    m = re.search(r"# The words: (.*?)\.\s*tests/", text, re.S)
    assert m, "mkdocs.yml should list the separator's words in a comment ('# The words: ...')"
    return re.sub(r"\s*#\s*", " ", m.group(1)).split()


SEPARATOR = re.compile(search_plugin()["separator"])


def tokens(text: str) -> list[str]:
    return [t.lower() for t in SEPARATOR.split(text) if t]


def test_separator_words_match_the_comment():
    group = re.search(r"\(\?:(.*?)\)\(\?!", search_plugin()["separator"]).group(1)
    words = ["".join(cls[1] for cls in re.findall(r"\[(\w)(\w)\]", alt)) for alt in group.split("|")]
    assert sorted(words) == sorted(listed_words())


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("pins and needles in hands", ["pins", "needles", "hands"]),
        ("When should I see a GP", ["see", "gp"]),
        ("How many sessions", ["many", "sessions"]),
        ("inflammation injury island", ["inflammation", "injury", "island"]),
        ("it's an A1 receptor", ["it's", "a1", "receptor"]),
        ("nerve-pain, in-depth", ["nerve", "pain,", "depth"]),
        ("THE IS It", []),
    ],
)
def test_separator_drops_function_words_only(text, expected):
    assert tokens(text) == expected


@pytest.fixture(scope="module")
def index(built_site) -> dict:
    return json.loads((built_site.path / "search" / "search_index.json").read_text(encoding="utf-8"))


def test_index_uses_the_configured_search(index):
    plugin = search_plugin()
    assert index["config"]["separator"] == plugin["separator"]
    assert index["config"]["fields"] == plugin["fields"]


def test_badge_and_review_line_are_not_indexed(index, built_site):
    built = (built_site.path / "acupuncture-vs-drugs" / "index.html").read_text(encoding="utf-8")
    assert "Evidence at a glance" in built and "Page last reviewed" in built and "Written and checked by our volunteer editors" in built
    for doc in index["docs"]:
        assert "Evidence at a glance" not in doc["text"], doc["location"]
        assert "Page last reviewed" not in doc["text"], doc["location"]
        assert "Written and checked by our volunteer editors" not in doc["text"], doc["location"]


def front_matter(src: str) -> dict:
    text = (ROOT / "docs" / src).read_text(encoding="utf-8")
    m = re.match(r"\A---\s*\n(.*?)\n---\s*\n", text, re.S)
    return yaml.safe_load(m.group(1)) if m else {}


def test_every_page_snippet_starts_with_its_description(index):
    pages = {doc["location"]: doc for doc in index["docs"] if "#" not in doc["location"]}
    checked = 0
    for src in nav_pages():
        description = front_matter(src).get("description")
        if not description:
            continue
        doc = pages[url_path(src)]
        assert doc["text"].startswith("<p>" + html.escape(" ".join(description.split()), quote=False)), src
        checked += 1
    assert checked, "no page with a description"


def test_vocabulary_phrases_reach_their_pages(index):
    vocabulary = yaml.safe_load((ROOT / "data" / "vocabulary.yml").read_text(encoding="utf-8"))
    pages = {doc["location"]: doc["text"] for doc in index["docs"] if "#" not in doc["location"]}
    for entry in vocabulary["terms"]:
        for page in entry["pages"]:
            text = pages[url_path(page)]
            for phrase in entry["phrases"]:
                assert html.escape(phrase, quote=False) in text, (phrase, page)


def test_hidden_paragraph_is_hidden_in_the_html(built_site):
    page = (built_site.path / "neuropathic-pain" / "index.html").read_text(encoding="utf-8")
    [tag] = re.findall(r'<p class="npa-search-text"[^>]*>', page)
    assert re.search(r"\shidden(=|\s|>)", tag)
