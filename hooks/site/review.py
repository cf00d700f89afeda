"""Review dates at the bottom of each page, from front matter (never from git)."""
from __future__ import annotations

import datetime as dt

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]


def as_date(value) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        return None


def format_date(value) -> str:
    """2026-11-25 -> '25 November 2026' (UK order, locale independent); '' when not a date."""
    d = as_date(value)
    return f"{d.day} {MONTHS[d.month - 1]} {d.year}" if d else ""


def review_line(meta: dict) -> str:
    """'Page last reviewed: ... · Next review due: ...' as a paragraph with class npa-review."""
    reviewed, due = format_date(meta.get("reviewed")), format_date(meta.get("next_review"))
    parts = []
    if reviewed:
        parts.append(f"Page last reviewed: {reviewed}")
    if due:
        parts.append(f"Next review due: {due}")
    if not parts:
        return ""
    return " · ".join(parts) + "\n{: .npa-review }"
