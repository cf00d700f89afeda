"""Issue 19, item 2: the Content-Security-Policy. The theme's inline scripts the policy allows are
exactly those the installed templates write; overrides/main.html carries the policy hooks/gate/csp.py
computes, first in <head>; and every inline script of a built page has its hash in the policy."""
from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import markupever
import pytest

from hooks.gate import csp

ROOT = Path(__file__).resolve().parent.parent
HTML = "http://www.w3.org/1999/xhtml"


def _elements(node) -> list:
    """The elements of a built page (or an element and those inside it), as a browser's HTML5 parser
    (html5ever) reads them."""
    return [child for child in node.descendants() if isinstance(child, markupever.dom.Element)]


def _named(elements: list, tag: str) -> list:
    return [element for element in elements if element.name.local == tag and element.name.ns == HTML]


def _read(page: Path) -> list:
    return _elements(markupever.parse(page.read_text(encoding="utf-8"), markupever.HtmlOptions()).root())


def _templates(package: str) -> Path:
    spec = importlib.util.find_spec(package)
    if spec is None or spec.origin is None:
        pytest.skip(f"{package} is not installed")
    return Path(spec.origin).parent / "templates" / "partials" / "javascripts"


def _scripts(path: Path) -> list[str]:
    return re.findall(r"<script>(.*?)</script>", path.read_text(encoding="utf-8"), re.S)


@pytest.mark.parametrize(("package", "scope", "expression"), [
    ("material", csp.MATERIAL_SCOPE, "{{ config.extra.scope | d(base_url) }}"),
    ("zensical", csp.ZENSICAL_SCOPE, "{{ config.extra.scope | d(base_url, true) }}"),
])
def test_theme_script_texts_match_the_installed_templates(package, scope, expression):
    folder = _templates(package)
    assert _scripts(folder / "base.html") == [scope.replace("{base}", expression)]
    assert _scripts(folder / "palette.html") == [csp.PALETTE]
    assert _scripts(folder / "content.html") == [csp.TABS_LINK, csp.HASH_TARGET]


def test_the_template_override_carries_the_policy_first():
    main = (ROOT / "overrides" / "main.html").read_text(encoding="utf-8")
    block = main.split("{% block site_meta %}", 1)[1].split("{% endblock %}", 1)[0]
    assert block.strip().startswith(csp.meta_tag()), "run `python -m hooks.gate.csp` and paste its line"
    policy = csp.policy()
    for directive in ("default-src 'self'", "object-src 'none'", "base-uri 'self'", "form-action 'none'",
                      "img-src 'self' data:"):
        assert directive in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy and "*" not in policy


def test_every_inline_script_of_the_built_site_is_in_the_policy(built_site):
    hashes = set(re.findall(r"'(sha256-[^']+)'", csp.policy()))
    pages = sorted(built_site.path.rglob("*.html"))
    assert pages
    for page in pages:
        document = _read(page)
        metas = [m for m in _named(document, "meta") if m.attrs.get("http-equiv", "").lower() == "content-security-policy"]
        assert [m.attrs.get("content") for m in metas] == [csp.policy()], page
        head = _named(document, "head")[0]
        first_script = next(iter(_named(_elements(head), "script")), None)
        children = _elements(head)
        assert children.index(metas[0]) < (children.index(first_script) if first_script is not None else 10**9), page
        for script in _named(document, "script"):
            if script.attrs.get("src") is None and script.attrs.get("type") not in ("application/json", "application/ld+json"):
                assert csp.script_hash(script.text()) in hashes, (page, script.text()[:60])


def test_zensical_pages_carry_the_policy_and_only_known_scripts(tmp_path):
    """The same on Zensical, whose scope script differs from Material's (built here, without the gate)."""
    pytest.importorskip("zensical")
    from projectcopy import run

    out = tmp_path / "site-zensical"
    result = run(ROOT, "-m", "hooks.build", "--engine", "zensical", "--skip-check", "-d", str(out))
    assert result.returncode == 0, result.stderr
    hashes = set(re.findall(r"'(sha256-[^']+)'", csp.policy()))
    for page in sorted(out.rglob("*.html")):
        document = _read(page)
        metas = [m for m in _named(document, "meta") if m.attrs.get("http-equiv", "").lower() == "content-security-policy"]
        assert [m.attrs.get("content") for m in metas] == [csp.policy()], page
        for script in _named(document, "script"):
            if script.attrs.get("src") is None and script.attrs.get("type") not in ("application/json", "application/ld+json"):
                assert csp.script_hash(script.text()) in hashes, (page, script.text()[:60])
