"""Python-Markdown extensions of the reference, named in mkdocs.yml `markdown_extensions` by dotted
path (e.g. `- hooks.mdx.reference:`). Any engine that runs Python-Markdown runs them."""
