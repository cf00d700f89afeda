"""The page checker: pure functions (no MkDocs) that check pages, the bibliography and the claims
ledger against the schema in data/schema.yml. Used by the CLI (hooks/check.py) and the MkDocs hook
(hooks/mkdocs_gate.py)."""

from .report import Finding, Problem, count, render, sort_problems, summary
from .runner import Checker, Project, check_paths, markdown_files, run
from .rules_table import Rule, describe, registry, rule
from .schema import Schema, SchemaError, SetupError, load_schema

__all__ = [
    "Checker",
    "Finding",
    "Problem",
    "Rule",
    "Project",
    "Schema",
    "SchemaError",
    "SetupError",
    "check_paths",
    "count",
    "describe",
    "load_schema",
    "markdown_files",
    "registry",
    "render",
    "rule",
    "run",
    "sort_problems",
    "summary",
]
