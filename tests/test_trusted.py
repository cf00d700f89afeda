"""Issue 19, item 3: trusted files are code, content is data. CODEOWNERS puts them under maintainer
review, the pull-request workflow names those a change touches, mkdocs.yml is checked (CFG001-CFG004),
and data/schema.yml cannot weaken a security rule or drop a part the rendering needs."""
from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
import yaml

from hooks import trusted
from hooks.checker.config import check_config as _check_config
from hooks.content.config import read_config


def check_config(path, docs_dir=None):
    """The CFG checks on a mkdocs.yml file, read through the content layer's one reader."""
    return _check_config(read_config(path), docs_dir or path.parent / "docs")
from hooks.content.registry import registry
from hooks.content.schema import SchemaError, schema_from_data

ROOT = Path(__file__).resolve().parent.parent


def test_codeowners_lists_every_trusted_path():
    assert (ROOT / ".github" / "CODEOWNERS").read_text(encoding="utf-8") == trusted.codeowners()
    for entry in trusted.TRUSTED:
        assert (ROOT / entry.rstrip("/")).exists(), entry


def test_pull_request_workflow_names_the_trusted_files():
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "pr.yml").read_text(encoding="utf-8"))
    (job,) = workflow["jobs"].values()
    runs = [str(step.get("run", "")) for step in job["steps"]]
    index = next(i for i, run in enumerate(runs) if "python -m hooks.trusted" in run)
    step = job["steps"][index]
    assert step["run"] == 'python -m hooks.trusted "origin/$BASE_REF"' and step["env"]["BASE_REF"] == "${{ github.base_ref }}"
    assert index < next(i for i, run in enumerate(runs) if "hooks.build" in run)


def git(folder: Path, *args: str) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"}
    return subprocess.run(["git", *args], cwd=folder, env=env, check=True, capture_output=True, text=True).stdout


def test_the_step_command_names_trusted_files_only(tmp_path):
    repo = tmp_path / "repo"
    (repo / "docs").mkdir(parents=True)
    (repo / "hooks").mkdir()
    (repo / "mkdocs.yml").write_text("site_name: x\n")
    (repo / "docs" / "a.md").write_text("a\n")
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "base")
    git(repo, "checkout", "-qb", "change")
    (repo / "mkdocs.yml").write_text("site_name: y\n")
    (repo / "docs" / "a.md").write_text("b\n")
    (repo / "hooks" / "x\n::error::pwned.py").write_text("")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "change")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("GITHUB_STEP_SUMMARY", None)
    result = subprocess.run([os.sys.executable, "-m", "hooks.trusted", "main"], cwd=repo, env=env,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert "::warning file=mkdocs.yml,title=Trusted file::" in result.stdout
    assert "docs/a.md" not in result.stdout
    assert any("hooks/x%0A%3A%3Aerror%3A%3Apwned.py" in line for line in lines)
    assert not any(line.startswith("::error") for line in lines)


def test_trusted_command_on_a_content_only_change():
    assert trusted.is_trusted("hooks/checker/page.py") and trusted.is_trusted(".github/CODEOWNERS")
    assert not trusted.is_trusted("docs/index.md") and not trusted.is_trusted("data/claims.yml")


CONFIG_ATTACKS = {
    "environment": ("site_name: !ENV [SECRET, x]\n", "CFG001"),
    "file": ("site_name: !relative $config_dir\n", "CFG001"),
    "python": ("site_name: !!python/name:os.system\n", "CFG001"),
    "copyright script": ("copyright: <script>alert(1)</script>\n", "CFG003"),
    "nav title": ("nav:\n  - '<img src=x onerror=alert(1)>': index.md\n", "CFG003"),
    "entity": ("site_name: A &#60;b&#62;\n", "CFG003"),
    "extra script": ("extra_javascript:\n  - https://evil.example/x.js\n", "CFG002"),
    "local script": ("extra_javascript: [js/x.js]\n", "CFG002"),
    "remote style": ("extra_css: ['https://evil.example/x.css']\n", "CFG002"),
    "pages moved": ("docs_dir: elsewhere\n", "CFG004"),
    "custom dir": ("theme:\n  name: material\n  custom_dir: elsewhere\n", "CFG004"),
}


@pytest.mark.parametrize("name", list(CONFIG_ATTACKS))
def test_config_attacks_are_refused(tmp_path, name):
    extra, rule = CONFIG_ATTACKS[name]
    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: Test\nhooks:\n  - hooks/gate/mkdocs_gate.py\n" + extra, encoding="utf-8")
    findings = check_config(config, tmp_path / "docs")
    assert rule in {finding.rule for finding in findings}, findings


def test_hooks_cannot_be_dropped_or_added(tmp_path):
    config = tmp_path / "mkdocs.yml"
    for hooks in ("", "hooks:\n  - hooks/gate/mkdocs_gate.py\n  - evil.py\n", "hooks: []\n"):
        config.write_text("site_name: Test\n" + hooks, encoding="utf-8")
        assert "CFG004" in {finding.rule for finding in check_config(config)}, hooks


def test_the_real_config_passes():
    assert check_config(ROOT / "mkdocs.yml", ROOT / "docs") == []


def test_a_secret_in_the_config_never_reaches_the_build(tmp_path):
    from projectcopy import copy_project, run

    project = copy_project(tmp_path)
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "site_name: Neuropathic Pain & Acupuncture Reference", "site_name: !ENV [NPA_SECRET, x]", 1), encoding="utf-8")
    result = run(project, "-m", "hooks.build", "-d", str(tmp_path / "out"), NPA_SECRET="s3cr3t-value")
    output = result.stdout + result.stderr
    assert result.returncode == 1
    assert "mkdocs.yml:1: CFG001" in output
    assert "s3cr3t-value" not in output
    assert not (tmp_path / "out").exists()


def schema_data() -> dict:
    return yaml.safe_load((ROOT / "data" / "schema.yml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("rule", ["FM005", "FILE001", "HTML002", "SIZE004", "CFG001"])
@pytest.mark.parametrize("severity", ["warning", "notice"])
def test_a_schema_cannot_weaken_a_security_rule(rule, severity):
    data = schema_data()
    data["rules"] = {rule: {"severity": severity}}
    with pytest.raises(SchemaError, match=f"{rule}.severity {severity} weakens a security rule"):
        schema_from_data(data)


SECURITY_RULES = ("FM005", "HTML001", "HTML002", "HTML003", "HTML004", "HTML005", "HTML006", "FILE001", "FILE002",
                  "FILE003", "FILE004", "FILE005", "SIZE001", "SIZE002", "SIZE003", "SIZE004", "SIZE005",
                  "CFG001", "CFG002", "CFG003", "CFG004")


def test_security_rules_are_fixed_errors_in_code():
    known = registry()
    assert all(known[rule].fixed and known[rule].severity == "error" for rule in SECURITY_RULES)


@pytest.mark.parametrize("rule", ["FILE003", "SIZE001", "CFG002", "HTML005"])
def test_a_schema_cannot_switch_off_a_security_rule(rule):
    data = schema_data()
    data["ignore"] = {"docs/*.md": [rule]}
    with pytest.raises(SchemaError, match="security rule"):
        schema_from_data(data)


@pytest.mark.parametrize("change", ["drop labels", "drop a certainty label", "markup in a label", "title as mapping"])
def test_a_schema_cannot_drop_required_parts(change):
    data = schema_data()
    if change == "drop labels":
        del data["labels"]
    elif change == "drop a certainty label":
        del data["labels"]["certainty"]["low"]
    elif change == "markup in a label":
        data["labels"]["evidence"]["trial"] = "<img src=x onerror=alert(1)>"
    else:
        data["fields"]["title"]["kind"] = "mapping"
    with pytest.raises(SchemaError):
        schema_from_data(data)


def test_every_field_kind_is_checked_for_markup(tmp_path):
    from hooks.checker import Checker, Project

    checker = Checker.load(Project.at(ROOT))
    page = ("---\ntitle: Test page\ndescription: A test page.\ntype: reference\n"
            "search:\n  boost: '<script>alert(1)</script>'\n  inner: {key: '<b onclick=x>'}\n---\n\n## Text\n\nPlain.\n")
    problems = checker.check_page_bytes(ROOT / "docs" / "x.md", page.encode())
    assert "FM005" in {problem.rule for problem in problems}
