"""Pure-Python customer engines (no Django): company-name normalisation and, later, matching."""
