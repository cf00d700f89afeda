"""Test sites: a copy of the whole project or of some of its parts in a temporary folder, and the
commands run on it (checker, build with either engine, serve), without touching the real project.
The one helper for making and building a test site."""
from __future__ import annotations

import importlib.util
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from hooks.content.config import read_config

ROOT = Path(__file__).resolve().parent.parent
_IGNORED_ANYWHERE = shutil.ignore_patterns(".git", ".venv", "__pycache__", ".pytest_cache", "*.egg-info")


def _ignored(folder: str, names: list[str]) -> set[str]:
    """What not to copy: git, virtual environments, caches, and the build output (site/ at the top)."""
    skipped = set(_IGNORED_ANYWHERE(folder, names))
    if Path(folder) == ROOT:
        skipped |= {"site"} & set(names)
    return skipped


def copy_project(tmp_path: Path) -> Path:
    """Copy the project (sources, data, tests; no git, venv or build output) to tmp_path/project."""
    target = tmp_path / "project"
    shutil.copytree(ROOT, target, ignore=_ignored, symlinks=True)
    return target


def copy_parts(project: Path, *names: str, data: tuple[str, ...] = ()) -> Path:
    """Copy these folders or files of the project (hooks, includes, overrides, mkdocs.yml ...) and these
    files of data/ into `project` (made if needed)."""
    project.mkdir(parents=True, exist_ok=True)
    for name in names:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, project / name, ignore=_IGNORED_ANYWHERE, dirs_exist_ok=True)
        elif source.is_file():
            shutil.copy(source, project / name)
    if data:
        (project / "data").mkdir(exist_ok=True)
        for name in data:
            shutil.copy(ROOT / "data" / name, project / "data" / name)
    return project


HAVE_ZENSICAL = importlib.util.find_spec("zensical") is not None
# The engines a build test runs on: Zensical is skipped where it is not installed, except under
# CI=true, where the test runs (and fails).
ENGINES = ["mkdocs", pytest.param("zensical", marks=pytest.mark.skipif(
    not HAVE_ZENSICAL and os.environ.get("CI") != "true",
    reason="Zensical is not installed: pip install -r requirements-zensical.txt"))]


def require_zensical() -> None:
    """Skip a Zensical test where Zensical is not installed, except under CI=true, where it fails."""
    if not HAVE_ZENSICAL:
        if os.environ.get("CI") == "true":
            pytest.fail("Zensical is not installed (pip install -r requirements-zensical.txt); CI builds with both engines")
        pytest.skip("Zensical is not installed: pip install -r requirements-zensical.txt")


def quiet_env(**extra: str) -> dict[str, str]:
    """The environment for a command run as an editor runs it locally (not under GitHub Actions)."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **extra}
    for name in ("GITHUB_ACTIONS", "SITE_DIR", "PYTEST_ADDOPTS"):
        if name not in extra:
            env.pop(name, None)
    return env


def run(project: Path, *args: str, timeout: float = 300, **env: str) -> subprocess.CompletedProcess:
    """`python ARGS...` in the project folder (so its own `hooks` package is the one imported)."""
    return subprocess.run(
        [sys.executable, *args], cwd=project, env=quiet_env(**env), capture_output=True, text=True, timeout=timeout
    )


def build(project: Path, *args: str, engine: str = "mkdocs", timeout: float = 300) -> subprocess.CompletedProcess:
    """Build the test site with MkDocs (`mkdocs build ARGS`) or Zensical (`zensical build ARGS`)."""
    return run(project, "-m", engine, "build", *args, timeout=timeout)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str) -> str | None:
    try:
        return urllib.request.urlopen(url, timeout=5).read().decode("utf-8")
    except OSError:
        return None


def wait_until(predicate, timeout: float, interval: float = 0.3):
    """Call `predicate` until it returns something truthy (returned) or `timeout` seconds pass (None)."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value or time.monotonic() > deadline:
            return value or None
        time.sleep(interval)


# ---- Markdown in, HTML out: the site's Markdown extensions without a site build ----------------------


def site_extensions(project: Path = ROOT) -> tuple[list, dict]:
    """The Markdown extensions of the project's mkdocs.yml with their options, without snippets and the
    reference extension (render_page adds that one for the page)."""
    config = read_config(project / "mkdocs.yml").data
    names, configs = [], {}
    for item in config["markdown_extensions"]:
        name, options = (item, {}) if isinstance(item, str) else next(iter(item.items()))
        if name in ("npa_reference", "pymdownx.snippets"):
            continue
        names.append(name)
        configs[name] = options or {}
    return names, configs


def render_page(project: Path, page: str, body: str | None = None, *, config_from: Path = ROOT) -> str:
    """The HTML of one page (docs/<page>, its front matter dropped, or `body`) as the site's Markdown
    extensions make it, with the reference extension on `project`: no theme, no build."""
    import markdown

    from hooks.render.reference import ReferenceExtension

    if body is None:
        text = (project / "docs" / page).read_text(encoding="utf-8")
        body = text.split("\n---\n", 1)[1] if text.startswith("---\n") else text
    names, configs = site_extensions(config_from)
    extension = ReferenceExtension(root=str(project), page=page)
    return markdown.Markdown(extensions=[*names, extension], extension_configs=configs).convert(body)
