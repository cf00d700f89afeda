"""An editor's route through the project, walked in a copy of it: serve and fix a data file, add a
page with hooks.new, check only what changed."""
from __future__ import annotations

import subprocess
import sys

import yaml

from projectcopy import ROOT, copy_project, fetch, free_port, quiet_env, wait_until

BOX = "This page has problems the build will reject"


def test_serve_watches_every_folder_the_build_reads():
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    watched = {path.rstrip("/") for path in config.get("watch", [])}
    assert {"data", "includes", config["theme"]["custom_dir"]} <= watched


def test_serve_rebuilds_when_a_data_file_is_fixed(tmp_path):
    """The problem box reported by the preview goes away once the bibliography is fixed: data/ is
    watched, so no docs file has to be saved to see the fix."""
    project = copy_project(tmp_path)
    bibliography = project / "data" / "bibliography.yml"
    good = bibliography.read_text(encoding="utf-8")
    assert "- key: goldman2010\n" in good
    bibliography.write_text(good.replace("- key: goldman2010\n", "- key: goldman2010x\n"), encoding="utf-8")
    port = free_port()
    url = f"http://127.0.0.1:{port}/npa-reference/mechanisms/adenosine/"
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
        cwd=project, env=quiet_env(), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    try:
        broken = wait_until(lambda: server.poll() is None and fetch(url), timeout=90)
        assert broken and BOX in broken and "goldman2010" in broken, "the preview did not show the problem"
        bibliography.write_text(good, encoding="utf-8")
        fixed = wait_until(lambda: (body := fetch(url)) and BOX not in body and body, timeout=60)
        assert server.poll() is None, "the server stopped"
        assert fixed, "the page still shows the problem box after data/bibliography.yml was fixed"
    finally:
        server.terminate()
        server.communicate(timeout=30)
