"""Reading a page's YAML front matter (the same block MkDocs reads into page.meta)."""
from __future__ import annotations

import re

import yaml

try:  # libyaml's loader, as MkDocs uses for page.meta: the same values, several times faster
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

FRONT_MATTER = re.compile(r"\A(?:\ufeff)?---[ \t]*\n(.*?\n)?(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)


def split_front_matter(text: str) -> tuple[dict, str]:
    """(meta, body). Missing or invalid front matter gives ({}, text): the checker reports it."""
    m = FRONT_MATTER.match(text)
    if not m:
        return {}, text
    try:
        meta = yaml.load(m.group(1) or "", Loader=_Loader) or {}
    except (yaml.YAMLError, ValueError, TypeError, RecursionError):  # e.g. an impossible date
        return {}, text
    if not isinstance(meta, dict):
        return {}, text
    return meta, text[m.end():]
