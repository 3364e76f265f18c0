"""`cklod check` guides the review: what differs in a quote not found, where a new entry goes, and the
mistakes that used to pass silently, each an error or a warning at its line."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from cklod.cli import main

DOC = "002_6fb63ed73c7fcc78"
MAPPING = f"mappings/{DOC}.yaml"
GAO = "Gao Xiang, vice president of the Chinese Academy of Social Sciences (CASS), noted"


def append(project: Path, rel: str, text: str) -> int:
    path = project / rel
    old = path.read_text(encoding="utf-8").rstrip("\n")
    path.write_text(old + "\n" + text, encoding="utf-8")
    return old.count("\n") + 2


def speech(quote: str, extra: str = "", kind: str = "speech", speaker: str = "gao-xiang") -> str:
    return f"""  - id: added
    kind: {kind}
    quote: {quote}
    speaker: {speaker}
{extra}"""


CASES = {
    # name: (text appended to the mapping, offset of the reported line, "error" or "warning", message)
    "straight apostrophe for a curly one": (
        speech('"in today\'s world, no country can merely be concerned"'),
        2,
        "error",
        'quote not found in the document: "in today\'s world, no country can merely be concerned"; '
        'first difference at character 9 of the quote (line 27): the quote has "\'" (U+0027 '
        "APOSTROPHE) where the document has '’' (U+2019 RIGHT SINGLE QUOTATION MARK), in the document's "
        "'pointed out that in today’s world, no country can m'",
    ),
    "a space for a line break": (
        speech('"between the two sides. Xu Bu, president"'),
        2,
        "error",
        "quote not found in the document: 'between the two sides. Xu Bu, president'; first difference at "
        "character 23 of the quote (line 23): the quote has a space where the document has a line break + a "
        "line break, in the document's 'on between the two sides.\\n\\nXu Bu, president of the C'",
    ),
    "nothing like it in the document": (
        speech('"a sentence about football that no document prints"'),
        2,
        "error",
        "quote not found in the document: 'a sentence about football that no document prints'",
    ),
    "unknown id names the file of its kind": (
        speech(f'"{GAO}"', speaker="gao-xian"),
        3,
        "error",
        "speaker: unknown registry id 'gao-xian' (did you mean 'gao-xiang'?); a new person, organization or "
        "country is added to mappings/registry/people.yaml, organizations.yaml or countries.yaml",
    ),
    "yearless day date without inferred": (
        speech(
            '"on Nov. 8–9, the forum focused on identifying new opportunities"', '    date: "2022-11-08"\n'
        ),
        4,
        "error",
        "date: the quote gives 'Nov. 8–9' without a year: add inferred: 'Nov. 8–9' (the date is then "
        "recorded as resolved against the publication date)",
    ),
    "inferred text in neither the quote nor the document": (
        speech(f'"{GAO}"', '    date: "2022-11"\n    inferred: "at the forum in November"\n'),
        5,
        "error",
        "inferred: 'at the forum in November' is in neither the quote nor the document: inferred: takes the "
        'expression the date was resolved from, copied from the text ("In June", "last October")',
    ),
    "inferred date after publication": (
        speech(f'"{GAO}"', '    date: "2023-11-08"\n    inferred: "Nov. 8–9"\n'),
        4,
        "warning",
        "date: the inferred date 2023-11-08 is after the publication date 2022-11-25: resolved against the "
        "wrong year?",
    ),
    "quotation marks inside a quotation": (
        speech('"“We are willing to work hand in hand with our partners in Central Asia"', kind="quotation"),
        2,
        "error",
        "quote: a quotation's quote has quotation marks (“): quote the words inside them, without the marks",
    ),
    "organization part-of a policy": (
        """  - id: added
    kind: relation
    quote: "Chinese Academy of Social Sciences"
    subject: chinese-academy-of-social-sciences
    predicate: part-of
    object: china-central-asia-community-with-shared-future
""",
        5,
        "error",
        "object: 'china-central-asia-community-with-shared-future' is a PolicyConcept; 'part-of' links an "
        "organization to an organization, Initiative or Programme",
    ),
}


def _run_check(project: Path):
    result = CliRunner().invoke(main, ["check", "--project", str(project)])
    lines = [ln for ln in result.stderr.splitlines() if ln.startswith(("error: ", "warning: "))]
    return result, lines


@pytest.mark.parametrize("case", sorted(CASES))
def test_mistake_is_one_line_at_its_place(case, project_copy):
    text, offset, severity, message = CASES[case]
    line = append(project_copy, MAPPING, text) + offset
    result, lines = _run_check(project_copy)
    assert result.exit_code == (2 if severity == "error" else 0), result.output
    assert lines == [f"{severity}: {MAPPING}:{line}: {message}"]


def test_ignore_text_not_in_the_document(project_copy):
    path = project_copy / MAPPING
    text = path.read_text(encoding="utf-8")
    at = text.index("ignore:\n") + len("ignore:\n")
    path.write_text(text[:at] + '  - text: "Nov. 8-9"\n    reason: a date\n' + text[at:], encoding="utf-8")
    line = text.count("\n", 0, at) + 1
    result, lines = _run_check(project_copy)
    assert result.exit_code == 2
    assert lines == [
        f"error: {MAPPING}:{line}: text: 'Nov. 8-9' is not in the document (ignore: takes text copied from it)"
    ]


def test_unused_registry_entry_is_a_warning(project_copy):
    line = append(
        project_copy, "mappings/registry/people.yaml", "- id: nobody-mapped\n  type: Person\n  name: Nobody\n"
    )
    result, lines = _run_check(project_copy)
    assert result.exit_code == 0
    assert lines == [
        f"warning: mappings/registry/people.yaml:{line}: 'nobody-mapped' is not used by any mapping or sidecar "
        "(map a passage that names it, or delete it)"
    ]


def test_the_bundled_corpus_passes_every_check_without_warnings(project_root):
    result, lines = _run_check(project_root)
    assert result.exit_code == 0
    assert lines == []
    assert re.match(r"^ok: 5 documents, \d+ entities, \d+ facts$", result.stdout.strip().splitlines()[-1])
