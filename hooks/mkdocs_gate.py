"""Page checks for the build: being written (issue 3)."""
