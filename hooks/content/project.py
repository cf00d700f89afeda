"""Where the project is: its root, docs/, the data files, and the Markdown pages under docs/."""

from __future__ import annotations

import os
from pathlib import Path

# The project's root: the folder that holds hooks/, docs/, data/ and mkdocs.yml.
ROOT = Path(__file__).resolve().parents[2]

SKIPPED_DIRS = frozenset({"includes"})


class Project:
    """Where things are: the project root, docs/, and the data files."""

    __slots__ = ("root", "docs_dir")

    def __init__(self, root: Path, docs_dir: Path) -> None:
        self.root = root
        self.docs_dir = docs_dir

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Project) and (self.root, self.docs_dir) == (other.root, other.docs_dir)

    def __hash__(self) -> int:
        return hash((self.root, self.docs_dir))

    def __repr__(self) -> str:
        return f"Project(root={self.root!r}, docs_dir={self.docs_dir!r})"

    @classmethod
    def at(cls, root: str | Path, docs_dir: str | Path | None = None) -> "Project":
        """The project rooted at `root` (docs in root/docs unless given)."""
        root = Path(root).resolve()
        return cls(root, Path(docs_dir).resolve() if docs_dir else root / "docs")

    @property
    def schema_path(self) -> Path:
        return self.root / "data" / "schema.yml"

    @property
    def bibliography_path(self) -> Path:
        return self.root / "data" / "bibliography.yml"

    @property
    def ledger_path(self) -> Path:
        return self.root / "data" / "claims.yml"

    @property
    def vocabulary_path(self) -> Path:
        return self.root / "data" / "vocabulary.yml"

    @property
    def dismissed_path(self) -> Path:
        """Works the evidence watch found and an editor decided not to cite (DIS001-DIS003)."""
        return self.root / "data" / "dismissed.yml"

    @property
    def options_path(self) -> Path:
        """The option grids (rules GRD001-GRD005)."""
        return self.root / "data" / "options.yml"

    @property
    def figures_path(self) -> Path:
        """The icon arrays' figures (rules FIG001-FIG005)."""
        return self.root / "data" / "figures.yml"

    @property
    def config_path(self) -> Path:
        return self.root / "mkdocs.yml"

    @property
    def includes_dir(self) -> Path:
        """Snippets (pymdownx.snippets base_path): checked for raw HTML and special files too."""
        return self.root / "includes"

    def relative_page(self, path: str | Path) -> str | None:
        """A page's path relative to docs/ (POSIX), or None if it is not under docs/."""
        absolute = os.path.abspath(path)
        prefix = os.path.join(str(self.docs_dir), "")
        return absolute[len(prefix):].replace(os.sep, "/") if absolute.startswith(prefix) else None

    def display(self, path: str | Path, absolute: bool = False) -> str:
        """A path as reported: relative to the project root when inside it, POSIX separators.

        `absolute=True` says `path` is already an absolute, normalised path string.
        """
        if not absolute:
            path = os.path.abspath(path)
        prefix = os.path.join(str(self.root), "")
        relative = path[len(prefix):] if path.startswith(prefix) else path
        return relative.replace(os.sep, "/") if os.sep != "/" else relative


def markdown_paths(directory: str | Path) -> list[tuple[str, str]]:
    """The .md files under a folder, sorted, as (absolute path, POSIX path relative to it) strings.

    Skips includes/ (snippets) and hidden folders; symbolic links and other special files are left
    out (FILE001 reports them) and folders reached through links are not followed.
    """
    top = os.path.abspath(directory)
    found: list[tuple[tuple[str, ...], str]] = []
    _walk_markdown(top, (), found)
    found.sort()
    return [(os.path.join(top, *parts), relative) for parts, relative in found]


def _walk_markdown(folder: str, parts: tuple[str, ...], found: list) -> None:
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    for entry in entries:
        name = entry.name
        try:
            if entry.is_dir(follow_symlinks=False):
                if name not in SKIPPED_DIRS and not name.startswith("."):
                    _walk_markdown(entry.path, (*parts, name), found)
            elif name.endswith(".md") and entry.is_file(follow_symlinks=False):
                found.append(((*parts, name), "/".join((*parts, name))))
        except OSError:
            continue
