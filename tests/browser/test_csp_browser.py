"""Issue 19, item 2: the Content-Security-Policy every page carries holds in a real browser: an inline
script and an event handler injected into a built page do not run, while the theme's own inline
scripts, search and the palette toggle work with no policy violation."""
from __future__ import annotations

import functools
import shutil
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

import pytest

from searchbox import INSTRUMENT_JS, open_box, run_query

pytestmark = pytest.mark.browser

# Every violation the page reports, recorded before any of the page's own scripts run.
VIOLATIONS_JS = """
window.__npaViolations = [];
document.addEventListener('securitypolicyviolation', ev => {
  window.__npaViolations.push({directive: ev.effectiveDirective, blocked: ev.blockedURI, sample: ev.sample});
});
"""
READY_JS = "() => document.documentElement.classList.contains('js') && !!document.querySelector('.md-search__input')"


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 (signature fixed by http.server)
        pass


def serve(directory):
    """Serve a folder on 127.0.0.1 (a changed copy of the built site); return (server, base URL)."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(directory)))
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


@pytest.fixture
def csp_page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 800}, color_scheme="light", reduced_motion="reduce")
    pg = context.new_page()
    pg.set_default_timeout(15_000)
    pg.add_init_script(VIOLATIONS_JS)
    pg.add_init_script(INSTRUMENT_JS)
    yield pg
    context.close()


def test_injected_inline_script_and_handler_do_not_run(csp_page, site_dir, tmp_path):
    copy = tmp_path / "site"
    shutil.copytree(site_dir, copy)
    about = copy / "about" / "index.html"
    html = about.read_text(encoding="utf-8")
    injected = ('<script>window.__npaInjected = "inline"</script>'
                '<img src="../assets/none.png" onerror="window.__npaInjected = \'handler\'">')
    marker = '<article class="md-content__inner md-typeset">'
    assert marker in html
    about.write_text(html.replace(marker, marker + injected, 1), encoding="utf-8")
    server, url = serve(copy)
    try:
        csp_page.goto(url + "about/")
        # wait for the state asserted: the policy refused both (two violations), and the theme ran
        csp_page.wait_for_function("() => window.__npaViolations.filter(v => v.directive === 'script-src-elem'"
                                   " || v.directive === 'script-src-attr').length >= 2")
        csp_page.wait_for_function(READY_JS)
        assert csp_page.evaluate("() => window.__npaInjected") is None
        # the theme's own inline start-up script ran (it defines __md_get), so only the injected ones were refused
        assert csp_page.evaluate("() => typeof window.__md_get") == "function"
    finally:
        server.shutdown()
        server.server_close()


def test_search_palette_and_pages_work_under_the_policy(csp_page, base_url):
    csp_page.goto(base_url)
    csp_page.wait_for_function(READY_JS)
    assert "default-src 'self'" in csp_page.locator('meta[http-equiv="Content-Security-Policy"]').get_attribute("content")
    open_box(csp_page)
    results = run_query(csp_page, "acupuncture")
    assert results, "search found nothing under the policy"
    before = csp_page.evaluate("() => document.body.getAttribute('data-md-color-scheme')")
    csp_page.keyboard.press("Escape")
    csp_page.locator("form[data-md-component='palette'] label:visible").first.click()
    csp_page.wait_for_function("(b) => document.body.getAttribute('data-md-color-scheme') !== b", arg=before)
    assert csp_page.evaluate("() => window.__npaViolations") == []
    csp_page.goto(base_url + "mechanisms/adenosine/")
    csp_page.wait_for_function(READY_JS)
    assert csp_page.locator("article.md-content__inner h1").count() == 1
    violations = csp_page.evaluate("() => window.__npaViolations")
    assert violations == [], violations
