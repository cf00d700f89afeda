"""A check's stored result is replayed only while nothing it read has changed (hooks/content/replay.py):
the check command, `python -m hooks.build` and the MkDocs gate."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from hooks.content import replay as replay_module
from hooks.content.replay import Replay, cache_folder
from projectcopy import copy_parts, run

ROOT = Path(__file__).resolve().parent.parent
REPLAYED = "(replayed: nothing the same check read has changed"


def _project(tmp_path: Path) -> Path:
    project = copy_parts(tmp_path / "project", "hooks", "includes", "overrides", "mkdocs.yml", "docs", "data",
                         "requirements.txt", "pyproject.toml")
    return project


def _older_than_the_margin(project: Path) -> None:
    """Wait until every file is older than the window in which results are not stored."""
    newest = max(max(p.lstat().st_mtime_ns, p.lstat().st_ctime_ns) for p in project.rglob("*"))
    delay = (newest + replay_module.RACY_NS - time.time_ns()) / 1e9 + 0.05
    if delay > 0:
        time.sleep(delay)


def _check(project: Path, *args: str) -> subprocess.CompletedProcess:
    return run(project, "-m", "hooks.check", *args, timeout=120)


# ---- in process: what invalidates a stored result ---------------------------------------------------

@pytest.fixture
def area(tmp_path, monkeypatch):
    monkeypatch.setattr(replay_module, "RACY_NS", 0)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    root = tmp_path / "site"
    (root / "docs" / "sub").mkdir(parents=True)
    (root / "docs" / "a.md").write_text("a\n")
    (root / "docs" / "sub" / "b.md").write_text("b\n")
    time.sleep(0.05)  # the files are older than the recording's start
    return root


def _read_all(root: Path) -> list[str]:
    """A stand-in check: lists the folders it walks and reads every file it finds."""
    texts = []
    for folder, folders, names in os.walk(root / "docs"):
        folders.sort()
        for name in sorted(names):
            texts.append((Path(folder) / name).read_text())
    seed = root / "seed"
    try:
        texts += [entry.name for entry in os.scandir(seed)]
    except OSError:
        pass
    return texts


def _record(root: Path, parts: dict | None = None) -> tuple[Replay, bool]:
    replay = Replay(root, parts or {"command": "test"})
    with replay.recording() as recorder:
        result = _read_all(root)
    return replay, replay.store(recorder, {"texts": result})


def test_unchanged_files_replay_the_stored_result(area):
    replay, stored = _record(area)
    assert stored
    assert Replay(area, {"command": "test"}).lookup() == {"texts": ["a\n", "b\n"]}
    assert Replay(area, {"command": "other"}).lookup() is None  # another request: its own result


@pytest.mark.parametrize("change", ["edit", "touch", "new file", "removed file", "link", "new folder", "seed appears"])
def test_any_change_to_what_was_read_runs_the_check_again(area, change):
    _record(area)
    page = area / "docs" / "sub" / "b.md"
    if change == "edit":
        page.write_text("B\n")
    elif change == "touch":
        os.utime(page, ns=(time.time_ns(), time.time_ns()))
    elif change == "new file":
        (area / "docs" / "c.md").write_text("c\n")
    elif change == "removed file":
        page.unlink()
    elif change == "link":
        page.unlink()
        page.symlink_to(area / "docs" / "a.md")
    elif change == "new folder":
        (area / "docs" / "sub" / "deeper").mkdir()
    elif change == "seed appears":  # a folder that was absent when the check looked for it
        (area / "seed").mkdir()
    assert Replay(area, {"command": "test"}).lookup() is None


def test_a_result_over_freshly_changed_files_is_not_stored(area, monkeypatch):
    monkeypatch.setattr(replay_module, "RACY_NS", 60 * 10**9)  # the files changed "just now"
    _, stored = _record(area)
    assert not stored and Replay(area, {"command": "test"}).lookup() is None


def test_a_check_that_ran_a_program_is_not_stored(area):
    replay = Replay(area, {"command": "test"})
    with replay.recording() as recorder:
        subprocess.run([sys.executable, "-c", "pass"], check=True)
    assert not replay.store(recorder, {"texts": []})
    assert replay.lookup() is None


def test_results_live_outside_the_project_and_a_damaged_one_is_ignored(area):
    before = sorted(str(p) for p in area.rglob("*"))
    replay, _ = _record(area)
    assert sorted(str(p) for p in area.rglob("*")) == before  # nothing written in the project
    assert replay.file.is_relative_to(cache_folder(area))
    assert not replay.file.is_relative_to(area)
    replay.file.write_text('{"format": "1", "files": [[1, 2]], "resu')
    assert Replay(area, {"command": "test"}).lookup() is None


def test_a_change_to_the_code_runs_the_check_again(area, monkeypatch):
    _record(area)
    code = area / "code"
    code.mkdir()
    (code / "requirements.txt").write_text("x==1\n")
    monkeypatch.setattr(replay_module, "_PACKAGE", code / "hooks")  # another package, other pins
    assert Replay(area, {"command": "test"}).lookup() is None


# ---- the commands -------------------------------------------------------------------------------------

def test_the_check_command_replays_until_a_page_changes(tmp_path):
    project = _project(tmp_path)
    _older_than_the_margin(project)
    first = _check(project, "--format", "json")
    again = _check(project, "--format", "json")
    assert first.returncode == again.returncode == 0, first.stderr
    assert REPLAYED not in first.stderr and REPLAYED in again.stderr
    assert again.stdout == first.stdout  # the same report, readings included
    fresh = _check(project, "--format", "json", "--no-cache")
    assert REPLAYED not in fresh.stderr and fresh.stdout == first.stdout

    page = project / "docs" / "safety.md"
    page.write_text(page.read_text(encoding="utf-8").replace("\n## ", "\n# ", 1), encoding="utf-8")
    changed = _check(project)
    assert changed.returncode == 1 and REPLAYED not in changed.stderr
    assert "docs/safety.md:" in changed.stdout and "SEC005" in changed.stdout


def test_the_build_replays_the_gate_check_and_stops_on_a_new_problem(tmp_path):
    project = _project(tmp_path)
    _older_than_the_margin(project)
    out = tmp_path / "out"
    first = run(project, "-m", "hooks.build", "-d", str(out))
    assert first.returncode == 0, first.stderr
    second = run(project, "-m", "hooks.build", "-d", str(out))
    assert second.returncode == 0 and REPLAYED in second.stderr, second.stderr
    page = project / "docs" / "safety.md"
    page.write_text(page.read_text(encoding="utf-8").replace("\n## ", "\n# ", 1), encoding="utf-8")
    third = run(project, "-m", "hooks.build", "-d", str(out))
    assert third.returncode == 1 and REPLAYED not in third.stderr
    assert "docs/safety.md:" in third.stdout + third.stderr and "SEC005" in third.stdout + third.stderr


def test_the_recording_sees_every_file_a_full_check_reads(tmp_path, monkeypatch):
    """What the audit hook notes is what the checker opened: every page, data file and snippet."""
    project = _project(tmp_path)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setattr(replay_module, "RACY_NS", 0)
    from hooks.checker import Checker, Project, run as run_checker

    checked = Project.at(project)
    replay = Replay(project, {"command": "test"})
    with replay.recording() as recorder:
        run_checker(Checker.load(checked), [checked.docs_dir], with_data=True)
    wanted = {str(p) for p in (project / "docs").rglob("*.md")}
    wanted |= {str(project / "data" / name) for name in ("schema.yml", "bibliography.yml", "claims.yml")}
    wanted |= {str(p) for p in (project / "includes").rglob("*.md")}
    wanted.add(str(project / "mkdocs.yml"))
    assert wanted <= set(recorder.files)
    assert str(project / "docs") in recorder.folders
    shutil.rmtree(tmp_path / "cache", ignore_errors=True)
