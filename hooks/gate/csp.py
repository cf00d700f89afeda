"""The site's Content-Security-Policy: a second wall that holds even if the HTML scan misses something.

Every page carries it as `<meta http-equiv="Content-Security-Policy">` (overrides/main.html, first in
<head>, before any script), so it is written at build time by either engine. Scripts run only from
the site itself, plus the theme's own inline start-up scripts, each allowed by the SHA-256 hash of
its exact text (no prefix or pattern: one changed character and the browser refuses it).

    python -m hooks.gate.csp          print the <meta> line overrides/main.html must hold

The theme's inline scripts are kept here as exact text (Material 9.8 and Zensical 0.0.73 templates,
partials/javascripts/); the scope script carries the page's base URL, so one hash per folder depth
and one for the absolute base of the 404 page. tests/test_csp.py checks these texts against the
installed templates, the policy in overrides/main.html against `policy()`, and that every inline
script of a built site has its hash in the policy. The HTML scan allows an inline script only if its
hash is in `THEME_SCRIPT_HASHES`.
"""

from __future__ import annotations

import base64
import hashlib

MATERIAL_SCOPE = '__md_scope=new URL("{base}",location),__md_hash=e=>[...e].reduce(((e,_)=>(e<<5)-e+_.charCodeAt(0)),0),__md_get=(e,_=localStorage,t=__md_scope)=>JSON.parse(_.getItem(t.pathname+"."+e)),__md_set=(e,_,t=localStorage,a=__md_scope)=>{try{t.setItem(a.pathname+"."+e,JSON.stringify(_))}catch(e){}}'
ZENSICAL_SCOPE = '__md_scope=new URL("{base}",location),__md_scope.pathname.endsWith("/")||(__md_scope=new URL(__md_scope.pathname+"/",location)),__md_hash=e=>[...e].reduce(((e,t)=>(e<<5)-e+t.charCodeAt(0)),0),__md_get=(e,t=localStorage,_=__md_scope)=>JSON.parse(t.getItem(_.pathname+"."+e)),__md_set=(e,t,_=localStorage,a=__md_scope)=>{try{_.setItem(a.pathname+"."+e,JSON.stringify(t))}catch(e){}},document.documentElement.setAttribute("data-platform",navigator.platform)'
PALETTE = 'var palette=__md_get("__palette");if(palette&&palette.color){if("(prefers-color-scheme)"===palette.color.media){var media=matchMedia("(prefers-color-scheme: light)"),input=document.querySelector(media.matches?"[data-md-color-media=\'(prefers-color-scheme: light)\']":"[data-md-color-media=\'(prefers-color-scheme: dark)\']");palette.color.media=input.getAttribute("data-md-color-media"),palette.color.scheme=input.getAttribute("data-md-color-scheme"),palette.color.primary=input.getAttribute("data-md-color-primary"),palette.color.accent=input.getAttribute("data-md-color-accent")}for(var[key,value]of Object.entries(palette.color))document.body.setAttribute("data-md-color-"+key,value)}'
TABS_LINK = 'var tabs=__md_get("__tabs");if(Array.isArray(tabs))e:for(var set of document.querySelectorAll(".tabbed-set")){var labels=set.querySelector(".tabbed-labels");for(var tab of tabs)for(var label of labels.getElementsByTagName("label"))if(label.innerText.trim()===tab){var input=document.getElementById(label.htmlFor);input.checked=!0;continue e}}'
HASH_TARGET = 'var target=document.getElementById(location.hash.slice(1));target&&target.name&&(target.checked=target.name.startsWith("__tabbed_"))'

# The scope script's base: "." to four folders deep, and the site path (404 page; Zensical drops the slash).
SITE_PATH = "/npa-reference/"
BASES = (".", "..", "../..", "../../..", "../../../..", SITE_PATH, SITE_PATH.rstrip("/"), "/")  # "/": no site_url


def theme_scripts() -> tuple[str, ...]:
    """Every exact inline script text the theme may write."""
    scopes = tuple(template.replace("{base}", base) for template in (MATERIAL_SCOPE, ZENSICAL_SCOPE) for base in BASES)
    return scopes + (PALETTE, TABS_LINK, HASH_TARGET)


def script_hash(text: str) -> str:
    """The CSP source expression for an inline script's exact text: 'sha256-<base64>'."""
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")


THEME_SCRIPT_HASHES = frozenset(script_hash(text) for text in theme_scripts())

# img-src allows data: because the theme draws its icons (admonitions, details, links) as CSS masks
# from data: SVG addresses in its own stylesheet; style-src allows no inline style (the site has none).
DIRECTIVES = (
    ("default-src", "'self'"),
    ("script-src", "'self' {hashes}"),
    ("style-src", "'self'"),
    ("img-src", "'self' data:"),
    ("font-src", "'self'"),
    ("connect-src", "'self'"),
    ("object-src", "'none'"),
    ("base-uri", "'self'"),
    ("form-action", "'none'"),
)


def policy() -> str:
    hashes = " ".join(f"'{value}'" for value in sorted(THEME_SCRIPT_HASHES))
    return "; ".join(f"{name} {value.replace('{hashes}', hashes)}" for name, value in DIRECTIVES)


def meta_tag() -> str:
    return f'<meta http-equiv="Content-Security-Policy" content="{policy()}">'


if __name__ == "__main__":
    print(meta_tag())
