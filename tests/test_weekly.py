"""The weekly report (python -m hooks.weekly): the body of the one issue listing overdue pages and
broken links, and whether there is anything to report."""
from __future__ import annotations

import subprocess
import sys
from datetime import date

import yaml

from hooks import weekly
from projectcopy import ROOT

LYCHEE = "# Summary\n\n| Status | Count |\n|---|---|\n| Errors | 1 |\n\n## Errors per input\n\n* [404] <https://example.org/gone>\n"


def front_matter(path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8").split("---\n")[1]) or {}


def test_every_overdue_page_is_listed_with_broken_links(tmp_path):
    later = date(2031, 6, 1)
    due = sorted(
        path.relative_to(ROOT).as_posix()
        for path in (ROOT / "docs").rglob("*.md")
        if (meta := front_matter(path)).get("next_review") and meta["next_review"] < later
    )
    assert due, "no page has a next_review before 2031: the test would check nothing"
    out = tmp_path / "body.md"
    links = tmp_path / "out.md"
    links.write_text(LYCHEE, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "hooks.weekly", "--body", str(out), "--links", str(links), "--links-status", "2",
         "--today", later.isoformat()],
        cwd=ROOT, capture_output=True, text=True, timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "found=true"
    body = out.read_text(encoding="utf-8")
    listed = [line for line in body.splitlines() if line.startswith("- [ ] `docs/")]
    assert sorted(line.split("`")[1] for line in listed) == due
    assert "https://example.org/gone" in body
    assert body.startswith(weekly.MARKER)


def test_nothing_to_report():
    text = weekly.body([], "", 0, date(2026, 12, 7))
    assert text.count("None.") == 2
    assert weekly.found([], 0) is False


def test_a_link_checker_that_could_not_run_is_reported():
    text = weekly.body([], None, 1, date(2026, 12, 7))
    assert "could not run (exit status 1)" in text
    assert weekly.found([], 1) is True
    assert "Not checked." in weekly.body([], None, None, date(2026, 12, 7))


def test_messages_cannot_inject_markdown():
    text = weekly.body([("docs/a.md", 6, "due [click](https://x) <b>now</b> `x` | y")], None, 0, date(2026, 12, 7))
    assert "[click]" not in text and "<b>" not in text and "\\[click\\]" in text and "\\<b\\>" in text
    odd = weekly.body([("docs/a`b.md", 1, "x")], None, 0, date(2026, 12, 7))
    assert "`docs/a'b.md`" in odd
