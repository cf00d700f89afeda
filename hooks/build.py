"""Build the site with either engine, behind the page gate: `python -m hooks.build`.

    python -m hooks.build                      # MkDocs into site/
    python -m hooks.build --engine zensical    # Zensical into site/
    python -m hooks.build -d public --engine zensical

One pipeline for every engine, so the gate holds where the engine runs no MkDocs hooks (Zensical):

  1. check   the page checker over docs/ and the data files (`python -m hooks.check --strict`);
             any problem stops here, before the engine starts
  2. build   the engine builds into a fresh folder inside the project (.build/), never into the
             output folder itself
  3. scan    the built HTML is scanned for unsafe markup and third-party loads (what the Markdown
             scan cannot see: extensions, snippets and generated content)
  4. publish only when all three passed, the new folder replaces the output folder; otherwise the
             last good output stays exactly where it was and the message says so

Each step prints its time. Exit status: 0 built; 1 a page problem or the engine failed; 2 the
command could not run (bad arguments, engine not installed).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ENGINES = ("mkdocs", "zensical")
WORK_DIR = ".build"  # temporary build folders live here (Zensical refuses a site_dir outside the project)


class BuildError(Exception):
    """A step failed; the message is one line for the reader, the exit status is `status`."""

    def __init__(self, message: str, status: int = 1) -> None:
        super().__init__(message)
        self.status = status


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line, no usage dump
        raise BuildError(message, status=2)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="python -m hooks.build", description=__doc__.splitlines()[0])
    parser.add_argument("--engine", choices=ENGINES, default="mkdocs", help="site engine (default: mkdocs)")
    parser.add_argument("-d", "--site-dir", default="site", metavar="DIR",
                        help="output folder, relative to the project (default: site)")
    parser.add_argument("-f", "--config-file", default="mkdocs.yml", metavar="FILE",
                        help="site configuration, relative to the project (default: mkdocs.yml)")
    parser.add_argument("--skip-check", action="store_true",
                        help="do not run the page checker first (the MkDocs gate hook still runs it)")
    return parser


def _say(step: str, started: float, detail: str = "") -> None:
    print(f"build: {step} ({time.perf_counter() - started:.2f} s){': ' + detail if detail else ''}",
          file=sys.stderr, flush=True)


def check(root: Path) -> None:
    """Step 1: the page checker, as `python -m hooks.check --strict` reports it."""
    result = subprocess.run([sys.executable, "-m", "hooks.check", "--strict"], cwd=root, check=False)
    if result.returncode == 1:
        raise BuildError("the page checker found problems (listed above); nothing was built")
    if result.returncode != 0:
        raise BuildError("the page checker could not run (see above); nothing was built", status=2)


def _engine_command(engine: str, config: Path, out: Path, root: Path) -> tuple[list[str], Path | None]:
    """The engine's command line, and a temporary config file to delete afterwards (Zensical)."""
    if engine == "mkdocs":
        return [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f", str(config), "-d", str(out)], None
    # Zensical has no output-folder option and wants site_dir inside the project: a copy of the
    # config beside the original (so relative paths hold) that sets site_dir to the fresh folder.
    # A later `site_dir` key wins in YAML loaders that allow duplicates; remove any existing one instead.
    lines = [line for line in config.read_text(encoding="utf-8").splitlines()
             if not line.startswith("site_dir:")]
    fd, name = tempfile.mkstemp(prefix=".build-", suffix=".yml", dir=config.parent)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write("\n".join(lines) + f"\nsite_dir: {out.relative_to(root).as_posix()}\n")
    return [sys.executable, "-m", "zensical", "build", "--strict", "-f", name], Path(name)


def engine_build(engine: str, config: Path, out: Path, root: Path) -> None:
    """Step 2: the engine builds into `out`."""
    if engine == "zensical" and _missing("zensical"):
        raise BuildError("Zensical is not installed: pip install -r requirements-zensical.txt", status=2)
    command, temporary = _engine_command(engine, config, out, root)
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(root), os.environ.get("PYTHONPATH")])))
    try:
        result = subprocess.run(command, cwd=root, env=env, check=False, capture_output=True, text=True,
                                encoding="utf-8", errors="replace")
    finally:
        if temporary is not None:
            temporary.unlink(missing_ok=True)
    stdout, _ = clean_log(result.stdout)
    stderr, error = clean_log(result.stderr)
    if stdout:
        print(stdout, flush=True)
    if stderr:
        print(stderr, file=sys.stderr, flush=True)
    if result.returncode != 0:
        if error:
            raise BuildError(f"{engine} failed: {error} (exit {result.returncode})")
        raise BuildError(f"{engine} failed (exit {result.returncode}, see above)")
    if not (out / "index.html").is_file():
        raise BuildError(f"{engine} finished but wrote no index.html")


_ANSI = re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b[@-_]")
# The only workflow commands a build prints: the gate's own annotations (report.format_github),
# whose fields are escaped; any other line starting with "::" is shown indented, never run.
_ANNOTATION = re.compile(r"::(?:error|warning|notice) file=[^,:\n]*,line=[0-9]+,title=[A-Z]+[0-9]+::[^\n]*")
_STRICT_ABORT = {"Aborted because --strict flag is set": "stopped on the warnings above (strict mode)"}


def clean_log(text: str) -> tuple[str, str]:
    """An engine's output for the log, and the one-line reason of a Python traceback in it (if any).
    Terminal colours and control characters go; a traceback becomes its last line (said once, by
    the caller); a line that would start a GitHub workflow command and is not the gate's own
    annotation is indented, so a file name or page text can never run one."""
    from hooks.checker.report import clean

    lines, reason, skipping = [], "", False
    for line in _ANSI.sub("", text or "").splitlines():
        if line.startswith("Traceback (most recent call last):"):
            skipping = True
            continue
        if skipping:
            if line.startswith((" ", "\t")) or not line.strip():
                continue
            skipping = False
            kind, _, detail = line.partition(": ")
            reason = _STRICT_ABORT.get(detail.strip(), f"{kind}: {detail}".strip(": "))
            continue
        line = clean(line)
        if line.lstrip().startswith("::") and not _ANNOTATION.fullmatch(line):
            line = "  " + line.lstrip()
        lines.append(line)
    return "\n".join(lines).rstrip(), clean(reason)


def _missing(module: str) -> bool:
    import importlib.util
    return importlib.util.find_spec(module) is None


def scan(out: Path, root: Path) -> None:
    """Step 3: the built HTML, as readers' browsers will see it."""
    from hooks.checker import render
    from hooks.checker.htmlscan import scan_site

    problems = scan_site(out)
    if problems:
        print(render(problems, "text"), flush=True)
        raise BuildError(f"the built HTML has {len(problems)} problem(s) (listed above)")


def publish(out: Path, target: Path) -> None:
    """Step 4: the new folder takes the place of the old one; the old one goes only then."""
    old = None
    if target.exists() or target.is_symlink():
        if target.is_symlink() or not target.is_dir():
            raise BuildError(f"output {target} exists and is not a folder; left as it was", status=2)
        old = out.parent / f"{out.name}.old"
        _move(target, old)
    try:
        _move(out, target)
    except OSError:
        if old is not None:  # put the last good output back
            shutil.move(str(old), target)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


PROTECTED = ("docs", "data", "hooks", "includes", "overrides", "tests", "bench", ".git", ".github", WORK_DIR)


def _holds_project(target: Path, root: Path) -> bool:
    """True when replacing `target` would remove the project or a folder of its sources."""
    if target == root or target in root.parents:
        return True
    return any(target == root / name or (root / name) in target.parents for name in PROTECTED)


def _move(source: Path, destination: Path) -> None:
    """A rename on one file system (atomic); a copy and delete across file systems."""
    try:
        source.rename(destination)
    except OSError:
        shutil.move(str(source), str(destination))


def main(argv: list[str] | None = None) -> int:
    started = time.perf_counter()
    work = None
    try:
        args = build_parser().parse_args(argv)
        root = ROOT
        config = (root / args.config_file).resolve()
        target = (root / args.site_dir).resolve() if not os.path.isabs(args.site_dir) else Path(args.site_dir)
        if not config.is_file():
            raise BuildError(f"config file not found: {args.config_file}", status=2)
        if _holds_project(target, root):
            raise BuildError(f"refusing to build into {args.site_dir}: it holds the project's own files", status=2)
        if not args.skip_check:
            check(root)
            _say("checked pages", started)
        (root / WORK_DIR).mkdir(exist_ok=True)
        work = Path(tempfile.mkdtemp(prefix=f"{args.engine}-", dir=root / WORK_DIR))
        out = work / "site"
        engine_build(args.engine, config, out, root)
        _say(f"built with {args.engine}", started)
        scan(out, root)
        _say("scanned the built HTML", started)
        target.parent.mkdir(parents=True, exist_ok=True)
        publish(out, target)
        _say(f"published to {args.site_dir}", started)
        return 0
    except BuildError as exc:
        kept = "" if exc.status == 2 else "; the last good output (if any) was left as it was"
        from hooks.checker.report import clean

        print(f"build: error: {clean(exc)}{kept}", file=sys.stderr)  # one line, whatever a path holds
        return exc.status
    except KeyboardInterrupt:
        print("build: interrupted; the last good output (if any) was left as it was", file=sys.stderr)
        return 130
    finally:
        if work is not None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
