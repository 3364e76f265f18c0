"""The structure of a mapping file, one pydantic model per fact kind (see docs/mapping-format.md)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StrictInt, model_validator

from cklod.load.checked import Quantity, Slug


def _listify(v: Any) -> Any:
    if v is None:
        return []
    return v if isinstance(v, list) else [v]


IdList = Annotated[list[str], BeforeValidator(_listify)]


def _year_as_text(v: Any) -> Any:
    # An unquoted year is read by YAML as a number; it is still a date at year precision.
    return str(v) if isinstance(v, int) and not isinstance(v, bool) else v


DateText = Annotated[str, BeforeValidator(_year_as_text)]

PARTS = [
    "host",
    "co-host",
    "organizer",
    "presider",
    "speaker",
    "guest",
    "attendee",
    "witness",
    "signatory",
    "letter-sender",
    "interviewee",
    "interviewer",
    "visitor",
    "invited-by",
    "participant",
    "unveiler",
]
Part = Literal[tuple(PARTS)]  # type: ignore[valid-type]

ROUTE_PREDICATES = ("route-starts-at", "route-passes-through", "route-ends-at")
COMPARATORS = ("more-than", "less-than", "about", "at-least", "exactly", "nearly")

# The stages an initiative or a facility is reported at. The first two are intentions: what is planned or decided
# has a target date (by when) and the stage it aims at; the others are reached, on their effective date.
INTENDED_STATUSES = ("planned", "decided")
REACHED_STATUSES = ("signed", "in-effect", "opened", "started", "completed")
STATUSES = INTENDED_STATUSES + REACHED_STATUSES


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Why(_Strict):
    """Why a drafted item was proposed: for the reviewer only, never published."""

    pattern: str
    confidence: float = Field(ge=0, le=1)
    note: str | None = None


class Reviewed(_Strict):
    """The review markers a drafted item carries (absent: written by hand, so accepted)."""

    review: Literal["proposed", "accepted"] | None = None
    why: Why | None = None

    @property
    def proposed(self) -> bool:
        return self.review == "proposed"


class FactBase(Reviewed):
    id: Slug
    kind: str
    quote: str | None = None
    within: str | None = None
    nth: StrictInt | None = None  # strict: 'nth: true' would be taken as 1
    external: bool = False
    source: str | None = None
    note: str | None = None
    inferred: str | None = None

    @model_validator(mode="after")
    def _evidence(self) -> FactBase:
        if self.external:
            if self.quote is not None:
                raise ValueError("an external fact has no quote (the documents do not state it)")
            if not self.source:
                raise ValueError("an external fact needs 'source' (what it is known from)")
        elif not self.quote:
            raise ValueError("missing required field 'quote' (or mark the fact external: true)")
        return self


class RoleFact(FactBase):
    kind: Literal["role"]
    holder: str
    title: str
    organization: str | None = None
    country: str | None = None
    date: DateText | None = None
    start: DateText | None = None
    end: DateText | None = None
    former: bool = False


class EventFact(FactBase):
    kind: Literal["event"]
    event: str
    date: DateText | None = None
    start: DateText | None = None
    end: DateText | None = None
    location: IdList = []
    organizers: IdList = []
    part_of: str | None = None
    outcomes: IdList = []
    about: IdList = []
    mode: Literal["online", "offline", "mixed"] | None = None
    attendance: StrictInt | None = None

    @model_validator(mode="after")
    def _one_date_form(self) -> EventFact:
        if self.date and (self.start or self.end):
            raise ValueError("give either 'date' or 'start'/'end', not both")
        return self


class ParticipationFact(FactBase):
    kind: Literal["participation"]
    event: str
    participant: str
    as_: Part = Field(alias="as")  # `as` is a Python keyword; messages still say `as`
    capacity: str | None = None

    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class Change(_Strict):
    value: Quantity
    unit: str
    basis: str | None = None


class StatisticFact(FactBase):
    kind: Literal["statistic"]
    measure: str
    value: Quantity | None = None
    unit: str
    about: IdList = []
    comparator: Literal[COMPARATORS] | None = None  # type: ignore[valid-type]
    date: DateText | None = None
    as_of: bool = False
    change: Change | None = None
    # --- qualifiers of the quantity (issue 15): the words kept, bounds only where the text gives them
    words: str | None = None  # the quantity as printed: "nearly a hundred", "thousands of"
    minimum: Quantity | None = None
    maximum: Quantity | None = None
    since: DateText | None = None  # a cumulative count's start ("four times since 2013")

    @model_validator(mode="after")
    def _quantity_words(self) -> StatisticFact:
        if self.value is None:
            if not self.words:
                raise ValueError(
                    "missing required field 'value' (or, for a quantity without a number such as "
                    "'thousands of', give its 'words' as printed)"
                )
            if self.comparator is not None:
                raise ValueError("'comparator' qualifies a value: a quantity given only in 'words' has none")
        if self.comparator is not None and not self.words:
            raise ValueError(
                "a comparator keeps the words it stands for: add words: as printed ('nearly a hundred', "
                "'more than 300')"
            )
        if self.words is not None and self.quote is not None and self.words not in self.quote:
            raise ValueError(f"words: {self.words!r} is not in the quote (copy the quantity as printed)")
        if self.minimum is not None and self.maximum is not None and self.minimum > self.maximum:
            raise ValueError(f"minimum {self.minimum} is above maximum {self.maximum}")
        if self.since is not None and (not self.as_of or self.date is None):
            raise ValueError(
                "'since' starts a cumulative count: give the date it is counted up to in 'date' with as_of: true"
            )
        return self


class QuotationFact(FactBase):
    kind: Literal["quotation"]
    speaker: str
    event: str | None = None
    about: IdList = []
    date: DateText | None = None


class SpeechFact(FactBase):
    kind: Literal["speech"]
    speaker: str
    event: str | None = None
    about: IdList = []
    verb: str | None = None
    date: DateText | None = None


class InitiativeFact(FactBase):
    kind: Literal["initiative"]
    initiative: str
    proposed_by: IdList = []
    launched_by: IdList = []
    signed_by: IdList = []
    adopted_by: IdList = []
    date: DateText | None = None
    location: str | None = None
    event: str | None = None
    aligned_with: IdList = []

    @model_validator(mode="before")
    @classmethod
    def _no_status_text(cls, data: Any) -> Any:
        if isinstance(data, dict) and "status" in data:
            raise ValueError(
                "'status' is no longer a text on an initiative: state it as a fact of its own, kind: status, "
                "with of, status (planned, decided, signed, in-effect, opened, started, completed) and date or target"
            )
        return data


class StatusFact(FactBase):
    """The stage an initiative or facility is reported at: "has decided to open", "came into effect"."""

    kind: Literal["status"]
    of: str
    status: Literal[STATUSES]  # type: ignore[valid-type]
    toward: Literal[REACHED_STATUSES] | None = None  # type: ignore[valid-type]
    date: DateText | None = None
    target: DateText | None = None
    by: IdList = []
    event: str | None = None

    @model_validator(mode="after")
    def _dates_fit_the_stage(self) -> StatusFact:
        if self.status in INTENDED_STATUSES:
            if self.date is not None:
                raise ValueError(
                    f"a {self.status} status is not reached yet: give 'target' (the date it is due by), not 'date'"
                )
        elif self.target is not None or self.toward is not None:
            raise ValueError(
                f"'target' and 'toward' belong to a planned or decided status; '{self.status}' is reached on 'date'"
            )
        return self


class LiteralObject(_Strict):
    text: str | None = None
    number: Quantity | None = None
    date: DateText | None = None

    @model_validator(mode="after")
    def _exactly_one(self) -> LiteralObject:
        if sum(v is not None for v in (self.text, self.number, self.date)) != 1:
            raise ValueError("a literal object has exactly one of text, number, date")
        return self


class RelationFact(FactBase):
    kind: Literal["relation"]
    subject: str
    predicate: str
    object: str | list[str] | LiteralObject  # a list: one relation per object, with the same evidence
    date: DateText | None = None
    # --- qualifiers of the statement (issue 15)
    superlative: str | None = None  # as printed: "largest trading partner", "largest-ever"
    rank: StrictInt | None = Field(default=None, ge=1)  # the place the superlative states: "largest" is 1
    position: StrictInt | None = Field(default=None, ge=1)  # a route stop's place in the order the text gives

    @model_validator(mode="after")
    def _qualifiers(self) -> RelationFact:
        if self.rank is not None and not self.superlative:
            raise ValueError("'rank' needs the 'superlative' that states it, as printed ('largest')")
        if self.superlative is not None and self.quote is not None and self.superlative not in self.quote:
            raise ValueError(f"superlative: {self.superlative!r} is not in the quote (copy it as printed)")
        if self.position is not None and self.predicate not in ROUTE_PREDICATES:
            raise ValueError(f"'position' orders a route's stops: it goes with {', '.join(ROUTE_PREDICATES)}")
        return self

    @property
    def objects(self) -> list[str | LiteralObject]:
        return list(self.object) if isinstance(self.object, list) else [self.object]


class ActFact(FactBase):
    """ "Title X of Y did Z at event E" in one fact: a role, a participation in the role's capacity and, with
    ``says``, the reported speech, all with the same quote (see docs/mapping-format.md, "One sentence, three
    facts")."""

    kind: Literal["act"]
    who: str
    title: str
    organization: str | None = None
    country: str | None = None
    former: bool = False
    event: str
    as_: Part | None = Field(default=None, alias="as")
    says: str | None = None  # the reporting verb ("said", "noted"): the sentence also reports speech
    about: IdList = []
    date: DateText | None = None

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    @model_validator(mode="after")
    def _parts(self) -> ActFact:
        if self.as_ is None:
            if self.says is None:
                raise ValueError("missing required field 'as' (the part played at the event), or 'says'")
            self.as_ = "speaker"
        if self.says is None and (self.about or self.date):
            raise ValueError("'about' and 'date' belong to what was said: add 'says' (the reporting verb)")
        return self


FACT_MODELS: dict[str, type[FactBase]] = {
    "role": RoleFact,
    "event": EventFact,
    "participation": ParticipationFact,
    "statistic": StatisticFact,
    "quotation": QuotationFact,
    "speech": SpeechFact,
    "initiative": InitiativeFact,
    "status": StatusFact,
    "relation": RelationFact,
    "act": ActFact,
}


class Mention(Reviewed):
    entity: str
    quote: str
    within: str | None = None
    nth: StrictInt | None = None  # strict: 'nth: true' would be taken as 1


class Ignored(Reviewed):
    text: str
    reason: str


class MappingHead(_Strict):
    """The top level of a mapping file; facts are checked one by one against FACT_MODELS."""

    document: str
    mentions: list[Mention] = []
    ignore: list[Ignored] = []
    facts: list[Any] = []
