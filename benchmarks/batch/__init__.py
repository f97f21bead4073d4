"""Ray batch benchmark (issue 6)."""
