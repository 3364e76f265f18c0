"""Statistics: counts, money, percentages, year-on-year changes, with the measure in the text's own words."""

from __future__ import annotations

import re
from decimal import Decimal

from cklod.draft.core import Context
from cklod.draft.lexicon import NUMBER_WORDS
from cklod.draft.names import slug
from cklod.draft.phrases import CAPACITY_NAMED

_SCALE = {
    "thousand": Decimal(1000),
    "million": Decimal(10) ** 6,
    "billion": Decimal(10) ** 9,
    "trillion": Decimal(10) ** 12,
}
_COMPARATORS = {
    "more than": "more-than",
    "over": "more-than",
    "nearly": "nearly",
    "almost": "nearly",
    "about": "about",
    "around": "about",
    "approximately": "about",
    "some": "about",
    "roughly": "about",
    "at least": "at-least",
    "less than": "less-than",
    "fewer than": "less-than",
    "under": "less-than",
    "up to": "less-than",
    "exceeding": "more-than",
    "exceeded": "more-than",
}
_CURRENCY_BEFORE = {"$": "USD", "US$": "USD", "USD": "USD", "€": "EUR", "¥": "CNY", "RMB": "CNY", "£": "GBP"}
_CURRENCY_AFTER = {
    "yuan": "CNY",
    "tenge": "KZT",
    "dollars": "USD",
    "u.s. dollars": "USD",
    "us dollars": "USD",
    "euros": "EUR",
    "rubles": "RUB",
    "roubles": "RUB",
    "som": "KGS",
    "yuan (rmb)": "CNY",
}
_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_WORDNUM = "|".join(sorted((re.escape(w) for w in NUMBER_WORDS), key=len, reverse=True))
STAT = re.compile(
    rf"(?:(?P<cmp>{'|'.join(sorted(_COMPARATORS, key=len, reverse=True))}) )?"
    rf"(?P<cur>US\$|\$|€|¥|£|USD |RMB )?(?P<num>{_NUM}|\b(?:{_WORDNUM})\b)"
    rf"(?: (?P<scale>thousand|million|billion|trillion))?"
    rf"(?P<pct> ?%| percent| per cent)?",
    re.I,
)
_UNIT = re.compile(r"^\s*(?:(?:U\.S\.|US) dollars|yuan \(RMB\)|[A-Za-z][\w-]*)")
_STOP = re.compile(
    r"[,;:.!?()\"“”]| -- | — |\b(?:and (?![A-Z])|which|that|while|with|as|but|to|was|were|is|are|has|have|had|will)\b"
)
_CHANGE = re.compile(
    r"\b(up|down|increase|increased|rise|rose|grew|growth|decline|declined|fell|drop|jump)\w*\b"
)
_YOY = re.compile(r"year[- ]on[- ]year|from a year earlier|over the same period last year")
_NOT_AFTER = re.compile(r"^(?:st|nd|rd|th)\b|^-(?:year|day|month)|^\s*(?:of|or|and) (?:the|these|them)\b")


def _value(num: str) -> Decimal | None:
    low = num.lower()
    if low in NUMBER_WORDS:
        return Decimal(NUMBER_WORDS[low])
    try:
        return Decimal(num.replace(",", ""))
    except ArithmeticError:
        return None


_MANY = re.compile(r"\b(dozens|hundreds|thousands|millions|tens of thousands) of ((?:[a-z-]+ ){0,2}[a-z-]+)")
_MANY_VALUES = {
    "dozens": 24,
    "hundreds": 200,
    "thousands": 2000,
    "millions": 2_000_000,
    "tens of thousands": 20000,
}
# Counted nouns that number the points of what someone says ("three key hopes"), not observed quantities.
_POINTS_OF_SPEECH = frozenset(
    {"hope", "hopes", "wish", "wishes", "effort", "efforts", "point", "points", "aspect", "aspects"}
    | {"suggestion", "suggestions", "expectation", "expectations"}
)
# "four times since 2013": a count that runs from that year up to the time of writing.
_SINCE = re.compile(r"\bsince (\d{4})\b")
_AGO = re.compile(r"(?:since|after|for) ((?:[\w’'-]+ ){1,12}?)(\d+|[a-z]+) years ago")
_OWNED = re.compile(r"\b(?:our|their|his|her|its|both|the)\s*$", re.I)


def find_statistics(ctx: Context) -> None:
    for sent in ctx.sentences:
        dates = ctx.dates_in(sent.start, sent.end)
        taken = [(d.start, d.end) for d in dates]
        quoted = [
            (sent.start + q.start(), sent.start + q.end())
            for q in re.finditer(r"[“\"][^”\"]{1,40}[”\"]", sent.text)
        ]
        stats = []
        for m in STAT.finditer(sent.text):
            s = sent.start + m.start("num")
            if any(a <= s < b for a, b in taken + quoted) or any(
                ms.start <= s < ms.end and ms.pattern != CAPACITY_NAMED
                for ms in ctx.mentions_in(sent.start, sent.end)
            ):
                continue
            stat = _one(ctx, sent, m, dates)
            if stat is not None:
                stats.append(stat)
        stats += _many(sent) + _ago(sent, dates) + _twice(sent)
        for fields, _, _ in stats:
            _counted_since(ctx, sent.text, fields)
        for fields, pattern, conf in _changes(stats):
            ctx.propose(
                "statistic", sent.start, sent.end, fields, pattern, conf, "stat-" + _stem(fields["measure"])
            )


def _changes(stats: list[tuple]) -> list[tuple]:
    """ "US$41 billion, up 32% year-on-year": the change belongs to the figure before it (pairwise after
    "respectively": "7,762 and 6,635 respectively, up 9.8% and 6.8%")."""
    changes = [s for s in stats if "change" in s[0] and s[0]["unit"] == "percent"]
    figures = [s for s in stats if s not in changes and s[0]["unit"] != "percent"]
    if not changes or not figures:
        return stats
    pairs = zip(figures[-len(changes) :], changes, strict=False) if len(figures) >= len(changes) else []
    out = list(stats)
    for figure, change in pairs:
        figure[0]["change"] = change[0]["change"]
        out.remove(change)
    return out


def _counted_since(ctx: Context, text: str, fields: dict) -> None:
    """ "has visited Kazakhstan four times since 2013": counted since 2013 up to the publication date (a date
    the sentence gives itself is then the start, not the period)."""
    at = text.find(fields["measure"])
    since = _SINCE.search(text, max(at, 0))  # the "since" after this figure's words, not an earlier one's
    if since is None or not ctx.published or "change" in fields:
        return
    for name in ("date", "inferred", "as_of"):
        fields.pop(name, None)
    fields.update(since=since.group(1), date=ctx.published, as_of=True, inferred=since.group(0))


def _many(sent) -> list[tuple]:
    """ "thousands of young Chinese": the words, and no number (the text gives none)."""
    out = []
    for m in _MANY.finditer(sent.text):
        fields = {
            "measure": m.group(2),
            "words": f"{m.group(1)} of",
            "unit": m.group(2).split()[-1],
        }
        out.append((fields, f"'{m.group(1)} of' a counted noun", 0.5))
    return out


def _twice(sent) -> list[tuple]:
    out = []
    for m in re.finditer(r"\btwice\b(?! as)", sent.text):
        clause = re.split(r"[,;:]", sent.text[: m.start()])[-1].strip()
        words = " ".join(clause.split()[-8:])
        if words:
            out.append(({"measure": words, "value": Decimal(2), "unit": "times"}, "'twice'", 0.5))
    return out


def _ago(sent, dates) -> list[tuple]:
    """ "since the establishment of diplomatic ties … 31 years ago": years since an event, as of the date."""
    out = []
    for m in _AGO.finditer(sent.text):
        n = m.group(2)
        value = _value(n)
        if value is None:
            continue
        fields = {"measure": "years since " + m.group(1).strip(), "value": value, "unit": "year"}
        out.append((fields, "'N years ago'", 0.6))
    return out


def _stem(measure: str) -> str:

    return "-".join(slug(measure).split("-")[:4])


def _one(ctx: Context, sent, m: re.Match[str], dates) -> tuple | None:
    text = sent.text
    num = m.group("num")
    value = _value(num)
    if value is None:
        return None
    after = text[m.end() :]
    before = text[: m.start()]
    is_word = not num[0].isdigit()
    of_total = re.match(r"^ of the ([\d,]+) ", after)
    if of_total:
        after = after[of_total.end() - 1 :]  # "26 of the 45 projects": 26 projects
    elif _NOT_AFTER.match(after) or (is_word and value < 2):
        return None
    if _OWNED.search(before) and is_word and value < 10 and not re.search(r"\b[Tt]he\s*$", before[-5:]):
        return None  # "our two countries": a reference, not a count
    if re.search(r"\b[Tt]he\s*$", before) and value == 2:
        return None  # "the two countries": a reference, not a count
    if not is_word and re.match(r"^\d{4}$", num) and 1900 <= value <= 2100 and not m.group("pct"):
        return None
    if re.search(r"[\d:/-]$", before) or re.match(r"^[\d:/]", after):
        return None
    if m.group("scale"):
        value *= _SCALE[m.group("scale").lower()]
    fields: dict = {}
    unit = None
    if m.group("cur"):
        unit = _CURRENCY_BEFORE[m.group("cur").strip()]
    elif m.group("pct"):
        unit = "percent"
    cur_after = _UNIT.match(after)
    words_after = after.strip()
    if unit is None and cur_after:
        word = cur_after.group(0).strip()
        if word.lower() in _CURRENCY_AFTER:
            unit = _CURRENCY_AFTER[word.lower()]
            words_after = after[cur_after.end() :].strip()
        elif word.lower() == "times" and re.match(
            r"^\s*times\s+(?:more|less|larger|higher|bigger|as|the|that)\b", after
        ):
            return None  # a multiplier, not a count
        else:
            unit = word
    if (
        unit is None
        or unit.lower() in _POINTS_OF_SPEECH
        or _POINTS_OF_SPEECH & set(after.lower().split()[:2])
    ):
        return None
    if unit not in ("percent",) and unit.upper() != unit and not unit[:1].isalpha():
        return None
    # the measure: for a count, the counted noun and what follows it; for money or a share, what precedes it
    if unit in _CURRENCY_BEFORE.values() or unit in ("percent", "times"):
        clause = re.split(r"[,;:]", before)[-1]
        clause = re.sub(
            r"\b(?:reached|hit|stood at|totaled|totalled|amounted to|was|were|of|at|by|to)\s*$",
            "",
            clause.strip(),
        ).strip()
        measure = " ".join(clause.split()[-8:]) or words_after.split(",")[0]
    else:
        tail = after.strip()
        stop = _STOP.search(tail[len(unit) :])
        measure = tail[: len(unit) + (stop.start() if stop else len(tail))].strip()
        measure = " ".join(measure.split()[:9])
    if not measure:
        return None
    fields["measure"] = measure
    fields["value"] = value
    fields["unit"] = unit
    cmp = m.group("cmp")
    loose = re.search(
        r"\b(nearly|almost|about|around|approximately|some|over|more than)\s+(?:a\s+)?$", before, re.I
    )
    if cmp:
        fields["comparator"] = _COMPARATORS[cmp.lower()]
        fields["words"] = m.group(0).strip()  # a comparator keeps the words it stands for
    elif loose:  # "nearly a hundred"
        fields["comparator"] = _COMPARATORS.get(loose.group(1).lower(), "about")
        fields["words"] = text[m.start() - len(loose.group(0)) : m.end()].strip()
    window = text[max(0, m.start() - 40) : m.end() + 40]
    if unit == "percent" and _YOY.search(window) and _CHANGE.search(window):
        fields["change"] = {"value": value, "unit": "percent", "basis": "year on year"}
    as_of = re.search(r"\bas of\b", text)
    if dates:
        d = dates[-1] if as_of else dates[0]
        fields.update({k: v for k, v in d.value.items() if k in ("date", "inferred")})
        if as_of and "date" in d.value:
            fields["as_of"] = True
    pattern = "number with " + (
        "a currency"
        if unit in _CURRENCY_BEFORE.values()
        else "percent"
        if unit == "percent"
        else "a counted noun"
    )
    conf = 0.7 if not is_word else 0.6
    return fields, pattern, conf
