"""Reading level of what a reader meets first: the short answer (`answer`) and the "In short" section.

The text is stripped of Markdown first (code, comments, citations, link targets, images, HTML tags,
emphasis, list and admonition markers), and each paragraph, list item, heading, table cell and
admonition title counts as a sentence of its own. It is then measured with textstat: the
Flesch-Kincaid grade (US school grade; reading age is about the grade plus 5) and the Flesch
reading ease (0-100, higher is easier).

textstat is imported only when a page has text to measure. It counts syllables with the CMU
pronouncing dictionary when nltk has it, and otherwise downloads it; this checker makes no network
request, so it measures British English ("en-GB"), for which textstat counts syllables with pyphen's
hyphenation dictionary alone. nltk is then never used, so it is not loaded (it costs ~200 ms).
"""

from __future__ import annotations

import re
import html
from collections import namedtuple

LANG = "en-GB"  # not "en_GB": textstat looks "en_*" words up in the CMU dictionary (nltk, a download)

_CITATION = re.compile(r"(?<![ \t])[ \t]*\[@[^\[\]\n]*\](?!\()")
_FOOTNOTE = re.compile(r"\[\^[^\]\n]*\]")
_IMAGE = re.compile(r"!\[([^\]\n]*)\]\([^)\n]*\)")
_LINK = re.compile(r"\[([^\[\]\n]*)\](?:\([^()\n]*\)|\[[^\[\]\n]*\])")
_AUTOLINK = re.compile(r"<(?:https?://|mailto:)[^>\s]*>")
_URL = re.compile(r"\bhttps?://\S+")
_TAG = re.compile(r"</?[A-Za-z][^<>\n]*>")
_ATTR_LIST = re.compile(r"\{:?[^{}\n]*\}")
_CODE = re.compile(r"`+([^`\n]*)`+")
_UNDERSCORES = re.compile(r"(?<!\w)_+|_+(?!\w)")  # emphasis, not snake_case words
_ENTITY = re.compile(r"&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);")
_LIST_ITEM = re.compile(r"(?:[-*+]|\d{1,9}[.)])[ \t]+")
_ADMONITION = re.compile(r"(?:!!!|\?\?\?\+?)[ \t]*[\w-]*(?:[ \t]+[\w -]*)?(?:[ \t]*\"(.*)\")?[ \t]*$")
_TABLE_RULE = re.compile(r"\|?[ \t]*:?-{3,}:?[ \t]*(\|[ \t]*:?-{3,}:?[ \t]*)*\|?")
_ENDS_SENTENCE = frozenset(".!?")
_LIST_STARTS = frozenset("-*+0123456789")


class Reading(namedtuple("Reading", "grade ease words sentences")):
    """Flesch-Kincaid grade, Flesch reading ease (one decimal), words and sentences measured."""

    __slots__ = ()

    @property
    def reading_age(self) -> float:
        """The UK reading age a US grade corresponds to (about the grade plus 5)."""
        return round(self.grade + 5, 1)


def plain_text(markdown: str) -> str:
    """Prose of a Markdown fragment, one sentence per block (the caller has removed code and comments)."""
    blocks: list[str] = []
    current: list[str] = []

    def close() -> None:
        if current:
            blocks.append(" ".join(current))
            current.clear()

    for raw in markdown.split("\n"):
        line = raw.strip()
        first = line[:1]
        if not line or line.startswith(("*[", "--8<--")) or (first in "|-:" and _TABLE_RULE.fullmatch(line)):
            close()
            continue
        if first == "#":
            close()
            blocks.append(line.lstrip("#").strip())
            continue
        if first in "!?":
            match = _ADMONITION.match(line)
            if match:
                close()
                if match.group(1):
                    blocks.append(match.group(1))
                continue
        while line.startswith(">"):
            line = line[1:].lstrip()
        item = _LIST_ITEM.match(line) if line[:1] in _LIST_STARTS else None
        if item:
            close()
            line = line[item.end():]
        if "|" in line and line.count("|") >= 2:  # a table row: each cell a sentence
            close()
            blocks.extend(cell.strip() for cell in line.strip("|").split("|"))
            continue
        current.append(line)
    close()
    sentences = []
    for block in _inline("\n".join(blocks)).split("\n"):  # one pass of each pattern per page
        text = " ".join(block.split()).strip(" \t,;:")
        if text:
            sentences.append(text if text[-1] in _ENDS_SENTENCE else text + ".")
    return " ".join(sentences)


def _inline(text: str) -> str:
    """Blocks (one a line) without inline Markdown: citations, link targets, tags, emphasis markers."""
    if "[" in text:
        text = _CITATION.sub("", text)
        text = _FOOTNOTE.sub("", text)
        text = _IMAGE.sub("", text)
        text = _LINK.sub(r"\1", text)
    if "<" in text:
        text = _AUTOLINK.sub("", text)
        text = _TAG.sub("", text)
    if "http" in text:
        text = _URL.sub("", text)
    if "{" in text:
        text = _ATTR_LIST.sub("", text)
    if "`" in text:
        text = _CODE.sub(r"\1", text)
    if "*" in text:
        text = text.replace("*", "")
    if "_" in text:
        text = _UNDERSCORES.sub("", text)
    if "~~" in text or "==" in text:
        text = text.replace("~~", "").replace("==", "")
    if "&" in text:
        text = _ENTITY.sub(lambda m: html.unescape(m.group(0)), text)
    return text


_METRICS = None


def _metrics():
    """textstat's metrics and counts (imported once, on first use, without loading nltk)."""
    global _METRICS
    if _METRICS is None:
        import sys

        stub = None
        if "nltk" not in sys.modules and "textstat" not in sys.modules:
            import types

            # textstat imports nltk only to read the CMU dictionary, which LANG never asks for.
            stub = sys.modules["nltk"] = types.ModuleType("nltk")
        try:
            from textstat.backend import counts, metrics
        finally:
            if stub is not None and sys.modules.get("nltk") is stub:
                del sys.modules["nltk"]
        _METRICS = (metrics, counts)
    return _METRICS


def measure(text: str) -> Reading | None:
    """The reading level of plain text, or None if it has no words."""
    if not text or not any(character.isalpha() for character in text):
        return None
    metrics, counts = _metrics()
    words = counts.count_words(text)
    if not words:
        return None
    return Reading(
        round(metrics.flesch_kincaid_grade(text, LANG), 1),
        round(metrics.flesch_reading_ease(text, LANG), 1),
        words,
        counts.count_sentences(text),
    )
