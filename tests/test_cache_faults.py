"""A build that used the cache is byte for byte a cold build, whatever happened to the cache.

Seeded random faults in every kind of cache file (document entries, the registry entry, the entity results):
bytes flipped at random places, truncation, deletion, other pickles, garbage, another entry's file, a
well-sealed entry of the wrong type, a folder in a file's place; and the cache folder (or .cklod, or docs/)
replaced by a file. Each round applies several faults, builds in-process with the library API, and compares
output/ with the cold build's; a round that damaged something must have given exactly one warning line.
"""

from __future__ import annotations

import collections
import hashlib
import pickle
import random
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from cklod.cache import BuildCache, DocumentEntry, seal
from cklod.pipeline import build
from cklod.rdf.iris import DEFAULT_BASE

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
import synth

SEED = 20261202
MIN_FAULTS = 500


def tree_hash(folder: Path) -> str:
    h = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        h.update(path.relative_to(folder).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> tuple[Path, str]:
    root = synth.generate(tmp_path_factory.mktemp("faults") / "p", 6, seed=4)
    cold = root.parent / "cold"
    build(root, cold, use_cache=False)
    return root, tree_hash(cold)


def cache_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.name.endswith(".entry"))


# Each fault changes one cache file in place (or deletes it). Whether that left damage is judged afterwards from
# the bytes: a later fault can put a file's own content back (a copy of a copy).


def flip(rng: random.Random, path: Path, others: list[Path], key: str) -> None:
    data = bytearray(path.read_bytes())
    for _ in range(rng.randint(1, 8)):
        data[rng.randrange(len(data))] ^= rng.randint(1, 255)
    path.write_bytes(bytes(data))


def truncate(rng, path, others, key) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: rng.randrange(len(data))])


def delete(rng, path, others, key) -> None:
    path.unlink()


def other_pickle(rng, path, others, key) -> None:
    value = rng.choice([{"doc": "x"}, [1, 2, 3], "registry", DocumentEntry.__name__, (None, b"\x80")])
    path.write_bytes(pickle.dumps(value, protocol=rng.choice([2, 4, 5])))


def garbage(rng, path, others, key) -> None:
    path.write_bytes(rng.randbytes(rng.randrange(0, 4000)))


def other_entry(rng, path, others, key) -> None:
    shutil.copyfile(rng.choice(others), path)


def wrong_type(rng, path, others, key) -> None:
    """Sealed correctly for its key (the digest holds), but not the kind of value the name promises."""
    value = rng.choice([{"mapping": None}, DocumentEntry("not a mapping", b"", 0), ["a", "list"]])
    path.write_bytes(seal(key, value))


def folder_in_place(rng, path, others, key) -> None:
    path.unlink()
    path.mkdir()
    (path / "inside").write_bytes(b"x")


FAULTS = [flip, flip, truncate, delete, other_pickle, garbage, other_entry, wrong_type, folder_in_place]


def break_folder(rng: random.Random, root: Path) -> str:
    """Put a file where the cache (or its parent, or its docs/) must be a folder."""
    where = rng.choice([root / ".cklod", root / ".cklod" / "cache", root / ".cklod" / "cache" / "docs"])
    shutil.rmtree(where)
    where.write_bytes(rng.randbytes(rng.randrange(1, 100)))
    return f"{where.name} is a file"


def run(root: Path, out: Path) -> tuple[list[str], list[str]]:
    """The warning lines of a build, and the documents it did not take from the cache."""
    lines: list[str] = []
    result = build(root, out, warn=lines.append)
    return lines, result.outdated


def test_random_faults_never_change_the_output(project, tmp_path):
    root, cold = project
    rng = random.Random(SEED)
    common = BuildCache.open(root, DEFAULT_BASE).common
    counts: collections.Counter[str] = collections.Counter()
    targets: collections.Counter[str] = collections.Counter()
    assert run(root, tmp_path / "out")[0] == []  # fills the cache
    documents = len(cache_files(root / ".cklod" / "cache" / "docs"))
    rounds = 0
    while sum(counts.values()) < MIN_FAULTS:
        rounds += 1
        cache = root / ".cklod" / "cache"
        original = {p: p.read_bytes() for p in cache_files(cache)}
        folder = rounds % 12 == 0
        if folder:
            counts[break_folder(rng, root)] += 1
        else:
            for _ in range(rng.randint(4, 9)):
                files = cache_files(cache)
                path = rng.choice(files)
                fault = rng.choice(FAULTS)
                if not path.is_file() or (fault is other_entry and len(files) < 2):
                    continue
                key = path.stem if path.parent.name == "docs" else common
                fault(rng, path, [f for f in files if f != path and f.is_file()], key)
                counts[fault.__name__] += 1
                targets["document" if path.parent.name == "docs" else path.stem] += 1
        changed = {p for p, data in original.items() if not p.is_file() or p.read_bytes() != data}
        lost = {p for p in changed if p.parent.name == "docs"}  # document entries damaged or deleted
        damaged = folder or any(p.exists() for p in changed)  # a deleted file is only a miss
        out = tmp_path / f"out{rounds % 2}"  # built over an earlier output, as a user would
        lines, outdated = run(root, out)
        assert tree_hash(out) == cold, f"round {rounds}: {counts}"
        assert len(outdated) == (documents if folder else len(lost))
        if damaged:
            assert len(lines) == 1, lines
            assert lines[0].startswith(f"build cache {cache}: ")
            assert "damaged" in lines[0] or "set aside as" in lines[0], lines[0]
        else:
            assert lines == []
        assert sorted(p.name for p in out.parent.iterdir() if p.name.startswith(".out")) == []
    assert run(root, tmp_path / "out") == ([], [])  # the cache is whole again
    print(f"\n{sum(counts.values())} faults in {rounds} builds: {dict(counts)}; targets {dict(targets)}")
    assert all(counts[f.__name__] >= 20 for f in FAULTS), counts
    assert min(targets[t] for t in ("document", "registry", "entities")) >= 20, targets


def test_the_cli_prints_the_warning_as_one_line_and_builds(project, tmp_path):
    root, cold = project
    build(root, tmp_path / "first")
    entry = cache_files(root / ".cklod" / "cache" / "docs")[0]
    data = bytearray(entry.read_bytes())
    data[len(data) // 2] ^= 0x01
    entry.write_bytes(bytes(data))
    out = tmp_path / "out"
    done = subprocess.run(
        [sys.executable, "-m", "cklod", "build", "--project", str(root), "--out", str(out), "-q"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    cache = (root / ".cklod" / "cache").resolve()
    assert done.stderr.splitlines() == [
        f"warning: build cache {cache}: 1 damaged entry dropped and rebuilt "
        f"(docs/{entry.name}: content does not match its digest)"
    ]
    assert tree_hash(out) == cold
