"""Start a new page that follows the page contract.

    python -m hooks.new TYPE "Title" [--dir SECTION] [--today YYYY-MM-DD] [--docs DIR]

Everything the page needs comes from data/schema.yml (the types, their required sections, the
vocabularies and the review cycle), so the scaffold cannot drift from what the checker enforces.

The new page passes the checker except for what only an editor can supply: the description, the
evidence kinds and certainty (evidence and mechanism pages), the sources and the text of each
section. Those are left as visible gaps (empty values and HTML comments, which readers never see), so
`python -m hooks.check` points at each of them with a file and line until the editor fills them in.

Exit codes: 0 page created, 1 the file already exists, 2 bad arguments or the schema cannot be read.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import sys
import unicodedata
from pathlib import Path

from hooks.checker import schema as checker_schema
from hooks.checker.schema import Schema

ROOT = Path(__file__).resolve().parent.parent
SCHEMA = ROOT / "data" / "schema.yml"
MKDOCS_YML = ROOT / "mkdocs.yml"

# Where each type lives (trait `folder`), what goes under each section (`prompts`) and which types
# the claims ledger must name (trait `ledger`, rule CLM005) come from data/schema.yml.
LEDGER = ROOT / "data" / "claims.yml"

EDITOR_ONLY = {
    "description": "description: one sentence, at most {max} characters",
    "evidence": "evidence: the kinds of evidence the page relies on",
    "certainty": "certainty: the GRADE certainty of that evidence",
    "sources": "sources: the bibliography keys the page cites (data/bibliography.yml)",
}


class Fail(Exception):
    """A problem reported to the editor: message and exit code, never a traceback."""

    def __init__(self, message: str, code: int = 2):
        super().__init__(message)
        self.code = code


# ----------------------------------------------------------------------------------------------
# Schema


def load_schema(path: Path = SCHEMA) -> Schema:
    """The page schema, read and validated by the checker's own loader (one reading of it)."""
    try:
        return checker_schema.load_schema(path)
    except checker_schema.SchemaError as exc:
        raise Fail(str(exc)) from None


def required_for(schema: Schema, field: str, page_type: str) -> bool:
    spec = schema.fields.get(field)
    return spec is not None and page_type in spec.required


def max_description(schema: Schema) -> int:
    return schema.fields["description"].max_length or 160


def slugify(title: str) -> str:
    """Lowercase ASCII words joined by hyphens: "Nerve growth (NGF) & pain" -> "nerve-growth-ngf-pain"."""
    text = unicodedata.normalize("NFKD", title)
    text = text.encode("ascii", "ignore").decode("ascii").lower()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def yaml_text(value: str) -> str:
    """A YAML scalar for a title: plain when it reads back as the same text (not "Yes", "null",
    "2026" or anything with a colon or hash), otherwise double-quoted (a JSON string is valid YAML)."""
    import yaml

    if re.fullmatch(r"[A-Za-z][A-Za-z0-9 ,.'()/&+-]*", value):
        try:
            if yaml.safe_load(value) == value:
                return value
        except yaml.YAMLError:
            pass
    return json.dumps(value, ensure_ascii=False)


def add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February into a year without one
        return day.replace(year=day.year + years, day=28)


def front_matter(schema: Schema, page_type: str, title: str, today: dt.date) -> list[str]:
    lines = ["---", f"title: {yaml_text(title)}"]
    lines.append(f'description: ""  # editor: one sentence, at most {max_description(schema)} characters')
    lines.append(f"type: {page_type}")
    if required_for(schema, "reviewed", page_type):
        lines.append(f"reviewed: {today.isoformat()}")
    if required_for(schema, "next_review", page_type):
        max_years = schema.max_years
        lines.append(
            f"next_review: {add_years(today, min(1, max_years)).isoformat()}"
            f"  # at most {max_years} years after reviewed"
        )
    if required_for(schema, "evidence", page_type):
        lines.append(f"evidence: []  # editor: one or more of {', '.join(schema.choices('evidence'))}")
    if required_for(schema, "certainty", page_type):
        lines.append(f"certainty:  # editor: one of {', '.join(schema.choices('certainty'))}")
    if required_for(schema, "sources", page_type):
        lines.append("sources: []  # editor: bibliography keys cited in the text, e.g. [ju2017]")
    if "tags" in schema.fields:
        lines.append("# tags: [word, word]  (optional: words readers might search for)")
    lines.append("---")
    return lines


def body(schema: Schema, page_type: str, rel_to_docs: str) -> list[str]:
    sections = schema.types[page_type]
    caveats = schema.caveats_section
    kinds = sorted(schema.caveat_kinds)
    depth = rel_to_docs.count("/")
    references = "../" * depth + "references.md"
    out: list[str] = []
    if not sections:
        out += ["", "<!-- Write the page here, in plain English. -->"]
    for name in sections:
        out += ["", f"## {name}", ""]
        if name == caveats:
            kind = "warning" if "warning" in kinds else kinds[0]
            # The stub is inside a comment, so the checker reports the section until the editor
            # writes a real caveat (an empty box must never be published).
            out += [
                "<!-- At least one caveat box: what this page cannot tell the reader, for example a",
                "     result seen only in animals, a small or unblinded study, or a claim with no",
                "     verified source. Remove these comment lines around it and fill it in:",
                "",
                f'!!! {kind} "Name the limit in a few words"',
                "",
                "    Say what the evidence cannot show, in one or two plain sentences.",
                "",
                "-->",
            ]
        elif name == "References":
            out.append(
                "This page cites these works; full details are on the "
                f"[References]({references}) page."
            )
        else:
            out.append(f"<!-- {schema.prompts.get(name) or schema.prompts.get('other') or 'Write this section.'} -->")
    return out


def render(schema: Schema, page_type: str, title: str, today: dt.date, rel_to_docs: str) -> str:
    lines = front_matter(schema, page_type, title, today) + body(schema, page_type, rel_to_docs)
    return "\n".join(lines) + "\n"


# ----------------------------------------------------------------------------------------------
# Navigation hint


def nav_group(rel: str, mkdocs_yml: Path = MKDOCS_YML) -> str | None:
    """The nav group that already holds pages from the same folder, if there is exactly one."""
    folder = rel.rpartition("/")[0]
    if not folder:
        return None
    try:
        import yaml

        class Loader(yaml.SafeLoader):
            pass

        # mkdocs.yml may hold !!python/name tags; read them as plain strings.
        Loader.add_multi_constructor("", lambda loader, suffix, node: None)
        nav = yaml.load(mkdocs_yml.read_text(encoding="utf-8"), Loader=Loader).get("nav") or []
    except Exception:  # only a hint: never fail the command over it
        return None
    found: list[str] = []

    def walk(items, group):
        for item in items or []:
            if isinstance(item, str):
                if item.startswith(folder + "/") and group:
                    found.append(group)
            elif isinstance(item, dict):
                for key, value in item.items():
                    if isinstance(value, list):
                        walk(value, key)
                    elif isinstance(value, str) and value.startswith(folder + "/") and group:
                        found.append(group)

    walk(nav, None)
    groups = sorted(set(found))
    return groups[0] if len(groups) == 1 else None


def nav_line(title: str, rel: str) -> str:
    return f"      - {yaml_text(title)}: {rel}"


# ----------------------------------------------------------------------------------------------
# Command line


class Parser(argparse.ArgumentParser):
    def error(self, message):  # exit 2 with a short message, as argparse does, but say what to run
        self.print_usage(sys.stderr)
        self.exit(2, f"hooks.new: {message}\n")


def parse_args(argv):
    parser = Parser(
        prog="python -m hooks.new",
        description="Create a page with the front matter and required sections of its type.",
    )
    parser.add_argument("type", help="page type, from data/schema.yml")
    parser.add_argument("title", help='the page title, e.g. "Nerve growth factors"')
    parser.add_argument("--dir", dest="section", default=None,
                        help="folder under docs/ (default: mechanisms/ for mechanism pages, "
                        "the docs root for the others)")
    parser.add_argument("--today", default=None, help="review date to use, YYYY-MM-DD (default: today)")
    parser.add_argument("--docs", default=None, help="the docs folder (default: docs/ of the project)")
    return parser.parse_args(argv)


def safe_section(section: str) -> str:
    raw = section.strip().replace("\\", "/")
    section = raw.strip("/")
    parts = [p for p in section.split("/") if p not in ("", ".")]
    if raw.startswith("/") or os.path.isabs(raw) or re.match(r"^[A-Za-z]:", raw) or ".." in parts:
        raise Fail(f"--dir must be a folder inside docs/, not {section!r}")
    for part in parts:
        if part != slugify(part):
            raise Fail(f"--dir: folder names are lowercase ASCII words with hyphens ({part!r} is not)")
    return "/".join(parts)


def run(argv) -> int:
    args = parse_args(argv)
    schema = load_schema()
    types = list(schema.types)
    if args.type not in types:
        raise Fail(f"unknown page type {args.type!r}; valid types: {', '.join(types)}")
    title = " ".join(args.title.split())
    if not title:
        raise Fail("the title is empty")
    slug = slugify(title)
    if not slug:
        raise Fail(f"cannot make a file name from {args.title!r}: use some ASCII letters or digits")
    if args.today:
        try:
            today = dt.date.fromisoformat(args.today)
        except ValueError:
            raise Fail(f"--today must be a date like 2026-11-25, not {args.today!r}") from None
    else:
        today = dt.date.today()

    docs = Path(args.docs) if args.docs else ROOT / "docs"
    if not docs.is_dir():
        raise Fail(f"the docs folder {docs} does not exist")
    section = safe_section(args.section) if args.section is not None else schema.traits[args.type]["folder"]
    rel = f"{section}/{slug}.md" if section else f"{slug}.md"
    target = docs / rel
    text = render(schema, args.type, title, today, rel)

    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with open(target, "x", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
    except FileExistsError:
        raise Fail(f"{shown(target)} already exists; not overwriting it. Pick another title or "
                   "edit that page.", code=1) from None
    except OSError as exc:
        raise Fail(f"cannot write {shown(target)}: {exc.strerror or exc}") from None

    todo = [EDITOR_ONLY["description"].format(max=max_description(schema))]
    todo += [EDITOR_ONLY[f] for f in ("evidence", "certainty", "sources") if required_for(schema, f, args.type)]
    if args.type in schema.types_with("ledger") and LEDGER.is_file():
        anchor = f"{rel}#the-claim" if "The claim" in schema.types[args.type] else f"{rel}#anchor-of-the-heading"
        todo.append(f"an entry in data/claims.yml for the claim of the source the page examines, "
                    f"with page: {anchor} (rule CLM005)")
    if schema.types[args.type]:
        todo.append("the text of each section, and the caveat (the <!-- prompts --> say what goes where)")
    else:
        todo.append("the text of the page (the checker cannot tell when that is missing)")
    group = nav_group(rel)
    where = f' under "{group}:"' if group else " in the right place"
    print(f"Created {shown(target)} (type: {args.type}).")
    print(f"\nAdd it to the nav in mkdocs.yml{where} (match the indentation of its neighbours):\n")
    print(nav_line(title, rel))
    print("\nOnly you can supply these; the checker reports each one until it is done:")
    for item in todo:
        print(f"  - {item}")
    print("\nEverything else already passes the checker. Check the page with:\n")
    print(f"  python -m hooks.check {shown(target)}")
    print("\nHow to write it: docs/editing-guide.md (Editing guide in the site).")
    return 0


def shown(path: Path) -> str:
    """The path as the editor would type it: relative to the current folder when inside it."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return str(path)


def main(argv=None) -> int:
    try:
        return run(sys.argv[1:] if argv is None else argv)
    except Fail as exc:
        print(f"hooks.new: {exc}", file=sys.stderr)
        return exc.code
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # output piped into a command that stopped reading (e.g. head)
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


if __name__ == "__main__":
    sys.exit(main())
