"""The build cache (.cklod/cache/): each document's loaded, mapped, reasoned and locally validated result.

An entry is keyed by the SHA-256 of everything that result depends on — the document's text and sidecar, its
mapping, every registry file, the ontology, shapes/facts.ttl, the base IRI, the cklod version and source code —
so a hit is exactly what a cold build would compute (tests/test_scale.py proves the output/ bytes equal). Editing one
mapping rebuilds one document; editing the registry, the ontology or the shapes rebuilds all. Entries of
documents no longer in the corpus are removed after each build.
"""

from __future__ import annotations

import functools
import hashlib
import os
import pickle
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cklod import __version__
from cklod.project import Project

FORMAT = 5  # bump when the pickled structures change shape (5: Turtle blocks kept with JSON-LD nodes)


@dataclass
class Entry:
    """One document's cached result."""

    doc: Any  # cklod.corpus.Document
    mapping: Any  # cklod.mapping.load.DocumentMapping
    nquads: bytes | None = None  # the document's graph after reasoning: write.graph_text, encoded
    asserted: int = 0
    results: list | None = None  # facts.ttl results (cklod.stages.validate.Result), None if not validated
    parts: dict | None = None  # dump parts of the subjects only this graph has (cklod.stages.layout)


def _digest(*parts: bytes) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(len(part).to_bytes(8, "big"))
        h.update(part)
    return h.hexdigest()


@functools.cache
def _code() -> str:
    """The cklod version and a digest of the package's own source, file names included: a cache entry made by
    other code is stale even when the version number was not bumped (as while developing)."""
    package = Path(__file__).resolve().parent
    files = sorted(package.rglob("*.py"))
    return __version__ + _digest(
        *(p.relative_to(package).as_posix().encode() + p.read_bytes() for p in files)
    )


def _read(path: Path) -> bytes:
    return path.read_bytes() if path.is_file() else b""  # not a file: the load stage says what it is


@dataclass
class BuildCache:
    """Entries under ``folder``, valid for one project state (``common`` is the hash of the shared inputs)."""

    folder: Path
    common: str
    entries: dict[str, Entry] = field(default_factory=dict)  # doc id -> entry found or made in this build
    keys: dict[str, str] = field(default_factory=dict)  # doc id -> key
    dirty: set[str] = field(default_factory=set)  # doc ids whose entry is new or changed
    memos: dict[str, str] = field(default_factory=dict)  # memo name -> file used in this build

    @classmethod
    def open(cls, root: Path, base: str, folder: Path | None = None) -> BuildCache:
        project = Project(root)
        registry = sorted(project.registry.glob("*.yaml"))
        shared = [_read(p) for p in registry] + [
            _read(project.ontology),
            _read(project.fact_shapes),
        ]
        names = [p.name.encode() for p in registry]
        common = _digest(_code().encode(), str(FORMAT).encode(), base.encode(), *names, *shared)
        return cls(folder or root / ".cklod" / "cache", common)

    def _path(self, key: str) -> Path:
        return self.folder / "docs" / f"{key}.pickle"

    def key(self, doc_id: str, txt: Path, meta: Path, mapping: Path) -> str:
        key = _digest(self.common.encode(), doc_id.encode(), _read(txt), _read(meta), _read(mapping))
        self.keys[doc_id] = key
        return key

    def get(self, doc_id: str, txt: Path, meta: Path, mapping: Path) -> Entry | None:
        path = self._path(self.key(doc_id, txt, meta, mapping))
        try:
            with path.open("rb") as f:
                entry = pickle.load(f)
        except (OSError, pickle.PickleError, EOFError, AttributeError, ImportError):
            return None
        self.entries[doc_id] = entry
        return entry

    def put(self, doc_id: str, entry: Entry) -> None:
        self.entries[doc_id] = entry
        self.dirty.add(doc_id)

    def registry(self, load: Callable[[], tuple[Any, bool]]) -> Any:
        """The registry, unpickled when the registry files are unchanged, else ``load()`` -> (registry, ok);
        kept when ok (no problem found)."""
        path = self.folder / f"registry-{self.common}.pickle"
        try:
            with path.open("rb") as f:
                return pickle.load(f)
        except (OSError, pickle.PickleError, EOFError, AttributeError, ImportError):
            pass
        registry, ok = load()
        if ok:
            self._write(path, registry)
        return registry

    def memo(self, name: str, digest: str, compute: Callable[[], Any]) -> Any:
        """``compute()``, or its value from an earlier build where ``digest`` (of all its inputs) was the same."""
        path = self.folder / f"{name}-{digest}.pickle"
        self.memos[name] = path.name
        try:
            with path.open("rb") as f:
                return pickle.load(f)
        except (OSError, pickle.PickleError, EOFError, AttributeError, ImportError):
            pass
        value = compute()
        self._write(path, value)
        return value

    def _write(self, path: Path, value: object) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        with os.fdopen(fd, "wb") as f:
            pickle.dump(value, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)

    def save(self) -> None:
        """Write the entries made or completed in this build; drop entries of documents not in it."""
        for doc_id in sorted(self.dirty):
            self._write(self._path(self.keys[doc_id]), self.entries[doc_id])
        self.dirty.clear()
        wanted = {f"{self.keys[d]}.pickle" for d in self.entries}
        for stale in (self.folder / "docs").glob("*.pickle"):
            if stale.name not in wanted:
                stale.unlink()
        keep = {f"registry-{self.common}.pickle", *self.memos.values()}
        for name in ("registry", *self.memos):
            for stale in self.folder.glob(f"{name}-*.pickle"):
                if stale.name not in keep:
                    stale.unlink()
