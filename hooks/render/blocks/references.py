"""Reference entries: the list at the end of each page's References section and the References page."""
from __future__ import annotations

import re
import unicodedata
from urllib.parse import urlparse

from . import escape
from .citations import NO_DATE, surname, parse_authors
from .markdown_text import md_escape, relative_link

SEE_NOTES = re.compile(r"(?<!\s)\s*\(see [^()]*\)\s*$")
JARGON = [  # internal words in the checked bibliography's notes, in reader words
    (re.compile(r"\bthe seed claim\b"), "the source page's claim"),
    (re.compile(r"\bthe seed's\b"), "the source page's"),
    (re.compile(r"\bthe seed( page)?\b"), "the source page"),
]


def format_authors(authors: str, max_people: int = 6) -> str:
    """Vancouver style: more than six people -> first three and 'et al.'; groups kept after ';'."""
    parsed = parse_authors(authors)
    if parsed["organisation"] is not None:
        first = parsed["organisation"]
    else:
        people = parsed["people"]
        et_al = parsed["et_al"]
        if len(people) > max_people:
            people, et_al = people[:3], True
        first = ", ".join(people) + (", et al." if et_al else "")
    return "; ".join([first, *parsed["groups"]])


def sort_key(entry: dict) -> tuple:
    """First author's surname (or organisation), then year, then key; accents ignored."""
    parsed = parse_authors(entry["authors"])
    name = parsed["organisation"] if parsed["organisation"] is not None else surname(parsed["people"][0])
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    return (plain, int(entry["year"]) if str(entry.get("year")).isdigit() else 0, entry["key"])


def _sentence(text: str) -> str:
    text = " ".join(str(text).split())
    return text if text[-1:] in ".?!" else text + "."


def reader_text(text) -> str:
    """Data text (finding, notes) with internal jargon replaced, escaped for Markdown."""
    text = " ".join(str(text).split())
    for pattern, words in JARGON:
        text = pattern.sub(words, text)
    return md_escape(text)


def citation_text(entry: dict) -> str:
    """'Authors (year). Title. *Journal* volume: pages.' as Markdown."""
    parts = [f"{md_escape(format_authors(entry['authors']))} ({md_escape(entry.get('year') or NO_DATE)}).", md_escape(_sentence(entry["title"]))]
    journal = entry.get("journal")
    volume = SEE_NOTES.sub("", str(entry["volume"])) if entry.get("volume") not in (None, "") else ""
    pages = str(entry["pages"]) if entry.get("pages") not in (None, "") else ""
    if journal:
        where = f"*{md_escape(journal)}*"
        if volume:
            where += f" {md_escape(volume)}"
        if pages:
            where += f": {md_escape(pages)}"
        parts.append(where + ".")
    elif pages:
        parts.append(f"Pages {md_escape(pages)}.")
    return " ".join(parts)


def external_links(entry: dict, all_links: bool = True) -> list[str]:
    """Markdown links: DOI, PubMed and (all_links, or when neither exists) the web address."""
    links = []
    if escape.is_doi(entry.get("doi")):
        links.append(f"[DOI]({escape.markdown_url('https://doi.org/' + entry['doi'])})")
    if escape.is_pmid(entry.get("pmid")):
        links.append(f"[PubMed](https://pubmed.ncbi.nlm.nih.gov/{int(entry['pmid'])}/)")
    url = escape.markdown_url(entry.get("url"))  # http(s) only; None for anything else
    if url and (all_links or not links):
        is_pubmed = entry.get("pmid") and str(entry["pmid"]) in url and "pubmed" in url
        if not is_pubmed:
            links.append(f"[Web page ({escape.markdown(urlparse(url).netloc)})]({url})")
    return links


def format_reference(entry: dict, full_entry_link: str | None = None, all_links: bool = False) -> str:
    """One reference as a Markdown line: citation text, then links joined by ' · '."""
    links = external_links(entry, all_links)
    if full_entry_link:
        links.append(f"[Full entry]({full_entry_link})")
    return citation_text(entry) + (" " + " · ".join(links) if links else "")


def page_reference_list(keys: list[str], bibliography: dict[str, dict], page_path: str,
                        references_page: str = "references.md") -> str:
    """The bullet list appended to a page's References section (unknown keys skipped)."""
    entries = sorted((bibliography[k] for k in dict.fromkeys(keys) if k in bibliography), key=sort_key)
    lines = [
        "- " + format_reference(e, relative_link(page_path, f"{references_page}#{e['key']}"))
        for e in entries
    ]
    return "\n".join(lines)


def _kind(entry: dict) -> str:
    kind = str(entry.get("evidence_type") or "").strip()
    return kind[:1].upper() + kind[1:]


def bibliography_page(bibliography: dict[str, dict], labels: dict[str, str],
                      cited_on: dict[str, list[tuple[str, str]]], page_path: str = "references.md",
                      level: int = 2) -> str:
    """Every work, sorted by first author: a heading with id = key, the citation, links, the kind of
    evidence, what it found, notes from our checks and 'Cited on' backlinks (title, docs path)."""
    hashes = "#" * min(max(level, 2), 6)
    blocks = []
    for entry in sorted(bibliography.values(), key=sort_key):
        key = entry["key"]
        anchor = f" {{#{key}}}" if escape.is_key(key) else ""
        block = [f"{hashes} {md_escape(labels.get(key, key))}{anchor}", "", citation_text(entry)]
        links = external_links(entry, all_links=True)
        if links:
            block += ["", " · ".join(links)]
        if entry.get("evidence_type"):
            block += ["", f"**Kind of evidence:** {md_escape(_kind(entry))}"]
        if entry.get("finding"):
            block += ["", f"**What it found:** {reader_text(entry['finding'])}"]
        if entry.get("notes"):
            block += ["", f"**Notes from our checks:** {reader_text(entry['notes'])}"]
        pages = cited_on.get(key) or []
        if pages:
            backlinks = [f"[{md_escape(title)}]({relative_link(page_path, path)})" for title, path in pages]
            block += ["", "**Cited on:** " + " · ".join(backlinks)]
        blocks.append("\n".join(block))
    return "\n\n".join(blocks)
