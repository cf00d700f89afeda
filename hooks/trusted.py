"""Trusted files: the files that are code, not content. `python -m hooks.trusted BASE`

A pull request that edits pages and data files is content; one that edits the site configuration,
the page schema, the templates, the hooks, CI or the pinned requirements changes what the checks
themselves do, so it needs a maintainer's review (.github/CODEOWNERS lists the same paths, and
tests/test_trusted.py keeps the two in step). This command names the trusted files a change
touches, against the base branch, as GitHub warning annotations (and in the job summary when
GITHUB_STEP_SUMMARY is set). It informs; it never fails the check (exit 0; 2 if git cannot answer).

    python -m hooks.trusted origin/main
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Folders end with "/"; everything under them is trusted.
TRUSTED = (
    "mkdocs.yml", "data/schema.yml", "overrides/", "hooks/", ".github/", ".ci/",
    "requirements.txt", "requirements-zensical.txt", "pyproject.toml",
)
OWNERS = "@npa-reference/maintainers"


def is_trusted(path: str) -> bool:
    return any(path.startswith(entry) if entry.endswith("/") else path == entry for entry in TRUSTED)


def codeowners() -> str:
    """The text .github/CODEOWNERS holds (one line per trusted path, owned by the maintainers)."""
    lines = ["# Trusted files: code, not content. A change to any of them needs a maintainer's review.",
             "# Generated from hooks/trusted.py (TRUSTED); tests/test_trusted.py keeps them in step."]
    lines += [f"/{entry} {OWNERS}" for entry in TRUSTED]
    return "\n".join(lines) + "\n"


def changed_files(base: str, root: Path | None = None) -> list[str]:
    """Files a change touches against `base` (added, changed, renamed from or to, deleted), in the
    git repository of the current folder (or `root`)."""
    result = subprocess.run(
        ["git", "diff", "--name-only", "--no-renames", "-z", f"{base}...HEAD"],
        cwd=root or Path.cwd(), capture_output=True, check=True,
    )
    return [name.decode("utf-8", "replace") for name in result.stdout.split(b"\0") if name]


def main(argv: list[str] | None = None) -> int:
    from hooks.content.findings import _escape_data, _escape_property, clean_path

    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1 or args[0].startswith("-"):
        print("usage: python -m hooks.trusted BASE (for example origin/main)", file=sys.stderr)
        return 2
    try:
        touched = [path for path in changed_files(args[0]) if is_trusted(path)]
    except (OSError, subprocess.CalledProcessError) as exc:
        print(f"trusted: git could not list the changed files: {clean_path(exc)}", file=sys.stderr)
        return 2
    if not touched:
        print("trusted: this change touches no trusted file (only content)")
        return 0
    for path in touched:
        print(f"::warning file={_escape_property(path)},title=Trusted file::"
              f"{_escape_data('This pull request changes a trusted file (code, not content): ' + clean_path(path) + '. A maintainer must review it (CODEOWNERS).')}")
    print(f"trusted: this change touches {len(touched)} trusted file(s): " + ", ".join(clean_path(p) for p in touched))
    summary = os.environ.get("GITHUB_STEP_SUMMARY")
    if summary:
        with open(summary, "a", encoding="utf-8") as handle:
            handle.write("### Trusted files changed\n\nThis pull request changes code, not only content; "
                         "a maintainer must review:\n\n" + "".join(f"- `{clean_path(p).replace('`', '')}`\n" for p in touched))
    return 0


if __name__ == "__main__":
    sys.exit(main())
