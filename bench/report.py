"""bench/results/scale.md from the measurements of bench/run.py (scale.json holds every number)."""

from __future__ import annotations


def _s(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}" if value < 10 else f"{value:.0f}"


def _secs(result: dict | None) -> str:
    if not result:
        return "—"
    return result["skipped"] if "skipped" in result else _s(result["seconds"])


def _ratio(baseline: dict | None, ours: dict | None, cap: float | None = None) -> str:
    if not baseline or not ours:
        return "—"
    if "skipped" in baseline:
        # The baseline did not finish within the cap (here or at a smaller size): a lower bound.
        return "n/a" if cap is None else f"> {cap / max(ours['seconds'], 1e-9):.0f}× (lower bound)"
    return f"{baseline['seconds'] / max(ours['seconds'], 1e-9):.1f}×"


def _rebuild(row: dict, key: str) -> str:
    if key not in row:
        return "not measured"
    stages = row[key]["stages"]
    return (
        f"{_s(row[key]['seconds'])} (validate {_s(stages.get('validate'))}, write {_s(stages.get('write'))}"
        f", rules {_s(stages.get('rules'))})"
    )


def _target_rows(sizes: list[dict], cap: float) -> list[str]:
    by = {r["documents"]: r for r in sizes}
    rows = ["| target | measured | met |", "|---|---|---|"]

    def add(target: str, value: float | None, limit: float, unit: str = "s") -> None:
        shown = "not measured" if value is None else f"{value:,.1f} {unit}"
        rows.append(f"| {target} | {shown} | {'—' if value is None else 'yes' if value < limit else 'no'} |")

    add("build of 1,000 documents < 30 s", by.get(1000, {}).get("build", {}).get("seconds"), 30)
    add("build of 10,000 documents < 300 s", by.get(10000, {}).get("build", {}).get("seconds"), 300)
    for size in (10000, 30000):
        build = by.get(size, {}).get("build", {})
        peak = build.get("peak_mib")
        total = None if peak is None else (peak + build.get("workers_peak_mib", 0)) / 1024
        add(f"peak memory of the build of {size:,} documents < 4 GiB (process + workers)", total, 4, "GiB")
    ten, thirty = (by.get(n, {}).get("build", {}).get("seconds") for n in (10000, 30000))
    ratio = None if ten is None or thirty is None else thirty / ten
    add(
        "build of 30,000 documents ≤ 3.6× that of 10,000 (time grows no worse than linearly)",
        ratio,
        3.6001,
        "×",
    )
    ten, thirty = (by.get(n, {}).get("build", {}).get("cpu_seconds") for n in (10000, 30000))
    if ten is not None and thirty is not None:  # others' load on a shared machine does not inflate CPU time
        add("the same in CPU time (user + system, process and workers)", thirty / ten, 3.6001, "×")
    add(
        "rebuild of 1,000 documents after editing one mapping < 3 s",
        by.get(1000, {}).get("rebuild_one_edit", {}).get("seconds"),
        3,
    )
    million = min(
        (r for r in sizes if "validate_split" in r), key=lambda r: abs(r["quads"] - 1_000_000), default=None
    )
    if million is not None:
        ours, base = million["validate_split"], million["validate_pyshacl"]
        if "skipped" in base:
            limit = million.get("validate_pyshacl_cap", cap)
            shown = f"pyshacl {base['skipped']}: > {limit / ours['seconds']:.0f}× (lower bound)"
            met = "yes" if limit / ours["seconds"] >= 10 else "not shown"
        else:
            ratio = base["seconds"] / ours["seconds"]
            shown, met = f"{ratio:.0f}×", "yes" if ratio >= 10 else "no"
        rows.append(
            # the size measured nearest a million triples, named by what it was, not by the target
            f"| validation ≥ 10× plain pyshacl on the whole graph, at {million['quads']:,} quads "
            f"({million['documents']:,} documents; the size nearest 1,000,000) | {shown} | {met} |"
        )
    return rows


def _build_rows(sizes: list[dict]) -> list[str]:
    rows = [
        "| documents | quads | cold build s | load | map | reason | validate | write | rules | peak RSS MiB (main"
        " + workers) | rebuild, nothing changed s | rebuild after editing one mapping s |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in sizes:
        b, st = r["build"], r["build"]["stages"]
        rows.append(
            f"| {r['documents']:,} | {r['quads']:,} | {_s(b['seconds'])} | "
            + " | ".join(_s(st.get(k)) for k in ("load", "map", "reason", "validate", "write", "rules"))
            + f" | {b['peak_mib']:.0f} + {b['workers_peak_mib']:.0f} | {_rebuild(r, 'rebuild_unchanged')}"
            f" | {_rebuild(r, 'rebuild_one_edit')} |"
        )
    return rows


def _baseline_rows(sizes: list[dict], cap: float) -> list[str]:
    rows = [
        f"| documents | what | ours s | baseline s (cap {cap:.0f} s) | baseline / ours | same result |",
        "|---|---|---|---|---|---|",
    ]
    for r in sizes:
        if "validate_split" not in r:
            continue
        for what, ours, base in (
            ("validation: split vs plain pyshacl on the whole graph", "validate_split", "validate_pyshacl"),
            ("reasoning: targeted rules vs owlrl OWL-RL closure", "reason_ours", "reason_owlrl"),
            ("writing N-Triples + Turtle + JSON-LD: ours vs rdflib", "serialize_ours", "serialize_rdflib"),
        ):
            o, b = r[ours], r[base]
            same = "—"
            if "results" in o and b and "results" in b:
                same = f"yes ({len(o['results'])} results)" if o["results"] == b["results"] else "**NO**"
            elif "inferred" in o and b and "inferred" in b:
                same = f"{o['inferred']:,} vs {b['inferred']:,} triples added"
            limit = r.get("validate_pyshacl_cap", cap) if base == "validate_pyshacl" else cap
            rows.append(
                f"| {r['documents']:,} | {what} | {_secs(o)} | {_secs(b)} | {_ratio(b, o, limit)} | {same} |"
            )
    return rows


def _query_rows(sizes: list[dict]) -> list[str]:
    rows = ["| documents | query | Oxigraph ms | rdflib ms | rdflib / Oxigraph |", "|---|---|---|---|---|"]
    for r in sizes:
        ox, rl = r["queries_oxigraph"], r.get("queries_rdflib") or {"skipped": "not measured"}
        if "skipped" in ox:
            rows.append(f"| {r['documents']:,} | (load the dump) | {ox['skipped']} | | |")
            continue
        rows.append(
            f"| {r['documents']:,} | (load the dump) | {ox['seconds'] * 1000:.0f} | "
            + (rl["skipped"] if "skipped" in rl else f"{rl['seconds'] * 1000:.0f}")
            + " | |"
        )
        for name, q in ox["queries"].items():
            other = rl.get("queries", {}).get(name)
            ratio = f"{other['median_ms'] / max(q['median_ms'], 1e-6):.0f}×" if other else "—"
            theirs = "—" if not other else f"{other['median_ms']:.1f}"
            rows.append(f"| | {name} ({q['rows']} rows) | {q['median_ms']:.1f} | {theirs} | {ratio} |")
    return rows


def _dump_rows(sizes: list[dict]) -> list[str]:
    names = sorted({n for r in sizes for n in r["dumps"]})
    rows = ["| documents | " + " | ".join(names) + " |", "|---|" + "---|" * len(names)]
    for r in sizes:
        rows.append(
            f"| {r['documents']:,} | "
            + " | ".join(f"{r['dumps'].get(n, 0) / 2**20:.1f} MiB" for n in names)
            + " |"
        )
    return rows


def markdown(doc: dict) -> str:
    m = doc["machine"]
    libs = ", ".join(f"{k} {v}" for k, v in m["libraries"].items())
    lines = [
        "# Scale benchmark",
        "",
        f"Made by `{doc['command']}` on {m['cpu']}, {m['cores']} cores, {m['memory_gib']} GiB, Python "
        f"{m['python']} ({libs}); load average at the start {', '.join(f'{x:.1f}' for x in m['load_average'])} "
        "(the machine is shared: absolute times are noisy, ratios are measured in the same run).",
        *[
            f"\nRe-measured sizes {r['sizes']} with `{r['command']}` (load average at the start "
            f"{', '.join(f'{x:.1f}' for x in r['machine']['load_average'])})."
            for r in doc.get("reruns", [])
        ],
        "",
        "Synthetic corpora from `bench/synth.py` (seed 1, ~5 facts and ~330 quads a document; the five real "
        "documents average ~66 facts and ~2,700 quads, so N synthetic documents weigh about N/8 real ones). "
        "Every figure is measured in a fresh child process; peak RSS is the build process's own plus the "
        "largest of its validation workers.",
        "",
        "## Targets",
        "",
        *_target_rows(doc["sizes"], doc["cap_seconds"]),
        "",
        "## Build",
        "",
        f"Sizes above {doc.get('full_up_to', 0):,} documents measure only the cold build, the dump sizes and the "
        "Oxigraph queries. The SPARQL rules run on a thread of their own while the dumps are written: `rules` "
        "is only the time they took beyond the write stage. Rows with no `reason` were measured since map and "
        "reason run together, one document at a time (their time is under `map`), the union dumps are merged "
        "from sorted runs on disk and the rules run on an Oxigraph store on disk (docs/build.md).",
        "",
        *_build_rows(doc["sizes"]),
        "",
        "## Against the baselines",
        "",
        *_baseline_rows(doc["sizes"], doc["cap_seconds"]),
        "",
        "The validation comparison above runs on the generated (conforming) corpora; tests/test_scale.py "
        "checks the same equality on a corpus with injected violations of several kinds.",
        "",
        "## Queries (median of 5, warm)",
        "",
        *_query_rows(doc["sizes"]),
        "",
        "## Dump sizes",
        "",
        *_dump_rows(doc["sizes"]),
        "",
        *(["## Notes", "", *[f"- {note}" for note in doc["notes"]], ""] if doc.get("notes") else []),
    ]
    return "\n".join(lines)
