"""The entity registry: one stable IRI per real-world entity, with every spelling the documents use."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, field_validator
from pyoxigraph import NamedNode

from cklod.errors import BadInput, Collector
from cklod.load.checked import LanguageTag, Slug, check
from cklod.load.mapping.model import Reviewed
from cklod.load.yamlsrc import LList, kind_of, load_yaml
from cklod.rdf.iris import ENTITY_TYPES


def _web_iri(value: str) -> str:
    """An absolute http(s) IRI: a sameAs link is followed by Linked Data clients, so a CURIE or a bare id is a
    mistake even where it happens to parse as an IRI (``wikidata:Q1``)."""
    try:
        NamedNode(value)
    except ValueError as exc:
        raise ValueError(
            f"'{value}' is not an IRI ({exc}): write the full address, like https://..."
        ) from None
    if not re.match(r"^https?://[^/?#]+", value):
        raise ValueError(f"'{value}' is not an http(s) IRI: write the full address, like https://...")
    return value


class External(BaseModel):
    model_config = ConfigDict(extra="forbid")
    sameAs: list[Annotated[str, AfterValidator(_web_iri)]] = []
    fullName: str | None = None
    source: str | None = None


class EntityEntry(Reviewed, BaseModel):  # BaseModel named for linters: fields default to [] safely
    id: Slug
    type: str
    name: str
    alt: list[str] = []
    labels: dict[LanguageTag, str] = {}
    distinct_from: list[str] = []
    note: str | None = None
    external: External | None = None

    @field_validator("type")
    @classmethod
    def _type(cls, v: str) -> str:
        if v not in ENTITY_TYPES:
            close = difflib.get_close_matches(v, ENTITY_TYPES, n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            raise ValueError(f"unknown entity type '{v}'{hint}")
        return v


@dataclass(frozen=True)
class Entity:
    id: str
    type: str
    kind: str
    class_iri: str
    name: str
    alt: tuple[str, ...]
    labels: tuple[tuple[str, str], ...]
    distinct_from: tuple[str, ...]
    note: str | None
    external: External | None
    file: str
    line: int
    proposed: bool = False

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.alt)


# Where the registry keeps each kind of entity (a new entry of that kind belongs there).
KIND_FILES = {
    "person": "people.yaml",
    "organization": "organizations.yaml",
    "country": "countries.yaml",
    "place": "places.yaml",
    "event": "events.yaml",
    "initiative": "initiatives.yaml",
    "brand": "brands.yaml",
}


class Registry:
    """Entities by id, with look-ups that explain a miss."""

    def __init__(
        self,
        entities: dict[str, Entity],
        broken: frozenset[str] = frozenset(),
        unread: tuple[str, ...] = (),
        folder: str = "mappings/registry",
    ):
        self.entities = entities
        self.folder = folder
        # ids (lowercased) whose entry was reported as invalid; references to them stay quiet
        self.broken = frozenset(b.strip().lower() for b in broken)
        # files that could not be read at all: any id may be in them, so references are not checked
        self.unread = unread

    def __contains__(self, entity_id: str) -> bool:
        return entity_id in self.entities

    def __getitem__(self, entity_id: str) -> Entity:
        return self.entities[entity_id]

    def unknown(self, entity_id: Any, kinds: frozenset[str] | None = None) -> str:
        """Why ``entity_id`` is not found: a near id, and the file where an entry of the expected kind goes."""
        close = difflib.get_close_matches(str(entity_id), self.entities, n=1)
        hint = f" (did you mean '{close[0]}'?)" if close else ""
        if kinds is None or not kinds <= KIND_FILES.keys():
            where = (
                f"add its entry to the file of its kind in {self.folder}/ ({', '.join(KIND_FILES.values())})"
            )
        else:
            ordered = [k for k in KIND_FILES if k in kinds]
            files = [KIND_FILES[k] for k in ordered]
            where = f"a new {_either(ordered)} is added to {self.folder}/{_either(files)}"
        return f"unknown registry id '{entity_id}'{hint}; {where}"


def _either(names: list[str]) -> str:
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} or {names[-1]}"


def load_registry(registry_dir: Path, root: Path, problems: Collector) -> Registry:
    """Every ``*.yaml`` under ``registry_dir``, merged; ids must be unique across files."""
    entities: dict[str, Entity] = {}
    broken: set[str] = set()
    unread: list[str] = []
    files = sorted(registry_dir.glob("*.yaml"))
    if not files:
        problems.add(str(registry_dir.relative_to(root)), 1, "the registry has no *.yaml file")
    for path in files:
        file = str(path.relative_to(root))
        try:
            data = load_yaml(path, file)
        except BadInput as exc:
            problems.problems.extend(exc.problems)
            unread.append(file)
            continue
        if data is None:
            continue
        if not isinstance(data, LList):
            unread.append(file)
            problems.add(
                file,
                getattr(data, "line", 1),
                f"a registry file must be a YAML list of entries, not {kind_of(data)}",
            )
            continue
        for item, line in zip(data, data.lines, strict=True):
            entry = check(EntityEntry, item, file, problems, what=f"entry '{_id_of(item)}'")
            if entry is None:
                broken.add(_id_of(item))
                continue
            if entry.id in entities:
                first = entities[entry.id]
                problems.add(file, line, f"duplicate id '{entry.id}' (first at {first.file}:{first.line})")
                continue
            kind, class_iri = ENTITY_TYPES[entry.type]
            entities[entry.id] = Entity(
                id=entry.id,
                type=entry.type,
                kind=kind,
                class_iri=class_iri,
                name=entry.name,
                alt=tuple(entry.alt),
                labels=tuple(sorted(entry.labels.items())),
                distinct_from=tuple(entry.distinct_from),
                note=entry.note,
                external=entry.external,
                file=file,
                line=line,
                proposed=entry.proposed,
            )
    registry = Registry(
        dict(sorted(entities.items())),
        frozenset(broken),
        tuple(unread),
        str(registry_dir.relative_to(root)),
    )
    for entity in registry.entities.values():
        for other in entity.distinct_from:
            if other not in registry and not registry.unread:
                problems.add(entity.file, entity.line, f"distinct_from: {registry.unknown(other)}")
        if entity.name in entity.alt:
            problems.add(
                entity.file, entity.line, f"'{entity.name}' is both the name and an alt of '{entity.id}'"
            )
    return registry


def _id_of(item: Any) -> str:
    return str(item.get("id", "?")) if isinstance(item, dict) else "?"
