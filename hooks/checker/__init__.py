"""The page checker: pure functions (no MkDocs) that check pages, the bibliography and the claims
ledger against the schema in data/schema.yml. Used by the CLI (hooks/check.py) and the MkDocs hook
(hooks/gate/mkdocs_gate.py)."""

from hooks.content.findings import Finding, Problem, count, render, sort_problems, summary
from hooks.content.project import Project

from .runner import Checker, Outcome, run, run_or_replay
from hooks.content.registry import Rule, describe, registry, rule
from hooks.content.schema import Schema, SchemaError, SetupError, load_schema

__all__ = [
    "Checker",
    "Outcome",
    "Finding",
    "Problem",
    "Rule",
    "Project",
    "Schema",
    "SchemaError",
    "SetupError",
    "count",
    "describe",
    "load_schema",
    "registry",
    "render",
    "rule",
    "run",
    "run_or_replay",
    "sort_problems",
    "summary",
]
