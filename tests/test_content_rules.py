"""The editorial rules: each on a good fixture,
where it finds nothing, and a bad one, where it reports its id on the expected file and line.

Page rules: tests/fixtures/checker/<id>_<what>.md (bad) beside good_*.md (tests/test_rule_registry.py
runs every bad fixture). Project rules: the small project below (good) and one change each (bad)."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from hooks.checker import Checker, Project, run
from hooks.content.page import parse_page
from hooks.checker.rules_answers import stated_levels, unhedged_absences
from hooks.checker.rules_seed import copied_runs, misquotes, normal, runs
from hooks.checker.rules_answers import prose_sentences

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "checker"
TODAY = date(2026, 11, 25)


def checker_at(root: Path) -> Checker:
    return Checker.load(Project.at(root), TODAY)


def found(problems) -> list[tuple[str, str, int]]:
    return [(p.path, p.rule, p.line) for p in problems]


# ---- page rules --------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def checker() -> Checker:
    return checker_at(ROOT)


@pytest.mark.parametrize("name", ["good_guide.md", "conditions/good_condition.md", "good_suppressed.md",
                                  "good_tags_citations.md"])
def test_good_page_fixtures(checker, name):
    assert found(checker.check_page(FIXTURES / name)) == []


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("ans001_certainty_not_stated.md", [("ANS001", 12)]),
        ("ans002_markup.md", [("ANS002", 12)]),
        ("ans003_in_short.md", [("ANS003", 15)]),
        ("txt001_absence.md", [("TXT001", 17)]),
        ("med001_no_line.md", [("MED001", 20)]),
        ("conditions/cnd001_sections.md", [("CND001", 14)]),
        ("conditions/cnd001_not_a_condition.md", [("CND001", 4)]),
        ("conditions/cnd002_first_point.md", [("CND002", 16)]),
        ("conditions/cnd003_no_callout.md", [("CND003", 23), ("CND003", 23)]),
        ("conditions/cnd004_no_link.md", [("CND004", 13)]),
        ("sup001_useless.md", [("SUP001", 7)]),
        ("ans004_not_graded_guide.md", [("ANS004", 10)]),
        ("cit004_open_citation.md", [("CIT004", 17)]),
        ("tag001_tags.md", [("TAG001", 17), ("TAG001", 18)]),
    ],
)
def test_bad_page_fixtures(checker, name, expected):
    assert [(p.rule, p.line) for p in checker.check_page(FIXTURES / name)] == expected


def test_a_condition_rule_holds_only_in_the_conditions_folder(checker):
    text = (FIXTURES / "conditions" / "cnd004_no_link.md").read_bytes()
    assert [p.rule for p in checker.check_page_bytes(ROOT / "docs" / "conditions" / "x.md", text)] == ["CND004"]
    assert checker.check_page_bytes(ROOT / "docs" / "x.md", text) == []


def test_the_certainty_wording_tells_levels_apart():
    levels = ["high", "moderate", "low", "very low"]
    assert stated_levels("We do not know. Our certainty is very low.", levels) == ["very low"]
    assert stated_levels("Our certainty in this definition is high.", levels) == ["high"]
    assert stated_levels("Whether it helps is unclear: our certainty is very low.", levels) == ["very low"]
    assert stated_levels("Serious harm is rare. Our certainty is **very low**.", levels) == ["very low"]
    assert stated_levels("Our certainty is low.", levels) == ["low"]
    assert stated_levels("Serious harm is rare. The trials are low quality.", levels) == []
    assert stated_levels("Certainty: high.", levels) == []


def page(body: str):
    return parse_page("x.md", f"---\ntitle: x\n---\n\n{body}\n".encode())


def test_the_absence_rule_finds_an_unhedged_statement():
    assert unhedged_absences(page("No trial or cohort in people with neuropathic pain measured death."))
    assert unhedged_absences(page("- There is no good evidence that it helps sleep."))
    assert not unhedged_absences(page("No trial or cohort that we found in people with nerve pain measured death."))
    assert not unhedged_absences(page("- No more than the source says."))
    assert not unhedged_absences(page("```text\nNo trial in people measured death.\n```"))


def test_the_quotation_rule_finds_words_the_source_never_used():
    seed = normal("Reducing hypersensitivity induced by spinal nerve ligation, is an effect dependent on the opioid system.")
    assert misquotes(prose_sentences(page('The "opioid-dependent" part of the claim is not confirmed.')), seed)
    assert not misquotes(prose_sentences(page('The source says the effect is "dependent on the opioid system".')), seed)
    assert not misquotes(prose_sentences(page('A review calls it "opioid-dependent".')), seed)  # not attributed


def test_the_own_words_rule_finds_copied_wording_outside_quotation_marks():
    source = runs("the resulting biochemical changes influence the body's homeostatic mechanisms")
    copied = "As the clinic says,\nthe resulting biochemical changes influence the body's homeostatic mechanisms."
    assert copied_runs(copied, source) == [(2, "the resulting biochemical changes influence the body")]
    assert copied_runs(f'The clinic says "{" ".join(copied.split())}"', source) == []
    assert copied_runs("the International Association for the Study of Pain says", runs(
        "the international association for the study of pain says")) == []


# ---- project rules: a small good project, and one change per rule ------------------------------------

GOOD = {
    "mkdocs.yml": """site_name: t
nav:
  - Neuropathic pain:
      - conditions/index.md
      - conditions/shingles.md
  - Practical help:
      - safety.md
  - The evidence:
      - evidence.md
      - claims.md
  - Reference:
      - glossary.md
hooks:
  - hooks/gate/mkdocs_gate.py
""",
    "seed/source.txt": "Acupuncture releases adenosine near the needles, an effect dependent on the opioid system in mice.\n",
    "includes/abbreviations.md": "*[Alpha]: The first term.\n\n*[Beta]: The second term.\n",
    "data/claims.yml": """verdicts:
  supported: {label: Supported, meaning: The evidence backs it.}
sections:
  - {id: s1, title: Harms}
claims:
  - id: C1
    section: s1
    claim: Acupuncture has few side effects.
    verdict: supported
    evidence: [systematic-review]
    certainty: low
    sources: [baumler2021, zhang2010]
    reason: Reviews found serious harms rare.
    page: evidence.md#side-effects
""",
    "docs/evidence.md": """---
title: Side effects
description: What reviews found about harms.
type: evidence
reviewed: 2026-11-25
next_review: 2027-11-25
evidence_query: acupuncture AND harms
searched_to: 2026-11-25
evidence: [systematic-review]
certainty: low
sources: [baumler2021, zhang2010]
answer: Serious harm is rare. Our certainty is low.
---

## In short

Serious harm is rare [@baumler2021].

| Claim | Verdict | Certainty |
|---|---|---|
| [Few side effects](#side-effects) | Supported: reviews agree | Low |

## What the studies show

### Side effects {#side-effects}

Reviews found serious harm rare [@baumler2021] [@zhang2010].

## How strong is the evidence

Low: the source says "an effect dependent on the opioid system" in mice.

## Caveats

!!! warning "Serious harms"

    Rare harms include a collapsed lung, infection, fainting and bleeding in the brain
    [@baumler2021] [@zhang2010].

## References

The works cited on this page:

<!-- generated: bibliography -->
""",
    "docs/glossary.md": """---
title: Glossary
description: Terms.
type: reference
reviewed: 2026-11-25
next_review: 2027-11-25
---

### Alpha

The first term.

### Beta

The second term.
""",
    "docs/claims.md": """---
title: Claims checked
description: The claims.
type: reference
reviewed: 2026-11-25
next_review: 2027-11-25
---

<!-- generated: claims-table -->
""",
    "docs/conditions/index.md": """---
title: Nerve pain by condition
description: The conditions.
type: overview
reviewed: 2026-11-25
next_review: 2027-11-25
certainty: very-low
answer: It depends on the condition. Our certainty is very low.
---

## In short

- [Shingles](shingles.md)
""",
}


def make_project(tmp_path: Path, changes: dict[str, tuple[str, str]] | None = None) -> Path:
    root = tmp_path / "project"
    files = dict(GOOD)
    files["docs/conditions/shingles.md"] = (FIXTURES / "conditions" / "good_condition.md").read_text(encoding="utf-8")
    files["docs/safety.md"] = (FIXTURES / "good_guide.md").read_text(encoding="utf-8")
    for name, change in (changes or {}).items():
        files.setdefault(name, "")  # a new file: its change is ("", text)
        for old, new in change if isinstance(change, list) else [change]:
            assert old in files[name], (name, old)
            files[name] = files[name].replace(old, new, 1)
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    schema = (ROOT / "data" / "schema.yml").read_text(encoding="utf-8").replace("rules: {}", "rules: {SRC001: {seed: seed}}")
    (root / "data" / "schema.yml").write_text(schema, encoding="utf-8")
    shutil.copy(ROOT / "data" / "bibliography.yml", root / "data" / "bibliography.yml")
    return root


def check_project(root: Path) -> list[tuple[str, str, int]]:
    problems, _ = run(checker_at(root), [root / "docs"], with_data=True)
    return found(problems)


def test_the_good_project_passes_every_rule(tmp_path):
    assert check_project(make_project(tmp_path)) == []


PROJECT_CASES = {
    "CLM008": ({"data/claims.yml": ("sources: [baumler2021, zhang2010]", "sources: [baumler2021, zhang2010, ju2017]")},
               [("docs/evidence.md", "CLM008", 25)]),
    "CLM009": ({"docs/evidence.md": [("[@baumler2021] [@zhang2010].\n\n## How", "[@baumler2021] [@zhang2010] [@ju2017].\n\n## How"),
                                     ("sources: [baumler2021, zhang2010]", "sources: [baumler2021, zhang2010, ju2017]")]},
               [("docs/evidence.md", "CLM009", 27)]),
    "CLM010": ({"docs/evidence.md": ("| Supported: reviews agree | Low |", "| Not supported | Low |")},
               [("docs/evidence.md", "CLM010", 21)]),
    "CLM011": ({"data/claims.yml": ("    certainty: low", "    certainty: very-low")},
               [("docs/evidence.md", "CLM011", 10), ("docs/evidence.md", "CLM010", 21)]),
    "CLM012": ({"data/claims.yml": ("  - {id: s1, title: Harms}", "  - {id: s1, title: Harms}\n  - {id: s2, title: Other}")},
               [("data/claims.yml", "CLM012", 5)]),
    "REV005": ({"docs/glossary.md": ("reviewed: 2026-11-25\n", "")}, [("docs/glossary.md", "REV005", 1)]),
    "HARM001": ({"docs/evidence.md": ("infection, fainting", "fainting")}, [("docs/evidence.md", "HARM001", 33)]),
    "CND005": ({"docs/conditions/index.md": ("- [Shingles](shingles.md)", "- Shingles")},
               [("docs/conditions/index.md", "CND005", 10)]),
    "CFG005": ({"mkdocs.yml": ("site_name: t\n", "site_name: t\nextra:\n  certainty_scale:\n"
                                                 "    high: {marks: 4, label: High, meaning: we can be very sure of this}\n")},
               [("mkdocs.yml", "CFG005", 3)]),
    "NAV002": ({"mkdocs.yml": ("  - Practical help:\n      - safety.md\n  - The evidence:\n      - evidence.md\n",
                               "  - The evidence:\n      - evidence.md\n      - safety.md\n")},
               [("mkdocs.yml", "NAV002", 1)]),
    "GLO001": ({"includes/abbreviations.md": ("*[Beta]: The second term.\n", "")}, [("docs/glossary.md", "GLO001", 13)]),
    "GLO002": ({"docs/glossary.md": ("### Alpha", "### Gamma")},
               [("docs/glossary.md", "GLO001", 9), ("docs/glossary.md", "GLO002", 13)]),
    "GLO003": ({"includes/abbreviations.md": ("The second term.", "The `second` term.")}, [("includes/abbreviations.md", "GLO003", 3)]),
    "GLO004": ({"includes/abbreviations.md": ("term.\n\n*[Beta]", "term.\n*[Beta]")}, [("includes/abbreviations.md", "GLO004", 2)]),
    "CLM013": ({"data/claims.yml": ("    certainty: low", "    certainty: not-graded"),
                "docs/evidence.md": [("certainty: low", "certainty: not-graded"),
                                     ("Our certainty is low.", "Our certainty is not graded.")]},
               [("data/claims.yml", "CLM013", 11), ("docs/evidence.md", "ANS004", 10), ("docs/evidence.md", "CLM010", 21)]),
    "GRD001": ({"data/options.yml": ("", "options: 3\ngrids: {}\n")}, [("data/options.yml", "GRD001", 1)]),
    "GRD005": ({"docs/safety.md": ("## Caveats", "<!-- generated: option-grid -->\n\n## Caveats")},
               [("docs/safety.md", "GRD005", 23)]),
    "FIG001": ({"data/figures.yml": ("", "figures: 3\n")}, [("data/figures.yml", "FIG001", 1)]),
    "FIG005": ({"docs/safety.md": ("## Caveats", "<!-- generated: icon-arrays -->\n\n## Caveats")},
               [("docs/safety.md", "FIG005", 23)]),
    "DIS001": ({"data/dismissed.yml": ("", "dismissed:\n  - id: pmid:12345\n    reason: Not about acupuncture.\n"
                                           "    by: Dr Nobody\n    date: 2026-11-01\n")},
               [("data/dismissed.yml", "DIS001", 4)]),
    "SRC001": ({"docs/evidence.md": ('"an effect dependent on the opioid system"', '"an effect that needs the opioid system"')},
               [("docs/evidence.md", "SRC001", 31)]),
    "SRC002": ({"docs/safety.md": ("Serious harm is rare [@ju2017].", "Acupuncture releases adenosine near the needles, an effect [@ju2017].")},
               [("docs/safety.md", "SRC002", 17)]),
}


@pytest.mark.parametrize("rule", sorted(PROJECT_CASES))
def test_each_project_rule_on_its_bad_case(tmp_path, rule):
    changes, expected = PROJECT_CASES[rule]
    assert check_project(make_project(tmp_path, changes)) == expected


def test_a_guide_outside_the_practical_section_is_reported(tmp_path):
    change = {"mkdocs.yml": ("      - safety.md\n  - The evidence:\n      - evidence.md\n",
                             "      - claims.md\n  - The evidence:\n      - evidence.md\n      - safety.md\n")}
    assert check_project(make_project(tmp_path, change)) == [("docs/safety.md", "NAV002", 1)]


def test_without_the_seed_a_notice_says_what_was_not_checked(tmp_path):
    root = make_project(tmp_path)
    shutil.rmtree(root / "seed")
    problems, _ = run(checker_at(root), [root / "docs"], with_data=True)
    assert {(p.path, p.rule, p.severity) for p in problems} == {("data/schema.yml", "SRC000", "notice")}
    assert sorted(p.message.rpartition(": ")[2] for p in problems) == ["SRC001 was not checked", "SRC002 was not checked"]


def test_a_page_can_switch_off_a_project_rule_and_is_told_when_it_no_longer_needs_to(tmp_path):
    change = {"docs/conditions/index.md": ("- [Shingles](shingles.md)", "- Shingles\n\n<!-- check-disable CND005 -->")}
    assert check_project(make_project(tmp_path / "a", change)) == []
    useless = {"docs/conditions/index.md": ("## In short", "<!-- check-disable CND005 -->\n\n## In short")}
    assert check_project(make_project(tmp_path / "b", useless)) == [("docs/conditions/index.md", "SUP001", 11)]


def test_checking_one_page_reports_the_project_rules_on_that_page_only(tmp_path):
    root = make_project(tmp_path, {"docs/evidence.md": ("infection, fainting", "fainting"),
                                   "docs/glossary.md": ("reviewed: 2026-11-25\n", "")})
    problems, _ = run(checker_at(root), [root / "docs" / "evidence.md"])
    assert found(problems) == [("docs/evidence.md", "HARM001", 33)]


def test_the_tag_rule_folds_plurals_only():
    from hooks.checker.rules import _singular
    assert [_singular(word) for word in ("effects", "studies", "boxes", "needles", "glass", "pain")] == [
        "effect", "study", "box", "needle", "glass", "pain"]
