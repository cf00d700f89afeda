"""MkDocs hook: the build-time page gate. A thin adapter over hooks/checker.

Loaded by file path from mkdocs.yml; the package `hooks` is importable because requirements.txt
installs the project (`-e .`).

Events:
  on_startup        remember whether this is `mkdocs serve` or `mkdocs build`
  on_config         take the result of the check `python -m hooks.build` ran in this process, if it
                    did; otherwise load the schema and bibliography (PluginError if unusable), then check every
                    page, snippet (includes/) and data file, and look for special files, BEFORE
                    MkDocs lists, reads or copies anything: a symbolic link, a FIFO named *.md, a
                    YAML alias bomb or a front matter value the rendering cannot take stops here.
                    Pages are read through the content layer the Markdown extension shares, so each
                    file is read and parsed once per build. A build stops on any error (PluginError
                    listing every problem, sorted by file and line); warnings are logged so --strict
                    counts them; notices (an overdue review) are listed and never stop anything.
                    `serve` stops only on problems that make rendering unsafe (rules declared blocking) and shows
                    the rest on the pages.
  on_page_read_source  the page's text from the content layer (MkDocs does not open the file again)
  on_page_markdown  when serving, put a visible box listing the page's problems at the top of it
  on_env            when serving, list every problem in the terminal (as INFO: strict would stop)
  on_page_content   scan the page's rendered content (hooks/gate/htmlscan.py: HTML002 to HTML006);
                    content with a problem is replaced by a plain notice and never written as rendered
  on_post_build     a build with HTML problems fails, listing them with the page and source line
"""

from __future__ import annotations

import html
import os
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger

from hooks import content as content_layer
from hooks.content.findings import Problem, SetupError, format_text, render, sort_problems
from hooks.content.project import Project
from hooks.content.replay import full_check
from hooks.gate.htmlscan import CleanCache, scan_page_html
from hooks.content.registry import registry

log = get_plugin_logger(__name__)
_MARKDOWN_ESCAPES = str.maketrans({c: f"&#{ord(c)};" for c in "[]`*_\\{}#!"})


# Problems that make rendering unsafe (rules declared blocking: a traceback, a hang, a leak or
# unescaped theme output): even `mkdocs serve` stops on them. (Unsafe raw HTML in a page does not
# stop the preview: the HTML scan withholds that page.)
def _blocking(problem: Problem) -> bool:
    entry = registry().get(problem.rule)
    return entry is not None and entry.blocking and problem.severity == "error"


class _State:
    serving = False
    project: Project | None = None
    problems: list[Problem] = []
    by_page: dict[str, list[Problem]] = {}  # display path: problems (after on_config's run)
    html_problems: list[Problem] = []
    content = None  # the content layer this build reads pages through
    scanned: CleanCache | None = None  # pages whose content was scanned clean (this build or before)


def on_startup(command: str, dirty: bool) -> None:
    """Remember the command: `serve` shows problems on pages, `build` and `gh-deploy` stop."""
    _State.serving = command == "serve"


def on_config(config):
    """Load the schema and bibliography, then check everything before MkDocs lists or reads a file
    (through the content layer the Markdown extension shares: each file is parsed once per build)."""
    project = Project.at(Path(config.config_file_path).parent, config.docs_dir)
    content = content_layer.shared(project.root, project.docs_dir)
    _State.content = content
    _State.html_problems = []
    _State.scanned = CleanCache.for_project(project.root)
    checked, content.checked = content.checked, None
    if checked is not None and checked[0] == project:  # `python -m hooks.build` checked already
        problems = checked[1]
    else:  # the stored result when nothing it read has changed (without loading the rules); else every rule, once
        replay = full_check(project.root, project.docs_dir)
        stored = replay.lookup()
        if stored is not None:
            problems = [Problem(*problem) for problem in stored["problems"]]
        else:
            from hooks.checker import Checker, run_or_replay

            try:
                problems = run_or_replay(replay, lambda: Checker.load(project, content=content),
                                         [project.docs_dir], with_data=True, looked_up=True).problems
            except SetupError as exc:
                raise PluginError(f"page checker cannot run: {exc}") from None
    _State.project = project
    _State.problems = problems
    _State.by_page = {}
    for problem in problems:
        _State.by_page.setdefault(problem.path, []).append(problem)
    if not _State.serving:
        _report(problems, stop=True)
    elif any(_blocking(problem) for problem in problems):
        _report(problems, stop=True, reason="the preview cannot render these safely")
    return config


def on_page_read_source(page, config) -> str | None:
    """The page's text from the content layer (read once per build, by the checker); None lets
    MkDocs read the file itself (a page the content layer could not read)."""
    path = page.file.abs_src_path
    if not path or _State.content is None:
        return None
    return _State.content.page_text(path)


def on_page_markdown(markdown: str, page, config, files) -> str:
    """When serving, show the page's problems in a box at the top."""
    path = page.file.abs_src_path
    if not path or _State.project is None:
        return markdown
    problems = _State.by_page.get(_State.project.display(path), [])
    rejected = [problem for problem in problems if problem.severity != "notice"]
    if _State.serving and rejected:
        return _problem_box(rejected) + markdown
    return markdown


def on_env(env, config, files):
    """When serving, list every problem in the terminal (a build stopped in on_config already)."""
    if _State.serving:
        _report(sort_problems(_State.problems), stop=False)
    return env


def on_page_content(html_content: str, page, config, files) -> str:
    """Scan the page's rendered content (everything Markdown, the extensions, snippets and data
    files put in it); content with unsafe or third-party markup is replaced by a plain notice. The
    theme around it is the project's own templates; `python -m hooks.build` scans whole built pages
    too (scan_site), and front matter values reach the templates only as checked plain text (FM005)."""
    project = _State.project
    path = page.file.abs_src_path
    display = project.display(path) if project and path else page.file.src_uri
    source = _State.content.page_text(path) if path and _State.content is not None else None
    problems = scan_page_html(html_content, display, source, whole=False, cache=_State.scanned)
    if not problems:
        return html_content
    _State.html_problems.extend(problems)
    for problem in problems:
        log.info(f"page problem (error; the build will reject it): {format_text(problem)}")
    return _withheld_content(problems)


def on_post_build(config) -> None:
    """A build whose rendered HTML has problems fails (the pages were replaced by notices)."""
    if _State.scanned is not None:
        _State.scanned.save()
    if _State.html_problems and not _State.serving:
        _report(sort_problems(_State.html_problems), stop=True, reason=("each page with a problem was written as a plain notice instead, beside the rest of this "
                        "build; `python -m hooks.build` keeps the last good site instead"))


def _report(problems: list[Problem], stop: bool,
            reason: str = "no page was written and the output folder was left as it was") -> None:
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
            f"page checks failed: {len(errors)} error(s); {reason}. "
            f"Run `python -m hooks.check` for the same list.\n{lines}"
        )


def _escape(text: str) -> str:
    """Text shown literally in Markdown: no links, citations, emphasis or HTML."""
    return html.escape(text, quote=False).translate(_MARKDOWN_ESCAPES)


def _withheld_content(problems: list[Problem]) -> str:
    """Plain content in place of content whose HTML is unsafe: the problems as escaped text."""
    items = "".join(f"<li>{html.escape(format_text(problem))}</li>" for problem in problems)
    return f"<h2>Page withheld</h2><p>Its rendered HTML has problems:</p><ul>{items}</ul>\n"


def _problem_box(problems: list[Problem]) -> str:
    items = "\n".join(f"    - {_escape(format_text(problem))}" for problem in problems)
    return f'!!! danger "This page has problems the build will reject"\n\n{items}\n\n'
