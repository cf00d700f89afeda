"""Shared fixtures: the project root and one strict build of the real site per test session."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


def strict_build(config_dir: Path, site_dir: Path) -> subprocess.CompletedProcess:
    """Run `mkdocs build --strict` on the project in config_dir, writing to site_dir."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    env.pop("GITHUB_ACTIONS", None)
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(site_dir)],
        cwd=config_dir, env=env, capture_output=True, text=True, timeout=300,
    )


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The real reference built strict once; reuses SITE_DIR when .ci/run has already built it."""
    given = os.environ.get("SITE_DIR")
    if given and (Path(given) / "index.html").is_file():
        return Path(given)
    site = tmp_path_factory.mktemp("site") / "site"
    result = strict_build(ROOT, site)
    if result.returncode != 0:
        pytest.fail(f"strict build failed:\n{result.stdout}\n{result.stderr}", pytrace=False)
    built_site.build_log = result.stderr  # type: ignore[attr-defined]
    return site
