"""Only known files are published (issue 19). Files in docs/ other than pages are copied to the site
as they are, so they are checked like code:

  FILE004  a file type the site does not publish: from docs/, only images (png, jpg, jpeg, gif,
           webp, avif, ico), SVG and CSS files beside the pages; never HTML (.html, .htm, .xhtml in
           any case: a page the checker never read), scripts or anything else. The built site may
           hold, besides these, the pages and what the theme and search write (THEME_TYPES).
  FILE005  an SVG or CSS file that could run script or load from another host: an SVG may hold only
           the shapes of the site's own icons (the same allowlist as inline SVG: no script, style,
           foreignObject, animation, links or DOCTYPE); a CSS file no @import, no url() or
           image-set() naming another host (CSS escapes and comments removed first), no
           expression(), behavior or -moz-binding.

    asset_findings(relative_path, data, built=False) -> list[Finding]
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ElementTree

from hooks.content import htmlallow as allow
from hooks.content.findings import Finding
from hooks.content.registry import describe

describe(
    "FILE004", "unpublished-file-type", "error", fixed=True, blocking=True,
    summary='a file type the site does not publish (from docs/ only pages, images, SVG and CSS; never .html, .htm or .xhtml in any case, scripts or other files)',
    fix='write the page in Markdown, or ask a maintainer; images go in docs/assets/',
)
describe(
    "FILE005", "unsafe-asset", "error", fixed=True, blocking=True,
    summary='an SVG or CSS file that could run script or load from another host (SVG beyond plain shapes; CSS @import, url() of another host, expression())',
    fix='keep only the shapes in the SVG (no script, style, links or animation); copy what the CSS loads into docs/assets/',
)

IMAGE_TYPES = frozenset({".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif", ".ico"})
DOCS_TYPES = IMAGE_TYPES | {".md", ".svg", ".css"}
# What else a built site holds: the pages, the theme's scripts, source maps and search index, the sitemap.
THEME_TYPES = frozenset({".html", ".js", ".json", ".map", ".xml", ".gz"})
THEME_FOLDERS = ("assets/javascripts/", "search/")  # where the theme's scripts live
SVG = "{http://www.w3.org/2000/svg}"
SVG_ELEMENTS = {name.split(":", 1)[1]: attributes for name, attributes in allow.CONTENT_ELEMENTS.items()
                if name.startswith("svg:")}
SVG_ELEMENTS.update({"ellipse": frozenset({"cx", "cy", "rx", "ry"}), "line": frozenset({"x1", "y1", "x2", "y2"}),
                     "polyline": frozenset({"points"}), "polygon": frozenset({"points"})})
SVG_ATTRIBUTES = allow.GLOBAL_ATTRIBUTES | allow.SVG_PRESENTATION | {"version", "xml:space"}
_CSS_ESCAPE = re.compile(r"\\([0-9a-fA-F]{1,6})[ \t\n\r\f]?|\\(.)", re.S)
_CSS_TOKEN = re.compile(r"""(?:url|image-set|image|src)\(\s*([^()]*)\)|"([^"\n]*)"|'([^'\n]*)'""", re.I)
_CSS_DANGER = re.compile(r"@import|expression\s*\(|behavior\s*:|-moz-binding|javascript:", re.I)


def suffix(name: str) -> str:
    base = name.rsplit("/", 1)[-1]
    return "." + base.rsplit(".", 1)[-1].lower() if "." in base.lstrip(".") else ""


def asset_findings(relative: str, data: bytes, built: bool = False) -> list[Finding]:
    """Findings for one file of docs/ (or, with `built`, of a built site), by its path and bytes."""
    kind = suffix(relative)
    if built and relative.startswith(THEME_FOLDERS) and kind in ("", ".js", ".map", ".json", ".txt"):
        return []  # the theme's scripts, their maps and licence (a script from docs/ is FILE004 there)
    allowed = DOCS_TYPES | THEME_TYPES if built else DOCS_TYPES
    if kind not in allowed or (built and kind == ".js" and not relative.startswith(THEME_FOLDERS)):
        shown = kind or "(no extension)"
        where = "the built site holds only pages, images, SVG, CSS and the theme's own files" if built \
            else "from docs/ only pages, images, SVG and CSS are published"
        return [Finding(1, "FILE004", f"{shown} file: {where}")]
    if kind == ".xml" and any(word in data.lower() for word in (b"xml-stylesheet", b"<script", b"/1999/xhtml")):
        return [Finding(1, "FILE005", "XML with a stylesheet instruction, a script or XHTML (the sitemap has none)")]
    if kind == ".svg":
        return svg_findings(data)
    if kind == ".css":
        return css_findings(data.decode("utf-8", "replace"))
    return []


def svg_findings(data: bytes) -> list[Finding]:
    head = data[:4096].lower()
    if b"<!doctype" in head or b"<!entity" in data.lower():
        return [Finding(1, "FILE005", "SVG with a DOCTYPE or ENTITY declaration")]
    try:
        root = ElementTree.fromstring(data)
    except ElementTree.ParseError as exc:
        return [Finding(exc.position[0] if exc.position else 1, "FILE005", "SVG that is not well-formed XML")]
    findings: list[Finding] = []
    for element in root.iter():
        tag = element.tag if isinstance(element.tag, str) else ""
        local = tag[len(SVG):] if tag.startswith(SVG) else None
        if local not in SVG_ELEMENTS:
            findings.append(Finding(1, "FILE005", f"SVG element <{tag.split('}')[-1][:40]}> (an SVG may hold only shapes)"))
            continue
        for name, value in element.attrib.items():
            plain = name.replace("{http://www.w3.org/XML/1998/namespace}", "xml:")
            if plain.startswith("{") or not (plain in SVG_ELEMENTS[local] or plain in SVG_ATTRIBUTES
                                              or plain.startswith("aria-")):
                findings.append(Finding(1, "FILE005", f"SVG attribute {plain.split('}')[-1][:40]}= on <{local}>"))
            elif "url(" in value.lower().replace(" ", "") or "javascript:" in value.lower().replace(" ", ""):
                findings.append(Finding(1, "FILE005", f"SVG attribute {plain}= names an address"))
        if len(findings) >= 20:
            break
    return findings


def css_findings(css: str) -> list[Finding]:
    text = _without_comments(_CSS_ESCAPE.sub(_unescape, css))
    findings = []
    danger = _CSS_DANGER.search(text)
    if danger:
        findings.append(Finding(text.count("\n", 0, danger.start()) + 1, "FILE005",
                                f"CSS with {danger.group().strip()} (loads or runs something)"))
    for match in _CSS_TOKEN.finditer(text):
        value = (match.group(1) or match.group(2) or match.group(3) or "").strip().strip("\"'").strip()
        plain = re.sub(r"[\x00-\x20]", "", value).replace("\\", "/").lower()
        if plain.startswith("data:"):
            continue
        if plain.startswith(("//", "http:", "https:")) or ("://" in plain[:12]):
            findings.append(Finding(text.count("\n", 0, match.start()) + 1, "FILE005",
                                    f"CSS loads {value[:60]!r} from another host"))
            break
    return findings


def _unescape(match: re.Match) -> str:
    if match.group(1):
        code = int(match.group(1), 16)
        return chr(code) if 0 < code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF else "\ufffd"
    return match.group(2)


def _without_comments(text: str) -> str:
    parts, position = [], 0
    while True:
        start = text.find("/*", position)
        if start < 0:
            parts.append(text[position:])
            return "".join(parts)
        parts.append(text[position:start])
        end = text.find("*/", start + 2)
        if end < 0:
            return "".join(parts)
        parts.append("\n" * text.count("\n", start, end))  # keep line numbers
        position = end + 2
