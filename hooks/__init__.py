"""The project's code, in layers, each importing only those below it (tests/test_packaging.py):

content/  the pages and data files, read and parsed once per build (imports nothing else here)
checker/  the rules over the content, and the runner
render/   the Markdown extensions and the blocks they draw
gate/     the MkDocs hook and the scan of the built HTML

and the commands on top: check, build, new, watch, weekly (`python -m hooks.NAME`)."""
