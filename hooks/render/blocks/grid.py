"""Options side by side (the option grid) and pictures of numbers (icon arrays), as Markdown with
a little HTML, from the checked data of data/options.yml and data/figures.yml
(hooks/content/options.py parses both; the Markdown extension places them at their markers).

The grid is a Markdown table inside `<div class="npa-grid" markdown>`: the tables extension makes
it, hooks.render.tables labels each cell with its column (the phone cards), and the reference extension's
tree processor turns each row's first cell into a row header and `data-caption` into the table's
caption. Citations are Markdown links to the References page, as everywhere else, so each engine
resolves them the same way.

An icon array is an inline SVG drawn here, at build time: 100 small figures, the ones that stand for
the outcome first and filled. Its text alternative is the same sentence that is shown under it
(`<title>` referenced by aria-labelledby, and the visible figcaption), with the source linked. No
script, no external file: the same bytes under any engine.

Every data value is escaped for where it lands: Markdown text (hooks/render/blocks/escape.markdown), an HTML
attribute or HTML text (escape.attribute, escape.text).
"""
from __future__ import annotations

from hooks.content.options import drawn

from . import escape
from .markdown_text import relative_link

COLUMNS = ("Option", "What it involves", "How well it works", "Main harms")
NOT_RATED_LABEL = "not rated"


def _cite(keys: list[str], labels: dict[str, str], page: str, references: str) -> str:
    links = [f"[{escape.markdown(labels[k], table=True)}]({relative_link(page, f'{references}#{k}')})"
             for k in keys if k in labels]
    return f" ({'; '.join(links)})" if links else ""


def _with_citation(text: str, citation: str) -> str:
    """The citation before the text's last full stop, as citations stand in the pages' prose."""
    if citation and text.endswith("."):
        return text[:-1] + citation + "."
    return text + citation


def option_grid(grid: dict | None, labels: dict[str, str], page: str, references: str = "references.md",
                certainty_labels: dict[str, str] | None = None) -> str | None:
    """The Markdown of one page's option grid, or None when the page has none."""
    if not grid or not grid.get("rows"):
        return None
    certainty_labels = certainty_labels or {}
    lines = [f'<div class="npa-grid" data-caption="{escape.attribute(" ".join(str(grid["caption"]).split()))}" markdown>',
             "", "| " + " | ".join(COLUMNS) + " |", "|" + "---|" * len(COLUMNS)]
    for row in grid["rows"]:
        cells = [f"**{escape.markdown(row['option'], table=True)}**"]
        for name in ("involves", "works", "harms"):
            cell = row[name]
            text = _with_citation(escape.markdown(cell["text"], table=True), _cite(cell["sources"], labels, page, references))
            if name == "works":
                certainty = cell["certainty"]
                label = NOT_RATED_LABEL if certainty == "not-rated" else certainty_labels.get(certainty, certainty)
                text = f"**Certainty: {escape.markdown(str(label).lower(), table=True)}.** {text}"
            cells.append(text)
        lines.append("| " + " | ".join(cells) + " |")
    lines += ["", "</div>"]
    return "\n".join(lines)


# ---- icon arrays ----------------------------------------------------------------------------------

_SIZE = 10  # each icon's square, in SVG units; 10 x 10 icons


def _person(x: int, y: int) -> str:
    """A person: a round head and a rounded body, in the icon square at (x, y)."""
    return (f"M{x + 3.2:g} {y + 2.4:g}a1.8 1.8 0 1 0 3.6 0a1.8 1.8 0 1 0-3.6 0z"
            f"M{x + 2.4:g} {y + 9.4:g}v-3.4q0-1.6 1.6-1.6h2q1.6 0 1.6 1.6v3.4z")


def _square(x: int, y: int) -> str:
    return f"M{x + 1.5:g} {y + 1.5:g}h7v7h-7z"


def sentence(figure: dict) -> str:
    """The figure's sentence, in natural frequencies: the text shown and the text alternative."""

    count = drawn(figure)
    who, outcome = " ".join(figure["who"].split()), " ".join(figure["outcome"].split())
    if figure["kind"] == "nnt":
        return f"Out of 100 {who}, about {count} more {outcome} than out of 100 people taking a placebo, a dummy treatment."
    return f"Out of 100 {who}, about {count} {outcome}."


def icon_array_svg(figure: dict) -> str:
    """The SVG of one figure: `drawn` filled icons, then the rest outlined, in rows of 10. Filled
    against outlined (not colour alone) tells them apart; both pass 3:1 against the page."""

    count = drawn(figure)
    shape = _person if figure.get("unit") == "people" else _square
    on, off = [], []
    for index in range(100):
        y, x = divmod(index, 10)
        (on if index < count else off).append(shape(x * _SIZE, y * _SIZE))
    title_id = f"npa-fig-{figure['id']}-title"
    text = escape.text(sentence(figure))
    return (
        f'<svg class="npa-icons__chart" role="img" aria-labelledby="{escape.attribute(title_id)}" '
        f'viewBox="0 0 100 100" width="160" height="160" focusable="false">'
        f'<title id="{escape.attribute(title_id)}">{text}</title>'
        f'<path class="npa-icons__on" fill="#1f4e9c" d="{"".join(on)}"/>'
        + (f'<path class="npa-icons__off" fill="none" stroke="#767676" stroke-width="0.8" d="{"".join(off)}"/>'
           if off else "")
        + "</svg>"
    )


def icon_arrays(figures: list[dict] | None, labels: dict[str, str], page: str,
                references: str = "references.md") -> str | None:
    """The Markdown of a page's icon arrays (each a figure with its SVG and its sentence), or None."""
    if not figures:
        return None
    blocks = ['<div class="npa-icons-set" markdown>', ""]
    for figure in figures:
        caption = _with_citation(escape.markdown(sentence(figure)), _cite([figure["source"]], labels, page, references))
        blocks += [
            f'<figure class="npa-icons" id="npa-fig-{escape.attribute(figure["id"])}" markdown>',
            f'<div class="npa-icons__frame">{icon_array_svg(figure)}</div>',
            f'<figcaption markdown="span">{caption}</figcaption>',
            "</figure>",
            "",
        ]
    blocks.append("</div>")
    return "\n".join(blocks)
