"""The MkDocs gate hook: a strict build of a small site of our own stops on a broken page, names the
file and line, writes no page, and never changes docs/. Serve mode shows problems on the page."""

from __future__ import annotations

import hashlib
import importlib.util
import os
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest

from projectcopy import build as build_site, copy_parts
from mkdocs.exceptions import PluginError

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "checker"
CONFIG = """\
site_name: Gate test
theme:
  name: material
  font: false
hooks:
  - hooks/gate/mkdocs_gate.py
markdown_extensions:
  - admonition
  - attr_list
  - md_in_html
  - toc
  - pymdownx.details
  - pymdownx.superfences
"""
TODAY = date.today()
NEXT_YEAR = (TODAY + timedelta(days=365)).isoformat()
INDEX = """\
---
title: Home
description: The home page of a tiny test site.
type: overview
reviewed: {reviewed}
next_review: {next_review}
certainty: low
answer: A tiny site. Our certainty is low.
---

## In short

A tiny site.
"""


def make_site(tmp_path: Path, next_review: str = NEXT_YEAR, reviewed: str = TODAY.isoformat()) -> Path:
    """A minimal project: copied hooks/ and data/, our own mkdocs.yml, three good pages (dated today:
    the hook checks review dates against the real date)."""
    site = copy_parts(tmp_path / "project", "hooks", data=("schema.yml", "bibliography.yml"))
    (site / "docs" / "mechanisms").mkdir(parents=True)
    (site / "mkdocs.yml").write_text(CONFIG)
    (site / "docs" / "index.md").write_text(INDEX.format(reviewed=reviewed, next_review=next_review))
    mechanism = (FIXTURES / "good_mechanism.md").read_text()
    mechanism = mechanism.replace("reviewed: 2026-11-25", f"reviewed: {TODAY}").replace(
        "next_review: 2027-11-25", f"next_review: {NEXT_YEAR}"
    )
    (site / "docs" / "mechanisms" / "adenosine.md").write_text(mechanism)
    (site / "docs" / "references.md").write_text("---\ntitle: References\ndescription: The works.\ntype: reference\n---\n")
    return site


def build(site: Path, *extra: str) -> subprocess.CompletedProcess:
    return build_site(site, "-d", "out", *extra, timeout=120)


def digest(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_clean_site_builds_and_docs_unchanged(tmp_path):
    site = make_site(tmp_path)
    before = digest(site / "docs")
    result = build(site, "--strict")
    assert result.returncode == 0, result.stderr
    assert (site / "out" / "mechanisms" / "adenosine" / "index.html").is_file()
    assert digest(site / "docs") == before


def test_broken_page_stops_the_build(tmp_path):
    site = make_site(tmp_path)
    page = site / "docs" / "mechanisms" / "adenosine.md"
    page.write_text(page.read_text().replace("\n## Caveats\n\n!!!", "\n### caveats\n\n!!!"))
    (site / "docs" / "bad.md").write_text("---\ntitle: Bad\ndescription: x\ntype: reference\n---\n\n<script>x</script>\n")
    before = digest(site / "docs")
    result = build(site, "--strict")
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "docs/bad.md:7: HTML001 unsafe raw HTML: <script> element" in output
    assert 'docs/mechanisms/adenosine.md:41: SEC001 missing required section "Caveats" (type: mechanism)' in output
    assert output.index("docs/bad.md:7") < output.index("docs/mechanisms/adenosine.md:41")
    assert not (site / "out" / "bad" / "index.html").exists()
    assert not (site / "out").exists() or not list((site / "out").rglob("*.html"))
    assert digest(site / "docs") == before


def test_warning_fails_only_a_strict_build(tmp_path):
    site = make_site(tmp_path)
    page = site / "docs" / "mechanisms" / "adenosine.md"
    page.write_text(page.read_text().replace("  - goldman2010\n", "  - goldman2010\n  - ju2017\n"))
    assert build(site).returncode == 0
    result = build(site, "--strict")
    assert result.returncode != 0
    assert 'docs/mechanisms/adenosine.md:11: CIT003 (warning) sources key "ju2017"' in result.stderr


def test_undecodable_page_is_reported_with_its_line(tmp_path):
    site = make_site(tmp_path)
    (site / "docs" / "latin.md").write_bytes((FIXTURES / "enc001_latin1.md").read_bytes())
    result = build(site)
    assert result.returncode != 0
    assert "docs/latin.md:2: ENC001 file is not valid UTF-8" in result.stderr


def load_gate():
    spec = importlib.util.spec_from_file_location("gate_under_test", ROOT / "hooks" / "gate" / "mkdocs_gate.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def fake_page(path: Path):
    return SimpleNamespace(file=SimpleNamespace(abs_src_path=str(path)))


def without_description(site: Path) -> Path:
    """The home page loses its description: FM002 on line 1, an error."""
    page = site / "docs" / "index.md"
    page.write_text(page.read_text().replace("description: The home page of a tiny test site.\n", ""))
    return site


def test_serve_shows_problems_on_the_page_and_does_not_stop(tmp_path):
    site = without_description(make_site(tmp_path))
    gate = load_gate()
    config = SimpleNamespace(config_file_path=str(site / "mkdocs.yml"), docs_dir=str(site / "docs"))
    gate.on_startup(command="serve", dirty=False)
    gate.on_config(config)
    markdown = gate.on_page_markdown("body", page=fake_page(site / "docs" / "index.md"), config=config, files=None)
    assert markdown.startswith('!!! danger "This page has problems the build will reject"\n\n    - docs/index.md:1: FM002')
    assert markdown.endswith("body")
    gate.on_env(None, config, None)  # logs, does not raise


def test_build_mode_raises_with_every_problem(tmp_path, monkeypatch, capsys):
    site = without_description(make_site(tmp_path))
    gate = load_gate()
    config = SimpleNamespace(config_file_path=str(site / "mkdocs.yml"), docs_dir=str(site / "docs"))
    gate.on_startup(command="build", dirty=False)
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    with pytest.raises(PluginError, match=r"docs/index.md:1: FM002"):  # before MkDocs reads any page
        gate.on_config(config)
    assert '::error file=docs/index.md,line=1,title=FM002::missing required field "description"' in capsys.readouterr().out


OVERDUE = {"reviewed": (TODAY - timedelta(days=400)).isoformat(), "next_review": (TODAY - timedelta(days=35)).isoformat()}


def test_an_overdue_page_builds_strict_and_is_listed_as_a_notice(tmp_path):
    """Review dates inform without blocking: REV001 is a notice, so an urgent fix to any page can
    still be published while another page waits for its review."""
    site = make_site(tmp_path, **OVERDUE)
    result = build(site, "--strict")
    assert result.returncode == 0, result.stderr
    assert "docs/index.md:6: REV001 (notice) review overdue" in result.stderr
    assert (site / "out" / "index.html").is_file()


def test_serve_shows_no_problem_box_for_an_overdue_page(tmp_path):
    site = make_site(tmp_path, **OVERDUE)
    gate = load_gate()
    config = SimpleNamespace(config_file_path=str(site / "mkdocs.yml"), docs_dir=str(site / "docs"))
    gate.on_startup(command="serve", dirty=False)
    gate.on_config(config)
    assert gate.on_page_markdown("body", page=fake_page(site / "docs" / "index.md"), config=config, files=None) == "body"


def test_invalid_schema_is_a_plugin_error(tmp_path):
    site = make_site(tmp_path)
    (site / "data" / "schema.yml").write_text("types: [\n")
    gate = load_gate()
    config = SimpleNamespace(config_file_path=str(site / "mkdocs.yml"), docs_dir=str(site / "docs"))
    with pytest.raises(PluginError, match="page checker cannot run: schema"):
        gate.on_config(config)


def test_real_serve_with_strict_keeps_running_and_shows_the_box(tmp_path):
    """`mkdocs serve` on a strict config: a broken page is served with the problem box, and the
    terminal lists the problem, instead of the strict build aborting the preview."""
    import socket
    import time
    import urllib.request

    site = without_description(make_site(tmp_path))
    (site / "mkdocs.yml").write_text(CONFIG + "strict: true\n")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    env.pop("GITHUB_ACTIONS", None)
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--no-livereload", "-a", f"127.0.0.1:{port}"],
        cwd=site, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    try:
        body, deadline = None, time.monotonic() + 60
        while body is None and time.monotonic() < deadline and server.poll() is None:
            try:
                body = urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2).read().decode()
            except OSError:
                time.sleep(0.3)
        assert server.poll() is None, "the server stopped"
        assert body and "This page has problems the build will reject" in body
        assert "FM002" in body
    finally:
        server.terminate()
        output = server.communicate(timeout=20)[0]
    assert "page problem (error; the build will reject it): docs/index.md:1: FM002" in output
