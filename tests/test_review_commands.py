"""`cklod locate`, `cklod registry find` and `cklod check --coverage` on the bundled project."""

from __future__ import annotations

import yaml
from click.testing import CliRunner

from cklod.cli import main
from cklod.load.evidence import locate

DOC = "004_ebc1b76246187781"
TXT = f"corpus/{DOC}.txt"


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def test_locate_gives_each_occurrence_a_within_and_an_nth_that_pick_it(project_root):
    result = run("locate", "--project", str(project_root), DOC, "Shaimergenova")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == f"{TXT}: 'Shaimergenova' occurs 4 times"
    text = (project_root / TXT).read_text(encoding="utf-8")
    starts = [0] + [i + 1 for i, c in enumerate(text) if c == "\n"]
    for n, line in enumerate(lines[1:], 1):
        where, rest = line.split(": nth: ", 1)
        row, column = (int(x) for x in where.removeprefix(f"{TXT}:").split(":"))
        nth, within = rest.split("  or  within: ")
        assert int(nth) == n
        at = starts[row - 1] + column - 1
        assert text[at : at + len("Shaimergenova")] == "Shaimergenova"
        # Both hints, copied into a mapping, select this very occurrence.
        assert locate(text, "Shaimergenova", nth=n).start == at
        assert locate(text, "Shaimergenova", within=yaml.safe_load(within)).start == at


def test_locate_a_unique_quote(project_root):
    result = run("locate", "--project", str(project_root), DOC, "China Studies Center")
    assert result.exit_code == 0
    assert result.stdout.strip().endswith(": occurs once (no within: or nth: needed)")


def test_locate_shows_what_differs_when_nothing_occurs(project_root):
    result = run("locate", "--project", str(project_root), "002_6fb63ed73c7fcc78", "in today's world")
    assert result.exit_code == 1
    assert "the quote has \"'\" (U+0027 APOSTROPHE) where the document has '’' (U+2019" in result.stdout


def test_locate_an_unknown_document(project_root):
    result = run("locate", "--project", str(project_root), "999_nothing", "x")
    assert result.exit_code == 2
    assert result.stderr == "error: corpus/999_nothing.txt:1: no document '999_nothing' in the corpus\n"


def test_locate_empty_text_is_bad_input_not_a_fault(project_root):
    result = run("locate", "--project", str(project_root), DOC, "  ")
    assert result.exit_code == 2
    assert result.stderr == "error: TEXT:1: the text to locate is empty: give the words to find, in quotes\n"


def find(project_root, name: str) -> list[list[str]]:
    result = run("registry", "find", "--project", str(project_root), name)
    return [line.split() for line in result.stdout.splitlines()] if result.exit_code == 0 else []


def test_registry_find_spelling_and_transliteration_variants(project_root):
    # a listed variant, an unlisted transliteration (w for v), a Cyrillic letter, a first name's variant
    for query in ("Shaymergenova", "Shaimergenowa", "Gulnar Shaymergenova"):
        assert find(project_root, query)[0][:2] == ["person", "gulnar-shaimergenova"], query
    assert find(project_root, "\u0422okayev")[0][:2] == ["person", "kassym-jomart-tokayev"]
    assert find(project_root, "Kasym-Jomart")[0][:2] == ["person", "kassym-jomart-tokayev"]
    assert find(project_root, "Horgos")[0][:2] == ["place", "horgos"]


def test_registry_find_prints_kind_id_file_and_line(project_root):
    top = find(project_root, "Xi")[0]
    assert top[:3] == ["person", "xi-jinping", "mappings/registry/people.yaml:3"]
    lines = (project_root / "mappings/registry/people.yaml").read_text(encoding="utf-8").splitlines()
    assert lines[2] == "- id: xi-jinping"


def test_registry_find_nothing(project_root):
    result = run("registry", "find", "--project", str(project_root), "Quetzalcoatl")
    assert result.exit_code == 1
    assert "no registry entry is named like 'Quetzalcoatl'" in result.stderr


def test_check_coverage_lists_what_is_not_covered(project_copy):
    path = project_copy / "mappings" / f"{DOC}.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("  - entity: africa\n", "  - entity: asia\n"), encoding="utf-8")
    result = run("check", "--project", str(project_copy))
    assert result.exit_code == 0
    assert result.stderr.splitlines() == [
        "warning: mappings/registry/places.yaml:28: 'africa' is not used by any mapping or sidecar (map a "
        "passage that names it, or delete it)",
        "coverage: 1 name or number not covered by a fact, mention or ignore, in 1 document "
        "(cklod check --coverage lists them)",
    ]
    result = run("check", "--project", str(project_copy), "--coverage")
    assert result.stderr.splitlines()[1:] == [
        f"not covered: {TXT}:3:38: 'Africa'",
        "coverage: 1 name or number not covered by a fact, mention or ignore, in 1 document",
    ]


def test_a_bad_option_of_registry_find_points_at_its_own_help(project_root):
    result = run("registry", "find", "--project", str(project_root), "--limit", "0", "Tokayev")
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        "error: Invalid value for '--limit': 0 is not in the range x>=1. (see 'cklod registry find --help')"
    ]
