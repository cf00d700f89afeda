"""Check pages against the schema: `python -m hooks.check [PATH ...]` (default docs/).

Exit status: 0 clean (warnings allowed unless --strict), 1 a page has an error, 2 the checker
cannot run (bad arguments, schema or bibliography missing or invalid, path not found, git failed).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from datetime import date
from pathlib import Path

from hooks.content.findings import Problem, SetupError, count, summary
from hooks.content.project import ROOT, Project
from hooks.content.replay import Replay


class UsageError(Exception):
    """The command line cannot be carried out; exit 2 with this one-line message."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line, no usage dump
        raise UsageError(message)


def build_parser() -> argparse.ArgumentParser:
    """The command-line interface."""
    parser = _Parser(prog="python -m hooks.check", description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", metavar="PATH", help="page files or folders (default: docs/)")
    parser.add_argument(
        "--format",
        choices=("text", "github", "json"),
        default="github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text",
        help="output format (default: text; github under GitHub Actions)",
    )
    parser.add_argument(
        "--changed",
        nargs="?",
        const="",
        metavar="BASE",
        help="only Markdown files changed against a git base (default origin/main, else HEAD), untracked included",
    )
    parser.add_argument(
        "--edited",
        action="store_true",
        help="the pages named are being edited (as pre-commit names them): an overdue review on them "
        "is an error (REV003), as with --changed",
    )
    parser.add_argument("--strict", action="store_true", help="warnings also fail (exit 1)")
    parser.add_argument("--today", type=_iso_date, help="check review dates as if today were YYYY-MM-DD")
    parser.add_argument("--quiet", action="store_true", help="no summary line")
    parser.add_argument("--no-cache", action="store_true",
                        help="check every file even if nothing changed since the same check last ran "
                        "(otherwise its stored result is replayed; see hooks/content/replay.py)")
    return parser


def _iso_date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {value!r}") from None


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; return the exit status."""
    started = time.perf_counter()
    try:
        args = build_parser().parse_args(argv)
        project = Project.at(ROOT)
        replay = _replay(args, project)
        hit = replay.lookup() if replay is not None else None
        if hit is not None:  # nothing the same check read has changed: its result, without the checker
            problems = [Problem(*problem) for problem in hit["problems"]]
            return _finish(args, hit["output"], problems, hit["pages"], started, replayed=True)
        paths, full, deleted = _targets(args, project)
        from hooks.checker import Checker, render, run, run_or_replay

        def load() -> Checker:
            return Checker.load(project, args.today, measure_all=args.format == "json")

        edited = [path for path in paths if Path(path).suffix == ".md"] if args.changed is not None or args.edited else []
        if args.changed is not None:  # git named the files: checked afresh, never stored
            checker = load()
            checker.mark_edited(edited)
            problems, pages = run(checker, paths, with_data=full, deleted=deleted)
            output = render(problems, args.format, checker.readings)
        else:
            outcome = run_or_replay(replay, load, paths, with_data=full, edited=edited, looked_up=True,
                                    output=lambda problems, checker: render(problems, args.format, checker.readings))
            problems, pages, output = outcome.problems, outcome.pages, outcome.output
    except (UsageError, SetupError) as exc:
        return _setup_failed(exc)
    return _finish(args, output, problems, pages, started)


def _replay(args: argparse.Namespace, project: Project) -> Replay | None:
    """The stored result of this exact check (None with --no-cache or --changed: git decides the files)."""
    if args.no_cache or args.changed is not None:
        return None
    return Replay(project.root, {
        "command": "check", "paths": [os.path.abspath(path) for path in args.paths], "edited": args.edited,
        "today": (args.today or date.today()).isoformat(), "format": args.format,
    })


def _setup_failed(exc: Exception) -> int:
    from hooks.content.findings import clean_path

    print(f"check: error: {clean_path(exc)}", file=sys.stderr)  # one line, whatever a file name holds
    return 2


def _finish(args: argparse.Namespace, output: str, problems: list[Problem], pages: int, started: float,
            replayed: bool = False) -> int:
    """Print the report and the summary line; the exit status."""
    try:
        if output:
            print(output, flush=True)
        if not args.quiet:
            print(summary(pages, time.perf_counter() - started, problems, replayed), file=sys.stderr, flush=True)
    except OSError as exc:  # closed pipe (e.g. `| head`), full disk: one line, exit 2
        return _output_failed(exc)
    errors, warnings = count(problems)
    return 1 if errors or (args.strict and warnings) else 0


def _output_failed(exc: OSError) -> int:
    """The report could not be written: say so in one line on stderr (if it is writable), exit 2."""
    try:  # stdout's unwritten buffer would fail again at exit; point it at /dev/null
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    except (OSError, ValueError):
        pass
    try:
        print(f"check: error: cannot write the report: {exc.strerror or exc}", file=sys.stderr, flush=True)
    except (OSError, ValueError):
        pass
    return 2


def _targets(args: argparse.Namespace, project: Project) -> tuple[list[Path], bool, list[Path]]:
    """The paths to check, whether this is a full run (data files included) and the pages the
    change deleted (--changed only: nav and ledger entries may still name them)."""
    given = [Path(path) for path in args.paths] or [project.docs_dir]
    for path in given:
        if not os.path.lexists(path):  # a dangling link is reported (FILE001), not "not found"
            raise UsageError(f"path not found: {path}")
    if args.changed is not None:
        changed, deleted = _changed(args.changed, given, project)
        return changed, False, deleted
    resolved = {path.resolve() for path in given}
    return given, not args.paths or project.docs_dir in resolved, []


def _changed(base: str, given: list[Path], project: Project) -> tuple[list[Path], list[Path]]:
    """Markdown files (and data files, mkdocs.yml) changed against `base`, inside the given paths;
    and the Markdown files deleted.

    A base is a revision, never an option: one starting with "-" is refused, and git is told where
    its options end (--end-of-options), so `--changed=--output=FILE` cannot make git write a file."""
    if base.startswith("-"):
        raise UsageError(f"--changed: a git base cannot start with '-': {base!r}")
    base = base or ("origin/main" if _git(project.root, "rev-parse", "--verify", "-q", "origin/main") else "HEAD")
    merge_base = (_git(project.root, "merge-base", "--end-of-options", base, "HEAD") or base).strip()
    names = _git(
        project.root, "diff", "--name-only", "--diff-filter=d", "--end-of-options", merge_base, "--", strict=True
    )
    names += _git(project.root, "ls-files", "--others", "--exclude-standard", strict=True)
    scopes = [path.resolve() for path in given]
    data_files = {project.bibliography_path, project.ledger_path, project.vocabulary_path,
                  project.options_path, project.figures_path, project.schema_path, project.config_path}
    changed = []
    for name in sorted(set(names.split("\n")) - {""}):
        path = Path(os.path.abspath(project.root / name))  # not resolved: a link is reported, not followed
        inside = any(path == scope or scope in path.parents for scope in scopes)
        if os.path.lexists(path) and ((path.suffix == ".md" and inside) or path in data_files):
            changed.append(path)
    gone = _git(
        project.root, "diff", "--name-only", "--diff-filter=D", "--end-of-options", merge_base, "--", strict=True
    )
    deleted = [project.root / name for name in sorted(set(gone.split("\n")) - {""}) if name.endswith(".md")]
    return changed, deleted


def _git(root: Path, *args: str, strict: bool = False) -> str:
    """git's output, or "" on failure; with strict=True a failure is a UsageError."""
    import subprocess  # only --changed runs git; keeps the CLI's start-up short
    try:
        result = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=False)
    except OSError as exc:
        if strict:
            raise UsageError(f"git failed: {exc}") from None
        return ""
    if result.returncode != 0:
        if strict:
            reason = (result.stderr.strip().splitlines() or ["unknown error"])[-1]
            raise UsageError(f"git {args[0]} failed: {reason}")
        return ""
    return result.stdout


if __name__ == "__main__":
    sys.exit(main())
