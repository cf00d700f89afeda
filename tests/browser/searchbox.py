"""Drive Material's search box and know when the results shown are those of the full query.

Material searches on keyup, in a web worker, and renders the worker's answer synchronously when it
arrives. A script added before the page's own (`INSTRUMENT_JS`) wraps the page's Worker so that
every query Material posts, and every result the worker sends back, is counted in
`window.__npaSearch`; the worker answers in order, so the n-th result belongs to the n-th query.
`run_query` types the query (its last character as a real key press, so Material runs exactly one
search, for the whole query) and waits until the result for that very query has been rendered:
never for the first result item to appear, which may belong to an earlier query. Also used by
bench/bench_search.py.
"""
from __future__ import annotations

INSTRUMENT_JS = """
(() => {
  const Native = window.Worker;
  if (!Native || Native.__npaWrapped) return;
  const state = window.__npaSearch = { sent: [], done: 0, query: null, count: -1, at: 0 };
  class Counted extends Native {
    constructor(...args) {
      super(...args);
      // Added before Material's own listener, so the flag below is set after Material's
      // listener has rendered the results (a timer runs after the whole message dispatch).
      this.addEventListener('message', ev => {
        const data = ev.data && ev.data.data;
        if (!data || !Array.isArray(data.items)) return;       // results only
        const query = state.sent.length ? state.sent.shift() : null;
        const at = performance.now();
        state.answering = query;   // read by the benchmark's MutationObserver
        setTimeout(() => {
          state.query = query; state.count = data.items.length; state.at = at; state.done += 1;
        }, 0);
      });
    }
    postMessage(message, ...rest) {
      if (message && typeof message.data === 'string') state.sent.push(message.data);  // a query
      return super.postMessage(message, ...rest);
    }
  }
  Counted.__npaWrapped = true;
  window.Worker = Counted;
})();
"""

RESULT_URLS_JS = """
items => items.map(li => {
  const a = li.querySelector('a.md-search-result__link');
  if (!a) return '';
  const u = new URL(a.href);
  return u.origin + u.pathname;
})
"""


def open_box(pg) -> None:
    """Open the search box whatever the screen width and focus it."""
    box = pg.locator(".md-search__input")
    if not box.is_visible():
        pg.locator("label.md-header__button[for='__search']").first.click()
        box.wait_for(state="visible")
    box.click()


def run_query(pg, query: str, timeout: float = 15_000) -> list[str]:
    """Type `query` into the search box; return the result pages' URLs in order (no fragment).

    The page must have INSTRUMENT_JS as an init script. Queries typed one after another must
    differ (Material ignores a keyup that leaves the value unchanged).
    """
    box = pg.locator(".md-search__input")
    done = pg.evaluate("() => window.__npaSearch.done")
    box.fill(query[:-1])  # no keyup: Material does not search yet
    box.press(query[-1])  # the last keystroke: one search, for the whole query
    pg.wait_for_function(
        "([q, n]) => { const s = window.__npaSearch; return s.done > n && s.query === q; }",
        arg=[query, done],
        timeout=timeout,
    )
    return pg.eval_on_selector_all(".md-search-result__item", RESULT_URLS_JS)
