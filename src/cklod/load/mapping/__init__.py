"""Mapping files: what each document states, fact by fact, each with its quote."""
