"""The editing guide's and evidence-labels page's tables, generated from data/schema.yml."""
from __future__ import annotations

import re
from hooks.content.registry import registry

from .markdown_text import md_escape


def _code(values) -> str:
    return ", ".join(f"`{v}`" for v in values)


def _required(value) -> str:
    if value == "all":
        return "all"
    if not value:
        return "optional"
    return _code(value)


def _value(spec: dict) -> str:
    kind = spec.get("kind")
    if kind == "text":
        text = "text"
        if spec.get("max_length"):
            text += f", at most {spec['max_length']} characters"
        return text
    if kind == "choice":
        return "one of " + _code(spec.get("choices") or [])
    if kind == "choices":
        return "a list of one or more of " + _code(spec.get("choices") or [])
    if kind == "date":
        return "a date, written YYYY-MM-DD"
    if kind == "query":
        return "a Europe PMC search, in single quotes, e.g. `'acupuncture AND \"carpal tunnel\"'`"
    if kind == "keys":
        return "a list of bibliography keys"
    if kind == "words":
        return "a list of words"
    if kind == "mapping":
        return "a mapping, e.g. `search: {boost: 2}`"
    if kind == "record":
        parts = spec.get("parts") or {}
        return "a mapping with " + ", ".join(f"`{name}` ({_part(part)})" for name, part in parts.items())
    return md_escape(kind or "")


def _part(spec: dict) -> str:
    """What one part of a record field holds (text, a date, one of a list)."""
    spec = spec if isinstance(spec, dict) else {}
    return "a date" if spec.get("kind") == "date" else _value(spec)


def schema_tables(schema: dict) -> str:
    """A table of page types (type, for, required sections) and one of front matter fields."""
    out = ["| Page type | For | Required sections, in order |", "|---|---|---|"]
    for name, spec in schema["types"].items():
        sections = " · ".join(md_escape(s, table=True) for s in spec.get("sections") or []) or "none"
        out.append(f"| `{name}` | {md_escape(spec.get('for', ''), table=True)} | {sections} |")
    out += ["", "| Field | Required for | Value |", "|---|---|---|"]
    for name, spec in schema["fields"].items():
        out.append(f"| `{name}` | {_required(spec.get('required'))} | {_value(spec)} |")
    return "\n".join(out)


def vocabularies(schema: dict) -> str:
    """Tables of the evidence kinds and certainty levels with the labels readers see."""
    out = ["| Kind of evidence (front matter `evidence`) | Shown to readers as |", "|---|---|"]
    out += [f"| `{k}` | {md_escape(v, table=True)} |" for k, v in schema["labels"]["evidence"].items()]
    out += ["", "| Certainty (front matter `certainty`, GRADE) | Shown to readers as |", "|---|---|"]
    out += [f"| `{k}` | {md_escape(v, table=True)} |" for k, v in schema["labels"]["certainty"].items()]
    return "\n".join(out)


def _with_code(text: str) -> str:
    """Data text for a table cell: `code` spans kept as code, everything else escaped."""
    parts = re.split(r"(`[^`\n]+`)", " ".join(str(text).split()))
    out = []
    for part in parts:
        if part.startswith("`") and len(part) > 1 and part.endswith("`"):
            out.append(part.replace("|", "\\|"))
        elif part.strip():  # md_escape trims: keep the spaces around the words
            lead, trail = part[: len(part) - len(part.lstrip())], part[len(part.rstrip()):]
            out.append(lead + md_escape(part, table=True) + trail)
        else:
            out.append(part)
    return "".join(out)


def rules_table(schema: dict) -> str:
    """Every rule of the checker's registry (hooks/content/registry.py): id, name, severity (the
    schema's override when data/schema.yml `rules:` gives one), what it means and what to do."""
    overrides = schema.get("rules") if isinstance(schema.get("rules"), dict) else {}
    out = ["| id | name | severity | what it means | what to do |", "|---|---|---|---|---|"]
    for rule_id, entry in registry().items():
        override = overrides.get(rule_id)
        severity = override.get("severity") if isinstance(override, dict) else override if isinstance(override, str) else None
        shown = severity or entry.severity
        if entry.fixed:
            shown += " (fixed)"
        out.append(f"| {md_escape(rule_id, table=True)} | {md_escape(entry.name, table=True)} | "
                   f"{md_escape(shown, table=True)} | {_with_code(entry.summary)} | {_with_code(entry.fix)} |")
    return "\n".join(out)
