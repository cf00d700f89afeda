"""Screenshots for the README: the home page and one mechanism page, 1280x800, light palette.

The committed PNGs in docs/assets/screenshots/ are rewritten only when UPDATE_SCREENSHOTS=1;
otherwise the screenshots are taken into a temporary folder, so the test still checks that the
pages render, without touching the repository.
"""
from __future__ import annotations

import os
import struct
from pathlib import Path

import pytest

from conftest import ROOT, VIEWPORT

pytestmark = pytest.mark.browser

SHOTS = {"home.png": "", "mechanism.png": "mechanisms/adenosine/"}
TARGET = ROOT / "docs" / "assets" / "screenshots"


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    return struct.unpack(">II", data[16:24])


@pytest.mark.parametrize("name", sorted(SHOTS))
def test_screenshot(name, page, base_url, tmp_path):
    out_dir = TARGET if os.environ.get("UPDATE_SCREENSHOTS") == "1" else tmp_path
    out_dir.mkdir(parents=True, exist_ok=True)
    page.goto(base_url + SHOTS[name], wait_until="networkidle")
    assert page.evaluate("document.body.dataset.mdColorScheme") == "default"
    data = page.screenshot(path=str(out_dir / name), animations="disabled", caret="hide")
    assert png_size(data) == (VIEWPORT["width"], VIEWPORT["height"])
    assert len(data) > 10_000, "the screenshot looks empty"
