"""The content layer's cache of pages and data files (see the package's docstring)."""
from __future__ import annotations

import os
from pathlib import Path

import yaml

from hooks.content.abbreviations import parse_abbreviations
from hooks.content.config import SiteConfig, read_config
from hooks.content.bibliography import Bibliography, parse_bibliography
from hooks.content.options import Figures, Grids, parse_figures, parse_options
from hooks.content.page import Page, parse_page
from hooks.content.project import Project, markdown_paths
from hooks.content import limits
from hooks.content.schema import Loader, Schema, load_schema

ABBREVIATIONS = "includes/abbreviations.md"
LEDGER_TEXT = ("id", "section", "claim", "verdict", "page")


def _stamp(path: Path) -> tuple[int, int] | None:
    try:
        info = os.stat(path)
    except OSError:
        return None
    return info.st_mtime_ns, info.st_size


class Content:
    """The pages and data files of one project (root folder, docs folder)."""

    def __init__(self, root: str | Path, docs_dir: str | Path | None = None) -> None:
        self.project = Project.at(root, docs_dir)  # where things are: one answer for checker and rendering
        self.root, self.docs_dir = self.project.root, self.project.docs_dir
        self._pages: dict[str, tuple[tuple[int, int] | None, Page]] = {}
        self._data: dict[str, tuple[tuple[int, int] | None, object]] = {}
        self._derived: dict[object, tuple[object, object]] = {}
        # (Project, problems) of a check this process ran before building (hooks.build): the MkDocs
        # gate takes it instead of running the rules again. Taken once; `mkdocs serve` never sets it.
        self.checked: tuple | None = None

    # ---- data files ---------------------------------------------------------------------------

    def _cached(self, name: str, path: Path, load):
        stamp = _stamp(path)
        hit = self._data.get(name)
        if hit is not None and hit[0] == stamp and stamp is not None:
            return hit[1]
        value = load(path)
        self._data[name] = (stamp, value)
        return value

    @property
    def schema_path(self) -> Path:
        return self.project.schema_path

    @property
    def bibliography_path(self) -> Path:
        return self.project.bibliography_path

    @property
    def ledger_path(self) -> Path:
        return self.project.ledger_path

    def schema(self) -> Schema:
        """The checked schema (raises hooks.checker.SchemaError when unusable)."""
        return self._cached("schema", self.schema_path, load_schema)

    def schema_data(self) -> dict:
        """The schema file as plain data (labels and tables for readers); {} when unreadable."""
        return self._cached("schema_data", self.schema_path, _yaml_mapping)

    def bibliography(self) -> Bibliography:
        """Citable keys, valid entries and BIB findings (FileNotFoundError/OSError when unreadable)."""
        return self._cached("bibliography", self.bibliography_path, lambda p: parse_bibliography(p.read_bytes()))

    def ledger(self) -> dict | None:
        """The claims ledger as the rendering may use it: None when absent or unusable; entries
        that lack a field are left out (the checker reports them: CLM001-CLM007)."""
        return self._cached("ledger", self.ledger_path, _ledger_for_rendering)

    def config(self, path: Path | None = None) -> SiteConfig:
        """The site configuration (mkdocs.yml unless another file is named), read once per change."""
        path = Path(path) if path is not None else self.project.config_path
        return self._cached(f"config:{path}", path, read_config)

    def reader_phrases(self, path: Path | None = None) -> dict[str, list[str]]:
        """The readers' vocabulary as the rendering uses it: {page path relative to docs/: [phrases,
        in file order, no repeats]}; {} when absent or unreadable (VOC001 reports why)."""
        return self._cached(f"phrases:{path}", Path(path) if path else self.root / "data" / "vocabulary.yml",
                            _reader_phrases)

    def data_bytes(self, path: Path) -> bytes | None:
        """A data file's bytes, read once per change; None when it does not exist (another OSError
        is raised: the checker reports it)."""

        def load(path: Path) -> bytes | None:
            try:
                return path.read_bytes()
            except FileNotFoundError:
                return None

        return self._cached(f"bytes:{path}", Path(path), load)

    def grids(self):
        """The option grids (hooks.content.options.Grids): valid rows by page; empty when absent."""
        def load(path: Path):
            try:
                data = self.data_bytes(path)
            except OSError:
                data = None
            return Grids() if data is None else parse_options(data)

        return self._cached("grids", self.project.options_path, load)

    def figures(self):
        """The icon arrays' figures (hooks.content.options.Figures): valid figures by page."""
        try:
            bibliography = self.bibliography()
        except OSError:
            bibliography = None

        def load(path: Path):
            try:
                data = self.data_bytes(path)
            except OSError:
                data = None
            return Figures() if data is None else parse_figures(data, bibliography)

        return self._cached("figures", self.project.figures_path, load)

    def abbreviations(self) -> dict[str, str]:
        """The glossary tooltips ({term: text}) from includes/abbreviations.md; {} when absent."""
        def load(path: Path) -> dict[str, str]:
            try:
                return parse_abbreviations(path.read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError):
                return {}

        return self._cached("abbreviations", self.root / ABBREVIATIONS, load)

    def per_build(self, key: object, token: object, make):
        """What the rendering derives from the content for one build (`token` names the build; None:
        not known, made again): made once per build and kept here, with the files it came from."""
        hit = self._derived.get(key)
        if hit is not None and token is not None and hit[0] is token:
            return hit[1]
        value = make()
        self._derived[key] = (token, value)
        return value

    # ---- pages ----------------------------------------------------------------------------------

    def page(self, path: str | Path, display: str | None = None) -> Page:
        """The parsed page file (read once per change). OSError when it cannot be read."""
        absolute = os.path.abspath(path)
        stamp = _stamp(Path(absolute))
        hit = self._pages.get(absolute)
        if hit is not None and stamp is not None and hit[0] == stamp:
            return hit[1]
        with open(absolute, "rb") as file:
            data = file.read()
        page = parse_page(display or absolute, data)
        self._pages[absolute] = (stamp, page)
        return page

    def page_text(self, path: str | Path) -> str | None:
        """A page's text as the checker read it (BOM dropped, LF line ends); None when unreadable or
        not UTF-8 (the checker reports it)."""
        try:
            page = self.page(path)
        except OSError:
            return None
        return None if page.findings and page.findings[0].rule == "ENC001" else page.text

    def docs_pages(self) -> list[tuple[str, Page]]:
        """Every page under docs/ as (POSIX path relative to docs/, parsed page), sorted by path."""
        found = []
        for absolute, relative in markdown_paths(self.docs_dir):
            try:
                found.append((relative, self.page(absolute)))
            except OSError:
                continue
        return found


_SHARED: dict[tuple[Path, Path], Content] = {}


def shared(root: str | Path, docs_dir: str | Path | None = None) -> Content:
    """The process's Content for a project: the gate and the Markdown extension share its reads."""
    content = Content(root, docs_dir)
    key = (content.root, content.docs_dir)
    return _SHARED.setdefault(key, content)


def _yaml_mapping(path: Path) -> dict:
    try:
        text = path.read_text(encoding="utf-8-sig")
        if len(text) > limits.MAX_DATA_BYTES or limits.yaml_depth(text.split("\n")) is not None:
            return {}  # the checker reports it (SIZE001, SIZE004); libyaml never sees it
        data = yaml.load(text, Loader=Loader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError, ValueError, RecursionError):
        return {}
    return data if isinstance(data, dict) else {}


def _ledger_for_rendering(path: Path) -> dict | None:
    if not path.exists():
        return None
    data = _yaml_mapping(path)
    verdicts, sections, claims = data.get("verdicts"), data.get("sections"), data.get("claims")
    if not (isinstance(verdicts, dict) and isinstance(sections, list) and isinstance(claims, list)):
        return None
    verdicts = {word: spec for word, spec in verdicts.items() if isinstance(spec, dict)}
    sections = [s for s in sections if isinstance(s, dict) and _text(s.get("id")) and _text(s.get("title"))]
    claims = [c for c in claims if isinstance(c, dict) and all(_text(c.get(f)) for f in LEDGER_TEXT)]
    return {**data, "verdicts": verdicts, "sections": sections, "claims": claims}


def _text(value: object) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _reader_phrases(path: Path) -> dict[str, list[str]]:
    data = _yaml_mapping(path)
    entries = data.get("terms")
    pages: dict[str, list[str]] = {}
    for entry in entries if isinstance(entries, list) else []:
        if not isinstance(entry, dict):
            continue
        phrases, targets = entry.get("phrases"), entry.get("pages")
        if not isinstance(phrases, list) or not isinstance(targets, list):
            continue
        phrases = [p.strip() for p in phrases if isinstance(p, str) and p.strip()]
        for page in targets:
            if isinstance(page, str):
                listed = pages.setdefault(page, [])
                listed.extend(p for p in phrases if p not in listed)
    return pages
