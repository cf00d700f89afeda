"""Every sentence is in our own words: no run of seven words from the source page appears in a page
or the claims ledger, except inside quotation marks (a quoted definition) or in a proper name."""
from __future__ import annotations

import re

import pytest

from conftest import ROOT

SEED = ROOT.parent / "shared" / "seed" / "000_6523da12bfaf9747.txt"
RUN = 7
PROPER_NAMES = ("international association for the study of pain",)
QUOTED = re.compile(r"\"[^\"\n]*\"|“[^”]*”|‘[^’]*’|(?<![A-Za-z])'[^'\n]*'(?![A-Za-z])")


def words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower())


def runs(text: str) -> set[tuple[str, ...]]:
    found = words(text)
    return {tuple(found[i : i + RUN]) for i in range(len(found) - RUN + 1)}


def unquoted(text: str) -> str:
    text = QUOTED.sub(" ", text)
    for name in PROPER_NAMES:
        text = re.sub(r"\s+".join(name.split()), " ", text, flags=re.I)
    return text


@pytest.mark.skipif(not SEED.is_file(), reason="the source page (../shared/seed) is not beside this clone")
@pytest.mark.parametrize(
    "path",
    sorted([*(ROOT / "docs").rglob("*.md"), ROOT / "data" / "claims.yml"]),
    ids=lambda p: p.relative_to(ROOT).as_posix(),
)
def test_no_sentence_from_the_source_outside_quotation_marks(path):
    source = runs(SEED.read_text(encoding="utf-8"))
    copied = sorted(" ".join(run) for run in runs(unquoted(path.read_text(encoding="utf-8"))) & source)
    assert copied == [], f"{path.name} repeats the source's wording outside quotation marks"


def test_the_check_finds_copied_wording():
    source = runs(SEED.read_text(encoding="utf-8")) if SEED.is_file() else runs("the resulting biochemical changes influence the body's homeostatic mechanisms")
    copied = "As the clinic says, the resulting biochemical changes influence the body's homeostatic mechanisms."
    assert runs(unquoted(copied)) & source
    assert not runs(unquoted(f'The clinic says "{copied}"')) & source
