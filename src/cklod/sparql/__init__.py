"""Querying a build: the embedded Oxigraph store, the query engine, saved queries and result formats."""
