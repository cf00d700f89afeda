"""The claims ledger (data/claims.yml) rendered: the box on each page it names and the claims table."""
from __future__ import annotations

from urllib.parse import quote

from .evidence import number, certainty_label, evidence_labels
from .markdown_text import md_escape, relative_link


def _verdict_label(ledger: dict, verdict: str) -> str:
    return str((ledger.get("verdicts") or {}).get(verdict, {}).get("label", verdict))


def claims_for_page(ledger: dict | None, page_path: str) -> list[dict]:
    """The ledger entries whose page (the part before '#') is this page, in ledger order."""
    if not ledger:
        return []
    return [c for c in ledger.get("claims") or [] if str(c["page"]).partition("#")[0] == page_path]


def claims_box(ledger: dict | None, page_path: str, schema: dict,
               claims_page: str | None = "claims.md") -> str:
    """An admonition listing the source's claims this page examines, with verdict and certainty;
    '' when the ledger does not name the page."""
    claims = claims_for_page(ledger, page_path)
    if not claims:
        return ""
    lines = ['!!! note npa-claims "Claims from the source examined on this page"']
    for c in claims:
        anchor = str(c["page"]).partition("#")[2]
        item = f'    - "{md_escape(c["claim"])}" — verdict: **{md_escape(_verdict_label(ledger, c["verdict"]))}**'
        if c.get("certainty"):
            item += f"; certainty: {md_escape(certainty_label(c['certainty'], schema))}"
        item += "."
        if anchor:
            item += f" [See the discussion](#{quote(anchor, safe='-_.~')})"
        lines.append(item)
    if claims_page:
        lines += ["", f"    [All the claims we checked]({relative_link(page_path, claims_page)})"]
    return "\n".join(lines)


def verdict_definitions(ledger: dict) -> str:
    """A definition list: each verdict label and what it means."""
    out = []
    for verdict in (ledger.get("verdicts") or {}).values():
        out += [f"**{md_escape(verdict['label'])}**", f":   {md_escape(verdict.get('meaning') or '')}", ""]
    return "\n".join(out).strip("\n")


def claims_table(ledger: dict, schema: dict, page_path: str, titles: dict[str, str] | None = None,
                 level: int = 2) -> str:
    """A table per ledger section (in order): Claim | Verdict | Why | Evidence | Certainty | Discussed
    in, then the verdict words explained. titles maps docs paths to page titles (link text)."""
    titles = titles or {}
    hashes = "#" * min(max(level, 2), 6)
    claims_all = ledger.get("claims") or []
    used = [s for s in ledger.get("sections") or [] if any(c["section"] == s["id"] for c in claims_all)]
    blocks = [f"We checked {number(len(claims_all))} claim{'s' * (len(claims_all) != 1)} from the source page, "
              f"in {number(len(used))} group{'s' * (len(used) != 1)}."]
    for section in ledger.get("sections") or []:
        claims = [c for c in ledger.get("claims") or [] if c["section"] == section["id"]]
        if not claims:
            continue
        rows = [f"{hashes} {md_escape(section['title'])}", "",
                "| Claim | Verdict | Why | Kind of evidence | Certainty | Discussed in |",
                "|---|---|---|---|---|---|"]
        for c in claims:
            target = str(c["page"])
            path = target.partition("#")[0]
            title = titles.get(path, path)
            cells = [
                md_escape(c["claim"], table=True),
                f"**{md_escape(_verdict_label(ledger, c['verdict']), table=True)}**",
                md_escape(c.get("reason") or "", table=True),
                md_escape(evidence_labels(c, schema), table=True),
                md_escape(certainty_label(c.get("certainty"), schema), table=True),
                f"[{md_escape(title, table=True)}]({relative_link(page_path, target)})",
            ]
            rows.append("| " + " | ".join(cells) + " |")
        blocks.append("\n".join(rows))
    blocks.append("\n".join([f"{hashes} What the verdict words mean", "", verdict_definitions(ledger)]))
    return "\n\n".join(blocks)
