"""Python-Markdown extensions of the reference (named in mkdocs.yml `markdown_extensions`)."""
