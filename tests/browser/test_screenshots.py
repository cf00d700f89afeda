"""Screenshots for the README: the home page and one mechanism page at 1280x800, and the home page on a
phone (390x844, as a reader arriving from a search engine sees it first), light palette.

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
PHONE = {"width": 390, "height": 844}
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


def test_phone_screenshot_of_the_home_page(browser, base_url, tmp_path):
    """The home page on a phone: its short answer is on the first screen of the picture."""
    out_dir = TARGET if os.environ.get("UPDATE_SCREENSHOTS") == "1" else tmp_path
    out_dir.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport=PHONE, device_scale_factor=1, color_scheme="light")
    try:
        phone = context.new_page()
        phone.goto(base_url, wait_until="networkidle")
        answer = phone.locator(".short-answer").first
        answer.wait_for(state="visible")
        box = answer.bounding_box()
        assert box is not None and box["y"] < PHONE["height"], "the short answer is not on the first screen"
        data = phone.screenshot(path=str(out_dir / "home-phone.png"), animations="disabled", caret="hide")
        assert png_size(data) == (PHONE["width"], PHONE["height"])
        assert len(data) > 10_000, "the screenshot looks empty"
    finally:
        context.close()
