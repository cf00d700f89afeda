"""The HTML scan's cache of clean pages: only clean pages are remembered, by their exact HTML."""

from hooks.gate.htmlscan import CleanCache, scan_page_html, scan_site

CLEAN = "<p>Plain <strong>text</strong>.</p>"
HOSTILE = '<p>Plain <img src=x onerror="alert(1)">.</p>'


def test_clean_page_is_remembered_and_hostile_page_never(tmp_path):
    cache = CleanCache(tmp_path)
    assert scan_page_html(CLEAN, "a.md", whole=False, cache=cache) == []
    assert scan_page_html(HOSTILE, "b.md", whole=False, cache=cache)
    cache.save()
    again = CleanCache(tmp_path)
    assert again.key(CLEAN, False) in again
    assert again.key(HOSTILE, False) not in again
    assert again.key(CLEAN, True) not in again  # a whole page is judged differently from content
    assert scan_page_html(HOSTILE, "b.md", whole=False, cache=again)  # still found, every time


def test_cache_from_another_scanner_version_is_ignored(tmp_path):
    (tmp_path / CleanCache.FILE).write_text("0" * 64 + "\n" + CleanCache.key(HOSTILE, False) + "\n")
    assert CleanCache.key(HOSTILE, False) not in CleanCache(tmp_path)


def test_site_scan_uses_and_fills_the_cache(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    for number in range(3):
        (site / f"p{number}.html").write_text(f"<!doctype html><html><head><title>t</title></head><body><p>{number}</p></body></html>")
    (site / "bad.html").write_text('<!doctype html><html><head><title>t</title></head><body><p onclick="x()">b</p></body></html>')
    cache = CleanCache(tmp_path / "cache")
    first = scan_site(site, jobs=1, cache=cache)
    assert [problem.rule for problem in first] == ["HTML002"]
    assert len(cache.keys) == 3
    assert [problem.rule for problem in scan_site(site, jobs=1, cache=cache)] == ["HTML002"]


def test_cache_lives_outside_the_project(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "user-cache"))
    project = tmp_path / "project"
    project.mkdir()
    folder = CleanCache.folder_for(project)
    assert folder.is_relative_to(tmp_path / "user-cache")
    assert not folder.is_relative_to(project)
    assert CleanCache.folder_for(tmp_path / "other") != folder
