"""Scan rendered HTML (after every Markdown extension, snippet and data rendering) the way a browser
reads it, against an allowlist of what the site's own pages are made of (htmlallow.py).

Each page is parsed with an HTML5 parser (html5ever, the parser of the Servo browser engine, through
markupever's Python bindings: the WHATWG tokenizer and tree-building algorithm, the one browsers run),
so foreign content (`<svg><style>...`), comments (`<!-->`), CDATA, quoting tricks
(`<img alt="<" onerror=...>`), entities and line breaks inside URLs read here as they read in a
browser. A page's content is parsed as the children of a `<div>`, a whole page as a document. The
Markdown scan (page.py, rule HTML001) stays for early, line-accurate feedback.

Rules:
  HTML002  runs script, embeds content or redirects (script not the theme's own, event attributes,
           iframe/object/embed/form..., javascript:/data: addresses, meta refresh)
  HTML003  loads something from another host (src, srcset, CSS url(), stylesheets, scripts)
  HTML004  an element the site's pages never use (named: `<math>`, `<style>`, `<svg:animate>`...)
  HTML005  an attribute or attribute value the site's pages never use (named, with its element)
  HTML006  markup the HTML5 parser reports as an error (a stray end tag, a broken comment, CDATA
           outside SVG...): where browsers and scanners can read a page differently, nothing passes

    scan_page_html(html, path, source=None) -> list[Problem]   one page or one page's content (source:
                                                                its Markdown, to trace the line)
    scan_site(site_dir) -> list[Problem]                        every .html file of a built site
    CleanCache.for_project(root)                                pages already scanned clean (below)

html5ever is compiled code: it parses a whole themed page in about 1 ms; walking the tree and judging
it against the allowlist (Python) takes about 2 ms more, a page's content about 1.5 ms in all (an
element or attribute found clean is not judged again in the same process: the theme repeats most of
them). html5lib, pure Python, took 23 ms and 11 ms on the same pages. A page
html5ever finds errors in is parsed a second time with its exact error reporting, to name them
(HTML006); so is a page holding a control character or a noncharacter, which only that mode reports.
html5ever does not say where an error is: like every finding, it is traced by what it names (`</p`,
`<!--`...) to the first line holding it.

A page whose exact HTML was scanned clean before, by this exact scanner and allowlist, is clean
again: CleanCache keeps the SHA-256 of each clean page's HTML (with the hash of this module,
htmlallow.py, csp.py and the markupever version: any change to the rules or the parser empties it).
Only clean pages are remembered. The list lives in the user's cache folder ($XDG_CACHE_HOME or
~/.cache, one file per project folder), never in the project: a change proposed to the project
cannot bring a list that names its own hostile page as clean. A fresh machine or CI runner scans
everything.

A whole page (it has <html>, <head> or Material's article) is judged in two places: inside the one
`<article class="md-content__inner">` by the content allowlist, around it by the theme (chrome)
allowlist, whose inline scripts pass only by the SHA-256 of their exact text (csp.py). Content alone
(what the MkDocs gate sees, on_page_content) is judged entirely by the content allowlist.
"""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path

import markupever
from markupever import _rustlib

from hooks.content import htmlallow as allow
from hooks.content.findings import Problem, sort_problems
from hooks.content.registry import describe, registry
from hooks.content.replay import cache_folder

from .csp import THEME_SCRIPT_HASHES, script_hash


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
describe(
    "HTML004", "element-not-allowed", "error", fixed=True,
    summary="rendered HTML has an element the site's pages never use (named in the message; judged with an HTML5 parser against the allowlist in hooks/content/htmlallow.py)",
    fix='remove the element the message names (write it in Markdown, or ask a maintainer to add it to the allowlist)',
)
describe(
    "HTML005", "attribute-not-allowed", "error", fixed=True,
    summary="rendered HTML has an attribute or address the site's pages never use (named in the message, with its element)",
    fix='remove the attribute the message names; links go to http(s), mailto or the site, images come from docs/assets/',
)
describe(
    "HTML006", "html-parse-error", "error", fixed=True,
    summary='rendered HTML does not parse cleanly (a stray end tag, a broken comment, CDATA outside SVG): browsers and scanners could read it differently',
    fix='close every tag you open, write comments as <!-- text -->, and put no CDATA or </article> in a page',
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
DATA_SCRIPT_TYPES = frozenset({"application/json", "application/ld+json"})
_STRIP = re.compile(r"[\x00-\x20\x7f]+")
_CSS_URL = re.compile(r"""url\s*\(\s*['"]?\s*([^'")\s]*)|@import\s*['"]\s*([^'"]*)""", re.I)
_RASTER_DATA = re.compile(r"data:image/(?:png|gif|jpeg|webp|avif);", re.I)
_WHOLE_PAGE = re.compile(r"<(?:!doctype|html|head|body)\b|md-content__inner", re.I)
_NAMESPACES = {
    "": "", "http://www.w3.org/1999/xhtml": "", "http://www.w3.org/2000/svg": "svg:",
    "http://www.w3.org/1998/Math/MathML": "math:", "http://www.w3.org/1999/xlink": "xlink:",
    "http://www.w3.org/2000/xmlns/": "xmlns:", "http://www.w3.org/XML/1998/namespace": "xml:",
}
MAX_FINDINGS = 50
# html5ever through markupever's compiled module: its own node objects, not the Python wrappers of
# markupever.dom (the walk over a whole page takes a fifth of the time).
_ELEMENT, _TEXT = _rustlib.Element, _rustlib.Text
_Traverse, _Descendants = _rustlib.iter.Traverse, _rustlib.iter.Descendants
# Characters html5ever reports in its exact mode only (controls, noncharacters): seen here, the page
# is parsed again in that mode to name them; clean pages are parsed once, in the fast mode.
_BMP_EXACT_ONLY = "\x01-\x08\x0b\x0e-\x1f\x7f-\x9f\ufdd0-\ufdef\ufffe\uffff"
_ASTRAL = "\U0001fffe-\U0010ffff"  # holds the noncharacters U+1FFFE, U+1FFFF ... U+10FFFF
_SURROGATE = re.compile("[\ud800-\udfff]")
_UNUSUAL = re.compile(f"[{_BMP_EXACT_ONLY}\ud800-\udfff{_ASTRAL}]")  # one quick search over a clean page
_EXACT_ONLY = re.compile(f"[{_BMP_EXACT_ONLY}]|[{_ASTRAL}]")
# Elements and attributes found clean in this process (below); at most _MEMORY of each, short ones
# only (a hostile page cannot make them grow without end: about 20 MB at most).
_CLEAN_ELEMENTS: set[tuple] = set()
_CLEAN_ATTRIBUTES: set[tuple] = set()
_MEMORY = 50_000


class _Finding:
    __slots__ = ("rule", "what", "line", "needles")

    def __init__(self, rule: str, what: str, line: int, needles: tuple[str, ...]) -> None:
        self.rule, self.what, self.line, self.needles = rule, what, line, needles


_NAMES: dict = {}


def _qualified(name) -> str:
    """An element or attribute name as the allowlist writes it: 'div', 'svg:path', 'xlink:href'."""
    known = _NAMES.get(name)
    if known is None:
        namespace, local = name.ns, name.local
        prefix = _NAMESPACES.get(namespace, "?:")
        known = "xmlns" if prefix == "xmlns:" and local == "xmlns" else prefix + local
        if len(_NAMES) < 10_000:  # the site's few hundred names; a hostile page cannot grow it without end
            _NAMES[name] = known
    return known


def _text(element) -> str:
    """The text of a <script> or <style> element (raw text: its children are text only)."""
    return "".join(child.content for child in _rustlib.iter.Children(element) if type(child) is _TEXT)


def _parse(html: str, whole: bool):
    """(parse errors as (message, needles), tree) of a page or a page's content (parsed as the
    children of a <div>). Parsed once with html5ever's fast error reporting; a page with errors (or a
    character only the exact mode reports) is parsed again with exact errors, to name them."""
    errors: list[tuple[str, tuple[str, ...]]] = []
    unusual = False
    if _UNUSUAL.search(html):
        if _SURROGATE.search(html):  # html5ever takes valid Unicode only
            errors.append(("text that is not valid Unicode (a lone surrogate)", ()))
            html = _SURROGATE.sub("\ufffd", html)
        unusual = any(found < "\U0001fffe" or ord(found) & 0xFFFE == 0xFFFE
                      for found in (match.group() for match in _EXACT_ONLY.finditer(html)))
    fast, tree = _run(html, whole, exact=False)
    if fast or unusual:
        exact, _ = _run(html, whole, exact=True)
        errors.extend(_describe(exact, fast))
    return errors, tree


def _run(html: str, whole: bool, exact: bool):
    options = _rustlib.HtmlOptions(full_document=True, exact_errors=exact) if whole else \
        _rustlib.HtmlOptions(full_document=False, exact_errors=exact, fragment_context="div")
    parser = _rustlib.Parser(options)
    parser.process(html)
    parser.finish()
    errors = parser.errors()  # before into_dom, which consumes the parser
    return errors, parser.into_dom()


# html5ever's messages: the exact mode names tokens in Rust's debug notation; the fast mode names the
# tokenizer's state and the character it saw ("Saw > in state CommentStart"). Both are made short.
_TAG = re.compile(r"kind: (StartTag|EndTag), name: Atom\(\\?'([^'\\]{0,60})")
_MODE = re.compile(r" in insertion mode (\w{1,40})$")
_SAW = re.compile(r"\ASaw (EOF|.) in state (\w{1,60})", re.S)
_OPEN_TAG = re.compile(r"\AUnexpected open tag \{([^}]*)\}:(\S{1,60}) (.{0,40})\Z")
_WORDS = re.compile(r"(?<=[a-z])(?=[A-Z])")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")  # a message is one printable line
_ATOM = re.compile(r"atom\(\\?'([^'\\]{0,60})\\?' type=\w+\)", re.I)
_TOKENS = {"NullCharacter": "NUL character", "Eof": "end of input", "Comment": "comment", "Doctype": "doctype",
           "Characters": "text", "CommentToken": "comment", "DoctypeToken": "doctype"}


def _words(camel: str) -> str:
    return _WORDS.sub(" ", camel).lower()


def _describe(exact: list[str], fast: list[str]) -> list[tuple[str, tuple[str, ...]]]:
    """Short, bounded messages (and needles to find them in the page) for the first ten errors."""
    seen = iter([message for message in fast if message.startswith("Saw ")])
    described = []
    for message in exact[:10]:
        what, needles = message[:80], ()
        if message in ("Bad character", "Unexpected EOF"):  # a tokenizer error: the fast mode's message says which
            saw = _SAW.match(next(seen, ""))
            if saw:
                character, state = saw.groups()
                what = f"{'end of input' if character == 'EOF' else f'unexpected {character!r}'} in {_words(state)}"
                if state == "MarkupDeclarationOpen" and character != "EOF":
                    what = "'<!' that starts no comment or doctype (CDATA outside SVG or MathML is one)"
                if state.startswith("Comment"):
                    needles = ("<!--",)
                elif state in ("MarkupDeclarationOpen", "TagOpen", "EndTagOpen") and character != "EOF":
                    needles = ("<!" if state == "MarkupDeclarationOpen" else "</" if state == "EndTagOpen" else "<") + character,
                elif character != "EOF" and not character.isspace():
                    needles = (character,)
            else:
                what = "unexpected character" if message == "Bad character" else "unexpected end of input"
        elif message.startswith("Bad character "):  # exact mode only: a control or noncharacter
            character = message[len("Bad character "):][:1]
            what, needles = f"character U+{ord(character):04X} (a control or noncharacter)" if character else what, (character,)
        elif message.startswith(("Unexpected token", "Unexpected characters")):
            tag = _TAG.search(message, 0, 120) if message.startswith("Unexpected token Tag") else None  # not in text
            mode = _MODE.search(message)
            where = _words(mode.group(1)) if mode else "in table" if message.endswith(" in table") else ""
            where = f" ({where if where.startswith(('in ', 'after ', 'before ')) else 'in ' + where})" if where else ""
            if tag:
                kind, name = tag.groups()
                mark = "</" if kind == "EndTag" else "<"
                what, needles = f"unexpected {mark}{name}>{where}", (f"{mark}{name}",)
            else:
                token = message.split(" ", 3)[2] if message.count(" ") >= 2 else ""
                token = _TOKENS.get(token.split("(", 1)[0], "token") if token else "token"
                what = f"unexpected {token}{where}"
        else:
            opened = _OPEN_TAG.match(message)
            if opened:
                namespace, name, rest = opened.groups()
                prefix = _NAMESPACES.get(namespace, "")
                what, needles = f"unclosed <{prefix}{name}> {rest}".strip(), (f"<{name}",)
            else:
                closing = _ATOM.search(message)
                what = _ATOM.sub(r"</\1>", message)[:80].lower()
                needles = (f"</{closing.group(1)}",) if closing else ()
        described.append((_CONTROL.sub("?", what), needles))
    return described


class _Scan:
    """One page: walk the parsed tree (iteratively: depth cannot exhaust Python's stack)."""

    def __init__(self, html: str) -> None:
        self.findings: list[_Finding] = []
        self.html = html

    def add(self, rule: str, what: str, needles: tuple[str, ...], line: int = 0) -> None:
        if len(self.findings) < MAX_FINDINGS:
            self.findings.append(_Finding(rule, what, line, tuple(n for n in needles if n)))

    # -- the page ---------------------------------------------------------------------------------

    def run(self, whole: bool) -> None:
        try:
            errors, tree = _parse(self.html, whole)
        except Exception as exc:  # noqa: BLE001 - html5ever recovers from any markup; be safe anyway
            self.add("HTML006", f"the page's HTML could not be read ({type(exc).__name__})", (), 1)
            return
        for what, needles in errors[:10]:
            self.add("HTML006", f"HTML5 parse error: {what} (markup a browser reads differently)", needles)
        # One walk over the tree (html5ever's iterators: depth cannot exhaust Python's stack): each
        # element with its name, its attributes, and, on a whole page, whether it lies inside the first
        # page content element (Material's article) and inside the first <body>.
        element_type = _ELEMENT
        if whole:
            elements, articles, article_seen = self.places(tree, element_type)
            if articles > 1:
                self.add("HTML004", f"{articles} page content elements (<article class=\"{allow.CONTENT_CLASS}\">)",
                         (allow.CONTENT_CLASS,))
        else:
            elements = [(node, _qualified(node.name), tuple(node.attrs.items()), True, True)
                        for node in _Descendants(tree.root()) if type(node) is element_type]
            article_seen = True
        clean = _CLEAN_ELEMENTS
        for node, name, items, in_article, in_body in elements:
            if len(self.findings) >= MAX_FINDINGS:
                break
            # whole page: inside the article (no theme around it: inside <body>); content: everywhere
            in_content = in_article if article_seen else in_body
            # An element's verdict depends only on its name, attributes and place (and, for <script>
            # and <style>, its text): one found clean is clean wherever it comes again.
            key = (name, items, in_content)
            if key in clean:
                continue
            before = len(self.findings)
            self.element(name, node, {_qualified(attribute): value for attribute, value in items}, in_content)
            if len(self.findings) == before < MAX_FINDINGS and name not in ("script", "style") and \
                    len(clean) < _MEMORY and sum(len(value) for _, value in items) <= 400:
                clean.add(key)

    @staticmethod
    def places(tree, element_type) -> tuple[list, int, bool]:
        """The elements of a whole page (node, name, attributes, inside the first article, inside the
        first body), how many page content elements it has, and whether it has one."""
        elements = []
        articles = 0
        depth = 0
        article_depth = body_depth = -1  # depth of the open first article / body, or -1
        article_seen = body_seen = False
        for node, closed in _Traverse(tree.root()):
            if closed:
                depth -= 1
                if depth == article_depth:
                    article_depth = -1
                elif depth == body_depth:
                    body_depth = -1
                continue
            depth += 1
            if type(node) is not element_type:
                continue
            name = _qualified(node.name)
            items = tuple(node.attrs.items())
            elements.append((node, name, items, article_depth >= 0, body_depth >= 0))
            if name == "article" and allow.CONTENT_CLASS in dict(
                    (_qualified(key), value) for key, value in items).get("class", "").split():
                articles += 1
                if not article_seen:
                    article_seen, article_depth = True, depth - 1
            elif name == "body" and not body_seen:
                body_seen, body_depth = True, depth - 1
        return elements, articles, article_seen

    # -- one element --------------------------------------------------------------------------------

    def element(self, name: str, element, attributes: dict[str, str], in_content: bool) -> None:
        place = allow.CONTENT_ELEMENTS if in_content else allow.CHROME_ELEMENTS
        needle = f"<{name.split(':')[-1]}"
        if name == "script":
            self.script(element, attributes, in_content)
        elif name in EMBEDS and (name != "form" or in_content):
            self.add("HTML002", f"<{name}> element", (needle,))
        elif name == "meta" and "http-equiv" in attributes:
            equiv = _STRIP.sub("", attributes["http-equiv"]).lower()
            if equiv in ("refresh", "set-cookie"):
                self.add("HTML002", f"<meta http-equiv={attributes['http-equiv'][:20]}> element", ("http-equiv",))
            elif equiv not in allow.CHROME_META:
                self.add("HTML005", f"<meta http-equiv={attributes['http-equiv'][:20]}>", ("http-equiv",))
        elif name == "style":
            self.css(_text(element), "<style> element")
            self.add("HTML004", "<style> element (the site's pages carry no style of their own)", (needle,))
        elif name not in place:
            where = "page content" if in_content else "theme"
            self.add("HTML004", f"<{name}> element (not one the site's {where} uses)", (needle,))
        if "mermaid" in attributes.get("class", "").split():
            self.add("HTML003", 'class="mermaid" (the theme would load a diagram script from another host)', ("mermaid",))
        allowed = place.get(name, frozenset())
        for attribute, value in attributes.items():
            # An attribute's verdict depends only on this key (the link relation: for loading hrefs),
            # so one found clean is clean wherever it comes again (the theme repeats most of them).
            key = (name, attribute, value, in_content, attributes.get("rel") if attribute.endswith("href") else None)
            if key in _CLEAN_ATTRIBUTES:
                continue
            before = len(self.findings)
            self.attribute(name, attribute, value, attributes, allowed, in_content)
            if len(self.findings) == before < MAX_FINDINGS and len(_CLEAN_ATTRIBUTES) < _MEMORY and len(value) <= 400:
                _CLEAN_ATTRIBUTES.add(key)

    def script(self, element, attributes: dict[str, str], in_content: bool) -> None:
        kind = attributes.get("type", "").strip().lower()
        if in_content:
            self.add("HTML002", "<script> element", ("<script",))
        elif "src" in attributes:
            if _other_host(attributes["src"]) or _scheme(attributes["src"]):
                self.add("HTML003" if _other_host(attributes["src"]) else "HTML002",
                         f"script from {attributes['src'][:60]}", (attributes["src"][:40],))
        elif kind in DATA_SCRIPT_TYPES:
            return
        elif script_hash(_text(element)) not in THEME_SCRIPT_HASHES:
            body = _text(element).strip()
            self.add("HTML002", f"<script> element (inline script that is not the theme's own: {body[:40]!r})",
                     ("<script", body[:40]))

    def attribute(self, tag: str, name: str, value: str, values: dict[str, str], allowed: frozenset[str],
                  in_content: bool) -> None:
        if name.startswith("on"):
            self.add("HTML002", f"{name}= event attribute on <{tag}>", (name,))
            return
        plain = _STRIP.sub("", value).lower()
        if plain.startswith(("javascript:", "vbscript:")) or (":" in plain and "javascript:" in plain and tag.startswith("svg:")):
            self.add("HTML002", f"{plain.split(':')[0]}: URL in {name}=", (name, "script"))
            return
        if name == "style":
            self.css(value, "style attribute")
        if name in URL_ATTRIBUTES and not self.address(tag, name, value, values):
            return
        if not self.known(tag, name, value, allowed, in_content):
            self.add("HTML005", f"{name}= on <{tag}> (not an attribute the site's pages use)", (name,))

    def known(self, tag: str, name: str, value: str, allowed: frozenset[str], in_content: bool) -> bool:
        if name in allowed or name in allow.GLOBAL_ATTRIBUTES or name.startswith("aria-"):
            if name == "style":
                return bool(allow.TEXT_ALIGN.fullmatch(value))
            if name == "id" and in_content and value.startswith(allow.THEME_ID_PREFIX) and value not in allow.THEME_CONTENT_IDS:
                return False  # would clobber the theme's own ids (__config, __search...)
            if name == "href" and tag != "a" and in_content:
                return False
            return True
        if tag.startswith("svg:") and name in allow.SVG_PRESENTATION:
            return "url(" not in value.lower().replace(" ", "") and "\\" not in value
        if in_content:
            return name in allow.CONTENT_DATA
        return name.startswith(allow.CHROME_DATA_PREFIXES)

    def address(self, tag: str, name: str, value: str, values: dict[str, str]) -> bool:
        """Check one address attribute; False when a finding was added."""
        addresses = [part.split()[0] for part in value.split(",") if part.split()] if "srcset" in name else [value]
        for address in addresses:
            plain = _STRIP.sub("", address).lower()
            scheme = _scheme_name(plain)
            if plain.startswith("data:") and not (tag == "img" and name == "src" and _RASTER_DATA.match(plain)):
                self.add("HTML002", f"data: URL in {name}=", ("data:",))
                return False
            if _other_host(address) and self._loads(tag, name, values):
                self.add("HTML003", f"<{tag} {name}> loads {address[:80]}", (address[:40], _host(address)))
                return False
            if scheme and scheme not in allow.LINK_SCHEMES and scheme != "data":
                self.add("HTML005", f"{scheme}: address in {name}= on <{tag}>", (name,))
                return False
        return True

    @staticmethod
    def _loads(tag: str, name: str, values: dict[str, str]) -> bool:
        if name in LOADING_ATTRIBUTES:
            return True
        if name in ("href", "xlink:href") and tag.split(":")[-1].lower() in LOADING_HREF_TAGS:
            relations = set(values.get("rel", "").lower().split())
            return tag != "link" or not relations or not relations <= LINK_RELATIONS
        return False

    def css(self, css: str, where: str) -> None:
        for match in _CSS_URL.finditer(css):
            address = match.group(1) or match.group(2) or ""
            plain = _STRIP.sub("", address).lower()
            if _other_host(address) or plain.startswith(("javascript:", "data:text")):
                self.add("HTML003", f"{where} loads {address[:80]}", (address[:40], "url("))
        if "expression(" in css.lower():
            self.add("HTML002", f"{where} with a CSS expression()", ("expression(",))


def _scheme_name(plain: str) -> str:
    """The scheme of an address with controls and spaces removed ('' if it has none)."""
    head = re.split(r"[/?#]", plain, maxsplit=1)[0]
    return head.split(":", 1)[0] if ":" in head else ""


def _scheme(address: str) -> bool:
    """True if the address has a scheme other than http(s) (javascript:, data:, file:...)."""
    scheme = _scheme_name(_STRIP.sub("", address).lower())
    return bool(scheme) and scheme not in ("http", "https")


def _other_host(address: str) -> bool:
    """True if the address names a host (http://x, https://x, //x): the built site loads only from itself."""
    plain = _STRIP.sub("", address).replace("\\", "/").lower()
    return plain.startswith(("http://", "https://", "//")) or (":" in plain.split("/", 1)[0] and "//" in plain[:12])


def _host(address: str) -> str:
    plain = _STRIP.sub("", address).replace("\\", "/")
    return plain.split("//", 1)[-1].split("/", 1)[0][:60]


def scan_html(html: str, whole: bool | None = None) -> list[tuple[str, str, int, tuple[str, ...]]]:
    """(rule, what, HTML line, needles to find the source line) for every problem in a page.
    `whole`: a whole themed page (None: decided from the markup) or one page's content."""
    if whole is None:
        whole = bool(_WHOLE_PAGE.search(html[:100_000]))
    scan = _Scan(html)
    scan.run(whole)
    html_lines = None
    results = []
    for finding in scan.findings:
        line = finding.line
        if not line:
            html_lines = html_lines if html_lines is not None else html.split("\n")
            line = _trace(html_lines, finding.needles) or 1
        results.append((finding.rule, finding.what, line, finding.needles))
    return results


class CleanCache:
    """The SHA-256 of pages scanned clean, kept in `folder`/htmlscan-clean between builds."""

    FILE = "htmlscan-clean"
    LIMIT = 50_000  # entries kept (newest last); about 3.3 MB

    @classmethod
    def folder_for(cls, root: Path) -> Path:
        """The cache folder of the project at `root` (outside it: see the module's docstring)."""
        return cache_folder(root)

    @classmethod
    def for_project(cls, root: Path) -> "CleanCache":
        return cls(cls.folder_for(root))

    def __init__(self, folder: Path | None) -> None:
        self.file = Path(folder) / self.FILE if folder is not None else None
        self.keys: dict[str, None] = {}
        self.added = False
        if self.file is None:
            return
        try:
            lines = self.file.read_text(encoding="ascii").split("\n")
        except (OSError, UnicodeDecodeError):
            return
        if lines and lines[0] == _VERSION:
            self.keys = dict.fromkeys(line for line in lines[1:] if len(line) == 64)

    @staticmethod
    def key(html: str, whole: bool) -> str:
        return hashlib.sha256(f"{_VERSION}\n{int(whole)}\n{html}".encode("utf-8", "surrogatepass")).hexdigest()

    def __contains__(self, key: str) -> bool:
        return key in self.keys

    def add(self, key: str) -> None:
        self.keys[key] = None
        self.added = True

    def save(self) -> None:
        """Write the file (atomically: a reader sees the old or the new list, never half of one)."""
        if self.file is None or not self.added:
            return
        keys = list(self.keys)[-self.LIMIT:]
        try:
            self.file.parent.mkdir(parents=True, exist_ok=True)
            temporary = self.file.with_name(f"{self.FILE}.{os.getpid()}.tmp")
            temporary.write_text("\n".join([_VERSION, *keys]) + "\n", encoding="ascii")
            os.replace(temporary, self.file)
        except OSError:
            pass  # a cache that cannot be written only costs time
        self.added = False


def _version() -> str:
    here = Path(__file__).resolve().parent
    digest = hashlib.sha256(markupever.__version__.encode())
    for file in (Path(__file__).resolve(), here.parent / "content" / "htmlallow.py", here / "csp.py"):
        digest.update(file.read_bytes())
    return digest.hexdigest()


_VERSION = _version()


def scan_page_html(html: str, path: str, source: str | None = None, whole: bool | None = None,
                   cache: CleanCache | None = None) -> list[Problem]:
    """Problems in one rendered page. With its Markdown `source`, each is reported at the first source
    line holding what was found (else line 1, saying where it was in the built page). With a `cache`,
    a page scanned clean before is not parsed again, and a clean page is remembered."""
    if whole is None:
        whole = bool(_WHOLE_PAGE.search(html[:100_000]))
    key = cache.key(html, whole) if cache is not None else ""
    if key and key in cache:
        return []
    lines = source.split("\n") if source is not None else None
    problems = []
    found = scan_html(html, whole)
    if key and not found:
        cache.add(key)
    for rule, what, html_line, needles in found:
        line = _trace(lines, needles) if lines is not None else html_line
        if lines is None:
            where = ""
        elif line:
            where = f" (built page line {html_line})"
        else:
            line, where = 1, f" (built page line {html_line}; from a data file, snippet or the theme, not traced to a line here)"
        kind = {"HTML003": "loads from another host", "HTML004": "has an element outside the allowlist",
                "HTML005": "has an attribute outside the allowlist", "HTML006": "does not parse cleanly"}.get(rule, "unsafe")
        problems.append(Problem(path, line, rule, _severity(rule), f"rendered HTML {kind}: {what}{where}"))
    return sort_problems(problems)


def _severity(rule: str) -> str:
    """The declared severity (the HTML rules are security rules: no schema can weaken them)."""
    return registry()[rule].severity


def _trace(lines: list[str], needles: tuple[str, ...]) -> int:
    for needle in needles:
        needle = needle.lower()
        if not needle:
            continue
        for number, text in enumerate(lines, start=1):
            if needle in text.lower():
                return number
    return 0


def _scan_built(item: tuple[str, bytes]) -> list[Problem]:
    display, data = item
    return scan_page_html(data.decode("utf-8", "replace"), display, whole=True)


def scan_site(site_dir: Path, jobs: int | None = None, cache: CleanCache | None = None) -> list[Problem]:
    """Problems in every .html file under a built site folder (paths as given joined with the file's
    path inside it; lines are lines of the HTML file). Links are not followed. The pages are parsed
    in `jobs` processes (default: one per CPU): parsing is nearly all of the time and pages are
    independent, so the wall-clock time divides by the number of cores. With a `cache`, pages scanned
    clean before are skipped and clean pages are remembered (the caller saves it)."""
    site_dir = Path(site_dir)
    problems: list[Problem] = []
    pages: list[tuple[str, bytes]] = []
    from hooks.checker.assets import asset_findings

    for folder, folders, names in os.walk(site_dir):  # does not follow links to folders
        folders.sort()
        for name in sorted(names):
            file = Path(folder) / name
            display = str(file)
            if file.is_symlink() or not file.is_file():
                problems.append(Problem(display, 1, "FILE001", _severity("FILE001"), "symbolic link or special file in the built site"))
                continue
            try:
                data = file.read_bytes()
            except OSError as exc:
                problems.append(Problem(display, 1, "CHK001", _severity("CHK001"), f"cannot read file: {exc}"))
                continue
            relative = file.relative_to(site_dir).as_posix()
            for finding in asset_findings(relative, data, built=True):  # every published file: type, SVG, CSS
                problems.append(Problem(display, finding.line, finding.rule, _severity(finding.rule), finding.message))
            if name.lower().endswith((".html", ".htm", ".xhtml")):
                pages.append((display, data))
    keys = {}
    if cache is not None:
        keys = {display: cache.key(data.decode("utf-8", "replace"), True) for display, data in pages}
        pages = [(display, data) for display, data in pages if keys[display] not in cache]
    jobs = max(1, min(jobs or os.cpu_count() or 1, len(pages) // 20))
    results: list[list[Problem]] = []
    if jobs == 1:
        results = [_scan_built(item) for item in pages]
    else:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        registry()  # loaded once here, inherited by the forked processes
        context = multiprocessing.get_context("fork") if "fork" in multiprocessing.get_all_start_methods() else None
        with ProcessPoolExecutor(jobs, mp_context=context) as pool:
            results = list(pool.map(_scan_built, pages, chunksize=max(1, len(pages) // (jobs * 8))))
    for (display, _data), found in zip(pages, results):
        problems.extend(found)
        if cache is not None and not found:
            cache.add(keys[display])
    return sort_problems(problems)
