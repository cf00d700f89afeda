"""Citations: `[@key]` / `[@a; @b]` in page text become author-year links to the References page."""
from __future__ import annotations

import re
from collections import Counter

from .markdown_text import map_prose, md_escape, prose_text, relative_link

CITATION = re.compile(r"\[(\s*@[\w:.-]+(?:\s*;\s*@[\w:.-]+)*\s*)\](?![(\[])")
KEY = re.compile(r"@([\w:.-]+)")
INITIALS = re.compile(r"^[A-Z]{1,4}$")
EDITORS = re.compile(r"\s*\((?:eds?|eds?\.)\)\s*$")
ACRONYM = re.compile(r"\(([A-Z]{2,})\)")
ET_AL = re.compile(r"^et al\.?$")

NO_DATE = "n.d."  # a work whose year was not seen (bibliography year: null)


def _surname(name: str) -> str | None:
    """'Cidral-Filho FJ' -> 'Cidral-Filho'; None when the name is not 'Surname Initials'."""
    tokens = EDITORS.sub("", name).split()
    if len(tokens) >= 2 and INITIALS.match(tokens[-1]):
        return " ".join(tokens[:-1])
    return None


def parse_authors(authors: str) -> dict:
    """Split an authors string into people (name strings), et al., an organisation and extra groups.

    'Merskey H, Bogduk N (eds); IASP Task Force' -> people ['Merskey H', 'Bogduk N (eds)'],
    groups ['IASP Task Force']. An organisational first group ('National Institute ... (NICE)')
    gives people [] and organisation set.
    """
    groups = [g.strip() for g in " ".join(str(authors).split()).split(";") if g.strip()]
    first, rest = (groups[0] if groups else ""), groups[1:]
    names = [n.strip() for n in first.split(",") if n.strip()]
    et_al = any(ET_AL.match(n) for n in names)
    names = [n for n in names if not ET_AL.match(n)]
    if names and all(_surname(n) for n in names):
        return {"people": names, "et_al": et_al, "organisation": None, "groups": rest}
    return {"people": [], "et_al": False, "organisation": first, "groups": rest}


def short_organisation(name: str) -> str:
    """'National Institute for Health and Care Excellence (NICE)' -> 'NICE'; 'IASP Taxonomy ...' -> 'IASP'."""
    m = ACRONYM.search(name)
    if m:
        return m.group(1)
    first = name.split()[0] if name.split() else name
    if len(first) >= 2 and first.isupper() and first.isalpha():
        return first
    return re.sub(r"\s*\([^)]*\)", "", name).strip()


def author_short(authors: str) -> str:
    """The author part of an author-year citation: 'Ju et al.', 'Kavoussi and Ross', 'NICE'."""
    parsed = parse_authors(authors)
    if parsed["organisation"] is not None:
        return short_organisation(parsed["organisation"])
    surnames = [_surname(n) for n in parsed["people"]]
    if len(surnames) >= 3 or parsed["et_al"]:
        return f"{surnames[0]} et al."
    if len(surnames) == 2:
        return f"{surnames[0]} and {surnames[1]}"
    return surnames[0]


def cite_label(entry: dict) -> str:
    """'Ju et al. 2017' for one bibliography entry (no disambiguation)."""
    return f"{author_short(entry['authors'])} {entry.get('year') or NO_DATE}"


def cite_labels(bibliography: dict[str, dict]) -> dict[str, str]:
    """Labels for every key; equal labels get a, b, ... in key order ('Smith 2010a')."""
    labels = {key: cite_label(entry) for key, entry in bibliography.items()}
    counts = Counter(labels.values())
    seen: Counter = Counter()
    for key in sorted(labels):
        label = labels[key]
        if counts[label] > 1:
            labels[key] = label + "abcdefghijklmnopqrstuvwxyz"[seen[label]]
            seen[label] += 1
    return labels


def find_citations(markdown: str) -> list[str]:
    """Every cited key in order of first use, ignoring code fences and inline code."""
    keys: list[str] = []
    for m in CITATION.finditer(prose_text(markdown)):
        for key in KEY.findall(m.group(1)):
            if key not in keys:
                keys.append(key)
    return keys


def render_citations(markdown: str, labels: dict[str, str], page_path: str,
                     references_page: str = "references.md") -> str:
    """Replace citations with '([Ju et al. 2017](../references.md#ju2017); [...])'.

    A citation with any unknown key is left unchanged (the checker reports it)."""
    def one(m: re.Match) -> str:
        keys = KEY.findall(m.group(1))
        if not keys or any(k not in labels for k in keys):
            return m.group(0)
        links = [f"[{md_escape(labels[k])}]({relative_link(page_path, f'{references_page}#{k}')})" for k in keys]
        return "(" + "; ".join(links) + ")"

    return map_prose(markdown, lambda text: CITATION.sub(one, text))
