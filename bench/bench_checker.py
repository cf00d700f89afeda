"""Benchmark the page checker. A script that prints figures, not a test.

    python bench/bench_checker.py [--pages N] [--runs R] [--build]

Figures:
  library   pages/second of hooks.checker over N generated pages (files read from disk)
  CLI       pages/second of `python -m hooks.check` on the same pages, start-up included: every page
            checked (--no-cache), and unchanged pages (the stored result replayed, hooks/content/replay.py)
  --build   (a) strict build of the real reference with and without hooks/gate/mkdocs_gate.py
                (a copy of the project; 3 runs each, interleaved, median, ratio)
            (b) strict build of a generated 1,000-page site using the project's own mkdocs.yml
                (same hooks, extensions, theme features), with the reference's pages, a sectioned
                navigation (20 sections of 50 pages, pruned) and a claims ledger extended with one
                entry per generated evidence and mechanism page; all five page types, with
                citations, admonitions, code blocks and links to the glossary and between pages
            (c) the same generated site built by Zensical (`python -m zensical build --clean`), when
                it is installed: the same pages from the same mkdocs.yml, the Markdown extension and
                the template overrides, no hooks (the gate runs before it: `python -m hooks.check`)
  --build-runs R  builds per figure (median; default 3)
Builds are timed cold (the user cache folder emptied: every rule runs, every page's HTML is parsed) and,
for the gate and the MkDocs build, warm too (a rebuild with the same pages: the gate replays the
stored check result, hooks/content/replay.py, and the HTML scan skips pages it scanned clean,
htmlscan.CleanCache).
Targets: >= 5,000 pages/s (CLI, 1,000 pages); gate CPU overhead <= 5 %; 1,000-page strict build
<= 12 s on MkDocs, Zensical no slower.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import resource
from datetime import date, timedelta
from pathlib import Path

import yaml

from hooks.checker import Checker, Project, load_schema, run
from hooks.content import replay
from hooks.content.project import ROOT
from hooks.gate.htmlscan import CleanCache

# Commands run as on an editor's machine: Python keeps the compiled bytecode of the project's modules
# (some sandboxes set PYTHONDONTWRITEBYTECODE, which makes every start compile every module again).
ENV = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}

KEYS = ["ju2017", "feng2023", "dimitrova2017", "goldman2010", "treede2008", "finnerup2016", "nice_cg173"]
# Page types, their sections and required fields come from the schema, so the generated pages stay
# valid when the contract changes.
SCHEMA = load_schema(ROOT / "data" / "schema.yml")
SECTIONS = {kind: list(sections) for kind, sections in SCHEMA.types.items()}


def _needs(field: str, kind: str) -> bool:
    spec = SCHEMA.fields.get(field)
    return spec is not None and kind in spec.required


PROSE = (
    "Researchers compared needling with usual care in a small group of adults with nerve pain. "
    "The differences were modest and the trials were short, so our certainty is low. "
)


def page_text(rng: random.Random, kind: str, broken: bool) -> str:
    """One page of realistic shape: front matter, required sections, citations, an admonition, code."""
    today = date.today()
    keys = rng.sample(KEYS, 2)
    front = [f"title: Generated {kind} page", "description: A generated page used to time the checker.", f"type: {kind}"]
    if _needs("answer", kind):
        front += ["answer: A small trial found a small benefit. Our certainty is low."]
    if _needs("reviewed", kind):
        front += [f"reviewed: {today}", f"next_review: {today + timedelta(days=365)}"]
    if _needs("evidence_query", kind):
        front += ["evidence_query: 'acupuncture AND \"nerve pain\"'", f"searched_to: {today}"]
    if _needs("evidence", kind):
        front += ["evidence: [trial, animal]"]
    if _needs("certainty", kind):
        front += ["certainty: low"]
    if _needs("sources", kind):
        front += ["sources:"] + [f"  - {key}" for key in keys]
    front += ["tags: [generated, benchmark]"]
    body = []
    for section in SECTIONS[kind] or ["Notes"]:
        body.append(f"## {section}\n")
        if section == "Caveats":
            body.append('!!! warning "What this does not show"\n\n    ' + PROSE + "\n")
        elif section == "References":
            body.append("This page cites these works; full details are on the References page.\n")
        else:
            cite = f" [@{keys[0]}; @{keys[1]}]" if _needs("sources", kind) else ""
            body.append((PROSE * 3) + cite + "\n\n" + "- A point with `inline code`.\n- Another point.\n")
            body.append("### A subsection\n\n" + PROSE * 2 + "\n\n```text\n## not a heading\n```\n")
    text = "---\n" + "\n".join(front) + "\n---\n\n" + "\n".join(body)
    if broken:
        text = text.replace("## Caveats", "## caveats").replace("certainty: low", "certainty: strong")
    return text


def generate(docs: Path, count: int, broken_share: float = 0.05, kinds=tuple(SECTIONS)) -> list[str]:
    """Write `count` pages into docs/section-XX/page-YYYY.md; return their paths relative to docs/."""
    rng = random.Random(3)
    paths = []
    for number in range(count):
        kind = kinds[number % len(kinds)]
        relative = f"section-{number // 50:02d}/page-{number:04d}.md"
        (docs / relative).parent.mkdir(parents=True, exist_ok=True)
        (docs / relative).write_text(page_text(rng, kind, rng.random() < broken_share))
        paths.append(relative)
    return paths


def make_project(target: Path, with_docs: bool) -> Path:
    """A copy of the project (hooks, data, includes, overrides, mkdocs.yml; docs if asked)."""
    ignore = shutil.ignore_patterns("__pycache__")
    for name in ("hooks", "data", "includes", "overrides") + (("docs",) if with_docs else ()):
        if (ROOT / name).exists():
            shutil.copytree(ROOT / name, target / name, ignore=ignore)
    shutil.copy(ROOT / "mkdocs.yml", target / "mkdocs.yml")
    (target / "docs").mkdir(exist_ok=True)
    return target


def median_time(action, runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def bench_checker(pages: int, runs: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        project = make_project(Path(tmp), with_docs=False)
        paths = generate(project / "docs", pages)
        big_ledger(project, project / "docs", paths, prefix="")  # a site whose ledger names its pages
        # ... and whose nav names them (NAV001), as a real site's must.
        (project / "mkdocs.yml").write_text("site_name: Bench\nnav:\n" + "".join(f"  - {p}\n" for p in paths))
        written = time.time()
        checker = Checker.load(Project.at(project))
        problems, checked = run(checker, [project / "docs"])
        library = median_time(lambda: run(Checker.load(Project.at(project)), [project / "docs"]), runs)
        command = [sys.executable, "-m", "hooks.check", "docs", "--quiet"]
        subprocess.run([*command, "--no-cache"], cwd=project, env=ENV, capture_output=True, check=False)  # bytecode
        cold = median_time(lambda: subprocess.run([*command, "--no-cache"], cwd=project, env=ENV, capture_output=True,
                                                  check=False), runs)
        time.sleep(max(0.0, replay.RACY_NS / 1e9 - (time.time() - written)) + 0.1)  # results over fresh files are not stored
        subprocess.run(command, cwd=project, env=ENV, capture_output=True, check=False)  # stores the result
        warm = median_time(lambda: subprocess.run(command, cwd=project, env=ENV, capture_output=True, check=False), runs)
        replayed = "replayed" in subprocess.run([*command[:-1]], cwd=project, env=ENV, capture_output=True,
                                                text=True).stderr
        print(f"pages generated: {checked} ({len(problems)} problems planted and found)")
        print(f"library: {checked / library:8.0f} pages/s  ({library * 1000:.0f} ms, median of {runs})")
        for name, seconds in (("CLI, every page checked (--no-cache)", cold),
                              (f"CLI, unchanged pages ({'result replayed' if replayed else 'NOT replayed'})", warm)):
            print(f"{name}: {checked / seconds:8.0f} pages/s  ({seconds * 1000:.0f} ms incl. start-up, median of {runs})"
                  f"   target >= 5000 pages/s: {'met' if checked / seconds >= 5000 else 'NOT met'}")


def strict_build(project: Path, config: str = "mkdocs.yml", strict: bool = True) -> tuple[float, int, float]:
    """(wall-clock seconds, exit code, CPU seconds of the build process)."""
    env = {**ENV, "NO_MKDOCS_2_WARNING": "1"}
    env.pop("GITHUB_ACTIONS", None)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", *(["--strict"] if strict else []), "-q", "-f", config, "-d", "out"],
        cwd=project, env=env, capture_output=True, text=True, check=False,
    )
    elapsed = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if result.returncode:
        print(f"  (build exited {result.returncode}: {result.stderr.strip().splitlines()[-3:]})")
    return elapsed, result.returncode, cpu


def bench_hook_overhead(runs: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        with_gate = make_project(Path(tmp) / "with", with_docs=True)
        without = make_project(Path(tmp) / "without", with_docs=True)
        config = (without / "mkdocs.yml").read_text()
        config = config.replace("  - hooks/gate/mkdocs_gate.py\n", "")
        if re.search(r"^hooks:\n(?!  - )", config, re.M):  # the gate was the only hook
            config = re.sub(r"^hooks:\n", "", config, flags=re.M)
        (without / "mkdocs.yml").write_text(config)
        strict_build(with_gate)  # warm the file system and write both copies' bytecode
        strict_build(without)
        timings = {"without": [], "cold": [], "warm": []}
        cpu = {"without": [], "cold": [], "warm": []}
        for _ in range(runs):
            for name, project in (("without", without), ("cold", with_gate), ("warm", with_gate)):
                if name == "cold":
                    shutil.rmtree(CleanCache.folder_for(project), ignore_errors=True)
                elapsed, _, used = strict_build(project)
                timings[name].append(elapsed)
                cpu[name].append(used)
        off, cpu_off = statistics.median(timings["without"]), statistics.median(cpu["without"])
        for name in ("cold", "warm"):
            on, cpu_on = statistics.median(timings[name]), statistics.median(cpu[name])
            overhead = (cpu_on / cpu_off - 1) * 100
            print(f"reference build, strict, gate {name}: with gate {on:.2f} s, without {off:.2f} s (median of {runs}); "
                  f"CPU {cpu_on:.2f} s vs {cpu_off:.2f} s ({overhead:+.1f} %)   target <= 5 %: "
                  f"{'met' if overhead <= 5 else 'NOT met'}")


BIG_KINDS = ("overview", "condition", "evidence", "mechanism", "reference")
CLAIM_ANCHORS = {"evidence": "what-the-studies-show", "mechanism": "the-claim"}


GLOSSARY_ANCHORS = ("allodynia", "adenosine", "adverse-event", "agonist", "amitriptyline", "animal-model")


def add_links(text: str, path: str, count: int) -> str:
    """Make a generated page closer to the reference's pages for a build: every section but References
    gets a sentence linking a glossary entry and another generated page (the real pages average 14
    links; links and anchors are what a strict build validates), and the first section a collapsible
    note (they average 2.4 admonitions)."""
    number = int(path[-7:-3])
    out, in_code, section = [], False, 0
    for line in text.split("\n"):
        out.append(line)
        if line.startswith("```"):
            in_code = not in_code
        if in_code or not line.startswith("## ") or line == "## References":
            continue
        section += 1
        other = (number + section) % count
        anchor = GLOSSARY_ANCHORS[(number + section) % len(GLOSSARY_ANCHORS)]
        out += ["", f"The term [{anchor.replace('-', ' ')}](../../glossary.md#{anchor}) is explained in the "
                f"glossary; [another page](../section-{other // 50:02d}/page-{other:04d}.md) looks at a related question."]
        if section == 1:
            out += ["", '??? note "About these studies"', "", "    " + PROSE.strip()]
    return "\n".join(out)


def big_ledger(project: Path, docs: Path, paths: list[str], prefix: str = "generated/") -> int:
    """The project's claims ledger plus one entry per generated evidence and mechanism page (the
    ledger must name every such page; `prefix` is their folder under docs/); returns the number of
    entries added."""
    ledger_file = project / "data" / "claims.yml"
    ledger = yaml.safe_load(ledger_file.read_text(encoding="utf-8"))
    added = 0
    for path in paths:
        meta = yaml.safe_load((docs / path).read_text(encoding="utf-8").split("---\n")[1])
        kind = meta["type"]
        if kind not in CLAIM_ANCHORS:
            continue
        added += 1
        ledger["claims"].append({
            "id": f"G{added:04d}",
            "section": "mechanisms" if kind == "mechanism" else "evidence",
            "claim": f"A generated claim examined on generated page {path[-7:-3]}.",
            "verdict": "animal-evidence-only" if kind == "mechanism" else "not-supported",
            "evidence": list(meta["evidence"]),
            "certainty": meta["certainty"],
            "sources": list(meta["sources"]),
            "reason": "Generated for the build benchmark; the studies are small and short.",
            "page": f"{prefix}{path}#{CLAIM_ANCHORS[kind]}",
        })
    ledger_file.write_text(yaml.safe_dump(ledger, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return added


def make_big_site(target: Path, pages: int) -> Path:
    """The reference plus `pages` generated pages of all five types, a sectioned navigation for them
    and a ledger naming the generated evidence and mechanism pages."""
    project = make_project(target, with_docs=True)
    docs = project / "docs" / "generated"
    paths = generate(docs, pages, broken_share=0.0, kinds=BIG_KINDS)
    for path in paths:
        page = docs / path
        page.write_text(add_links(page.read_text(encoding="utf-8"), path, pages), encoding="utf-8")
    big_ledger(project, docs, paths)
    sections: dict[str, list[str]] = {}
    for path in paths:
        sections.setdefault(path.split("/")[0], []).append(f"generated/{path}")
    nav = "\n".join(
        f"      - Section {name[-2:]}:\n" + "\n".join(f"          - {page}" for page in items)
        for name, items in sections.items()
    )
    config = (project / "mkdocs.yml").read_text() + f"  - Generated:\n{nav}\n"
    (project / "mkdocs.yml").write_text(config)
    return project


def engine_only(config: str) -> str:
    """mkdocs.yml without the gate hook and the project's own Markdown extensions (npa_*)."""
    config = re.sub(r"^hooks:\n(?:  - .*\n)+", "", config, flags=re.M)
    return re.sub(r"^  - npa_\w+:?\n(?:      .*\n)*", "", config, flags=re.M)


def zensical_build(project: Path, config: str = "mkdocs.yml") -> tuple[float, int, float]:
    """(wall-clock seconds, exit code, CPU seconds) of a clean Zensical build of the project."""
    env = dict(ENV)  # the Markdown extensions come from the installed project (pip install -e .)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "zensical", "build", "--clean", "-f", config], cwd=project, env=env,
                            capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if result.returncode:
        print(f"  (zensical exited {result.returncode}: {result.stderr.strip().splitlines()[-3:]})")
    return elapsed, result.returncode, cpu


def bench_big_site(pages: int, runs: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        project = make_big_site(Path(tmp), pages)
        for name in ("cold", "warm"):
            results = []
            for _ in range(runs):
                if name == "cold":
                    shutil.rmtree(CleanCache.folder_for(project), ignore_errors=True)
                results.append(strict_build(project))
            elapsed = statistics.median(r[0] for r in results)
            cpu = statistics.median(r[2] for r in results)
            code = max(r[1] for r in results)
            status = "met" if elapsed <= 12 and code == 0 else "NOT met"
            print(f"generated site, {pages} pages + the reference, strict build ({name}): {elapsed:.2f} s"
                  f" (median of {runs}; CPU {cpu:.2f} s; exit {code})   target <= 12 s: {status}")
        floor = project / "mkdocs.floor.yml"
        floor.write_text(engine_only((project / "mkdocs.yml").read_text(encoding="utf-8")), encoding="utf-8")
        results = [strict_build(project, floor.name, strict=False) for _ in range(runs)]
        print(f"the same site, MkDocs, Material and pymdownx alone (no gate, none of the project's Markdown "
              f"extensions; not strict: citations stay raw): {statistics.median(r[0] for r in results):.2f} s "
              f"(median of {runs}; CPU {statistics.median(r[2] for r in results):.2f} s)")
        try:
            import zensical  # noqa: F401
        except ImportError:
            print("Zensical: not installed (pip install -r requirements-zensical.txt), no figure")
            return
        results = [zensical_build(project) for _ in range(runs)]
        elapsed = statistics.median(r[0] for r in results)
        cpu = statistics.median(r[2] for r in results)
        code = max(r[1] for r in results)
        html = sum(1 for _ in (project / "site").rglob("*.html"))
        print(f"generated site, {pages} pages + the reference, Zensical build: {elapsed:.2f} s"
              f" (median of {runs}; CPU {cpu:.2f} s; exit {code}; {html} HTML files)")
        results = [zensical_build(project, floor.name) for _ in range(runs)]
        print(f"the same site, Zensical alone (none of the project's Markdown extensions): "
              f"{statistics.median(r[0] for r in results):.2f} s (median of {runs}; "
              f"CPU {statistics.median(r[2] for r in results):.2f} s)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--build", action="store_true", help="also time strict MkDocs builds (slow)")
    parser.add_argument("--build-runs", type=int, default=3, help="builds per build figure (median)")
    parser.add_argument("--only-build", action="store_true", help="skip the checker figures")
    args = parser.parse_args()
    print(f"machine: {os.cpu_count()} CPUs, Python {sys.version.split()[0]}, load {os.getloadavg()[0]:.1f}")
    if not args.only_build:
        bench_checker(args.pages, args.runs)
    if args.build or args.only_build:
        bench_hook_overhead(args.build_runs)
        bench_big_site(args.pages, args.build_runs)


if __name__ == "__main__":
    main()
