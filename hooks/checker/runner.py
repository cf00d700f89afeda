"""Run the rules over files: pages, the bibliography and the claims ledger."""

from __future__ import annotations

import contextlib
import os
import re
import stat
from collections import namedtuple
from datetime import date
from pathlib import Path
from collections.abc import Callable, Iterable

from hooks.content.bibliography import parse_bibliography
from hooks.content import Content
from .ledger import PageInfo, check_ledger
from hooks.content import limits
from hooks.content.linear import snippet_line, strip_line_range
from .vocabulary import check_vocabulary
from .nav import nav_entries_without_page, pages_not_in_nav
from hooks.content.project import Project, markdown_paths
from hooks.content.page import Heading, Page, parse_fragment, parse_page
from hooks.content.findings import Finding, Problem, sort_problems
from .rules import Context, rule_html001_unsafe_html
from hooks.content.registry import checks
from .suppress import disable_directives, suppress, useless
from hooks.content.registry import describe
from hooks.content.schema import SetupError, load_schema
from hooks.content.replay import Replay
from hooks.content.yamlnodes import load_data_file

describe(
    "CHK001", "checker-failed", "error", blocking=True,
    summary='the checker failed on a file (a bug; please report it)',
    fix='a bug in the checker - please open an issue',
)
describe(
    "REV003", "edited-while-overdue", "error",
    summary='page edited in this change while its review is overdue: renew reviewed and next_review',
    fix='review the page and set `reviewed` to today and `next_review` ahead',
)
describe(
    "FILE001", "special-file", "error", fixed=True, blocking=True,
    summary='symbolic link, FIFO or other special file in docs/, includes/, overrides/ or data/ (never followed or copied)',
    fix='replace it with a regular file',
)
describe(
    "FILE002", "snippet-outside-includes", "error", fixed=True, blocking=True,
    summary='snippet (--8<--) names a file that is not a regular file inside includes/',
    fix='put the snippet file in `includes/` and name it by its path there',
)
describe(
    "FILE003", "unsafe-file-name", "error", fixed=True, blocking=True,
    summary="file or folder name with a line break or other control character (in docs/, includes/, overrides/ or data/)",
    fix="rename it with letters, digits, hyphens and dots only",
)
# Folders the build reads besides the pages: walked for special files and unsafe names too (a link in
# overrides/ to /proc/self/environ or ../.git/config would be published by MkDocs as a theme file).
WALKED = ("includes", "overrides", "data")

class Checker:
    """One checking session: loaded schema and bibliography, and what the ledger needs of each page
    checked (its type and headings, by absolute path; not the whole page, to keep memory small).

    With a `content` (hooks/content.Content: the build's content layer, shared with the Markdown
    extension) the data files and pages come from its cache: each is read and parsed once per build.
    """

    def __init__(self, project: Project, context: Context, pages: dict | None = None, content=None) -> None:
        self.project = project
        self.context = context
        self.pages: dict[str, tuple[object, list[Heading]]] = {} if pages is None else pages
        if content is None:
            content = Content(project.root, project.docs_dir)
        self.content = content
        self.directives: dict[str, dict[str, int]] = {}  # shown path -> {rule id: line} (check-disable)
        self.suppressed: dict[str, set[str]] = {}  # shown path -> rule ids its directives suppressed
        self._all_pages: list | None = None
        self._ledger: tuple | None = None
        self.readings: dict[str, tuple[int, object]] = {}  # shown path -> (line, Reading) (READ001)
        # Pages this change edits (absolute paths): an overdue review there is an error (REV003).
        self.edited: frozenset[str] = frozenset()

    def mark_edited(self, paths: Iterable[str | Path]) -> None:
        """Say which pages the change being checked edits (`--changed`, or the files pre-commit names)."""
        self.edited = frozenset(os.path.abspath(path) for path in paths)

    @classmethod
    def load(cls, project: Project, today: date | None = None, content=None, *,
             measure_all: bool = False) -> "Checker":
        """Load the schema and bibliography; raise SetupError if the checker cannot run.

        `measure_all`: measure the reading level of every page (READ001), not only of pages with an
        answer (the JSON output reports each page's level)."""
        schema = content.schema() if content is not None else load_schema(project.schema_path)
        try:
            if content is not None:
                bibliography = content.bibliography()
            else:
                bibliography = parse_bibliography(project.bibliography_path.read_bytes())
        except FileNotFoundError:
            raise SetupError(f"bibliography not found: {project.bibliography_path}") from None
        except OSError as exc:
            raise SetupError(f"cannot read bibliography {project.bibliography_path}: {exc}") from None
        return cls(project, Context(schema, bibliography, today or date.today(), measure_all), content=content)

    def check_page_bytes(self, path: str | Path, data: bytes) -> list[Problem]:
        """Check one page given its bytes; an internal error becomes a CHK001 problem."""
        absolute = os.path.abspath(path)
        display = self.project.display(absolute, absolute=True)
        try:
            page = parse_page(display, data)
        except Exception as exc:  # noqa: BLE001 - the build must report, never crash
            return self._problems(display, [_internal_error(exc)])
        return self._check_parsed(absolute, display, page)

    def check_page(self, path: str | Path) -> list[Problem]:
        """Check one page file, read and parsed once through the content layer."""
        absolute = os.path.abspath(path)
        display = self.project.display(absolute, absolute=True)
        try:
            page = self.content.page(absolute, display)
        except OSError as exc:
            return self._problems(display, [Finding(1, "CHK001", f"cannot read file: {exc}")])
        except Exception as exc:  # noqa: BLE001 - the build must report, never crash
            return self._problems(display, [_internal_error(exc)])
        return self._check_parsed(absolute, display, page)

    def _check_parsed(self, absolute: str, display: str, page: Page) -> list[Problem]:
        """Every page rule on a parsed page (one path for bytes and files: the same answers)."""
        context = self.context
        try:
            self.pages[absolute] = _summary(page)
            findings = list(page.findings)
            for entry in checks("page") if not page.cache.get("refused") else ():  # over a limit: parsed no further
                findings.extend(entry.check(page, context))
            reading = page.cache.get("reading")
            if reading is not None:
                self.readings[display] = (_reading_line(page, context), reading)
            if absolute in self.edited:
                findings = [_edited_overdue(finding) if finding.rule == "REV001" else finding for finding in findings]
            if "8<" in page.text:
                findings.extend(snippet_findings(page, self.project.includes_dir))
            directives = self.directives[display] = disable_directives(page)
        except Exception as exc:  # noqa: BLE001 - the build must report, never crash
            findings, directives = [_internal_error(exc)], {}
        if not (findings or directives):
            return []
        problems = self._problems(display, findings)
        if directives:
            used = self.suppressed[display] = set()
            problems = suppress(problems, directives, used)
            problems += self._problems(display, useless(directives, used, ("page",)))
        return sort_problems(problems)

    # ---- what the project rules read -------------------------------------------------------

    def all_pages(self) -> list[tuple[str, Page]]:
        """Every page under docs/ as (path relative to docs/, parsed page), read once per build."""
        if self._all_pages is None:
            self._all_pages = self.content.docs_pages()
        return self._all_pages

    def page_display(self, relative: str) -> str:
        """How a page (path relative to docs/) is shown in reports."""
        return self.project.display(os.path.join(str(self.project.docs_dir), relative), absolute=True)

    def ledger_data(self):
        """The claims ledger with line numbers (yamlnodes.Located), or None when absent or unusable
        (CLM001 reports why)."""
        loaded = self._load_ledger()
        located = loaded[0] if loaded is not None else None
        return located if located is not None and isinstance(located.data, dict) else None

    def _load_ledger(self, data: bytes | None = None) -> tuple | None:
        """(Located or None, Finding or None) of the claims ledger, loaded once per Checker; None
        when there is no ledger file (or it cannot be read)."""
        if self._ledger is None:
            try:
                data = self.project.ledger_path.read_bytes() if data is None else data
            except OSError:
                return None
            self._ledger = load_data_file(data, "CLM001", "claims ledger")
        return self._ledger

    def check_project(self, focus: set[str] | None = None) -> list[Problem]:
        """The project rules (pages and data files together); with `focus` (docs-relative pages),
        only the problems on those pages."""
        shown = None if focus is None else {self.page_display(relative) for relative in focus}
        problems = []
        for entry in checks("project"):
            try:
                for display, finding in entry.check(self):
                    if shown is None or display in shown:
                        problems.extend(self._problems(display, [finding]))
            except Exception as exc:  # noqa: BLE001 - the build must report, never crash
                problems.extend(self._problems(self.project.display(self.project.root / "mkdocs.yml"),
                                               [Finding(1, "CHK001", f"rule {entry.id} failed ({type(exc).__name__}: {exc}); please report it")]))
        return problems

    def finish(self, problems: list[Problem]) -> list[Problem]:
        """Apply the pages' check-disable lines to every problem of the run (SUP001 for those that
        suppressed nothing) and schema.yml `ignore:`."""
        schema = self.context.schema
        by_path: dict[str, list[Problem]] = {}
        for problem in problems:
            by_path.setdefault(problem.path, []).append(problem)
        kept: list[Problem] = []
        for display in [*by_path, *(path for path, found in self.directives.items() if found and path not in by_path)]:
            found = by_path.get(display, [])
            directives = self.directives.get(display)
            if directives:
                used = self.suppressed.setdefault(display, set())
                found = suppress(found, directives, used)
                found = [p for p in found if p.rule != "SUP001"]
                found += self._problems(display, useless(directives, used, ("page", "file", "project")))
            if schema.ignores:
                ignored = schema.ignored(display)
                found = [p for p in found if p.rule not in ignored]
            kept.extend(found)
        return kept

    def check_include(self, path: str | Path) -> list[Problem]:
        """Check one snippet file in includes/: raw HTML only (snippets have no front matter)."""
        display = self.project.display(path)
        try:
            with open(path, "rb") as file:
                page = parse_fragment(display, file.read())
            findings = list(page.findings)
            if not page.cache.get("refused"):
                findings.extend(rule_html001_unsafe_html(page, self.context))
            if "8<" in page.text:  # a snippet may include others: the same rule applies
                findings.extend(snippet_findings(page, self.project.includes_dir))
        except OSError as exc:
            findings = [Finding(1, "CHK001", f"cannot read file: {exc}")]
        except Exception as exc:  # noqa: BLE001 - the build must report, never crash
            findings = [_internal_error(exc)]
        return self._problems(display, findings)

    def check_special_files(self) -> list[Problem]:
        """FILE001 for every symbolic link, FIFO, socket or device under docs/ and the other folders the
        build reads (WALKED); FILE003 for a file or folder name with a control character or line break
        (it would print as two lines, or a workflow command, in a log)."""
        problems = []
        folders = [self.project.docs_dir, *(self.project.root / name for name in WALKED)]
        for folder in dict.fromkeys(folders):
            for path, kind in special_files(folder):
                if kind == UNSAFE_NAME:
                    finding = Finding(1, "FILE003", "file name with a control character or line break; rename it")
                else:
                    finding = Finding(1, "FILE001", f"{kind}: not followed, read or published; replace it with a regular file")
                problems.extend(self._problems(self.project.display(path, absolute=True), [finding]))
        return problems

    def check_bibliography(self) -> list[Problem]:
        """Problems in the bibliography file itself."""
        bibliography = self.context.bibliography
        findings = bibliography.findings if bibliography else []
        return self._problems(self.project.display(self.project.bibliography_path), findings)

    def check_ledger(self, focus: set[str] | None = None) -> list[Problem]:
        """Problems in the claims ledger (none if there is no ledger); with `focus`, only those of
        entries naming these docs-relative pages and their coverage (see ledger.check_ledger)."""
        path = self.project.ledger_path
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            return []
        except OSError as exc:
            return self._problems(self.project.display(path), [Finding(1, "CLM001", f"cannot read ledger: {exc}")])
        try:
            index = self.page_index(only=focus)
            findings = check_ledger(data, self.context.schema, self.context.bibliography, index, focus,
                                    loaded=self._load_ledger(data))
        except Exception as exc:  # noqa: BLE001 - the build must report, never crash
            findings = [_internal_error(exc)]
        return self._problems(self.project.display(path), findings)

    def check_vocabulary(self) -> list[Problem]:
        """Problems in the readers' vocabulary (none if there is no vocabulary file)."""
        path = self.project.vocabulary_path
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            return []
        except OSError as exc:
            return self._problems(self.project.display(path), [Finding(1, "VOC001", f"cannot read vocabulary: {exc}")])
        docs = self.project.docs_dir

        def page_text(relative: str) -> str | None:  # through the content layer: read once per build
            return self.content.page_text(docs / relative)

        try:
            paths = frozenset(relative for _, relative in markdown_paths(docs))
            findings = check_vocabulary(data, page_text, paths)
        except Exception as exc:  # noqa: BLE001 - the build must report, never crash
            findings = [_internal_error(exc)]
        return self._problems(self.project.display(path), findings)

    def check_assets(self) -> list[Problem]:
        """FILE004, FILE005: every file of docs/ other than the pages (assets.py), as it will be
        published: only known types, and SVG and CSS that cannot run script or load from elsewhere."""
        from .assets import asset_findings

        problems = []
        docs = str(self.project.docs_dir)
        for folder, folders, names in os.walk(docs):  # links to folders are not followed
            folders.sort()
            for name in sorted(names):
                if name.endswith(".md"):
                    continue
                path = os.path.join(folder, name)
                try:
                    if not stat.S_ISREG(os.lstat(path).st_mode):
                        continue  # FILE001 reports it
                    with open(path, "rb") as handle:
                        data = handle.read(limits.MAX_DATA_BYTES + 1)
                except OSError as exc:
                    problems.extend(self._problems(self.project.display(path), [Finding(1, "CHK001", f"cannot read file: {exc}")]))
                    continue
                relative = os.path.relpath(path, docs).replace(os.sep, "/")
                problems.extend(self._problems(self.project.display(path, absolute=True), asset_findings(relative, data)))
        return problems

    def check_config(self) -> list[Problem]:
        """CFG001-CFG004: the site configuration (mkdocs.yml) as the project sets it (config.py)."""
        from .config import check_config

        path = self.project.config_path
        return self._problems(self.project.display(path), check_config(self.content.config(path), self.project.docs_dir))

    def check_nav(self, focus: set[str] | None = None) -> list[Problem]:
        """NAV001: pages missing from the nav of mkdocs.yml and nav entries naming no page; with
        `focus`, only for these docs-relative pages (present or deleted)."""
        nav = self.content.config()
        config = self.project.display(self.project.config_path)
        if nav.problem:
            return self._problems(config, [nav.problem])
        existing = {relative for _, relative in markdown_paths(self.project.docs_dir)}
        checked = existing if focus is None else existing & focus
        problems = []
        for page, finding in pages_not_in_nav(nav, sorted(checked)):
            problems += self._problems(self.project.display(self.project.docs_dir / page), [finding])
        problems += self._problems(config, nav_entries_without_page(nav, existing, focus))
        return problems

    def page_index(self, only: set[str] | None = None) -> dict[str, PageInfo]:
        """Every page under docs/ (relative POSIX path) with its type and heading anchors.

        With `only`, the other pages are listed without being read (type None, no anchors).
        """
        index = {}
        for absolute, relative in markdown_paths(self.project.docs_dir):
            if only is not None and relative not in only:
                index[relative] = PageInfo(None, frozenset())
                continue
            summary = self.pages.get(absolute)
            if summary is None:
                try:
                    with open(absolute, "rb") as file:
                        summary = _summary(parse_page(absolute, file.read()))
                except OSError:
                    continue
                self.pages[absolute] = summary
            kind, headings = summary
            anchors = frozenset([heading.slug for heading in headings])
            index[relative] = PageInfo(kind if isinstance(kind, str) else None, anchors)
        return index

    def _problems(self, display: str, findings: Iterable[Finding]) -> list[Problem]:
        schema = self.context.schema
        return [
            Problem(display, finding.line, finding.rule, schema.severity(finding.rule), finding.message)
            for finding in findings
        ]




def snippet_findings(page: Page, includes: Path) -> list[Finding]:
    """FILE002 for each snippet (--8<--) that does not name a regular file inside includes/: the
    build would fail with a traceback, or include a file the checker never read."""
    findings, block = [], False
    for number, line in enumerate(page.lines, start=1):
        if "8<" not in line and not block:
            continue
        match = snippet_line(line)  # linear (its regular expression backtracked on hostile lines)
        if match and not match[0]:
            if match[1]:
                findings.extend(_snippet_target(match[1][1:-1], number, includes))
            else:
                block = not block
            continue
        if block and line.strip() and not line.strip().startswith(";"):
            findings.extend(_snippet_target(line.strip(), number, includes))
    return findings


def _snippet_target(name: str, line: int, includes: Path) -> list[Finding]:
    name = strip_line_range(name)
    target = os.path.normpath(os.path.join(includes, name))
    inside = target.startswith(os.path.join(str(includes), ""))
    try:
        regular = stat.S_ISREG(os.lstat(target).st_mode)
    except (OSError, ValueError):
        regular = False
    if inside and regular and ".." not in Path(name).parts:
        return []
    return [Finding(line, "FILE002", f'snippet "{name[:80]}" is not a regular file inside includes/ (snippets come only from there)')]


UNSAFE_NAME = "unsafe name"
_CONTROL_NAME = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def special_files(directory: str | Path) -> list[tuple[str, str]]:
    """(absolute path, kind) of every entry under `directory` that is not a regular file or folder:
    symbolic links (dangling, looping or not), FIFOs, sockets, devices. Nothing is followed or
    opened, so a FIFO cannot block and a link cannot leak what it points to."""
    found: list[tuple[str, str]] = []
    stack = [os.path.abspath(directory)]
    while stack:  # ends: links to folders are never entered
        folder = stack.pop()
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for entry in entries:
            if _CONTROL_NAME.search(entry.name):
                found.append((entry.path, UNSAFE_NAME))
                continue
            try:
                mode = entry.stat(follow_symlinks=False).st_mode
            except OSError:
                continue
            if stat.S_ISDIR(mode):
                stack.append(entry.path)
            elif not stat.S_ISREG(mode):
                found.append((entry.path, _special_kind(mode)))
    return sorted(found)


def _special_kind(mode: int) -> str:
    if stat.S_ISLNK(mode):
        return "symbolic link"
    if stat.S_ISFIFO(mode):
        return "FIFO (named pipe)"
    if stat.S_ISSOCK(mode):
        return "socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "device file"
    return "special file"


def run(
    checker: Checker,
    paths: Iterable[str | Path],
    *,
    with_data: bool = False,
    deleted: Iterable[str | Path] = (),
) -> tuple[list[Problem], int]:
    """(sorted problems, number of pages checked).

    A full run (`with_data`, or a data file named in `paths`) also checks the bibliography, the
    claims ledger, the readers' vocabulary, the nav of mkdocs.yml and the project rules (among them
    the dismissed works, the option grids and the figures). Otherwise the site-wide rules
    still run for what the pages checked take part in, so a check of one page (pre-commit,
    `--changed`) reports what a full check would report about it: its nav entry (NAV001), the ledger
    entries naming it and, for a page of a ledger type, that one does (CLM004, CLM005). `deleted`
    names pages removed by the change: nav and ledger entries still naming them are reported too.
    Naming the schema or the bibliography checks every page (each depends on them); naming
    mkdocs.yml checks the nav.
    """
    project, problems = checker.project, []
    targets = []
    data_files = {project.bibliography_path, project.ledger_path, project.vocabulary_path, project.dismissed_path,
                  project.options_path, project.figures_path}
    every_page = {project.schema_path, project.bibliography_path}
    includes = str(project.includes_dir)
    whole_nav = False
    for raw in paths:
        absolute = os.path.abspath(raw)
        try:
            mode = os.lstat(absolute).st_mode
        except OSError:
            continue
        if not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):  # never followed (a link, a FIFO...)
            message = f"{_special_kind(mode)}: not followed, read or published; replace it with a regular file"
            problems.extend(checker._problems(project.display(absolute, absolute=True), [Finding(1, "FILE001", message)]))
            continue
        path = Path(absolute).resolve()
        if path in every_page:
            targets.extend(absolute for absolute, _ in markdown_paths(project.docs_dir))
        if path in data_files:
            with_data = True
            continue
        if path == project.config_path:
            whole_nav = True
            continue
        if str(path) == includes or str(path).startswith(includes + os.sep):
            problems.extend(_check_includes(checker, path))
        elif path.is_dir():
            targets.extend(absolute for absolute, _ in markdown_paths(path))
        elif path.suffix == ".md":
            targets.append(str(path))
    targets = list(dict.fromkeys(targets))
    for target in targets:
        problems.extend(checker.check_page(target))
    if with_data:
        problems.extend(checker.check_special_files())
        problems.extend(_check_includes(checker, project.includes_dir))
        problems.extend(checker.check_bibliography())
        problems.extend(checker.check_ledger())
        problems.extend(checker.check_vocabulary())
        problems.extend(checker.check_nav())
        problems.extend(checker.check_config())
        problems.extend(checker.check_assets())
    else:
        focus = {relative for relative in map(project.relative_page, [*targets, *deleted]) if relative}
        if whole_nav:
            problems.extend(checker.check_nav())
            problems.extend(checker.check_config())
        elif focus:
            problems.extend(checker.check_nav(focus))
        if focus:
            problems.extend(checker.check_ledger(focus))
    if with_data:
        problems.extend(checker.check_project())
    elif focus:
        problems.extend(checker.check_project(focus))
    return sort_problems(checker.finish(problems)), len(targets)


Outcome = namedtuple("Outcome", "problems pages output checker replayed")


def run_or_replay(
    replay: Replay | None,
    load: Callable[[], Checker],
    paths: Iterable[str | Path],
    *,
    with_data: bool = False,
    edited: Iterable[str | Path] = (),
    output: Callable[[list[Problem], Checker], str] | None = None,
    looked_up: bool = False,
) -> Outcome:
    """`run`, or its stored result (hooks/content/replay.py) when nothing the same check read last
    time has changed. `load` makes the Checker (it may raise SetupError: nothing is stored);
    `edited` are the pages the change edits (Checker.mark_edited); `output`, if given, renders the
    report, which is stored and replayed with the problems. `checker` is None when replayed."""
    if replay is not None and not looked_up:
        hit = replay.lookup()
        if hit is not None:
            return Outcome([Problem(*problem) for problem in hit["problems"]], hit["pages"], hit.get("output"), None, True)
    with replay.recording() if replay is not None else contextlib.nullcontext() as recorder:
        checker = load()
        if edited:
            checker.mark_edited(edited)
        problems, pages = run(checker, paths, with_data=with_data)
        text = output(problems, checker) if output is not None else None
    if replay is not None:
        replay.store(recorder, {"problems": [list(problem) for problem in problems], "pages": pages, "output": text})
    return Outcome(problems, pages, text, checker, False)


def _check_includes(checker: Checker, path: Path) -> list[Problem]:
    """Raw HTML in the snippet files (.md) under includes/ (or the one named)."""
    if path.is_file():
        return checker.check_include(path) if path.suffix == ".md" else []
    problems = []
    for folder, _, names in os.walk(path):  # os.walk does not follow links to folders
        for name in sorted(names):
            file = os.path.join(folder, name)
            if name.endswith(".md") and stat.S_ISREG(os.lstat(file).st_mode):
                problems.extend(checker.check_include(file))
    return problems


def _reading_line(page: Page, context: Context) -> int:
    """Where a page's reading level is reported: its `answer`, else its reading section heading."""
    if page.front is not None and "answer" in page.front.data:
        return page.front.line_of("answer")
    heading = next((h for h in page.headings if h.level == 2 and h.text == context.schema.reading.section), None)
    return heading.line if heading else 1


def _summary(page: Page) -> tuple[object, list[Heading]]:
    return (page.front.data.get("type") if page.front else None), page.headings


def _edited_overdue(finding: Finding) -> Finding:
    """REV001 (a notice) on a page the change edits becomes REV003 (an error): whoever edits an
    overdue page reviews it and renews its dates."""
    return Finding(
        finding.line,
        "REV003",
        "this change edits a page whose review is overdue; review the whole page and renew reviewed "
        f"and next_review ({finding.message.partition('; ')[0]})",
    )


def _internal_error(exc: Exception) -> Finding:
    return Finding(1, "CHK001", f"the checker failed on this file ({type(exc).__name__}: {exc}); please report it")



