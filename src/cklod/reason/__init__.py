"""The reason stage: the schema.org view materialized from the ontology (subclass, subproperty, inverse,
symmetric)."""
