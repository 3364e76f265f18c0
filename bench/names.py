"""Made-up but realistic names for the synthetic corpus: people, organizations, places, events, initiatives.

Every name is built from syllable lists with a ``random.Random`` seeded by (seed, kind, index), so entity
number ``i`` of a kind has the same name whatever the corpus size.
"""

from __future__ import annotations

import random
import re

KAZAKH_GIVEN = [
    "Ai",
    "dar",
    "Nur",
    "lan",
    "Ar",
    "man",
    "Yer",
    "lan",
    "Dau",
    "ren",
    "Asel",
    "Dana",
    "Zhan",
    "na",
    "Ka",
    "nat",
    "Bol",
    "at",
    "Ai",
    "gerim",
    "Ma",
    "dina",
    "Ta",
    "lgat",
    "Sa",
    "ule",
]
KAZAKH_FAMILY = [
    "Nurla",
    "Abdi",
    "Seri",
    "Tokta",
    "Zhaksy",
    "Bekmu",
    "Ospa",
    "Kairat",
    "Sultan",
    "Yesen",
    "Amir",
    "Dosmu",
    "Zhuma",
    "Karim",
    "Baima",
    "Orazba",
]
KAZAKH_SUFFIX = ["nov", "kov", "bekov", "ev", "yev", "bayev", "kulov", "khanov"]
CHINESE_FAMILY = [
    "Wang",
    "Li",
    "Zhang",
    "Liu",
    "Chen",
    "Yang",
    "Zhao",
    "Huang",
    "Zhou",
    "Wu",
    "Xu",
    "Sun",
    "Ma",
    "Zhu",
    "Hu",
    "Guo",
    "He",
    "Gao",
    "Lin",
    "Luo",
]
CHINESE_GIVEN = [
    "jia",
    "hui",
    "ming",
    "wei",
    "xin",
    "yu",
    "hao",
    "lan",
    "qing",
    "feng",
    "jun",
    "lei",
    "yan",
    "bo",
    "tao",
    "ning",
    "rui",
    "chen",
    "zhi",
    "kai",
]
PLACE_SYLLABLES = [
    "Ak",
    "kol",
    "Kara",
    "gan",
    "Tal",
    "dy",
    "Zhar",
    "kent",
    "Shi",
    "he",
    "zi",
    "Bay",
    "tas",
    "Kok",
    "shetau",
    "Ur",
    "ga",
    "Sar",
    "Ye",
    "mel",
    "Ho",
    "rgos",
    "Tur",
    "pan",
    "Ar",
    "ys",
]
FIELDS = [
    "Eurasian",
    "Economic",
    "Silk Road",
    "Energy",
    "Logistics",
    "Agricultural",
    "Digital",
    "Cultural",
    "Regional",
    "Strategic",
    "Environmental",
    "Trade",
    "Transport",
    "Education",
    "Water Resources",
]
ORG_FORMS = [
    ("ResearchCenter", "{f} Studies Center of {p}"),
    ("University", "{p} University of {f} Studies"),
    ("Organization", "{p} {f} Association"),
    ("Company", "{p} {f} Company"),
    ("GovernmentBody", "{p} Committee for {f} Affairs"),
    ("Ministry", "Ministry of {f} Development of {p}"),
    ("ResearchCenter", "{p} Institute of {f} Research"),
]
EVENT_FORMS = [
    ("Forum", "{p} {f} Forum"),
    ("Summit", "{p} {f} Summit"),
    ("Meeting", "{p} {f} Round Table"),
    ("Ceremony", "{p} {f} Opening Ceremony"),
    ("Event", "{p} {f} Expo"),
    ("Competition", "{p} {f} Youth Contest"),
]
INITIATIVE_FORMS = [
    ("Initiative", "{f} Partnership Initiative"),
    ("Programme", "{p} {f} Programme"),
    ("Agreement", "{p} Agreement on {f} Cooperation"),
    ("PolicyConcept", "{f} Corridor Concept"),
    ("PolicyDocument", "{p} {f} Strategy"),
]
PUBLISHER_FORMS = ["{p} Daily", "{p} Times", "{p} News Agency", "{p} Herald", "{p} Observer"]
TITLES = [
    "director",
    "deputy director",
    "president",
    "vice president",
    "chairman",
    "senior researcher",
    "head",
    "rector",
    "secretary general",
    "chief economist",
]


def slugify(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def _word(rng: random.Random, syllables: list[str], n: int) -> str:
    return "".join(rng.choice(syllables).lower() for _ in range(n)).capitalize()


def person(rng: random.Random) -> str:
    if rng.random() < 0.5:
        return f"{rng.choice(CHINESE_FAMILY)} {''.join(rng.choice(CHINESE_GIVEN) for _ in range(2)).capitalize()}"
    given = _word(rng, KAZAKH_GIVEN, 2)
    return f"{given} {rng.choice(KAZAKH_FAMILY)}{rng.choice(KAZAKH_SUFFIX)}"


def place(rng: random.Random) -> str:
    return _word(rng, PLACE_SYLLABLES, rng.choice((2, 3)))


def _formed(rng: random.Random, forms: list[tuple[str, str]]) -> tuple[str, str]:
    kind, form = rng.choice(forms)
    return kind, form.format(f=rng.choice(FIELDS), p=place(rng))


def organization(rng: random.Random) -> tuple[str, str]:
    return _formed(rng, ORG_FORMS)


def event(rng: random.Random) -> tuple[str, str]:
    kind, name = _formed(rng, EVENT_FORMS)
    return kind, f"{name} {rng.randint(2015, 2025)}"


def initiative(rng: random.Random) -> tuple[str, str]:
    return _formed(rng, INITIATIVE_FORMS)


def publisher(rng: random.Random) -> str:
    return rng.choice(PUBLISHER_FORMS).format(p=place(rng))
