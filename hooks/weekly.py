"""The weekly report: every page overdue for review and every broken link, as the body of the one
GitHub issue the weekly workflow opens, updates or closes.

    python -m hooks.weekly --body weekly.md [--links lychee/out.md --links-status 2] [--today DATE]

Writes the issue body (Markdown) to --body and prints `found=true` or `found=false` on stdout, a
line for $GITHUB_OUTPUT. Overdue pages are the checker's REV001 notices; broken links are the link
checker's own Markdown report, included when its exit status says it found some (lychee: 0 none,
2 broken links, anything else could not check). Exit codes: 0 report written, 2 cannot run.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from hooks.checker import Checker, Project, SetupError, run

from hooks.content.project import ROOT
MARKER = "<!-- weekly-check: written by .github/workflows/weekly.yml; edits are replaced each week -->"


def overdue_pages(root: Path, today: date | None = None) -> list[tuple[str, int, str]]:
    """(path, line, message) of every REV001 notice in docs/."""
    project = Project.at(root)
    problems, _ = run(Checker.load(project, today), [project.docs_dir])
    return [(p.path, p.line, p.message) for p in problems if p.rule == "REV001"]


def body(overdue: list[tuple[str, int, str]], links: str | None, links_status: int | None, today: date) -> str:
    """The issue body."""
    lines = [MARKER, "", f"Weekly check of {today.isoformat()}.", "", "## Pages overdue for review", ""]
    if overdue:
        lines.append(
            "Readers see an \"overdue for review\" notice on each of these pages. Review the whole page "
            "against its sources, then renew `reviewed` and `next_review` (editing guide, Review dates)."
        )
        lines.append("")
        lines += [f"- [ ] `{_code(path)}` (line {line}): {_plain(message)}" for path, line, message in overdue]
    else:
        lines.append("None.")
    lines += ["", "## Broken links to other websites", ""]
    if links_status in (None, 0):
        lines.append("None." if links_status == 0 else "Not checked.")
    elif links_status == 2:
        lines.append((links or "").strip() or "The link checker found broken links but wrote no report.")
    else:
        lines.append(f"The link checker could not run (exit status {links_status}); see the workflow run.")
    return "\n".join(lines) + "\n"


def found(overdue: list, links_status: int | None) -> bool:
    """Whether there is anything for editors to do (a link checker that could not run counts)."""
    return bool(overdue) or links_status not in (None, 0)


def _plain(text: str) -> str:
    """One line of text with no Markdown or HTML meaning in an issue."""
    return "".join("\\" + c if c in "\\`*_[]<>|#" else c for c in " ".join(text.split()))


def _code(text: str) -> str:
    """Text for inside a one-backtick code span (no backtick can end it early; no line break)."""
    return " ".join(text.replace("`", "'").split())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m hooks.weekly", description=__doc__.splitlines()[0])
    parser.add_argument("--body", required=True, type=Path, help="where to write the issue body")
    parser.add_argument("--links", type=Path, help="the link checker's Markdown report")
    parser.add_argument("--links-status", default="", help="the link checker's exit status (empty: not run)")
    parser.add_argument("--today", type=date.fromisoformat, default=None, help="YYYY-MM-DD (default: today)")
    args = parser.parse_args(argv)
    today = args.today or date.today()
    try:
        status = int(args.links_status) if str(args.links_status).strip() else None
    except ValueError:
        print(f"weekly: --links-status must be a whole number, not {args.links_status!r}", file=sys.stderr)
        return 2
    links = None
    if args.links is not None and args.links.is_file():
        links = args.links.read_text(encoding="utf-8", errors="replace")
    try:
        overdue = overdue_pages(ROOT, today)
    except SetupError as exc:
        print(f"weekly: error: {exc}", file=sys.stderr)
        return 2
    args.body.write_text(body(overdue, links, status, today), encoding="utf-8")
    print(f"found={'true' if found(overdue, status) else 'false'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
