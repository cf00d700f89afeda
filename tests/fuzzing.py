"""A mutation fuzzer over the project's real pages and data files (used by tests/test_fuzz.py for a
few seconds and by bench/bench_fuzz.py for longer).

Each case mutates one real file with hostile fragments (markup, YAML aliases and tags, entities,
long runs of spaces, backticks and brackets, control characters, broken UTF-8) and runs it through
the checker, the rendering helpers and the HTML scan. A case fails if anything raises, if the
checker reports its own failure (CHK001), or if it takes longer than the limit.
"""
from __future__ import annotations

import random
import time
from pathlib import Path

from hooks.checker import Checker, Project
from hooks.content.bibliography import parse_bibliography
from hooks.checker.assets import asset_findings
from hooks.gate.htmlscan import scan_page_html
from hooks.checker.ledger import check_ledger
from hooks.content.page import parse_text
from hooks.render.reference import _link_citations

ROOT = Path(__file__).resolve().parent.parent
LIMIT = 2.0  # seconds per case

FRAGMENTS = [
    "<", ">", "&", '"', "'", "`", "``", "```", "~~~", "\\", "{:", "}", "{: onclick=x }", "{#a}", "[@", "]",
    "[@ju2017]", "[@ju2017; @x]", "*a", "&a ", "*a]", "!!x", "!!python/object:os.system ", "<<: *a", "---",
    "...", ":", ": ", "- ", "? ", "|", ">-", "#", "## ", "\n", "\n\n", "\t", "\x00", "\x1b", "\u2028",
    "\ufeff", "\ud7ff", "&#106;avascript:", "&#x0A;", "javascript:", "data:text/html,", "<script>",
    "<img src=x onerror=alert(1)>", '<img alt="<" onerror=a>', "<!--", "-->", "<style>", "%",
    "2026-02-30", "9999-12-31", "[", "(", ")", "![x](https://example.org/x.png)", "--8<-- ",
    # issue 19: nested markup in foreign content, comments and CDATA, escapes in CSS, theme look-alikes
    '<svg><style><img alt="<" src=x onerror=a></style></svg>', "<math><mtext><table><mglyph><style><img src=x>",
    "<svg>", "</svg>", "<math>", "<!-->", "--!>", "<![CDATA[", "]]>", "<svg><![CDATA[", "</article>",
    '<article class="md-content__inner">', "<a ping=x>", "<animate attributeName=href values=javascript:a>",
    "<foreignObject>", "<template>", 'style="background:\\75rl(//e.example/x)"', "image-set(", "@\\69mport ",
    "<script>__md_scope=new URL(\"..\",location)</script>", '```' + ' a=""' * 3, '!!! note ""x', '--8<-- "::::"',
    "> > > > ", "1. 1. 1. ", "- - - - ", "\x1b[31m", "::error ", "!ENV ",
]
LONG = [" " * 3000, "`" * 500, "[" * 2000, "{" * 2000, "#" * 3000, "&#106;" * 500, "a `b` " * 1000,
        "[@ju2017] `x` " * 1000, "*" * 2000, "<" * 3000, "!!! " * 500,
        # issue 19: long repeated tokens (the shapes that once backtracked or recursed)
        '""' * 3000, ":" * 6000, ' a=""' * 40, "[\n" * 100, "- " * 200, "1. " * 200, "> " * 200, "<a " * 300,
        "\\75" * 500, "<svg>" * 300, "<!--" * 500, "<![CDATA[" * 200, "url(" * 500, "{{" * 1000]


def corpus() -> list[tuple[str, bytes]]:
    """(kind, bytes) of every real page, the bibliography and the ledger."""
    files = [("page", path.read_bytes()) for path in sorted((ROOT / "docs").rglob("*.md"))]
    files.append(("bibliography", (ROOT / "data" / "bibliography.yml").read_bytes()))
    ledger = ROOT / "data" / "claims.yml"
    if ledger.is_file():
        files.append(("ledger", ledger.read_bytes()))
    return files


def mutate(data: bytes, rng: random.Random) -> bytes:
    """One to four random edits: insert a fragment, delete or duplicate a span, swap lines, bad bytes."""
    for _ in range(rng.randint(1, 4)):
        choice = rng.random()
        at = rng.randint(0, len(data))
        if choice < 0.5:
            fragment = rng.choice(LONG if rng.random() < 0.1 else FRAGMENTS)
            data = data[:at] + fragment.encode("utf-8", "surrogatepass") + data[at:]
        elif choice < 0.65:
            data = data[:at] + data[at + rng.randint(1, 200):]
        elif choice < 0.8:
            end = min(len(data), at + rng.randint(1, 400))
            data = data[:end] + data[at:end] * rng.randint(1, 5) + data[end:]
        elif choice < 0.95:
            lines = data.split(b"\n")
            if len(lines) > 2:
                i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
                lines[i], lines[j] = lines[j], lines[i]
            data = b"\n".join(lines)
        else:
            data = data[:at] + bytes([rng.choice([0x80, 0xff, 0xc3, 0xed])]) + data[at:]
    return data


class Failure(Exception):
    """A fuzz case that raised, reported CHK001 or was too slow (with the input to reproduce it)."""

    def __init__(self, message: str, kind: str, data: bytes) -> None:
        super().__init__(message)
        self.kind, self.data = kind, data


def run_case(checker: Checker, kind: str, data: bytes, limit: float = LIMIT) -> float:
    """Check one input everywhere it can go; return the seconds taken (raise Failure)."""
    started = time.perf_counter()
    try:
        if kind == "page":
            problems = checker.check_page_bytes(ROOT / "docs" / "fuzz.md", data)
            internal = [p for p in problems if p.rule == "CHK001"]
            if internal:
                raise Failure(internal[0].message, kind, data)
            text = data.decode("utf-8", "replace")
            # The rendering's own reading of the page (the content layer the extension uses) and
            # its citation linking, then the HTML scan over the text as if it were a built page.
            page = parse_text("docs/fuzz.md", text)
            _link_citations(page, "fuzz.md", {"ju2017": "Ju et al. 2017"}, "references.md")
            scan_page_html(text, "fuzz.md", text)
            # as a whole themed page, and as a published SVG or CSS file
            scan_page_html(f'<!doctype html><article class="md-content__inner">{text}</article>', "fuzz.html")
            asset_findings("fuzz.svg", data)
            asset_findings("fuzz.css", data)
        elif kind == "bibliography":
            parse_bibliography(data)
        else:
            findings = check_ledger(data, checker.context.schema, checker.context.bibliography, {})
            if any(finding.rule == "CHK001" for finding in findings):
                raise Failure("CHK001 on the ledger", kind, data)
    except Failure:
        raise
    except Exception as exc:  # noqa: BLE001 - any exception is the finding
        raise Failure(f"{type(exc).__name__}: {exc}", kind, data) from exc
    seconds = time.perf_counter() - started
    if seconds > limit:
        raise Failure(f"took {seconds:.2f} s (limit {limit} s)", kind, data)
    return seconds


def fuzz(seconds: float, seed: int = 0) -> dict:
    """Mutate and run cases for `seconds`; return figures. Raises Failure on the first bad case."""
    checker = Checker.load(Project.at(ROOT))
    files = corpus()
    rng = random.Random(seed)
    deadline = time.perf_counter() + seconds
    cases, slowest = 0, 0.0
    while time.perf_counter() < deadline:
        kind, data = rng.choice(files)
        slowest = max(slowest, run_case(checker, kind, mutate(data, rng)))
        cases += 1
    return {"cases": cases, "slowest": slowest, "seconds": seconds}
