"""Shared fixtures: the project root and one strict build of the real site per test session."""
from __future__ import annotations

import os
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest

from projectcopy import build

ROOT = Path(__file__).resolve().parent.parent

# The suite's own user cache folder (stored check results, pages scanned clean): a test never sees
# what an editor's earlier checks and builds left, and leaves nothing in theirs. Set before any test
# starts a process, so every command the tests run inherits it.
os.environ["XDG_CACHE_HOME"] = tempfile.mkdtemp(prefix="npa-test-cache-")

# Tests that read the project's own pages, data files or built site (marker `content`): the only ones
# a new page or a new ledger entry can change. Tests using the built site are marked by their
# fixtures; these modules read docs/ or data/ directly. The rest run on fixtures or on small sites
# of their own. The test of CONTRIBUTING's route for a new page runs `-m content`.
CONTENT_MODULES = {"test_claims.py", "test_site.py", "test_glossary.py", "test_weekly.py"}
CONTENT_TESTS = {"test_cli.py::test_real_docs_pass_checker"}
CONTENT_FIXTURES = {"built_site", "site_dir", "site_pages"}


def pytest_collection_modifyitems(config, items):
    for item in items:
        module = item.path.name
        if (
            module in CONTENT_MODULES
            or f"{module}::{item.originalname}" in CONTENT_TESTS
            or CONTENT_FIXTURES & set(getattr(item, "fixturenames", ()))
        ):
            item.add_marker(pytest.mark.content)


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


def strict_build(config_dir: Path, site_dir: Path) -> subprocess.CompletedProcess:
    """Run `mkdocs build --strict` on the project in config_dir, writing to site_dir."""
    return build(config_dir, "--strict", "-d", str(site_dir))


@dataclass(frozen=True)
class Site:
    """A built site: its folder and, when this session built it, the build's log."""

    path: Path
    log: str | None


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Site:
    """The real reference built strict once; reuses SITE_DIR when .ci/run has already built it."""
    given = os.environ.get("SITE_DIR")
    if given and (Path(given) / "index.html").is_file():
        return Site(Path(given), None)
    site = tmp_path_factory.mktemp("site") / "site"
    result = strict_build(ROOT, site)
    if result.returncode != 0:
        pytest.fail(f"strict build failed:\n{result.stdout}\n{result.stderr}", pytrace=False)
    return Site(site, result.stdout + result.stderr)
