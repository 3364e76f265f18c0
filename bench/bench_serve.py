"""Load on `cklod serve` against `oxigraph serve` on the same data, in the same run, over loopback.

    python bench/bench_serve.py [--requests 1000] [--clients 4] [--limit 30]

The bundled corpus is built once into bench/.work/serve/ (validation off: it is not what is measured). Both
servers run as real processes on 127.0.0.1: `cklod serve` (uvicorn, SPARQL in 2 worker processes) and
`oxigraph serve` (Rust, the baseline) on an on-disk store bulk-loaded from the same N-Quads plus the ontology
graph, with the union default graph. A thread pool of --clients httpx clients (keep-alive) sends --requests
requests per scenario after a warm-up, and stops at --limit seconds whatever the count. Reported: requests per
second, p50 and p99 latency, and the ratio to oxigraph where both serve the same thing.

Scenarios: a simple SPARQL SELECT (JSON results) on both; an entity's RDF description (cklod's
/data/….ttl, oxigraph's DESCRIBE as Turtle); a person's, an event's and a document's HTML page (cklod only;
oxigraph has none).
Results: bench/results/serve.md and serve.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import signal
import statistics
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
WORK = ROOT / "bench" / ".work" / "serve"
RESULTS = ROOT / "bench" / "results"
sys.path.insert(0, str(ROOT / "tests"))

from servers import free_port, oxigraph_server, wait_for_http  # noqa: E402

PERSON = "https://w3id.org/cklod/id/person/zhang-xiao"
SIMPLE = (
    "PREFIX schema: <http://schema.org/> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
    "SELECT ?country ?name WHERE { ?country a schema:Country ; rdfs:label ?name }"
)
DESCRIBE = f"DESCRIBE <{PERSON}>"
# The largest event and document pages of the bundled data.
EVENT = "id/event/xi-state-visit-kazakhstan-2024"
DOCUMENT = "doc/000_8bfd59a1c3f8cacf"


def build(out: Path) -> None:
    from cklod.pipeline import build as run_build

    if not (out / "cklod.nq").exists():
        run_build(ROOT, out, validate=False)


def load_oxigraph(output: Path, location: Path) -> None:
    """An on-disk Oxigraph store holding what cklod.sparql.store.open_store holds: the N-Quads and the ontology."""
    from cklod.rdf.iris import ONTOLOGY

    binary = shutil.which("oxigraph")
    if binary is None:
        raise SystemExit("the 'oxigraph' server is not installed: pip install -e '.[test]'")
    if location.exists():
        shutil.rmtree(location)
    for args in (
        ["--file", str(output / "cklod.nq")],
        ["--file", str(output / "ontology" / "cklod.ttl"), "--graph", ONTOLOGY],
    ):
        subprocess.run([binary, "load", "--location", str(location), *args], check=True, capture_output=True)


def load(
    name: str,
    request: dict,
    *,
    requests: int,
    clients: int,
    limit: float,
    warmup: int = 20,
    expect: int = 200,
) -> dict:
    """Send ``requests`` copies of ``request`` from ``clients`` threads; latencies in ms, bounded by ``limit`` s."""
    deadline = time.monotonic() + limit
    counter = iter(range(requests))
    lock = threading.Lock()
    latencies: list[float] = []
    failures: list[str] = []

    def worker() -> None:
        with httpx.Client(timeout=30) as client:
            for _ in range(warmup // clients + 1):
                client.request(**request)
            while time.monotonic() < deadline:
                with lock:
                    if next(counter, None) is None:
                        return
                started = time.perf_counter()
                response = client.request(**request)
                elapsed = (time.perf_counter() - started) * 1000
                with lock:
                    if response.status_code == expect and (response.content or expect != 200):
                        latencies.append(elapsed)
                    else:
                        failures.append(f"{response.status_code}")

    started = time.perf_counter()
    with ThreadPoolExecutor(clients) as pool:
        for future in [pool.submit(worker) for _ in range(clients)]:
            future.result()
    wall = time.perf_counter() - started
    latencies.sort()
    return {
        "name": name,
        "requests": len(latencies),
        "failures": len(failures),
        "seconds": round(wall, 3),
        "rps": round(len(latencies) / wall, 1) if wall else 0.0,
        "p50_ms": round(statistics.median(latencies), 2) if latencies else None,
        "p99_ms": round(latencies[min(len(latencies) - 1, int(0.99 * len(latencies)))], 2)
        if latencies
        else None,
        "stopped_by_time_limit": len(latencies) + len(failures) < requests,
    }


def start_cklod(output: Path) -> tuple[subprocess.Popen, str]:
    port = free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "cklod",
            "serve",
            "--out",
            str(output),
            "--port",
            str(port),
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    wait_for_http(f"{base}/sparql?query=ASK%7B%7D", timeout=60)
    return process, base


def stop(process: subprocess.Popen) -> None:
    os.kill(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.kill(process.pid, signal.SIGKILL)
        process.wait()


def median_of(rounds: list[dict]) -> dict:
    """One row per scenario: the median round by throughput (its own p50/p99), with every round's req/s."""
    ranked = sorted(rounds, key=lambda r: r["rps"])
    middle = dict(ranked[len(ranked) // 2])
    middle["rps_rounds"] = [r["rps"] for r in rounds]
    middle["stopped_by_time_limit"] = any(r["stopped_by_time_limit"] for r in rounds)
    return middle


PAIRS = {"sparql/cklod": "sparql/oxigraph", "describe/cklod": "describe/oxigraph"}


def run(requests: int, clients: int, limit: float, rounds: int) -> dict:
    rows: dict[str, list[dict]] = {}
    for _ in range(rounds):
        for key, row in one_round(requests, clients, limit).items():
            rows.setdefault(key, []).append(row)
    results = {key: median_of(values) for key, values in rows.items()}
    for ours, baseline in PAIRS.items():
        # The ratio within each round (the same machine load on both servers), then its median.
        per_round = [a["rps"] / b["rps"] for a, b in zip(rows[ours], rows[baseline], strict=True) if b["rps"]]
        results[ours]["ratio_rounds"] = [round(x, 2) for x in per_round]
        results[ours]["ratio"] = round(statistics.median(per_round), 2) if per_round else None
    return {
        "machine": {
            "python": platform.python_version(),
            "cpus": os.cpu_count(),
            "platform": platform.platform(),
        },
        "options": {"requests": requests, "clients": clients, "limit": limit, "rounds": rounds},
        "results": results,
    }


def one_round(requests: int, clients: int, limit: float) -> dict[str, dict]:
    output = WORK / "output"
    build(output)
    load_oxigraph(output, WORK / "oxigraph")
    options = {"requests": requests, "clients": clients, "limit": limit}
    json_accept = {"Accept": "application/sparql-results+json"}
    results: dict[str, dict] = {}
    process, cklod = start_cklod(output)
    try:
        with oxigraph_server(WORK / "oxigraph") as oxigraph:
            # Alternate the two servers scenario by scenario, so that a change in machine load hits both alike.
            results["sparql/oxigraph"] = load(
                "simple SPARQL SELECT — oxigraph serve",
                {"method": "GET", "url": oxigraph.query, "params": {"query": SIMPLE}, "headers": json_accept},
                **options,
            )
            results["sparql/cklod"] = load(
                "simple SPARQL SELECT — cklod serve",
                {
                    "method": "GET",
                    "url": f"{cklod}/sparql",
                    "params": {"query": SIMPLE},
                    "headers": json_accept,
                },
                **options,
            )
            results["describe/oxigraph"] = load(
                "entity description, Turtle — oxigraph DESCRIBE",
                {
                    "method": "GET",
                    "url": oxigraph.query,
                    "params": {"query": DESCRIBE},
                    "headers": {"Accept": "text/turtle"},
                },
                **options,
            )
            results["describe/cklod"] = load(
                "entity description, Turtle — cklod /data/…ttl",
                {"method": "GET", "url": f"{cklod}/data/id/person/zhang-xiao.ttl"},
                **options,
            )
            results["page/cklod"] = load(
                "entity HTML page — cklod /page/…",
                {"method": "GET", "url": f"{cklod}/page/id/person/zhang-xiao"},
                **options,
            )
            results["event/cklod"] = load(
                "event HTML page — cklod /page/…",
                {"method": "GET", "url": f"{cklod}/page/{EVENT}"},
                **options,
            )
            results["document/cklod"] = load(
                "document HTML page — cklod /page/doc/…",
                {"method": "GET", "url": f"{cklod}/page/{DOCUMENT}"},
                **options,
            )
            results["deref/cklod"] = load(
                "IRI dereference, 303 — cklod /id/…",
                {
                    "method": "GET",
                    "url": f"{cklod}/id/person/zhang-xiao",
                    "headers": {"Accept": "text/turtle"},
                },
                expect=303,
                **options,
            )
    finally:
        stop(process)
    return results


def report(data: dict) -> str:
    r = data["results"]
    lines = [
        "# `cklod serve` under load, against `oxigraph serve` on the same data",
        "",
        f"Measured by `python bench/bench_serve.py` ({data['options']['requests']} requests per scenario from "
        f"{data['options']['clients']} keep-alive httpx clients on loopback, after a warm-up, stopped at "
        f"{data['options']['limit']:g} s; {data['options']['rounds']} rounds, each server restarted per round, "
        f"the median round shown; Python {data['machine']['python']}, {data['machine']['cpus']} cores shared with "
        "the clients). The ratio is cklod's throughput over oxigraph's within each round, median of the rounds.",
        "",
        "| scenario | server | requests | req/s (median) | req/s of each round | p50 ms | p99 ms | "
        "throughput vs oxigraph |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for key, row in r.items():
        scenario, server = row["name"].split(" — ")
        if key in PAIRS:
            versus = f"{row['ratio']:.2f}× (rounds: {', '.join(f'{x:.2f}' for x in row['ratio_rounds'])})"
        else:
            versus = "1.00× (baseline)" if "oxigraph" in key else "—"
        lines.append(
            f"| {scenario} | {server} | {row['requests']}{' (time limit)' if row['stopped_by_time_limit'] else ''}"
            f" | {row['rps']} | {', '.join(map(str, row['rps_rounds']))} | {row['p50_ms']} | {row['p99_ms']}"
            f" | {versus} |"
        )
    lines += [
        "",
        "What the numbers mean:",
        "- A SPARQL query to `cklod serve` crosses two process boundaries (uvicorn → worker process → back), "
        "which is the price of a query timeout that works: a runaway query's worker is killed and replaced "
        "while the other worker keeps answering. Oxigraph answers in its own threads and has no such timeout.",
        "- The entity description is not the same work on both sides: `cklod serve` builds a larger description "
        "(the entity's triples in every graph, the facts pointing at it with their evidence, labels) than "
        "Oxigraph's DESCRIBE (the entity's own triples).",
        "- Oxigraph serves no HTML: the page and 303 rows have no baseline.",
        "",
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--requests", type=int, default=1000, help="requests per scenario (e.g. 1000)")
    parser.add_argument("--clients", type=int, default=4, help="concurrent clients (e.g. 4)")
    parser.add_argument(
        "--limit", type=float, default=30.0, help="hard time limit per scenario in s (e.g. 30)"
    )
    parser.add_argument("--rounds", type=int, default=3, help="rounds of every scenario (e.g. 3)")
    args = parser.parse_args()
    data = run(args.requests, args.clients, args.limit, args.rounds)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "serve.json").write_text(json.dumps(data, indent=1) + "\n")
    (RESULTS / "serve.md").write_text(report(data))
    print(report(data))


if __name__ == "__main__":
    main()
