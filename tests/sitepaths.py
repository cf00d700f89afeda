"""Where pages live: the nav of mkdocs.yml, and the URL and file MkDocs builds for a docs/ page."""
from __future__ import annotations

from pathlib import Path

from hooks.content import config
from hooks.content.project import ROOT

MKDOCS_YML = ROOT / "mkdocs.yml"


def nav_pages(nav: list | None = None) -> list[str]:
    """Every Markdown path named in the nav of mkdocs.yml (or in the nav given), in nav order."""
    return config.nav_pages(config.read_config(MKDOCS_YML).nav if nav is None else nav)


def url_path(src: str) -> str:
    """A docs/ page path (with an optional #anchor) as its URL path in the built site."""
    path, _, anchor = src.partition("#")
    stem = path[:-3]
    url = "" if stem == "index" else stem[: -len("index")] if stem.endswith("/index") else stem + "/"
    return url + (f"#{anchor}" if anchor else "")


def html_file(site: Path, src: str) -> Path:
    """Where MkDocs writes the page built from docs/<src> (directory URLs)."""
    return site / url_path(src.partition("#")[0]) / "index.html"
