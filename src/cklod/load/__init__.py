"""The load stage: corpus documents, the entity registry and the mapping files, read and checked (structure,
references, dates, quotes located in the text)."""
