"""Glossary tooltips in the built site. (Whether the glossary page and includes/abbreviations.md agree,
and are plain, is the checker's: rules GLO001-GLO004.)"""
from __future__ import annotations

import re


def test_tooltips_appear_on_built_pages(built_site):
    html = (built_site.path / "mechanisms" / "paclitaxel-spinal-opioids" / "index.html").read_text(encoding="utf-8")
    assert re.search(r'<abbr title="[^"]+">paclitaxel</abbr>', html, re.I)
