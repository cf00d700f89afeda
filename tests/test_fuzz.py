"""Bounded fuzzing in the test suite: mutated real pages and data files never crash the checker, the
rendering helpers or the HTML scan, and no case takes 2 s (bench/bench_fuzz.py runs longer)."""
from __future__ import annotations

import os

import fuzzing


def test_mutated_pages_and_data_files_never_crash_or_hang():
    seconds = float(os.environ.get("FUZZ_SECONDS", "3"))
    figures = fuzzing.fuzz(seconds, seed=int(os.environ.get("FUZZ_SEED", "12")))
    assert figures["cases"] > 50  # the loop really ran cases (a broken corpus would run none)
    assert figures["slowest"] < fuzzing.LIMIT


def test_a_failing_case_is_reported():
    """The harness fails a case that reports the checker's own error (so the test above can fail)."""
    import pytest
    from hooks.checker import Checker, Project

    checker = Checker.load(Project.at(fuzzing.ROOT))
    checker.check_page_bytes = lambda path, data: [type("P", (), {"rule": "CHK001", "message": "boom"})()]
    with pytest.raises(fuzzing.Failure, match="boom"):
        fuzzing.run_case(checker, "page", b"---\n---\n")
