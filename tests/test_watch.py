"""The evidence watch (python -m hooks.watch) against a stand-in for Europe PMC's REST search on
127.0.0.1: answers written by hand in the service's documented JSON shape (hitCount,
nextCursorMark, resultList.result[] with id, source, pmid, doi, title, authorString, journalInfo,
firstPublicationDate, pubTypeList). No test reaches the network.

The command runs in a copy of the project whose shingles and carpal tunnel pages have test queries,
so what the stand-in answers depends only on this file."""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import yaml

from projectcopy import ROOT, copy_project, quiet_env

CARPAL, SHINGLES = "carpalwatchtest", "shingleswatchtest"
SEARCHED_TO = "2026-12-04"
RCT = ["Randomized Controlled Trial", "Journal Article"]
DISMISSED = """dismissed:
  - id: pmid:39000003
    reason: A trial of cupping, not of acupuncture.
    by: editor
    date: 2026-12-04
  - id: doi:10.1000/only-for-shingles
    reason: About shingles vaccines, not pain after shingles.
    by: clinical reviewer
    date: 2026-12-04
    page: conditions/shingles.md
"""


# ---- the stand-in service ----------------------------------------------------------------------


def record(pmid: str | None, title: str | None, published: str, types=RCT, doi: str | None = None) -> dict:
    """One search record as Europe PMC's resultType=core gives it (the fields the watch reads)."""
    found = {"id": pmid or "PPR1", "source": "MED" if pmid else "PPR", "title": title,
             "authorString": "Lee A, Smith B.", "journalInfo": {"journal": {"title": "Pain Medicine"}},
             "firstPublicationDate": published, "pubYear": published[:4],
             "pubTypeList": {"pubType": list(types)}}
    if pmid:
        found["pmid"] = pmid
    if doi:
        found["doi"] = doi
    if title is None:
        del found["title"]
    return found


def answer(records: list[dict], next_cursor: str | None = None) -> tuple[int, dict, bytes]:
    body = {"version": "6.9", "hitCount": len(records), "request": {}, "resultList": {"result": records}}
    if next_cursor is not None:
        body["nextCursorMark"] = next_cursor
    return 200, {"Content-Type": "application/json;charset=UTF-8"}, json.dumps(body).encode()


EMPTY = answer([], "*")


class StandIn:
    """Europe PMC's /search on 127.0.0.1. `respond(page, cursor, count)` gives (status, headers,
    body), or a number of seconds to stall first; `page` is the test query found in the request."""

    def __init__(self) -> None:
        self.requests: list[dict] = []
        self.respond = lambda page, cursor, count: EMPTY
        standin = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - http.server's name
                url = urllib.parse.urlsplit(self.path)
                params = dict(urllib.parse.parse_qsl(url.query))
                query = params.get("query", "")
                page = next((name for name in (CARPAL, SHINGLES) if name in query), None)
                standin.requests.append({"path": url.path, "params": params, "agent": self.headers.get("User-Agent")})
                count = sum(1 for r in standin.requests if r["params"].get("query") == query)
                reply = standin.respond(page, params.get("cursorMark"), count) if url.path == "/rest/search" else (404, {}, b"")
                if isinstance(reply, (int, float)):  # stall, then answer
                    time.sleep(reply)
                    reply = EMPTY
                status, headers, body = reply
                try:
                    self.send_response(status)
                    for name, value in {"Content-Type": "application/json", **headers}.items():
                        self.send_header(name, value)
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                except OSError:  # the client gave up (the timeout case)
                    pass

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}/rest"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def pages_with_a_search(project: Path) -> list[Path]:
    """The pages whose front matter states a literature search (counted, never written down)."""
    pages = [page for page in (project / "docs").rglob("*.md")
             if re.search(r"^searched_to: ", page.read_text(encoding="utf-8").split("\n---", 1)[0], flags=re.M)]
    assert pages
    return pages


@pytest.fixture()
def standin():
    service = StandIn()
    yield service
    service.close()


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    """A copy of the project: test queries on two pages, one dismissed work for all pages and one for
    the shingles page only."""
    target = copy_project(tmp_path_factory.mktemp("watch"))
    for name, query in (("conditions/carpal-tunnel.md", CARPAL), ("conditions/shingles.md", SHINGLES)):
        page = target / "docs" / name
        text = re.sub(r"^evidence_query: .*$", f"evidence_query: '{query} AND \"nerve pain\"'",
                      page.read_text(encoding="utf-8"), count=1, flags=re.M)
        page.write_text(re.sub(r"^searched_to: .*$", f"searched_to: {SEARCHED_TO}", text, count=1, flags=re.M),
                        encoding="utf-8")
    (target / "data" / "dismissed.yml").write_text(DISMISSED, encoding="utf-8")
    return target


def watch(project: Path, standin: StandIn, *args: str, timeout: float = 60) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "hooks.watch", "--api-base", standin.base, "--pause", "0", "--backoff", "0",
         "--timeout", "2", *args],
        cwd=project, env=quiet_env(), capture_output=True, text=True, timeout=timeout,
    )


def report(result: subprocess.CompletedProcess) -> dict:
    assert "Traceback" not in result.stderr, result.stderr
    return json.loads(result.stdout)


def works_by_page(data: dict) -> dict[str, list[str]]:
    return {page["page"]: [work["title"] for work in page["works"]] for page in data["pages"] if page["works"]}


def page_errors(result: subprocess.CompletedProcess) -> list[str]:
    return [line for line in result.stderr.splitlines() if "could not search" in line]


# ---- what is reported ----------------------------------------------------------------------------


def test_a_new_work_is_reported_under_its_page_with_its_details(project, standin):
    standin.respond = lambda page, cursor, count: answer([
        record("39000001", "Acupuncture for carpal tunnel syndrome: a randomised trial", "2027-01-10",
               doi="10.1000/ctsrct")]) if page == CARPAL else EMPTY
    result = watch(project, standin, "--format", "json")
    assert result.returncode == 0, result.stderr
    data = report(result)
    assert works_by_page(data) == {"docs/conditions/carpal-tunnel.md": ["Acupuncture for carpal tunnel syndrome: a randomised trial"]}
    (page,) = [p for p in data["pages"] if p["works"]]
    assert page["searched_to"] == SEARCHED_TO and CARPAL in page["query"]
    (work,) = page["works"]
    assert work == {
        "title": "Acupuncture for carpal tunnel syndrome: a randomised trial", "authors": "Lee A, Smith B.",
        "journal": "Pain Medicine", "date": "2027-01-10", "doi": "10.1000/ctsrct", "pmid": "39000001",
        "link": "https://pubmed.ncbi.nlm.nih.gov/39000001/", "kinds": ["randomised trial"],
        "dismiss_as": "pmid:39000001",
        "why": f"randomised trial matching the page's query, published after {SEARCHED_TO}",
    }
    assert data["failed"] == []
    # Every page with a search was asked, each once, politely and in the documented form.
    searched = [r["params"]["query"] for r in standin.requests]
    assert len(searched) == len(data["pages"]) == len(pages_with_a_search(project))
    carpal = next(r for r in standin.requests if CARPAL in r["params"]["query"])
    assert carpal["path"] == "/rest/search"
    assert {k: carpal["params"][k] for k in ("format", "resultType", "cursorMark")} == \
        {"format": "json", "resultType": "core", "cursorMark": "*"}
    query = carpal["params"]["query"]
    assert query.startswith(f'({CARPAL} AND "nerve pain") AND (')
    assert 'PUB_TYPE:"randomized controlled trial"' in query and 'PUB_TYPE:"systematic review"' in query
    assert 'PUB_TYPE:"meta-analysis"' in query and 'PUB_TYPE:"guideline"' in query
    assert "FIRST_PDATE:[2026-12-05 TO 3000-12-31]" in query
    assert "npa-reference" in carpal["agent"] and "Neuropathic Pain" in carpal["agent"]
    # Progress and timings on stderr, the report alone on stdout.
    assert re.search(r"docs/conditions/carpal-tunnel.md: 1 found, 1 new in \d+\.\d\d s", result.stderr)


def test_the_markdown_report_is_a_checklist_by_page(project, standin):
    standin.respond = lambda page, cursor, count: answer([
        record("39000001", "Acupuncture for *carpal* tunnel <b>syndrome</b>", "2027-01-10", doi="10.1000/ctsrct",
               types=["Systematic Review", "Meta-Analysis"])]) if page == CARPAL else EMPTY
    result = watch(project, standin, "--today", "2027-02-01")
    assert result.returncode == 0, result.stderr
    body = result.stdout
    assert "## `docs/conditions/carpal-tunnel.md`: Carpal tunnel syndrome" in body
    assert "- [ ] **Acupuncture for \\*carpal\\* tunnel \\<b\\>syndrome\\</b\\>**" in body
    assert ("Lee A, Smith B.. *Pain Medicine*, first published 2027-01-10. DOI 10.1000/ctsrct · PMID 39000001 "
            "<https://pubmed.ncbi.nlm.nih.gov/39000001/>") in body
    assert "Why: a systematic review and meta-analysis matching the page's query, published after 2026-12-04; `pmid:39000001`" in body
    assert "Evidence watch of 2027-02-01" in body
    assert body.count("- [ ] ") == 1 and "shingles" not in body
    assert body.rstrip().endswith("## Pages that could not be searched\n\nNone.")


def test_older_works_and_other_kinds_are_ignored(project, standin):
    standin.respond = lambda page, cursor, count: answer([
        record("39000010", "Older trial", "2026-11-01"),
        record("39000011", "Trial published on the search date", SEARCHED_TO),
        record("39000012", "A case report", "2027-01-02", types=["Case Reports", "Journal Article"]),
        record("39000013", "A record with no publication types", "2027-01-02", types=[]),
        record("39000014", "New guideline", "2027-01-03", types=["Practice Guideline"]),
    ]) if page == CARPAL else EMPTY
    result = watch(project, standin, "--format", "json")
    assert result.returncode == 0, result.stderr
    assert works_by_page(report(result)) == {"docs/conditions/carpal-tunnel.md": ["New guideline"]}
    assert "left out: 2 older, 2 other kinds" in result.stderr


def test_works_already_cited_are_ignored(project, standin):
    bibliography = yaml.safe_load((ROOT / "data" / "bibliography.yml").read_text(encoding="utf-8"))["references"]
    by_pmid = next(e for e in bibliography if e.get("pmid"))
    by_doi = next(e for e in bibliography if e.get("doi") and not e.get("pmid"))
    standin.respond = lambda page, cursor, count: answer([
        record(str(by_pmid["pmid"]), "Cited, found by its PubMed id", "2027-01-05"),
        record(None, "Cited, found by its DOI in other letter case", "2027-01-05", doi=by_doi["doi"].upper()),
        record("39000020", "Not cited", "2027-01-05"),
    ]) if page == CARPAL else EMPTY
    result = watch(project, standin, "--format", "json")
    assert result.returncode == 0, result.stderr
    assert works_by_page(report(result)) == {"docs/conditions/carpal-tunnel.md": ["Not cited"]}
    assert "left out: 2 cited" in result.stderr


def test_dismissed_works_are_ignored_for_all_pages_or_for_their_page(project, standin):
    shared = [record("39000003", "Dismissed for every page", "2027-01-05"),
              record("39000030", "Dismissed for the shingles page only", "2027-01-05", doi="10.1000/ONLY-for-shingles")]
    standin.respond = lambda page, cursor, count: answer(shared) if page in (CARPAL, SHINGLES) else EMPTY
    result = watch(project, standin, "--format", "json")
    assert result.returncode == 0, result.stderr
    assert works_by_page(report(result)) == {"docs/conditions/carpal-tunnel.md": ["Dismissed for the shingles page only"]}


def test_paging_follows_the_cursor_up_to_the_cap(project, standin):
    pages = {"*": answer([record("39000041", "First page", "2027-01-03")], "AoE1"),
             "AoE1": answer([record("39000042", "Second page", "2027-01-02")], "AoE2"),
             "AoE2": answer([], "AoE2")}
    standin.respond = lambda page, cursor, count: pages[cursor] if page == SHINGLES else EMPTY
    result = watch(project, standin, "--format", "json", "--page-size", "1")
    assert result.returncode == 0, result.stderr
    assert works_by_page(report(result)) == {"docs/conditions/shingles.md": ["First page", "Second page"]}
    cursors = [r["params"]["cursorMark"] for r in standin.requests if SHINGLES in r["params"]["query"]]
    assert cursors == ["*", "AoE1", "AoE2"]
    assert all(r["params"]["pageSize"] == "1" for r in standin.requests)

    standin.requests.clear()
    capped = watch(project, standin, "--format", "json", "--page-size", "1", "--max-pages", "1")
    assert capped.returncode == 0, capped.stderr
    assert works_by_page(report(capped)) == {"docs/conditions/shingles.md": ["First page"]}
    assert "docs/conditions/shingles.md: 1 found, 1 new - page cap reached" in capped.stderr


def test_a_429_is_retried_after_the_wait_the_service_asks_for(project, standin):
    limited = (429, {"Retry-After": "0", "Content-Type": "text/plain"}, b"Too many requests")
    standin.respond = lambda page, cursor, count: (
        limited if count == 1 else answer([record("39000050", "Found on the second try", "2027-01-05")])
    ) if page == CARPAL else EMPTY
    # A backoff of 30 s would time the test out: the Retry-After of 0 s is what is waited.
    result = watch(project, standin, "--format", "json", "--backoff", "30", "--max-wait", "30", timeout=20)
    assert result.returncode == 0, result.stderr
    assert works_by_page(report(result)) == {"docs/conditions/carpal-tunnel.md": ["Found on the second try"]}
    assert "HTTP 429; retrying in 0 s (1 of 3)" in result.stderr
    assert sum(1 for r in standin.requests if CARPAL in r["params"]["query"]) == 2


def test_a_long_retry_after_is_capped(project, standin):
    standin.respond = lambda page, cursor, count: (
        (503, {"Retry-After": "3600"}, b"{}") if count == 1 else EMPTY
    ) if page == CARPAL else EMPTY
    result = watch(project, standin, "--format", "json", "--max-wait", "0.1", timeout=20)
    assert result.returncode == 0, result.stderr
    assert "HTTP 503; retrying in 0.1 s (1 of 3)" in result.stderr


BAD_ANSWERS = {
    "500": ((500, {}, b'{"error": "internal"}'), "the service answered HTTP 500 after 3 tries"),
    "html": ((200, {"Content-Type": "text/html"}, b"<!DOCTYPE html><html><body>Down for maintenance</body></html>"),
             "the service answered with HTML, not JSON (a maintenance or error page?)"),
    "not json": ((200, {}, b'{"hitCount": 1, "resultList": '), "the service's answer is not valid JSON"),
    "no result list": ((200, {}, b'{"hitCount": 0}'), "malformed answer: no resultList.result list"),
    "record without title": (answer([record("39000060", None, "2027-01-05")]), "malformed record pmid 39000060: no title"),
    "record with a bad date": (answer([record("39000061", "A trial", "2027-13-45")]),
                               "malformed record pmid 39000061: firstPublicationDate '2027-13-45' is not a date"),
    "record that is not an object": (answer(["39000062"]), "malformed record: not a JSON object"),
}


@pytest.mark.parametrize("case", BAD_ANSWERS, ids=list(BAD_ANSWERS))
def test_a_bad_answer_is_one_line_for_its_page_and_the_others_still_report(project, standin, case):
    bad, message = BAD_ANSWERS[case]
    good = answer([record("39000070", "Shingles trial", "2027-01-05")])
    standin.respond = lambda page, cursor, count: bad if page == CARPAL else good if page == SHINGLES else EMPTY
    result = watch(project, standin, "--format", "json", "--retries", "2")
    assert result.returncode == 2
    data = report(result)
    assert page_errors(result) == [f"watch: docs/conditions/carpal-tunnel.md: could not search: {message}"]
    assert data["failed"] == [{"page": "docs/conditions/carpal-tunnel.md", "error": message}]
    assert works_by_page(data) == {"docs/conditions/shingles.md": ["Shingles trial"]}
    assert len(data["pages"]) == len(pages_with_a_search(project)) - 1  # all but the failed page
    if case == "500":  # 5xx is retried, a bounded number of times
        assert sum(1 for r in standin.requests if CARPAL in r["params"]["query"]) == 3


def test_a_timeout_is_one_line_for_its_page(project, standin):
    standin.respond = lambda page, cursor, count: 3 if page == CARPAL else EMPTY
    started = time.monotonic()
    result = watch(project, standin, "--timeout", "0.3")
    assert time.monotonic() - started < 10
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert page_errors(result) == ["watch: docs/conditions/carpal-tunnel.md: could not search: no answer within 0.3 s (timeout)"]
    assert "- `docs/conditions/carpal-tunnel.md`: no answer within 0.3 s (timeout)" in result.stdout


def test_a_service_that_cannot_be_reached_and_a_bad_address(project):
    result = subprocess.run([sys.executable, "-m", "hooks.watch", "--api-base", "http://127.0.0.1:9/rest", "--pause", "0",
                             "--retries", "0", "conditions/shingles.md"], cwd=project, env=quiet_env(),
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    (line,) = [line for line in result.stderr.splitlines() if "could not search" in line]
    assert line.startswith("watch: docs/conditions/shingles.md: could not search: cannot reach http://127.0.0.1:9/rest")
    bad = subprocess.run([sys.executable, "-m", "hooks.watch", "--api-base", "file:///etc/passwd"], cwd=project,
                         env=quiet_env(), capture_output=True, text=True, timeout=60)
    assert bad.returncode == 2 and bad.stderr.strip() == "watch: --api-base must be an http(s) address, not 'file:///etc/passwd'"


# ---- the weekly workflow's own steps -------------------------------------------------------------


FAKE_GH = """#!/bin/sh
# Records each call; `gh issue list` prints the open issue's number from $GH_OPEN (empty: none).
printf '%s\\n' "$*" >> "$GH_LOG"
case "$*" in
  "issue list"*) [ -n "$GH_OPEN" ] && echo "$GH_OPEN" ;;
  *--body-file*) for last; do :; done; cp "$last" "$GH_BODY" ;;
esac
exit 0
"""


def evidence_job() -> dict:
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "weekly.yml").read_text(encoding="utf-8"))
    (job,) = [job for job in workflow["jobs"].values()
              if any("python -m hooks.watch" in str(step.get("run", "")) for step in job.get("steps", []))]
    return job


def run_step(step: dict, project: Path, env: dict) -> subprocess.CompletedProcess:
    """A workflow `run:` as GitHub runs it on Linux: bash -e -o pipefail, in the checkout."""
    return subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]], cwd=project,
                          env=env, capture_output=True, text=True, timeout=120)


def test_the_weekly_workflow_step_writes_one_issue_body(project, standin, tmp_path):
    job = evidence_job()
    (search,) = [s for s in job["steps"] if "python -m hooks.watch" in str(s.get("run", ""))]
    (issue,) = [s for s in job["steps"] if "gh issue" in str(s.get("run", ""))]
    assert job["env"]["ISSUE_TITLE"] == "New evidence to review"
    assert job["env"]["EUROPE_PMC_API"] == "https://www.ebi.ac.uk/europepmc/webservices/rest"
    assert f"steps.{search['id']}.outputs.found" in str(issue["env"]) and "!cancelled()" in issue["if"]

    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    # A wrapper, not a symbolic link: Python finds its virtual environment from the path it was started by.
    (bin_dir / "python").write_text(f'#!/bin/sh\nexec "{sys.executable}" "$@"\n', encoding="utf-8")
    (bin_dir / "python").chmod(0o755)
    (bin_dir / "gh").write_text(FAKE_GH, encoding="utf-8")
    (bin_dir / "gh").chmod(0o755)
    outputs, log, body = tmp_path / "github_output", tmp_path / "gh.log", tmp_path / "body.md"
    env = quiet_env(**{**{k: str(v) for k, v in job["env"].items()}, "EUROPE_PMC_API": standin.base,
                       "WATCH_PAUSE": "0", "GITHUB_OUTPUT": str(outputs), "GH_LOG": str(log), "GH_BODY": str(body),
                       "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}"})

    def week(found_works: bool, open_issue: str) -> tuple[dict, list[str]]:
        for path in (outputs, log, body):
            path.unlink(missing_ok=True)
        standin.respond = lambda page, cursor, count: answer([
            record("39000080", "A new review of acupuncture for pain after shingles", "2027-01-05",
                   types=["Systematic Review", "Review"])]) if page == SHINGLES and found_works else EMPTY
        searched = run_step(search, project, env)
        assert searched.returncode == 0, searched.stderr
        step_outputs = dict(line.split("=", 1) for line in outputs.read_text().splitlines())
        issue_env = {"FOUND": step_outputs["found"], "GH_TOKEN": "test", "GH_REPO": "example/npa-reference"}
        done = run_step(issue, project, {**env, **issue_env, "GH_OPEN": open_issue})
        assert done.returncode == 0, done.stderr
        return step_outputs, log.read_text().splitlines()

    # Week 1: a new review, no open issue: the issue is created with the watch's report as its body.
    step_outputs, calls = week(True, "")
    assert step_outputs == {"found": "true"}
    assert calls[1:] == ["issue create --title New evidence to review --body-file evidence.md"]
    text = body.read_text(encoding="utf-8")
    assert text == (project / "evidence.md").read_text(encoding="utf-8")
    assert text.startswith("<!-- evidence-watch:")
    assert "## `docs/conditions/shingles.md`: Pain after shingles" in text
    assert "- [ ] **A new review of acupuncture for pain after shingles**" in text
    assert text.count("- [ ] ") == 1
    # Week 2: still there, the issue open: the same issue is updated.
    _, calls = week(True, "17")
    assert calls[1:] == ["issue edit 17 --body-file evidence.md"]
    # Week 3: dismissed or cited since: nothing found, and the open issue is closed.
    step_outputs, calls = week(False, "17")
    assert step_outputs == {"found": "false"}
    assert calls[1:] == ["issue close 17 --comment The evidence watch found no new work for any page."]


def test_retry_waits_back_off_and_stay_capped():
    from hooks.watch import Client
    client = Client("http://127.0.0.1:9", backoff=2, max_wait=60, retries=3)
    assert [client._retry_wait(429, None, attempt) for attempt in range(4)] == [2, 4, 8, None]
    assert client._retry_wait(502, "7", 0) == 7 and client._retry_wait(503, "600", 0) == 60
    assert client._retry_wait(429, "Wed, 21 Oct 2015 07:28:00 GMT", 0) == 0  # a date already past
    assert client._retry_wait(404, None, 0) is None and client._retry_wait(400, "1", 0) is None


def test_a_named_page_that_does_not_exist_is_reported(project, standin):
    result = watch(project, standin, "conditions/shingles.md", "docs/no-such-page.md")
    assert result.returncode == 2
    assert page_errors(result) == ["watch: docs/no-such-page.md: could not search: no such page under docs/"]
    assert [r["params"]["query"].split(")")[0] for r in standin.requests] == [f'({SHINGLES} AND "nerve pain"']
