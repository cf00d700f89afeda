"""A copy of the whole project in a temporary folder, for tests that walk an editor's route (add a
page, change a data file, serve) without touching the real one."""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

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
