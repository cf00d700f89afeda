"""Project code: the page checker library, its CLI and the MkDocs adapters."""
