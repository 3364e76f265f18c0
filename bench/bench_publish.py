"""Publish speed and memory: `cklod publish` against each store's own bulk loader, in the same run.

    python bench/bench_publish.py [--docs 3000] [--jobs 4] [--rounds 2]

One synthetic corpus (bench/synth.py, seed 1) of --docs documents is built without validation, and a copy of it
with one document edited (one mention fewer in its mapping) is built beside it, as a user's rebuild makes it.
Then, in --rounds rounds, for Oxigraph's server and for Virtuoso (Debian's virtuoso-opensource) one after the
other, each against fresh on-disk stores on 127.0.0.1:
  - baseline: the store's bulk loader on the whole dataset in one N-Quads file (`oxigraph load`; Virtuoso's
    ld_dir + rdf_loader_run + checkpoint through isql, the file already in its load folder);
  - publish over HTTP: `cklod publish` (--jobs requests at once; new graphs many to a request where the store
    takes that, probed: N-Quads POSTs into Oxigraph, SPARQL LOAD of batches cklod serves into Virtuoso) into
    the running store right after the build, in a child process whose peak RSS is cklod's own memory (the
    store's is not counted); then a re-publish with nothing changed, right after;
  - the bulk path: `cklod publish --bulk` (into Virtuoso's load folder) and the load script it writes, timed
    together; then a `cklod publish`, which checks the store against the manifest the files carried;
  - Oxigraph only: the first publish's store restarted, the edited build published into it.
Every timed step starts after os.sync(), so the disk writes of the step before are not billed to it.
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
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox
import yaml

from cklod.pipeline import build
from cklod.publish.local import load_build
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
    os.sync()
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
    os.sync()  # the disk writes of the step before (a store just loaded) are not billed to this one
    started = time.perf_counter()
    run()
    return time.perf_counter() - started


def write_bulk(output: Path, folder: Path) -> None:
    subprocess.run(
        ["cklod", "publish", "--out", str(output), "--bulk", str(folder)],
        check=True,
        capture_output=True,
    )


def virtuoso_load(server, sql: str) -> None:
    """Run a bulk load through isql, then check that the loader recorded no failed file."""
    server.isql(sql)
    failed = server.isql("SELECT COUNT(*) FROM DB.DBA.LOAD_LIST WHERE ll_error IS NOT NULL;")
    if "\n0\n" not in failed.replace(" ", ""):
        raise RuntimeError(f"the bulk loader failed: {failed}")


def load_script(folder: Path) -> str:
    """The statements of the load-virtuoso.sql that --bulk wrote (isql takes them without the comments)."""
    script = (folder / "load-virtuoso.sql").read_text()
    return "".join(line for line in script.splitlines(keepends=True) if not line.startswith("--"))


def oxigraph_round(output: Path, edited: Path, whole: Path, work: Path, jobs: int) -> dict:
    """The bulk loader, then publish over HTTP, then the bulk path: each right after the one it is compared
    with, as the machine's load drifts."""
    row: dict = {
        "bulk_loader_s": timed(
            lambda: subprocess.run(
                ["oxigraph", "load", "--location", str(work / "ox-bulk"), "--file", str(whole)],
                check=True,
                capture_output=True,
            )
        )
    }
    with oxigraph_server(work / "ox-http") as server:
        row["publish"] = child_publish(output, server.store, "--jobs", str(jobs))
        # right after a bulk-loaded publish: Oxigraph is still merging the files it took in (docs/publish.md)
        row["unchanged"] = child_publish(output, server.store)
    with oxigraph_server(work / "ox-http") as server:  # the same store, restarted: settled
        row["one_document"] = child_publish(edited, server.store, "--jobs", str(jobs))

    def bulk_path() -> None:
        write_bulk(output, work / "ox-files")
        subprocess.run(
            ["sh", str(work / "ox-files" / "load-oxigraph.sh"), str(work / "ox-bulkpath")],
            check=True,
            capture_output=True,
        )

    row["bulk_path_s"] = timed(bulk_path)
    with oxigraph_server(work / "ox-bulkpath") as server:
        row["after_bulk"] = child_publish(output, server.store)
    return row


def virtuoso_round(output: Path, edited: Path, whole: Path, work: Path, jobs: int) -> dict:
    row: dict = {}
    with virtuoso_server(work / "vt-bulk") as server:
        shutil.copy(whole, server.load_dir / whole.name)
        row["bulk_loader_s"] = timed(
            lambda: virtuoso_load(
                server,
                f"ld_dir ('{server.load_dir}', '*.nq', 'urn:cklod:unused'); rdf_loader_run (); checkpoint;",
            )
        )
    with virtuoso_server(work / "vt-http") as server:
        row["publish"] = child_publish(output, server.store, "--jobs", str(jobs))
        row["unchanged"] = child_publish(output, server.store)
    with virtuoso_server(work / "vt-bulkpath") as server:
        files = server.load_dir / "bulk"

        def bulk_path() -> None:
            write_bulk(output, files)
            virtuoso_load(server, load_script(files))

        row["bulk_path_s"] = timed(bulk_path)
        row["after_bulk"] = child_publish(output, server.store)
    return row


ROUNDS = {
    "Oxigraph (oxigraph serve)": oxigraph_round,
    "Virtuoso 7.2 (virtuoso-opensource)": virtuoso_round,
}


def rounds(output: Path, edited: Path, whole: Path, work: Path, jobs: int, count: int) -> list[dict]:
    """``count`` rounds of every measurement, the stores alternating, each round against fresh stores."""
    stores = [{"store": name, "rounds": []} for name in ROUNDS]
    for n in range(count):
        for store, measure in zip(stores, ROUNDS.values(), strict=True):
            folder = work / f"round-{n + 1}"
            folder.mkdir(exist_ok=True)
            result = measure(output, edited, whole, folder, jobs)
            result["load_average"] = os.getloadavg()[0]
            store["rounds"].append(result)
            shutil.rmtree(folder)
    return stores


def index_seconds(output: Path, work: Path) -> dict:
    """How long publish takes to read the build: from the build's graph index, and from a copy of the dump
    without one (then once more, with the index publish kept)."""
    copy = work / "unindexed" / "output"
    for name in (DUMP, ONTOLOGY_FILE):
        (copy / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(output / name, copy / name)
    return {
        "built_s": timed(lambda: load_build(output)),
        "cold_s": timed(lambda: load_build(copy)),
        "warm_s": timed(lambda: load_build(copy)),
    }


def edited_project(project: Path, copy: Path) -> Path:
    """A copy of the project in which the middle document's mapping names one mention fewer, as an edit does."""
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(project, copy, ignore=shutil.ignore_patterns(".cklod", "output*"))
    mappings = sorted((copy / "mappings").glob("*.yaml"))
    for mapping in mappings[len(mappings) // 2 :]:
        data = yaml.safe_load(mapping.read_text())
        if data.get("mentions"):
            data["mentions"].pop()
            mapping.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True))
            return copy
    raise RuntimeError("no mapping with a mention to drop")


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


def _verdict(ratio: float, target: float) -> str:
    return f"{ratio:.2f}× ({'met' if ratio >= target else '**not met**'}, target ≥ {target}×)"


def _median(values: list[float]) -> float:
    return statistics.median(values)


def markdown(result: dict) -> str:
    triples = result["triples"]
    lines = [
        "# Publish benchmark",
        "",
        f"Made by `python bench/bench_publish.py --docs {result['docs']} --jobs {result['jobs']} --rounds "
        f"{result['rounds']}` on {result['machine']}. One synthetic corpus of {result['docs']:,} documents "
        f"(bench/synth.py, seed 1): {result['graphs']:,} graphs, {triples:,} triples with the ontology. Each "
        "round measures, against fresh on-disk stores on 127.0.0.1, the store's bulk loader on one file of "
        "everything, then `cklod publish` over HTTP, then the bulk path (`--bulk` and the load script it "
        "writes), one store after the other, so each ratio compares runs a minute or two apart. Both start "
        "right after the build, as a user runs them, and every timed step after os.sync(). The machine is shared "
        "(load average noted per round): "
        "absolute times are noisy. Throughput ratio = the bulk loader's time ÷ ours (≥ 1 is faster); the "
        "verdict is on the median over the rounds.",
        "",
        "| store | round (load avg) | bulk loader s | publish over HTTP s (t/s) | ÷ bulk loader | re-publish "
        "right after, nothing changed s | bulk path s | ÷ bulk loader | publish after the bulk path s (sent) | "
        "cklod peak RSS MiB |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    verdicts = []
    for store in result["stores"]:
        http, bulk = [], []
        for n, r in enumerate(store["rounds"], 1):
            p, after, base = r["publish"], r["after_bulk"], r["bulk_loader_s"]
            http.append(base / p["seconds"])
            bulk.append(base / r["bulk_path_s"])
            lines.append(
                f"| {store['store']} | {n} ({r['load_average']:.1f}) | {base:.1f} | {p['seconds']:.1f} "
                f"({triples / p['seconds']:,.0f}) | {http[-1]:.2f}× | {r['unchanged']['seconds']:.1f} | "
                f"{r['bulk_path_s']:.1f} | {bulk[-1]:.2f}× | {after['seconds']:.1f} ({after['triples_sent']}) | "
                f"{p['peak_mib']:.0f} |"
            )
        verdicts.append(
            f"- {store['store']}: publish over HTTP {_verdict(_median(http), 0.5)}; bulk path "
            f"{_verdict(_median(bulk), 0.9)}."
        )
    lines += ["", "Medians over the rounds, against the targets (issue 16):", "", *verdicts, ""]
    index = result["index"]
    lines += [
        f"Reading the build: {index['built_s']:.2f} s from the graph index the build keeps; "
        f"{index['cold_s']:.1f} s for a copy of the dump without one ({index['warm_s']:.2f} s the next time, "
        "from the index publish kept).",
        "",
    ]
    for store in result["stores"]:
        lines += [
            f"- {store['store']}, publish over HTTP: {note}"
            for note in store["rounds"][0]["publish"]["notes"]
        ]
    ox_rounds = result["stores"][0]["rounds"]
    one = [r["one_document"] for r in ox_rounds]
    inside = _median([o["in_process_s"] for o in one])
    peak = max(r["publish"]["peak_mib"] for store in result["stores"] for r in store["rounds"])
    stored = all(
        r["publish"]["summary"] == {"created": result["graphs"]}
        and r["after_bulk"]["summary"] == {"unchanged": result["graphs"]}
        for store in result["stores"]
        for r in store["rounds"]
    )
    lines += [
        "",
        "- One document edited and rebuilt, re-published into Oxigraph (the first publish's store, restarted): "
        + ", ".join(f"{o['in_process_s']:.2f} s" for o in one)
        + f" in publish(), median {inside:.2f} s ({'met' if inside < 2 else '**not met**'}, target < 2 s; "
        f"{one[0]['summary']}, {one[0]['requests']} requests); "
        + ", ".join(f"{o['seconds']:.2f} s" for o in one)
        + " for the whole child process, Python start and imports included.",
        f"- cklod's own peak memory during publish: {peak:.0f} MiB at {triples:,} triples "
        f"({'met' if peak < 500 else '**not met**'}, target < 500 MiB; the store's memory is not counted).",
        "- Every publish stored what the build has, and every publish after a bulk path found every graph "
        f"there and sent nothing: {stored}.",
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
        "--rounds", type=int, default=2, help="measurements of each kind, alternating. Example: --rounds 3"
    )
    parser.add_argument(
        "--work", type=Path, help="reuse this folder (its built corpus) instead of a temporary one"
    )
    args = parser.parse_args(args_in)
    about = machine()
    with tempfile.TemporaryDirectory(prefix="bench-publish-") as tmp:
        work = args.work or Path(tmp)
        project, output = work / f"project-{args.docs}", work / f"output-{args.docs}"
        edited = work / f"output-{args.docs}-edited"
        if not (output / DUMP).is_file():
            build(synth.generate(project, args.docs), output, validate=False)
        if not (edited / DUMP).is_file():
            build(edited_project(project, work / f"project-{args.docs}-edited"), edited, validate=False)
        runs = work / "runs"
        shutil.rmtree(runs, ignore_errors=True)
        runs.mkdir()
        whole = runs / "all.nq"
        triples = whole_dataset(output, whole)
        index = index_seconds(output, runs)
        stores = rounds(output, edited, whole, runs, args.jobs, args.rounds)
        shutil.rmtree(runs)
    graphs = stores[0]["rounds"][0]["publish"]["summary"].get("created", 0)
    result = {
        "machine": about,
        "docs": args.docs,
        "jobs": args.jobs,
        "rounds": args.rounds,
        "index": index,
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
