"""Loading and sanity-checking the data files the rendering needs.

These checks only make sure the rendering can run; the page checker (hooks/checker) owns the full
rules with file and line. Problems raise DataError with a clear message.
"""
from __future__ import annotations

from pathlib import Path

import yaml


class DataError(ValueError):
    """A data file is missing, not valid YAML, or lacks what the rendering needs."""


def _load(path: Path):
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise DataError(f"{path}: cannot read: {err}") from err
    try:
        return yaml.safe_load(text)
    except (yaml.YAMLError, ValueError, TypeError, RecursionError) as err:
        raise DataError(f"{path}: not valid YAML: {err}") from err


def _no_traceback(load):
    """A loader whose unexpected shapes of data (a list where text belongs...) raise DataError too."""
    def checked(path):
        try:
            return load(path)
        except DataError:
            raise
        except (TypeError, ValueError, KeyError, AttributeError, RecursionError) as err:
            raise DataError(f"{path}: unexpected data ({type(err).__name__}: {err})") from err
    checked.__doc__, checked.__name__ = load.__doc__, load.__name__
    return checked


def _need(cond: bool, path, message: str) -> None:
    if not cond:
        raise DataError(f"{path}: {message}")


@_no_traceback
def load_bibliography(path: Path) -> dict[str, dict]:
    """The works by key, in file order."""
    data = _load(path)
    _need(isinstance(data, dict) and isinstance(data.get("references"), list), path,
          "expected a mapping with a 'references' list")
    works: dict[str, dict] = {}
    for i, entry in enumerate(data["references"]):
        _need(isinstance(entry, dict), path, f"references[{i}] is not a mapping")
        for field in ("key", "authors", "title"):  # year may be null: not seen (shown as "n.d.")
            _need(entry.get(field) not in (None, ""), path, f"references[{i}] has no '{field}'")
        key = str(entry["key"])
        _need(key not in works, path, f"duplicate key '{key}'")
        works[key] = entry
    return works


@_no_traceback
def load_schema(path: Path) -> dict:
    data = _load(path)
    _need(isinstance(data, dict), path, "expected a mapping")
    for part in ("types", "fields", "labels"):
        _need(isinstance(data.get(part), dict), path, f"missing '{part}' mapping")
    for vocab in ("evidence", "certainty"):
        _need(isinstance(data["labels"].get(vocab), dict), path, f"missing 'labels.{vocab}' mapping")
    return data


@_no_traceback
def load_claims(path: Path) -> dict | None:
    """The claims ledger, or None when the file does not exist."""
    if not Path(path).exists():
        return None
    data = _load(path)
    _need(isinstance(data, dict), path, "expected a mapping")
    verdicts = data.get("verdicts")
    sections = data.get("sections")
    claims = data.get("claims")
    _need(isinstance(verdicts, dict) and verdicts, path, "missing 'verdicts' mapping")
    for name, v in verdicts.items():
        _need(isinstance(v, dict) and v.get("label"), path, f"verdict '{name}' has no 'label'")
    _need(isinstance(sections, list) and sections, path, "missing 'sections' list")
    section_ids = set()
    for i, s in enumerate(sections):
        _need(isinstance(s, dict) and s.get("id") and s.get("title"), path, f"sections[{i}] needs 'id' and 'title'")
        section_ids.add(s["id"])
    _need(isinstance(claims, list), path, "missing 'claims' list")
    for i, c in enumerate(claims):
        _need(isinstance(c, dict), path, f"claims[{i}] is not a mapping")
        for field in ("id", "section", "claim", "verdict", "page"):
            _need(c.get(field) not in (None, ""), path, f"claim {c.get('id', i)} has no '{field}'")
        _need(c["verdict"] in verdicts, path, f"claim {c['id']}: unknown verdict '{c['verdict']}'")
        _need(c["section"] in section_ids, path, f"claim {c['id']}: unknown section '{c['section']}'")
    return data
