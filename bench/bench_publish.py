"""Publish speed and memory: `cklod publish` against each store's own bulk loader, in the same run.

    python bench/bench_publish.py [--docs 3000] [--jobs 4]

One synthetic corpus (bench/synth.py, seed 1) of --docs documents is built without validation. Then, for
Oxigraph's server and for Virtuoso (Debian's virtuoso-opensource), each against a fresh on-disk store on
127.0.0.1:
  - baseline: the store's bulk loader on the whole dataset in one N-Quads file (`oxigraph load`; Virtuoso's
    ld_dir + rdf_loader_run + checkpoint through isql);
  - publish over HTTP: `cklod publish` (Graph Store Protocol, --jobs requests at once; new graphs many to an
    N-Quads POST where the store takes that, one graph per request otherwise) into the running store, in a
    child process whose peak RSS is cklod's own memory (the store's is not counted);
  - Virtuoso only, the ceiling of its HTTP interface: every triple of the dataset in ONE Graph Store POST into
    one graph (not a publish: the graphs are merged), the fastest a request body goes in there;
  - the bulk path: `cklod publish --bulk` (N-Quads shards + the load script), the store's loader on the
    shards, then `cklod publish --adopt --no-digest` (all three timed together), and `--adopt` with the
    content digest once more on the same store;
  - Oxigraph only: one document changed (one triple added to one document's graph in a copy of the build),
    re-published.
Targets (issue 16): publish ≥ 0.5× the bulk loader's throughput over HTTP, ≥ 0.9× through the bulk path, a
one-document change in < 2 s into Oxigraph, cklod's peak memory < 500 MiB. Results go to
bench/results/publish.md and publish.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
import pyoxigraph as ox

from cklod.pipeline import build
from cklod.rdf.iris import ONTOLOGY
from cklod.sparql.store import DUMP, ONTOLOGY_FILE

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "bench"), str(ROOT / "tests")]  # bench/ and tests/ are not packages
import synth  # noqa: E402
from servers import oxigraph_server, virtuoso_server  # noqa: E402

RESULTS = ROOT / "bench" / "results"
MiB = 1024 * 1024


def whole_dataset(output: Path, path: Path) -> int:
    """The build's N-Quads with the ontology's triples in the ontology graph (what publish sends), in one
    file; returns its number of quads."""
    ontology = ox.parse(path=str(output / ONTOLOGY_FILE), format=ox.RdfFormat.TURTLE)
    quads = [ox.Quad(t.subject, t.predicate, t.object, ox.NamedNode(ONTOLOGY)) for t in ontology]
    with path.open("wb") as out:
        with (output / DUMP).open("rb") as dump:
            shutil.copyfileobj(dump, out)
        out.write(ox.serialize(quads, format=ox.RdfFormat.N_QUADS))
    return sum(1 for _ in path.open("rb"))


def child_publish(output: Path, store: str, *extra: str) -> dict:
    """`cklod publish` in a child process: its wall time, its report and its own peak RSS."""
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, __file__, "--child", str(output), store, *extra],
        check=True,
        capture_output=True,
        text=True,
    )
    result = json.loads(done.stdout)
    result["seconds"] = time.perf_counter() - started
    return result


def run_child(output: str, store: str, extra: list[str]) -> None:
    from cklod.publish import publish, resolve

    jobs = int(extra[extra.index("--jobs") + 1]) if "--jobs" in extra else 4
    report = publish(
        Path(output),
        resolve(store, None, None),
        jobs=jobs,
        adopt_store="--adopt" in extra,
        digest="--no-digest" not in extra,
        timeout=900,
    )
    # VmHWM, not ru_maxrss: Linux carries ru_maxrss over exec from the forking parent (the bench itself)
    status = Path("/proc/self/status").read_text()
    peak = int(next(line.split()[1] for line in status.splitlines() if line.startswith("VmHWM:"))) * 1024
    summary = {k: v for k, v in report.summary().items() if v}
    print(
        json.dumps(
            {
                "summary": summary,
                "triples_sent": report.triples_sent,
                "requests": report.requests,
                "in_process_s": report.seconds,
                "warnings": report.warnings,
                "notes": report.notes,
                "peak_mib": round(peak / MiB, 1),
            }
        )
    )


def timed(run) -> float:
    started = time.perf_counter()
    run()
    return time.perf_counter() - started


def write_bulk(output: Path, folder: Path) -> None:
    subprocess.run(
        ["cklod", "publish", "--out", str(output), "--bulk", str(folder)],
        check=True,
        capture_output=True,
    )


def virtuoso_load(server, files: list[Path]) -> None:
    """Virtuoso's bulk loader as its documentation runs it: register the files, run the loader, checkpoint."""
    for path in files:
        shutil.copy(path, server.load_dir / path.name)
    server.isql(f"ld_dir ('{server.load_dir}', '*.nq', 'urn:cklod:unused'); rdf_loader_run (); checkpoint;")
    failed = server.isql("SELECT COUNT(*) FROM DB.DBA.LOAD_LIST WHERE ll_error IS NOT NULL;")
    if "\n0\n" not in failed.replace(" ", ""):
        raise RuntimeError(f"the bulk loader failed: {failed}")


def oxigraph_rows(output: Path, whole: Path, work: Path, jobs: int) -> dict:
    row: dict = {"store": "Oxigraph (oxigraph serve)"}
    row["bulk_loader_s"] = timed(
        lambda: subprocess.run(
            ["oxigraph", "load", "--location", str(work / "ox-bulk"), "--file", str(whole)],
            check=True,
            capture_output=True,
        )
    )
    with oxigraph_server(work / "ox-http") as server:
        first = child_publish(output, server.store, "--jobs", str(jobs))
        row["publish"] = first
        changed = one_document_changed(output, work / "changed")
        row["one_document"] = child_publish(changed, server.store, "--jobs", str(jobs))
        row["unchanged"] = child_publish(output, server.store)

    def bulk_path() -> None:
        write_bulk(output, work / "ox-files")
        subprocess.run(
            ["sh", str(work / "ox-files" / "load-oxigraph.sh"), str(work / "ox-bulkpath")],
            check=True,
            capture_output=True,
        )

    files_s = timed(bulk_path)
    with oxigraph_server(work / "ox-bulkpath") as server:
        adopt = child_publish(output, server.store, "--adopt", "--no-digest")
        row["adopt_with_digest"] = child_publish(output, server.store, "--adopt")
    row["bulk_path"] = {"files_and_load_s": files_s, "adopt": adopt, "seconds": files_s + adopt["seconds"]}
    return row


def one_body(whole: Path, work: Path) -> Path:
    """Every triple of the dataset as one N-Triples body (the graph names dropped)."""
    body = work / "all.nt"
    with whole.open("rb") as quads, body.open("wb") as out:
        out.writelines(line.rsplit(b" ", 2)[0] + b" .\n" for line in quads if line.strip())
    return body


def virtuoso_rows(output: Path, whole: Path, work: Path, jobs: int) -> dict:
    row: dict = {"store": "Virtuoso 7.2 (virtuoso-opensource)"}
    with virtuoso_server(work / "vt-bulk") as server:
        row["bulk_loader_s"] = timed(lambda: virtuoso_load(server, [whole]))
    body = one_body(whole, work).read_bytes()  # read before the clock starts
    with virtuoso_server(work / "vt-ceiling") as server:

        def post_everything() -> None:
            response = httpx.post(
                server.store,
                params={"graph": "urn:cklod:bench:everything"},
                content=body,
                headers={"Content-Type": "application/n-triples"},
                timeout=1800,
            )
            response.raise_for_status()

        row["http_ceiling_s"] = timed(post_everything)
    with virtuoso_server(work / "vt-http") as server:
        row["publish"] = child_publish(output, server.store, "--jobs", str(jobs))
        row["unchanged"] = child_publish(output, server.store)
    with virtuoso_server(work / "vt-bulkpath") as server:

        def bulk_path() -> None:
            write_bulk(output, work / "vt-files")
            virtuoso_load(server, sorted((work / "vt-files").glob("shard-*.nq")))

        files_s = timed(bulk_path)
        adopt = child_publish(output, server.store, "--adopt", "--no-digest")
        row["adopt_with_digest"] = child_publish(output, server.store, "--adopt")
        row["bulk_path"] = {
            "files_and_load_s": files_s,
            "adopt": adopt,
            "seconds": files_s + adopt["seconds"],
        }
    return row


def publishable(output: Path, copy: Path) -> Path:
    copy.mkdir()
    for name in (DUMP, ONTOLOGY_FILE):
        (copy / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(output / name, copy / name)
    return copy


def one_document_changed(output: Path, copy: Path) -> Path:
    """A copy of the build in which one document's graph has one triple more (as an edited mapping gives)."""
    publishable(output, copy)
    lines = (copy / DUMP).read_bytes().splitlines(keepends=True)
    graph = lines[len(lines) // 2].rsplit(b" ", 2)[1]
    extra = b'<https://w3id.org/cklod/id/bench/edit> <http://schema.org/name> "edited" ' + graph + b" .\n"
    (copy / DUMP).write_bytes(b"".join([*lines[: len(lines) // 2], extra, *lines[len(lines) // 2 :]]))
    return copy


def machine() -> str:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    return (
        f"{cpu}, {os.cpu_count()} cores, Python {platform.python_version()}; load average at the start {load}"
    )


def _ratio(baseline: float, ours: float, target: float) -> str:
    ratio = baseline / ours
    return f"{ratio:.2f}× ({'met' if ratio >= target else '**not met**'}, target ≥ {target}×)"


def markdown(result: dict) -> str:
    triples = result["triples"]
    lines = [
        "# Publish benchmark",
        "",
        f"Made by `python bench/bench_publish.py --docs {result['docs']} --jobs {result['jobs']}` on "
        f"{result['machine']}. One synthetic corpus of {result['docs']:,} documents (bench/synth.py, seed 1): "
        f"{result['graphs']:,} graphs, {triples:,} triples with the ontology. Each figure is one timed run "
        "against a fresh on-disk store on 127.0.0.1; the machine is shared, so absolute times are noisy and the "
        "ratios compare runs minutes apart. Throughput ratio = the bulk loader's time ÷ ours (≥ 1 is faster).",
        "",
        "| store | bulk loader s | publish over HTTP s (t/s) | ÷ bulk loader | bulk path s (files+load, adopt) "
        "| ÷ bulk loader | re-publish, nothing changed s | cklod peak RSS MiB (publish / adopt) |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for r in result["stores"]:
        p, b = r["publish"], r["bulk_path"]
        lines.append(
            f"| {r['store']} | {r['bulk_loader_s']:.1f} | {p['seconds']:.1f} ({triples / p['seconds']:,.0f}) | "
            f"{_ratio(r['bulk_loader_s'], p['seconds'], 0.5)} | {b['seconds']:.1f} ({b['files_and_load_s']:.1f}, "
            f"{b['adopt']['seconds']:.1f}) | {_ratio(r['bulk_loader_s'], b['seconds'], 0.9)} | "
            f"{r['unchanged']['seconds']:.1f} | {p['peak_mib']:.0f} / {b['adopt']['peak_mib']:.0f} |"
        )
    lines += [
        "",
        "The bulk path's adopt compares triple counts (`--adopt --no-digest`). `--adopt` with the content digest, "
        "run again on the same store right after (where the store computes cklod's digest; otherwise it falls "
        "back to counts and says so):",
        "",
    ]
    lines += [
        f"- {r['store']}: {r['adopt_with_digest']['seconds']:.1f} s"
        + (
            " (the store does not compute cklod's digest: counts only)"
            if any("digest" in w for w in r["adopt_with_digest"]["warnings"])
            else ""
        )
        for r in result["stores"]
    ]
    for r in result["stores"]:
        lines += [f"- {r['store']}, publish over HTTP: {note}" for note in r["publish"]["notes"]]
    vt = result["stores"][1]
    ceiling = vt["http_ceiling_s"]
    lines += [
        f"- Virtuoso's HTTP ceiling: every triple in ONE Graph Store POST into one graph took {ceiling:.1f} s "
        f"({triples / ceiling:,.0f} t/s), {vt['bulk_loader_s'] / ceiling:.2f}× its bulk loader's throughput: "
        "no way of sending the graphs over its HTTP interface can be faster than that.",
    ]
    ox_row = result["stores"][0]
    one = ox_row["one_document"]
    lines += [
        "",
        f"- One document changed, re-published into Oxigraph: {one['in_process_s']:.2f} s in publish() "
        f"({'met' if one['in_process_s'] < 2 else '**not met**'}, target < 2 s; {one['summary']}, "
        f"{one['requests']} requests); {one['seconds']:.2f} s for the whole child process, Python start and "
        "imports included.",
        f"- cklod's own peak memory during publish: {max(r['publish']['peak_mib'] for r in result['stores']):.0f} "
        f"MiB at {triples:,} triples ({'met' if max(r['publish']['peak_mib'] for r in result['stores']) < 500 else '**not met**'}, "
        "target < 500 MiB; the store's memory is not counted).",
        f"- Every publish and adopt stored what the build has: "
        f"{all(r['publish']['summary'] == {'created': result['graphs']} and r['bulk_path']['adopt']['summary'] == {'adopted': result['graphs']} for r in result['stores'])}.",
        "",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    args_in = sys.argv[1:] if argv is None else argv
    if args_in[:1] == ["--child"]:
        return run_child(args_in[1], args_in[2], args_in[3:])
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=3000, help="synthetic documents. Example: --docs 1000")
    parser.add_argument(
        "--jobs", type=int, default=4, help="graphs publish writes at once. Example: --jobs 8"
    )
    parser.add_argument(
        "--work", type=Path, help="reuse this folder (its built corpus) instead of a temporary one"
    )
    args = parser.parse_args(args_in)
    about = machine()
    with tempfile.TemporaryDirectory(prefix="bench-publish-") as tmp:
        work = args.work or Path(tmp)
        output = work / f"output-{args.docs}"
        if not (output / DUMP).is_file():
            build(synth.generate(work / f"project-{args.docs}", args.docs), output, validate=False)
        runs = work / "runs"
        shutil.rmtree(runs, ignore_errors=True)
        runs.mkdir()
        # what publish reads, in a folder of its own: its index (.cklod/ beside it) starts cold, and the
        # one-document change below lies beside it, as a rebuild replaces output/ in place
        output = publishable(output, runs / "output")
        whole = runs / "all.nq"
        triples = whole_dataset(output, whole)
        stores = [
            oxigraph_rows(output, whole, runs, args.jobs),
            virtuoso_rows(output, whole, runs, args.jobs),
        ]
        shutil.rmtree(runs)
    graphs = stores[0]["publish"]["summary"].get("created", 0)
    result = {
        "machine": about,
        "docs": args.docs,
        "jobs": args.jobs,
        "triples": triples,
        "graphs": graphs,
        "stores": stores,
    }
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "publish.json").write_text(json.dumps(result, indent=1) + "\n")
    (RESULTS / "publish.md").write_text(markdown(result))
    print((RESULTS / "publish.md").read_text())


if __name__ == "__main__":
    main()
