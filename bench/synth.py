"""A seeded synthetic cklod project: corpus, sidecars, mappings and registry shaped like the real ones.

    python bench/synth.py OUT --docs 1000 [--seed 1] [--facts 9]

Each document is a news item around one event: a byline, paragraphs of sentences the generator writes, and a
mapping whose every fact quotes its own sentence (or a clause of it) exactly, so the build's quote location does
real work; `nth` is given where a quote happens to occur twice. Fact kinds follow the real corpus's mix;
entities are shared across documents with Zipf-like reuse (a few are everywhere, most appear once or twice).
ontology/ and shapes/ are copied from the real project. The same seed and size give byte-identical files.
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import accumulate
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
import names
from sentences import KIND_MIX, DocumentText

REAL_ROOT = Path(__file__).resolve().parents[1]
COUNTRIES = [
    ("china", "China", "Q148"),
    ("kazakhstan", "Kazakhstan", "Q232"),
    ("kyrgyzstan", "Kyrgyzstan", "Q813"),
    ("tajikistan", "Tajikistan", "Q863"),
    ("turkmenistan", "Turkmenistan", "Q874"),
    ("uzbekistan", "Uzbekistan", "Q265"),
    ("mongolia", "Mongolia", "Q711"),
    ("russia", "Russia", "Q159"),
]
MAKERS: dict[str, Callable[[random.Random], tuple[str, str]]] = {
    "person": lambda rng: ("Person", names.person(rng)),
    "organization": names.organization,
    "place": lambda rng: ("City", names.place(rng)),
    "event": names.event,
    "initiative": names.initiative,
    "publisher": lambda rng: ("MediaOrganization", names.publisher(rng)),
}
# Pool size per document of each kind: events are mostly new per document, people and places recur.
POOL_PER_DOC = {
    "person": 2.0,
    "organization": 0.8,
    "place": 0.25,
    "event": 0.9,
    "initiative": 0.2,
    "publisher": 0.01,
}
ZIPF_S = 1.05
REGISTRY_CHUNK = 1000


class Pool:
    """Entities of one kind, made on first use, drawn with Zipf-like weights (rank r has weight 1/r^s)."""

    def __init__(self, kind: str, size: int, seed: int, registry: Registry):
        self.kind, self.size, self.seed, self.registry = kind, size, seed, registry
        self.cum = list(accumulate(1.0 / (r + 1) ** ZIPF_S for r in range(size)))
        self.ids: dict[int, str] = {}

    def draw(self, rng: random.Random) -> str:
        index = rng.choices(range(self.size), cum_weights=self.cum)[0]
        if index not in self.ids:
            self.ids[index] = self.registry.make(
                self.kind, index, random.Random(f"{self.seed}-{self.kind}-{index}")
            )
        return self.ids[index]


@dataclass
class Registry:
    """The registry entries made so far, with unique names and slugs."""

    entries: dict[str, dict] = field(default_factory=dict)
    taken: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        for slug, name, q in COUNTRIES:
            self.add(
                {
                    "id": slug,
                    "type": "Country",
                    "name": name,
                    "external": {"sameAs": [f"http://www.wikidata.org/entity/{q}"]},
                }
            )

    def add(self, entry: dict) -> str:
        self.entries[entry["id"]] = entry
        self.taken.add(entry["name"].lower())
        return entry["id"]

    def make(self, kind: str, index: int, rng: random.Random) -> str:
        etype, name = MAKERS[kind](rng)
        while name.lower() in self.taken or names.slugify(name) in self.entries:
            etype, name = MAKERS[kind](rng)
        entry: dict = {"id": names.slugify(name), "type": etype, "name": name}
        if kind == "person" and rng.random() < 0.1:
            entry["alt"] = [name.upper()]  # as a byline prints it; no other entity shares it, ignoring case
        if kind == "person" and index % 40 == 39 and self.entries:
            entry["note"] = "Synthetic: declared distinct from a namesake."
            entry["distinct_from"] = [next(reversed(self.entries))]
        return self.add(entry)

    def event_day(self, event_id: str) -> date:
        """The day event ``event_id`` took place: in the year its name gives, the same in every document."""
        year = int(self.entries[event_id]["name"].rsplit(" ", 1)[1])
        return date(year, 1, 1) + timedelta(days=random.Random(f"day-{event_id}").randrange(365))

    def name(self, entity_id: str) -> str:
        return self.entries[entity_id]["name"]

    def countries(self) -> list[str]:
        return [slug for slug, _, _ in COUNTRIES]


def make_pools(docs: int, seed: int, registry: Registry) -> dict[str, Pool]:
    return {
        kind: Pool(kind, max(5, round(per * docs) + 5), seed, registry) for kind, per in POOL_PER_DOC.items()
    }


def _dump(data: object) -> str:
    return yaml.dump(data, Dumper=yaml.CSafeDumper, sort_keys=False, allow_unicode=True, width=1_000_000)


def document(
    i: int, seed: int, mean_facts: float, pools: dict[str, Pool], registry: Registry
) -> dict[str, str]:
    """The three files of document ``i`` (text, sidecar, mapping) as strings, keyed by kind."""
    rng = random.Random(f"{seed}-doc-{i}")
    doc_id = f"{i:05d}_{rng.getrandbits(64):016x}"
    text = DocumentText(rng, pools, registry)
    published = text.published
    kinds = rng.choices(
        list(KIND_MIX), weights=list(KIND_MIX.values()), k=max(2, round(rng.gauss(mean_facts, 2)) - 1)
    )
    text.main_event()
    for kind in kinds:
        text.fact(kind)
    for _ in range(rng.choice((0, 1, 1, 2))):
        text.mention()
    author, publisher = pools["person"].draw(rng), pools["publisher"].draw(rng)
    body, meta_quotes, facts, mentions = text.render(author, publisher)
    meta = {
        "id": doc_id,
        "title": text.title,
        "title_quote": meta_quotes["title"],
        "type": "NewsArticle",
        "language": "en",
        "publisher": {"entity": publisher, "quote": meta_quotes["publisher"]},
        "authors": [{"entity": author, "quote": meta_quotes["author"]}],
        "date_published": published.isoformat(),
        "date_quote": published.isoformat(),
        "date_inferred": None,
        "boilerplate": [
            {"lines": "1", "kind": "navigation"},
            {"lines": "2", "kind": "title"},
            {"lines": "4", "kind": "byline"},
            {"lines": str(body.count("\n")), "kind": "footer"},
        ],
    }
    mapping = {
        "document": doc_id,
        "mentions": mentions,
        "ignore": [{"text": "Copyright", "reason": "footer boilerplate"}],
        "facts": facts,
    }
    return {"id": doc_id, "txt": body, "meta": _dump(meta), "mapping": _dump(mapping)}


def generate(out: Path, docs: int, seed: int = 1, facts: float = 5.0, real: Path = REAL_ROOT) -> Path:
    """Write a complete synthetic project of ``docs`` documents to ``out`` (replaced if it exists)."""
    if out.exists():
        shutil.rmtree(out)
    for sub in ("corpus", "mappings/registry"):
        (out / sub).mkdir(parents=True)
    for sub in ("ontology", "shapes", "queries"):
        if (real / sub).exists():
            shutil.copytree(real / sub, out / sub)
    (out / "shapes").mkdir(exist_ok=True)
    registry = Registry()
    pools = make_pools(docs, seed, registry)
    for i in range(docs):
        files = document(i, seed, facts, pools, registry)
        (out / "corpus" / f"{files['id']}.txt").write_text(files["txt"], encoding="utf-8")
        (out / "corpus" / f"{files['id']}.meta.yaml").write_text(files["meta"], encoding="utf-8")
        (out / "mappings" / f"{files['id']}.yaml").write_text(files["mapping"], encoding="utf-8")
    entries = sorted(registry.entries.values(), key=lambda e: e["id"])
    for n in range(0, len(entries), REGISTRY_CHUNK):
        chunk = _dump(entries[n : n + REGISTRY_CHUNK])
        (out / "mappings" / "registry" / f"entities-{n // REGISTRY_CHUNK:03d}.yaml").write_text(
            chunk, "utf-8"
        )
    return out


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--docs", type=int, default=100)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--facts",
        type=float,
        default=5.0,
        help="mean facts per document (real corpus: ~66; 5 gives ~330 quads a document)",
    )
    args = parser.parse_args(argv)
    generate(args.out, args.docs, args.seed, args.facts)
    print(f"wrote {args.docs} documents to {args.out}")


if __name__ == "__main__":
    main()
