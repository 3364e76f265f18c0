"""cklod's SHACL Core engine: pyshacl's verdict on cklod's data, without an rdflib data graph.

Compile a shapes graph once (``Validator(shapes_graph)``; ``Unsupported`` names what it cannot do), then
validate data graphs given as N-Triples lines or pyoxigraph quads. Modules: ``vocab`` (IRIs), ``terms`` (terms
as N-Triples keys, literal semantics from rdflib), ``data`` (the index), ``paths``, ``model`` (shapes compiled
from the shapes graph), ``components`` (the constraint components), ``messages`` (pyshacl's default messages),
``engine`` (evaluation and Result records).
"""

from __future__ import annotations

from cklod.shacl.data import DataGraph, triple_lines
from cklod.shacl.engine import Validator
from cklod.shacl.errors import Unsupported

__all__ = ["DataGraph", "Unsupported", "Validator", "triple_lines"]
