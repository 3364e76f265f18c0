"""The build cache (.cklod/cache/): what an earlier build computed, kept so the next one can reuse it.

Three kinds of entry, each a file of its own:

- ``docs/<key>.entry``: one document's work (DocumentEntry): loaded and checked, mapped and reasoned, locally
  validated, laid out for the dumps — as far as the build that made it got. ``key`` is the SHA-256 of
  everything that work depends on: the document's text, sidecar and mapping, every registry file (names
  included), the ontology, shapes/facts.ttl, the base IRI, the cache format and cklod's version and source.
- ``registry.entry``: the checked registry, keyed on the same shared inputs.
- ``entities.entry``: the results of shapes/entities.ttl, keyed on the shared inputs, holding the digest of
  the entity data and that shapes file they were computed for.
- ``parts``: the dump parts (Turtle block, JSON-LD node) of each subject only one document describes, in the
  union's order, each line with its document's key and a checksum of its own (cklod.write.layout): a line that
  fails it is laid out again. Written beside as ``parts.new`` by the write stage, renamed into place on save.

A file is ``MAGIC``, its kind (the entry class's name, 16 bytes), the key it was made for (32 bytes), the
SHA-256 of kind, key and payload (32 bytes), then the payload (a pickle). On read the digest is checked BEFORE
the payload is unpickled, so a damaged file is never unpickled; then the kind and the key must be the ones this
build wants, and the unpickled value must be of its kind's type. A file that fails any of this is dropped (its
document is rebuilt) and the build says so in one warning line. A cache folder that cannot be used (a file in
its place, unreadable) is set aside as ``cache.unusable`` and started again. Entries are written to a temporary file and renamed into place, so a killed build leaves whole entries.
The pickles hold only cklod's own dataclasses and pydantic models; the digest guards against damage, not
against someone who can write to .cklod/ (they could as well edit the sources).
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import pickle
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from cklod import __version__
from cklod.load.corpus import Document
from cklod.load.mapping.load import DocumentMapping
from cklod.load.registry import Registry
from cklod.project import Project
from cklod.shacl.result import Result
from cklod.write.layout import PARTS_FORMAT, Parts, read_parts

FORMAT = 7  # bump when an entry's structure changes shape (7: dump parts in a file of their own)
MAGIC = b"cklod-cache\x00" + FORMAT.to_bytes(4, "big")
_DIGEST = 32  # bytes of a SHA-256
_TAG = 16  # bytes of the kind's name


@dataclass
class DocumentEntry:
    """One document's work, as far as the build that made it got (a later build completes it)."""

    mapping: DocumentMapping  # with the loaded document as mapping.doc
    nquads: bytes  # its graph after reasoning: write.graph_text, encoded
    asserted: int  # distinct asserted quads in it
    results: list[Result] | None = None  # its facts.ttl results; None when it was not validated

    def well_typed(self) -> bool:
        return (
            isinstance(self.mapping, DocumentMapping)
            and isinstance(self.mapping.doc, Document)
            and isinstance(self.nquads, bytes)
            and isinstance(self.asserted, int)
            and (self.results is None or isinstance(self.results, list))
        )


@dataclass
class EntityResults:
    """The results of shapes/entities.ttl over entity data whose digest (with the shapes') is ``digest``."""

    digest: str
    results: list[Result]

    def well_typed(self) -> bool:
        return isinstance(self.digest, str) and isinstance(self.results, list)


def digest(*parts: bytes) -> str:
    """SHA-256 of ``parts``, each length-prefixed so that no two different lists give the same bytes."""
    h = hashlib.sha256()
    for part in parts:
        h.update(len(part).to_bytes(8, "big"))
        h.update(part)
    return h.hexdigest()


def _tag(kind: type) -> bytes:
    return kind.__name__.encode().ljust(_TAG, b" ")[:_TAG]


def seal(key: str, value: object) -> bytes:
    """The bytes of an entry file holding ``value``, made for ``key`` (a hex SHA-256)."""
    payload = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    signed = _tag(type(value)) + bytes.fromhex(key)
    return MAGIC + signed + hashlib.sha256(signed + payload).digest() + payload


class Damaged(Exception):
    """An entry file that cannot be trusted; the message says why, in a few words."""


class Stale(Exception):
    """A whole entry file made for other inputs: not damage, just of no use to this build."""


def unseal(data: bytes, key: str, kind: type) -> object:
    """The ``kind`` value in an entry file's ``data``, checked as the module docstring says; raises Damaged or
    Stale."""
    start, head = len(MAGIC), len(MAGIC) + _TAG + 2 * _DIGEST
    if len(data) < head or not data.startswith(MAGIC):
        raise Damaged("not a cklod cache entry of this format")
    view = memoryview(data)
    signed, stored = data[start : start + _TAG + _DIGEST], data[start + _TAG + _DIGEST : head]
    h = hashlib.sha256(signed)
    h.update(view[head:])
    if h.digest() != stored:
        raise Damaged("content does not match its digest")
    if signed[:_TAG] != _tag(kind):
        raise Damaged(f"holds a {signed[:_TAG].decode().strip()}, not a {kind.__name__}")
    if signed[_TAG:] != bytes.fromhex(key):
        raise Stale()
    try:
        value = pickle.loads(view[head:])
    except Exception as exc:  # a digest-true payload this code cannot read back
        raise Damaged(f"cannot be read back ({type(exc).__name__})") from None
    if not isinstance(value, kind) or not getattr(value, "well_typed", lambda: True)():
        raise Damaged(f"holds a {type(value).__name__} that is not a well-formed {kind.__name__}")
    return value


@functools.cache
def _code() -> str:
    """The cklod version and a digest of the package's own source, file names included: a cache entry made by
    other code is stale even when the version number was not bumped (as while developing)."""
    package = Path(__file__).resolve().parent
    files = sorted(package.rglob("*.py"))
    return __version__ + digest(*(p.relative_to(package).as_posix().encode() + p.read_bytes() for p in files))


def _read(path: Path) -> bytes:
    """A source file's bytes for a key; b"" when it is not a regular file or cannot be read (the load stage then
    says why). A named pipe or a device is never opened: reading it could block for ever."""
    try:
        return path.read_bytes() if path.is_file() else b""
    except OSError:
        return b""


@dataclass
class BuildCache:
    """The entries under ``folder`` for one project state (``common``: the digest of the shared inputs)."""

    folder: Path
    common: str
    damaged: list[str] = field(default_factory=list)  # "<file>: <why>" of each entry dropped in this build
    set_aside: str | None = None  # why the folder was set aside, when it was
    usable: bool = True  # False when the folder was unusable and could not be set aside: no cache this build

    @classmethod
    def open(cls, root: Path, base: str, folder: Path | None = None) -> BuildCache:
        project = Project(root)
        registry = sorted(project.registry.glob("*.yaml"))
        shared = [_read(p) for p in registry] + [_read(project.ontology), _read(project.fact_shapes)]
        names = [p.name.encode() for p in registry]
        common = digest(_code().encode(), str(FORMAT).encode(), base.encode(), *names, *shared)
        cache = cls(folder or root / ".cklod" / "cache", common)
        cache._check_folder()
        return cache

    def _check_folder(self) -> None:
        """Set the folder aside when it cannot hold entries (a file in its place, an unreadable folder)."""
        for path in (self.folder.parent, self.folder, self.folder / "docs"):
            if (path.is_symlink() and not path.exists()) or (path.exists() and not path.is_dir()):
                why = f"{path.name} is not a folder"
            elif path.exists() and not os.access(path, os.R_OK | os.W_OK | os.X_OK):
                why = f"{path.name} cannot be read and written"
            else:
                continue
            self._set_aside(path, why)
            return

    def _set_aside(self, path: Path, why: str) -> None:
        aside = path.with_name(f"{path.name}.unusable")
        try:
            _remove(aside)
            path.rename(aside)
            self.set_aside = f"{why}; set aside as {aside.name} and started again"
        except OSError as exc:
            self.set_aside = f"{why} and cannot be set aside ({exc.strerror}); built without it"
            self.usable = False

    def document_key(self, doc_id: str, txt: Path, meta: Path, mapping: Path) -> str:
        return digest(self.common.encode(), doc_id.encode(), _read(txt), _read(meta), _read(mapping))

    def _document_path(self, key: str) -> Path:
        return self.folder / "docs" / f"{key}.entry"

    def document(self, key: str) -> DocumentEntry | None:
        """The entry of a document whose inputs digest to ``key``; None when there is none to trust."""
        return self._load(self._document_path(key), key, DocumentEntry, stale_is_damage=True)

    def registry(self) -> Registry | None:
        return self._load(self.folder / "registry.entry", self.common, Registry)

    def entities(self) -> EntityResults | None:
        """The entity results kept by the last build with these shared inputs, whatever entity data they were
        for (the validate stage compares their digest with its own)."""
        return self._load(self.folder / "entities.entry", self.common, EntityResults)

    def _load(self, path: Path, key: str, kind: type, stale_is_damage: bool = False):
        if not self.usable:
            return None
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            return None
        except OSError as exc:
            return self._drop(path, f"cannot be read ({exc.strerror})")
        try:
            return unseal(data, key, kind)
        except Stale:
            return self._drop(path, "made for other inputs than its name says") if stale_is_damage else None
        except Damaged as exc:
            return self._drop(path, str(exc))

    def _drop(self, path: Path, why: str) -> None:
        self.damaged.append(f"{path.relative_to(self.folder).as_posix()}: {why}")
        with contextlib.suppress(OSError):  # else it is written over, or dropped again, by the next build
            _remove(path)
        return None

    def parts(self) -> Iterator[tuple[str, str, Parts]] | None:
        """The dump parts kept by the last build with these shared inputs (read as they are used), or None."""
        path = self.folder / "parts"
        if not self.usable or not path.is_file():
            return None
        return self._read_parts(path)

    def _read_parts(self, path: Path) -> Iterator[tuple[str, str, Parts]]:
        try:
            with path.open(encoding="utf-8", newline="\n") as f:
                if f.readline() != self.parts_header() + "\n":
                    return
                yield from read_parts(f)
        except (OSError, UnicodeDecodeError, ValueError):
            return  # what was read is checked line by line; the rest is laid out again

    def new_parts(self) -> Path | None:
        """Where the write stage keeps this build's parts (its first line: parts_header), or None without a cache."""
        if not self.usable:
            return None
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
        except OSError:
            return None
        return self.folder / "parts.new"

    def parts_header(self) -> str:
        return f"{PARTS_FORMAT} {self.common}"

    def warning(self) -> str | None:
        """One line on what was found damaged in this build, or None."""
        if self.set_aside:
            return f"build cache {self.folder}: {self.set_aside}"
        if not self.damaged:
            return None
        n = len(self.damaged)
        what = "entry" if n == 1 else "entries"
        return f"build cache {self.folder}: {n} damaged {what} dropped and rebuilt ({self.damaged[0]})"

    def save(
        self,
        documents: Iterable[tuple[str, DocumentEntry]],
        keep: set[str],
        registry: Registry | None = None,
        entities: EntityResults | None = None,
        parts: bool = False,
    ) -> str | None:
        """Write ``documents`` ((key, entry) made or completed in this build, one at a time), the registry and
        the entity results where given, the new parts file (new_parts) when ``parts``, and remove every other
        file but the entries keyed in ``keep``. Returns a line saying why the cache could not be written, or
        None: the build does not depend on it."""
        if not self.usable:
            return None
        try:
            (self.folder / "docs").mkdir(parents=True, exist_ok=True)
            written = set()
            for key, entry in documents:
                _write(self._document_path(key), seal(key, entry))
                written.add(key)
            if registry is not None:
                _write(self.folder / "registry.entry", seal(self.common, registry))
            if entities is not None:
                _write(self.folder / "entities.entry", seal(self.common, entities))
            if parts:
                os.replace(self.folder / "parts.new", self.folder / "parts")
            wanted = {f"{key}.entry" for key in keep | written}
            for path in (self.folder / "docs").iterdir():
                if path.name not in wanted:
                    _remove(path)
            for path in self.folder.iterdir():
                if path.name not in {"docs", "registry.entry", "entities.entry", "parts"}:
                    _remove(path)  # files of older formats, temporary files of killed builds
        except OSError as exc:
            return f"build cache {self.folder}: not saved ({exc.strerror or exc})"
        return None


def _write(path: Path, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    elif path.exists() or path.is_symlink():
        path.unlink()
