"""Fetching sources from the web: the Home Office table from GOV.UK, FOI reply pages."""
