"""Accessibility: axe-core on every page in both palettes, and search by keyboard alone."""
from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe

from conftest import wait_for_results

pytestmark = pytest.mark.browser

AXE_SCRIPT = Axe().axe_script  # axe-core bundled by axe-playwright-python (no download)
# Light palette: every rule axe-core runs by default (WCAG 2 A/AA and best practices).
FULL = {"resultTypes": ["violations"]}
# Dark palette: the page is the same but for its colours, so only the colour rules run again.
COLOUR_RULES = ["color-contrast", "link-in-text-block"]
QUERY = "acupuncture"  # typed in the keyboard search test
COLOUR = {"runOnly": {"type": "rule", "values": COLOUR_RULES}, "resultTypes": ["violations"]}


def _format(violations) -> str:
    lines = []
    for v in violations:
        lines.append(f"  {v['id']} ({v['impact']}): {v['help']}")
        for node in v["nodes"][:5]:
            summary = " ".join((node.get("failureSummary") or "").split())[:240]
            lines.append(f"      {node['target']}: {summary}")
    return "\n".join(lines)


def _axe(pg, options) -> list[dict]:
    if not pg.evaluate("typeof window.axe === 'object'"):
        pg.evaluate(AXE_SCRIPT)
    return pg.evaluate("options => axe.run(document, options).then(r => r.violations)", options)


@pytest.mark.parametrize(
    "scheme, options",
    [("light", FULL), ("dark", COLOUR)],
    ids=["light-all-rules", "dark-colour-rules"],
)
def test_axe_every_page(scheme, options, context, dark_context, base_url, site_pages):
    """axe-core finds no violation on any page: all rules in the light palette, the colour rules
    again in the dark (slate) palette that Material picks for readers whose system is dark."""
    ctx = context if scheme == "light" else dark_context
    expected = "default" if scheme == "light" else "slate"
    pg = ctx.new_page()
    failures = []
    try:
        for sp in site_pages:
            pg.goto(base_url + sp.path, wait_until="load")
            pg.wait_for_function(
                "s => document.body.dataset.mdColorScheme === s", arg=expected, timeout=5_000
            )
            violations = _axe(pg, options)
            if violations:
                failures.append(f"/{sp.path} [{scheme}]\n{_format(violations)}")
    finally:
        pg.close()
    assert not failures, "axe-core violations:\n" + "\n".join(failures)


@pytest.mark.parametrize("key", ["/", "s"])
def test_keyboard_search(key, page, base_url):
    """Open search with a key, type, ArrowDown to the first result, Enter: a result page opens."""
    page.goto(base_url, wait_until="networkidle")
    page.keyboard.press(key)
    box = page.locator(".md-search__input")
    box.wait_for(state="visible")
    assert page.evaluate("document.activeElement === document.querySelector('.md-search__input')")
    page.keyboard.type(QUERY)
    # Material searches on every key-up: wait for the results of the whole word, not of a prefix
    # typed on the way ("ac" once passed for "acupuncture" and pointed at another page).
    wait_for_results(page, QUERY)
    first = page.locator(".md-search-result__item > a.md-search-result__link").first
    assert first.is_visible()
    href = first.evaluate("a => a.href")
    assert QUERY in (parse_qs(urlsplit(href).query).get("h") or [""])[0].split()
    page.keyboard.press("ArrowDown")
    focused = page.evaluate("document.activeElement && document.activeElement.href")
    assert focused == href, "ArrowDown did not move focus to the first result"
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.split("#")[0] == href.split("#")[0]
    assert page.locator("article h1").first.is_visible()
