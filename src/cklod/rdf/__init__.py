"""The bottom layer: RDF text and IRIs. Imports nothing else of cklod, so every stage can use it.

- ``iris``: the namespaces and the one IRI policy (every IRI cklod mints, by kind);
- ``terms``: pyoxigraph term constructors in the canonical lexical forms cklod publishes;
- ``nquads``: N-Quads / N-Triples text of graphs, sorted and merged without parsing;
- ``sparqltext``: the SPARQL lexer (prefix declarations, variables, VALUES).
"""
