"""Rendering for the build: being written (issues 4 and 6)."""
