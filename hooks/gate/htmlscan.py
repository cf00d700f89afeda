"""Scan rendered HTML (after every Markdown extension, snippet and data rendering) for what must never
reach readers: script, event handlers, embeds, forms, meta refresh, javascript:/data: URLs (after
character references are decoded, as a browser does), and anything loaded from another host.

The Markdown scan (page.py, rule HTML001) stays for early, line-accurate feedback; this one reads
what the browser will read, with the standard library's HTML tokenizer, so quoting tricks
(`<img alt="<" onerror=...>`), entities and line breaks inside URLs, snippets and data files cannot
hide anything. Rules: HTML002 (runs script, embeds, redirects) and HTML003 (loads from another host).

    scan_page_html(html, path, source=None) -> list[Problem]   one page (source: its Markdown, to
                                                                trace the line in the page file)
    scan_site(site_dir) -> list[Problem]                        every .html file of a built site

The theme's own chrome is allowed: its bundle and stylesheets (same host), its three inline start-up
scripts, JSON configuration, our JSON-LD and its search and colour forms. Inside the page content (Material's
`<article class="md-content__inner">`) no script of any kind is allowed.
"""

from __future__ import annotations

import os
import re
from html.parser import HTMLParser
from pathlib import Path

from hooks.content.findings import Problem, sort_problems
from hooks.content.registry import describe, registry

describe(
    "HTML002", "unsafe-rendered-html", "error", fixed=True,
    summary='rendered HTML runs script, embeds content or redirects (found in the built page)',
    fix='remove the markup the message names from the page or data file it comes from',
)
describe(
    "HTML003", "third-party-load", "error", fixed=True,
    summary='rendered HTML loads a resource from another host (found in the built page)',
    fix='copy the image or file into `docs/assets/` and link it there, or drop it',
)

EMBEDS = frozenset({"iframe", "object", "embed", "form", "base", "frame", "frameset", "applet", "portal", "noembed"})
# Attributes whose value is an address the browser fetches or navigates to.
URL_ATTRIBUTES = frozenset(
    {"href", "src", "action", "formaction", "xlink:href", "poster", "background", "data", "cite", "ping",
     "longdesc", "manifest", "codebase", "lowsrc", "dynsrc", "srcset", "imagesrcset", "itemtype"}
)
# Attributes that make the browser load something (from another host: HTML003).
LOADING_ATTRIBUTES = frozenset(
    {"src", "srcset", "imagesrcset", "poster", "background", "data", "xlink:href", "lowsrc", "dynsrc", "codebase"}
)
LOADING_HREF_TAGS = frozenset({"link", "use", "image", "feimage", "script"})
LINK_RELATIONS = frozenset({"canonical", "prev", "next", "alternate", "author", "license", "help", "me", "search"})
THEME_INLINE_SCRIPTS = (  # Material 9.8's own start-up scripts (outside the page content)
    "__md_scope=new URL(",
    "var palette=__md_get(",
    "var target=document.getElementById(location.hash",
)
DATA_SCRIPT_TYPES = frozenset({"application/json", "application/ld+json"})
_STRIP = re.compile(r"[\x00-\x20\x7f]+")
_CSS_URL = re.compile(r"""url\s*\(\s*['"]?\s*([^'")\s]*)|@import\s*['"]\s*([^'"]*)""", re.I)
_RASTER_DATA = re.compile(r"data:image/(?:png|gif|jpeg|webp|avif);", re.I)
MAX_FINDINGS = 50


class _Finding:
    __slots__ = ("rule", "what", "line", "needles")

    def __init__(self, rule: str, what: str, line: int, needles: tuple[str, ...]) -> None:
        self.rule, self.what, self.line, self.needles = rule, what, line, needles


class _Scanner(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.findings: list[_Finding] = []
        self.content_depth = 0  # > 0 inside the page content (Material's article)
        self.script: tuple[int, bool] | None = None  # (line, allowed only if a theme script) while in <script>
        self.script_text: list[str] = []
        self.style_line: int | None = None
        self.style_text: list[str] = []

    # -- events --------------------------------------------------------------------------------

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._start(tag, attrs)
        if tag == "article":
            classes = (dict(attrs).get("class") or "").split()
            if self.content_depth or "md-content__inner" in classes:
                self.content_depth += 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._start(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag == "article" and self.content_depth:
            self.content_depth -= 1
        elif tag == "script" and self.script is not None:
            line, theme_only = self.script
            body = "".join(self.script_text).strip()
            if theme_only and not body.startswith(THEME_INLINE_SCRIPTS):
                self._add("HTML002", "<script> element", line, ("<script", body[:40]))
            self.script, self.script_text = None, []
        elif tag == "style" and self.style_line is not None:
            self._css("".join(self.style_text), self.style_line, "<style> element")
            self.style_line, self.style_text = None, []

    def handle_data(self, data: str) -> None:
        if self.script is not None:
            self.script_text.append(data)
        elif self.style_line is not None:
            self.style_text.append(data)

    # -- checks --------------------------------------------------------------------------------

    def _start(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if len(self.findings) >= MAX_FINDINGS:
            return
        line = self.getpos()[0]
        values = {name: value or "" for name, value in attrs}
        if tag in EMBEDS and (tag != "form" or self.content_depth):  # the theme's search form is fine
            self._add("HTML002", f"<{tag}> element", line, (f"<{tag}",))
        elif tag == "script":
            self._script(values, line)
        elif tag == "meta" and _STRIP.sub("", values.get("http-equiv", "")).lower() in ("refresh", "set-cookie"):
            self._add("HTML002", f"<meta http-equiv={values['http-equiv'][:20]}> element", line, ("http-equiv",))
        elif tag == "style":
            self.style_line = line
        classes = values.get("class", "").split()
        if "mermaid" in classes:
            self._add("HTML003", 'class="mermaid" (the theme would load a diagram script from another host)', line, ("mermaid",))
        for name, value in values.items():
            self._attribute(tag, name, value, values, line)

    def _script(self, values: dict[str, str], line: int) -> None:
        kind = values.get("type", "").strip().lower()
        if self.content_depth:
            self._add("HTML002", "<script> element", line, ("<script",))
        elif "src" in values:
            if _other_host(values["src"]) or _scheme(values["src"]):
                self._add("HTML003", f"script from {values['src'][:60]}", line, (values["src"][:40],))
        elif kind not in DATA_SCRIPT_TYPES:
            self.script = (line, True)
            return
        self.script = (line, False)

    def _attribute(self, tag: str, name: str, value: str, values: dict[str, str], line: int) -> None:
        if name.startswith("on"):
            self._add("HTML002", f"{name}= event attribute", line, (name,))
            return
        plain = _STRIP.sub("", value).lower()
        if plain.startswith(("javascript:", "vbscript:")):
            self._add("HTML002", f"{plain.split(':')[0]}: URL in {name}=", line, (name, "script"))
            return
        if name == "style":
            self._css(value, line, "style attribute")
            return
        if name not in URL_ATTRIBUTES:
            return
        addresses = [part.split()[0] for part in value.split(",") if part.split()] if "srcset" in name else [value]
        for address in addresses:
            plain = _STRIP.sub("", address).lower()
            if plain.startswith("data:") and not (tag == "img" and name == "src" and _RASTER_DATA.match(plain)):
                self._add("HTML002", f"data: URL in {name}=", line, ("data:",))
            elif _other_host(address) and self._loads(tag, name, values):
                self._add("HTML003", f"<{tag} {name}> loads {address[:80]}", line, (address[:40], _host(address)))

    def _loads(self, tag: str, name: str, values: dict[str, str]) -> bool:
        if name in LOADING_ATTRIBUTES:
            return True
        if name == "href" and tag in LOADING_HREF_TAGS:
            relations = set(values.get("rel", "").lower().split())
            return tag != "link" or not relations or not relations <= LINK_RELATIONS
        return False

    def _css(self, css: str, line: int, where: str) -> None:
        for match in _CSS_URL.finditer(css):
            address = match.group(1) or match.group(2) or ""
            plain = _STRIP.sub("", address).lower()
            if _other_host(address) or plain.startswith(("javascript:", "data:text")):
                self._add("HTML003", f"{where} loads {address[:80]}", line, (address[:40], "url("))
        if self.content_depth and "expression(" in css.lower():
            self._add("HTML002", f"{where} with a CSS expression()", line, ("expression(",))

    def _add(self, rule: str, what: str, line: int, needles: tuple[str, ...]) -> None:
        if len(self.findings) < MAX_FINDINGS:
            self.findings.append(_Finding(rule, what, line, tuple(n for n in needles if n)))


def _scheme(address: str) -> bool:
    """True if the address has a scheme other than http(s) (javascript:, data:, file:...)."""
    plain = _STRIP.sub("", address).lower()
    head = plain.split("/", 1)[0]
    return ":" in head and not head.startswith(("http:", "https:"))


def _other_host(address: str) -> bool:
    """True if the address names a host (http://x, https://x, //x): the built site loads only from itself."""
    plain = _STRIP.sub("", address).replace("\\", "/").lower()
    return plain.startswith(("http://", "https://", "//")) or (":" in plain.split("/", 1)[0] and "//" in plain[:12])


def _host(address: str) -> str:
    plain = _STRIP.sub("", address).replace("\\", "/")
    return plain.split("//", 1)[-1].split("/", 1)[0][:60]


def scan_html(html: str) -> list[tuple[str, str, int, tuple[str, ...]]]:
    """(rule, what, HTML line, needles to find the source line) for every problem in a page."""
    scanner = _Scanner()
    try:
        scanner.feed(html)
        scanner.close()
    except Exception as exc:  # noqa: BLE001 - html.parser does not raise on bad markup; be safe anyway
        scanner._add("HTML002", f"the page's HTML could not be read ({type(exc).__name__})", 1, ())
    return [(f.rule, f.what, f.line, f.needles) for f in scanner.findings]


def scan_page_html(html: str, path: str, source: str | None = None) -> list[Problem]:
    """Problems in one rendered page. With its Markdown `source`, each is reported at the first source
    line holding what was found (else line 1, saying where it was in the built page)."""
    lines = source.split("\n") if source is not None else None
    problems = []
    for rule, what, html_line, needles in scan_html(html):
        line = _trace(lines, needles) if lines is not None else html_line
        if lines is None:
            where = ""
        elif line:
            where = f" (built page line {html_line})"
        else:
            line, where = 1, f" (built page line {html_line}; from a data file, snippet or the theme, not traced to a line here)"
        kind = "loads from another host" if rule == "HTML003" else "unsafe"
        problems.append(Problem(path, line, rule, _severity(rule), f"rendered HTML {kind}: {what}{where}"))
    return sort_problems(problems)


def _severity(rule: str) -> str:
    """The declared severity (the HTML rules are security rules: no schema can weaken them)."""
    return registry()[rule].severity


def _trace(lines: list[str], needles: tuple[str, ...]) -> int:
    for needle in needles:
        needle = needle.lower()
        for number, text in enumerate(lines, start=1):
            if needle in text.lower():
                return number
    return 0


def scan_site(site_dir: Path) -> list[Problem]:
    """Problems in every .html file under a built site folder (paths as given joined with the file's
    path inside it; lines are lines of the HTML file). Links are not followed."""
    site_dir = Path(site_dir)
    problems: list[Problem] = []
    for folder, folders, names in os.walk(site_dir):  # does not follow links to folders
        folders.sort()
        for name in sorted(names):
            if not name.endswith(".html"):
                continue
            file = Path(folder) / name
            display = str(file)
            if file.is_symlink():
                problems.append(Problem(display, 1, "FILE001", _severity("FILE001"), "symbolic link in the built site"))
                continue
            try:
                html = file.read_text(encoding="utf-8", errors="replace")
            except OSError as exc:
                problems.append(Problem(display, 1, "CHK001", _severity("CHK001"), f"cannot read file: {exc}"))
                continue
            problems.extend(scan_page_html(html, display))
    return sort_problems(problems)
