"""Citations: sources from BibTeX or CSL-JSON, formatted with a CSL style."""
