"""Structure checks of YAML sources with pydantic, reported at the line of the offending field."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any, TypeVar

from pydantic import AfterValidator, BaseModel, ValidationError
from pyoxigraph import Literal

from cklod.errors import Collector
from cklod.load.yamlsrc import LDict, LList
from cklod.rdf.iris import SLUG

M = TypeVar("M", bound=BaseModel)


def _slug(value: str) -> str:
    if not SLUG.match(value):
        raise ValueError(f"'{value}' is not a slug (lowercase a-z, 0-9 and single '-')")
    return value


Slug = Annotated[str, AfterValidator(_slug)]
"""An id that becomes the last segment of an IRI."""


def _language_tag(value: str) -> str:
    try:
        Literal("", language=value)  # the RDF library's own check, which the map stage would fail on
    except ValueError:
        raise ValueError(f"'{value}' is not a language tag (like 'en', 'kk', 'zh-Hans')") from None
    return value


LanguageTag = Annotated[str, AfterValidator(_language_tag)]
"""A BCP 47 language tag, as RDF literals carry it."""

MAX_DIGITS = 100


def _quantity(value: Decimal) -> Decimal:
    # '1e999999' is six characters of YAML and a million digits of xsd:decimal, which has no exponent
    if value.is_finite() and (
        abs(value.adjusted()) > MAX_DIGITS or len(value.as_tuple().digits) > MAX_DIGITS
    ):
        raise ValueError(f"'{value}' has more than {MAX_DIGITS} digits written out")
    return value


Quantity = Annotated[Decimal, AfterValidator(_quantity)]
"""A number of a statistic, kept to what can be written out as an xsd:decimal."""


def _line_at(data: Any, loc: tuple[Any, ...]) -> int:
    """The line of the deepest node of ``loc`` that the YAML source has a line for."""
    node, line = data, getattr(data, "line", 1)
    for part in loc:
        if isinstance(node, LDict) and isinstance(part, str):
            line = node.line_of(part)
            node = node.get(part)
        elif isinstance(node, LList) and isinstance(part, int) and part < len(node):
            line = node.lines[part]
            node = node[part]
        else:
            break
    return line


def _describe(error: dict[str, Any]) -> str:
    loc = ".".join(str(p) for p in error["loc"])
    kind = error["type"]
    if kind == "extra_forbidden":
        return f"unknown field '{error['loc'][-1]}'"
    if kind == "missing":
        return f"missing required field '{error['loc'][-1]}'"
    if kind == "model_type":
        found = error["input"]
        what = "nothing (the file or entry is empty)" if found is None else f"{_yaml_kind(found)}"
        message = f"expected a YAML mapping of fields (key: value lines), found {what}"
    else:
        message = error["msg"].removeprefix("Value error, ")
    return f"field '{loc}': {message}" if loc else message


def _yaml_kind(value: Any) -> str:
    if isinstance(value, list):
        return "a list"
    return f"the value {value!r}" if not isinstance(value, dict) else "a mapping"


def check(model: type[M], data: Any, file: str, problems: Collector, what: str = "") -> M | None:
    """Validate ``data`` against ``model``; add one problem per error; return the model or None."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        for error in exc.errors():
            prefix = f"{what}: " if what else ""
            problems.add(file, _line_at(data, tuple(error["loc"])), prefix + _describe(error))
        return None
