"""The revisions, oldest first (a package so that an installed kit carries them)."""
