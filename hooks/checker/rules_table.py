"""The rule ids the checker's code reports. Severities and summaries are data: data/schema.yml `rules:`.

Only what cannot live in data stays here: which ids the code emits (so a schema that lacks one is a
schema error, exit 2) and the allowed severities. Ids are stable and never reused.
"""

SEVERITIES = ("error", "warning")

RULE_IDS: frozenset[str] = frozenset(
    {
        "FM001", "FM002", "FM003", "FM004", "FM005", "FILE001", "FILE002", "HTML002", "HTML003",
        "SEC001", "SEC002", "SEC003", "SEC004", "SEC005",
        "CAV001",
        "CIT001", "CIT002",
        "REV001", "REV002",
        "HTML001",
        "ENC001",
        "BIB001", "BIB002",
        "CLM001", "CLM002", "CLM003", "CLM004", "CLM005", "CLM006", "CLM007",
        "CHK001",
    }
)

RULES = RULE_IDS  # the name older callers import
