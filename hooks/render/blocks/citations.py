"""Citation labels: "Ju et al. 2017" for each bibliography entry (the content layer finds citations)."""
from __future__ import annotations

import re
from collections import Counter


INITIALS = re.compile(r"^[A-Z]{1,4}$")
EDITORS = re.compile(r"(?<!\s)\s*\((?:eds?|eds?\.)\)\s*$")
ACRONYM = re.compile(r"\(([A-Z]{2,})\)")
ET_AL = re.compile(r"^et al\.?$")

NO_DATE = "n.d."  # a work whose year was not seen (bibliography year: null)


def surname(name: str) -> str | None:
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
    if names and all(surname(n) for n in names):
        return {"people": names, "et_al": et_al, "organisation": None, "groups": rest}
    return {"people": [], "et_al": False, "organisation": first, "groups": rest}


def short_organisation(name: str) -> str:
    """'National Institute for Health and Care Excellence (NICE)' -> 'NICE'; 'IASP Taxonomy ...' -> 'IASP';
    'Macmillan Cancer Support' as it is; 'nidirect (Northern Ireland ...), health conditions A to Z' -> 'nidirect'."""
    m = ACRONYM.search(name)
    if m:
        return m.group(1)
    first = name.split()[0] if name.split() else name
    if len(first) >= 2 and first.isupper() and first.isalpha():
        return first
    # The organisation itself, not what follows the comma ('nidirect (...), health conditions A to Z'
    # -> 'nidirect'): a citation label names who published, the entry gives the rest.
    return re.sub(r"\s*\([^)]*\)", "", name).split(",")[0].strip()


def author_short(authors: str) -> str:
    """The author part of an author-year citation: 'Ju et al.', 'Kavoussi and Ross', 'NICE'."""
    parsed = parse_authors(authors)
    if parsed["organisation"] is not None:
        return short_organisation(parsed["organisation"])
    surnames = [surname(n) for n in parsed["people"]]
    if len(surnames) >= 3 or parsed["et_al"]:
        return f"{surnames[0]} et al."
    if len(surnames) == 2:
        return f"{surnames[0]} and {surnames[1]}"
    return surnames[0]


def cite_label(entry: dict) -> str:
    """'Ju et al. 2017' for one bibliography entry (no disambiguation)."""
    return f"{author_short(entry['authors'])} {entry.get('year') or NO_DATE}"


def cite_labels(bibliography: dict[str, dict]) -> dict[str, str]:
    """Labels for every key; equal labels get a, b, ... in key order ('Smith 2010a', 'NHS n.d.-a')."""
    labels = {key: cite_label(entry) for key, entry in bibliography.items()}
    counts = Counter(labels.values())
    seen: Counter = Counter()
    for key in sorted(labels):
        label = labels[key]
        if counts[label] > 1:
            letter = "abcdefghijklmnopqrstuvwxyz"[seen[label]]
            labels[key] = label + ("-" if label.endswith(NO_DATE) else "") + letter
            seen[label] += 1
    return labels
