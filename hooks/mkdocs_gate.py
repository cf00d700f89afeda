"""MkDocs hook: the build-time page gate (issue 3). A thin adapter over hooks/checker.

Loaded by file path from mkdocs.yml, so the project root (the parent of hooks/) is put on sys.path
before importing the checker.

Events:
  on_startup        remember whether this is `mkdocs serve` or `mkdocs build`
  on_config         load the schema and bibliography (PluginError if unusable)
  on_files          check every page once (through the content layer the Markdown extension shares,
                    so each file is read and parsed once per build); pages that are not UTF-8 stop
                    the build here (MkDocs could not read them)
  on_page_markdown  the page's problems (line numbers include front matter); when serving, put a
                    visible box listing them at the top of the page
  on_env            after every page is checked and before any is written: log warnings (so
                    --strict counts them) and, in a build, raise PluginError listing every problem
                    of every page, sorted by file and line
"""

from __future__ import annotations

import html
import os
import sys
from pathlib import Path

_ROOT = Path(__file__).resolve().parent.parent
if str(_ROOT) not in sys.path:
    sys.path.insert(0, str(_ROOT))

from mkdocs.exceptions import PluginError  # noqa: E402
from mkdocs.plugins import get_plugin_logger  # noqa: E402

from hooks import content as content_layer  # noqa: E402
from hooks.checker import Checker, Problem, Project, SetupError, render, sort_problems  # noqa: E402
from hooks.checker.report import format_text  # noqa: E402

log = get_plugin_logger(__name__)
_MARKDOWN_ESCAPES = str.maketrans({c: f"&#{ord(c)};" for c in "[]`*_\\{}#!"})


class _State:
    serving = False
    checker: Checker | None = None
    problems: list[Problem] = []
    checked: dict[str, list[Problem]] = {}  # page file: its problems, from on_files


def on_startup(command: str, dirty: bool) -> None:
    """Remember the command: `serve` shows problems on pages, `build` and `gh-deploy` stop."""
    _State.serving = command == "serve"


def on_config(config):
    """Load the schema and bibliography for this build (through the content layer the Markdown
    extension shares: each page and data file is read and parsed once per build)."""
    project = Project.at(Path(config.config_file_path).parent, config.docs_dir)
    try:
        content = content_layer.shared(project.root, project.docs_dir)
        _State.checker = Checker.load(project, content=content)
    except SetupError as exc:
        raise PluginError(f"page checker cannot run: {exc}") from None
    _State.problems = []
    _State.checked = {}
    return config


def on_files(files, config):
    """Stop on pages that are not UTF-8 before MkDocs fails to read them with no line number."""
    checker = _State.checker
    bad = []
    for file in files.documentation_pages():
        if file.abs_src_path:
            problems = checker.check_page(file.abs_src_path)  # each page checked once, here
            _State.checked[file.abs_src_path] = problems
            bad.extend(problem for problem in problems if problem.rule == "ENC001")
    if bad:
        _report(sort_problems(bad), stop=True)
    return files


def on_page_markdown(markdown: str, page, config, files) -> str:
    """Check the page's source file; when serving, show its problems in a box at the top."""
    path = page.file.abs_src_path
    if not path or _State.checker is None:
        return markdown
    problems = _State.checked.pop(path, None)
    if problems is None:
        problems = sort_problems(_State.checker.check_page(Path(path)))
    _State.problems.extend(problems)
    rejected = [problem for problem in problems if problem.severity != "notice"]
    if _State.serving and rejected:
        return _problem_box(rejected) + markdown
    return markdown


def on_env(env, config, files):
    """All pages are checked and none is written yet: report everything, and stop a build on errors."""
    checker = _State.checker
    problems = _State.problems + checker.check_bibliography() + checker.check_ledger() + checker.check_vocabulary()
    _report(sort_problems(problems), stop=not _State.serving)
    return env


def _report(problems: list[Problem], stop: bool) -> None:
    if os.environ.get("GITHUB_ACTIONS") == "true" and problems:
        print(render(problems, "github"), flush=True)
    errors = [problem for problem in problems if problem.severity == "error"]
    if not stop:
        # Serving: show every problem but keep the preview running. MkDocs counts WARNING and ERROR
        # records towards strict mode (mkdocs.yml sets strict: true), which would stop the server.
        for problem in problems:
            if problem.severity == "notice":
                log.info(f"page notice (the build goes ahead): {format_text(problem)}")
            else:
                log.info(f"page problem ({problem.severity}; the build will reject it): {format_text(problem)}")
        return
    for problem in problems:
        if problem.severity == "warning":
            log.warning(format_text(problem))
        elif problem.severity == "notice":  # informs; never counts towards strict mode
            log.info(format_text(problem))
    if errors:
        lines = "\n".join(format_text(problem) for problem in problems if problem.severity != "notice")
        raise PluginError(
            f"page checks failed: {len(errors)} error(s); no page was written. "
            f"Run `python -m hooks.check` for the same list.\n{lines}"
        )


def _escape(text: str) -> str:
    """Text shown literally in Markdown: no links, citations, emphasis or HTML."""
    return html.escape(text, quote=False).translate(_MARKDOWN_ESCAPES)


def _problem_box(problems: list[Problem]) -> str:
    items = "\n".join(f"    - {_escape(format_text(problem))}" for problem in problems)
    return f'!!! danger "This page has problems the build will reject"\n\n{items}\n\n'
