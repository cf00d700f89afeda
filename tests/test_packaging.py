"""The project as a package: pyproject.toml declares what requirements.txt pins, the commands and
the Markdown extensions that mkdocs.yml names; the layers import only downwards."""
from __future__ import annotations

import ast
import re
import tomllib
from importlib.metadata import entry_points

from hooks.content.config import read_config
from hooks.content.project import ROOT

PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
# Each layer and the layers it may import (the commands on top may import any).
LAYERS = {"content": set(), "checker": {"content"}, "render": {"content"}, "gate": {"content", "checker", "render"}}


def _pins(text: str) -> dict[str, str]:
    found = {}
    for line in text.splitlines():
        match = re.fullmatch(r"([A-Za-z0-9_.-]+)==(\S+)", line.strip())
        if match:
            found[match.group(1).lower()] = match.group(2)
    return found


def test_the_dependencies_are_the_pinned_ones():
    pinned = _pins((ROOT / "requirements.txt").read_text(encoding="utf-8"))
    declared = _pins("\n".join(PYPROJECT["dependencies"]))
    assert declared and all(pinned.get(name) == version for name, version in declared.items()), (declared, pinned)
    assert "-e ." in (ROOT / "requirements.txt").read_text(encoding="utf-8").splitlines()


def test_the_commands_are_console_scripts():
    assert PYPROJECT["scripts"] == {"npa-check": "hooks.check:main", "npa-build": "hooks.build:main",
                                    "npa-new": "hooks.new:main", "npa-watch": "hooks.watch:main"}


def test_mkdocs_names_the_registered_markdown_extensions():
    registered = {e.name: e.value for e in entry_points(group="markdown.extensions") if e.name.startswith("npa_")}
    assert registered == PYPROJECT["entry-points"]["markdown.extensions"]
    named = [next(iter(e)) if isinstance(e, dict) else e for e in read_config(ROOT / "mkdocs.yml").get("markdown_extensions")]
    assert set(registered) <= set(named)


def test_no_layer_imports_upwards_and_no_path_edits():
    for path in sorted((ROOT / "hooks").rglob("*.py")):
        parts = path.relative_to(ROOT / "hooks").parts
        text = path.read_text(encoding="utf-8")
        assert "sys.path" not in text and "PYTHONPATH" not in text, path
        if len(parts) < 2:
            continue  # a command
        layer = parts[0]
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "hooks":
                targets = [node.module.split(".")[1]] if "." in node.module else [alias.name for alias in node.names]
                for target in targets:
                    assert target == layer or target in LAYERS[layer], f"{path.relative_to(ROOT)} imports hooks.{target}"
