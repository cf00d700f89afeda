"""Every rule id the checker reports, with its default severity and summary.

Ids are stable and never reused. data/schema.yml `rules:` may override a severity; a rule missing
there uses the default here.
"""

SEVERITIES = ("error", "warning")

RULES: dict[str, tuple[str, str]] = {
    "FM001": ("error", "front matter missing or not valid YAML"),
    "FM002": ("error", "required field missing"),
    "FM003": ("error", "field has a wrong value or type"),
    "SEC001": ("error", "required section missing"),
    "SEC002": ("error", "required sections out of order"),
    "SEC003": ("error", "required section empty"),
    "SEC004": ("error", "required section appears twice"),
    "SEC005": ("error", "level-1 heading in the body (the title comes from front matter)"),
    "CAV001": ("error", "Caveats section has no admonition"),
    "CIT001": ("error", "citation key not in the bibliography"),
    "CIT002": ("error", "cited key missing from sources (error) / sources key never cited (warning)"),
    "REV001": ("error", "review overdue"),
    "REV002": ("error", "review dates inconsistent"),
    "HTML001": ("error", "unsafe raw HTML"),
    "ENC001": ("error", "file is not valid UTF-8"),
    "BIB001": ("error", "bibliography file invalid or entry malformed"),
    "BIB002": ("error", "bibliography key appears twice"),
    "CLM001": ("error", "claims ledger: entry missing a field or wrong type"),
    "CLM002": ("error", "claims ledger: verdict, certainty or evidence kind not in vocabulary"),
    "CLM003": ("error", "claims ledger: key not in the bibliography"),
    "CLM004": ("error", "claims ledger: page or anchor does not exist"),
    "CLM005": ("error", "claims ledger: evidence or mechanism page named by no entry"),
    "CLM006": ("error", "claims ledger: duplicate id"),
    "CLM007": ("error", "claims ledger: section not declared"),
    "CHK001": ("error", "the checker failed on this file (a bug: please report it)"),
}
