"""The content layer: the one reading of the project's pages and data files.

The page checker (hooks/checker), the MkDocs gate and the Markdown extension (hooks/render/reference.py)
all read through this module, so they see a page the same way: front matter with line numbers,
headings of both styles, fences as pymdownx.superfences reads them, citations, admonitions and
generated-content markers (hooks/content/page.py parses; this module loads and caches).

Each page file is read and parsed once per change (cached by size and modification time); the
schema, the bibliography and the claims ledger are loaded once per change of the file. Problems in
the data files are findings with a rule id and a line (the checker reports them); the rendering
uses only what is valid and never raises on bad data.

Its modules import nothing else of the package. The layer itself (`Content`, `shared`) lives in
layer.py and is imported on first use, so a module that needs only a small part (replay.py, the
check command's replay of an unchanged result) does not load the YAML and Markdown parsing.
"""

from __future__ import annotations

_LAYER_NAMES = frozenset({"Content", "shared", "parse_page", "ABBREVIATIONS", "LEDGER_TEXT",
                          "_yaml_mapping", "_ledger_for_rendering", "_reader_phrases"})


def __getattr__(name: str):
    if name in _LAYER_NAMES:
        from hooks.content import layer

        return getattr(layer, name)
    raise AttributeError(f"module 'hooks.content' has no attribute {name!r}")
