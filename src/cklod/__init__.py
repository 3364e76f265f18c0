"""cklod: China–Kazakhstan Linked Open Data.

News and policy documents become an evidence-backed RDF knowledge graph, validated with SHACL and published as
Linked Data. The command line (``cklod``) is a thin layer over this library; docs/python-api.md has runnable
examples of every function below.

The pipeline, one package per stage, data flowing one way:

- ``cklod.load``: corpus, registry and mapping files read and checked;
- ``cklod.map``: one named graph per document and one for the registry;
- ``cklod.reason``: the schema.org view materialized from the ontology;
- ``cklod.validation``: SHACL (``cklod.shacl`` is the Core engine) and the cross-document SPARQL rules;
- ``cklod.write``: the dumps, VoID/DCAT and the output README, swapped into place atomically
  (``cklod.pipeline`` runs the stages and keeps the build cache);

beside it ``cklod.sparql`` (querying a build), ``cklod.serve`` (Linked Data server and static site),
``cklod.publish`` (loading a build into a triple store), and under everything ``cklod.rdf`` (IRIs, terms,
N-Quads text, media types, SPARQL lexing), which imports nothing else of cklod.

Example::

    import cklod

    result = cklod.build(".")                   # corpus/, mappings/, … -> output/
    answer = cklod.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", output="output")
    print(answer.rows()[0]["n"].value)
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

# The functions below import their stage when called, not here: `cklod --help` and `cklod query` import this
# package first and must not pay for rdflib, pyshacl or the build.
if TYPE_CHECKING:
    from collections.abc import Mapping

    from cklod.draft.addition import Addition
    from cklod.load.sources import Sources
    from cklod.pipeline import BuildResult
    from cklod.publish import PublishReport
    from cklod.sparql.engine import Answer
    from cklod.sparql.saved import SavedQuery
    from cklod.validation.validate import Report

__version__ = "0.1.0"

__all__ = [
    "BadInput",
    "Config",
    "ConfigError",
    "InvalidGraph",
    "QueryError",
    "add_document",
    "build",
    "draft_mapping",
    "load_sources",
    "publish_to_store",
    "query",
    "saved_queries",
    "validate",
]

_LAZY = {
    "BadInput": "cklod.errors",
    "Config": "cklod.config",
    "ConfigError": "cklod.config",
    "InvalidGraph": "cklod.validation.validate",
    "QueryError": "cklod.sparql.engine",
}


def __getattr__(name: str) -> object:
    """The exception classes of ``__all__``, imported when first asked for."""
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'cklod' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})


def load_sources(project: str | Path = ".") -> Sources:
    """Load and check a project's corpus, registry and mappings (the load stage), without building.

    Raises ``cklod.BadInput`` listing every problem (``FILE:LINE: problem``).

    Example::

        sources = cklod.load_sources(".")
        print(len(sources.documents), "documents,", len(sources.registry.entities), "entities")
    """
    from cklod.load.sources import load_sources as load

    return load(Path(project))


def build(
    project: str | Path = ".",
    out: str | Path | None = None,
    *,
    base: str | None = None,
    sparql_endpoint: str | None = None,
    allow_invalid: bool = False,
    use_cache: bool = True,
) -> BuildResult:
    """Load, map, reason, validate and write the dataset of ``project`` into ``out``, replacing it atomically.
    ``out``, ``base`` and ``sparql_endpoint`` default to the project's ``cklod.toml``, then to
    ``project/output``, https://w3id.org/cklod/ and none (docs/configuration.md); a bad setting raises
    ``cklod.config.ConfigError``.

    Raises ``cklod.BadInput`` for bad sources and ``cklod.InvalidGraph`` when SHACL finds violations (unless
    ``allow_invalid``); either way ``out`` is left as it was. Unchanged documents come from the build cache
    (``project/.cklod/cache``) unless ``use_cache`` is False.

    Example::

        result = cklod.build(".", "/tmp/out")
        print(sorted(result.files))             # cklod.nq, cklod.nt, cklod.ttl, …
    """
    from cklod.pipeline import build as run

    return run(
        Path(project),
        Path(out) if out is not None else None,
        base=base,
        sparql_endpoint=sparql_endpoint,
        allow_invalid=allow_invalid,
        use_cache=use_cache,
    )


def validate(project: str | Path = ".", *, consistency: bool = False, engine: str = "cklod") -> Report:
    """Validate a project's graph against its shapes (SHACL) without writing anything; with ``consistency``,
    also check it against the ontology with an OWL RL reasoner. ``engine`` runs the SHACL Core shapes with
    cklod's engine or with ``"pyshacl"``.

    Example::

        report = cklod.validate(".")
        print(report.conforms, len(report.violations))
    """
    from cklod.config import Config
    from cklod.load.sources import load_sources as load
    from cklod.pipeline import assemble
    from cklod.rdf.iris import IriPolicy
    from cklod.validation.validate import validate_dataset

    sources = load(Path(project))
    policy = IriPolicy(Config.load(project).base)
    return validate_dataset(assemble(sources, policy), sources, consistency=consistency, engine=engine)


def query(
    sparql: str,
    output: str | Path = "output",
    *,
    params: Mapping[str, str] | None = None,
    graph: str | None = None,
) -> Answer:
    """Answer a SPARQL query on a build (the folder ``cklod build`` wrote), over the union of its graphs or
    over one document's ``graph``, with the base IRI the build was made with. ``params`` binds variables: values are IRIs (``person:xi-jinping``,
    ``<https://…>``), SPARQL literals (``"2024"^^xsd:gYear``) or plain text. The dataset's prefixes
    (``schema:``, ``person:`` …) need no declaration. Raises ``cklod.QueryError``.

    Example::

        answer = cklod.query("SELECT ?name WHERE { ?p a schema:Person ; schema:name ?name } ORDER BY ?name")
        names = [row["name"].value for row in answer.rows()]
    """
    from cklod.rdf.iris import DEFAULT_BASE
    from cklod.sparql.engine import LocalTarget, parse_term, run
    from cklod.sparql.store import built_base

    target = LocalTarget.open(Path(output), built_base(Path(output)) or DEFAULT_BASE)
    bound = {name: parse_term(value, target.prefixes) for name, value in (params or {}).items()}
    return run(target, sparql, bound, graph)


def saved_queries(project: str | Path = ".") -> list[SavedQuery]:
    """The saved queries of ``project/queries/`` (name, title, description, parameters, text).

    Example::

        for saved in cklod.saved_queries("."):
            print(saved.name, saved.param_names)
        timeline = next(s for s in cklod.saved_queries(".") if s.name == "timeline")
        rows = cklod.query(timeline.text).rows()
    """
    from cklod.sparql.saved import load_all

    return load_all(Path(project))


def publish_to_store(
    output: str | Path,
    store: str | None = None,
    *,
    query: str | None = None,
    update: str | None = None,
    dry_run: bool = False,
) -> PublishReport:
    """Publish a build into a triple store: the Graph Store Protocol endpoint ``store``, or the SPARQL
    ``query`` and ``update`` endpoints. Only changed graphs are sent; a manifest graph in the store records
    what was published. Credentials come from CKLOD_STORE_USER/CKLOD_STORE_PASSWORD or CKLOD_STORE_TOKEN.
    (``cklod.publish`` is the package; this is its entry point with the command's defaults.)

    Example::

        report = cklod.publish_to_store("output", "http://127.0.0.1:7878/store", dry_run=True)
        print(report.text())
    """
    from cklod.publish import publish, resolve
    from cklod.rdf.iris import DEFAULT_BASE
    from cklod.sparql.store import built_base

    base = built_base(Path(output)) or DEFAULT_BASE
    return publish(Path(output), resolve(store, query, update), base=base, dry_run=dry_run)


def draft_mapping(project: str | Path, document_id: str) -> str:
    """A drafted mapping of a document already in ``project/corpus/``, as YAML text: every item marked
    ``review: proposed`` with the rule that proposed it, and the registry entries it would add as comments at
    the end. Nothing is written. Raises ``cklod.BadInput``.

    Example::

        text = cklod.draft_mapping(".", "004_ebc1b76246187781")
        print(text.count("review: proposed"), "proposals")
    """
    from cklod.draft.addition import redraft

    return redraft(Path(project), document_id)


def add_document(
    project: str | Path,
    text_file: str | Path,
    *,
    document_id: str | None = None,
    published: str | None = None,
    publisher: str | None = None,
    url: str | None = None,
    title: str | None = None,
) -> Addition:
    """Add ``text_file`` to the corpus of ``project`` byte for byte, with a drafted sidecar and mapping and the
    registry entries the draft proposes (all marked ``review: proposed``), as ``cklod add`` does; what was
    written is returned. Nothing is written when it raises ``cklod.BadInput`` (text not UTF-8, no publication
    date, a document that exists already …).

    Example::

        added = cklod.add_document(".", "article.txt", published="2024-07-20", publisher="Xinhua")
        print(added.doc_id, added.facts, sorted(added.candidates))
    """
    from cklod.draft.addition import plan_addition

    addition = plan_addition(
        Path(project),
        Path(text_file),
        doc_id=document_id,
        published=published,
        publisher=publisher,
        url=url,
        title=title,
    )
    addition.write()
    return addition
