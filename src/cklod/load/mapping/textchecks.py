"""Checks of a fact against the text it quotes: mistakes that the structure of a mapping cannot show."""

from __future__ import annotations

import re
from dataclasses import dataclass

from cklod.load.corpus import Document
from cklod.load.dates import Date
from cklod.load.mapping.model import FactBase

# Marks that open or close a quotation; a quotation's quote is the words inside them.
QUOTATION_MARKS = '“”"«»„'


_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|"
    r"Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
# A month, with or without its day(s), that no year follows; or a date relative to the time of writing. ("31
# years ago" is left out: it usually counts a duration up to a date the text gives elsewhere.)
YEARLESS = re.compile(
    rf"\b(?>{_MONTH}(?:\s+\d{{1,2}}(?:\s*[–-]\s*(?:{_MONTH}\s+)?\d{{1,2}})?)?)(?!,?\s*\d{{4}})(?!\w)"
    r"|\b(?:[Tt]his|[Ll]ast|[Nn]ext|[Pp]ast) (?:year|month|week|spring|summer|autumn|fall|winter)\b"
    r"|\b[Yy]esterday\b"
)

# Words that announce a future date: an inferred date after publication is then expected.
FUTURE = re.compile(r"\b(?:will|shall|next|upcoming|coming|scheduled|to be held|plans? to)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Finding:
    field: str
    message: str
    warning: bool = False


def date_findings(fact: FactBase, dates: dict[str, Date], doc: Document) -> list[Finding]:
    """A date the quote gives without its year ("Feb. 24", "last year") must say what it was inferred from;
    that expression must be in the text; an inferred date after the publication date is worth a second look."""
    found = []
    if fact.quote is None:
        return found
    if not fact.inferred:
        expression = YEARLESS.search(fact.quote)
        for name, value in dates.items():
            if expression and value.value[:4] not in fact.quote:
                found.append(
                    Finding(
                        name,
                        f"the quote gives {expression[0]!r} without a year: add inferred: {expression[0]!r} "
                        "(the date is then recorded as resolved against the publication date)",
                    )
                )
        return found
    if fact.inferred not in fact.quote and fact.inferred not in doc.text:
        found.append(
            Finding(
                "inferred",
                f"'{fact.inferred}' is in neither the quote nor the document: inferred: takes the expression "
                'the date was resolved from, copied from the text ("In June", "last October")',
            )
        )
    published = doc.date_published
    if FUTURE.search(fact.quote):
        return found
    for name, value in dates.items():
        shared = min(len(value.value), len(published.value))
        if value.value[:shared] > published.value[:shared]:
            found.append(
                Finding(
                    name,
                    f"the inferred date {value.value} is after the publication date {published.value}: "
                    f"resolved against the wrong year?",
                    warning=True,
                )
            )
    return found


def quotation_findings(fact: FactBase) -> list[Finding]:
    if fact.kind != "quotation" or fact.quote is None:
        return []
    marks = sorted({c for c in fact.quote if c in QUOTATION_MARKS})
    if not marks:
        return []
    return [
        Finding(
            "quote",
            f"a quotation's quote has quotation marks ({' '.join(marks)}): quote the words inside them, "
            "without the marks",
        )
    ]
