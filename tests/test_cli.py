"""The CLI `python -m hooks.check`: exit codes 0/1/2, the three formats, --strict, --changed."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from projectcopy import copy_parts

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = "tests/fixtures/checker"


def cli(*args: str, cwd: Path = ROOT, env: dict | None = None) -> subprocess.CompletedProcess:
    environment = dict(os.environ)
    environment.pop("GITHUB_ACTIONS", None)
    environment.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "hooks.check", *args], cwd=cwd, env=environment, capture_output=True, text=True, timeout=120
    )


def test_clean_page_exits_0_with_summary():
    result = cli(f"{FIXTURES}/good_mechanism.md", "--today", "2026-11-25")
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""
    assert result.stderr.startswith("checked 1 page in ") and result.stderr.endswith(": 0 errors, 0 warnings\n")


def test_error_exits_1_text_format():
    result = cli(f"{FIXTURES}/sec005_h1.md", "--today", "2026-11-25")
    assert result.returncode == 1
    assert result.stdout.startswith(f"{FIXTURES}/sec005_h1.md:14: SEC005 level-1 heading")


def test_warning_passes_unless_strict():
    args = (f"{FIXTURES}/cit003_never_cited.md", "--today", "2026-11-25")
    assert cli(*args).returncode == 0
    assert cli(*args, "--strict").returncode == 1
    assert "1 warning" in cli(*args).stderr


def test_github_format_and_default_under_actions():
    result = cli(f"{FIXTURES}/cit003_never_cited.md", f"{FIXTURES}/fm003_certainty.md", "--today", "2026-11-25",
                 env={"GITHUB_ACTIONS": "true"})
    lines = result.stdout.splitlines()
    assert lines[0] == (
        f"::warning file={FIXTURES}/cit003_never_cited.md,line=11,title=CIT003::sources key \"ju2017\" is never cited "
        "in the text (cite it as [@ju2017] or remove it)"
    )
    assert lines[1].startswith(f"::error file={FIXTURES}/fm003_certainty.md,line=8,title=FM003::field")


def test_json_format():
    result = cli(f"{FIXTURES}/rev002_dates.md", "--today", "2026-11-25", "--format", "json", "--quiet")
    data = [d for d in json.loads(result.stdout) if d["severity"] != "info"]  # info: reading levels
    assert [(d["rule"], d["line"], d["severity"]) for d in data] == [("REV002", 5, "error"), ("REV002", 6, "error")]
    assert set(data[0]) == {"path", "line", "rule", "severity", "message"}
    assert result.stderr == ""
    good = json.loads(cli(f"{FIXTURES}/good_mechanism.md", "--format", "json", "--today", "2026-11-25").stdout)
    assert [d["severity"] for d in good] == ["info"]
    assert good[0]["rule"] == "READ001" and set(good[0]["reading"]) >= {"grade", "ease", "words"}


def test_directory_argument_and_sorting():
    result = cli(FIXTURES, "--today", "2026-11-25", "--format", "json")
    data = json.loads(result.stdout)
    keys = [(d["path"], d["line"]) for d in data]
    assert keys == sorted(keys) and result.returncode == 1
    pages = len(list((ROOT / FIXTURES).rglob("*.md")))
    assert result.stderr.startswith(f"checked {pages} pages in ")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("no/such/path",), "path not found: no/such/path"),
        (("--format", "xml"), "invalid choice"),
        (("--today", "soon"), "not a date"),
        (("--changed", "no-such-branch-xyz"), "git diff failed"),
    ],
)
def test_cannot_run_exits_2(args, message):
    result = cli(*args)
    assert result.returncode == 2
    assert message in result.stderr and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def copy_checker(tmp_path: Path, schema: str | None) -> Path:
    copy_parts(tmp_path, "hooks", data=("bibliography.yml",))
    if schema is not None:
        (tmp_path / "data" / "schema.yml").write_text(schema)
    (tmp_path / "docs").mkdir()
    return tmp_path


@pytest.mark.parametrize(
    ("schema", "message"), [(None, "schema not found"), ("types: [\n", "not valid YAML"), ("types: 3\n", "types must be")]
)
def test_missing_or_invalid_schema_exits_2(tmp_path, schema, message):
    result = cli(cwd=copy_checker(tmp_path, schema))
    assert result.returncode == 2
    assert message in result.stderr and "Traceback" not in result.stderr


def test_schema_weakening_a_security_rule_exits_2(tmp_path):
    schema = (ROOT / "data" / "schema.yml").read_text().replace("rules: {}", "rules: {HTML001: warning}")
    assert "HTML001: warning" in schema
    result = cli(cwd=copy_checker(tmp_path, schema))
    assert result.returncode == 2
    assert "rules.HTML001.severity warning weakens a security rule" in result.stderr and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_changed_checks_untracked_and_modified_pages(tmp_path):
    root = copy_checker(tmp_path, (ROOT / "data" / "schema.yml").read_text())
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@t", "-c", "commit.gpgsign=false"]
    (root / "docs" / "old.md").write_text("no front matter\n")
    (root / "docs" / "same.md").write_text("no front matter either\n")
    subprocess.run(["git", "init", "-q"], cwd=root, check=True)
    subprocess.run(["git", "add", "."], cwd=root, check=True)
    subprocess.run([*git, "commit", "-q", "-m", "x"], cwd=root, check=True)
    (root / "docs" / "old.md").write_text("changed, still no front matter\n")
    (root / "docs" / "new.md").write_text("untracked\n")
    result = cli("--changed", "--format", "json", cwd=root)
    assert result.returncode == 1, result.stderr
    assert sorted({d["path"] for d in json.loads(result.stdout)}) == ["docs/new.md", "docs/old.md"]


def test_real_docs_pass_checker():
    """The reference's own pages pass (may fail while content is being written)."""
    result = cli("docs")
    assert result.returncode == 0, result.stdout + result.stderr
