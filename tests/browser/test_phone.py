"""Phones (390 x 844): the short answer starts on the first screen, and wide tables keep their
deciding column on screen. Also the short answer's scale (not colour alone, AA contrast in both
palettes) and its print style.

The short-answer box is checked on the render fixture site (tests/fixtures/render/docs, whose pages
have an `answer`) and on every real page that has one; the tables on the real site.
"""
from __future__ import annotations

import pytest

from conftest import serve
from test_accessibility import COLOUR, FULL, _axe, _format
from test_render_build import fixture_site  # noqa: F401 (the render fixture site, built once)
from test_short_answer import FIXTURE_DOCS, front_matter

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
TABLE_PAGES = ["claims/", "acupuncture-vs-drugs/", "mechanisms/"]
DECIDING = r"result|quality|certainty|verdict"


@pytest.fixture(scope="module")
def fixture_url(fixture_site):  # noqa: F811 (the fixture imported above)
    server, url = serve(fixture_site)
    yield url
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def phone(browser):
    ctx = browser.new_context(viewport=PHONE, color_scheme="light", reduced_motion="reduce",
                              is_mobile=True, has_touch=True)
    pg = ctx.new_page()
    pg.set_default_timeout(15_000)
    yield pg
    ctx.close()


def _answer_pages(docs) -> list[str]:
    pages = []
    for md in sorted(docs.rglob("*.md")):
        if front_matter(md).get("answer"):
            rel = md.relative_to(docs).as_posix()[:-3]
            pages.append("" if rel == "index" else rel[: -len("index")] if rel.endswith("/index") else rel + "/")
    return pages


BOX_TOP = """() => {
  const box = document.querySelector('article .short-answer');
  if (!box) return null;
  const r = box.getBoundingClientRect();
  return { top: r.top, bottom: r.bottom, left: r.left, right: r.right, visible: box.checkVisibility() };
}"""


def _box_tops(pg, base: str, pages: list[str]) -> list[str]:
    problems = []
    for path in pages:
        pg.goto(base + path, wait_until="load")
        pg.wait_for_function("() => window.scrollY === 0 && document.fonts.status === 'loaded'")
        box = pg.evaluate(BOX_TOP)
        if not box or not box["visible"]:
            problems.append(f"/{path}: no visible short-answer box")
        elif not (0 <= box["top"] < PHONE["height"]):
            problems.append(f"/{path}: the box starts at {box['top']:.0f}px, below the first screen")
        elif box["left"] < 0 or box["right"] > PHONE["width"]:
            problems.append(f"/{path}: the box is wider than the screen ({box['left']:.0f}..{box['right']:.0f})")
    return problems


def test_short_answer_starts_on_the_first_phone_screen(phone, fixture_url):
    pages = _answer_pages(FIXTURE_DOCS)
    assert pages, "no fixture page has an answer"
    assert not (problems := _box_tops(phone, fixture_url, pages)), "\n".join(problems)


def test_real_pages_with_an_answer_show_it_on_the_first_phone_screen(phone, base_url, site_pages):
    pages = [sp.path for sp in site_pages if sp.meta.get("answer")]
    assert not (problems := _box_tops(phone, base_url, pages)), "\n".join(problems)


MARKS = """() => [...document.querySelectorAll('article .short-answer__mark')].map(m => {
  const s = getComputedStyle(m);
  return { filled: m.classList.contains('short-answer__mark--filled'), background: s.backgroundColor,
           border: s.borderTopWidth, borderStyle: s.borderTopStyle, colour: s.color,
           printAdjust: s.printColorAdjust || s.webkitPrintColorAdjust };
})"""


def test_scale_is_not_colour_alone(page, fixture_url):
    """Filled marks are solid, empty ones an outline (a shape difference); the level is in words."""
    page.goto(fixture_url + "mechanisms/adenosine/", wait_until="load")
    scale = page.locator("article .short-answer__scale")
    scale.wait_for(state="visible")
    assert scale.get_attribute("role") == "img"
    assert "1 of 4" in scale.get_attribute("aria-label") and "Very low" in scale.get_attribute("aria-label")
    assert page.locator("article .short-answer__level").inner_text() == "Very low"
    marks = page.evaluate(MARKS)
    assert [m["filled"] for m in marks] == [True, False, False, False]
    for mark in marks:
        assert mark["borderStyle"] == "solid" and mark["border"] != "0px"
        transparent = mark["background"] in ("rgba(0, 0, 0, 0)", "transparent")
        assert transparent != mark["filled"], mark


@pytest.mark.parametrize(
    "scheme, expected, options", [("light", "default", FULL), ("dark", "slate", COLOUR)],
    ids=["light-all-rules", "dark-colour-rules"],
)
def test_short_answer_passes_axe_in_both_palettes(scheme, expected, options, context, dark_context, fixture_url):
    """axe-core finds nothing in the box: every rule in the light palette (landmarks, names,
    contrast), the colour rules again in the dark one."""
    ctx = context if scheme == "light" else dark_context
    pg = ctx.new_page()
    try:
        failures = []
        for path in _answer_pages(FIXTURE_DOCS):
            pg.goto(fixture_url + path, wait_until="load")
            pg.wait_for_function("s => document.body.dataset.mdColorScheme === s", arg=expected, timeout=5_000)
            violations = _axe(pg, options)
            violations = [v for v in violations
                          if any(".short-answer" in " ".join(map(str, n["target"])) for n in v["nodes"])]
            if violations:
                failures.append(f"/{path} [{scheme}]\n{_format(violations)}")
        assert not failures, "axe-core violations in the short answer:\n" + "\n".join(failures)
    finally:
        pg.close()


def test_short_answer_prints(page, fixture_url):
    page.goto(fixture_url + "mechanisms/adenosine/", wait_until="load")
    page.locator("article .short-answer").wait_for(state="visible")
    page.emulate_media(media="print")
    try:
        page.wait_for_function(
            "() => getComputedStyle(document.querySelector('.md-header')).display === 'none'"
        )
        assert page.locator("article .short-answer").is_visible(), "the short answer is not printed"
        assert page.locator("article .short-answer__gp").is_visible()
        marks = page.evaluate(MARKS)
        assert marks and all(m["printAdjust"] == "exact" for m in marks), marks
        assert not page.locator("article .npa-report").is_visible(), "the report link is printed"
    finally:
        page.emulate_media(media="screen")


DECIDING_CELLS = """(pattern) => {
  const re = new RegExp(pattern, 'i');
  const out = [];
  document.querySelectorAll('article table').forEach((table, t) => {
    const heads = [...table.querySelectorAll('thead th')].map(th => th.textContent.trim());
    heads.forEach((head, column) => {
      if (!re.test(head)) return;
      table.querySelectorAll('tbody tr').forEach((tr, row) => {
        const cell = tr.children[column];
        if (!cell) return;
        const r = cell.getBoundingClientRect();
        out.push({ table: t, head, row, left: r.left, right: r.right, width: r.width,
                   text: cell.textContent.trim().slice(0, 40) });
      });
    });
  });
  return out;
}"""

ALL_INSIDE = """([pattern, width]) => {
  const re = new RegExp(pattern, 'i');
  let cells = 0;
  for (const table of document.querySelectorAll('article table')) {
    const heads = [...table.querySelectorAll('thead th')].map(th => th.textContent.trim());
    for (const [column, head] of heads.entries()) {
      if (!re.test(head)) continue;
      for (const tr of table.querySelectorAll('tbody tr')) {
        const cell = tr.children[column];
        if (!cell) continue;
        const r = cell.getBoundingClientRect();
        if (r.width <= 0 || r.left < 0 || r.right > width) return false;
        cells += 1;
      }
    }
  }
  return cells > 0 && window.scrollX === 0;
}"""


@pytest.mark.parametrize("path", TABLE_PAGES)
def test_deciding_column_is_on_a_phone_screen(path, phone, base_url):
    """Result, quality, certainty and verdict cells lie within 0..390 px without scrolling sideways."""
    phone.goto(base_url + path, wait_until="load")
    try:
        phone.wait_for_function(ALL_INSIDE, arg=[DECIDING, PHONE["width"]], timeout=5_000)
    except Exception:  # noqa: BLE001 - report which cells are off screen below
        pass
    cells = phone.evaluate(DECIDING_CELLS, DECIDING)
    assert cells, f"/{path}: no table with a result, quality, certainty or verdict column"
    off = [c for c in cells if c["width"] <= 0 or c["left"] < 0 or c["right"] > PHONE["width"]]
    assert not off, f"/{path}: {len(off)} deciding cells off a {PHONE['width']}px screen, e.g. " + ", ".join(
        f"{c['head']} row {c['row']} ({c['left']:.0f}..{c['right']:.0f}px: {c['text']!r})" for c in off[:5]
    )
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], "the page scrolls sideways"
