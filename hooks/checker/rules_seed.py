"""Rules against the source page (the seed: ../shared/seed beside the project): words quoted from it
are its words (SRC001), and no run of seven of its words appears outside quotation marks (SRC002).
Where the seed is not there, SRC000 says so (a notice) and the two rules are not run."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

from hooks.content.findings import Finding
from .rules_answers import prose_sentences
from hooks.content.registry import describe, rule

SEED = "../shared/seed"
RUN = 7
PROPER_NAMES = ("international association for the study of pain",)

describe(
    "SRC000", "seed-missing", "notice",
    summary="the source page (../shared/seed) is not beside the project, so SRC001 and SRC002 were not checked",
    fix="check out the shared folder beside the project (or set `rules: SRC001: {seed: path}` in data/schema.yml)",
)

Located = Iterator[tuple[str, Finding]]


def seed_text(checker) -> str | None:
    """The source page's text (the first .txt file of the seed folder), or None when absent."""
    cached = getattr(checker, "_seed", None)
    if cached is None:
        folder = (checker.project.root / checker.context.schema.option("SRC001", "seed", SEED)).resolve()
        try:  # listed even when absent, so a stored check result knows to look again (replay.py)
            with os.scandir(folder) as entries:
                files = sorted(Path(entry.path) for entry in entries if entry.name.endswith(".txt"))
        except OSError:
            files = []
        try:
            cached = (files[0].read_text(encoding="utf-8"),) if files else (None,)
        except (OSError, UnicodeDecodeError):
            cached = (None,)
        checker._seed = cached
    return cached[0]


def _missing(checker, rule_id: str) -> Located:
    """SRC000, on the schema (which says where the seed is: `rules: SRC001: seed`)."""
    folder = checker.context.schema.option("SRC001", "seed", SEED)
    yield checker.project.display(checker.project.schema_path), Finding(
        1, "SRC000", f"the source page was not found in {folder}: {rule_id} was not checked")


def normal(text: str) -> str:
    return " ".join(text.replace("’", "'").replace("‘", "'").lower().split())


QUOTED = re.compile(r'"([^"\n]+)"|“([^”]+)”')
ABOUT_THE_SOURCE = re.compile(r"\b(?:the source|source page|clinic page|the clinic|the claim)\b", re.I)


def misquotes(sentences, seed: str) -> list[tuple[int, str, str]]:
    """(line, quotation, sentence) for each quotation a sentence attributes to the source that the
    source (normalised) does not hold."""
    found = []
    for line, sentence in sentences:
        if ABOUT_THE_SOURCE.search(sentence):
            for match in QUOTED.finditer(sentence):
                quote = match.group(1) or match.group(2)
                if normal(quote) not in seed:
                    found.append((line, quote, sentence))
    return found


@rule(
    "SRC001", "misquoted-source", "error", scope="project",
    summary="words in quotation marks that a sentence attributes to the source page are not the source's words",
    fix="quote the source word for word, or drop the quotation marks and say it in our words",
)
def check_quotations(checker) -> Located:
    seed = seed_text(checker)
    if seed is None:
        yield from _missing(checker, "SRC001")
        return
    seed = normal(seed)
    # The editing guide quotes example sentences and the words of other works, not the source page.
    skip = set(checker.context.schema.option("SRC001", "skip", ["editing-guide.md"]))
    for path, page in checker.all_pages():
        if path in skip or '"' not in page.text and "“" not in page.text:
            continue
        for line, quote, _ in misquotes(prose_sentences(page), seed):
            yield checker.page_display(path), Finding(line, "SRC001", f'"{quote[:80]}" is attributed to the source, which never says it')


_ANY_QUOTED = re.compile(r"\"[^\"\n]*\"|“[^”]*”|‘[^’]*’|(?<![A-Za-z])'[^'\n]*'(?![A-Za-z])")
_WORD = re.compile(r"[a-z0-9]+")


def words(text: str) -> list[tuple[str, int]]:
    """(word, offset) of the lower-case words of a text."""
    return [(match.group(), match.start()) for match in _WORD.finditer(text.lower())]


def runs(text: str) -> set[tuple[str, ...]]:
    found = [word for word, _ in words(text)]
    return {tuple(found[i:i + RUN]) for i in range(len(found) - RUN + 1)}


def unquoted(text: str) -> str:
    """The text with quotations and proper names blanked (same length: offsets keep their lines)."""
    blank = lambda match: re.sub(r"[^\n]", " ", match.group())  # noqa: E731
    text = _ANY_QUOTED.sub(blank, text)
    for name in PROPER_NAMES:
        text = re.sub(r"\s+".join(name.split()), blank, text, flags=re.I)
    return text


def copied_runs(text: str, source: set[tuple[str, ...]]) -> list[tuple[int, str]]:
    """(line, words) of each stretch of seven or more words the text shares with the source."""
    lowered = unquoted(text).lower()
    tokens = _WORD.findall(lowered)
    out, last_end, starts = [], -1, None
    for i, run in enumerate(zip(*(tokens[k:] for k in range(RUN)))):  # every run of RUN words
        if run in source:
            if i > last_end:
                if starts is None:  # where each word starts, only for a text that has a copied run
                    starts = [match.start() for match in _WORD.finditer(lowered)]
                out.append((text.count("\n", 0, starts[i]) + 1, " ".join(run)))
            last_end = i + RUN - 1
    return out


@rule(
    "SRC002", "copied-wording", "error", scope="project",
    summary="a run of seven words from the source page appears outside quotation marks (a page or the claims ledger)",
    fix="say it in our own words; a definition may be quoted, in quotation marks, with its source named",
)
def check_own_words(checker) -> Located:
    seed = seed_text(checker)
    if seed is None:
        yield from _missing(checker, "SRC002")
        return
    source = runs(seed)
    files = [(checker.page_display(path), page.text) for path, page in checker.all_pages()]
    try:  # the ledger's bytes as the content layer read them for the ledger rules
        ledger = checker.content.data_bytes(checker.project.ledger_path)
        if ledger is not None:
            files.append((checker.project.display(checker.project.ledger_path), ledger.decode("utf-8")))
    except (OSError, UnicodeDecodeError):
        pass  # the ledger rules report an unreadable ledger
    for shown, text in files:
        for line, run in copied_runs(text, source):
            yield shown, Finding(line, "SRC002", f'"{run} ..." repeats the source page\'s wording')
