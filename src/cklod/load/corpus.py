"""The corpus: source documents byte for byte, with their metadata sidecars."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, field_validator, model_validator

from cklod.errors import BadInput, Collector
from cklod.load.checked import LanguageTag, check
from cklod.load.dates import Date, parse_date
from cklod.load.evidence import Span, line_starts, locate
from cklod.load.mapping.model import DateText
from cklod.load.sourcefile import decode_utf8, read_bytes
from cklod.load.yamlsrc import LDict, kind_of, load_yaml
from cklod.rdf.iris import DOC_ID, SHARED_GRAPHS


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class AgentRef(_Strict):
    entity: str
    quote: str | None = None


class BoilerplateRange(_Strict):
    lines: str
    kind: Literal["navigation", "byline", "footer", "title", "dateline", "other"]

    @field_validator("lines")
    @classmethod
    def _range(cls, v: str) -> str:
        # ASCII digits only, and few: isdigit() takes '²', which int() refuses, and a 5,000-digit line number
        if not re.fullmatch(r" *[0-9]{1,9} *(?:- *[0-9]{1,9} *)?", str(v)):
            raise ValueError("write a line range like '1-6' or a single line like '31'")
        return str(v)


class DocumentMeta(_Strict):
    id: str
    title: str
    title_quote: str | None = None
    type: Literal["NewsArticle", "OpinionNewsArticle", "ReportageNewsArticle", "AnalysisNewsArticle"] = (
        "NewsArticle"
    )
    language: LanguageTag = "en"
    publisher: AgentRef | None = None
    authors: list[AgentRef] = []
    editors: list[AgentRef] = []
    date_published: DateText
    date_quote: str | None = None
    date_inferred: str | None = None
    # A date the text does not print nor let one work out, known from outside: flagged as other outside facts are.
    date_external: bool = False
    date_source: str | None = None
    boilerplate: list[BoilerplateRange] = []
    note: str | None = None

    @model_validator(mode="after")
    def _external_date(self) -> DocumentMeta:
        if self.date_external:
            if not self.date_source:
                raise ValueError("date_external: true needs date_source (what the date is known from)")
            if self.date_quote is not None:
                raise ValueError("a date the text prints (date_quote) is not external: drop date_external")
        elif self.date_source:
            raise ValueError("date_source is given only with date_external: true")
        return self


@dataclass(frozen=True)
class Boilerplate:
    start: int
    end: int
    first_line: int
    last_line: int
    kind: str


@dataclass
class Document:
    """One source document: its exact text and what its sidecar says of it."""

    id: str
    file_name: str
    text: str
    sha256: str
    meta: DocumentMeta
    date_published: Date
    boilerplate: list[Boilerplate]
    meta_file: str
    line_starts: list[int] = field(repr=False)
    title_span: Span | None = None
    date_span: Span | None = None
    agent_spans: dict[tuple[str, int], Span] = field(default_factory=dict)
    meta_lines: dict[str, int] = field(default_factory=dict)  # sidecar key -> its line, for later checks

    def in_boilerplate(self, start: int, end: int) -> Boilerplate | None:
        for block in self.boilerplate:
            if start < block.end and end > block.start:
                return block
        return None


def _boilerplate(meta: DocumentMeta, starts: list[int], text: str, file: str, problems: Collector):
    blocks = []
    nlines = len(starts)
    for block in meta.boilerplate:
        first, _, last = block.lines.partition("-")
        a, b = int(first), int(last or first)
        if not 1 <= a <= b <= nlines:
            problems.add(file, 1, f"boilerplate lines '{block.lines}' outside the document's 1-{nlines}")
            continue
        end = starts[b] if b < nlines else len(text)
        blocks.append(Boilerplate(starts[a - 1], end, a, b, block.kind))
    return blocks


def load_document(txt: Path, root: Path, problems: Collector) -> Document | None:
    doc_id = txt.stem
    meta_path = txt.with_name(f"{doc_id}.meta.yaml")
    meta_file = str(meta_path.relative_to(root))
    if not DOC_ID.match(doc_id):
        problems.add(str(txt.relative_to(root)), 1, f"document id '{doc_id}' must be lowercase ASCII")
        return None
    if doc_id in SHARED_GRAPHS:
        problems.add(
            str(txt.relative_to(root)),
            1,
            f"document id '{doc_id}' is the name of a shared graph: rename the file",
        )
        return None
    try:
        raw = read_bytes(txt, str(txt.relative_to(root)))
        text = decode_utf8(raw, str(txt.relative_to(root)))
        if not meta_path.exists() and not meta_path.is_symlink():
            problems.add(str(txt.relative_to(root)), 1, f"no metadata sidecar {meta_file}")
            return None
        data = load_yaml(meta_path, meta_file)
    except BadInput as exc:
        problems.problems.extend(exc.problems)
        return None
    if not isinstance(data, LDict):
        problems.add(
            meta_file, getattr(data, "line", 1), f"a sidecar must be a YAML mapping, not {kind_of(data)}"
        )
        return None
    meta = check(DocumentMeta, data, meta_file, problems)
    if meta is None:
        return None
    if meta.id != doc_id:
        problems.add(meta_file, data.line_of("id"), f"id '{meta.id}' does not match file name '{doc_id}'")
    try:
        published = parse_date(meta.date_published)
    except ValueError as exc:
        problems.add(meta_file, data.line_of("date_published"), str(exc))
        return None
    if meta.date_quote is None and meta.date_inferred is None and not meta.date_external:
        problems.add(
            meta_file,
            data.line_of("date_published"),
            "give date_quote (printed), date_inferred (how) or date_external: true with date_source",
        )
    starts = line_starts(text)
    doc = Document(
        id=doc_id,
        file_name=txt.name,
        text=text,
        sha256=hashlib.sha256(raw).hexdigest(),
        meta=meta,
        date_published=published,
        boilerplate=_boilerplate(meta, starts, text, meta_file, problems),
        meta_file=meta_file,
        line_starts=starts,
        meta_lines=dict(data.lines),
    )
    for key, quote in (("title_quote", meta.title_quote), ("date_quote", meta.date_quote)):
        if quote is None:
            continue
        try:
            span = locate(text, quote, starts=starts)
        except ValueError as exc:
            problems.add(meta_file, data.line_of(key), str(exc))
            continue
        if key == "title_quote":
            doc.title_span = span
        else:
            doc.date_span = span
    refs = [("publisher", 0, meta.publisher)] if meta.publisher else []
    refs += [("authors", i, a) for i, a in enumerate(meta.authors)]
    refs += [("editors", i, e) for i, e in enumerate(meta.editors)]
    for key, i, ref in refs:
        if ref.quote is None:
            continue
        try:
            doc.agent_spans[(key, i)] = locate(text, ref.quote, starts=starts)
        except ValueError as exc:
            problems.add(meta_file, data.line_of(key), str(exc))
    return doc


def load_corpus(corpus_dir: Path, root: Path, problems: Collector) -> dict[str, Document]:
    """Every ``*.txt`` in ``corpus_dir`` with its sidecar, keyed by document id, in id order."""
    docs: dict[str, Document] = {}
    for txt in sorted(corpus_dir.glob("*.txt")):
        doc = load_document(txt, root, problems)
        if doc is not None:
            docs[doc.id] = doc
    if not docs and not problems.problems:
        problems.add(str(corpus_dir.relative_to(root)), 1, "the corpus has no documents (*.txt)")
    return docs
