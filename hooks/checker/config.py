"""The site configuration (mkdocs.yml) is code that a pull request can edit: checked like a page.

mkdocs.yml is composed into YAML nodes (never constructed: no tag runs), and:
  CFG001  a YAML tag other than the plain YAML types: `!ENV` reads the build's environment (a secret
          printed on every page), `!relative` and `!!python/...` read files or name code
  CFG002  a script or a stylesheet the project did not write: extra_javascript (the project has
          none), extra_css from another host, or anything but a file in the pages folder
  CFG003  markup in text the theme writes into every page as it is: site_name, site_description,
          copyright, repo_name and the nav titles (no <, >, double quotes, character references
          or control characters: the theme does not escape copyright)
  CFG004  the pages folder, the hooks or the template folder moved: docs_dir, hooks and
          theme.custom_dir are what the project sets (pages elsewhere are never checked; a hook
          runs any code)
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from hooks.content.config import SiteConfig
from hooks.content.findings import Finding
from hooks.content.registry import describe

describe(
    "CFG001", "config-yaml-tag", "error", fixed=True, blocking=True,
    summary="mkdocs.yml uses a YAML tag (!ENV, !relative, !!python/...) that reads the environment or a file, or names code",
    fix="write the value itself in mkdocs.yml",
)
describe(
    "CFG002", "config-extra-script", "error", fixed=True, blocking=True,
    summary="mkdocs.yml adds a script (extra_javascript) or a stylesheet that is not a file in docs/",
    fix="remove it: the site runs only the theme's own scripts and loads nothing from another host",
)
describe(
    "CFG003", "config-markup", "error", fixed=True, blocking=True,
    summary="markup in site_name, site_description, copyright, repo_name or a nav title of mkdocs.yml (the theme writes these into every page)",
    fix="write plain text: no <, >, double quotes or &...; character references",
)
describe(
    "CFG004", "config-moved", "error", fixed=True, blocking=True,
    summary="mkdocs.yml moves the pages folder, the hooks or the template folder (docs_dir, hooks, theme.custom_dir)",
    fix="keep docs_dir: docs, hooks: [hooks/gate/mkdocs_gate.py] and custom_dir: overrides",
)

PROJECT = {"docs_dir": "docs", "hooks": ["hooks/gate/mkdocs_gate.py"], "custom_dir": "overrides"}
PLAIN_TAG = "tag:yaml.org,2002:"
PLAIN_TAGS = {PLAIN_TAG + name for name in ("str", "int", "float", "bool", "null", "seq", "map", "timestamp")}
TEXT_KEYS = ("site_name", "site_description", "copyright", "repo_name")
_MARKUP = re.compile(r'[<>"\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]|&(?:#|[A-Za-z][A-Za-z0-9]*;)')


def check_config(config: SiteConfig, docs_dir: Path) -> list[Finding]:
    """Findings in mkdocs.yml as the content layer read it (none when there is no file; an unreadable
    or oversized one is reported by the reader: NAV001, SIZE001, SIZE004)."""
    root = config.root
    if root is None:
        return []
    findings = list(_tags(root))
    top = _mapping(root)
    findings += _scripts(top, docs_dir)
    findings += _texts(top)
    findings += _places(top)
    return findings


def _mapping(node) -> dict:
    return {key.value: value for key, value in node.value if isinstance(key, yaml.ScalarNode)} \
        if isinstance(node, yaml.MappingNode) else {}


def _line(node) -> int:
    return node.start_mark.line + 1


def _tags(root) -> list[Finding]:
    findings, stack = [], [root]
    while stack:
        node = stack.pop()
        if node.tag not in PLAIN_TAGS:
            findings.append(Finding(_line(node), "CFG001", f"YAML tag {node.tag.replace(PLAIN_TAG, '!!')[:40]} "
                                    "(reads the environment or a file, or names code); write the value itself"))
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                stack += [key, value]
        elif isinstance(node, yaml.SequenceNode):
            stack += node.value
    return findings


def _scalars(node) -> list:
    if isinstance(node, yaml.SequenceNode):
        return [item for item in node.value]
    return [node]


def _scripts(top: dict, docs_dir: Path) -> list[Finding]:
    findings = []
    scripts = top.get("extra_javascript")
    if scripts is not None and not (isinstance(scripts, yaml.SequenceNode) and not scripts.value):
        findings.append(Finding(_line(scripts), "CFG002", "extra_javascript adds a script to every page; "
                                "the site runs only the theme's own (remove it)"))
    styles = top.get("extra_css")
    for item in _scalars(styles) if styles is not None else []:
        value = item.value if isinstance(item, yaml.ScalarNode) else ""
        plain = re.sub(r"[\x00-\x20]", "", str(value)).lower()
        local = (docs_dir / str(value)) if value and ":" not in plain and not plain.startswith(("/", "\\")) else None
        if local is None or ".." in Path(str(value)).parts or not local.is_file() or not str(value).endswith(".css"):
            findings.append(Finding(_line(item), "CFG002", f"extra_css {str(value)[:60]!r} is not a stylesheet file "
                                    "in the pages folder"))
    return findings


def _texts(top: dict) -> list[Finding]:
    findings = []
    for key in TEXT_KEYS:
        node = top.get(key)
        if isinstance(node, yaml.ScalarNode) and (match := _MARKUP.search(node.value)):
            findings.append(Finding(_line(node), "CFG003", f"{key} holds {match.group()!r}: write plain text"))
    stack = [top.get("nav")] if top.get("nav") is not None else []
    while stack:
        node = stack.pop()
        if isinstance(node, yaml.SequenceNode):
            stack += node.value
        elif isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                if isinstance(key, yaml.ScalarNode) and (match := _MARKUP.search(key.value)):
                    findings.append(Finding(_line(key), "CFG003", f"nav title holds {match.group()!r}: write plain text"))
                stack.append(value)
    return findings


def _places(top: dict) -> list[Finding]:
    findings = []
    docs = top.get("docs_dir")
    if docs is not None and not (isinstance(docs, yaml.ScalarNode) and docs.value.rstrip("/") == PROJECT["docs_dir"]):
        findings.append(Finding(_line(docs), "CFG004", f"docs_dir must be {PROJECT['docs_dir']}: pages anywhere else are never checked"))
    hooks = top.get("hooks")
    names = [item.value for item in hooks.value if isinstance(item, yaml.ScalarNode)] \
        if isinstance(hooks, yaml.SequenceNode) else None
    if names != PROJECT["hooks"]:
        line = _line(hooks) if hooks is not None else 1
        findings.append(Finding(line, "CFG004", f"hooks must be exactly {PROJECT['hooks']}: the page gate, and no other code"))
    theme = _mapping(top.get("theme"))
    custom = theme.get("custom_dir")
    if custom is not None and not (isinstance(custom, yaml.ScalarNode) and custom.value.rstrip("/") == PROJECT["custom_dir"]):
        findings.append(Finding(_line(custom), "CFG004", f"theme.custom_dir must be {PROJECT['custom_dir']}"))
    return findings
