"""The map stage: one named graph per document (and one for the registry), as pure functions of what was
loaded."""
