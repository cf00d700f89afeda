"""MkDocs hook: generated content for the reference (issues 4 and 6).

A thin adapter: the rendering itself lives in hooks/site (pure functions, tested on their own).
Loaded by file path from mkdocs.yml (after hooks/mkdocs_gate.py), so the project root is put on
sys.path before importing the package.

Events:
  on_config          load data/bibliography.yml, data/schema.yml, data/claims.yml (optional); give
                     includes/abbreviations.md to the abbr extension as its glossary (parsed once),
                     unless pymdownx.snippets already appends that file to every page
  on_nav             read every docs page's front matter and citations once (titles, nav order,
                     "cited on" backlinks, the evidence map)
  on_page_markdown   citations, the References list, markers, evidence badge, claims box, review dates
  on_post_page       MedicalWebPage JSON-LD in <head>; rel="noopener" on external links
"""
from __future__ import annotations

import posixpath
import sys
from pathlib import Path

_ROOT = Path(__file__).resolve().parent.parent
if str(_ROOT) not in sys.path:
    sys.path.insert(0, str(_ROOT))

from mkdocs.exceptions import PluginError  # noqa: E402

from hooks import site  # noqa: E402
from hooks.site.markdown_text import has_marker, heading_level_before_marker  # noqa: E402

REFERENCES_PAGE = "references.md"
ABBREVIATIONS = "includes/abbreviations.md"
LABELS_PAGE = "evidence-labels.md"
CLAIMS_PAGE = "claims.md"
MARKER_START = "<!-- generated:"  # every marker line holds this (hooks/site/markdown_text.MARKER)


class _State:
    bibliography: dict = {}
    labels: dict = {}
    schema: dict = {}
    ledger: dict | None = None
    pages: list[dict] = []          # nav order: {'path', 'title', 'meta', 'cited'}
    titles: dict[str, str] = {}
    cited_on: dict[str, list] = {}
    paths: set[str] = set()
    claim_pages: set[str] = set()   # pages the claims ledger names (they get a claims box)
    site_url: str = ""


STATE = _State()


def on_config(config):
    root = Path(config.config_file_path).resolve().parent if config.config_file_path else _ROOT
    data = root / "data"
    try:
        STATE.bibliography = site.load_bibliography(data / "bibliography.yml")
        STATE.schema = site.load_schema(data / "schema.yml")
        STATE.ledger = site.load_claims(data / "claims.yml")
    except site.DataError as err:
        raise PluginError(f"mkdocs_render: invalid data file: {err}") from err
    STATE.labels = site.cite_labels(STATE.bibliography)
    STATE.claim_pages = {str(c["page"]).partition("#")[0] for c in (STATE.ledger or {}).get("claims") or []}
    STATE.site_url = config.site_url or ""
    _set_abbr_glossary(config, root)
    return config


def _set_abbr_glossary(config, root: Path) -> None:
    """The tooltips file as the abbr extension's `glossary` option: parsed once per build rather
    than appended to and parsed on every page. Definitions already in the option win."""
    mdx_configs = config.get("mdx_configs")
    if "abbr" not in (config.get("markdown_extensions") or []) or mdx_configs is None:
        return
    snippets = mdx_configs.get("pymdownx.snippets") or {}
    if any(posixpath.normpath(str(p)) == ABBREVIATIONS for p in snippets.get("auto_append") or []):
        return  # the file is appended to every page already
    path = root / ABBREVIATIONS
    if not path.is_file():
        return
    glossary = site.parse_abbreviations(path.read_text(encoding="utf-8"))
    options = mdx_configs.setdefault("abbr", {})
    options["glossary"] = {**glossary, **(options.get("glossary") or {})}


def on_serve(server, config, builder):
    """Rebuild when the tooltips file changes (it lives outside docs/)."""
    root = Path(config.config_file_path).resolve().parent if config.config_file_path else _ROOT
    if (root / ABBREVIATIONS).is_file():
        server.watch(str(root / ABBREVIATIONS))
    return server


def on_nav(nav, config, files):
    order = {p.file.src_uri: i for i, p in enumerate(nav.pages)}
    nav_titles = {p.file.src_uri: p.title for p in nav.pages}
    pages = []
    for f in files.documentation_pages():
        meta, body = site.split_front_matter(f.content_string)
        title = meta.get("title") or nav_titles.get(f.src_uri) or f.src_uri
        pages.append({"path": f.src_uri, "title": str(title), "meta": meta,
                      "cited": site.find_citations(body)})
    pages.sort(key=lambda p: (order.get(p["path"], len(order)), p["title"]))
    STATE.pages = pages
    STATE.paths = {p["path"] for p in pages}
    STATE.titles = {p["path"]: p["title"] for p in pages}
    cited_on: dict[str, list] = {}
    for p in pages:
        if p["path"] == REFERENCES_PAGE:
            continue
        for key in dict.fromkeys([*p["cited"], *(p["meta"].get("sources") or [])]):
            cited_on.setdefault(str(key), []).append((p["title"], p["path"]))
    STATE.cited_on = cited_on
    return nav


def _optional(path: str) -> str | None:
    return path if path in STATE.paths else None


def render_page(markdown: str, path: str, meta: dict) -> str:
    """Everything on_page_markdown generates for one page (separate for testing)."""
    # Cheap substring tests first: most pages have no generated-block marker, many no citation.
    has_at = "@" in markdown
    keys = site.find_citations(markdown) if has_at else []
    md = site.render_citations(markdown, STATE.labels, path, REFERENCES_PAGE) if has_at else markdown

    works = [str(k) for k in dict.fromkeys([*(meta.get("sources") or []), *keys])]
    if works and path != REFERENCES_PAGE:
        md = site.append_to_section(md, "References",
                                    site.page_reference_list(works, STATE.bibliography, path, REFERENCES_PAGE))

    if MARKER_START in md:
        md = _replace_markers(md, path)

    if path in STATE.claim_pages:
        box = site.claims_box(STATE.ledger, path, STATE.schema, _optional(CLAIMS_PAGE))
        if box:
            md = site.insert_after_section(md, "In short", box)
    badge = site.evidence_badge(meta, STATE.schema, path, _optional(LABELS_PAGE))
    if badge:
        md = badge + "\n\n" + md.lstrip("\n")
    review = site.review_line(meta)
    if review:
        md = md.rstrip("\n") + "\n\n" + review + "\n"
    return md


def _replace_markers(md: str, path: str) -> str:
    """The generated blocks (References page, evidence map, claims table, schema tables)."""
    if has_marker(md, "bibliography"):
        level = heading_level_before_marker(md, "bibliography") + 1
        md = site.replace_marker(md, "bibliography", site.bibliography_page(
            STATE.bibliography, STATE.labels, STATE.cited_on, path, level))
    if has_marker(md, "evidence-map"):
        md = site.replace_marker(md, "evidence-map", site.evidence_map(STATE.pages, STATE.schema, path, STATE.ledger))
    if STATE.ledger and has_marker(md, "claims-table"):
        level = heading_level_before_marker(md, "claims-table") + 1
        md = site.replace_marker(md, "claims-table", site.claims_table(
            STATE.ledger, STATE.schema, path, STATE.titles, level))
    if has_marker(md, "schema-tables"):
        md = site.replace_marker(md, "schema-tables", site.schema_tables(STATE.schema))
    if has_marker(md, "vocabularies"):
        md = site.replace_marker(md, "vocabularies", site.vocabularies(STATE.schema))
    return md


def on_page_markdown(markdown, page, config, files):
    return render_page(markdown, page.file.src_uri, page.meta or {})


def on_post_page(output, page, config):
    url = page.canonical_url or (STATE.site_url + page.url)
    output = site.inject_json_ld(output, site.json_ld(page.meta or {}, url))
    return site.add_rel_noopener(output, STATE.site_url)
