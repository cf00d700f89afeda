"""The rule ids the checker's code reports. Severities and summaries are data: data/schema.yml `rules:`.

Only what cannot live in data stays here: which ids the code emits (so a schema that lacks one is a
schema error, exit 2) and the allowed severities. Ids are stable and never reused.
"""

# error: fails the check and the build; warning: fails only --strict and the strict build; notice:
# reported (a GitHub notice annotation, an info line in the build) but never fails anything.
SEVERITIES = ("error", "warning", "notice")

RULE_IDS: frozenset[str] = frozenset(
    {
        "FM001", "FM002", "FM003",
        "SEC001", "SEC002", "SEC003", "SEC004", "SEC005",
        "CAV001",
        "CIT001", "CIT002",
        "NAV001",
        "REV001", "REV002", "REV003",
        "HTML001",
        "READ001",
        "ENC001",
        "BIB001", "BIB002",
        "CLM001", "CLM002", "CLM003", "CLM004", "CLM005", "CLM006", "CLM007",
        "VOC001", "VOC002", "VOC003", "VOC004",
        "CHK001",
    }
)

RULES = RULE_IDS  # the name older callers import
