"""Names the text gives as a phrase rather than as one capitalized run: "Chinese-style modernization", "a Kazakh
branch of X University", "brands such as Chery and Changan", "the China-Kazakhstan visa exemption agreement",
"a 205MW wind power project in Akmola Oblast", the "CICG" of "CICG Center for …", the “China+Central Asia” of a
forum's name."""

from __future__ import annotations

import re

from cklod.draft.entities import EntityFinder, Mention
from cklod.draft.lexicon import DEMONYMS

_DEMONYM = "|".join(sorted((d.title() for d in DEMONYMS), key=len, reverse=True))
_CONCEPT = re.compile(rf"\b(?:{_DEMONYM})(?:-[Ss]tyle [a-z]+|(?: [a-z]+(?:ization|isation)))\b")
_PATH = re.compile(r"\b(?:follows?|followed|adheres? to|pursue[sd]?) the (path of [a-z]+ [a-z]+)\b")
_BRANCH = re.compile(rf"\b(?:{_DEMONYM}) branch of (?:the )?$")
_SUCH_AS = re.compile(r"\bbrands?\b[\w ]{0,30}? such as $")
_AGREEMENT = re.compile(
    r"\b([A-Z][a-z]+(?:-[A-Z][a-z]+)+(?: [a-z]+){1,3} (?:agreement|treaty|memorandum))\b(?! of| on)"
)
_PROJECT = re.compile(
    r"\b(?:an? |the )?(\d+(?:\.\d+)? ?(?:MW|GW|kW|megawatts?|gigawatts?)"
    r" (?:wind|solar|hydro(?:power)?|hydroelectric|thermal|coal|gas|photovoltaic)"
    r"(?: power| energy)? (?:project|plant|station|farm|park)) in $"
)
# a name that is a description with a figure in it: the figure is still a statistic
CAPACITY_NAMED = "'a N MW wind/solar … project in Place'"
_ROUTE = re.compile(r"(?:’s|'s) ((?:[\w-]+ ){1,4}(?:route|corridor|railway line))\b")
_ACRONYM = re.compile(r"^([A-Z]{3,6}) [A-Z][a-z]")
_QUOTED_PART = re.compile(r"[“\"]([A-Z][^”\"]{2,40})[”\"]")


def _add(finder: EntityFinder, start: int, end: int, entity: str, pattern: str, confidence: float) -> None:
    """A mention that may overlap others (a name inside a name)."""
    finder.mentions.append(
        Mention(
            start,
            end,
            finder.text[start:end],
            entity,
            finder.known[entity].kind,
            entity not in finder.candidates,
            confidence,
            pattern,
        )
    )


def find_phrases(finder: EntityFinder) -> None:
    text = finder.text
    for m in _CONCEPT.finditer(text):
        if finder.free(m.start(), m.end()):
            pattern = "a demonym and '-style …' or '…ization' (a concept)"
            concept = finder.candidate(m.group(0), "PolicyConcept", pattern, 0.5)
            _add(finder, m.start(), m.end(), concept, pattern, 0.5)
    for m in _PATH.finditer(text):
        if finder.free(m.start(1), m.end(1)):
            pattern = "'the path of …' (a concept)"
            concept = finder.candidate(m.group(1), "PolicyConcept", pattern, 0.5)
            _add(finder, m.start(1), m.end(1), concept, pattern, 0.5)
    for m in _AGREEMENT.finditer(text):
        inside = [x for x in finder.mentions if m.start(1) <= x.start < m.end(1)]
        if all(x.kind in ("country", "place") for x in inside):  # "China-Kazakhstan …" names two countries
            pattern = "'A-B … agreement'"
            agreement = finder.candidate(m.group(1), "Agreement", pattern, 0.5)
            _add(finder, m.start(1), m.end(1), agreement, pattern, 0.5)
    for org in list(finder.mentions):
        before = text[max(0, org.start - 40) : org.start]
        branch = _BRANCH.search(before) if org.kind == "organization" else None
        if branch:
            start = org.start - len(branch.group(0))
            pattern = "'Demonym branch of Organization'"
            found = finder.candidate(text[start : org.end], "University", pattern, 0.5)
            _add(finder, start, org.end, found, pattern, 0.5)
        project = _PROJECT.search(before) if org.kind == "place" else None
        if project:
            start = org.start - len(project.group(0)) + (project.start(1) - project.start(0))
            plant = finder.candidate(text[start : org.end], "PowerPlant", CAPACITY_NAMED, 0.5)
            _add(finder, start, org.end, plant, CAPACITY_NAMED, 0.5)
        acronym = _ACRONYM.match(org.text) if org.kind == "organization" else None
        if acronym and org.pattern != "a phrase in quotation marks":
            pattern = "an acronym that begins an organization's name (its parent)"
            parent = finder.candidate(acronym.group(1), "Organization", pattern, 0.4)
            _add(finder, org.start, org.start + len(acronym.group(1)), parent, pattern, 0.4)
        for part in _QUOTED_PART.finditer(org.text) if org.kind in ("event", "organization") else ():
            if part.start() > 0:
                pattern = "a name in quotation marks inside a longer name"
                named = finder.candidate(part.group(1), "Initiative", pattern, 0.4)
                _add(finder, org.start + part.start(1), org.start + part.end(1), named, pattern, 0.4)
    _brands(finder)
    for a in list(finder.mentions):
        # "Confucius Institute at Eurasian University": one institution of the other, named by both
        b = next(
            (m for m in finder.mentions if m.start == a.end + 4 and finder.text[a.end : m.start] == " at "),
            None,
        )
        if (
            b is not None
            and a.kind in ("organization", "initiative")
            and b.kind == "organization"
            and re.search(r"\b(?:Institute|Center|Centre|School|Branch)$", a.text)
            and re.search(r"\b(?:University|College)$", b.text)
        ):
            pattern = "'X Institute at Y University'"
            both = finder.candidate(text[a.start : b.end], "Organization", pattern, 0.5)
            _add(finder, a.start, b.end, both, pattern, 0.5)
    for m in _ROUTE.finditer(text):
        owner = next((x for x in finder.mentions if x.end == m.start()), None)
        if owner is not None and owner.kind in ("place", "organization"):
            pattern = "'Name's … route/corridor'"
            route = finder.candidate(f"{owner.text} {m.group(1)}", "TransportRoute", pattern, 0.5)
            _add(finder, owner.start, m.end(), route, pattern, 0.5)


def _brands(finder: EntityFinder) -> None:
    """ "Chinese brand cars such as Chery and Changan": each name of the list is a brand."""
    text = finder.text
    for m in re.finditer(r"[A-Z][\w-]+(?: [A-Z][\w-]+)?", text):
        if not finder.free(m.start(), m.end()):
            continue
        before = text[max(0, m.start() - 60) : m.start()]
        listed = _SUCH_AS.search(before) or (
            re.search(r"(?:,|,? and|,? or) $", before)
            and any(
                x.end == m.start() - len(re.search(r"(?:,|,? and|,? or) $", before).group(0))
                and finder.known[x.entity].type == "Brand"
                for x in finder.mentions
            )
        )
        if listed:
            pattern = "a name after 'brands such as'"
            brand = finder.candidate(m.group(0), "Brand", pattern, 0.5)
            _add(finder, m.start(), m.end(), brand, pattern, 0.5)
            finder.claim(m.start(), m.end())
