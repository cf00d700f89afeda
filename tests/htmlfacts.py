"""What a reader gets from a built page, as comparable data: the elements this reference generates.

Used to compare the output of two site engines page by page (tests/test_engines.py). Parses with the
standard library's html.parser into a small tree; nothing here depends on either engine.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

VOID = frozenset("area base br col embed hr img input link meta source track wbr".split())
_SPACE = re.compile(r"\s+")


class Node:
    __slots__ = ("tag", "attrs", "children", "parent")

    def __init__(self, tag: str, attrs: dict[str, str], parent: "Node | None") -> None:
        self.tag, self.attrs, self.children, self.parent = tag, attrs, [], parent

    @property
    def classes(self) -> set[str]:
        return set(self.attrs.get("class", "").split())

    def walk(self):
        for child in self.children:
            if isinstance(child, Node):
                yield child
                yield from child.walk()

    def find_all(self, tag: str | None = None, cls: str | None = None):
        return [n for n in self.walk() if (tag is None or n.tag == tag) and (cls is None or cls in n.classes)]

    def text(self) -> str:
        parts: list[str] = []

        def collect(node: Node) -> None:
            for child in node.children:
                if isinstance(child, Node):
                    collect(child)
                else:
                    parts.append(child)
        collect(self)
        return _SPACE.sub(" ", "".join(parts)).strip()


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", {}, None)
        self.current = self.root

    def handle_starttag(self, tag, attrs):
        node = Node(tag, {k: v or "" for k, v in attrs}, self.current)
        self.current.children.append(node)
        if tag not in VOID:
            self.current = node

    def handle_startendtag(self, tag, attrs):
        self.current.children.append(Node(tag, {k: v or "" for k, v in attrs}, self.current))

    def handle_endtag(self, tag):
        node = self.current
        while node is not None and node.tag != tag:  # tolerate unclosed children
            node = node.parent
        if node is not None and node.parent is not None:
            self.current = node.parent

    def handle_data(self, data):
        self.current.children.append(data)


def parse(html: str) -> Node:
    builder = _TreeBuilder()
    builder.feed(html)
    builder.close()
    return builder.root


def _href(value: str) -> str:
    """A link target without the engine's choice of 'index.html' or trailing-slash spelling."""
    return re.sub(r"(^|/)index\.html(?=$|#)", r"\1", value)


def page_facts(html: str) -> dict:
    """The generated elements of one page's article, and its JSON-LD."""
    root = parse(html)
    articles = root.find_all("article")
    article = articles[0] if articles else root
    facts: dict = {
        "citations": [(a.text(), _href(a.attrs.get("href", ""))) for a in article.find_all("a")
                      if "references/#" in _href(a.attrs.get("href", ""))],
        "headings": [(n.tag, n.attrs.get("id", ""), n.text().rstrip("¶").strip()) for n in article.walk()
                     if n.tag in ("h1", "h2", "h3", "h4", "h5", "h6")],
        "table_rows": [[cell.text() for cell in row.walk() if cell.tag in ("td", "th")]
                       for table in article.find_all("table") for row in table.find_all("tr")],
        "tooltips": sorted({(a.text(), a.attrs.get("title", "")) for a in article.find_all("abbr")}),
        "admonitions": [(" ".join(sorted(n.classes)), _title(n)) for n in article.find_all(cls="admonition")],
        "short_answer": [n.text() for n in article.find_all(cls="short-answer")],
        "evidence_badge": [n.text() for n in article.find_all(cls="npa-evidence")],
        "review_line": [n.text() for n in root.find_all(cls="npa-review")],
        "json_ld": [json.loads(s.text()) for s in root.find_all("script")
                    if s.attrs.get("type") == "application/ld+json"],
        "option_grids": [_grid(wrapper) for wrapper in article.find_all(cls="npa-grid")],
        "icon_arrays": [_icon_array(figure) for figure in article.find_all("figure", cls="npa-icons")],
    }
    return facts


def _grid(wrapper: Node) -> list:
    """An option grid: its caption, its column and row headers (with scope) and each cell's label
    and text (citations included)."""
    return [
        ([c.text() for c in table.find_all("caption")],
         [(th.attrs.get("scope", ""), th.text()) for th in table.find_all("th")],
         [(td.attrs.get("data-label", ""), td.text()) for td in table.find_all("td")])
        for table in wrapper.find_all("table")
    ]


def _icon_array(figure: Node) -> tuple:
    """An icon array: its id, the SVG's role and text alternative (the title it points to), the
    drawing itself (each path's class, fill and shape) and the visible caption."""
    svgs = figure.find_all("svg")
    svg = svgs[0] if svgs else Node("svg", {}, None)
    titles = {t.attrs.get("id"): t.text() for t in svg.find_all("title")}
    paths = [(p.attrs.get("class", ""), p.attrs.get("fill", ""), p.attrs.get("d", "")) for p in svg.find_all("path")]
    return (figure.attrs.get("id", ""), svg.attrs.get("role", ""), titles.get(svg.attrs.get("aria-labelledby")),
            svg.attrs.get("viewbox", ""), paths, [c.text() for c in figure.find_all("figcaption")])


def _title(admonition: Node) -> str:
    titles = admonition.find_all(cls="admonition-title")
    return titles[0].text() if titles else ""


def site_pages(site: Path) -> dict[str, Path]:
    """Built content pages by their path in the site (404 page and assets left out)."""
    return {p.relative_to(site).as_posix(): p for p in sorted(site.rglob("index.html"))
            if not p.relative_to(site).parts[0].startswith(("assets", "search"))}
