"""Files a user's disk, editor or a hostile contributor can hand cklod: each ends as one exact ``error:`` line,
exit 2 from both ``cklod check`` and ``cklod build``, and output/ byte-identical (docs/errors.md)."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from cklod.cli import main
from test_bad_input import DOC, MAPPING, ROLE, edit, role_with

SIDECAR = f"corpus/{DOC}.meta.yaml"
TEXT = f"corpus/{DOC}.txt"
PLACES = "mappings/registry/places.yaml"
_MAPPING_TEXT = (Path(__file__).resolve().parents[1] / MAPPING).read_text(encoding="utf-8")
ROLE_LINE = _MAPPING_TEXT[: _MAPPING_TEXT.index(ROLE)].count("\n") + 1  # where ROLE starts in MAPPING
STATS = "mappings/000_8bfd59a1c3f8cacf.yaml"
STAT = "    value: 100\n"  # of the fact 'guests-at-ceremony', once in STATS
STAT_FACT = "fact 'guests-at-ceremony': field 'value':"
BOILERPLATE_RANGE = "field 'boilerplate.0.lines': write a line range like '1-6' or a single line like '31'"
HEAD = f"document: {DOC}\nfacts: []\n"
# Nine times nine times ... nested aliases: about 600 bytes that expand to 9**9 strings.
BOMB = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n' + "".join(
    f"{b}: &{b} [{', '.join([f'*{a}'] * 9)}]\n" for a, b in zip("abcdefgh", "bcdefghi", strict=True)
)

# What an unknown id of any kind is told: where a new entry goes.
ANY_KIND = (
    "; add its entry to the file of its kind in mappings/registry/ (people.yaml, organizations.yaml, "
    "countries.yaml, places.yaml, events.yaml, initiatives.yaml, brands.yaml)"
)


def tree_digest(path: Path) -> str:
    """One digest of every file, folder and link under ``path`` (names, kinds and bytes)."""
    digest = hashlib.sha256()
    for item in sorted(path.rglob("*")):
        digest.update(str(item.relative_to(path)).encode() + b"\0")
        if item.is_symlink():
            digest.update(b"link:" + os.readlink(item).encode())
        elif item.is_file():
            digest.update(b"file:" + item.read_bytes())
        else:
            digest.update(b"dir")
    return digest.hexdigest()


def append(project: Path, rel: str, data: bytes, offset: int = 0) -> int:
    """Append ``data`` to ``rel``; return the line it starts on, plus ``offset``."""
    line = (project / rel).read_bytes().count(b"\n") + 1
    with (project / rel).open("ab") as f:
        f.write(data)
    return line + offset


def write(project: Path, rel: str, data: bytes, line: int = 1) -> int:
    (project / rel).unlink()
    (project / rel).write_bytes(data)
    return line


def relink(project: Path, rel: str, target: str) -> int:
    (project / rel).unlink()
    (project / rel).symlink_to(target)
    return 1


def folder(project: Path, rel: str) -> int:
    if (project / rel).exists():
        (project / rel).unlink()
    (project / rel).mkdir()
    (project / rel / "inside.yaml").write_text("a: 1\n")
    return 1


def pipe(project: Path, rel: str) -> int:
    (project / rel).unlink()
    os.mkfifo(project / rel)
    return 1


def remove(project: Path, rel: str) -> int:
    path = project / rel
    for item in path.iterdir() if path.is_dir() else ():
        item.unlink()
    path.rmdir() if path.is_dir() else path.unlink()
    return 1


def in_role(project: Path, offset: int, **changes: str) -> int:
    """ROLE with ``changes`` (see test_bad_input.role_with); the line ``offset`` lines into it."""
    edit(project, MAPPING, ROLE, role_with(**changes))
    return ROLE_LINE + offset


def entry(external: str) -> bytes:
    return f"- id: x\n  type: City\n  name: X\n  external: {external}\n".encode()


ALIAS = "is not allowed: write the value out in full"
TAG = "is not allowed: write plain text, numbers, lists and maps"
NOT_UTF8 = "not UTF-8 text (byte 0xe9): save the file as UTF-8"
LATIN1 = "# café\n".encode("latin-1")
FOLDER = "is a folder, not a file: rename or remove it"
NOT_REGULAR = "not a regular file (a pipe, socket or device): replace it by a file"
MISSING = "missing (is this a cklod project folder?)"
NOT_A_MAPPING = "a mapping file must be a YAML mapping with 'document:' and 'facts:', not"
SAME_AS = "entry 'x': field 'external.sameAs.0':"
FULL_ADDRESS = "write the full address, like https://..."
NL = "\n"

# Each case: (break the project copy and return the line to report, file to report, message), by class.
Case = tuple[Callable[[Path], int], str, str]
CASES: dict[str, dict[str, Case]] = {
    "bounds": {
        "alias bomb in a mapping": (
            lambda p: write(p, MAPPING, (HEAD + BOMB).encode(), 4),
            MAPPING,
            f"YAML alias '*a' {ALIAS}",
        ),
        "alias in a sidecar": (
            lambda p: append(p, SIDECAR, b"extra: &n x\nagain: *n\n", 1),
            SIDECAR,
            f"YAML alias '*n' {ALIAS}",
        ),
        "alias in a registry file": (
            lambda p: append(p, PLACES, b"- id: x\n  type: City\n  name: &n X\n  alt: [*n]\n", 3),
            PLACES,
            f"YAML alias '*n' {ALIAS}",
        ),
        "20,000-deep flow list": (
            lambda p: write(p, MAPPING, (HEAD + "x: " + "[" * 20000 + "]" * 20000 + NL).encode(), 3),
            MAPPING,
            "nested more than 64 levels deep",
        ),
        "deep flow mapping": (
            lambda p: write(p, MAPPING, (HEAD + "x: " + "{a: " * 5000 + "1" + "}" * 5000 + NL).encode(), 3),
            MAPPING,
            "nested more than 64 levels deep",
        ),
        "deep block mapping": (
            lambda p: write(
                p, MAPPING, (HEAD + "".join(" " * i + "k:" + NL for i in range(200))).encode(), 67
            ),
            MAPPING,
            "nested more than 64 levels deep",
        ),
        "5,000-digit integer": (
            lambda p: in_role(p, 6, nth="    nth: " + "9" * 5000 + NL),
            MAPPING,
            "number of 5000 characters (at most 100): quote it if it is text",
        ),
        "5,000-digit decimal": (
            lambda p: in_role(p, 6, nth="    nth: 1." + "5" * 5000 + NL),
            MAPPING,
            "number of 5002 characters (at most 100): quote it if it is text",
        ),
        "a million-digit number in eleven characters": (
            lambda p: edit(p, STATS, STAT, "    value: 1e999999999\n"),
            STATS,
            f"{STAT_FACT} '1E+999999999' has more than 100 digits written out",
        ),
        "a 5,000-digit line number in a boilerplate range": (
            lambda p: edit(p, SIDECAR, '"10-11"', '"10-' + "1" * 5000 + '"'),
            SIDECAR,
            BOILERPLATE_RANGE,
        ),
        "a million decimal places in eleven characters": (
            lambda p: edit(p, STATS, STAT, "    value: 1e-99999999\n"),
            STATS,
            f"{STAT_FACT} '1E-99999999' has more than 100 digits written out",
        ),
        "file over 8 MiB": (
            lambda p: append(p, MAPPING, b"# " + b"x" * (8 * 1024 * 1024) + b"\n") and 1,
            MAPPING,
            "larger than 8 MiB: split it into smaller files",
        ),
    },
    "encoding": {
        "Latin-1 mapping": (lambda p: append(p, MAPPING, LATIN1), MAPPING, NOT_UTF8),
        "Latin-1 sidecar": (lambda p: append(p, SIDECAR, LATIN1), SIDECAR, NOT_UTF8),
        "Latin-1 registry file": (lambda p: append(p, PLACES, LATIN1), PLACES, NOT_UTF8),
        "UTF-16 mapping": (
            lambda p: write(p, MAPPING, (p / MAPPING).read_text(encoding="utf-8").encode("utf-16")),
            MAPPING,
            "not UTF-8 text (byte 0xff): save the file as UTF-8",
        ),
        "NUL byte in a mapping": (
            lambda p: append(p, MAPPING, b"# \x00\n"),
            MAPPING,
            "control character U+0000 is not allowed in YAML text",
        ),
        "control character in a sidecar": (
            lambda p: append(p, SIDECAR, b"# \x07\n"),
            SIDECAR,
            "control character U+0007 is not allowed in YAML text",
        ),
        "document text not UTF-8": (lambda p: append(p, TEXT, b"caf\xe9\n"), TEXT, NOT_UTF8),
        "Turtle shapes not UTF-8": (
            lambda p: append(p, "shapes/rules.ttl", LATIN1),
            "shapes/rules.ttl",
            NOT_UTF8,
        ),
    },
    "file kind": {
        "mapping is a symlink loop": (
            lambda p: relink(p, MAPPING, f"{DOC}.yaml"),
            MAPPING,
            "symbolic link loop: the link points back to itself",
        ),
        "mapping is a dangling symlink": (
            lambda p: relink(p, MAPPING, "/nowhere/m.yaml"),
            MAPPING,
            "dangling symbolic link: its target /nowhere/m.yaml does not exist",
        ),
        "sidecar is a dangling symlink": (
            lambda p: relink(p, SIDECAR, "gone.yaml"),
            SIDECAR,
            "dangling symbolic link: its target gone.yaml does not exist",
        ),
        "mapping is a named pipe": (
            lambda p: pipe(p, MAPPING),
            MAPPING,
            NOT_REGULAR,
        ),
        "mapping links to a device": (lambda p: relink(p, MAPPING, "/dev/zero"), MAPPING, NOT_REGULAR),
        "mapping is a folder": (lambda p: folder(p, MAPPING), MAPPING, FOLDER),
        "a folder named *.yaml in mappings/": (
            lambda p: folder(p, "mappings/notes.yaml"),
            "mappings/notes.yaml",
            FOLDER,
        ),
        "a folder named *.yaml in the registry": (
            lambda p: folder(p, "mappings/registry/more.yaml"),
            "mappings/registry/more.yaml",
            FOLDER,
        ),
        "a folder named *.txt in the corpus": (lambda p: folder(p, "corpus/zz.txt"), "corpus/zz.txt", FOLDER),
        "ontology missing": (lambda p: remove(p, "ontology/cklod.ttl"), "ontology/cklod.ttl", MISSING),
        "shapes folder missing": (lambda p: remove(p, "shapes"), "shapes", MISSING),
        "mapping missing": (lambda p: remove(p, MAPPING), TEXT, f"no mapping file {MAPPING}"),
    },
    "syntax": {
        "tab in the indentation": (
            lambda p: in_role(p, 1, kind="\t  kind: role\n"),
            MAPPING,
            "YAML syntax error: a tab in the indentation: indent with spaces",
        ),
        "duplicate key": (
            lambda p: in_role(p, 2, kind="    kind: role\n    kind: role\n"),
            MAPPING,
            "duplicate key 'kind'",
        ),
        "a Python tag": (
            lambda p: in_role(p, 4, title="    title: !!python/object/apply:os.system [ls]\n"),
            MAPPING,
            f"YAML tag '!!python/object/apply:os.system' {TAG}",
        ),
        "a binary tag in a sidecar": (
            lambda p: append(p, SIDECAR, b"extra: !!binary aGk=\n"),
            SIDECAR,
            f"YAML tag '!!binary' {TAG}",
        ),
        "a set tag in the registry": (
            lambda p: append(p, PLACES, b"- !!set {x}\n"),
            PLACES,
            f"YAML tag '!!set' {TAG}",
        ),
        "an explicit int that is not one": (
            lambda p: in_role(p, 6, nth="    nth: !!int 1x\n"),
            MAPPING,
            "'1x' is not a valid whole number",
        ),
        "unclosed list in the registry": (
            lambda p: append(p, PLACES, b"- id: x\n  alt: [a, b\n", 2),
            PLACES,
            "YAML syntax error: expected ',' or ']', but got '<stream end>'",
        ),
        "unterminated quote in a sidecar": (
            lambda p: append(p, SIDECAR, b'extra: "open\n', 1),
            SIDECAR,
            "YAML syntax error: found unexpected end of stream",
        ),
        "broken Turtle in the ontology": (
            lambda p: append(p, "ontology/cklod.ttl", b"cklod:Thing a cklod:Class\n", 1),
            "ontology/cklod.ttl",
            "Turtle syntax error: Unexpected end",
        ),
        "broken Turtle in a shapes file": (
            lambda p: append(p, "shapes/facts.ttl", b"nope:x a nope:Y .\n"),
            "shapes/facts.ttl",
            "Turtle syntax error: The prefix nope: has not been declared",
        ),
    },
    "structure": {
        "empty mapping file": (lambda p: write(p, MAPPING, b""), MAPPING, f"{NOT_A_MAPPING} an empty file"),
        "mapping that is a list": (
            lambda p: write(p, MAPPING, b"- document: x\n"),
            MAPPING,
            f"{NOT_A_MAPPING} a list",
        ),
        "mapping that is one value": (
            lambda p: write(p, MAPPING, b"hello\n"),
            MAPPING,
            f"{NOT_A_MAPPING} a single value ('hello')",
        ),
        "empty sidecar": (
            lambda p: write(p, SIDECAR, b""),
            SIDECAR,
            "a sidecar must be a YAML mapping, not an empty file",
        ),
        "sidecar that is a list": (
            lambda p: write(p, SIDECAR, b"- id: x\n"),
            SIDECAR,
            "a sidecar must be a YAML mapping, not a list",
        ),
        "registry file that is a mapping": (
            lambda p: write(p, PLACES, b"astana: {type: City}\n"),
            PLACES,
            "a registry file must be a YAML list of entries, not a mapping",
        ),
        "a boilerplate range in superscript digits": (
            lambda p: edit(p, SIDECAR, '"10-11"', '"10-1\u00b9"'),
            SIDECAR,
            BOILERPLATE_RANGE,
        ),
        "nth written as true": (
            lambda p: in_role(p, 6, nth="    nth: true\n"),
            MAPPING,
            "fact 'role-shaimergenova': field 'nth': Input should be a valid integer",
        ),
        "a fact that is a string": (
            lambda p: edit(p, MAPPING, ROLE, "  - just a sentence\n" + ROLE),
            MAPPING,
            "a fact must be a mapping with id, kind and quote",
        ),
    },
    "language tags": {
        "registry label in no language": (
            lambda p: edit(p, PLACES, "  name: Astana\n", "  name: Astana\n  labels: {'e n': Astana}\n") + 1,
            PLACES,
            "entry 'astana': field 'labels.e n.[key]': 'e n' is not a language tag (like 'en', 'kk', 'zh-Hans')",
        ),
        "sidecar language that is no language tag": (
            lambda p: edit(p, SIDECAR, "language: en\n", "language: english please\n"),
            SIDECAR,
            "field 'language': 'english please' is not a language tag (like 'en', 'kk', 'zh-Hans')",
        ),
    },
    "IRI": {
        "fact id with a line break": (
            lambda p: in_role(p, 0, id='  - id: "role-shaimergenova\\n"\n'),
            MAPPING,
            "fact 'role-shaimergenova\\n': field 'id': 'role-shaimergenova\\n' is not a slug "
            "(lowercase a-z, 0-9 and single '-')",
        ),
        "registry id with a line break": (
            lambda p: edit(p, PLACES, "- id: astana\n", '- id: "astana\\n"\n'),
            PLACES,
            "entry 'astana\\n': field 'id': 'astana\\n' is not a slug (lowercase a-z, 0-9 and single '-')",
        ),
        "sameAs that is not an IRI": (
            lambda p: append(p, PLACES, entry("{sameAs: [Astana city]}"), 3),
            PLACES,
            f"{SAME_AS} 'Astana city' is not an IRI (Invalid IRI code point ' '): {FULL_ADDRESS}",
        ),
        "sameAs written as a CURIE": (
            lambda p: append(p, PLACES, entry("{sameAs: [wd:Q1]}"), 3),
            PLACES,
            f"{SAME_AS} 'wd:Q1' is not an http(s) IRI: {FULL_ADDRESS}",
        ),
        "sameAs that is a bare id": (
            lambda p: append(p, PLACES, entry("{sameAs: [Q1]}"), 3),
            PLACES,
            f"{SAME_AS} 'Q1' is not an IRI (No scheme found in an absolute IRI): {FULL_ADDRESS}",
        ),
    },
    "references": {
        "unknown publisher in a sidecar": (
            lambda p: append(p, SIDECAR, b"publisher: {entity: astanna}\n"),
            SIDECAR,
            "publisher: unknown registry id 'astanna' (did you mean 'astana'?); a new person or organization "
            "is added to mappings/registry/people.yaml or organizations.yaml",
        ),
        "unknown mentioned entity": (
            lambda p: edit(p, MAPPING, "  - entity: central-asia\n", "  - entity: central-asa\n"),
            MAPPING,
            "entity: unknown registry id 'central-asa' (did you mean 'central-asia'?)" + ANY_KIND,
        ),
        "distinct_from an unknown id": (
            lambda p: append(p, PLACES, b"- id: x\n  type: City\n  name: X\n  distinct_from: [astanaa]\n"),
            PLACES,
            "distinct_from: unknown registry id 'astanaa' (did you mean 'astana'?)" + ANY_KIND,
        ),
        "capacity names no role": (
            lambda p: edit(p, MAPPING, "    capacity: role-shaimergenova\n", "    capacity: role-nobody\n"),
            MAPPING,
            "capacity: no role fact 'role-nobody' in this file",
        ),
    },
    "dates": {
        "sidecar date that does not exist": (
            lambda p: edit(p, SIDECAR, 'date_published: "2025"', 'date_published: "2025-02-30"'),
            SIDECAR,
            "'2025-02-30' is not a real date (day is out of range for month)",
        ),
        "date with a trailing line break": (
            lambda p: in_role(p, 6, date='    date: "2025\\n"\n'),
            MAPPING,
            "date: bad date '2025\\n': write 'YYYY-MM-DD', 'YYYY-MM' or 'YYYY'",
        ),
        "date in Arabic-Indic digits": (
            lambda p: in_role(p, 6, date='    date: "\u0662\u0660\u0662\u0665"\n'),
            MAPPING,
            "date: bad date '\u0662\u0660\u0662\u0665': write 'YYYY-MM-DD', 'YYYY-MM' or 'YYYY'",
        ),
        "year 0": (
            lambda p: in_role(p, 6, date='    date: "0000"\n'),
            MAPPING,
            "date: '0000' is not a real date (year 0 is out of range)",
        ),
    },
}
FLAT = {f"{kind}: {name}": case for kind, cases in CASES.items() for name, case in cases.items()}


@pytest.fixture
def prior_output(project_copy: Path) -> Path:
    """An output/ an earlier build left, which a refused build must not touch."""
    out = project_copy / "output"
    (out / "data").mkdir(parents=True)
    (out / "cklod.nq").write_bytes(b"<urn:a> <urn:b> <urn:c> .\n")
    (out / "data" / "part.ttl").write_bytes(b"# the previous build\n")
    return out


def assert_refused(project: Path, out: Path, expected: list[str]) -> None:
    before, around = tree_digest(out), sorted(n for n in os.listdir(project) if n != ".cklod")
    for args in (["check"], ["build", "--out", str(out)]):
        result = CliRunner().invoke(main, [*args, "--project", str(project)])
        assert isinstance(result.exception, SystemExit), result.exception
        assert result.exit_code == 2, result.output
        assert [ln for ln in result.stderr.splitlines() if ln.startswith("error: ")] == [
            f"error: {line}" for line in expected
        ]
        assert "Traceback" not in result.stderr
    assert tree_digest(out) == before
    assert sorted(n for n in os.listdir(project) if n != ".cklod") == around


@pytest.mark.parametrize("case", sorted(FLAT))
def test_bad_file_is_one_exact_line_and_output_untouched(case, project_copy, prior_output):
    breaks, file, message = FLAT[case]
    line = breaks(project_copy)
    assert_refused(project_copy, prior_output, [f"{file}:{line}: {message}"])


@pytest.mark.parametrize(
    "name, change",
    [
        ("byte order mark", lambda text: "\ufeff" + text),
        ("CRLF line endings", lambda text: text.replace("\n", "\r\n")),
    ],
)
def test_what_editors_write_is_read_as_the_same_mapping(name, change, project_copy):
    path = project_copy / MAPPING
    path.write_bytes(change(path.read_text(encoding="utf-8")).encode("utf-8"))
    result = CliRunner().invoke(main, ["check", "--project", str(project_copy)])
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("ok: 5 documents")


def test_a_megabyte_value_is_reported_on_one_short_line(project_copy, prior_output):
    line = in_role(project_copy, 3, holder="    holder: " + "x" * 1_000_000 + "\n")
    message = f"holder: unknown registry id '{'x' * 1_000_000}'"
    assert_refused(project_copy, prior_output, [f"{MAPPING}:{line}: {message[:397]}..."])


def test_every_class_has_cases():
    assert {kind: len(cases) for kind, cases in CASES.items()} == {
        "bounds": 12,
        "encoding": 8,
        "file kind": 12,
        "syntax": 10,
        "structure": 9,
        "language tags": 2,
        "IRI": 5,
        "references": 4,
        "dates": 4,
    }


def test_a_flood_of_problems_stops_after_200(project_copy, prior_output):
    broken = "".join(role_with(id=f"  - id: r{i}\n", holder=f"    holder: nobody-{i}\n") for i in range(1000))
    edit(project_copy, MAPPING, ROLE, ROLE + broken)
    lines = [ROLE_LINE + 6 * (i + 1) + 3 for i in range(200)]  # the holder line of each broken role
    new_person = "; a new person is added to mappings/registry/people.yaml"
    expected = [
        f"{MAPPING}:{line}: holder: unknown registry id 'nobody-{i}'{new_person}"
        for i, line in enumerate(lines)
    ]
    stop = f"{MAPPING}:{lines[-1]}: stopped after 200 problems: fix these and run again"
    assert_refused(project_copy, prior_output, [*expected, stop])
