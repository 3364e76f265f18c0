"""The text of one synthetic document, written sentence by sentence with the facts each sentence states."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

import names

# The real corpus's mix of fact kinds (329 facts in 5 documents), less the one main event each document has.
KIND_MIX = {
    "relation": 90,
    "participation": 56,
    "initiative": 36,
    "role": 35,
    "event": 35,
    "speech": 33,
    "statistic": 26,
    "quotation": 18,
}
PARTS = ["speaker", "participant", "attendee", "guest", "witness", "visitor", "host"]
VERBS = ["said", "noted", "pointed out", "stressed", "added"]
ACTS = [
    ("proposed_by", "proposed"),
    ("launched_by", "launched"),
    ("signed_by", "signed"),
    ("adopted_by", "adopted"),
]
FILLER = [
    "The two sides exchanged views on further cooperation.",
    "Participants discussed practical steps.",
    "The meeting was held in a friendly atmosphere.",
    "Further talks are planned for next year.",
    "Experts from several countries took part in the discussions.",
]
NAV = "• HOME | NEWS | WORLD | CONTACT US"


def _day(d: date) -> str:
    return f"{d:%B} {d.day}, {d.year}"


@dataclass
class Sentence:
    text: str
    facts: list[tuple[dict, str]] = field(default_factory=list)  # (fact, quote inside text)


class DocumentText:
    """Collects sentences and the facts they state; render() places them and computes `nth` where needed."""

    def __init__(self, rng: random.Random, pools: dict, registry):
        self.rng, self.pools, self.registry = rng, pools, registry
        self.sentences: list[Sentence] = []
        self.roles: dict[str, str] = {}  # holder -> role fact id
        self.counter = 0
        self.event = pools["event"].draw(rng)
        self.event_day = registry.event_day(
            self.event
        )  # an event has one date, whichever document reports it
        self.published = self.event_day + timedelta(days=rng.randrange(6))
        self.title = f"{self.n(self.event)} brings partners together in {self.n(self.draw('place'))}"

    def n(self, entity_id: str) -> str:
        return self.registry.name(entity_id)

    def draw(self, kind: str) -> str:
        return self.pools[kind].draw(self.rng)

    def country(self) -> str:
        countries = self.registry.countries()
        return countries[min(int(self.rng.expovariate(0.6)), len(countries) - 1)]

    def fact_id(self, kind: str) -> str:
        self.counter += 1
        return f"{kind}-{self.counter}"

    def say(self, text: str, *facts: tuple[dict, str]) -> None:
        self.sentences.append(Sentence(text, list(facts)))

    # -- facts ----------------------------------------------------------------------------------------------

    def main_event(self) -> None:
        place, org, topic = self.draw("place"), self.draw("organization"), self.draw("initiative")
        text = (
            f"On {_day(self.event_day)}, the {self.n(self.event)} was held in {self.n(place)}, organized by the "
            f"{self.n(org)} and focusing on the {self.n(topic)}."
        )
        fact = {
            "id": "main-event",
            "kind": "event",
            "quote": text,
            "event": self.event,
            "date": self.event_day.isoformat(),
            "location": [place],
            "organizers": [org],
            "about": [topic],
        }
        self.say(text, (fact, text))

    def fact(self, kind: str) -> None:
        getattr(self, f"_{kind}")()

    def _role(self) -> None:
        holder, org = self.draw("person"), self.draw("organization")
        if holder in self.roles:
            return self._relation()
        title = self.rng.choice(names.TITLES)
        clause = f"{self.n(holder)}, {title} of the {self.n(org)}"
        fid = self.fact_id("role")
        self.roles[holder] = fid
        fact = {
            "id": fid,
            "kind": "role",
            "quote": clause,
            "holder": holder,
            "title": title,
            "organization": org,
        }
        self.say(f"{clause}, was among the guests.", (fact, clause))

    def _speaker(self) -> str:
        if self.roles and self.rng.random() < 0.7:
            return self.rng.choice(sorted(self.roles))
        return self.draw("person")

    def _participation(self) -> None:
        who = self._speaker()
        part = self.rng.choice(PARTS)
        text = f"{self.n(who)} took part in the {self.n(self.event)} as {part}."
        fact = {
            "id": self.fact_id("part"),
            "kind": "participation",
            "quote": text,
            "event": self.event,
            "participant": who,
            "as": part,
        }
        if who in self.roles:
            fact["capacity"] = self.roles[who]
        self.say(text, (fact, text))

    def _speech(self) -> None:
        who, topic, verb = self._speaker(), self.draw("initiative"), self.rng.choice(VERBS)
        text = f"At the forum, {self.n(who)} {verb} that cooperation under the {self.n(topic)} should deepen."
        fact = {
            "id": self.fact_id("speech"),
            "kind": "speech",
            "quote": text,
            "speaker": who,
            "verb": verb,
            "event": self.event,
            "about": [topic],
        }
        self.say(text, (fact, text))

    def _quotation(self) -> None:
        who, topic, place = self._speaker(), self.draw("initiative"), self.draw("place")
        words = f"We will advance the {self.n(topic)} together with our partners in {self.n(place)}"
        fact = {
            "id": self.fact_id("quote"),
            "kind": "quotation",
            "quote": words,
            "speaker": who,
            "event": self.event,
            "about": [topic, place],
        }
        self.say(f"“{words},” {self.n(who)} said.", (fact, words))

    def _statistic(self) -> None:
        a, b = self.country(), self.country()
        value, change, year = (
            self.rng.randint(2, 60),
            f"{self.rng.randint(1, 40)}.{self.rng.randint(0, 9)}",
            self.published.year - 1,
        )
        text = (
            f"Trade between {self.n(a)} and {self.n(b)} reached {value} billion US dollars in {year}, "
            f"up {change} percent year on year."
        )
        fact = {
            "id": self.fact_id("stat"),
            "kind": "statistic",
            "quote": text,
            "measure": "trade volume",
            "value": value,
            "unit": "billion US dollars",
            "about": sorted({a, b}),
            "date": str(year),
            "change": {"value": change, "unit": "percent", "basis": "year on year"},
        }
        self.say(text, (fact, text))

    def _initiative(self) -> None:
        init = self.draw("initiative")
        agent = self._speaker() if self.rng.random() < 0.6 else self.country()
        field_name, verb = self.rng.choice(ACTS)
        month = self.published.replace(day=1) - timedelta(days=self.rng.randrange(400))
        text = f"The {self.n(init)} was {verb} by {self.n(agent)} in {month:%B} {month.year}."
        fact = {
            "id": self.fact_id("init"),
            "kind": "initiative",
            "quote": text,
            "initiative": init,
            field_name: [agent],
            "date": f"{month:%Y-%m}",
        }
        self.say(text, (fact, text))

    def _event(self) -> None:
        count = self.rng.randint(50, 900)
        text = f"The {self.n(self.event)} was held both online and offline and drew more than {count} participants."
        fact = {
            "id": self.fact_id("event"),
            "kind": "event",
            "quote": text,
            "event": self.event,
            "mode": "mixed",
            "attendance": count,
        }
        self.say(text, (fact, text))

    def _relation(self) -> None:
        form = self.rng.choice(
            (
                "located-in",
                "located-in",
                "parent-organization",
                "diplomatic-relations-with",
                "member-of",
                "founded",
                "affiliated-with",
                "nationality",
                "partnership-with",
            )
        )
        org = self.draw("organization")
        if form == "located-in":
            subject, obj = org, self.draw("place")
            text = f"The {self.n(subject)} is based in {self.n(obj)}."
        elif form == "parent-organization":
            subject, obj = org, self.draw("organization")
            text = f"The {self.n(subject)} operates under the {self.n(obj)}."
        elif form == "diplomatic-relations-with":
            subject, obj = "kazakhstan", self.rng.choice(["china", "uzbekistan", "mongolia", "russia"])
            text = f"{self.n(subject)} and {self.n(obj)} maintain diplomatic relations since {self.rng.randint(1991, 1993)}."
        elif form == "founded":
            subject, obj = org, {"date": str(self.rng.randint(1950, 2022))}
            text = f"The {self.n(subject)} was founded in {obj['date']}."
        elif form == "partnership-with":
            subject, obj = org, self.draw("organization")
            text = f"The {self.n(subject)} signed a partnership with the {self.n(obj)}."
        elif form == "nationality":
            subject, obj = self.draw("person"), self.country()
            text = f"{self.n(subject)} is a citizen of {self.n(obj)}."
        else:
            subject, obj = self.draw("person"), org
            text = f"{self.n(subject)} is {'a member of' if form == 'member-of' else 'affiliated with'} the {self.n(obj)}."
        fact = {
            "id": self.fact_id("rel"),
            "kind": "relation",
            "quote": text,
            "subject": subject,
            "predicate": form,
            "object": obj,
        }
        self.say(text, (fact, text))

    def mention(self) -> None:
        entity = self.draw("organization")
        clause = f"a delegation from the {self.n(entity)}"
        self.say(f"It was also attended by {clause}.", ({"entity": entity, "quote": clause}, clause))

    # -- the text -------------------------------------------------------------------------------------------

    def render(self, author: str, publisher: str) -> tuple[str, dict, list[dict], list[dict]]:
        """The document text, the sidecar's quotes, and the facts and mentions with `nth` where needed."""
        byline = f"Author: {self.n(author)}     Source: {self.n(publisher)}     {self.published.isoformat()}"
        head = f"{NAV}\n{self.title}\n\n{byline}\n\n"
        paragraphs, placed, at = [], [], len(head)
        for start in range(0, len(self.sentences), 3):
            group = self.sentences[start : start + 3]
            if self.rng.random() < 0.5:
                group = [*group, Sentence(self.rng.choice(FILLER))]
            for s in group:
                placed.append((s, at))
                at += len(s.text) + 1
            paragraphs.append(" ".join(s.text for s in group))
            at += 1  # the blank line between paragraphs ("\n\n" instead of " ")
        text = head + "\n\n".join(paragraphs) + f"\n\nCopyright © {self.n(publisher)}. All rights reserved.\n"
        facts, mentions = [], []
        for s, offset in placed:
            for item, quote in s.facts:
                item = {**item, "quote": quote}
                nth = _nth(text, quote, offset + s.text.index(quote))
                if nth:
                    item["nth"] = nth
                (mentions if "entity" in item else facts).append(item)
        quotes = {
            "title": self.title if text.count(self.title) == 1 else None,
            "author": f"Author: {self.n(author)}",
            "publisher": f"Source: {self.n(publisher)}",
        }
        return text, quotes, facts, mentions


def _nth(text: str, quote: str, at: int) -> int | None:
    """None when ``quote`` occurs once in ``text``; else the 1-based rank of the occurrence at ``at``."""
    hits, pos = [], text.find(quote)
    while pos != -1:
        hits.append(pos)
        pos = text.find(quote, pos + 1)
    if at not in hits:
        raise AssertionError(f"generator bug: {quote!r} is not at {at}")
    return None if len(hits) == 1 else hits.index(at) + 1
