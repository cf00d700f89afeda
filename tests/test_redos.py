"""Issue 19, item 5: every regular expression the project runs on pull-request text finishes in
bounded time on adversarial input. Each compiled pattern of hooks/ (module level, and in module-level
dicts) runs on long runs of the characters and tokens that make backtracking engines blow up, at the
size limits (a paragraph of 20,000 characters: a quadratic pattern takes seconds there), in the way the code uses it; none may take longer than
BOUND. A pattern that the code only anchors (match, fullmatch) is listed in ANCHORED, and a static
check makes sure the code never searches with it."""
from __future__ import annotations

import importlib
import itertools
import multiprocessing
import pkgutil
import re
import time
from pathlib import Path

import pytest

import hooks
from hooks.content.limits import MAX_PARAGRAPH

ROOT = Path(__file__).resolve().parent.parent
BOUND = 0.25  # seconds per pattern and input (a quadratic pattern takes seconds at this size)
LIMIT = 60.0  # seconds for all the inputs of one pattern before the measuring child is stopped
ANCHORED = {  # used only with .match or .fullmatch (searching with them would rescan from every start)
    "hooks.content.page._CITE_KEY", "hooks.content.yamlnodes._KEY_LINE", "hooks.content.yamlnodes._ITEM_LINE",
    "hooks.checker.reading._TABLE_RULE", "hooks.content.yamlnodes._PLAIN", "hooks.content.yamlnodes._DATE",
    "hooks.content.yamlnodes._INT", "hooks.content.yamlnodes._DOUBLE", "hooks.content.yamlnodes._SINGLE",
    "hooks.content.bibliography.KEY", "hooks.content.bibliography.DOI", "hooks.content.bibliography.PMID",
    "hooks.content.bibliography.URL", "hooks.render.blocks.escape.KEY", "hooks.render.blocks.escape.DOI", "hooks.render.blocks.escape.PMID",
    "hooks.render.blocks.citations.INITIALS", "hooks.render.blocks.citations.ET_AL", "hooks.content.linear._LANG",
}
UNITS = list("\"':`[]{}<>-=\\#&@;,1a*_!()/.?+| \t") + [
    'a=""', '""', "@a", "[@", "``", "- ", "> ", "&#1", "on", "url(", "8<", ":-", ":1,", "{:", "a ", "!!! ",
    "[a](", "(see ", " (eds", "<a ", "{{", "}{", "\\\"",
]
TAILS = ("", "\x00", "\n", "$", "}", ")", '"')


def patterns() -> dict[str, re.Pattern]:
    modules = ["hooks.build", "hooks.check", "hooks.new", "hooks.weekly", "hooks.watch"]
    for package in ("hooks.content", "hooks.checker", "hooks.render", "hooks.render.blocks", "hooks.gate"):
        found = importlib.import_module(package)
        modules += [f"{package}.{info.name}" for info in pkgutil.iter_modules(found.__path__)]
    found: dict[str, re.Pattern] = {}
    for name in modules:
        module = importlib.import_module(name)
        for key, value in vars(module).items():
            if isinstance(value, re.Pattern):
                found[f"{name}.{key}"] = value
            elif isinstance(value, dict):
                for inner, item in value.items():
                    if isinstance(item, re.Pattern):
                        found[f"{name}.{key}[{inner}]"] = item
    return found


PATTERNS = patterns()


def test_the_audit_sees_the_project_patterns():
    assert len(PATTERNS) > 40
    assert "hooks.content.page._CITATION" in PATTERNS


def _worst_case(name: str) -> tuple[float, tuple[str, str] | None]:
    """The slowest (seconds, (unit, tail)) of one pattern over every adversarial input."""
    pattern = PATTERNS[name]
    anchored = name in ANCHORED
    worst, worst_input = 0.0, None
    for unit, tail in itertools.product(UNITS, TAILS):
        text = unit * (MAX_PARAGRAPH // len(unit)) + tail
        started = time.perf_counter()
        if anchored:
            pattern.match(text)
            pattern.fullmatch(text)
        else:
            pattern.search(text)
            list(itertools.islice(pattern.finditer(text), 10_000))
        took = time.perf_counter() - started
        if took > worst:
            worst, worst_input = took, (unit, tail)
        if worst >= BOUND:  # the verdict is known: no need to try the rest
            break
    return worst, worst_input


def _measure_in_child(name: str, connection) -> None:
    connection.send(_worst_case(name))
    connection.close()


@pytest.mark.parametrize("name", sorted(PATTERNS))
def test_pattern_is_bounded_on_adversarial_input(name):
    # A backtracking pattern can run for hours and Python cannot interrupt a running match: measure
    # in a forked child and stop it after LIMIT, so a bad pattern fails the test instead of hanging it.
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(target=_measure_in_child, args=(name, sender))
    child.start()
    sender.close()
    finished = receiver.poll(LIMIT)
    result = receiver.recv() if finished else None
    child.join(1)
    if child.is_alive():
        child.kill()
        child.join()
    assert result is not None, f"{name} ran past {LIMIT:.0f} s on adversarial input (catastrophic backtracking)"
    worst, worst_input = result
    assert worst < BOUND, f"{name} took {worst:.2f} s on {worst_input[0]!r} x {MAX_PARAGRAPH // len(worst_input[0])} + {worst_input[1]!r}"


@pytest.mark.parametrize("name", sorted(ANCHORED))
def test_anchored_patterns_are_never_searched(name):
    module, _, variable = name.rpartition(".")
    source = (ROOT / (module.replace(".", "/") + ".py")).read_text(encoding="utf-8")
    for method in ("search", "sub", "subn", "finditer", "findall", "split"):
        assert f"{variable}.{method}(" not in source, f"{name} is used with .{method}: make it linear first"
