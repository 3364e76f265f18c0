"""The draft benchmark: `python bench/draft.py` writes bench/results/draft.{md,json}.

Each corpus document is drafted with a registry that lacks the entities only that document introduces (ids
referenced by no other document's mapping or sidecar), and the draft is scored against the committed hand
mapping, kind by kind. The two made-up articles of tests/fixtures/draft/ are scored the same way against the
few facts mapped by hand for them; tests/fixtures/draft/heldout/ holds one written after the rules, whose misses
no rule was changed for (the check on a text the rules were not written from).

Matching rules (a draft fact matches at most one hand fact; facts without a quote, `external: true`, are not
scored — the text cannot give them):
- entities: the set of entity ids a mapping refers to (facts and mentions). A proposed registry candidate
  counts as the hand's entity when one of its names equals one of the removed entry's names (or alts) after
  normalization (accents, transliteration variants, case), or their token-sorted similarity is at least 85%
  (the candidate's name first; its alts only when the name matches no removed entry).
- role: same holder, quotes overlap, and the same organization when the hand gives one.
- event: same event, quotes overlap, and the same date (`date`, or `start` and `end`) when the hand gives one.
- participation: same event, participant and part (`as`).
- statistic: same quantity (value times the scale word a unit starts with: 41 "billion US dollars" is
  41000000000 "USD"), quotes overlap.
- quotation, speech: same speaker, quotes overlap.
- initiative: same initiative, quotes overlap.
- relation: same subject, predicate and object.
Time is the draft of one document with the spaCy pipeline already loaded (its one-time load is reported apart).
"""

from __future__ import annotations

import json
import sys
import time
from decimal import Decimal
from pathlib import Path

import yaml
from rapidfuzz import fuzz

from cklod.draft import draft_document
from cklod.draft.names import key
from cklod.draft.text import pipeline
from cklod.errors import Collector
from cklod.load.evidence import locate
from cklod.load.registry import Registry, load_registry

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "draft"
KINDS = ("role", "event", "participation", "statistic", "quotation", "speech", "initiative", "relation")
ENTITY_FIELDS = (
    "holder",
    "organization",
    "country",
    "event",
    "participant",
    "speaker",
    "initiative",
    "subject",
    "object",
    "location",
    "organizers",
    "outcomes",
    "about",
    "part_of",
    "proposed_by",
    "launched_by",
    "signed_by",
    "adopted_by",
    "aligned_with",
)
TARGETS = {  # kind: (recall, precision), from issue 14
    "entities": (0.90, 0.90),
    "role": (0.85, 0.90),
    "quotation": (0.85, 0.90),
    "statistic": (0.80, 0.85),
    "event": (0.70, 0.85),
    "speech": (0.70, 0.85),
}
SECONDS_PER_DOCUMENT = 2.0


def referenced(mapping: dict) -> set[str]:
    ids: set[str] = set()
    for fact in mapping.get("facts") or []:
        if fact.get("external"):
            continue
        for field in ENTITY_FIELDS:
            v = fact.get(field)
            for x in v if isinstance(v, list) else [v]:
                if isinstance(x, str):
                    ids.add(x)
    ids |= {m["entity"] for m in mapping.get("mentions") or []}
    return ids


def sidecar_ids(meta: dict) -> set[str]:
    refs = [meta.get("publisher")] + (meta.get("authors") or []) + (meta.get("editors") or [])
    return {r["entity"] for r in refs if r}


def spans(text: str, facts: list[dict]) -> list[tuple[dict, tuple[int, int]]]:
    out = []
    for f in facts:
        if f.get("external") or not f.get("quote"):
            continue
        span = locate(text, f["quote"], within=f.get("within"), nth=f.get("nth"))
        out.append((f, (span.start, span.end)))
    return out


SCALES = {"thousand": 10**3, "million": 10**6, "billion": 10**9, "trillion": 10**12}


def quantity(f: dict) -> Decimal:
    first = str(f.get("unit", "")).split(" ")[0].lower()
    return Decimal(str(f["value"])) * SCALES.get(first, 1)


def _dates(f: dict) -> tuple:
    return tuple(str(f.get(k)) if f.get(k) is not None else None for k in ("date", "start", "end"))


def same(kind: str, h: dict, d: dict, hs: tuple[int, int], ds: tuple[int, int], ids: dict[str, str]) -> bool:
    def e(v):
        if isinstance(v, list):
            return sorted(e(x) for x in v)
        return ids.get(v, v) if isinstance(v, str) else json.dumps(v, sort_keys=True, default=str)

    overlap = hs[0] < ds[1] and ds[0] < hs[1]
    if kind == "role":
        return (
            e(d["holder"]) == h["holder"]
            and overlap
            and ("organization" not in h or e(d.get("organization")) == h["organization"])
        )
    if kind == "event":
        return (
            e(d["event"]) == h["event"] and overlap and (_dates(h) == (None,) * 3 or _dates(h) == _dates(d))
        )
    if kind == "participation":
        return (e(d["event"]), e(d["participant"]), d["as"]) == (h["event"], h["participant"], h["as"])
    if kind == "statistic":
        return quantity(d) == quantity(h) and overlap
    if kind in ("quotation", "speech"):
        return e(d["speaker"]) == h["speaker"] and overlap
    if kind == "initiative":
        return e(d["initiative"]) == h["initiative"] and overlap
    if kind == "relation":
        return (e(d["subject"]), d["predicate"], e(d["object"])) == (
            h["subject"],
            h["predicate"],
            e(h["object"]),
        )
    raise ValueError(kind)


def candidate_ids(candidates: dict[str, list[dict]], removed: dict[str, list[str]]) -> dict[str, str]:
    """Draft candidate id -> the removed registry id it stands for (by name)."""
    out = {}
    for entries in candidates.values():
        for c in entries:
            for names in (
                [c["name"]],
                c.get("alt", []),
            ):  # by its name; by an alt only if the name matches none
                best, score = None, 0.0
                for rid, rnames in sorted(removed.items()):
                    for a in names:
                        for b in rnames:
                            s = 100.0 if key(a) == key(b) else fuzz.token_sort_ratio(key(a), key(b))
                            if s > score:
                                best, score = rid, s
                if best is not None and score >= 85:
                    out[c["id"]] = best
                    break
    return out


def score(text: str, hand: dict, draft: dict, ids: dict[str, str]) -> dict[str, dict[str, int]]:
    h_ids = referenced(hand)
    d_ids = {ids.get(i, i) for i in referenced(draft)}
    result = {
        "entities": {
            "hand": len(h_ids),
            "draft": len(d_ids),
            "found": len(h_ids & d_ids),
            "right": len(h_ids & d_ids),
        }
    }
    h_facts, d_facts = spans(text, hand.get("facts") or []), spans(text, draft.get("facts") or [])
    for kind in KINDS:
        hk = [(f, s) for f, s in h_facts if f["kind"] == kind]
        dk = [(f, s) for f, s in d_facts if f["kind"] == kind]
        used: set[int] = set()
        found = 0
        for h, hs in hk:
            for n, (d, ds) in enumerate(dk):
                if n not in used and same(kind, h, d, hs, ds, ids):
                    used.add(n)
                    found += 1
                    break
        result[kind] = {"hand": len(hk), "draft": len(dk), "found": found, "right": len(used)}
    return result


def run_document(
    text: str,
    doc_id: str,
    published: str | None,
    registry: Registry,
    hand: dict,
    removed: dict[str, list[str]],
) -> tuple[dict, float]:
    start = time.perf_counter()
    result = draft_document(text, doc_id, published, registry)
    seconds = time.perf_counter() - start
    draft = yaml.safe_load(result.mapping_yaml)
    ids = candidate_ids(result.registry_candidates, removed)
    return score(text, hand, draft, ids), seconds


def total(rows: list[dict]) -> dict[str, dict[str, float]]:
    out = {}
    for kind in ("entities", *KINDS):
        hand = sum(r[kind]["hand"] for r in rows)
        draft = sum(r[kind]["draft"] for r in rows)
        found = sum(r[kind]["found"] for r in rows)
        right = sum(r[kind]["right"] for r in rows)
        out[kind] = {
            "hand": hand,
            "draft": draft,
            "recall": found / hand if hand else None,
            "precision": right / draft if draft else None,
        }
    return out


def corpus_run(registry: Registry) -> tuple[dict, dict]:
    docs = sorted(p.stem for p in (ROOT / "corpus").glob("*.txt"))
    hands = {d: yaml.safe_load((ROOT / "mappings" / f"{d}.yaml").read_text()) for d in docs}
    metas = {d: yaml.safe_load((ROOT / "corpus" / f"{d}.meta.yaml").read_text()) for d in docs}
    refs = {d: referenced(hands[d]) | sidecar_ids(metas[d]) for d in docs}
    rows, times = {}, {}
    for d in docs:
        others = set().union(*(refs[o] for o in docs if o != d))
        only = refs[d] - others
        kept = {i: e for i, e in registry.entities.items() if i not in only}
        removed = {i: list(registry.entities[i].names) for i in sorted(only) if i in registry.entities}
        text = (ROOT / "corpus" / f"{d}.txt").read_text(encoding="utf-8")
        rows[d], times[d] = run_document(
            text, d, str(metas[d]["date_published"]), Registry(kept), hands[d], removed
        )
        rows[d]["removed_entities"] = len(removed)
    return rows, times


def unseen_run(registry: Registry, folder: Path) -> tuple[dict, dict]:
    rows, times = {}, {}
    extra = yaml.safe_load((folder / "registry.yaml").read_text())
    removed = {e["id"]: [e["name"], *e.get("alt", [])] for e in extra}
    for txt in sorted(folder.glob("*.txt")):
        hand = yaml.safe_load(txt.with_suffix(".yaml").read_text())
        text = txt.read_text(encoding="utf-8")
        rows[txt.stem], times[txt.stem] = run_document(
            text, txt.stem, str(hand.pop("published")), registry, hand, removed
        )
    return rows, times


def pct(v: float | None) -> str:
    return "–" if v is None else f"{100 * v:.0f}%"


def table(totals: dict, targets: bool) -> list[str]:
    head = "| kind | hand facts | draft facts | recall | precision |" + (
        " target (R / P) | met |" if targets else ""
    )
    lines = [head, "|---" * (7 if targets else 5) + "|"]
    for kind, t in totals.items():
        row = f"| {kind} | {t['hand']} | {t['draft']} | {pct(t['recall'])} | {pct(t['precision'])} |"
        if targets:
            goal = TARGETS.get(kind)
            if goal:
                met = (t["recall"] or 0) >= goal[0] and (t["precision"] or 0) >= goal[1]
                row += f" {goal[0]:.0%} / {goal[1]:.0%} | {'yes' if met else 'no'} |"
            else:
                row += " – | – |"
        lines.append(row)
    return lines


def main() -> None:
    t0 = time.perf_counter()
    pipeline()
    load = time.perf_counter() - t0
    registry = load_registry(ROOT / "mappings" / "registry", ROOT, Collector())
    rows, times = corpus_run(registry)
    made_up, made_up_times = unseen_run(registry, FIXTURES)
    held, held_times = unseen_run(registry, FIXTURES / "heldout")
    totals = total(list(rows.values()))
    made_up_totals, held_totals = total(list(made_up.values())), total(list(held.values()))
    md = [
        "# The draft against the hand mappings",
        "",
        "`python bench/draft.py` (see its docstring for the matching rules). Each document is drafted with a "
        "registry lacking the entities only it introduces.",
        "",
        "## The five corpus documents",
        "",
    ]
    md += table(totals, True)
    md += [
        "",
        "| document | entities removed from the registry | draft time (s) | met < 2 s |",
        "|---|---|---|---|",
    ]
    for d in rows:
        md.append(
            f"| {d} | {rows[d]['removed_entities']} | {times[d]:.2f} | "
            f"{'yes' if times[d] < SECONDS_PER_DOCUMENT else 'no'} |"
        )
    md += [
        "",
        f"spaCy's blank pipeline loads once per process in {load:.2f} s (not counted above).",
        "",
        "## Two made-up articles (tests/fixtures/draft/), a few facts mapped by hand",
        "",
        "Written for this benchmark in the corpus's style. Their misses were looked at while the rules were "
        "written, so they are no longer unseen. Precision counts every drafted fact of a kind against the few "
        "mapped by hand, so it is a lower bound; recall is the figure to read.",
        "",
    ]
    md += table(made_up_totals, False)
    md += [
        "",
        "## Held out (tests/fixtures/draft/heldout/)",
        "",
        "Written and mapped by hand after the rules were written, then drafted. Rules changed after that came "
        "from the corpus documents; none was changed for a miss of this article.",
        "",
    ]
    md += table(held_totals, False)
    md += ["", "| article | draft time (s) |", "|---|---|"]
    md += [f"| {d} | {t:.2f} |" for d, t in {**made_up_times, **held_times}.items()]
    out = ROOT / "bench" / "results"
    (out / "draft.md").write_text("\n".join(md) + "\n", encoding="utf-8")
    (out / "draft.json").write_text(
        json.dumps(
            {
                "corpus": {"per_document": rows, "seconds": times, "totals": totals},
                "made_up": {"per_document": made_up, "seconds": made_up_times, "totals": made_up_totals},
                "held_out": {"per_document": held, "seconds": held_times, "totals": held_totals},
                "pipeline_load_seconds": load,
                "targets": TARGETS,
            },
            indent=2,
            sort_keys=True,
        )
        + "\n",
        encoding="utf-8",
    )
    print("\n".join(md))


if __name__ == "__main__":
    sys.exit(main())
