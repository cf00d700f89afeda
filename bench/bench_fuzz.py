"""Fuzz the checker, the rendering helpers and the HTML scan for longer than the tests do. A script
that prints figures, not a test.

    python bench/bench_fuzz.py [--seconds S] [--seed N]

Mutates the real pages, bibliography and claims ledger (tests/fuzzing.py) for S seconds (default
300) and prints cases, cases/second and the slowest case. Exit 1, with the failing input saved to
a temporary file, on the first case that raises, reports CHK001 or takes longer than 2 s.
"""
from __future__ import annotations

import argparse
import importlib.util
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _load(path: Path):
    """A helper module of the test suite, loaded from its file (tests/ is not a package)."""
    spec = importlib.util.spec_from_file_location(path.stem, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[path.stem] = module
    spec.loader.exec_module(module)
    return module


fuzzing = _load(ROOT / "tests" / "fuzzing.py")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=300)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    try:
        figures = fuzz_run(args.seconds, args.seed)
    except fuzzing.Failure as failure:
        import tempfile

        with tempfile.NamedTemporaryFile(prefix="fuzz-failure-", suffix=".bin", delete=False) as file:
            file.write(failure.data)
        print(f"FAILED ({failure.kind}): {failure}; input saved to {file.name}", file=sys.stderr)
        return 1
    print(f"fuzz: {figures['cases']:,} cases in {figures['seconds']:.0f} s "
          f"({figures['cases'] / figures['seconds']:,.0f}/s), slowest {figures['slowest'] * 1000:.0f} ms, "
          f"0 failures (limit {fuzzing.LIMIT} s per case)")
    return 0


def fuzz_run(seconds: float, seed: int) -> dict:
    return fuzzing.fuzz(seconds, seed)


if __name__ == "__main__":
    sys.exit(main())
