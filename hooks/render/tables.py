"""Python-Markdown extension: each table cell carries its column's heading, for phones.

    markdown_extensions:
      - hooks.render.tables:

Every `<td>` of a table with a header row gets `data-label="<its column heading>"` (plain text,
escaped by the serialiser). On a narrow screen, docs/stylesheets/extra.css shows each row as a card
with those labels, so a table's deciding column (result, quality, certainty, verdict) is on screen
without scrolling sideways. An extension rather than a MkDocs hook, so any engine that runs
Python-Markdown extensions (MkDocs, Zensical) gives the same HTML; it covers written and generated
tables alike.
"""
from __future__ import annotations

import re
import xml.etree.ElementTree as etree

from markdown import Extension
from markdown.treeprocessors import Treeprocessor

_PLACEHOLDER = re.compile("\x02[^\x03]*\x03")  # stashed raw HTML inside a heading


def _text(element: etree.Element) -> str:
    return " ".join(_PLACEHOLDER.sub("", "".join(element.itertext())).split())


class TableLabels(Treeprocessor):
    """Copy each column heading onto the column's cells as data-label."""

    def run(self, root: etree.Element) -> None:
        for table in root.iter("table"):
            head = table.find("thead")
            row = head.find("tr") if head is not None else None
            if row is None:
                continue
            labels = [_text(cell) for cell in row if cell.tag in ("th", "td")]
            if not any(labels):
                continue
            for body in table.findall("tbody"):
                for tr in body.findall("tr"):
                    for index, cell in enumerate(c for c in tr if c.tag == "td"):
                        if index < len(labels) and labels[index] and "data-label" not in cell.attrib:
                            cell.set("data-label", labels[index])


class TableLabelsExtension(Extension):
    def extendMarkdown(self, md) -> None:  # noqa: N802 (Python-Markdown's name)
        # After inline markup (20) so headings are final text; before abbr (7) wraps words in <abbr>.
        md.treeprocessors.register(TableLabels(md), "npa_table_labels", 8)


def makeExtension(**kwargs) -> TableLabelsExtension:  # noqa: N802 (Python-Markdown's entry point)
    return TableLabelsExtension(**kwargs)
