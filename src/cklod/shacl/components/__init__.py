"""The SHACL Core constraint components, one module per group of pyshacl's constraints/core/ (same names), and
the parameter → component table pyshacl selects them with."""

from __future__ import annotations

from cklod.shacl.components.base import Constraint
from cklod.shacl.components.cardinality import MaxCountConstraint, MinCountConstraint
from cklod.shacl.components.logical import AndConstraint, NotConstraint, OrConstraint, XoneConstraint
from cklod.shacl.components.other import ClosedConstraint, HasValueConstraint, InConstraint
from cklod.shacl.components.property_pair import (
    DisjointConstraint,
    EqualsConstraint,
    LessThanConstraint,
    LessThanOrEqualsConstraint,
)
from cklod.shacl.components.shape_based import (
    NodeConstraint,
    PropertyConstraint,
    QualifiedValueShapeConstraint,
)
from cklod.shacl.components.string_based import (
    LanguageInConstraint,
    MaxLengthConstraint,
    MinLengthConstraint,
    PatternConstraint,
    UniqueLangConstraint,
)
from cklod.shacl.components.value_range import (
    MaxExclusiveConstraint,
    MaxInclusiveConstraint,
    MinExclusiveConstraint,
    MinInclusiveConstraint,
)
from cklod.shacl.components.value_type import ClassConstraint, DatatypeConstraint, NodeKindConstraint
from cklod.shacl.vocab import SH

COMPONENTS: tuple[type[Constraint], ...] = (
    ClassConstraint,
    DatatypeConstraint,
    NodeKindConstraint,
    MinCountConstraint,
    MaxCountConstraint,
    MinExclusiveConstraint,
    MinInclusiveConstraint,
    MaxExclusiveConstraint,
    MaxInclusiveConstraint,
    NotConstraint,
    AndConstraint,
    OrConstraint,
    XoneConstraint,
    MinLengthConstraint,
    MaxLengthConstraint,
    PatternConstraint,
    LanguageInConstraint,
    UniqueLangConstraint,
    EqualsConstraint,
    DisjointConstraint,
    LessThanConstraint,
    LessThanOrEqualsConstraint,
    NodeConstraint,
    PropertyConstraint,
    QualifiedValueShapeConstraint,
    ClosedConstraint,
    HasValueConstraint,
    InConstraint,
)

# sh: parameter IRI → the component it selects (pyshacl's CONSTRAINT_PARAMETERS_MAP, less sh:sparql)
BY_PARAMETER: dict[str, type[Constraint]] = {SH + p: c for c in COMPONENTS for p in c.parameters}

__all__ = ["BY_PARAMETER", "COMPONENTS", "Constraint"]
