"""Readers' vocabulary: lay words added, unseen, to the search index of the pages they belong to.

data/vocabulary.yml maps the words readers type ("pins and needles", "chemo", "collapsed lung") to
a term of the reference and the pages that explain it. For each page it renders, this extension puts
one paragraph at the top of the page with the `hidden` attribute (not shown, not in the
accessibility tree, still read by the search indexer): the page's description, which becomes the
page's search snippet, and the page's reader phrases. It also marks page furniture (the evidence
badge, the review line) with `data-search-exclude` so that search leaves it out.

Python-Markdown does not say which page it renders, but both engines this project builds with do:
MkDocs registers its link-fixing treeprocessor ("relpath") with the page's file, and Zensical
registers a preprocessor holding the page (path and front matter). `page_context` reads whichever
is there; with neither, the extension adds nothing and leaves the page as it is.

The vocabulary file is parsed once per build and cached by path and modification time. Its errors
are the checker's business (rules VOC001-VOC004): here a malformed entry is skipped, never fatal.
"""
from __future__ import annotations

import os
import xml.etree.ElementTree as etree
from pathlib import Path

from markdown import Extension
from markdown.treeprocessors import Treeprocessor

from hooks import content as content_layer
from hooks.content.project import ROOT as PROJECT_ROOT


def resolve(path: str) -> Path:
    """The vocabulary file: as given (relative to the current folder), else under the project root."""
    given = Path(path)
    if given.is_absolute() or given.exists():
        return given
    return PROJECT_ROOT / given


def phrases_by_page(path: str | Path) -> dict[str, list[str]]:
    """{page path relative to docs/: [reader phrases, in file order, no repeats]}; {} if unreadable.
    Read through the content layer of the project the file belongs to (once per change)."""
    path = Path(path).resolve()
    return content_layer.shared(path.parent.parent).reader_phrases(path)


def page_context(md) -> tuple[str | None, dict]:
    """(page path relative to docs/, front matter) of the page being rendered, or (None, {})."""
    for processor in md.preprocessors:  # Zensical: a preprocessor holds the page
        page = getattr(processor, "page", None)
        if page is not None and hasattr(page, "path") and hasattr(page, "meta"):
            return _relative(str(page.path)), page.meta if isinstance(page.meta, dict) else {}
    if "relpath" in md.treeprocessors:  # MkDocs: the relpath treeprocessor holds the page's file
        file = getattr(md.treeprocessors["relpath"], "file", None)
        if file is not None and getattr(file, "src_uri", None):
            meta = getattr(getattr(file, "page", None), "meta", None)
            return file.src_uri, meta if isinstance(meta, dict) else {}
    return None, {}


def _relative(path: str) -> str:
    """A page path as docs/-relative POSIX ('docs/a/b.md' or '/x/docs/a/b.md' -> 'a/b.md')."""
    path = path.replace(os.sep, "/")
    marker = "docs/"
    if path.startswith(marker):
        return path[len(marker):]
    index = path.rfind("/" + marker)
    return path[index + len(marker) + 1:] if index >= 0 else path


def search_text(description: object, phrases: list[str]) -> str:
    """The hidden paragraph's text: the description, then the reader phrases."""
    parts = []
    if isinstance(description, str) and description.strip():
        parts.append(" ".join(description.split()))
    if phrases:
        parts.append("Other words for this: " + ", ".join(phrases) + ".")
    return " ".join(parts)


class VocabularyTreeprocessor(Treeprocessor):
    def __init__(self, md, extension: "VocabularyExtension") -> None:
        super().__init__(md)
        self.extension = extension

    def run(self, root: etree.Element) -> None:
        excluded = set(self.extension.getConfig("exclude_classes"))
        if excluded:
            for element in root.iter():
                if excluded.intersection((element.get("class") or "").split()):
                    element.set("data-search-exclude", "true")
        path, meta = page_context(self.md)
        if path is None:
            return
        phrases = phrases_by_page(resolve(self.extension.getConfig("path"))).get(path, [])
        text = search_text(meta.get("description"), phrases)
        if not text:
            return
        paragraph = etree.Element("p", {"class": self.extension.getConfig("class"), "hidden": "hidden"})
        paragraph.text = text  # ElementTree escapes it when the page is serialised
        paragraph.tail = "\n"
        root.insert(0, paragraph)


class VocabularyExtension(Extension):
    def __init__(self, **kwargs) -> None:
        self.config = {
            "path": ["data/vocabulary.yml", "the readers' vocabulary file"],
            "class": ["npa-search-text", "class of the hidden paragraph that carries the search text"],
            "exclude_classes": [[], "elements with any of these classes are left out of the search index"],
        }
        super().__init__(**kwargs)

    def extendMarkdown(self, md) -> None:  # noqa: N802 (Python-Markdown's name)
        # After inline processing (20), prettify (10) and attr_list (8), so the text and the classes
        # (`{: .npa-review }`) are final.
        md.treeprocessors.register(VocabularyTreeprocessor(md, self), "npa_vocabulary", 7.5)


def makeExtension(**kwargs) -> VocabularyExtension:  # noqa: N802 (Python-Markdown's name)
    return VocabularyExtension(**kwargs)
