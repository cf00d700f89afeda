"""Build the site with either engine, behind the page gate: `python -m hooks.build`.

    python -m hooks.build                      # MkDocs into site/
    python -m hooks.build --engine zensical    # Zensical into site/
    python -m hooks.build -d public --engine zensical

One pipeline for every engine, in one process, so the gate holds where the engine runs no MkDocs
hooks (Zensical) and the rules run once per build:

  1. check   the page checker over docs/ and the data files, in this process (strict: a warning
             stops the build too), through the content layer the Markdown extension shares: each
             page file is read and parsed once; any problem stops here, before the engine starts
  2. build   the engine builds, in this process, into a fresh folder inside the project (.build/),
             never into the output folder itself. MkDocs runs the gate hook, which takes the check's
             result instead of running the rules again and gives MkDocs each page's text from the
             content layer; Zensical reads the page files itself (in its Rust core) and renders
             them with the same Markdown extensions, in this process
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
import sys
import tempfile
import time
from pathlib import Path

from hooks.content.project import ROOT
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


def check(root: Path, docs_dir: Path | None = None) -> None:
    """Step 1: the page checker, as `python -m hooks.check --strict` reports it, in this process.
    The result is left with the content layer, for the MkDocs gate of this build to take."""
    from hooks import content as content_layer
    from hooks.checker import Checker, Project, SetupError, count, render, run_or_replay, summary
    from hooks.content.replay import full_check

    started = time.perf_counter()
    project = Project.at(root, docs_dir)
    content = content_layer.shared(project.root, project.docs_dir)
    try:
        outcome = run_or_replay(full_check(project.root, project.docs_dir), lambda: Checker.load(project, content=content),
                                [project.docs_dir], with_data=True)
    except SetupError as exc:
        print(f"check: error: {exc}", file=sys.stderr, flush=True)
        raise BuildError("the page checker could not run (see above); nothing was built", status=2) from None
    problems = outcome.problems
    if problems:
        print(render(problems, "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"), flush=True)
    print(summary(outcome.pages, time.perf_counter() - started, problems, outcome.replayed), file=sys.stderr, flush=True)
    errors, warnings = count(problems)
    if errors or warnings:
        raise BuildError("the page checker found problems (listed above); nothing was built")
    content.checked = (project, problems)


def _zensical_config(config: Path, out: Path, root: Path) -> Path:
    """Zensical has no output-folder option and wants site_dir inside the project: a copy of the
    config beside the original (so relative paths hold) that sets site_dir to the fresh folder.
    A later `site_dir` key wins in YAML loaders that allow duplicates; remove any existing one instead."""
    lines = [line for line in config.read_text(encoding="utf-8").splitlines()
             if not line.startswith("site_dir:")]
    fd, name = tempfile.mkstemp(prefix=".build-", suffix=".yml", dir=config.parent)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write("\n".join(lines) + f"\nsite_dir: {out.relative_to(root).as_posix()}\n")
    return Path(name)


def engine_build(engine: str, config: Path, out: Path, root: Path) -> None:
    """Step 2: the engine builds into `out`, in this process."""
    if engine == "zensical" and _missing("zensical"):
        raise BuildError("Zensical is not installed: pip install -r requirements-zensical.txt", status=2)
    previous = os.getcwd()
    os.chdir(root)
    try:
        if engine == "mkdocs":
            _mkdocs_build(config, out)
        else:
            _zensical_build(config, out, root)
    finally:
        os.chdir(previous)
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
    from hooks.content.findings import clean

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
def _mkdocs_build(config: Path, out: Path) -> None:
    import logging

    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    logger = logging.getLogger("mkdocs")
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    handler.setLevel(logging.WARNING)
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    try:
        settings = load_config(config_file=str(config), site_dir=str(out), strict=True)
        settings.plugins.on_startup(command="build", dirty=False)
        try:
            build(settings)
        finally:
            settings.plugins.on_shutdown()
    except MkDocsException as exc:
        message = str(exc).strip()
        if message:
            print(f"ERROR   -  {message}", file=sys.stderr, flush=True)
        raise BuildError("mkdocs failed (see above)") from None
    finally:
        logger.removeHandler(handler)


def _zensical_build(config: Path, out: Path, root: Path) -> None:
    from zensical import build

    temporary = _zensical_config(config, out, root)
    try:
        build(str(temporary.resolve()), {"strict": True, "clean": False})
    except SystemExit as exc:
        if exc.code not in (0, None):
            raise BuildError(f"zensical failed (exit {exc.code}, see above)") from None
    except Exception as exc:  # noqa: BLE001 - the engine's own errors are one line for the reader
        from hooks.content.findings import clean

        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise BuildError(f"zensical failed: {clean(_STRICT_ABORT.get(reason, reason))}") from None
    finally:
        temporary.unlink(missing_ok=True)


def _missing(module: str) -> bool:
    import importlib.util
    return importlib.util.find_spec(module) is None


def scan(out: Path, root: Path) -> None:
    """Step 3: the built HTML, as readers' browsers will see it."""
    from hooks.checker import render
    from hooks.gate.htmlscan import CleanCache, scan_site

    cache = CleanCache.for_project(root)
    problems = scan_site(out, cache=cache)
    cache.save()
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
        elif args.engine == "zensical":
            print("build: warning: --skip-check with Zensical builds without the page gate", file=sys.stderr)
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
        from hooks.content.findings import clean

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
