"""Issue 19, item 5: hostile input of up to 5 MB gets a finding with a rule id and a line, never a
hang, a signal or a traceback, in the checker and in both engines' builds (the gate runs the checker,
and its size and depth limits, before Python-Markdown or libyaml sees anything)."""
from __future__ import annotations

import time
from pathlib import Path

import pytest

from hooks.checker import Checker, Project
from hooks.content import limits
from hooks.content.linear import REFERENCE, admonition_title, fence_opens, snippet_line, strip_line_range

ROOT = Path(__file__).resolve().parent.parent
FRONT = "---\ntitle: Test page\ndescription: A test page.\ntype: reference\n---\n\n## Text\n\n"
FIVE_MB = 5_000_000

SHAPES = {  # the shapes, and their 5 MB forms: (page text, rule expected)
    "fence line of 30 options": (FRONT + "```" + ' a=""' * 30 + " $\n\nx\n```\n", "SIZE005"),
    "snippet line of 60,000 colons": (FRONT + '--8<-- "' + ":" * 60_000 + 'x"\n', "SIZE002"),
    "admonition title of 60,000 quote pairs": (FRONT + "!!! note " + '""' * 60_000 + "x\n", "SIZE001"),
    "admonition title of 20,000 quote pairs": (FRONT + "!!! note " + '""' * 20_000 + "x\n", "SIZE002"),
    "4 MB paragraph": (FRONT + ("word " * 15 + "\n") * (4_000_000 // 76), "SIZE001"),
    "60 KB paragraph": (FRONT + ("word " * 15 + "\n") * (60_000 // 76), "SIZE003"),
    "5 MB line": (FRONT + "a" * FIVE_MB, "SIZE001"),
    "brackets": (FRONT + "[" * 4_000 + "\n", "SIZE003"),
    "raw HTML starts": (FRONT + "<a " * 1_500 + "\n", "SIZE003"),
    "list nested 120 deep": (FRONT + "".join(" " * (4 * i) + "- x\n\n" for i in range(120)), "SIZE004"),
    "list markers 600 on a line": (FRONT + "- " * 600 + "x\n", "SIZE004"),
    "ordered markers 600 on a line": (FRONT + "1. " * 600 + "x\n", "SIZE004"),
    "quote nested 600 deep": (FRONT + "> " * 600 + "x\n", "SIZE004"),
    "raw HTML nested 450 deep": (FRONT + "<div markdown>\n\n" * 450 + "x\n\n" + "</div>\n\n" * 450, "SIZE004"),
    "front matter list nested 50,000 deep": ("---\ntitle: T\ntags: " + "[\n" * 50_000 + "---\n", "SIZE001"),
    "front matter list nested 20,000 deep": ("---\ntitle: T\ntags: " + "[\n" * 20_000 + "---\n", "SIZE004"),
    "front matter block nesting": ("---\ntitle: T\ntags:\n" + "".join(" " * i + "- \n" for i in range(1, 40)) + "---\n", "SIZE004"),
    "5 MB front matter": ("---\ntitle: T\ntags: [" + "a, " * (FIVE_MB // 3) + "]\n---\n", "SIZE001"),
}


@pytest.fixture(scope="module")
def checker():
    return Checker.load(Project.at(ROOT))


@pytest.mark.parametrize("name", list(SHAPES))
def test_hostile_shape_gets_a_finding_quickly(checker, name):
    text, rule = SHAPES[name]
    started = time.perf_counter()
    problems = checker.check_page_bytes(ROOT / "docs" / "x.md", text.encode())
    took = time.perf_counter() - started
    assert rule in {problem.rule for problem in problems}, (name, [(p.rule, p.message) for p in problems][:5])
    assert all(problem.rule != "CHK001" for problem in problems)
    assert took < 2, f"{name}: {took:.2f} s"


def test_limits_leave_the_real_pages_alone(checker):
    for page in sorted((ROOT / "docs").rglob("*.md")) + sorted((ROOT / "includes").glob("*.md")):
        text = page.read_text(encoding="utf-8")
        assert limits.text_findings(text, text.split("\n")) == [], page


def test_yaml_depth_counts_before_parsing():
    assert limits.yaml_depth(["a:", "  b:", "    - [1, [2, {c: d}]]"]) is None
    deep = limits.yaml_depth(["a: " + "[" * 40])
    assert deep is not None and deep.rule == "SIZE004" and deep.line == 1
    assert limits.yaml_depth(['title: "[[[[[[[[[[[[[[[[[[[[[["']) is None  # brackets inside a string


def test_the_schema_and_rendering_never_give_libyaml_deep_input(tmp_path):
    from hooks.content.schema import SchemaError, load_schema
    from hooks.content import _yaml_mapping

    deep = tmp_path / "deep.yml"
    deep.write_text("a: " + "[" * 60_000 + "\n")
    with pytest.raises(SchemaError, match="nested too deeply"):
        load_schema(deep)
    assert _yaml_mapping(deep) == {}


def test_data_files_over_the_limits_are_findings(tmp_path):
    from hooks.content.yamlnodes import load_data_file

    located, finding = load_data_file(b"claims:\n  - " + b"[\n" * 50_000, "CLM001", "data/claims.yml")
    assert located is None and finding.rule == "SIZE004"
    located, finding = load_data_file(b"a: " + b"x" * (limits.MAX_DATA_BYTES + 1), "CLM001", "data/claims.yml")
    assert located is None and finding.rule == "SIZE001"


def test_linear_readers_match_the_expressions_they_replace():
    import random
    import re

    fence, title = re.compile(REFERENCE["fence"]), re.compile(REFERENCE["admonition_title"])
    snippet, ranges = re.compile(REFERENCE["snippet_line"]), re.compile(REFERENCE["line_range"])
    rng = random.Random(19)

    def make(alphabet, most):
        return "".join(rng.choice(alphabet) for _ in range(rng.randint(0, most)))

    for _ in range(20_000):
        line = rng.choice(["```", "~~~", "````"]) + make([" ", "\t", "a", "b=", '"', "'", "{", "}", ".", "py", "$"], 9)
        match = fence.match(line)
        assert fence_opens(line) == bool(match and not match.group("unrecognized")), line
        rest = make(['"', " ", "a", "\t"], 8)
        match = title.search(rest)
        assert admonition_title(rest) == ((match.start(), match.group(1)) if match else None), rest
        line = make([" ", ";"], 2) + make(["-", "-8<-", "8<"], 3) + make([" ", "\t", '"', "'", "\\", "a"], 6)
        match = snippet.fullmatch(line)
        assert snippet_line(line) == ((match.group(1), match.group(2)) if match else None), line
        name = make(["a", ":", ",", "-", "1"], 8)
        assert strip_line_range(name) == ranges.sub("", name), name


def test_the_command_line_on_a_5_mb_page(tmp_path):
    from projectcopy import copy_project, run

    project = copy_project(tmp_path)
    (project / "docs" / "huge.md").write_text(SHAPES["5 MB line"][0], encoding="utf-8")
    (project / "docs" / "deep.md").write_text(SHAPES["front matter list nested 20,000 deep"][0], encoding="utf-8")
    started = time.perf_counter()
    result = run(project, "-m", "hooks.check", "docs/huge.md", "docs/deep.md")
    took = time.perf_counter() - started
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "docs/huge.md:1: SIZE001" in output
    assert "docs/deep.md:18: SIZE004" in output  # where the nesting passes 16 levels
    assert "Traceback" not in output
    assert took < 10, took


@pytest.mark.parametrize("engine", ["mkdocs", "zensical"])
def test_builds_stop_before_rendering(tmp_path, engine):
    """The shapes that hang or crash Python-Markdown never reach it, on either engine."""
    from projectcopy import copy_project, run

    if engine == "zensical":
        pytest.importorskip("zensical")
    project = copy_project(tmp_path)
    about = project / "docs" / "about.md"
    about.write_text(about.read_text(encoding="utf-8") + "\n" + "".join(" " * (4 * i) + "- x\n" for i in range(120))
                     + "\n```" + ' a=""' * 30 + " $\n```\n", encoding="utf-8")
    started = time.perf_counter()
    if engine == "mkdocs":  # the engine itself, its gate hook in on_config
        result = run(project, "-m", "mkdocs", "build", "-d", str(tmp_path / "out"))
    else:
        result = run(project, "-m", "hooks.build", "--engine", engine, "-d", str(tmp_path / "out"))
    took = time.perf_counter() - started
    output = result.stdout + result.stderr
    assert result.returncode != 0 and result.returncode > 0, output  # an exit status, never a signal
    assert "SIZE004" in output and "SIZE005" in output, output
    assert "Traceback" not in output and "RecursionError" not in output
    assert took < 60, took
