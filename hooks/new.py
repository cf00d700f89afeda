"""Start a new page that follows the page contract.

    python -m hooks.new TYPE "Title" [--dir SECTION] [--today YYYY-MM-DD] [--docs DIR]
                                     [--add-nav] [--add-ledger]

Everything the page needs comes from data/schema.yml (the types, their required sections, the
vocabularies and the review cycle), so the scaffold cannot drift from what the checker enforces.

The new page passes the checker except for what only an editor can supply: the description, the
short answer and its certainty (pages with an "In short" section), the evidence kinds (evidence and
mechanism pages), the sources and the text of each section. Those are left as visible gaps (empty values and HTML comments, which readers never see), so
`python -m hooks.check` points at each of them with a file and line until the editor fills them in.

It then prints every other step the new page needs, each with what to write and where: its line in
the nav of mkdocs.yml, a link from the overview page that lists its neighbours, and (evidence and
mechanism pages) its entry in the claims ledger, data/claims.yml. `--add-nav` writes the nav line
and `--add-ledger` a ledger entry whose gaps the checker reports until they are filled; neither
ever replaces what is there (a nav line or ledger entry already naming the page stops the command
before anything is written).

Exit codes: 0 page created, 1 the file (or its nav line or ledger entry) already exists, 2 bad
arguments or the schema cannot be read.
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

from hooks.content import schema as checker_schema
from hooks.content.config import parse_config, read_config
from hooks.content.schema import Schema

from hooks.content.project import ROOT
SCHEMA = ROOT / "data" / "schema.yml"
MKDOCS_YML = ROOT / "mkdocs.yml"

# Where each type lives (trait `folder`), what goes under each section (`prompts`) and which types
# the claims ledger must name (trait `ledger`, rule CLM005) come from data/schema.yml.

EDITOR_ONLY = {
    "description": "description: one sentence, at most {max} characters",
    "answer": "answer: the short answer shown first, one or two plain sentences (reading age 9 to 11)",
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


def wants_answer(schema: Schema, page_type: str) -> bool:
    """Pages with the reading section ("In short") open with the short answer, and say how certain
    its evidence is; and any type the schema requires an answer of."""
    if "answer" not in schema.fields:
        return False
    return required_for(schema, "answer", page_type) or schema.reading.section in schema.types[page_type]


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
    if wants_answer(schema, page_type):
        limit = schema.fields["answer"].max_length
        lines.append('answer: ""  # editor: one or two plain sentences that answer the reader first, then '
                     '"Our certainty is ..." (the words of `certainty`)'
                     + (f", at most {limit} characters" if limit else ""))
    lines.append(f"type: {page_type}")
    if required_for(schema, "reviewed", page_type):
        lines.append(f"reviewed: {today.isoformat()}")
    if required_for(schema, "next_review", page_type):
        max_years = schema.max_years
        lines.append(
            f"next_review: {add_years(today, min(1, max_years)).isoformat()}"
            f"  # at most {max_years} years after reviewed"
        )
    if required_for(schema, "evidence_query", page_type):
        lines.append("evidence_query: ''  # editor: the page's question as a Europe PMC search, e.g. "
                     "'acupuncture AND \"carpal tunnel\"'")
    if required_for(schema, "searched_to", page_type):
        lines.append("searched_to:  # editor: the date the evidence was searched up to (YYYY-MM-DD)")
    if required_for(schema, "evidence", page_type):
        lines.append(f"evidence: []  # editor: one or more of {', '.join(schema.choices('evidence'))}")
    if required_for(schema, "certainty", page_type) or wants_answer(schema, page_type):
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
    nav = read_config(mkdocs_yml).nav or []  # only a hint: an unreadable nav gives none
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
# The steps beyond the page: its nav line, the overview that lists its neighbours, its ledger entry.
# Each is printed; --add-nav and --add-ledger write the first and the last. Everything is worked out
# (and every refusal made) before any file is written.


class Steps:
    """What the new page needs besides itself, and the files to write for the --add-* options."""

    def __init__(self) -> None:
        self.nav_line = ""
        self.nav_group: str | None = None
        self.nav_write: tuple[Path, str, int] | None = None  # (mkdocs.yml, new text, line added)
        self.overviews: list[str] = []  # docs-relative overview pages that link to the neighbours
        self.folder = ""
        self.ledger_page = ""  # page#anchor the ledger entry names ("" if no entry is needed)
        self.ledger_entry = ""
        self.ledger_write: tuple[Path, str, int] | None = None  # (claims.yml, new text, line added)


def project_files(docs: Path) -> tuple[Path, Path]:
    """mkdocs.yml and data/claims.yml of the project whose docs folder is `docs`."""
    root = docs.resolve().parent
    return root / "mkdocs.yml", root / "data" / "claims.yml"


def plan_steps(schema: Schema, page_type: str, title: str, rel: str, docs: Path,
               add_nav: bool, add_ledger: bool) -> Steps:
    steps = Steps()
    config, ledger = project_files(docs)
    steps.folder = rel.rpartition("/")[0]
    steps.nav_line = nav_line(title, rel)
    steps.nav_group = nav_group(rel, config if config.is_file() else MKDOCS_YML)
    if add_nav:
        steps.nav_write = nav_insertion(config, title, rel)
    steps.overviews = overview_pages(docs, steps.folder, rel)
    ledger_types = schema.types_with("ledger")
    if page_type in ledger_types:
        sections = schema.types[page_type]
        heading = "The claim" if "The claim" in sections else next((s for s in sections if s != "In short"), "")
        steps.ledger_page = f"{rel}#{heading_anchor(heading)}" if heading else rel
        steps.ledger_entry, steps.ledger_write = ledger_stub(ledger, rel, steps.ledger_page, slugify(title), add_ledger)
    elif add_ledger:
        raise Fail(f"--add-ledger: only {' and '.join(sorted(ledger_types))} pages are named in the claims ledger")
    return steps


def heading_anchor(heading: str) -> str:
    """The anchor Python-Markdown's toc gives a heading (the checker's own slug function)."""
    from hooks.content.page import slugify as toc_slug

    return toc_slug(heading)


def nav_insertion(config: Path, title: str, rel: str) -> tuple[Path, str, int]:
    """mkdocs.yml with the page's line added after the last nav line of a page in the same folder."""
    try:
        text = config.read_text(encoding="utf-8")
    except OSError as exc:
        raise Fail(f"--add-nav: cannot read {shown(config)}: {exc.strerror or exc}") from None
    nav = parse_config(text)
    if nav.problem or nav.missing:
        raise Fail(f"--add-nav: {shown(config)} has no nav this command can read; add the line by hand")
    if rel in nav.pages:
        raise Fail(f"{shown(config)} already names {rel} in its nav (line {nav.pages[rel]}); not changing it", code=1)
    folder = rel.rpartition("/")[0]
    neighbours = [line for page, line in nav.pages.items() if folder and page.rpartition("/")[0] == folder]
    if not neighbours:
        raise Fail(f"--add-nav: no page of the folder {folder or 'docs/ (the top level)'} is in the nav to put "
                   "it beside; add the printed line by hand where it belongs")
    lines = text.splitlines(keepends=True)
    after = max(neighbours)
    neighbour = lines[after - 1]
    indent = neighbour[: len(neighbour) - len(neighbour.lstrip(" "))]
    if not neighbour.lstrip(" ").startswith("- ") or not neighbour.rstrip().endswith(".md"):
        raise Fail(f"--add-nav: line {after} of {shown(config)} is not a one-line nav entry; add the line by hand")
    entry = f"{indent}- {yaml_text(' '.join(title.split()))}: {rel}\n"
    if not neighbour.endswith("\n"):
        entry = "\n" + entry.rstrip("\n")
    new_text = "".join(lines[:after]) + entry + "".join(lines[after:])
    if parse_config(new_text).pages.get(rel) != after + 1:
        raise Fail(f"--add-nav: could not add the line to {shown(config)} safely; add it by hand")
    return config, new_text, after + 1


def overview_pages(docs: Path, folder: str, rel: str) -> list[str]:
    """Overview pages that link to pages of the new page's folder: the new page belongs there too.
    (Tables generated from front matter or the ledger, such as the evidence map, need no edit.)"""
    import yaml

    found = []
    for page in sorted(docs.rglob("*.md")):
        try:
            text = page.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        match = re.match(r"\A---\n(.*?)\n---\n", text.replace("\r\n", "\n"), re.S)
        try:
            meta = yaml.safe_load(match.group(1)) if match else None
        except yaml.YAMLError:
            continue
        if not isinstance(meta, dict) or meta.get("type") != "overview":
            continue
        here = page.relative_to(docs).parent
        targets = {os.path.normpath(here / target).replace(os.sep, "/")
                   for target in re.findall(r"\]\(([^)#\s]+\.md)(?:#[^)]*)?\)", text)}
        neighbours = {t for t in targets if t.rpartition("/")[0] == folder and not t.endswith("index.md") and t != rel}
        if neighbours and page.relative_to(docs).as_posix() != rel:
            found.append(page.relative_to(docs).as_posix())
    return found


def ledger_stub(ledger: Path, rel: str, page: str, claim_id: str, write: bool) -> tuple[str, tuple | None]:
    """The ledger entry to add (text) and, with `write`, data/claims.yml with it appended."""
    import yaml

    try:
        text = ledger.read_text(encoding="utf-8")
        data = yaml.safe_load(text)
    except FileNotFoundError:
        if write:
            raise Fail(f"--add-ledger: there is no claims ledger at {shown(ledger)}") from None
        return "", None
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise Fail(f"cannot read the claims ledger {shown(ledger)}: {exc}") from None
    claims = data.get("claims") if isinstance(data, dict) else None
    if not isinstance(claims, list):
        raise Fail(f"the claims ledger {shown(ledger)} has no list of claims; fix it first (python -m hooks.check)")
    entries = [c for c in claims if isinstance(c, dict)]
    named = [c for c in entries if str(c.get("page", "")).partition("#")[0] == rel]
    if write and named:
        raise Fail(f"{shown(ledger)} already has an entry for {rel} (id {named[0].get('id')}); not adding another",
                   code=1)
    if write and any(c.get("id") == claim_id for c in entries):
        raise Fail(f"{shown(ledger)} already has an entry with id {claim_id}; not adding another", code=1)
    folder = rel.rpartition("/")[0]
    siblings = [c.get("section") for c in entries if str(c.get("page", "")).rpartition("/")[0] == folder]
    section = max(set(siblings), key=siblings.count) if siblings and folder else None
    verdicts = ", ".join(str(v) for v in (data.get("verdicts") or {}))
    match = re.search(r"^( *)- id:", text, re.M)
    indent = match.group(1) if match else "  "
    fields = [
        ("id", f"{claim_id}  # editor: a short id of your choice, unique in this file"),
        ("section", section if isinstance(section, str) and section
         else '""  # editor: one of the ids listed under sections: at the top of this file'),
        ("claim", '""  # editor: the claim of the source page this page examines, in your own words'),
        ("verdict", f'""  # editor: one of {verdicts}'),
        ("evidence", "[]  # editor: the kinds of evidence behind the verdict, as on the page"),
        ("certainty", '""  # editor: high, moderate, low or very-low (not-graded for a definition)'),
        ("sources", "[]  # editor: the bibliography keys behind the verdict"),
        ("reason", '""  # editor: one sentence: why this verdict'),
        ("page", page),
    ]
    entry = "\n".join(f"{indent}{'- ' if i == 0 else '  '}{name}: {value}" for i, (name, value) in enumerate(fields))
    if not write:
        return entry, None
    new_text = text.rstrip("\n") + "\n\n" + entry + "\n"
    try:
        new_claims = yaml.safe_load(new_text)["claims"]
    except (yaml.YAMLError, TypeError, KeyError):
        new_claims = None
    if not (isinstance(new_claims, list) and len(new_claims) == len(claims) + 1
            and isinstance(new_claims[-1], dict) and new_claims[-1].get("page") == page):
        raise Fail(f"--add-ledger: could not append to {shown(ledger)} safely (is claims: the last key?); "
                   "add the entry by hand")
    return entry, (ledger, new_text, new_text.count("\n", 0, new_text.rindex(f"- id: {claim_id}")) + 1)


def apply_steps(steps: Steps) -> None:
    """Write the nav line and the ledger entry that --add-nav and --add-ledger asked for."""
    for target in (steps.nav_write, steps.ledger_write):
        if target is None:
            continue
        path, text, _ = target
        temporary = path.with_name(path.name + ".new")
        try:
            with open(temporary, "w", encoding="utf-8", newline="\n") as handle:
                handle.write(text)
            os.replace(temporary, path)
        except OSError as exc:
            raise Fail(f"the page was created, but {shown(path)} could not be written: {exc.strerror or exc}") from None


def print_steps(steps: Steps) -> None:
    """Every step the new page needs besides its own text, numbered, each with what to write."""
    number = 0

    def step(text: str) -> None:
        nonlocal number
        number += 1
        print(f"\n{number}. {text}")

    where = f' under "{steps.nav_group}:"' if steps.nav_group else " in the right place"
    if steps.nav_write:
        path, _, line = steps.nav_write
        step(f"Nav: added to the nav of {shown(path)}, line {line}{where}:\n")
        print(steps.nav_line)
    else:
        step(f"Nav: add it to the nav in mkdocs.yml{where} (match the indentation of its neighbours; "
             "rule NAV001, or run with --add-nav):\n")
        print(steps.nav_line)
    if steps.overviews:
        pages = ", ".join(f"docs/{page}" for page in steps.overviews)
        step(f"Overview: add a link to it in {pages}, beside the links to the other pages of "
             f"{steps.folder}/ (tables generated from the pages, such as the evidence map, update themselves).")
    if steps.ledger_page:
        if steps.ledger_write:
            path, _, line = steps.ledger_write
            step(f"Claims ledger: added an entry for it to {shown(path)} at line {line}. Fill in each "
                 "field marked 'editor:'; the checker reports each gap (CLM001) until you do.")
        else:
            step("Claims ledger: add an entry to data/claims.yml for the claim of the source page that the "
                 f"page examines, with page: {steps.ledger_page} (rule CLM005, or run with --add-ledger). "
                 "For example, at the end of the file:\n")
            print(steps.ledger_entry or f"  - page: {steps.ledger_page}")


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
    parser.add_argument("--add-nav", action="store_true",
                        help="also write the page's line into the nav of mkdocs.yml, beside the "
                        "pages of its folder (never replaces a line)")
    parser.add_argument("--add-ledger", action="store_true",
                        help="also add an entry for the page to the claims ledger, data/claims.yml, "
                        "with gaps for you to fill (evidence and mechanism pages; never replaces one)")
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
    steps = plan_steps(schema, args.type, title, rel, docs, args.add_nav, args.add_ledger)

    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with open(target, "x", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
    except FileExistsError:
        raise Fail(f"{shown(target)} already exists; not overwriting it. Pick another title or "
                   "edit that page.", code=1) from None
    except OSError as exc:
        raise Fail(f"cannot write {shown(target)}: {exc.strerror or exc}") from None
    apply_steps(steps)

    todo = [EDITOR_ONLY["description"].format(max=max_description(schema))]
    if wants_answer(schema, args.type):
        todo.append(EDITOR_ONLY["answer"])
    todo += [EDITOR_ONLY[f] for f in ("evidence", "certainty", "sources")
             if required_for(schema, f, args.type) or (f == "certainty" and wants_answer(schema, args.type))]
    if schema.types[args.type]:
        todo.append("the text of each section, and the caveat (the <!-- prompts --> say what goes where)")
    else:
        todo.append("the text of the page (the checker cannot tell when that is missing)")
    print(f"Created {shown(target)} (type: {args.type}).")
    print_steps(steps)
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
