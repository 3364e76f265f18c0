"""Query speed: `cklod query` from a cold process, and every saved query against rdflib in the same run.

    python bench/bench_query.py [--runs 7] [--rdflib-limit 30]

On the bundled corpus (built once into bench/.work/, validation off: it is not what is measured):
  1. cold start — the wall time of `cklod query <saved query>` in a new process (console script and
     `python -m cklod`), median of --runs, against the 0.5 s target and against a bare `python -c pass` measured
     in the same run; also with --timeout 0 (no query thread) to show what the timeout thread costs;
  2. store opening in a cold process — the in-memory load of cklod.nq (what `cklod query` does) against opening
     an on-disk RocksDB store made from the same N-Quads, with one query each;
  3. every saved query in process — median latency on the embedded pyoxigraph store against rdflib's own
     SPARQL engine on an rdflib Dataset parsed from the same cklod.nq (default graph = union), as a ratio, and
     whether the two engines give the same rows. Each rdflib query runs in a forked child stopped after
     --rdflib-limit seconds.
Results: bench/results/query.md and query.json.
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import platform
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

import pyoxigraph as ox

ROOT = Path(__file__).resolve().parents[1]
WORK = ROOT / "bench" / ".work" / "query"
RESULTS = ROOT / "bench" / "results"
COLD_QUERIES = ("posts-held", "timeline", "spelling-variants")
TARGET_SECONDS = 0.5


def wall(commands: dict[str, list[str]], runs: int) -> dict[str, list[float]]:
    """Wall time of each command, ``runs`` times, round-robin so that a change in machine load hits all alike."""
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, cmd in commands.items():
            started = time.perf_counter()
            proc = subprocess.run(cmd, capture_output=True, cwd=ROOT)
            times[name].append(time.perf_counter() - started)
            if proc.returncode != 0:
                raise SystemExit(f"{' '.join(cmd)} failed: {proc.stderr.decode()[-300:]}")
    return times


def cold_start(output: Path, runs: int) -> dict:
    script = Path(sys.executable).parent / "cklod"
    commands = {"python -c pass (baseline)": [sys.executable, "-c", "pass"]}
    for name in COLD_QUERIES:
        args = ["query", name, "--out", str(output), "--project", str(ROOT)]
        if script.exists():
            commands[f"cklod query {name}"] = [str(script), *args]
        commands[f"python -m cklod query {name}"] = [sys.executable, "-m", "cklod", *args]
        commands[f"python -m cklod query {name} --timeout 0"] = [
            sys.executable,
            "-m",
            "cklod",
            *args,
            "--timeout",
            "0",
        ]
    return {k: {"median_s": statistics.median(v), "runs_s": v} for k, v in wall(commands, runs).items()}


OPEN_MEMORY = """import sys, time; t = time.perf_counter()
from pathlib import Path
from cklod.sparql.store import open_store
s = open_store(Path(sys.argv[1]))
list(s.query("SELECT (COUNT(*) AS ?n) WHERE { ?p a <http://schema.org/Person> }", use_default_graph_as_union=True))
print(time.perf_counter() - t)"""
OPEN_DISK = """import sys, time; t = time.perf_counter()
import pyoxigraph as ox
s = ox.Store.read_only(sys.argv[1])
list(s.query("SELECT (COUNT(*) AS ?n) WHERE { ?p a <http://schema.org/Person> }", use_default_graph_as_union=True))
print(time.perf_counter() - t)"""


def store_opening(output: Path, runs: int) -> dict:
    disk = WORK / "rocksdb"
    shutil.rmtree(disk, ignore_errors=True)
    store = ox.Store(str(disk))
    store.bulk_load(path=str(output / "cklod.nq"), format=ox.RdfFormat.N_QUADS)
    store.flush()
    del store
    kinds = {
        "in-memory load of cklod.nq (open_store)": (OPEN_MEMORY, output),
        "on-disk RocksDB store, read-only open": (OPEN_DISK, disk),
    }
    inner: dict[str, list[float]] = {k: [] for k in kinds}
    outer: dict[str, list[float]] = {k: [] for k in kinds}
    for _ in range(runs):
        for label, (code, arg) in kinds.items():
            started = time.perf_counter()
            proc = subprocess.run(
                [sys.executable, "-c", code, str(arg)], capture_output=True, text=True, check=True
            )
            outer[label].append(time.perf_counter() - started)
            inner[label].append(float(proc.stdout.strip()))
    return {
        k: {"open_and_query_s": statistics.median(inner[k]), "process_s": statistics.median(outer[k])}
        for k in kinds
    }


def _rows(result) -> list[tuple[str, ...]]:
    """An engine-neutral form of a SELECT/ASK/graph answer: sorted tuples of term strings."""
    if isinstance(result, bool):
        return [(str(result).lower(),)]
    return sorted(tuple("" if t is None else str(t) for t in row) for row in result)


def oxigraph_latency(store: ox.Store, text: str, budget: float = 1.0) -> tuple[float, int, list]:
    def once():
        r = store.query(text, use_default_graph_as_union=True)
        if isinstance(r, ox.QueryBoolean):
            return bool(r)
        if isinstance(r, ox.QuerySolutions):
            names = r.variables
            return [tuple(_lex(s[v]) for v in names) for s in r]
        return [(_lex(t.subject), _lex(t.predicate), _lex(t.object)) for t in r]

    return _repeat(once, budget)


def _lex(term) -> str | None:
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return term.value
    return term.value if isinstance(term, ox.Literal) else str(term)


def _repeat(fn, budget: float) -> tuple[float, int, list]:
    times, result, spent = [], None, 0.0
    while len(times) < 3 or (spent < budget and len(times) < 50):
        started = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - started)
        spent += times[-1]
    return statistics.median(times), len(times), result


def rdflib_latency(dataset, text: str, limit: float) -> dict:
    """Run in a forked child so a query rdflib cannot finish is stopped, and the parsed dataset is shared."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # child
        os.close(read)
        try:

            def once():
                r = dataset.query(text)
                if r.type == "ASK":
                    return bool(r.askAnswer)
                if r.type == "SELECT":
                    return [tuple(None if t is None else str(t) for t in row) for row in r]
                return [(str(s), str(p), str(o)) for s, p, o in r.graph]

            median, n, result = _repeat(once, 1.0)
            payload = {"median_s": median, "runs": n, "rows": _rows(result)}
        except Exception as exc:  # reported, not hidden: rdflib's verdict on this query
            payload = {"error": f"{type(exc).__name__}: {' '.join(str(exc).split())[:200]}"}
        with os.fdopen(write, "wb") as f:
            f.write(pickle.dumps(payload))
        os._exit(0)
    os.close(write)
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        done, _ = os.waitpid(pid, os.WNOHANG)
        if done:
            break
        time.sleep(0.05)
    else:
        os.kill(pid, 9)
        os.waitpid(pid, 0)
        os.close(read)
        return {"error": f"did not finish within {limit:g} s"}
    with os.fdopen(read, "rb") as f:
        return pickle.loads(f.read())


def per_query(output: Path, limit: float) -> list[dict]:
    import rdflib

    from cklod.sparql.saved import load_all
    from cklod.sparql.store import open_store

    store = open_store(output)
    dataset = rdflib.Dataset(default_union=True)
    dataset.parse(str(output / "cklod.nq"), format="nquads")
    ontology = dataset.graph(rdflib.URIRef("https://w3id.org/cklod/ontology"))
    ontology.parse(str(output / "ontology" / "cklod.ttl"), format="turtle")
    out = []
    for saved in load_all(ROOT):
        median, runs, result = oxigraph_latency(store, saved.text)
        row = {"query": saved.name, "oxigraph_s": median, "oxigraph_runs": runs}
        other = rdflib_latency(dataset, saved.text, limit)
        if "error" in other:
            row["rdflib"] = other["error"]
        else:
            row.update(
                rdflib_s=other["median_s"],
                rdflib_runs=other["runs"],
                ratio=other["median_s"] / median,
                same_rows=_rows(result) == other["rows"],
                rows=len(_rows(result)),
                rdflib_rows=len(other["rows"]),
            )
        out.append(row)
        print(
            f"{saved.name:26} oxigraph {median * 1000:8.2f} ms  rdflib {row.get('rdflib_s', float('nan')) * 1000:9.1f} ms",
            file=sys.stderr,
        )
    return out


def _section(title: str, header: list[str], rows: list[list[str]], note: str = "") -> list[str]:
    out = ["", f"## {title}", ""] + ([note, ""] if note else [])
    out += ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    return out + ["| " + " | ".join(r) + " |" for r in rows]


def _query_row(r: dict) -> list[str]:
    mine = f"{r['oxigraph_s'] * 1000:.2f} ms"
    if "rdflib_s" not in r:
        return [r["query"], mine, "—", "—", f"rdflib: {r['rdflib']}"]
    same = "yes" if r["same_rows"] else f"no ({r['rows']} vs {r['rdflib_rows']} rows)"
    return [r["query"], mine, f"{r['rdflib_s'] * 1000:.1f} ms", f"{r['ratio']:.0f}×", same]


def markdown(report: dict) -> str:
    cold = report["cold_start"]
    base = cold["python -c pass (baseline)"]["median_s"]
    lines = [
        "# `cklod query` speed",
        "",
        f"Machine: {report['machine']}. Produced by `python bench/bench_query.py`.",
    ]
    lines += _section(
        "Cold start (wall time of a new process)",
        ["command", "median", "fastest", "median vs bare python"],
        [
            [
                f"`{k}`",
                f"{r['median_s'] * 1000:.0f} ms",
                f"{min(r['runs_s']) * 1000:.0f} ms",
                f"{r['median_s'] / base:.1f}×",
            ]
            for k, r in cold.items()
        ],
        f"Target: a saved query from a cold process in under {TARGET_SECONDS} s, store loading included. The "
        "commands run round-robin, so a change in the machine's load (2 cores shared) hits all of them alike.",
    )
    lines += _section(
        "Opening the store in a cold process (median)",
        ["store", "open + one query", "whole process"],
        [
            [k, f"{r['open_and_query_s'] * 1000:.1f} ms", f"{r['process_s'] * 1000:.0f} ms"]
            for k, r in report["store_opening"].items()
        ],
    )
    lines += _section(
        "Saved queries in process: pyoxigraph vs rdflib (median latency)",
        ["query", "pyoxigraph", "rdflib", "rdflib / pyoxigraph", "same rows"],
        [_query_row(r) for r in report["queries"]],
    )
    ratios = [r["ratio"] for r in report["queries"] if "ratio" in r]
    if ratios:
        lines += [
            "",
            f"Median ratio over the {len(ratios)} queries rdflib answered: {statistics.median(ratios):.0f}×.",
        ]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=7, help="cold-start runs per command (median reported)")
    parser.add_argument(
        "--rdflib-limit", type=float, default=30.0, help="seconds before an rdflib query is stopped"
    )
    args = parser.parse_args()
    from cklod.pipeline import build

    output = WORK / "output"
    build(ROOT, output, validate=False)
    import rdflib

    report = {
        "machine": f"{platform.python_implementation()} {platform.python_version()}, {os.cpu_count()} CPUs, "
        f"pyoxigraph {ox.__version__}, rdflib {rdflib.__version__}",
        "cold_start": cold_start(output, args.runs),
        "store_opening": store_opening(output, args.runs),
        "queries": per_query(output, args.rdflib_limit),
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "query.json").write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
    (RESULTS / "query.md").write_text(markdown(report), encoding="utf-8")
    print(markdown(report))


if __name__ == "__main__":
    main()
