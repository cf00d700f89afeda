"""Real-browser fixtures: the built site served on 127.0.0.1 and one Debian chromium per session.

The site comes from the shared `built_site` fixture (tests/conftest.py): one strict build per
session, or the folder named by SITE_DIR when .ci/run has already built it.

Chromium is /usr/bin/chromium (Debian package). It is never downloaded: `playwright install` is
not used. Without it the browser tests skip, except under CI=true, where they fail.
"""
from __future__ import annotations

import functools
import os
import re
import threading
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml

from searchbox import open_box
from hooks.content.config import read_config
from sitepaths import nav_pages, url_path

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
MKDOCS_YML = ROOT / "mkdocs.yml"
VIEWPORT = {"width": 1280, "height": 800}


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "browser: runs in a real browser (Debian chromium through playwright)"
    )


# --------------------------------------------------------------------------- serving the site


class QuietHandler(SimpleHTTPRequestHandler):
    """Static files with no per-request log lines on stderr."""

    def log_message(self, format, *args):  # noqa: A002 (signature fixed by http.server)
        pass


def serve(directory: Path) -> tuple[ThreadingHTTPServer, str]:
    """Serve `directory` on 127.0.0.1 at a free port in a daemon thread; return (server, base URL)."""
    handler = functools.partial(QuietHandler, directory=str(directory))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, name="site-server", daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


@pytest.fixture(scope="session")
def site_dir(built_site) -> Path:
    return built_site.path


@pytest.fixture(scope="session")
def base_url(site_dir) -> str:
    server, url = serve(site_dir)
    yield url
    server.shutdown()
    server.server_close()


# --------------------------------------------------------------------------- the pages


@dataclass(frozen=True)
class SitePage:
    """One page of the site: its source file, its URL path (e.g. 'mechanisms/adenosine/') and its front matter."""

    src: str
    path: str
    meta: dict

    @property
    def type(self) -> str | None:
        return self.meta.get("type")


def front_matter(md: Path) -> dict:
    text = md.read_text(encoding="utf-8")
    m = re.match(r"\A---\s*\n(.*?)\n---\s*\n", text, re.S)
    if not m:
        return {}
    try:
        data = yaml.safe_load(m.group(1))
    except yaml.YAMLError:
        return {}
    return data if isinstance(data, dict) else {}


@pytest.fixture(scope="session")
def site_pages(site_dir) -> list[SitePage]:
    """Every page of the built site: the nav pages plus any other page in sitemap.xml."""
    sources = list(dict.fromkeys(nav_pages()))
    paths = {url_path(s) for s in sources}
    pages = [SitePage(s, url_path(s), front_matter(DOCS / s)) for s in sources if (DOCS / s).is_file()]
    sitemap = site_dir / "sitemap.xml"
    if sitemap.is_file():
        site_url = read_config(MKDOCS_YML).get("site_url")  # the project's one reader of mkdocs.yml
        prefix = urlsplit(str(site_url)).path if site_url else "/"
        prefix = prefix if prefix.endswith("/") else prefix + "/"
        for loc in ET.parse(sitemap).getroot().iter():
            if not loc.tag.endswith("loc") or not loc.text:
                continue
            path = urlsplit(loc.text.strip()).path
            path = path[len(prefix):] if path.startswith(prefix) else path.lstrip("/")
            if path not in paths and (site_dir / path / "index.html").is_file():
                paths.add(path)
                pages.append(SitePage(path + "index.md", path, {}))
    assert pages, "no pages found in the nav of mkdocs.yml"
    for page in pages:
        assert (site_dir / page.path / "index.html").is_file(), f"built site lacks {page.path or '/'}"
    return pages


# --------------------------------------------------------------------------- the browser


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        reason = f"{CHROMIUM} not found: install Debian's chromium package (apt-get install chromium)"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"CI=true but {reason}", pytrace=False)
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture(scope="session")
def context(browser):
    """The light-palette browsing context every test shares (no stored palette; system light)."""
    ctx = browser.new_context(viewport=VIEWPORT, color_scheme="light", reduced_motion="reduce")
    yield ctx
    ctx.close()


@pytest.fixture(scope="session")
def dark_context(browser):
    """A context whose system preference is dark: Material picks the slate palette."""
    ctx = browser.new_context(viewport=VIEWPORT, color_scheme="dark", reduced_motion="reduce")
    yield ctx
    ctx.close()


@pytest.fixture
def page(context):
    pg = context.new_page()
    pg.set_default_timeout(15_000)
    yield pg
    pg.close()


@pytest.fixture(scope="session")
def shared_page(context):
    """One tab reused by the many-query tests (search), so the search index loads once."""
    pg = context.new_page()
    pg.set_default_timeout(15_000)
    yield pg
    pg.close()


# --------------------------------------------------------------------------- search helpers


# Open the search box: on wide screens it sits in the header; on narrow ones behind an icon.
open_search = open_box


# Whether the result list shows the results of the query now in the box, not those of a prefix
# typed on the way there. Material searches on every key-up and renders each answer of its web
# worker as it comes, so while "acupuncture" is typed the list shows results for "a", "ac", ...
# With the search.highlight feature every result link carries the query terms it matched in its
# `h` parameter (empty on a section found through its page): results are stale while any link names
# a term that is only a prefix of a word of the query (e.g. "acupunct"), or no link names a word of
# the query. A "No matching documents" line counts as
# the answer only when `allow_none` is true.
RESULTS_FOR_QUERY_JS = """
([q, allowNone]) => {
  const box = document.querySelector('.md-search__input');
  const meta = document.querySelector('.md-search-result__meta');
  if (!box || box.value !== q || !meta) return false;
  const links = [...document.querySelectorAll('.md-search-result__item > a.md-search-result__link')];
  if (!links.length) return allowNone && /no matching/i.test(meta.textContent);
  if (!/match/i.test(meta.textContent)) return false;
  const trim = w => w.replace(/^[^\\p{L}\\p{N}]+|[^\\p{L}\\p{N}]+$/gu, '');
  const words = q.toLowerCase().split(/[\\s\\-]+/).map(trim).filter(Boolean);
  const partial = t => !words.includes(t) && words.some(w => w.length > t.length && w.startsWith(t));
  const h = links.map(a => new URL(a.href).searchParams.get('h'));
  if (h.some(value => value === null)) return true;  // search.highlight off: no way to tell
  const terms = h.flatMap(value => value.toLowerCase().split(/\\s+/).map(trim).filter(Boolean));
  return !terms.some(partial) && terms.some(t => words.includes(t));
}
"""


def wait_for_results(pg, query: str, *, allow_none: bool = False, timeout: float = 15_000) -> None:
    """Wait until the search results shown are those of `query` itself (see RESULTS_FOR_QUERY_JS),
    never just for the first result to appear."""
    pg.wait_for_function(RESULTS_FOR_QUERY_JS, arg=[query, allow_none], timeout=timeout)


def search(pg, query: str, timeout: float = 15_000) -> list[str]:
    """Type `query` into Material's search box; return the result page URLs (absolute, no fragment).

    Material runs the query on keyup, in a web worker, so results come asynchronously. The box is
    emptied with a real key press (the list then clears), the query is entered with its last
    character typed as a key press (one search, not one per prefix; but a search of the prefix can
    still run if the index finishes loading meanwhile), and the function waits until the results
    shown are those of the whole query.
    """
    box = pg.locator(".md-search__input")
    open_search(pg)
    box.fill("")
    box.press("Backspace")
    pg.wait_for_function(
        "() => document.querySelectorAll('.md-search-result__item').length === 0"
    )
    box.fill(query[:-1])
    box.press(query[-1])
    wait_for_results(pg, query, allow_none=True, timeout=timeout)
    # One result item per page: its first link is the page (or its best section).
    return pg.eval_on_selector_all(
        ".md-search-result__item",
        """items => items.map(li => {
            const a = li.querySelector('a.md-search-result__link');
            if (!a) return '';
            const u = new URL(a.href);
            return u.origin + u.pathname;
        })""",
    )


# --------------------------------------------------------------------------- one walk over the site

# What each page shows, collected in the page by one script (so the site is walked only once).
FACTS_JS = """
() => {
  const article = document.querySelector('article.md-content__inner');
  const vis = el => !!el && el.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true });
  const follows = (a, b) => !!(a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING);
  const h2s = article ? [...article.querySelectorAll('h2')] : [];
  const find = text => {
    if (!article) return null;
    const walker = document.createTreeWalker(article, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode())
      if (n.nodeValue.includes(text)) return n.parentElement;
    return null;
  };
  const notice = document.querySelector('[role=note].npa-notice');
  const badge = find('Certainty');
  const badgeBox = badge && (badge.closest('.admonition, aside, div, p, section, dl, table') || badge);
  const review = find('Page last reviewed');
  const reviewBox = review && (review.closest('p, div, footer, aside, section') || review);
  return {
    title: document.title,
    notice: notice ? { visible: vis(notice), text: notice.textContent } : null,
    badge: badge ? {
      visible: vis(badge),
      atTop: !h2s.length || follows(badge, h2s[0]),
      text: badgeBox.textContent,
      labelsLink: !!(badgeBox.querySelector('a[href*="evidence-labels"]')
                     || article.querySelector('a[href*="evidence-labels"]')),
    } : null,
    review: review ? {
      visible: vis(review),
      atBottom: !h2s.some(h => follows(review, h)),
      text: reviewBox.textContent,
    } : null,
    articleText: article ? article.innerText : '',
    metaDescription: (document.querySelector('meta[name=description]') || {}).content || null,
    jsonld: [...document.querySelectorAll('script[type="application/ld+json"]')].map(el => {
      try { return JSON.parse(el.textContent); } catch (e) { return { error: String(e) }; }
    }),
  };
}
"""


@dataclass
class Walk:
    """The result of visiting every page once: facts per page path, and every request made."""

    facts: dict
    requests: list  # (request URL, page URL)


@pytest.fixture(scope="session")
def walk(context, base_url, site_pages) -> Walk:
    """Visit every page (waiting for the network to go quiet), then run one search."""
    pg = context.new_page()
    pg.set_default_timeout(15_000)
    requests: list[tuple[str, str]] = []
    pg.on("request", lambda r: requests.append((r.url, pg.url)))
    facts = {}
    try:
        for sp in site_pages:
            pg.goto(base_url + sp.path, wait_until="networkidle")
            facts[sp.path] = pg.evaluate(FACTS_JS)
        search(pg, "acupuncture")
        pg.wait_for_load_state("networkidle")
    finally:
        pg.close()
    return Walk(facts, requests)
