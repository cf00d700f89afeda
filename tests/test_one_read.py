"""One build, one read, one run: during `python -m hooks.build` every page file is opened once and the
rules run once, in the one process that builds (MkDocs, and Zensical whose Rust core reads the files
itself outside Python's view). Counted with an audit hook, which sees every open() of the process."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

import pytest

from projectcopy import ENGINES

from test_build_command import material_site

COUNTER = textwrap.dedent("""
    import collections, json, os, sys
    opens = collections.Counter()
    children = []
    docs = os.path.join(os.path.abspath("docs"), "")

    def hook(event, args):
        if event in ("subprocess.Popen", "os.posix_spawn", "os.exec", "os.fork"):
            children.append(event)
        if event == "open" and args and isinstance(args[0], (str, bytes, os.PathLike)):
            path = os.path.abspath(os.fsdecode(args[0]))
            if path.startswith(docs) and path.endswith(".md"):
                opens[path[len(docs):]] += 1

    sys.addaudithook(hook)
    from hooks import build
    from hooks.checker.runner import Checker
    runs = []
    original = Checker.check_project
    def counted(self, *args, **kwargs):
        runs.append(1)
        return original(self, *args, **kwargs)
    Checker.check_project = counted
    status = build.main(sys.argv[1:])
    print(json.dumps({"status": status, "opens": opens, "runs": len(runs), "children": children}))
""")



@pytest.mark.parametrize("engine", ENGINES)
def test_each_page_is_opened_once_and_the_rules_run_once(tmp_path, engine):
    site = material_site(tmp_path)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    env.pop("GITHUB_ACTIONS", None)
    result = subprocess.run([sys.executable, "-c", COUNTER, "--engine", engine, "-d", "out"], cwd=site, env=env,
                            capture_output=True, text=True, timeout=300)
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["status"] == 0, result.stderr
    pages = sorted(path.relative_to(site / "docs").as_posix() for path in (site / "docs").rglob("*.md"))
    assert report["opens"] == {page: 1 for page in pages}
    assert report["runs"] == 1
    assert report["children"] == []  # no second process reads the pages: the check and the engine run here
