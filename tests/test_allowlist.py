"""Issue 19, item 1: rendered HTML is judged the way a browser parses it (html5ever), against an
allowlist of what the site's own pages are made of. Every example of the issue is refused with a rule
id naming the element, in a page's content and in a whole themed page, and by both engines' builds."""
from __future__ import annotations

from pathlib import Path

import pytest

from hooks.gate.csp import HASH_TARGET, MATERIAL_SCOPE, PALETTE, ZENSICAL_SCOPE
from hooks.gate.htmlscan import scan_page_html

ISSUE_EXAMPLES = {
    # parser differentials
    "img in style in svg": ('<div>\n<svg><style><img alt="<" src="x" onerror="alert(document.domain)"></style></svg>\n</div>',
                            {"HTML002", "HTML004"}, "onerror"),
    "img in style in math": ('<div>\n<math><style><img alt="<" src="x" onerror="alert(document.domain)"></style></math>\n</div>',
                             {"HTML002", "HTML004"}, "math"),
    "mglyph in mtext": ("<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>", {"HTML004"}, "math"),
    "comment ended by <!-->": ("<!--><img src=x onerror=alert(1)>-->", {"HTML002", "HTML006"}, "onerror"),
    "CDATA in HTML": ("<![CDATA[><img src=x onerror=alert(1)>]]>", {"HTML002", "HTML006"}, "onerror"),
    "CDATA in SVG": ("<svg><![CDATA[x]]></svg><img src=x onerror=alert(1)>", {"HTML002"}, "onerror"),
    "hidden </article>": ("<div>\n<code></article></code><img src=x onerror=alert(1)>\n</div>", {"HTML002", "HTML006"}, "article"),
    "code span hiding </article>": ("<div>\n`</article>`<img src=x onerror=alert(1)>\n</div>", {"HTML002", "HTML006"}, "article"),
    "script like the theme's": ('<script>__md_scope=new URL("..",location);alert(1)</script>', {"HTML002"}, "script"),
    # blocklists that missed things
    "SVG animate href": ('<svg><animate attributeName="href" values="x;javascript:alert(1)"/></svg>', {"HTML004"}, "animate"),
    "SVG set": ('<svg><a><set attributeName="href" to="javascript:alert(1)"/><text>x</text></a></svg>', {"HTML004"}, "set"),
    "CSS escapes spelling url(": ('<p style="background:\\75rl(//evil.example/x)">x</p>', {"HTML005"}, "style"),
    "image-set": ("<p style=\"background-image:image-set('//evil.example/x.png' 1x)\">x</p>", {"HTML005"}, "style"),
    "a ping": ('<a href="https://www.nhs.uk/" ping="https://evil.example/">x</a>', {"HTML005"}, "ping"),
    "SVG use href": ('<svg><use href="https://evil.example/s.svg#x"/></svg>', {"HTML003", "HTML004"}, "use"),
    "SVG fill url": ('<svg><path d="M0 0" fill="url(https://evil.example/#g)"/></svg>', {"HTML005"}, "fill"),
    "foreignObject": ("<svg><foreignObject><p>x</p></foreignObject></svg>", {"HTML004"}, "foreignObject"),
    "template": ("<template><img src=x onerror=alert(1)></template>", {"HTML004"}, "template"),
    "noscript": ("<noscript><p>x</p></noscript>", {"HTML004"}, "noscript"),
    "theme id clobbered": ('<p id="__config">{"base":"https://evil.example"}</p>', {"HTML005"}, "id"),
    "base element": ('<base href="https://evil.example/">', {"HTML002"}, "base"),
    "style element": ("<style>@import '//evil.example/x.css';</style>", {"HTML003", "HTML004"}, "style"),
    "input": ('<input type="image" src="x.png">', {"HTML004"}, "input"),
    "unknown scheme": ('<a href="ms-settings:x">x</a>', {"HTML005"}, "ms-settings"),
}


@pytest.mark.parametrize("name", list(ISSUE_EXAMPLES))
def test_issue_examples_are_refused_in_page_content(name):
    html, rules, word = ISSUE_EXAMPLES[name]
    problems = scan_page_html(html, "docs/x.md", f"Text.\n\n{html}\n", whole=False)
    found = {problem.rule for problem in problems}
    assert rules <= found, (name, problems)
    assert any(word.lower() in problem.message.lower() for problem in problems), (name, problems)
    assert all(problem.line >= 3 or problem.rule == "HTML006" for problem in problems if problem.rule in rules), problems


def themed_page(content: str, chrome: str = "") -> str:
    scope = MATERIAL_SCOPE.replace("{base}", ".")
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        f"<script>{scope}</script><title>x</title></head><body>"
        f'<script>{PALETTE}</script><div class="md-container"><main class="md-main">'
        f'<article class="md-content__inner md-typeset">{content}</article></main>{chrome}</div>'
        f"<script>{HASH_TARGET}</script></body></html>"
    )


def test_a_plain_themed_page_passes():
    content = ('<h1 id="x">Title</h1><p>Text with <a href="https://www.nhs.uk/">a link</a>, <abbr title="t">NNT</abbr>.</p>'
               '<table><tr><th style="text-align: left;">a</th><td data-label="a">1</td></tr></table>'
               '<svg viewBox="0 0 24 24" role="img" aria-label="3 of 4"><title>3 of 4</title><g fill="currentColor">'
               '<rect x="1" y="1" width="4" height="4"/><circle cx="2" cy="2" r="1"/><path d="M0 0h24"/></g></svg>')
    assert scan_page_html(themed_page(content), "p.html") == []
    scope = ZENSICAL_SCOPE.replace("{base}", "../..")
    assert scan_page_html(themed_page(content).replace(MATERIAL_SCOPE.replace("{base}", "."), scope), "p.html") == []


@pytest.mark.parametrize("name", list(ISSUE_EXAMPLES))
def test_issue_examples_are_refused_in_a_whole_page(name):
    html, rules, _ = ISSUE_EXAMPLES[name]
    found = {problem.rule for problem in scan_page_html(themed_page(html), "p.html")}
    assert found & (rules | {"HTML002", "HTML004", "HTML006"}), name


def test_closing_the_article_early_cannot_reach_the_theme_allowlist():
    # content that ends Material's article and writes a form where the theme's allowlist would apply
    escape = '</article><form class="md-search__form"><input name="q"></form><article class="md-content__inner">'
    found = {problem.rule for problem in scan_page_html(themed_page(escape), "p.html")}
    assert "HTML004" in found  # two page content elements
    found = {problem.rule for problem in scan_page_html(themed_page("<p>x</article><p>y"), "p.html")}
    assert "HTML006" in found  # the theme's own </article> becomes a stray end tag


def test_a_page_without_the_theme_is_judged_as_content():
    found = {p.rule for p in scan_page_html('<html><body><form name="search"><input></form></body></html>', "p.html")}
    assert "HTML002" in found


@pytest.mark.parametrize("engine", ["mkdocs", "zensical"])
def test_both_engines_refuse_the_examples(tmp_path, engine):
    from projectcopy import copy_project, run

    if engine == "zensical":
        pytest.importorskip("zensical")
    project = copy_project(tmp_path)
    about = project / "docs" / "about.md"
    payload = "\n\n".join([ISSUE_EXAMPLES["img in style in svg"][0], ISSUE_EXAMPLES["a ping"][0],
                            "<div>\n`</article>` text\n</div>",  # the stray end tag alone: HTML006
                            '<svg><animate attributeName="href" values="https://evil.example/"/></svg>'])
    about.write_text(about.read_text(encoding="utf-8") + "\n" + payload + "\n", encoding="utf-8")
    result = run(project, "-m", "hooks.build", "--engine", engine, "--skip-check", "-d", str(tmp_path / "out"))
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "Traceback" not in output
    assert "HTML004" in output, output  # found by the scan of the rendered HTML, not the Markdown scan
    assert "HTML005" in output, output
    assert "HTML006" in output, output
    assert not (tmp_path / "out").exists()
