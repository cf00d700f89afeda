"""An editor's route through the project, walked in a copy of it: serve and fix a data file, add a
page with hooks.new, check only what changed."""
from __future__ import annotations

import json
import re
import subprocess
import sys

import yaml

from hooks.content.config import read_config
from projectcopy import ROOT, copy_project, fetch, free_port, quiet_env, run, wait_until

BOX = "This page has problems the build will reject"


def test_serve_watches_every_folder_the_build_reads():
    config = read_config(ROOT / "mkdocs.yml")  # the project's one reader of mkdocs.yml
    watched = {str(path).rstrip("/") for path in config.get("watch", [])}
    assert {"data", "includes", config.get("theme")["custom_dir"]} <= watched


def test_serve_rebuilds_when_a_data_file_is_fixed(tmp_path):
    """The problem box reported by the preview goes away once the bibliography is fixed: data/ is
    watched, so no docs file has to be saved to see the fix."""
    project = copy_project(tmp_path)
    bibliography = project / "data" / "bibliography.yml"
    good = bibliography.read_text(encoding="utf-8")
    assert "- key: goldman2010\n" in good
    bibliography.write_text(good.replace("- key: goldman2010\n", "- key: goldman2010x\n"), encoding="utf-8")
    port = free_port()
    url = f"http://127.0.0.1:{port}/npa-reference/mechanisms/adenosine/"
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
        cwd=project, env=quiet_env(), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    try:
        broken = wait_until(lambda: server.poll() is None and fetch(url), timeout=90)
        assert broken and BOX in broken and "goldman2010" in broken, "the preview did not show the problem"
        bibliography.write_text(good, encoding="utf-8")
        fixed = wait_until(lambda: (body := fetch(url)) and BOX not in body and body, timeout=60)
        assert server.poll() is None, "the server stopped"
        assert fixed, "the page still shows the problem box after data/bibliography.yml was fixed"
    finally:
        server.terminate()
        server.communicate(timeout=30)


# ------------------------------------------------------------------------------ local = CI

GIT = ["git", "-c", "user.name=t", "-c", "user.email=t@t", "-c", "commit.gpgsign=false"]


def git_project(tmp_path):
    """A copy of the project as a git repository with everything committed."""
    project = copy_project(tmp_path)
    subprocess.run(["git", "init", "-q"], cwd=project, check=True)
    subprocess.run(["git", "add", "."], cwd=project, check=True)
    subprocess.run([*GIT, "commit", "-q", "-m", "start"], cwd=project, check=True)
    return project


def check_json(project, *args: str) -> tuple[int, list[dict]]:
    """The exit status and the problems (the JSON output's reading-level records, severity "info",
    are measurements, not problems)."""
    result = run(project, "-m", "hooks.check", "--format", "json", *args)
    assert result.returncode in (0, 1), result.stdout + result.stderr
    return result.returncode, [p for p in json.loads(result.stdout or "[]") if p["severity"] != "info"]


def finished_page(project, kind: str = "mechanism", title: str = "Spinal signals test") -> str:
    """Make a page with hooks.new and fill its gaps as an editor would; return its docs/ path."""
    result = run(project, "-m", "hooks.new", kind, title)
    assert result.returncode == 0, result.stderr
    rel = re.search(r"Created (docs/\S+\.md)", result.stdout).group(1)
    page = project / rel
    page.write_text(fill_in(page.read_text(encoding="utf-8"), "goldman2010"), encoding="utf-8")
    return rel


def fill_in(text: str, key: str) -> str:
    """Fill the scaffold's gaps: description, evidence, certainty, sources, each section, the caveat."""
    text = text.replace('description: ""', "description: A page made while testing the editors' route.")
    text = re.sub(r"^evidence: \[\].*$", "evidence: [animal]", text, flags=re.M)
    text = re.sub(r"^certainty:.*$", "certainty: very-low", text, flags=re.M)
    text = re.sub(r"^answer:.*$", "answer: One study in mice suggests it; nothing shows it in people. Our certainty is very low.", text, flags=re.M)
    text = re.sub(r"^sources: \[\].*$", f"sources: [{key}]", text, flags=re.M)
    text = re.sub(r"<!-- At least one caveat box:.*?\n\n(.*?)\n-->", r"\1", text, flags=re.S)
    return re.sub(r"^<!-- .*? -->$", f"One study in mice looked at this [@{key}].", text, flags=re.M)


def test_changed_catches_a_new_page_without_its_nav_line_or_ledger_entry(tmp_path):
    project = git_project(tmp_path)
    rel = finished_page(project)
    code, problems = check_json(project, "--changed")
    found = {(p["path"], p["rule"]) for p in problems}
    assert code == 1
    assert (rel, "NAV001") in found and ("data/claims.yml", "CLM005") in found, problems
    assert {p["rule"] for p in problems} == {"NAV001", "CLM005"}, problems
    page = rel.removeprefix("docs/")
    assert any(page in p["message"] for p in problems if p["rule"] == "CLM005")


def concerns(problem: dict, rel: str) -> bool:
    return problem["path"] == rel or rel.removeprefix("docs/") in problem["message"]


def test_checking_one_page_reports_what_the_full_check_reports_about_it(tmp_path):
    """What pre-commit (one file) and --changed report about a page is what CI's full check does."""
    project = copy_project(tmp_path)
    rel = finished_page(project)
    # ... and break a ledger anchor on an existing page: a link into it from the claims ledger.
    adenosine = project / "docs" / "mechanisms" / "adenosine.md"
    text = adenosine.read_text(encoding="utf-8")
    assert "## The claim" in text
    adenosine.write_text(text.replace("## The claim", "## The claim made", 1), encoding="utf-8")
    _, full = check_json(project)
    for page in (rel, "docs/mechanisms/adenosine.md"):
        _, one = check_json(project, page)
        expected = [p for p in full if concerns(p, page)]
        assert expected, f"the full check found nothing about {page}: the test sets up no problem"
        assert one == expected


def test_an_edited_overdue_page_must_renew_its_dates(tmp_path):
    """REV001 only informs; but a change that edits an overdue page fails until its dates are renewed."""
    project = git_project(tmp_path)
    later = "2031-01-01"  # every page is overdue by then
    code, problems = check_json(project, "--strict", "--today", later)
    assert code == 0 and problems and {p["rule"] for p in problems} - {"SRC000"} == {"REV001"}
    assert {p["severity"] for p in problems} == {"notice"}
    page = project / "docs" / "mechanisms" / "adenosine.md"
    text = page.read_text(encoding="utf-8")
    page.write_text(text.replace("## Caveats\n", "## Caveats\n\nA correction.\n", 1), encoding="utf-8")
    for args in (("--changed",), ("--edited", "docs/mechanisms/adenosine.md")):
        code, problems = check_json(project, "--today", later, *args)
        assert code == 1
        assert [(p["path"], p["rule"]) for p in problems] == [("docs/mechanisms/adenosine.md", "REV003")], problems
    renewed = re.sub(r"^reviewed: .*$", "reviewed: 2030-12-20", page.read_text(encoding="utf-8"), flags=re.M)
    renewed = re.sub(r"^next_review: .*$", "next_review: 2031-12-20", renewed, flags=re.M)
    page.write_text(renewed, encoding="utf-8")
    code, problems = check_json(project, "--today", later, "--changed")
    assert (code, problems) == (0, [])


# ------------------------------------------------------------------------------ review dates


def test_an_overdue_page_builds_strict_and_shows_readers_a_notice(tmp_path):
    project = copy_project(tmp_path)
    page = project / "docs" / "mechanisms" / "adenosine.md"
    text = re.sub(r"^reviewed: .*$", "reviewed: 2024-03-01", page.read_text(encoding="utf-8"), flags=re.M)
    page.write_text(re.sub(r"^next_review: .*$", "next_review: 2025-03-09", text, flags=re.M), encoding="utf-8")
    site = tmp_path / "site"
    result = run(project, "-m", "mkdocs", "build", "--strict", "-d", str(site))
    assert result.returncode == 0, result.stderr
    assert "REV001 (notice)" in result.stderr
    overdue = (site / "mechanisms" / "adenosine" / "index.html").read_text(encoding="utf-8")
    notice = re.search(r'<div class="admonition warning npa-overdue" role="note">(.*?)</div>', overdue, re.S)
    assert notice, "the overdue page has no notice"
    assert "This page is overdue for review" in notice.group(1) and "9 March 2025" in notice.group(1)
    assert overdue.index("npa-overdue") < overdue.index("<h2")  # at the top, before the first section
    current = (site / "mechanisms" / "inflammation" / "index.html").read_text(encoding="utf-8")
    assert "npa-overdue" not in current


# ------------------------------------------------------------------------------ the route for a new page

ROUTE_TEST = "tests/test_editor_workflow.py::test_contributing_route_for_a_new_mechanism_page_passes_ci"


def fill_ledger_entry(text: str, page: str) -> str:
    """Fill the gaps of the entry hooks.new --add-ledger appended (the last one, naming `page`)."""
    head, marker, entry = text.rpartition("\n  - id: ")
    assert marker and f"page: {page}" in entry, "the ledger stub is not the last entry"
    values = {
        "claim": '"Acupuncture changes nerve signals in the gut."',
        "verdict": "animal-evidence-only",
        "evidence": "[animal]",
        "certainty": "very-low",
        "sources": "[goldman2010]",
        "reason": '"Only a study in mice was found; nothing shows this in people."',
    }
    for name, value in values.items():
        entry, count = re.subn(rf"^(    {name}): .*$", rf"\g<1>: {value}", entry, flags=re.M)
        assert count == 1, name
    return head + marker + entry


def test_contributing_route_for_a_new_mechanism_page_passes_ci(tmp_path):
    """CONTRIBUTING's route for a new mechanism page, in a copy of the project: hooks.new with
    --add-nav and --add-ledger, fill in what it asks for, then what CI runs: the checker (strict),
    the strict build and the tests (not the browser ones; the built site is reused). Nothing may
    count the pages or claims: the suite must pass with one page and one claim more."""
    project = copy_project(tmp_path)
    result = run(project, "-m", "hooks.new", "mechanism", "Nerve signals in the gut", "--add-nav", "--add-ledger")
    assert result.returncode == 0, result.stdout + result.stderr
    rel = "mechanisms/nerve-signals-in-the-gut.md"
    page = project / "docs" / rel
    page.write_text(fill_in(page.read_text(encoding="utf-8"), "goldman2010"), encoding="utf-8")
    ledger = project / "data" / "claims.yml"
    ledger.write_text(fill_ledger_entry(ledger.read_text(encoding="utf-8"), f"{rel}#the-claim"), encoding="utf-8")
    # The overview step hooks.new printed: a link from each page that lists the page's neighbours.
    overview = re.search(r"Overview: add a link to it in (.*?), beside", result.stdout, re.S)
    assert overview, result.stdout
    for name in re.findall(r"docs/[\w/.-]+\.md", overview.group(1)):
        listing = project / name
        target = "../" * (name.count("/") - 1) + rel
        if name.startswith("docs/mechanisms/"):
            target = rel.removeprefix("mechanisms/")
        with listing.open("a", encoding="utf-8") as handle:
            handle.write(f"\n- [Nerve signals in the gut]({target}): one study in mice.\n")

    check = run(project, "-m", "hooks.check", "--strict")
    assert check.returncode == 0, check.stdout + check.stderr
    site = tmp_path / "site"
    build = run(project, "-m", "mkdocs", "build", "--strict", "-d", str(site))
    assert build.returncode == 0, build.stderr
    assert (site / "mechanisms" / "nerve-signals-in-the-gut" / "index.html").is_file()
    # Only the tests a new page can affect (marker `content`, see tests/conftest.py): those that read
    # the project's pages, data or built site. The others use fixtures or sites of their own.
    tests = run(
        project, "-m", "pytest", "-q", "-x", "-m", "content and not browser", "-p", "no:cacheprovider",
        "--deselect", ROUTE_TEST, SITE_DIR=str(site), timeout=900,
    )
    assert tests.returncode == 0, tests.stdout[-6000:] + tests.stderr[-2000:]
    assert re.search(r"\b\d+ passed", tests.stdout), tests.stdout[-2000:]


def test_hooks_new_prints_every_step_and_adds_nav_and_ledger_once(tmp_path):
    project = copy_project(tmp_path)
    config, ledger = project / "mkdocs.yml", project / "data" / "claims.yml"
    before = config.read_text(encoding="utf-8"), ledger.read_text(encoding="utf-8")
    printed = run(project, "-m", "hooks.new", "mechanism", "Printed only")
    assert printed.returncode == 0, printed.stderr
    out = printed.stdout
    assert "      - Printed only: mechanisms/printed-only.md" in out.splitlines()
    assert "docs/index.md" in out and "Overview" in out
    assert "page: mechanisms/printed-only.md#the-claim" in out and "data/claims.yml" in out
    assert (config.read_text(encoding="utf-8"), ledger.read_text(encoding="utf-8")) == before

    added = run(project, "-m", "hooks.new", "mechanism", "Written too", "--add-nav", "--add-ledger")
    assert added.returncode == 0, added.stderr
    nav = read_config(config).nav
    group = next(item for item in nav if isinstance(item, dict) and "How acupuncture might work" in item)
    entries = [next(iter(e.values())) if isinstance(e, dict) else e for e in group["How acupuncture might work"]]
    assert entries[-1] == "mechanisms/written-too.md"
    claims = yaml.safe_load(ledger.read_text(encoding="utf-8"))["claims"]
    assert claims[-1]["page"] == "mechanisms/written-too.md#the-claim" and claims[-1]["section"] == "mechanisms"
    assert len(claims) == len(yaml.safe_load(before[1])["claims"]) + 1
    # The gaps of the stub are reported by the checker, with the new page's own.
    code, problems = check_json(project, "docs/mechanisms/written-too.md")
    assert code == 1 and any(p["rule"] == "CLM001" and p["path"] == "data/claims.yml" for p in problems)
    assert not any(p["rule"] in ("NAV001", "CLM005") for p in problems)

    # Never twice: the page is removed, but its nav line and ledger entry are still there.
    (project / "docs" / "mechanisms" / "written-too.md").unlink()
    after = config.read_text(encoding="utf-8"), ledger.read_text(encoding="utf-8")
    for option in ("--add-nav", "--add-ledger"):
        again = run(project, "-m", "hooks.new", "mechanism", "Written too", option)
        assert again.returncode == 1, again.stdout + again.stderr
        assert "already" in again.stderr and "Traceback" not in again.stderr
        assert not (project / "docs" / "mechanisms" / "written-too.md").exists(), "nothing is written"
        assert (config.read_text(encoding="utf-8"), ledger.read_text(encoding="utf-8")) == after


def test_changed_reports_nav_and_ledger_entries_left_naming_a_deleted_page(tmp_path):
    project = git_project(tmp_path)
    (project / "docs" / "mechanisms" / "adenosine.md").unlink()
    code, problems = check_json(project, "--changed")
    assert code == 1
    found = {(p["path"], p["rule"]) for p in problems}
    assert found == {("mkdocs.yml", "NAV001"), ("data/claims.yml", "CLM004")}, problems
    assert all("mechanisms/adenosine.md" in p["message"] for p in problems)


def test_overdue_review_is_a_github_notice_that_never_fails():
    """On a pull request an overdue page shows as a notice annotation; --strict still passes."""
    result = run(ROOT, "-m", "hooks.check", "--strict", "--format", "github", "--today", "2031-01-01",
                 "docs/mechanisms/adenosine.md")
    assert result.returncode == 0, result.stdout + result.stderr
    lines = (ROOT / "docs" / "mechanisms" / "adenosine.md").read_text(encoding="utf-8").splitlines()
    line = next(number for number, text in enumerate(lines, 1) if text.startswith("next_review:"))
    assert result.stdout.startswith(f"::notice file=docs/mechanisms/adenosine.md,line={line},title=REV001::review overdue")
    assert "0 errors, 0 warnings, 1 notice" in result.stderr
