"""The hooks.render.tables Markdown extension: each table cell carries its column heading (data-label)."""
from __future__ import annotations

import re

import markdown

from test_short_answer import CONFIG


def render(text: str) -> str:
    return markdown.markdown(text, extensions=["tables", "abbr", "hooks.render.tables"])


def test_cells_get_their_column_heading():
    html = render("| Study | Result *(pain)* | Certainty |\n|---|---|---|\n| A | **Better** | Low |\n| B | Same |\n")
    assert re.findall(r'<td data-label="([^"]*)">', html) == [
        "Study", "Result (pain)", "Certainty", "Study", "Result (pain)", "Certainty",
    ]
    assert '<td data-label="Result (pain)"><strong>Better</strong></td>' in html


def test_heading_text_is_escaped_in_the_attribute():
    html = render('| Say "hi" & <b>bye</b> |\n|---|\n| x |\n')
    label = re.search(r'<td data-label="([^"]*)">x</td>', html).group(1)
    assert "<" not in label and '"' not in label
    assert label.startswith("Say &quot;hi&quot; &amp;")


def test_abbreviations_in_headings_are_plain_text_and_cells_keep_theirs():
    html = render("| GP visit |\n|---|\n| GP |\n\n*[GP]: General practitioner\n")
    assert '<td data-label="GP visit"><abbr title="General practitioner">GP</abbr></td>' in html


def test_tables_without_a_heading_row_are_left_alone():
    html = markdown.markdown("<table><tr><td>x</td></tr></table>", extensions=["hooks.render.tables", "md_in_html"])
    assert "data-label" not in html


def test_the_site_uses_the_extension():
    assert "npa_tables" in [e if isinstance(e, str) else next(iter(e)) for e in CONFIG["markdown_extensions"]]
