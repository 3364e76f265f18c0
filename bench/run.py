"""The scale benchmark: `python bench/run.py --sizes 10,100,1000,10000` writes bench/results/scale.{md,json}.

For each size it generates a synthetic project (bench/synth.py), then measures in child processes
(bench/tasks.py): the cold build by stage with peak memory, a no-change rebuild and a rebuild after editing
one mapping (build cache), dump sizes, query latencies on Oxigraph and on rdflib, and each fast path against
the baseline a user would otherwise pick, in the same run: plain pyshacl on the whole graph vs the split
validation (same result set required), owlrl's OWL-RL closure vs the targeted materialization, rdflib's
serializers vs ours. Baselines run under a time cap and are skipped at larger sizes once they exceed it.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from importlib import metadata
from pathlib import Path

import yaml

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))
import report  # noqa: E402
import synth  # noqa: E402

RDFLIB_MAX_QUADS = 400_000  # rdflib parses ~25k triples/s: past this its load alone passes a minute


def child(task: str, *args: object, timeout: float | None = None) -> dict | None:
    """Run one task of bench/tasks.py in a fresh interpreter; None when it passed ``timeout``."""
    cmd = [sys.executable, str(BENCH / "tasks.py"), task, *map(str, args)]
    try:
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        return None
    if done.returncode != 0:
        raise RuntimeError(f"{task} {args} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def machine() -> dict:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    mem = next(
        int(line.split()[1])
        for line in Path("/proc/meminfo").read_text().splitlines()
        if line.startswith("MemTotal")
    )
    libs = {
        name: metadata.version(name)
        for name in ("rdflib", "pyoxigraph", "pyshacl", "owlrl", "pydantic", "PyYAML", "click")
    }
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gib": round(mem / 2**20, 1),
        "python": platform.python_version(),
        "libraries": libs,
        "load_average": os.getloadavg(),
    }


def edit_one_mapping(root: Path) -> str:
    """Add a note to the first fact of the first mapping: one document's graph changes."""
    path = sorted((root / "mappings").glob("*.yaml"))[0]
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["facts"][0]["note"] = f"edited at {time.time()}"
    path.write_text(
        yaml.dump(data, Dumper=yaml.CSafeDumper, sort_keys=False, allow_unicode=True, width=10**6),
        encoding="utf-8",
    )
    return path.name


def capped(task: str, root: Path, cap: float, skip: set[str], *args: object) -> dict:
    if task in skip:
        return {"skipped": f"exceeded the {cap:.0f} s cap at a smaller size"}
    result = child(task, root, *args, timeout=cap)
    if result is None:
        skip.add(task)
        return {"skipped": f"did not finish within the {cap:.0f} s cap"}
    return result


def measure(
    size: int, work: Path, seed: int, cap: float, skip: set[str], full: bool, queries: bool = True
) -> dict:
    root = work / f"n{size}"
    synth.generate(root, size, seed)
    out = root / "output"
    row: dict = {"documents": size}
    row["build"] = child("build", root, out, "cache")  # cold: the cache starts empty
    row["dumps"] = {p.name: p.stat().st_size for p in sorted(out.glob("*")) if p.is_file()}
    row["quads"] = row["build"]["asserted"] + row["build"]["inferred"]
    if queries:
        row["queries_oxigraph"] = child("queries", root, "oxigraph")
    else:  # the query benchmark loads the whole dump into an in-memory store
        row["queries_oxigraph"] = {"skipped": "not measured at this size (--queries-up-to)"}
    if not full:
        return row
    row["rebuild_unchanged"] = child("build", root, out, "cache")
    row["edited"] = edit_one_mapping(root)
    row["rebuild_one_edit"] = child("build", root, out, "cache")
    if row["quads"] <= RDFLIB_MAX_QUADS:
        row["queries_rdflib"] = capped("queries", root, cap, skip, "rdflib")
    else:
        row["queries_rdflib"] = {"skipped": f"over {RDFLIB_MAX_QUADS:,} quads (rdflib's load alone > 1 min)"}
    row["validate_split"] = child("validate-split", root)
    row["validate_pyshacl"] = capped("validate-pyshacl", root, cap, skip)
    row["reason_ours"] = child("reason-ours", root)
    row["reason_owlrl"] = capped("reason-owlrl", root, cap, skip)
    row["serialize_ours"] = child("serialize", root, "ours")
    row["serialize_rdflib"] = capped("serialize", root, cap, skip, "rdflib")
    return row


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10,100,1000,10000")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--cap", type=float, default=240.0, help="seconds a baseline may take at one size")
    parser.add_argument(
        "--full-up-to",
        type=int,
        default=1000,
        help="larger sizes measure only the cold build, dump sizes and Oxigraph queries",
    )
    parser.add_argument(
        "--queries-up-to",
        type=int,
        default=None,
        metavar="DOCUMENTS",
        help="larger sizes skip the Oxigraph queries (their store holds the whole dump in memory)",
    )
    parser.add_argument("--work", type=Path, default=BENCH / ".work")
    parser.add_argument("--results", type=Path, default=BENCH / "results")
    parser.add_argument(
        "--update", action="store_true", help="re-measure these sizes in the existing results"
    )
    parser.add_argument(
        "--validation-baseline",
        type=int,
        metavar="DOCUMENTS",
        help="only re-measure our validation and plain pyshacl's (under --cap) at this size, measured before",
    )
    args = parser.parse_args(argv)
    if args.validation_baseline:
        validation_baseline(args.validation_baseline, args.work, args.results, args.cap, argv)
        return
    command = "python bench/run.py " + " ".join(sys.argv[1:] if argv is None else argv)
    doc = {
        "command": command,
        "machine": machine(),
        "cap_seconds": args.cap,
        "full_up_to": args.full_up_to,
        "sizes": [],
    }
    if args.update:
        doc = json.loads((args.results / "scale.json").read_text())
        doc.setdefault("reruns", []).append({"command": command, "sizes": args.sizes, "machine": machine()})
    skip: set[str] = set()
    args.results.mkdir(parents=True, exist_ok=True)
    for size in (int(s) for s in args.sizes.split(",")):
        started = time.perf_counter()
        queries = args.queries_up_to is None or size <= args.queries_up_to
        row = measure(size, args.work, args.seed, args.cap, skip, size <= args.full_up_to, queries)
        row["bench_seconds"] = time.perf_counter() - started
        doc["sizes"] = sorted(
            [r for r in doc["sizes"] if r["documents"] != size] + [row], key=lambda r: r["documents"]
        )
        (args.results / "scale.json").write_text(json.dumps(doc, indent=1, default=str) + "\n")
        (args.results / "scale.md").write_text(report.markdown(doc))
        print(f"size {size}: done in {time.perf_counter() - started:.0f} s", file=sys.stderr, flush=True)


def validation_baseline(size: int, work: Path, results: Path, cap: float, argv: list[str] | None) -> None:
    """Our validation and plain pyshacl's on the project of an earlier run at ``size``, pyshacl under ``cap``
    even where it passed a smaller cap at a smaller size: a ratio, or a lower bound measured at this size."""
    command = "python bench/run.py " + " ".join(sys.argv[1:] if argv is None else argv)
    doc = json.loads((results / "scale.json").read_text())
    row = next(r for r in doc["sizes"] if r["documents"] == size)
    root = work / f"n{size}"
    row["validate_split"] = child("validate-split", root)
    row["validate_pyshacl"] = capped("validate-pyshacl", root, cap, set())
    row["validate_pyshacl_cap"] = cap
    doc.setdefault("reruns", []).append({"command": command, "sizes": str(size), "machine": machine()})
    (results / "scale.json").write_text(json.dumps(doc, indent=1, default=str) + "\n")
    (results / "scale.md").write_text(report.markdown(doc))


if __name__ == "__main__":
    main()
