"""Python-Markdown extensions of the reference, named in mkdocs.yml `markdown_extensions` by dotted
path (e.g. `- hooks.render.reference:`). Any engine that runs Python-Markdown runs them."""
