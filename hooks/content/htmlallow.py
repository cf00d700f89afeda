"""What the site's own HTML is made of: the allowlist the HTML scan (htmlscan.py) judges pages by.

Derived from the real built site (both engines, every page, collected with an HTML5 parser) and from
what the site's Markdown extensions can write (Python-Markdown, abbr, admonition, attr_list,
def_list, footnotes, md_in_html, tables, toc, pymdownx details and superfences, hooks/mdx/*,
hooks/render/blocks/*) and its template overrides (overrides/). Anything else withholds the page.

Two places on a page:
  content  inside Material's `<article class="md-content__inner">`: what Markdown, the extensions
           and the content partials write. Tight: no script, no style, no forms, a small SVG set.
  chrome   the theme around it (header, navigation, search, palette, footer, <head>): Material's
           own markup, still without event handlers, style, embeds or foreign loads; its inline
           scripts are allowed only by exact content (csp.THEME_SCRIPT_HASHES).

Names are the HTML5 parser's: HTML elements plain ("div"), SVG elements prefixed ("svg:path").
"""

from __future__ import annotations

import re

# Attributes allowed on every element of the given place (besides aria-* and the data-* lists below).
GLOBAL_ATTRIBUTES = frozenset({"class", "id", "title", "lang", "dir", "role", "hidden"})

CONTENT_ELEMENTS: dict[str, frozenset[str]] = {name: frozenset(attributes) for name, attributes in {
    # Python-Markdown and its extensions, the reference extension and the content partials
    "p": (), "div": (), "span": (), "section": (), "nav": (), "h1": (), "h2": (), "h3": (), "h4": (),
    "h5": (), "h6": (), "a": ("href", "rel", "tabindex"), "abbr": (), "strong": (), "em": (), "b": (), "i": (),
    "s": (), "del": (), "ins": (), "mark": (), "small": (), "sub": (), "sup": (), "kbd": (), "code": (),
    "pre": (), "blockquote": (), "ul": (), "ol": ("start",), "li": ("value",), "dl": (), "dt": (), "dd": (),
    "table": (), "caption": (), "colgroup": (), "col": ("span",), "thead": (), "tbody": (), "tfoot": (),
    "tr": (), "th": ("colspan", "rowspan", "scope", "style"), "td": ("colspan", "rowspan", "style"),
    "details": ("open",), "summary": (), "hr": (), "br": (), "img": ("src", "alt", "width", "height", "loading"),
    "figure": (), "figcaption": (), "time": ("datetime",), "q": (), "cite": (), "dfn": (), "var": (),
    "samp": (), "u": (), "wbr": (),
    # inline SVG icons (the site's own option grids and icons): shapes only, no links, no style
    "svg:svg": ("viewBox", "width", "height", "focusable", "preserveAspectRatio", "xmlns", "xmlns:xlink", "version"),
    "svg:g": (), "svg:rect": ("x", "y", "width", "height", "rx", "ry"), "svg:circle": ("cx", "cy", "r"),
    "svg:path": ("d",), "svg:title": (), "svg:desc": (),
}.items()}
SVG_PRESENTATION = frozenset({
    "fill", "fill-opacity", "fill-rule", "clip-rule", "stroke", "stroke-width", "stroke-opacity",
    "stroke-linecap", "stroke-linejoin", "stroke-dasharray", "stroke-dashoffset", "opacity", "transform",
    "vector-effect", "shape-rendering", "stroke-miterlimit",
})
# data-* attributes the site's own content writes (evidence scale, search exclusion, table labels)
CONTENT_DATA = frozenset({"data-certainty", "data-search-exclude", "data-label"})

CHROME_ELEMENTS: dict[str, frozenset[str]] = {name: frozenset(attributes) for name, attributes in {
    "html": ("lang",), "head": (), "body": (), "title": (), "meta": ("charset", "name", "content", "http-equiv"),
    "link": ("href", "rel", "type", "sizes", "media", "as", "crossorigin", "hreflang"), "script": ("src", "type"),
    "header": (), "main": (), "footer": (), "aside": (), "nav": ("aria-expanded",), "div": ("tabindex",),
    "p": (), "span": (), "strong": (), "em": (), "small": (), "a": ("href", "rel", "target", "tabindex", "hreflang"),
    "ul": (), "ol": (), "li": (), "h1": (), "h2": (), "form": ("name",),
    "input": ("type", "name", "placeholder", "autocapitalize", "autocomplete", "autocorrect", "spellcheck",
              "required", "checked", "for", "tabindex", "value"),
    "label": ("for", "tabindex"), "button": ("type", "tabindex"), "svg:svg": ("viewBox", "xmlns", "width", "height"),
    "article": (),
    # Zensical's theme draws its icons with stroked SVG shapes
    "svg:path": ("d",), "svg:g": (), "svg:title": (), "svg:circle": ("cx", "cy", "r"),
    "svg:rect": ("x", "y", "width", "height", "rx", "ry"), "svg:line": ("x1", "y1", "x2", "y2"),
    "svg:polyline": ("points",), "svg:polygon": ("points",),
}.items()}
CHROME_DATA_PREFIXES = ("data-md-", "data-clipboard")

# Where an element's address goes: checked by scheme and host.
LINK_ATTRIBUTES = frozenset({"href"})  # navigation: http(s), mailto, or the site
LOAD_ATTRIBUTES = frozenset({"src"})   # loading: the site only (img: or a raster data: image)
LINK_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
TEXT_ALIGN = re.compile(r"\A\s*text-align\s*:\s*(?:left|right|center)\s*;?\s*", re.I)
CHROME_META = frozenset({"content-security-policy"})  # the only http-equiv the theme may set
THEME_ID_PREFIX = "__"  # the theme's own ids (__config, __search, __drawer...): content may not clobber them
THEME_CONTENT_IDS = frozenset({"__skip"})  # Zensical's skip-link target, written inside the article
CONTENT_CLASS = "md-content__inner"
