"""The GitHub Actions workflows, templates and pre-commit hook are real: parse them and assert the
steps that matter. (PyYAML reads the key `on:` as the boolean True.)"""
from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
GITHUB = ROOT / ".github"
WORKFLOWS = sorted((GITHUB / "workflows").glob("*.y*ml"))
PINNED = re.compile(r"^[\w.-]+/[\w.-]+(/[\w./-]+)?@(v\d+\.\d+\.\d+|[0-9a-f]{40})$")


def load(path: Path) -> dict:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict), path
    return data


def triggers(workflow: dict) -> dict:
    on = workflow.get("on", workflow.get(True))
    if isinstance(on, str):
        return {on: None}
    if isinstance(on, list):
        return {name: None for name in on}
    assert isinstance(on, dict), "workflow has no `on:` triggers"
    return on


def steps(job: dict) -> list[dict]:
    return job.get("steps") or []


def all_steps(workflow: dict) -> list[dict]:
    return [s for job in workflow["jobs"].values() for s in steps(job)]


def runs(items: list[dict]) -> list[str]:
    return [" ".join(str(s.get("run", "")).split()) for s in items]


def index_of(items: list[dict], predicate) -> int:
    for i, step in enumerate(items):
        if predicate(step):
            return i
    raise AssertionError(f"no step matches: {predicate.__doc__ or predicate}")


def is_checker_github(step):
    """runs `python -m hooks.check ... --format github`"""
    run = " ".join(str(step.get("run", "")).split())
    return "python -m hooks.check" in run and "--format github" in run


def is_strict_build(step):
    """builds the site with MkDocs behind the gate: `python -m hooks.build` (checker, strict build,
    HTML scan) with the MkDocs engine, or a bare `mkdocs build --strict`"""
    run = " ".join(str(step.get("run", "")).split())
    gated = "python -m hooks.build" in run and "--engine zensical" not in run
    return gated or ("mkdocs build" in run and "--strict" in run)


def is_tests(step):
    """runs the test suite"""
    run = str(step.get("run", ""))
    return "python -m pytest" in run or "bash .ci/run" in run


def uses(step, action):
    return str(step.get("uses", "")).split("@")[0] == action


def env_of(workflow: dict, job: dict) -> dict:
    return {**(workflow.get("env") or {}), **(job.get("env") or {})}


def python_311(job: dict) -> bool:
    container = job.get("container")
    image = container.get("image") if isinstance(container, dict) else container
    if image and re.match(r"^python:3\.11(\.\d+)?-", str(image)):
        return True
    return any(
        uses(s, "actions/setup-python") and str((s.get("with") or {}).get("python-version")) == "3.11"
        for s in steps(job)
    )


@pytest.fixture(scope="module")
def workflows() -> dict[str, dict]:
    return {path.name: load(path) for path in WORKFLOWS}


def test_the_three_workflows_exist(workflows):
    assert {"pr.yml", "deploy.yml", "weekly.yml"} <= set(workflows)


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_every_action_is_pinned_to_a_version(path):
    workflow = load(path)
    for name, job in workflow["jobs"].items():
        refs = [job["uses"]] if "uses" in job else []
        refs += [s["uses"] for s in steps(job) if "uses" in s]
        for ref in refs:
            assert PINNED.match(ref), f"{path.name} job {name}: {ref!r} is not pinned to a full version"
            assert not re.search(r"@(main|master|latest|v\d+)$", ref), ref
        container = job.get("container")
        image = container.get("image") if isinstance(container, dict) else container
        if image:
            assert ":" in image and not image.endswith(":latest"), f"{path.name}: unpinned image {image}"


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_every_job_has_steps_or_uses_and_a_timeout(path):
    workflow = load(path)
    assert workflow.get("name"), path.name
    for name, job in workflow["jobs"].items():
        assert steps(job) or "uses" in job, name
        assert job.get("runs-on"), name
        assert isinstance(job.get("timeout-minutes"), int), f"{path.name} {name}: no timeout-minutes"
        for step in steps(job):
            assert ("run" in step) != ("uses" in step), f"{path.name} {name}: {step}"


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_mkdocs_2_warning_is_silenced_wherever_mkdocs_runs(path):
    workflow = load(path)
    for name, job in workflow["jobs"].items():
        if any("mkdocs" in r or "pytest" in r for r in runs(steps(job))):
            assert str(env_of(workflow, job).get("NO_MKDOCS_2_WARNING")) == "1", name


# The first major of each action that runs on Node 24 (GitHub removed Node 20 from its runners in
# September 2026). Pins must be at or above these; Dependabot moves them on from there.
NODE24_MAJORS = {
    "actions/checkout": 5,
    "actions/setup-python": 6,
    "actions/cache": 5,
    "actions/upload-artifact": 6,
    "actions/upload-pages-artifact": 5,
    "actions/deploy-pages": 5,
}
# Actions that run no JavaScript on the runner, so the Node version does not apply to them.
NOT_NODE = {"lycheeverse/lychee-action": "a composite action that runs the lychee binary"}


def action_refs(workflow: dict) -> list[str]:
    refs = []
    for job in workflow["jobs"].values():
        refs += [job["uses"]] if "uses" in job else []
        refs += [s["uses"] for s in steps(job) if "uses" in s]
    return refs


def node24_problems(workflow: dict) -> list[str]:
    """Every action pin that is not a full version tag at or above its first Node 24 major."""
    problems = []
    for ref in action_refs(workflow):
        action, _, version = ref.partition("@")
        if action in NOT_NODE:
            continue
        match = re.fullmatch(r"v(\d+)\.\d+\.\d+", version)
        if action not in NODE24_MAJORS:
            problems.append(f"{ref}: add the first Node 24 major of {action} to NODE24_MAJORS")
        elif not match:
            problems.append(f"{ref}: not pinned to a full version tag")
        elif int(match.group(1)) < NODE24_MAJORS[action]:
            problems.append(f"{ref}: below v{NODE24_MAJORS[action]}, the first major that runs on Node 24")
    return problems


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_every_action_runs_on_node_24(path):
    assert node24_problems(load(path)) == []


def test_a_node_20_pin_is_caught():
    old = {"jobs": {"j": {"steps": [{"uses": "actions/checkout@v4.2.2"}, {"uses": "actions/cache@v5"},
                                    {"uses": "someone/else@v9.0.0"}, {"uses": "actions/deploy-pages@v5.0.0"}]}}}
    problems = node24_problems(old)
    assert len(problems) == 3 and "below v5" in problems[0] and "full version" in problems[1]


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_every_checkout_keeps_no_credentials(path):
    """No later step (or anything a step runs) can reuse the token the checkout would leave in .git."""
    workflow = load(path)
    checkouts = [s for job in workflow["jobs"].values() for s in steps(job) if uses(s, "actions/checkout")]
    for step in checkouts:
        assert (step.get("with") or {}).get("persist-credentials") is False, f"{path.name}: {step}"


def test_pull_request_workflow_checks_what_the_change_edits(workflows):
    """An edited overdue page fails the pull request (REV003): --changed against the base branch,
    which the checkout fetches (fetch-depth 0); the branch name goes through the environment."""
    (job,) = workflows["pr.yml"]["jobs"].values()
    items = steps(job)
    assert items[0]["with"]["fetch-depth"] == 0
    changed = index_of(items, lambda s: "--changed" in str(s.get("run", "")))
    assert "origin/$BASE_REF" in items[changed]["run"] and "${{" not in items[changed]["run"]
    assert items[changed]["env"]["BASE_REF"] == "${{ github.base_ref }}"
    assert "--format github" in items[changed]["run"]
    assert index_of(items, is_checker_github) <= changed < index_of(items, is_strict_build)


def test_dependabot_updates_actions_and_pip_weekly_in_groups():
    config = load(GITHUB / "dependabot.yml")
    assert config["version"] == 2
    updates = {u["package-ecosystem"]: u for u in config["updates"]}
    assert {"github-actions", "pip"} <= set(updates)
    for ecosystem in ("github-actions", "pip"):
        update = updates[ecosystem]
        assert update["directory"] == "/"
        assert update["schedule"]["interval"] == "weekly"
        groups = update.get("groups") or {}
        assert groups and all(group.get("patterns") for group in groups.values()), ecosystem
    assert (ROOT / "requirements.txt").is_file()


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_default_token_is_read_only(path):
    workflow = load(path)
    assert workflow.get("permissions") == {"contents": "read"}, path.name


# ------------------------------------------------------------------------------ pull requests


def test_pull_request_workflow_runs_checker_build_tests_in_order(workflows):
    workflow = workflows["pr.yml"]
    assert "pull_request" in triggers(workflow)
    assert "push" not in triggers(workflow)
    (job,) = workflow["jobs"].values()
    items = steps(job)
    assert python_311(job)
    assert uses(items[0], "actions/checkout")
    assert any("pip install -r requirements.txt" in r for r in runs(items))
    checker = index_of(items, is_checker_github)
    build = index_of(items, is_strict_build)
    tests = index_of(items, is_tests)
    assert checker < build < tests
    install = index_of(items, lambda s: "pip install -r requirements.txt" in str(s.get("run", "")))
    assert install < checker


def test_pull_request_workflow_installs_chromium_for_the_browser_tests(workflows):
    (job,) = workflows["pr.yml"]["jobs"].values()
    items = steps(job)
    chromium = index_of(items, lambda s: re.search(r"apt-get install .*chromium", " ".join(str(s.get("run", "")).split())))
    assert chromium < index_of(items, is_tests)


def test_pull_request_workflow_uploads_the_built_site(workflows):
    (job,) = workflows["pr.yml"]["jobs"].values()
    items = steps(job)
    upload = index_of(items, lambda s: uses(s, "actions/upload-artifact"))
    assert upload > index_of(items, is_strict_build)
    assert str(items[upload]["with"]["path"]).rstrip("/") == "site"
    build = " ".join(str(items[index_of(items, is_strict_build)].get("run", "")).split())
    assert build.endswith("-d site")  # the folder the artifact uploads


def test_pull_request_workflow_caches_pip(workflows):
    (job,) = workflows["pr.yml"]["jobs"].values()
    assert any(
        uses(s, "actions/cache") and "pip" in str(s["with"]["path"])
        or uses(s, "actions/setup-python") and (s.get("with") or {}).get("cache") == "pip"
        for s in steps(job)
    )


# ------------------------------------------------------------------------------ deploy


def test_deploy_runs_on_push_to_main_and_weekly(workflows):
    """Pushes to main publish; a weekly rebuild shows pages that became overdue since (their notice
    compares next_review with the build date). Never on pull requests."""
    on = triggers(workflows["deploy.yml"])
    assert set(on) == {"push", "schedule"}
    assert on["push"]["branches"] == ["main"]
    (entry,) = on["schedule"]
    assert entry["cron"].split()[4] != "*", "once a week"


def test_deploy_builds_strict_tests_and_uploads_pages_artifact(workflows):
    jobs = workflows["deploy.yml"]["jobs"]
    build = jobs["build"]
    items = steps(build)
    assert python_311(build)
    checker = index_of(items, lambda s: "python -m hooks.check" in str(s.get("run", "")))
    strict = index_of(items, is_strict_build)
    tests = index_of(items, is_tests)
    upload = index_of(items, lambda s: uses(s, "actions/upload-pages-artifact"))
    assert checker < strict < tests < upload
    assert str(items[upload]["with"]["path"]).rstrip("/") == "site"


def test_deploy_job_needs_the_build_job_and_uses_deploy_pages(workflows):
    jobs = workflows["deploy.yml"]["jobs"]
    (name,) = [n for n, j in jobs.items() if any(uses(s, "actions/deploy-pages") for s in steps(j))]
    deploy = jobs[name]
    needs = deploy.get("needs")
    needs = [needs] if isinstance(needs, str) else needs
    assert "build" in needs
    # No condition that would deploy after a failed build (always(), failure()).
    assert not re.search(r"always\(\)|failure\(\)|cancelled\(\)", str(deploy.get("if", "")))
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    env = deploy["environment"]
    assert (env["name"] if isinstance(env, dict) else env) == "github-pages"
    # Nothing in the build job can publish.
    assert not any(uses(s, "actions/deploy-pages") for s in steps(jobs["build"]))
    assert "pages" not in (jobs["build"].get("permissions") or {})


# ------------------------------------------------------------------------------ weekly


def test_weekly_runs_on_a_schedule_and_by_hand(workflows):
    on = triggers(workflows["weekly.yml"])
    assert "workflow_dispatch" in on
    (entry,) = on["schedule"]
    fields = entry["cron"].split()
    assert len(fields) == 5
    assert fields[4] != "*" and fields[2] == "*", "once a week, on a weekday"


def test_weekly_runs_the_checker_for_overdue_reviews(workflows):
    items = all_steps(workflows["weekly.yml"])
    assert any("python -m hooks.check" in r for r in runs(items))
    assert any("pip install -r requirements.txt" in r for r in runs(items))
    assert any("python -m hooks.weekly" in r for r in runs(items))


def test_weekly_checks_external_links_into_a_report(workflows):
    items = all_steps(workflows["weekly.yml"])
    (lychee,) = [s for s in items if uses(s, "lycheeverse/lychee-action")]
    args = " ".join(str(lychee["with"]["args"]).split())
    assert "--scheme https" in args
    assert "docs/" in args and "data/bibliography.yml" in args
    # The exit status and the Markdown report go to the weekly report, which fills the issue.
    assert lychee["with"].get("fail") is False and lychee.get("id")
    report = next(s for s in items if "python -m hooks.weekly" in str(s.get("run", "")))
    assert f"steps.{lychee['id']}.outputs.exit_code" in str(report.get("env"))
    assert str(lychee["with"]["output"]) in report["run"]
    assert items.index(lychee) < items.index(report)


def test_weekly_opens_updates_or_closes_one_issue(workflows):
    workflow = workflows["weekly.yml"]
    title = workflow["env"]["ISSUE_TITLE"]
    assert "overdue" in title.lower() and "link" in title.lower()
    (job,) = [j for j in workflow["jobs"].values() if any("python -m hooks.weekly" in r for r in runs(steps(j)))]
    assert job["permissions"] == {"contents": "read", "issues": "write"}
    items = steps(job)
    (issue,) = [s for s in items if "gh issue" in str(s.get("run", ""))]
    script = issue["run"]
    # One issue: look the open one up by its exact title, edit it if found, else create it.
    assert "gh issue list --state open" in script and "select(.title == env.ISSUE_TITLE)" in script
    assert "gh issue edit" in script and "gh issue create" in script and "gh issue close" in script
    assert issue["env"]["GH_TOKEN"] == "${{ github.token }}"
    report = next(s for s in items if "python -m hooks.weekly" in str(s.get("run", "")))
    assert f"steps.{report['id']}.outputs.found" in str(issue["env"])
    assert '>> "$GITHUB_OUTPUT"' in report["run"]
    for step in (report, issue):
        assert "!cancelled()" in str(step.get("if")), "runs even when the page check found an error"


def test_weekly_watches_for_new_evidence_in_its_own_issue(workflows):
    """The evidence watch (python -m hooks.watch) fills a second issue, "New evidence to review";
    tests/test_watch.py runs this job's own step commands against a stand-in for the service."""
    workflow = workflows["weekly.yml"]
    (job,) = [j for j in workflow["jobs"].values() if any("python -m hooks.watch" in r for r in runs(steps(j)))]
    assert job["permissions"] == {"contents": "read", "issues": "write"}
    assert job["env"]["ISSUE_TITLE"] == "New evidence to review" != workflow["env"]["ISSUE_TITLE"]
    assert python_311(job) and job.get("timeout-minutes")
    items = steps(job)
    watch = next(s for s in items if "python -m hooks.watch" in str(s.get("run", "")))
    assert '--api-base "$EUROPE_PMC_API"' in watch["run"] and '>> "$GITHUB_OUTPUT"' in watch["run"]
    assert job["env"]["EUROPE_PMC_API"].startswith("https://www.ebi.ac.uk/europepmc/")
    (issue,) = [s for s in items if "gh issue" in str(s.get("run", ""))]
    assert "!cancelled()" in str(issue.get("if")) and f"steps.{watch['id']}.outputs.found" in str(issue["env"])
    assert "gh issue edit" in issue["run"] and "gh issue create" in issue["run"] and "gh issue close" in issue["run"]


def test_weekly_workflow_keeps_the_scheduled_workflows_switched_on(workflows):
    """A scheduled workflow in a public repository is switched off after 60 days without activity:
    a job re-enables this one (and the weekly deploy) through the API on every run."""
    jobs = workflows["weekly.yml"]["jobs"]
    (job,) = [j for j in jobs.values() if any("/enable" in r for r in runs(steps(j)))]
    assert job["permissions"] == {"actions": "write"}
    script = " ".join(runs(steps(job)))
    assert "gh api --method PUT" in script
    for name in ("weekly.yml", "deploy.yml"):
        assert name in script and (GITHUB / "workflows" / name).is_file()
        if name != "weekly.yml":
            assert "schedule" in triggers(workflows[name])


# ------------------------------------------------------------------------------ templates


def test_pull_request_template_has_the_editors_checklist():
    text = (GITHUB / "PULL_REQUEST_TEMPLATE.md").read_text(encoding="utf-8")
    items = re.findall(r"^- \[ \] ", text, re.M)
    assert len(items) >= 8
    for needle in ("python -m hooks.check", "mkdocs", "own words", "verified: true", "sources",
                   "Caveats", "glossary", "next_review", "nav"):
        assert needle in text, needle


def test_content_error_issue_form():
    form = load(GITHUB / "ISSUE_TEMPLATE" / "content-error.yml")
    assert form["name"] and form["description"]
    fields = {item.get("id"): item for item in form["body"] if item["type"] != "markdown"}
    assert fields["page"]["type"] == "input" and fields["page"]["validations"]["required"] is True
    assert fields["wrong"]["type"] == "textarea" and fields["wrong"]["validations"]["required"] is True
    assert fields["source"]["validations"]["required"] is False
    for item in form["body"]:
        assert item["attributes"].get("label") or item["type"] == "markdown"
    config = load(GITHUB / "ISSUE_TEMPLATE" / "config.yml")
    assert isinstance(config.get("blank_issues_enabled"), bool)
    for link in config.get("contact_links", []):
        assert link["url"].startswith("https://") and link["name"] and link["about"]


# ------------------------------------------------------------------------------ pre-commit


def test_pre_commit_runs_the_checker_on_pages_and_data():
    config = load(ROOT / ".pre-commit-config.yaml")
    (repo,) = config["repos"]
    assert repo["repo"] == "local"
    hooks = repo["hooks"]
    for hook in hooks:
        assert hook["entry"].startswith("python -m hooks.check")
        assert hook["language"] == "system"

    def hooks_for(path):
        return [h for h in hooks if re.search(h["files"], path)]

    (pages,) = hooks_for("docs/mechanisms/adenosine.md")
    assert pages.get("pass_filenames", True) is True
    assert "--edited" in pages["entry"].split(), "committed pages are edited pages (REV003)"
    (data,) = hooks_for("data/bibliography.yml")
    assert data["pass_filenames"] is False
    assert hooks_for("data/claims.yml") == [data]
    assert hooks_for("mkdocs.yml") == [data], "the nav changed: every page's nav entry (NAV001)"
    assert hooks_for("README.md") == []
    assert hooks_for("docs/stylesheets/extra.css") == []


# ------------------------------------------------------------------------------ editing guide


def test_editing_guide_uses_the_generated_tables_and_lists_every_rule_id():
    text = (ROOT / "docs" / "editing-guide.md").read_text(encoding="utf-8")
    lines = text.splitlines()
    assert "<!-- generated: schema-tables -->" in lines
    assert "<!-- generated: vocabularies -->" in lines
    assert "<!-- generated: rules -->" in lines  # the rule table, from data/schema.yml (test_rule_registry)
    assert not re.findall(r"^\| ([A-Z]{2,4}\d{3}) \|", text, re.M), "rule ids are listed by the generated table only"
    for command in ("python -m hooks.new", "python -m hooks.check", "--changed", "mkdocs serve",
                    "pre-commit install", "data/bibliography.yml", "includes/abbreviations.md"):
        assert command in text, command
