"""The rule registry: which rule ids the checker's code reports, each declared once.

Every module of hooks/checker that reports findings declares its ids once, at the top:

    RULES = declare(__name__, "SEC001", "SEC002")

Severity, summary and the "how to fix" text are data: data/schema.yml `rules:` (the editing guide's
rule table is generated from them). A schema that lacks a declared id is a schema error (exit 2),
and tests/test_rule_registry.py fails when an id is reported but not declared, declared but not in
the schema, or in the schema but declared nowhere; its message says exactly what to add.

To add a rule: declare its id in the module that reports it (a page rule: a function in rules.py
listed in PAGE_RULES), add it to data/schema.yml `rules:` with severity, summary and fix, and add a
fixture that triggers it (a page rule: tests/fixtures/checker/<id>_<what>.md, found by its name).
Ids are stable, never reused.
"""

from __future__ import annotations

import importlib
import os

# error: fails the check and the build; warning: fails only --strict and the strict build; notice:
# reported (a GitHub notice annotation, an info line in the build) but never fails anything.
SEVERITIES = ("error", "warning", "notice")

_DECLARED: dict[str, str] = {}  # rule id: the module that declares it


def declare(module: str, *ids: str) -> frozenset[str]:
    """Declare the rule ids a module reports (once each, across the package)."""
    for rule in ids:
        owner = _DECLARED.setdefault(rule, module)
        if owner != module:
            raise ValueError(f"rule {rule} is declared twice: in {owner} and in {module}")
    return frozenset(ids)


def declared() -> dict[str, str]:
    """{rule id: declaring module} for every module of the checker package (imported here)."""
    package = __name__.rpartition(".")[0]
    for folder in importlib.import_module(package).__path__:
        for name in sorted(os.listdir(folder)):  # not pkgutil: it imports inspect (slow start-up)
            if name.endswith(".py") and name != "__init__.py":
                importlib.import_module(f"{package}.{name[:-3]}")
    return dict(_DECLARED)


def __getattr__(name: str):
    """RULE_IDS (and its older name RULES): every declared id, as a frozenset."""
    if name in ("RULE_IDS", "RULES"):
        return frozenset(declared())
    raise AttributeError(name)
