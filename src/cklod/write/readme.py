"""The dataset's own README: what output/ holds, for a person who downloaded it without the project."""

from __future__ import annotations

from cklod.rdf import media
from cklod.rdf.iris import IriPolicy
from cklod.write.describe import Counts, FileInfo

EXAMPLE_QUERY = """PREFIX schema: <http://schema.org/>
PREFIX cklod: <https://w3id.org/cklod/ontology#>
PREFIX oa: <http://www.w3.org/ns/oa#>
# Every post a person held, and the sentence that says so
SELECT ?person ?title ?sentence WHERE {
  ?role a cklod:Role ; cklod:holder/schema:name ?person ; schema:roleName ?title ;
        cklod:evidence/oa:hasTarget/oa:hasSelector/oa:exact ?sentence .
} ORDER BY ?person"""


def readme(
    iris: IriPolicy, counts: Counts, documents: dict[str, tuple[str, str]], files: dict[str, FileInfo]
) -> bytes:
    """Markdown describing the dumps (sizes and SHA-256), the graphs, the IRIs and how to query them.

    ``documents`` maps each document id to (headline, publication date).
    """
    lines = [
        "# cklod: China–Kazakhstan Linked Open Data",
        "",
        "A knowledge graph of China–Kazakhstan and China–Central Asia relations built from news and policy",
        "documents. Every fact (a post held, a part played in an event, a figure, a quotation, a statement about",
        "an event or initiative) links to the exact sentence of the document that states it, as a W3C Web",
        "Annotation with a TextQuoteSelector and a TextPositionSelector (offsets in Unicode code points).",
        "",
        f"- triples (union of all graphs): {counts.triples:,}",
        f"- resources with their own IRI (entities, facts, evidence): {counts.entities:,}; classes: {counts.classes}; "
        f"properties: {counts.properties}",
        f"- documents: {len(documents)}",
        "- licence: CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/)",
        "",
        "## Files",
        "",
        "| file | media type | bytes | SHA-256 |",
        "|---|---|---|---|",
    ]
    for name, info in sorted(files.items()):
        lines.append(f"| `{name}` | {media.of_file(name, 'text/plain')} | {info.size:,} | `{info.sha256}` |")
    lines += [
        "| `void.ttl` | text/turtle | — | describes the files above (VoID + DCAT) |",
        "",
        "## Graphs",
        "",
        f"`cklod.nq` holds one named graph per document, `{iris.graph('<document id>')}`, the entity registry",
        f"(names, spellings, types) in `{iris.registry_graph}`, and the ontology's SKOS concept schemes",
        f"(participation roles, comparators …: notations and labels) in `{iris.vocabulary_graph}`. The other",
        "dumps hold their union.",
        "",
        "| document | published | headline |",
        "|---|---|---|",
    ]
    for doc_id, (headline, published) in sorted(documents.items()):
        lines.append(f"| `{doc_id}` | {published} | {headline} |")
    lines += [
        "",
        "## IRIs",
        "",
        f"- entities: `{iris.base}id/{{person|organization|country|place|event|initiative|brand}}/{{slug}}`",
        f"- documents: `{iris.base}doc/{{id}}`",
        f"- facts: `{iris.base}id/{{role|participation|statistic|quotation|speech|statement}}/{{document}}-{{fact}}`",
        f"- evidence: `{iris.base}id/evidence/{{document}}-{{fact}}` (`#target`, `#quote`, `#position`)",
        "- ontology: `https://w3id.org/cklod/ontology#` (copy in `ontology/cklod.ttl`)",
        "",
        "The schema.org view is materialized: schema:Person, schema:Event (startDate, location, organizer,",
        "attendee), schema:OrganizationRole (person schema:memberOf role schema:memberOf organization, with",
        "schema:roleName), schema:NewsArticle and schema:Quotation need no reasoner.",
        "",
        "## Query it",
        "",
        "Load `cklod.nq` into any SPARQL store (with the union of named graphs as the default graph), or:",
        "",
        "```sparql",
        EXAMPLE_QUERY,
        "```",
        "",
    ]
    return "\n".join(lines).encode("utf-8")
