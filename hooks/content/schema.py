"""Load the page schema (data/schema.yml) into an immutable description the rules read."""

from __future__ import annotations

from collections import namedtuple
from fnmatch import fnmatchcase
from pathlib import Path

import yaml

from .findings import SetupError  # noqa: F401 - raised here, re-exported
from .registry import SEVERITIES, registry

try:  # libyaml is much faster; fall back to the pure-Python loader.
    from yaml import CSafeLoader as Loader
except ImportError:  # pragma: no cover - depends on the PyYAML build
    from yaml import SafeLoader as Loader


class SchemaError(SetupError):
    """The schema file is missing or does not describe a usable schema."""


FIELD_KINDS = frozenset({"text", "query", "choice", "choices", "date", "keys", "words", "mapping", "record"})
# "query": a literature search (Europe PMC syntax) - text that may hold double quotes (phrases).
# The kinds a part of a record may have (a record's parts are single values: text, a date or a choice).
PART_KINDS = frozenset({"text", "choice", "date"})
# Fixed in code, not data: data/schema.yml is pull-request data. The security rules' severities are
# fixed where they are declared (`fixed=True`, hooks/content/registry.py); here, the fields the theme
# writes into every page stay checked plain text or choices, and the labels stay.
LOCKED_FIELDS = {"title": "text", "description": "text", "answer": "text", "type": "choice", "certainty": "choice"}
LABELS = ("evidence", "certainty")  # labels.<field>: the text readers see for each value of the field


class FieldSpec(namedtuple("FieldSpec", "name required kind choices max_length parts", defaults=((), None, ()))):
    """One front matter field: which page types need it (frozenset) and what its value must be.

    A `record` field is a mapping with a fixed set of parts, every one required: `parts` holds a
    FieldSpec per part (its name, kind, choices and max_length), in the schema's order.
    """

    __slots__ = ()


_SCHEMA_FIELDS = "types fields caveats_section caveat_kinds max_years severities options ignores traits prompts reading"
TRAITS = {"badge": bool, "ledger": bool, "folder": str}  # page-type traits (see data/schema.yml types)


class ReadingSpec(namedtuple("ReadingSpec", "section max_grade")):
    """Rule READ001: the section measured with the short answer, and the highest grade allowed."""

    __slots__ = ()


DEFAULT_READING = ReadingSpec("In short", 6.0)


class Schema(namedtuple("Schema", _SCHEMA_FIELDS, defaults=(DEFAULT_READING,))):
    """The page contract: types and their sections, fields, caveats, review cycle, rule severities.

    types: {type: (section, ...)}; fields: {name: FieldSpec}; caveat_kinds: frozenset;
    severities: {rule id: severity} (each rule's default, or the schema's override); options:
    {rule id: {option: value}} (schema.yml `rules:`); ignores: ((path pattern, frozenset of ids), ...)
    (schema.yml `ignore:`); traits: {type: {badge, ledger, folder}};
    prompts: {section: prompt for hooks.new} ("other" for any other section);
    reading: ReadingSpec (schema.yml `reading:`).
    """

    __slots__ = ()

    def severity(self, rule: str) -> str:
        """Severity of a rule: its declared default, or the override in schema.yml `rules:`."""
        return self.severities.get(rule, "error")

    def option(self, rule: str, name: str, default=None):
        """An option of a rule from schema.yml `rules: RULE: {name: value}` (default when absent)."""
        return self.options.get(rule, {}).get(name, default)

    def ignored(self, display_path: str) -> frozenset[str]:
        """The rule ids schema.yml `ignore:` switches off for a file (path relative to the project)."""
        found: set[str] = set()
        for pattern, ids in self.ignores:
            if fnmatchcase(display_path, pattern):
                found |= ids
        return frozenset(found)

    def types_with(self, trait: str) -> frozenset[str]:
        """The page types that have a (true) trait, e.g. types_with("ledger")."""
        return frozenset(kind for kind, traits in self.traits.items() if traits.get(trait))

    def choices(self, field: str) -> tuple[str, ...]:
        """The allowed values of a choice field (empty if the field is unknown)."""
        spec = self.fields.get(field)
        return spec.choices if spec else ()


def load_schema(path: str | Path) -> Schema:
    """Read and validate the schema file; raise SchemaError with a one-line reason if unusable."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise SchemaError(f"schema not found: {path}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise SchemaError(f"cannot read schema {path}: {exc}") from None
    from . import limits

    too_deep = limits.yaml_depth(text.split("\n"))
    if too_deep is not None or len(text) > limits.MAX_DATA_BYTES:  # before libyaml, whose recursion can overflow
        raise SchemaError(f"schema {path}:{too_deep.line if too_deep else 1} is too large or nested too deeply to read")
    try:
        data = yaml.load(text, Loader=Loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f":{mark.line + 1}" if mark else ""
        raise SchemaError(f"schema {path}{where} is not valid YAML: {_first_line(exc)}") from None
    return schema_from_data(data, str(path))


def schema_from_data(data: object, name: str = "schema") -> Schema:
    """Build a Schema from parsed YAML data, checking every part the rules depend on."""
    if not isinstance(data, dict):
        raise SchemaError(f"{name}: top level must be a mapping")
    types = _types(data.get("types"), name)
    fields = _fields(data.get("fields"), set(types), name)
    for needed in ("title", "description", "type"):
        if needed not in fields:
            raise SchemaError(f"{name}: fields.{needed} is missing")
    for field, kind in LOCKED_FIELDS.items():
        if field in fields and fields[field].kind != kind:
            raise SchemaError(f"{name}: fields.{field}.kind must be {kind} (fixed: the theme writes it into every page)")
    _labels(data.get("labels"), fields, name)
    if sorted(fields["type"].choices) != sorted(types):
        raise SchemaError(
            f"{name}: fields.type.choices must list exactly the page types in `types`: [{', '.join(types)}]"
        )
    caveats = data.get("caveats")
    if not isinstance(caveats, dict) or not isinstance(caveats.get("section"), str):
        raise SchemaError(f"{name}: caveats.section must be text")
    kinds = caveats.get("kinds")
    if not _str_list(kinds):
        raise SchemaError(f"{name}: caveats.kinds must be a list of words")
    review = data.get("review")
    max_years = review.get("max_years") if isinstance(review, dict) else None
    if not isinstance(max_years, int) or isinstance(max_years, bool) or max_years < 1:
        raise SchemaError(f"{name}: review.max_years must be a positive whole number")
    return Schema(
        types=types,
        fields=fields,
        caveats_section=caveats["section"],
        caveat_kinds=frozenset(kinds),
        max_years=max_years,
        traits=_traits(data.get("types"), name),
        prompts=_prompts(data.get("prompts"), name),
        reading=_reading(data.get("reading", {}), name),
        **_rules(data.get("rules"), data.get("ignore"), name),
    )


def _reading(raw: object, name: str) -> ReadingSpec:
    """schema.yml `reading:` (optional): `section` and `max_grade` (a Flesch-Kincaid grade)."""
    if not isinstance(raw, dict):
        raise SchemaError(f"{name}: reading must be a mapping with section and max_grade")
    section = raw.get("section", DEFAULT_READING.section)
    if not isinstance(section, str) or not section.strip():
        raise SchemaError(f"{name}: reading.section must be the heading of a section")
    max_grade = raw.get("max_grade", DEFAULT_READING.max_grade)
    if isinstance(max_grade, bool) or not isinstance(max_grade, (int, float)) or not 0 < max_grade <= 20:
        raise SchemaError(f"{name}: reading.max_grade must be a school grade between 1 and 20")
    return ReadingSpec(section, float(max_grade))


def _types(raw: object, name: str) -> dict[str, tuple[str, ...]]:
    if not isinstance(raw, dict) or not raw:
        raise SchemaError(f"{name}: types must be a non-empty mapping")
    types = {}
    for type_name, spec in raw.items():
        sections = spec.get("sections") if isinstance(spec, dict) else None
        if not isinstance(type_name, str) or not _str_list(sections, allow_empty=True):
            raise SchemaError(f"{name}: types.{type_name}.sections must be a list of headings")
        types[type_name] = tuple(sections)
    return types


def _traits(raw: dict, name: str) -> dict[str, dict]:
    traits = {}
    for type_name, spec in raw.items():
        found = {}
        for trait, kind in TRAITS.items():
            value = spec.get(trait, kind())
            if type(value) is not kind:
                raise SchemaError(f"{name}: types.{type_name}.{trait} must be {'true or false' if kind is bool else 'text'}")
            found[trait] = value
        traits[type_name] = found
    return traits


def _prompts(raw: object, name: str) -> dict[str, str]:
    if raw is None:
        return {}
    if not isinstance(raw, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in raw.items()):
        raise SchemaError(f"{name}: prompts must map section headings to text")
    return dict(raw)


def _fields(raw: object, type_names: set[str], name: str) -> dict[str, FieldSpec]:
    if not isinstance(raw, dict):
        raise SchemaError(f"{name}: fields must be a mapping")
    fields = {}
    for field, spec in raw.items():
        where = f"{name}: fields.{field}"
        if not isinstance(spec, dict) or spec.get("kind") not in FIELD_KINDS:
            raise SchemaError(f"{where}.kind must be one of: {', '.join(sorted(FIELD_KINDS))}")
        required = spec.get("required", [])
        if required == "all":
            required = sorted(type_names)
        if not _str_list(required, allow_empty=True) or set(required) - type_names:
            raise SchemaError(f'{where}.required must be "all" or a list of page types')
        choices = spec.get("choices", [])
        if spec["kind"] in ("choice", "choices") and not _str_list(choices):
            raise SchemaError(f"{where}.choices must be a non-empty list")
        max_length = spec.get("max_length")
        if max_length is not None and (not isinstance(max_length, int) or max_length < 1):
            raise SchemaError(f"{where}.max_length must be a positive whole number")
        parts = _parts(spec.get("parts"), where) if spec["kind"] == "record" else ()
        fields[field] = FieldSpec(field, frozenset(required), spec["kind"], tuple(choices), max_length, parts)
    return fields


def _parts(raw: object, where: str) -> tuple[FieldSpec, ...]:
    """The parts of a record field: {part: {kind: text|choice|date, choices, max_length}}, all required."""
    if not isinstance(raw, dict) or not raw:
        raise SchemaError(f"{where}.parts must map part names to {{kind: ...}} (a record needs at least one part)")
    parts = []
    for name, spec in raw.items():
        if not isinstance(name, str) or not isinstance(spec, dict) or spec.get("kind") not in PART_KINDS:
            raise SchemaError(f"{where}.parts.{name}.kind must be one of: {', '.join(sorted(PART_KINDS))}")
        choices = spec.get("choices", [])
        if spec["kind"] == "choice" and not _str_list(choices):
            raise SchemaError(f"{where}.parts.{name}.choices must be a non-empty list")
        max_length = spec.get("max_length")
        if max_length is not None and (not isinstance(max_length, int) or isinstance(max_length, bool) or max_length < 1):
            raise SchemaError(f"{where}.parts.{name}.max_length must be a positive whole number")
        parts.append(FieldSpec(name, frozenset(), spec["kind"], tuple(choices), max_length))
    return tuple(parts)


def _rules(raw: object, ignore: object, name: str) -> dict:
    """Severity overrides and options of the rules (schema.yml `rules:`, optional) and per-file
    ignores (`ignore:`, optional). A rule declared fixed (security) may not be weakened or ignored."""
    known = registry()
    if raw is None:
        raw = {}
    if not isinstance(raw, dict):
        raise SchemaError(f"{name}: rules must map rule ids to {{severity: ..., options}}")
    rank = {severity: index for index, severity in enumerate(SEVERITIES)}
    severities = {rule_id: entry.severity for rule_id, entry in known.items()}
    options: dict[str, dict] = {}
    for rule, spec in raw.items():
        rule = str(rule)
        entry = known.get(rule)
        if entry is None:
            raise SchemaError(f"{name}: rules.{rule} is no rule the checker knows (see the editing guide's rule table)")
        if isinstance(spec, str):
            spec = {"severity": spec}
        if not isinstance(spec, dict):
            raise SchemaError(f"{name}: rules.{rule} must be a mapping (severity and options) or a severity")
        severity = spec.get("severity", entry.severity)
        if severity not in SEVERITIES:
            raise SchemaError(f"{name}: rules.{rule}.severity must be error, warning or notice")
        if entry.fixed and rank[severity] > rank[entry.severity]:
            raise SchemaError(
                f"{name}: rules.{rule}.severity {severity} weakens a security rule; {rule} is always {entry.severity}"
            )
        severities[rule] = severity
        options[rule] = {key: value for key, value in spec.items() if key != "severity"}
    return {"severities": severities, "options": options, "ignores": _ignores(ignore, known, name)}


def _ignores(raw: object, known: dict, name: str) -> tuple:
    """schema.yml `ignore:` {path pattern: [rule ids]} (patterns relative to the project root)."""
    if raw is None:
        return ()
    if not isinstance(raw, dict):
        raise SchemaError(f"{name}: ignore must map path patterns (e.g. docs/about.md) to lists of rule ids")
    ignores = []
    for pattern, ids in raw.items():
        if not isinstance(pattern, str) or not _str_list(ids):
            raise SchemaError(f"{name}: ignore.{pattern} must be a list of rule ids")
        for rule in ids:
            if rule not in known:
                raise SchemaError(f"{name}: ignore.{pattern} names {rule}, which is no rule the checker knows")
            if known[rule].fixed:
                raise SchemaError(f"{name}: ignore.{pattern} names {rule}, a security rule that cannot be switched off")
        ignores.append((pattern, frozenset(ids)))
    return tuple(ignores)


def _labels(raw: object, fields: dict, name: str) -> None:
    """labels.evidence and labels.certainty: plain text for every value of those fields (the
    evidence badges, citation links and reference lists need them; dropping them is an error)."""
    if not isinstance(raw, dict):
        raise SchemaError(f"{name}: labels is missing: the evidence badges and reference lists need it")
    for field in LABELS:
        labels = raw.get(field)
        choices = fields[field].choices if field in fields else ()
        if not isinstance(labels, dict) or not all(isinstance(labels.get(choice), str) and labels[choice].strip()
                                                   for choice in choices):
            raise SchemaError(f"{name}: labels.{field} must give a label for each of: {', '.join(choices)}")
        for value in labels.values():
            if not isinstance(value, str) or any(char in value for char in '<>&"'):
                raise SchemaError(f"{name}: labels.{field} values must be plain text")


def _str_list(value: object, allow_empty: bool = False) -> bool:
    return (
        isinstance(value, list)
        and (allow_empty or bool(value))
        and all(isinstance(item, str) and item for item in value)
    )


def _first_line(exc: Exception) -> str:
    return str(getattr(exc, "problem", None) or exc).splitlines()[0]
