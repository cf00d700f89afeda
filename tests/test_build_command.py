"""`python -m hooks.build`: the gate on every engine and honest failures.

The command runs the page checker, builds into a fresh folder, scans the built HTML and only then
replaces the output folder, so a failed build leaves the last good site where it was."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from projectcopy import ENGINES

from test_gate_build import digest, make_site



def material_site(tmp_path):
    """The gate test's small site, on the theme both engines share (Zensical has no 'mkdocs' theme)."""
    site = make_site(tmp_path)
    config = site / "mkdocs.yml"
    config.write_text(config.read_text().replace("theme: mkdocs", "theme:\n  name: material\n  font: false"))
    return site


def run_build(site, *args):
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    env.pop("GITHUB_ACTIONS", None)
    return subprocess.run([sys.executable, "-m", "hooks.build", *args], cwd=site, env=env,
                          capture_output=True, text=True, timeout=300)


@pytest.mark.parametrize("engine", ENGINES)
def test_a_good_site_is_published(tmp_path, engine):
    site = material_site(tmp_path)
    result = run_build(site, "--engine", engine, "-d", "out")
    assert result.returncode == 0, result.stderr
    assert (site / "out" / "index.html").is_file()
    assert (site / "out" / "mechanisms" / "adenosine" / "index.html").is_file()
    assert not any((site / ".build").iterdir()), "the temporary build folder was left behind"
    assert f"built with {engine}" in result.stderr


@pytest.mark.parametrize("engine", ENGINES)
def test_the_gate_stops_a_bad_page_and_keeps_the_last_good_output(tmp_path, engine):
    site = material_site(tmp_path)
    assert run_build(site, "--engine", engine, "-d", "out").returncode == 0
    before = digest(site / "out")
    page = site / "docs" / "mechanisms" / "adenosine.md"
    page.write_text(page.read_text().replace("## Caveats", "## Other things"))
    result = run_build(site, "--engine", engine, "-d", "out")
    assert result.returncode == 1
    assert "docs/mechanisms/adenosine.md:" in result.stdout and "SEC001" in result.stdout
    assert "nothing was built" in result.stderr and "left as it was" in result.stderr
    assert digest(site / "out") == before


def test_refuses_to_replace_a_folder_of_the_project(tmp_path):
    site = material_site(tmp_path)
    before = digest(site / "docs")
    result = run_build(site, "-d", "docs")
    assert result.returncode == 2
    assert "refusing to build into docs" in result.stderr and "Traceback" not in result.stderr
    assert digest(site / "docs") == before


def test_bad_arguments_are_one_line(tmp_path):
    result = run_build(material_site(tmp_path), "--engine", "nope")
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "invalid choice" in result.stderr
