#!/usr/bin/env python3
"""Benchmark the built site in Debian chromium (a script, not a test).

Prints, for the site served on 127.0.0.1:
  1. the bytes of a first visit to a page (HTML, CSS, JS, search index, icons), uncompressed and
     gzip-compressed (what a static host sends), by kind of file;
  2. the size of the search index;
  3. the median milliseconds from the last keystroke to the results shown, warm, over at least
     10 reader queries (measured in the page with performance.now() and a MutationObserver);
  4. Lighthouse category scores, if Lighthouse is installed (PATH, or /tmp/lh/node_modules/.bin);
     it is optional: without it the script says so and skips.

Usage:
  .venv/bin/python bench/bench_site.py                 # builds the site into a temp folder
  .venv/bin/python bench/bench_site.py --site site     # uses an already built site
  options: --page mechanisms/adenosine/  --runs 5  --no-lighthouse  --lighthouse PATH

Targets (printed beside each figure): first visit <= 150 KB gzip; warm search <= 25 ms;
Lighthouse accessibility, SEO and best practices 1.00, performance >= 0.95.
"""
from __future__ import annotations

import argparse
import functools
import gzip
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
KB = 1024

TARGET_FIRST_VISIT_GZIP = 150 * KB
TARGET_SEARCH_MS = 25.0
TARGET_LIGHTHOUSE = {"performance": 0.95, "accessibility": 1.0, "best-practices": 1.0, "seo": 1.0}

QUERIES = [
    "nerve pain", "chemotherapy", "does acupuncture work", "side effects", "adenosine",
    "shingles", "allodynia", "blood flow", "inflammation", "brain scan", "sleep", "GRADE",
    "animal studies", "opioid", "sham acupuncture", "carpal tunnel",
]


COMPRESSIBLE = (".html", ".css", ".js", ".json", ".svg", ".xml", ".txt", ".map")


class StaticHostHandler(SimpleHTTPRequestHandler):
    """Serves files like a static host: gzip for text files when the client accepts it."""

    _cache: dict[str, bytes] = {}

    def log_message(self, format, *args):  # noqa: A002
        pass

    def do_GET(self):  # noqa: N802
        path = Path(self.translate_path(self.path))
        if path.is_dir() and self.path.split("?")[0].endswith("/"):
            path = path / "index.html"
        accepts = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (accepts and path.is_file() and path.suffix in COMPRESSIBLE):
            return super().do_GET()
        key = str(path)
        if key not in self._cache:
            self._cache[key] = gzip.compress(path.read_bytes(), compresslevel=9, mtime=0)
        body = self._cache[key]
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "max-age=600")
        self.end_headers()
        self.wfile.write(body)


def serve(directory: Path) -> tuple[ThreadingHTTPServer, str]:
    handler = functools.partial(StaticHostHandler, directory=str(directory))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def build(out: Path) -> Path:
    site = out / "site"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(site)],
        cwd=ROOT, env=env, capture_output=True, text=True,
    )
    if result.returncode != 0:
        sys.exit(f"mkdocs build failed:\n{result.stdout}\n{result.stderr}")
    return site


def gz(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=9, mtime=0))


def kind(url: str, content_type: str) -> str:
    path = urlsplit(url).path
    if path.endswith("search_index.json"):
        return "search index"
    if "html" in content_type or path.endswith("/"):
        return "html"
    for ext, name in ((".css", "css"), (".js", "js"), (".json", "json"), (".svg", "svg"),
                      (".png", "image"), (".ico", "image")):
        if path.endswith(ext):
            return name
    return content_type.split(";")[0] or "other"


def verdict(ok: bool) -> str:
    return "ok" if ok else "MISSED"


# --------------------------------------------------------------------------- 1. first visit


def first_visit(browser, base_url: str, page_path: str) -> None:
    ctx = browser.new_context(viewport={"width": 1280, "height": 800})
    pg = ctx.new_page()
    responses = []
    pg.on("response", lambda r: responses.append(r))
    pg.goto(base_url + page_path, wait_until="networkidle")
    # The search worker fetches the index on page load; make sure it has arrived.
    pg.wait_for_timeout(300)
    pg.wait_for_load_state("networkidle")
    rows: dict[str, list[int]] = {}
    outside = []
    for r in responses:
        if urlsplit(r.url).hostname != "127.0.0.1":
            outside.append(r.url)
            continue
        try:
            body = r.body()
        except Exception:  # noqa: BLE001 (redirects and aborted requests have no body)
            continue
        k = kind(r.url, r.headers.get("content-type", ""))
        row = rows.setdefault(k, [0, 0, 0])
        row[0] += 1
        row[1] += len(body)
        row[2] += gz(body)
    ctx.close()
    total_raw = sum(r[1] for r in rows.values())
    total_gz = sum(r[2] for r in rows.values())
    print(f"\n1. First visit to /{page_path} (cold cache): {sum(r[0] for r in rows.values())} files")
    print(f"   {'kind':<14}{'files':>6}{'uncompressed':>16}{'gzip':>12}")
    for k, (n, raw, comp) in sorted(rows.items(), key=lambda kv: -kv[1][1]):
        print(f"   {k:<14}{n:>6}{raw / KB:>13.1f} KB{comp / KB:>9.1f} KB")
    print(f"   {'total':<14}{'':>6}{total_raw / KB:>13.1f} KB{total_gz / KB:>9.1f} KB"
          f"   target <= {TARGET_FIRST_VISIT_GZIP // KB} KB gzip: {verdict(total_gz <= TARGET_FIRST_VISIT_GZIP)}")
    if outside:
        print("   requests to other hosts (should be none): " + ", ".join(sorted(set(outside))))
    else:
        print("   requests to other hosts: none")


# --------------------------------------------------------------------------- 2. search index


def search_index(site: Path) -> None:
    path = site / "search" / "search_index.json"
    data = path.read_bytes()
    docs = len(json.loads(data).get("docs", []))
    print(f"\n2. Search index: {len(data) / KB:.1f} KB uncompressed, {gz(data) / KB:.1f} KB gzip,"
          f" {docs} entries (pages and sections)")


# --------------------------------------------------------------------------- 3. search latency

BENCH_JS = """
async (q) => {
  const input = document.querySelector('.md-search__input');
  const result = document.querySelector('.md-search-result');
  const list = () => document.querySelectorAll('.md-search-result__item').length;
  const meta = () => document.querySelector('.md-search-result__meta').textContent;
  const keyup = (key) => input.dispatchEvent(new KeyboardEvent('keyup', { key, bubbles: true }));
  // Empty the box first (one keyup), and wait for the list to clear.
  input.value = '';
  keyup('Backspace');
  for (let i = 0; i < 200 && list() > 0; i++) await new Promise(r => setTimeout(r, 5));
  return await new Promise(resolve => {
    let t0 = 0;
    const done = () => list() > 0 || /no matching/i.test(meta());
    const obs = new MutationObserver(() => {
      if (!done()) return;
      const dom = performance.now() - t0;
      obs.disconnect();
      requestAnimationFrame(() => resolve({ dom, frame: performance.now() - t0, n: list() }));
    });
    obs.observe(result, { childList: true, subtree: true, characterData: true });
    input.value = q;
    t0 = performance.now();
    keyup(q.slice(-1));   // the last keystroke: Material searches on keyup
  });
}
"""


def search_latency(browser, base_url: str, runs: int) -> None:
    ctx = browser.new_context(viewport={"width": 1280, "height": 800})
    pg = ctx.new_page()
    pg.goto(base_url, wait_until="networkidle")
    pg.keyboard.press("/")  # opens search whatever the screen width
    pg.locator(".md-search__input").wait_for(state="visible")
    # Wait until the worker has built the index: a query returns results.
    pg.locator(".md-search__input").press_sequentially("pain")
    pg.locator(".md-search-result__item").first.wait_for(timeout=30_000)
    for q in QUERIES:  # warm-up round (JIT, caches): not counted
        pg.evaluate(BENCH_JS, q)
    dom, frame, empty = [], [], []
    for _ in range(runs):
        for q in QUERIES:
            m = pg.evaluate(BENCH_JS, q)
            dom.append(m["dom"])
            frame.append(m["frame"])
            if not m["n"]:
                empty.append(q)
    ctx.close()
    med = statistics.median(dom)
    print(f"\n3. Search, warm: {len(QUERIES)} queries x {runs} runs = {len(dom)} measurements")
    print(f"   last keystroke -> results in the DOM: median {med:.1f} ms, "
          f"p90 {statistics.quantiles(dom, n=10)[-1]:.1f} ms, max {max(dom):.1f} ms"
          f"   target <= {TARGET_SEARCH_MS:.0f} ms: {verdict(med <= TARGET_SEARCH_MS)}")
    print(f"   last keystroke -> next frame (painted): median {statistics.median(frame):.1f} ms")
    if empty:
        print("   queries with no results: " + ", ".join(sorted(set(empty))))


# --------------------------------------------------------------------------- 4. Lighthouse


def find_lighthouse(given: str | None) -> str | None:
    for candidate in (given, shutil.which("lighthouse"), "/tmp/lh/node_modules/.bin/lighthouse"):
        if candidate and Path(candidate).exists():
            return candidate
    return None


def run_lighthouse(binary: str, url: str, preset: str) -> dict | None:
    env = {**os.environ, "CHROME_PATH": CHROMIUM}
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "report.json"
        cmd = [
            binary, url, "--quiet", "--output=json", f"--output-path={out}",
            "--only-categories=performance,accessibility,best-practices,seo",
            "--chrome-flags=" + " ".join(CHROMIUM_ARGS),
        ]
        if preset == "desktop":
            cmd.append("--preset=desktop")
        result = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=300)
        if result.returncode != 0 or not out.exists():
            print(f"   run failed (exit {result.returncode}): {result.stderr.strip()[-600:]}")
            return None
        return json.loads(out.read_text())


def lighthouse(binary: str | None, url: str, preset: str, runs: int) -> None:
    print(f"\n4. Lighthouse, {preset}, median of {runs} runs "
          f"({url}; served gzip-compressed like a static host)")
    if not binary:
        print("   skipped: lighthouse not found (npm install lighthouse@12.2.3 into /tmp/lh, "
              "or put it on PATH, or pass --lighthouse PATH)")
        return
    reports = [r for r in (run_lighthouse(binary, url, preset) for _ in range(runs)) if r]
    if not reports:
        return
    # The report whose performance score is the median stands for the audits listed below.
    reports.sort(key=lambda r: r["categories"]["performance"]["score"] or 0)
    middle = reports[len(reports) // 2]
    for key, target in TARGET_LIGHTHOUSE.items():
        scores = [r["categories"][key]["score"] for r in reports
                  if r["categories"].get(key, {}).get("score") is not None]
        if not scores:
            print(f"   {key:<15} n/a")
            continue
        score = statistics.median(scores)
        sign = ">=" if key == "performance" else "="
        spread = f" (runs: {', '.join(f'{x:.2f}' for x in scores)})" if len(scores) > 1 else ""
        print(f"   {key:<15} {score:.2f}   target {sign} {target:.2f}: "
              f"{verdict(score >= target)}{spread}")
        cat = middle["categories"][key]
        if (cat.get("score") or 0) < 1:
            for ref in cat["auditRefs"]:
                audit = middle["audits"][ref["id"]]
                if ref.get("weight") and audit.get("score") is not None and audit["score"] < 1:
                    print(f"      - {audit['id']}: {audit['title']} ({audit['score']:.2f})")
    metrics = middle["audits"]
    for mid in ("first-contentful-paint", "largest-contentful-paint", "total-blocking-time",
                "cumulative-layout-shift"):
        if mid in metrics:
            print(f"   {metrics[mid]['title']:<26} {metrics[mid].get('displayValue', '')}")


# --------------------------------------------------------------------------- main


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--site", type=Path, help="a built site folder (default: build one now)")
    ap.add_argument("--page", default="", help="page for the first-visit and Lighthouse figures")
    ap.add_argument("--runs", type=int, default=3, help="measured rounds over the queries")
    ap.add_argument("--lighthouse", help="path to the lighthouse command")
    ap.add_argument("--no-lighthouse", action="store_true")
    ap.add_argument("--lh-runs", type=int, default=3, help="Lighthouse runs per form factor")
    ap.add_argument("--preset", choices=["mobile", "desktop", "both"], default="both",
                    help="Lighthouse form factor (default: both)")
    args = ap.parse_args()

    if not Path(CHROMIUM).exists():
        sys.exit(f"{CHROMIUM} not found: apt-get install chromium")
    with tempfile.TemporaryDirectory() as tmp:
        site = args.site.resolve() if args.site else build(Path(tmp))
        if not (site / "index.html").is_file():
            sys.exit(f"{site} is not a built site (no index.html)")
        server, base_url = serve(site)
        print(f"Site: {site}  served at {base_url}")
        from playwright.sync_api import sync_playwright

        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            try:
                first_visit(browser, base_url, args.page)
                search_index(site)
                search_latency(browser, base_url, max(1, args.runs))
            finally:
                browser.close()
        if args.no_lighthouse:
            print("\n4. Lighthouse: skipped (--no-lighthouse)")
        else:
            binary = find_lighthouse(args.lighthouse)
            presets = ["mobile", "desktop"] if args.preset == "both" else [args.preset]
            for preset in presets:
                lighthouse(binary, base_url + args.page, preset, max(1, args.lh_runs))
                if not binary:
                    break
        server.shutdown()


if __name__ == "__main__":
    main()
