"""Evidence at a glance: the badge on evidence and mechanism pages, and the evidence map table."""
from __future__ import annotations

from .markdown_text import md_escape, relative_link

# The certainty value for an answer that is a definition: GRADE rates only evidence about effects.
NOT_GRADED = "not-graded"


def _as_list(value) -> list:
    if value is None:
        return []
    return list(value) if isinstance(value, (list, tuple)) else [value]


def evidence_labels(meta: dict, schema: dict) -> str:
    """'Animal studies, Narrative review' from front matter `evidence` (unknown values shown as given)."""
    names = schema["labels"]["evidence"]
    return ", ".join(str(names.get(k, k)) for k in _as_list(meta.get("evidence")))


def certainty_label(value, schema: dict) -> str:
    return str(schema["labels"]["certainty"].get(value, value)) if value else ""


def evidence_badge(meta: dict, schema: dict, page_path: str,
                   labels_page: str | None = "evidence-labels.md") -> str:
    """An admonition at the top of pages whose type has the schema trait `badge`; '' for others.

    The certainty is words, never colour alone; the classes npa-evidence and
    npa-certainty-<level> let the stylesheet add colour on top."""
    kind = meta.get("type")
    traits = (schema.get("types") or {}).get(kind) if isinstance(kind, str) else None
    if not (isinstance(traits, dict) and traits.get("badge") is True) or not (meta.get("evidence") or meta.get("certainty")):
        return ""
    parts = []
    if meta.get("evidence"):
        parts.append(f"**Kind of evidence:** {md_escape(evidence_labels(meta, schema))}")
    if meta.get("certainty"):
        # `not-graded` is not a GRADE level (a definition, not an effect): no "(GRADE)" after it.
        grade = "" if meta["certainty"] == NOT_GRADED else " (GRADE)"
        parts.append(f"**Certainty:** {md_escape(certainty_label(meta['certainty'], schema))}{grade}")
    certainty = meta.get("certainty")
    known = isinstance(certainty, str) and certainty in schema["labels"]["certainty"] and certainty.replace("-", "").isalpha()
    classes = "info npa-evidence" + (f" npa-certainty-{certainty}" if known else "")
    lines = [f'!!! {classes} "Evidence at a glance"', "    " + " · ".join(parts)]
    if labels_page:
        lines += ["", f"    [How to read these labels]({relative_link(page_path, labels_page)})"]
    return "\n".join(lines)


def evidence_map(pages: list[dict], schema: dict, page_path: str, ledger: dict | None = None) -> str:
    """A table with one row per mechanism page, in the order given.

    pages: [{'path': 'mechanisms/adenosine.md', 'title': ..., 'meta': {...}}, ...]. The claim is the
    ledger's paraphrase of the source's claim when the ledger names the page (with its verdict),
    else the page's description."""
    rows = [p for p in pages if (p.get("meta") or {}).get("type") == "mechanism"]
    if not rows:
        return "*No mechanism pages yet.*"
    count = f"This reference has {number(len(rows))} mechanism page{'s' * (len(rows) != 1)}, one row each."
    verdicts = (ledger or {}).get("verdicts") or {}
    by_page: dict[str, list[dict]] = {}
    for claim in (ledger or {}).get("claims") or []:
        by_page.setdefault(str(claim["page"]).partition("#")[0], []).append(claim)
    header = ["Mechanism", "Claim examined"]
    if ledger:
        header.append("Verdict")
    header += ["Kind of evidence", "Certainty"]
    out = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for page in rows:
        meta = page["meta"]
        claims = by_page.get(page["path"], [])
        link = f"[{md_escape(page['title'], table=True)}]({relative_link(page_path, page['path'])})"
        if claims:
            claim = "; ".join(md_escape(c["claim"], table=True) for c in claims)
        else:
            claim = md_escape(meta.get("description") or "", table=True)
        cells = [link, claim]
        if ledger:
            labels = [str(verdicts.get(c["verdict"], {}).get("label", c["verdict"])) for c in claims]
            cells.append("; ".join(f"**{md_escape(v, table=True)}**" for v in dict.fromkeys(labels)) or "Not in the ledger")
        cells += [md_escape(evidence_labels(meta, schema), table=True),
                  md_escape(certainty_label(meta.get("certainty"), schema), table=True)]
        out.append("| " + " | ".join(cells) + " |")
    return count + "\n\n" + "\n".join(out)


def number(n: int) -> str:
    """A count in words up to twelve, as plain English writes it; digits above."""
    words = "no one two three four five six seven eight nine ten eleven twelve".split()
    return words[n] if 0 <= n < len(words) else str(n)
