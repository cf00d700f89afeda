"""Issue 19, item 6: clean logs. Paths and messages print as one line in every output format, whatever
a pull request names its files or writes in its pages: line breaks and control characters are
escaped, no line can start a GitHub workflow command, and an engine's traceback becomes one line."""
from __future__ import annotations

import json
import re

import pytest

from hooks.build import clean_log
from hooks.content.findings import Problem, format_github, format_text, render

HOSTILE_NAME = "a\n::error title=pwned::owned\r\x1b[31m.md"
ANNOTATION = re.compile(r"::(?:error|warning|notice) file=[^,:\n]*,line=[0-9]+,title=[A-Z]+[0-9]+::[^\n]*")


def problem(path=f"docs/{HOSTILE_NAME}", message="bad\n::warning::x \x1b[2J"):
    return Problem(path, 3, "HTML002", "error", message)


@pytest.mark.parametrize("fmt", ["text", "github", "json"])
def test_every_format_prints_one_line_per_problem(fmt):
    out = render([problem(), problem("::error x.md")], fmt)
    if fmt == "json":
        assert sorted(record["path"] for record in json.loads(out)) == ["::error x.md", f"docs/{HOSTILE_NAME}"]
        lines = out.splitlines()
    else:
        lines = out.splitlines()
        assert len(lines) == 2
    for line in lines:
        assert "\x1b" not in line and "\r" not in line
        assert not line.lstrip().startswith("::") or (fmt == "github" and ANNOTATION.fullmatch(line)), line


def test_text_format_shows_the_escapes():
    line = format_text(problem())
    assert line.startswith("docs/a\\n::error title=pwned::owned\\r\\x1b[31m.md:3: HTML002 bad\\n::warning::x")
    assert format_text(problem("::x.md")).startswith("./::x.md:3:")


def test_github_format_escapes_properties_and_data():
    line = format_github(problem())
    assert ANNOTATION.fullmatch(line), line
    assert "%0A%3A%3Aerror title=pwned%3A%3Aowned%0D%1B" in line


def test_engine_traceback_becomes_one_line():
    log = ("Warning: page does not exist\n\x1b[33m::error::from a page\x1b[0m\nTraceback (most recent call last):\n"
           '  File "x.py", line 1, in <module>\n    build()\nRuntimeError: Aborted because --strict flag is set\n')
    text, reason = clean_log(log)
    assert "Traceback" not in text and "File" not in text
    assert reason == "stopped on the warnings above (strict mode)"
    assert "\x1b" not in text
    assert all(not line.startswith("::") for line in text.splitlines())
    assert clean_log("::error file=docs/a.md,line=3,title=HTML002::x")[0].startswith("::error")  # the gate's own


def test_a_hostile_file_name_is_refused_and_printed_on_one_line(tmp_path):
    from projectcopy import copy_project, run

    project = copy_project(tmp_path)
    (project / "docs" / HOSTILE_NAME).write_text("x", encoding="utf-8")
    for fmt in ("text", "github"):
        result = run(project, "-m", "hooks.check", "--format", fmt)
        assert result.returncode == 1
        assert "FILE003" in result.stdout
        for line in (result.stdout + result.stderr).splitlines():
            assert not line.startswith("::") or ANNOTATION.fullmatch(line), line
    result = run(project, "-m", "hooks.build", "-d", str(tmp_path / "out"))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    for line in (result.stdout + result.stderr).splitlines():
        assert not line.lstrip().startswith("::"), line


def test_zensical_strict_failure_is_one_clear_line(tmp_path):
    pytest.importorskip("zensical")
    from projectcopy import copy_project, run

    project = copy_project(tmp_path)
    about = project / "docs" / "about.md"
    about.write_text(about.read_text(encoding="utf-8") + "\n\nSee [x](missing-page.md).\n", encoding="utf-8")
    result = run(project, "-m", "hooks.build", "--engine", "zensical", "--skip-check", "-d", str(tmp_path / "out"))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr and "RuntimeError" not in result.stderr
    assert "build: error: zensical failed: stopped on the warnings above (strict mode)" in result.stderr
    assert "page does not exist" in result.stderr
