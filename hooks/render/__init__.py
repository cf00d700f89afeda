"""Rendering: the Python-Markdown extensions of the reference (reference.py, vocabulary.py,
tables.py), registered as entry points (pyproject.toml) and named in mkdocs.yml `markdown_extensions`
by short name (`npa_reference`, `npa_vocabulary`, `npa_tables`); blocks/ holds what they draw.
Any engine that runs Python-Markdown runs them."""
