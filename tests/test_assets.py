"""Issue 19, item 4: only known files are published. From docs/, only pages, images, SVG and CSS; an
SVG holds only shapes; a CSS file loads nothing from another host; HTML files in any case are refused;
every published file of a built site is checked; overrides/ and data/ are walked for links too."""
from __future__ import annotations

import os

import pytest

from hooks.checker.assets import asset_findings
from hooks.gate.htmlscan import scan_site

SVG_HEAD = b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10">'
REFUSED = {
    "page.html": (b"<script>alert(1)</script>", "FILE004"),
    "page.HTML": (b"<script>alert(1)</script>", "FILE004"),
    "page.Htm": (b"<script>alert(1)</script>", "FILE004"),
    "page.xhtml": (b"<script>alert(1)</script>", "FILE004"),
    "x.js": (b"alert(1)", "FILE004"),
    "noextension": (b"x", "FILE004"),
    "svg onload.svg": (SVG_HEAD.replace(b">", b' onload="alert(1)">', 1) + b"</svg>", "FILE005"),
    "svg script.svg": (SVG_HEAD + b"<script>alert(1)</script></svg>", "FILE005"),
    "svg animate.svg": (SVG_HEAD + b'<a><animate attributeName="href" values="javascript:alert(1)"/></a></svg>', "FILE005"),
    "svg foreign.svg": (SVG_HEAD + b"<foreignObject><p>x</p></foreignObject></svg>", "FILE005"),
    "svg style.svg": (SVG_HEAD + b"<style>@import url(//evil.example/x.css);</style></svg>", "FILE005"),
    "svg use.svg": (SVG_HEAD + b'<use xmlns:xlink="http://www.w3.org/1999/xlink" xlink:href="//evil.example/s.svg#a"/></svg>', "FILE005"),
    "svg fill url.svg": (SVG_HEAD + b'<path d="M0 0" fill="url(https://evil.example/#g)"/></svg>', "FILE005"),
    "svg entity.svg": (b'<!DOCTYPE svg [<!ENTITY a "x">]>' + SVG_HEAD + b"</svg>", "FILE005"),
    "css import.css": (b'@import "https://evil.example/x.css";', "FILE005"),
    "css escaped import.css": (b'@\\69mport "x.css";', "FILE005"),
    "css escaped url.css": (b"a{background:\\75rl(//evil.example/x.png)}", "FILE005"),
    "css image-set.css": (b'a{background:image-set("https://evil.example/x.png" 1x)}', "FILE005"),
    "css url.css": (b"a{background:url( 'HTTPS://evil.example/x.png' )}", "FILE005"),
    "css expression.css": (b"a{width:expression(alert(1))}", "FILE005"),
}


@pytest.mark.parametrize("name", list(REFUSED))
def test_refused_files(name):
    data, rule = REFUSED[name]
    assert rule in {finding.rule for finding in asset_findings(f"assets/{name}", data)}


def test_plain_assets_pass():
    assert asset_findings("assets/a.png", b"\x89PNG") == []
    assert asset_findings("assets/icon.svg", SVG_HEAD + b'<title>x</title><g fill="currentColor"><rect x="1" y="1" '
                          b'width="2" height="2"/><circle cx="5" cy="5" r="2"/><path d="M0 0h10"/></g></svg>') == []
    css = b'/* see https://example.org */ a{background:url("../img/x.png");mask:url("data:image/svg+xml,<svg xmlns=\'http://www.w3.org/2000/svg\'/>")}'
    assert asset_findings("stylesheets/extra.css", css) == []


def test_built_site_files_are_all_checked(tmp_path):
    site = tmp_path / "site"
    (site / "assets" / "javascripts").mkdir(parents=True)
    (site / "index.html").write_text("<!doctype html><html><head><title>x</title></head><body></body></html>")
    (site / "assets" / "javascripts" / "bundle.js").write_text("x")
    (site / "evil.js").write_text("alert(1)")
    (site / "x.xhtml").write_text("<script>alert(1)</script>")
    (site / "a.css").write_text("@import '//evil.example/x.css';")
    (site / "i.svg").write_bytes(SVG_HEAD.replace(b">", b' onload="alert(1)">', 1) + b"</svg>")
    found = {(os.path.basename(problem.path), problem.rule) for problem in scan_site(site)}
    assert {("evil.js", "FILE004"), ("x.xhtml", "FILE004"), ("a.css", "FILE005"), ("i.svg", "FILE005")} <= found
    assert not any(name in ("index.html", "bundle.js") for name, _ in found)


def test_the_checker_refuses_them_in_docs_and_walks_overrides(tmp_path):
    from projectcopy import copy_project, run

    project = copy_project(tmp_path)
    assets = project / "docs" / "assets"
    assets.mkdir(exist_ok=True)
    (assets / "x.svg").write_bytes(REFUSED["svg onload.svg"][0])
    (assets / "a.css").write_bytes(REFUSED["css escaped url.css"][0])
    (project / "docs" / "page.HTML").write_bytes(b"<script>alert(1)</script>")
    (project / "overrides" / "partials" / "env.html").symlink_to("/proc/self/environ")
    (project / "overrides" / "git.html").symlink_to("../.git/config")
    result = run(project, "-m", "hooks.check")
    assert result.returncode == 1
    for expected in ("docs/assets/x.svg:1: FILE005", "docs/assets/a.css:1: FILE005", "docs/page.HTML:1: FILE004",
                     "overrides/partials/env.html:1: FILE001", "overrides/git.html:1: FILE001"):
        assert expected in result.stdout, expected
    result = run(project, "-m", "hooks.build", "-d", str(tmp_path / "out"))
    assert result.returncode == 1 and not (tmp_path / "out").exists()
