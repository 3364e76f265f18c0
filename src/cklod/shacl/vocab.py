"""The IRIs the engine reads in shapes and data graphs, as plain strings and as N-Triples keys."""

from __future__ import annotations

SH = "http://www.w3.org/ns/shacl#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
XSD = "http://www.w3.org/2001/XMLSchema#"

RDF_TYPE = f"<{RDF}type>"  # data-graph keys are N-Triples terms
RDFS_SUBCLASS_OF = f"<{RDFS}subClassOf>"

VIOLATION = SH + "Violation"
# run_pyshacl validates with allow_warnings=True: a shape of these severities always conforms when it is
# checked inside another shape (sh:or, sh:not, sh:node …), whatever its constraints say.
LENIENT_SEVERITIES = frozenset({SH + "Warning", SH + "Info"})
