"""Python-Markdown extension: the reference's generated content, on any engine that runs
Python-Markdown (MkDocs today, Zensical tomorrow). Named in mkdocs.yml:

    markdown_extensions:
      - hooks.render.reference:
          root: .              # the project folder (data/, docs/, includes/); relative to the config file

It reads the data files itself, through the content layer (hooks/content/__init__.py), once per build:
data/bibliography.yml, data/schema.yml, data/claims.yml, includes/abbreviations.md and the nav of the
config file (page order for the evidence map and "Cited on" backlinks). On each page it makes:

- citations `[@key]` / `[@a; @b]` into author-year links to the References page;
- the page's reference list at the end of its `## References` section;
- the generated blocks where a page has a marker line `<!-- generated: NAME -->` (bibliography,
  evidence-map, claims-table, schema-tables, vocabularies, rules, option-grid, icon-arrays); the
  option grid (data/options.yml) and the icon arrays (data/figures.yml) are rendered by
  hooks/render/blocks/grid.py, and the works they cite join the page's reference list;
- the claims box after `## In short` on every page the claims ledger names;
- the evidence badge at the top of page types whose schema trait `badge` is true (it needs the
  schema's reader labels, which a template cannot read);
- the glossary tooltips: includes/abbreviations.md given to the abbr extension, parsed once;
- rel="noopener" on links to other sites.

The review line and the JSON-LD come from the front matter through template overrides
(overrides/partials/npa-review.html, overrides/partials/npa-jsonld.html).

Which page is being rendered: a Markdown extension is not told. Both engines put the page on the
Markdown instance: MkDocs's link resolver (the `relpath` tree processor) holds the page's file, and
Zensical's rendering context (a preprocessor) holds the page. `page_source` reads either; with
neither (plain Markdown, e.g. in a test) the page is `page` from the extension's configuration.
Citation links and the claims box need that path: the ledger names pages by their path in docs/.

Bad data never raises here: entries the checker rejects (BIB001, CLM001...) are left out, a
citation of an unknown key stays as written, and the gate (MkDocs hook, or `python -m hooks.build`)
stops the build with the checker's `path:line: RULE message`.
"""
from __future__ import annotations

import logging
import posixpath
from pathlib import Path

from markdown import Extension
from markdown.postprocessors import Postprocessor
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor

from hooks import content as content_layer
from hooks.render import blocks as site
from hooks.content import page as page_module
from hooks.content.page import Page, parse_text

log = logging.getLogger("mkdocs.plugins.hooks.render.reference")

MARKERS = page_module.MARKERS  # the marker names, declared in the content layer


class ReferenceExtension(Extension):
    def __init__(self, **kwargs):
        self.config = {
            "root": [".", "the project folder (holds data/, docs/, includes/ and the config file)"],
            "docs_dir": ["docs", "the pages' folder, relative to root"],
            "config_file": ["mkdocs.yml", "the site configuration (nav order, site_url), relative to root"],
            "references_page": ["references.md", "the References page (docs path)"],
            "labels_page": ["evidence-labels.md", "the page explaining the evidence labels (docs path)"],
            "claims_page": ["claims.md", "the page with every checked claim (docs path)"],
            "page": ["", "the page's docs path when the engine does not tell (plain Markdown)"],
        }
        super().__init__(**kwargs)

    def extendMarkdown(self, md):
        md.registerExtension(self)
        md.preprocessors.register(ReferencePreprocessor(md, self), "npa_reference", 35)
        md.postprocessors.register(NoopenerPostprocessor(md, self), "npa_noopener", 5)
        # After hooks.render.tables (8) has labelled the cells, before abbr (7) wraps words.
        md.treeprocessors.register(GridTreeprocessor(md), "npa_grid", 7.5)

    def site(self, token: object) -> "_Site":
        options = self.getConfigs()
        base = _engine_folder(token)
        if base and not Path(options["root"]).is_absolute():  # relative to the config file, not the cwd
            options["root"] = str(Path(base) / options["root"])
        return _site_for(options, token)


def _engine_folder(config: object) -> str | None:
    """The folder of the site configuration: MkDocs's config_file_path, Zensical's root_dir."""
    path = getattr(config, "config_file_path", None)
    if isinstance(path, str) and path:
        return str(Path(path).parent)
    if isinstance(config, dict) and isinstance(config.get("root_dir"), str):
        return config["root_dir"]
    return None


# ---- which page, which build ------------------------------------------------------------------


def page_source(md) -> tuple[str | None, object]:
    """(the page's path under docs/, a per-build token) from the engine's objects on `md`."""
    for processor in md.treeprocessors:  # MkDocs: the link resolver knows the page's file
        file = getattr(processor, "file", None)
        if file is not None and isinstance(getattr(file, "src_uri", None), str):
            return file.src_uri, getattr(processor, "config", None)
    for processor in md.preprocessors:  # Zensical: the rendering context holds the page
        page = getattr(processor, "page", None)
        if page is not None and isinstance(getattr(page, "path", None), str):
            return page.path.replace("\\", "/"), getattr(processor, "config", None)
    return None, None


# ---- what one build needs of every page ---------------------------------------------------------


class _Site:
    """Data for one build: loaded once (per build token) and shared by every page."""

    def __init__(self, options: dict) -> None:
        root = Path(options["root"]).resolve()
        self.options = options
        self.content = content_layer.shared(root, root / options["docs_dir"])
        self.schema = self.content.schema_data()
        try:
            self.bibliography = dict(self.content.bibliography().entries)
        except OSError:
            self.bibliography = {}
        self.labels = site.cite_labels(self.bibliography)
        self.ledger = self.content.ledger()
        self.claim_pages = {str(c["page"]).partition("#")[0] for c in (self.ledger or {}).get("claims") or []}
        self.glossary = self.content.abbreviations()
        self.grids = self.content.grids()
        self.figures = self.content.figures()
        config = self.content.config(root / options["config_file"])
        self.site_url = str(config.get("site_url") or "")
        self._nav = config.nav_titles()
        self._pages: list[dict] | None = None

    def pages(self) -> list[dict]:
        """Every docs page in nav order: {'path', 'title', 'meta', 'cited'} (read once per build)."""
        if self._pages is None:
            order = {path: index for index, path in enumerate(self._nav)}
            pages = []
            for path, page in self.content.docs_pages():
                meta = page.front.data if page.front else {}
                title = meta.get("title") or self._nav.get(path) or path
                cited = list(dict.fromkeys(c.key for c in page.citations))
                pages.append({"path": path, "title": str(title), "meta": meta, "cited": cited})
            pages.sort(key=lambda p: (order.get(p["path"], len(order)), p["title"]))
            self._pages = pages
            self._by_path = {p["path"]: p for p in pages}
        return self._pages

    def meta(self, path: str) -> dict:
        self.pages()
        found = self._by_path.get(path)
        return found["meta"] if found else {}

    def paths(self) -> set[str]:
        self.pages()
        return self._by_path.keys()

    def titles(self) -> dict[str, str]:
        return {p["path"]: p["title"] for p in self.pages()}

    def cited_on(self) -> dict[str, list]:
        references = self.options["references_page"]
        cited_on: dict[str, list] = {}
        for p in self.pages():
            if p["path"] == references:
                continue
            for key in dict.fromkeys([*p["cited"], *_keys(p["meta"].get("sources"))]):
                cited_on.setdefault(str(key), []).append((p["title"], p["path"]))
        return cited_on

    def optional(self, path: str) -> str | None:
        return path if path in self.paths() else None


def _site_for(options: dict, token: object) -> _Site:
    """The build's _Site, kept by the content layer (one per build token and set of options)."""
    root = Path(options["root"]).resolve()
    content = content_layer.shared(root, root / options["docs_dir"])
    key = ("reference-site", tuple(sorted((k, str(v)) for k, v in options.items() if k != "page")))
    return content.per_build(key, token, lambda: _Site(options))


def _keys(value) -> list[str]:
    return [str(k) for k in value] if isinstance(value, list) else []


# ---- one page -----------------------------------------------------------------------------------


class ReferencePreprocessor(Preprocessor):
    def __init__(self, md, extension: ReferenceExtension) -> None:
        super().__init__(md)
        self.extension = extension

    def run(self, lines: list[str]) -> list[str]:
        path, token = page_source(self.md)
        path = path or self.extension.getConfig("page") or "index.md"
        try:
            data = self.extension.site(token)
            self.md.npa_site_url = data.site_url  # for the postprocessor
            _give_glossary(self.md, data.glossary)
            return render(lines, path, data)
        except Exception as exc:  # noqa: BLE001 - a page must never stop with a traceback
            log.warning(f"{path}: generated content left out: {type(exc).__name__}: {exc}")
            return lines


def render(lines: list[str], path: str, data: _Site) -> list[str]:
    """The page's Markdown lines with every generated element in place."""
    opt = data.options
    references = opt["references_page"]
    page = parse_text(path, "\n".join(lines), front_matter=False)
    meta = data.meta(path)
    text = _link_citations(page, path, data.labels, references)
    out = text.split("\n")
    edits: list[tuple[int, int, list[str]]] = []  # (line index, lines replaced, new lines)

    works = [*_keys(meta.get("sources")), *(c.key for c in page.citations)]
    names = {name for name, _ in page.markers}
    if "option-grid" in names:
        works += data.grids.keys(path)
    if "icon-arrays" in names:
        works += data.figures.keys(path)
    works = [str(k) for k in dict.fromkeys(works)]
    if works and path != references:
        listing = site.page_reference_list(works, data.bibliography, path, references)
        end = _section_end(page, "References", trim=True)
        if end is not None:
            edits.append((end, 0, ["", *listing.strip("\n").split("\n"), ""]))

    for name, index in page.markers:
        block = _marker_block(name, page, index, path, data)
        if block is not None:
            edits.append((index, 1, ["", *block.strip("\n").split("\n"), ""]))

    if path in data.claim_pages:
        box = site.claims_box(data.ledger, path, data.schema, data.optional(opt["claims_page"]))
        if box:
            end = _section_end(page, "In short")
            block = box.strip("\n").split("\n")
            edits.append((end, 0, ["", *block, ""]) if end is not None else (0, 0, [*block, ""]))

    for index, replaced, new in sorted(edits, key=lambda edit: edit[0], reverse=True):
        out[index:index + replaced] = new

    badge = site.evidence_badge(meta, data.schema, path, data.optional(opt["labels_page"]))
    if badge:
        while out and not out[0]:
            out.pop(0)
        out = [*badge.split("\n"), "", *out]
    return out


def _link_citations(page: Page, path: str, labels: dict[str, str], references: str) -> str:
    """The text with each citation whose keys are all known replaced by its links."""
    groups: dict[tuple[int, int], list[str]] = {}
    for citation in page.citations:
        groups.setdefault((citation.start, citation.end), []).append(citation.key)
    text, pieces, last = page.text, [], 0
    for (start, end), keys in sorted(groups.items()):
        if any(key not in labels for key in keys):
            continue
        # The label comes from the bibliography's authors and year: escaped as Markdown text, so a
        # data value can never become markup or a link of its own.
        links = [f"[{site.md_escape(labels[k])}]({site.relative_link(path, f'{references}#{k}')})" for k in keys]
        pieces += [text[last:start], "(" + "; ".join(links) + ")"]
        last = end
    pieces.append(text[last:])
    return "".join(pieces)


def _section_end(page: Page, title: str, level: int = 2, trim: bool = False) -> int | None:
    """Line index where the first `## title` section ends (the next heading of that level or
    higher, or the end); with trim, before the section's trailing blank lines."""
    headings = page.headings
    for position, heading in enumerate(headings):
        if heading.level == level and heading.text == title:
            start = heading.line - 1
            end = next((h.line - 1 for h in headings[position + 1:] if h.level <= level), len(page.lines))
            if trim:
                while end - 1 > start and not page.lines[end - 1].strip():
                    end -= 1
            return end
    return None


def _level_above(page: Page, index: int) -> int:
    above = [h.level for h in page.headings if h.line - 1 < index]
    return above[-1] if above else 0


def _marker_block(name: str, page: Page, index: int, path: str, data: _Site) -> str | None:
    if name == "bibliography":
        return site.bibliography_page(data.bibliography, data.labels, data.cited_on(), path,
                                      _level_above(page, index) + 1)
    if name == "evidence-map":
        return site.evidence_map(data.pages(), data.schema, path, data.ledger)
    if name == "claims-table" and data.ledger:
        return site.claims_table(data.ledger, data.schema, path, data.titles(), _level_above(page, index) + 1)
    if name == "schema-tables":
        return site.schema_tables(data.schema)
    if name == "vocabularies":
        return site.vocabularies(data.schema)
    if name == "rules":
        return site.rules_table(data.schema)
    if name == "option-grid":
        labels = ((data.schema.get("labels") or {}).get("certainty") or {})
        grid = site.option_grid(data.grids.pages.get(path), data.labels, path, data.options["references_page"], labels)
        return grid or "*No option grid for this page yet.*"  # the checker reports it: GRD005
    if name == "icon-arrays":
        arrays = site.icon_arrays(data.figures.pages.get(path), data.labels, path, data.options["references_page"])
        return arrays or "*No figures for this page yet.*"  # the checker reports it: FIG005
    return None


def _give_glossary(md, glossary: dict[str, str]) -> None:
    """The tooltips file's terms to the abbr extension (definitions it already has win), unless
    pymdownx.snippets appends the file to every page already or abbr is not enabled."""
    if not glossary:
        return
    abbr = next((e for e in md.registeredExtensions if type(e).__name__ == "AbbrExtension"), None)
    if abbr is None:
        return
    for ext in md.registeredExtensions:
        if type(ext).__name__ in ("SnippetExtension", "SnippetsExtension"):
            appended = ext.getConfigs().get("auto_append") or []
            if any(posixpath.normpath(str(p)) == content_layer.ABBREVIATIONS for p in appended):
                return
    abbr.load_glossary(glossary)
    for term, title in glossary.items():
        abbr.abbrs.setdefault(term, title)


class GridTreeprocessor(Treeprocessor):
    """The option grid's table made for screen readers: its caption (from the wrapper's
    data-caption), and each row's first cell a row header (`<th scope="row">`)."""

    def run(self, root) -> None:
        import xml.etree.ElementTree as etree

        for wrapper in root.iter("div"):
            if "npa-grid" not in (wrapper.get("class") or "").split():
                continue
            caption = wrapper.attrib.pop("data-caption", "")
            for table in wrapper.iter("table"):
                if caption:
                    element = etree.Element("caption")
                    element.text = caption
                    table.insert(0, element)
                for th in table.iter("th"):
                    th.set("scope", "col")
                for body in table.findall("tbody"):
                    for row in body.findall("tr"):
                        first = next((cell for cell in row if cell.tag == "td"), None)
                        if first is not None:
                            first.tag = "th"
                            first.attrib.pop("data-label", None)
                            first.set("scope", "row")


class NoopenerPostprocessor(Postprocessor):
    """rel="noopener" on every link to another site in the page's HTML (raw HTML included)."""

    def __init__(self, md, extension: ReferenceExtension) -> None:
        super().__init__(md)
        self.extension = extension

    def run(self, text: str) -> str:
        return site.add_rel_noopener(text, getattr(self.md, "npa_site_url", ""))


def makeExtension(**kwargs):
    return ReferenceExtension(**kwargs)
