"""The rule registry: every rule the checker reports, declared once, beside its check.

A rule is an object with an id, a name, a default severity, a summary (what the problem is) and a
fix (what to do). It is declared in the module that reports it, with the `rule` decorator on its
check function:

    @rule("SEC005", "level-one-heading", "error",
          summary="level-1 heading in the body (the title comes from front matter)",
          fix="remove it, or make it a `##` section")
    def check_level_one_heading(page, ctx):
        yield Finding(line, "SEC005", "message")

or, for ids reported from inside a larger check (a parser, the ledger, the HTML scan), with
`describe(...)` (the same arguments, no function).

Scopes: "page" checks get (page, ctx) for every page and yield Findings; "project" checks get the
Checker (every page, the data files, the options) once per run and yield (path, Finding) pairs.
Modules of hooks/checker (and hooks/content, hooks/gate/htmlscan.py) are imported when the registry
is first needed (RULE_PACKAGES), so adding a rule is one module in hooks/checker plus its fixtures (tests/fixtures/checker/<id>_<what>.md, a bad
and a good one; tests/test_rule_registry.py says what is missing).

`blocking=True` marks a problem that makes rendering unsafe (a traceback, a hang, a leak or unescaped
theme output): even `mkdocs serve` stops on it.

data/schema.yml `rules:` may change a rule's severity and give it options; it may not weaken a rule
declared `fixed=True` (the security rules): that is a schema error. The editing guide's rule table
is generated from this registry (hooks/render/blocks/schema_tables.rules_table). Ids are stable, never reused.
"""

from __future__ import annotations

import importlib
import os
import sys
from collections.abc import Callable

# error: fails the check and the build; warning: fails only --strict and the strict build; notice:
# reported (a GitHub notice annotation, an info line in the build) but never fails anything.
SEVERITIES = ("error", "warning", "notice")
SCOPES = ("page", "project", "file")  # file: reported from a parser or a data-file check


class Rule:
    """One rule: id, name, default severity, summary, fix; its check and scope; `fixed` when its
    severity may not be lowered by the schema or switched off (security rules)."""

    __slots__ = ("id", "name", "severity", "summary", "fix", "check", "scope", "fixed", "blocking", "module")

    def __init__(self, id: str, name: str, severity: str, summary: str, fix: str, *,
                 check: Callable | None = None, scope: str = "file", fixed: bool = False, blocking: bool = False,
                 module: str = "") -> None:
        if severity not in SEVERITIES:
            raise ValueError(f"rule {id}: severity must be one of {', '.join(SEVERITIES)}, not {severity!r}")
        if scope not in SCOPES:
            raise ValueError(f"rule {id}: scope must be one of {', '.join(SCOPES)}")
        if not (summary.strip() and fix.strip() and name.strip()):
            raise ValueError(f"rule {id}: name, summary and fix must be text")
        self.id, self.name, self.severity, self.summary, self.fix = id, name, severity, summary, fix
        self.check, self.scope, self.fixed, self.blocking, self.module = check, scope, fixed, blocking, module

    def __repr__(self) -> str:
        return f"Rule({self.id}, {self.name}, {self.severity}, scope={self.scope})"


_REGISTRY: dict[str, Rule] = {}
_LOADED = False


def _add(entry: Rule) -> Rule:
    owner = _REGISTRY.get(entry.id)
    if owner is not None and owner.module != entry.module:
        raise ValueError(f"rule {entry.id} is declared twice: in {owner.module} and in {entry.module}")
    _REGISTRY[entry.id] = entry
    return entry


def describe(id: str, name: str, severity: str, *, summary: str, fix: str, fixed: bool = False,
             blocking: bool = False, module: str = "") -> Rule:
    """Declare a rule reported from inside a larger check (no check function of its own)."""
    return _add(Rule(id, name, severity, summary, fix, fixed=fixed, blocking=blocking, module=module or _caller()))


def rule(id: str, name: str, severity: str, *, summary: str, fix: str, scope: str = "page",
         fixed: bool = False, blocking: bool = False) -> Callable[[Callable], Callable]:
    """Decorator: declare a rule and register the function as its check (see the module docstring)."""

    def register(function: Callable) -> Callable:
        _add(Rule(id, name, severity, summary, fix, check=function, scope=scope, fixed=fixed,
                  blocking=blocking, module=function.__module__))
        function.rule = _REGISTRY[id]
        return function

    return register


def _caller() -> str:
    return sys._getframe(2).f_globals.get("__name__", "")


# Where rules are declared: every module of these packages (the content layer's parsers report
# file rules, hooks/checker holds the rules, hooks/gate/htmlscan.py the HTML scan). A rule module
# added to one of them is found without being listed anywhere.
RULE_PACKAGES = ("hooks.content", "hooks.checker")
RULE_MODULES = ("hooks.gate.htmlscan",)


def registry() -> dict[str, Rule]:
    """{rule id: Rule} for every rule module (imported here, once), by id."""
    global _LOADED
    if not _LOADED:
        for package in RULE_PACKAGES:
            for folder in importlib.import_module(package).__path__:
                for name in sorted(os.listdir(folder)):
                    if name.endswith(".py") and name != "__init__.py":
                        importlib.import_module(f"{package}.{name[:-3]}")
        for module in RULE_MODULES:
            importlib.import_module(module)
        _LOADED = True
    return dict(sorted(_REGISTRY.items()))


def checks(scope: str) -> list[Rule]:
    """The rules with a check of this scope ("page" or "project"), by id."""
    return [entry for entry in registry().values() if entry.scope == scope and entry.check is not None]
