"""Name matching: accent-, spelling- and transliteration-insensitive keys, and fuzzy look-up in the registry."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from anyascii import anyascii
from rapidfuzz import fuzz, process

# Transliterations of Kazakh, Russian and Chinese names vary in these letters (Shaimergenova / Shaymergenova,
# Kassym / Kasym, Khorgos / Horgos); the key folds them so both spellings meet.
_FOLDS = (("kh", "h"), ("dzh", "j"), ("yi", "i"), ("y", "i"), ("ck", "k"), ("ph", "f"))
_DOUBLE = re.compile(r"([a-z])\1+")


def key(name: str) -> str:
    """A comparison key: ASCII, lowercase, punctuation dropped, transliteration variants folded."""
    s = anyascii(name).lower().replace("'", "").replace("’", "")
    s = re.sub(r"[^a-z0-9]+", " ", s).strip()
    if s.startswith("the "):
        s = s[4:]
    for a, b in _FOLDS:
        s = s.replace(a, b)
    return _DOUBLE.sub(r"\1", s)


@dataclass
class NameIndex:
    """Every name and alt of the registry by key; fuzzy matching for the spellings no entry lists."""

    exact: dict[str, list[str]] = field(default_factory=dict)
    choices: list[str] = field(default_factory=list)

    @classmethod
    def of(cls, names: list[tuple[str, str]]) -> NameIndex:
        index = cls()
        for entity_id, name in names:
            ids = index.exact.setdefault(key(name), [])
            if entity_id not in ids:
                ids.append(entity_id)
        index.choices = sorted(index.exact)
        return index

    def find(self, name: str) -> tuple[list[str], float]:
        """Registry ids whose name matches ``name`` and the match score (1.0 exact key, less when fuzzy)."""
        k = key(name)
        if not k:
            return [], 0.0
        if k in self.exact:
            return self.exact[k], 1.0
        if len(k) < 8 or not self.choices:
            return [], 0.0
        best = process.extractOne(k, self.choices, scorer=fuzz.ratio, score_cutoff=92)
        if best is None:
            return [], 0.0
        return self.exact[best[0]], best[1] / 100

    def look_alikes(self, name: str) -> list[str]:
        """Ids of entries with a similar but not equal name: candidates for a distinct_from decision."""
        k = key(name)
        if len(k) < 5:
            return []
        found = process.extract(k, self.choices, scorer=fuzz.ratio, score_cutoff=80, limit=3)
        return sorted({i for choice, _, _ in found for i in self.exact[choice]})


def slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", anyascii(name).lower()).strip("-") or "unnamed"
