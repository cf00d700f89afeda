"""Where pages live: the nav of mkdocs.yml, and the URL and file MkDocs builds for a docs/ page."""
from __future__ import annotations

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
MKDOCS_YML = ROOT / "mkdocs.yml"


def nav_pages(nav: list | None = None) -> list[str]:
    """Every Markdown path named in the nav of mkdocs.yml (or in the nav given), in nav order."""
    if nav is None:
        nav = yaml.safe_load(MKDOCS_YML.read_text(encoding="utf-8"))["nav"]
    out: list[str] = []
    for item in nav:
        value = next(iter(item.values())) if isinstance(item, dict) else item
        if isinstance(value, list):
            out += nav_pages(value)
        elif isinstance(value, str) and value.endswith(".md"):
            out.append(value)
    return out


def url_path(src: str) -> str:
    """A docs/ page path (with an optional #anchor) as its URL path in the built site."""
    path, _, anchor = src.partition("#")
    stem = path[:-3]
    url = "" if stem == "index" else stem[: -len("index")] if stem.endswith("/index") else stem + "/"
    return url + (f"#{anchor}" if anchor else "")


def html_file(site: Path, src: str) -> Path:
    """Where MkDocs writes the page built from docs/<src> (directory URLs)."""
    return site / url_path(src.partition("#")[0]) / "index.html"
