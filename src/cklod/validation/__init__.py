"""The validate stage: SHACL Core shapes per document (cklod's engine in ``cklod.shacl``, pyshacl for what it does
not cover) and the cross-document SPARQL rules on Oxigraph."""
