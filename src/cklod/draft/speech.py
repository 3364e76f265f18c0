"""Direct quotations with their speaker, and reported speech ("said that", "noted", "pointed out", …)."""

from __future__ import annotations

import re

from cklod.draft.core import Context
from cklod.draft.lexicon import PRONOUNS, SPEECH_VERBS

_VERB = re.compile(r"\b(" + "|".join(sorted(SPEECH_VERBS, key=len, reverse=True)) + r")\b")
_QUOTED = re.compile(r"“([^”]+)”|\"([^\"\n]+)\"")
_THAT = re.compile(r"\s+(?:[a-z]+\s+){0,2}?that\b")
_PRONOUN = re.compile(r"\b(he|she|He|She)\b")


def _speaker_near(
    ctx: Context, start: int, end: int, before: int, last: bool = False, verb: bool = True
) -> tuple[str | None, str]:
    """The person a window names with a speech verb; a pronoun is the last person named before ``before``."""
    window = ctx.text[start:end]
    if verb and not _VERB.search(window):
        return None, ""
    people = ctx.mentions_in(start, end, "person")
    if people:
        return people[-1 if last else 0].entity, "named"
    if _PRONOUN.search(window) or start == end:
        earlier = [m for m in ctx.entities.mentions if m.kind == "person" and m.end <= before]
        if earlier:
            return earlier[-1].entity, "pronoun"
    return None, ""


def find_quotations(ctx: Context) -> list[tuple[int, int]]:
    """Propose quotation facts; return the attribution windows they used (reported speech skips them)."""
    text, used = ctx.text, []
    allowed = [(s.start, s.end) for s in ctx.sentences]
    for m in _QUOTED.finditer(text):
        inner_start, inner = (m.start(1), m.group(1)) if m.group(1) is not None else (m.start(2), m.group(2))
        if not any(a <= m.start() < b for a, b in allowed):
            continue
        body = inner.rstrip().rstrip(",").rstrip()
        lead = len(body) - len(body.lstrip())
        body = body.strip()
        if len(body.split()) < 4:
            continue  # a term in marks ("soft connectivity"), not a quotation (docs/model.md, borderline calls)
        q_start = inner_start + lead
        q_end = q_start + len(body)
        # the attribution follows the closing mark ("…," she said.) or precedes the opening one (X said: "…")
        after_end = min(len(text), m.end() + 160)
        stop = re.search(r"[.!?\n“\"]", text[m.end() + 1 : after_end])
        after_end = m.end() + 1 + stop.start() if stop else after_end
        speaker, how = _speaker_near(ctx, m.end(), after_end, m.start())
        window = (m.end(), after_end)
        if speaker is None:
            # the attribution before the opening mark: the sentence before it ("X told reporters that …. “…”",
            # "X said: “…”", "“…,” X said. “…”")
            para = text.rfind("\n", 0, m.start()) + 1
            cut = max(para, m.start() - 220)
            prev_end = text.rfind(". ", cut, max(cut, m.start() - 2))
            prev = max(para, text.rfind(". ", cut, prev_end) + 2 if prev_end > 0 else cut)
            intro = text[prev : m.start()]
            if _PRONOUN.match(intro) and (_VERB.search(intro) or intro.rstrip().endswith(":")):
                speaker, how = _speaker_near(ctx, prev, prev, prev, verb=False)  # "She …: “…”"
            else:
                speaker, how = _speaker_near(ctx, prev, m.start(), m.start(), last=True)
            if speaker is None and intro.rstrip().endswith(":"):
                speaker, how = _speaker_near(ctx, prev, m.start(), m.start(), last=True, verb=False)
            window = (prev, m.start())
        if speaker is None and (m.start() == 0 or text[m.start() - 1] == "\n"):
            # a paragraph that opens with the quotation and then names one person: "“…” Name, a …, is …"
            people = {p.entity for p in ctx.mentions_in(m.end(), after_end, "person")}
            if len(people) == 1:
                speaker, how = people.pop(), "named after the quotation, without a speech verb"
                window = (m.end(), after_end)
        if speaker is None:
            continue
        used.append(window)
        conf = 0.9 if how == "named" else 0.75
        ctx.propose(
            "quotation",
            q_start,
            q_end,
            {"speaker": speaker},
            f"quotation marks + speech verb ({how})",
            conf,
            f"quote-{speaker}",
        )
    return used


def find_speech(ctx: Context, used: list[tuple[int, int]]) -> None:
    text = ctx.text
    last_speaker: str | None = None
    for sent in ctx.sentences:
        verb = _VERB.search(sent.text)
        if verb is None:
            continue
        v_start = sent.start + verb.start()
        reported = _THAT.match(sent.text, verb.end()) is not None  # "said that …" reports, whatever precedes
        start = sent.start
        inner = None
        for inner in _QUOTED.finditer(sent.text):
            if len((inner.group(1) or inner.group(2) or "").split()) >= 4 and inner.end() <= verb.start():
                start = (
                    sent.start
                    + inner.end()
                    + len(sent.text[inner.end() :])
                    - len(sent.text[inner.end() :].lstrip())
                )
        long_quote = any(
            len((q.group(1) or q.group(2) or "").split()) >= 4 for q in _QUOTED.finditer(sent.text)
        )
        if not reported and (any(a <= v_start < b for a, b in used) or long_quote):
            people = ctx.mentions_in(sent.start, sent.end, "person")
            last_speaker = people[0].entity if people else last_speaker
            continue
        speaker, pattern = _subject(ctx, start, v_start, verb.end() + sent.start, sent.end, last_speaker)
        if speaker is None:
            for country in _group_speakers(ctx, start, v_start):
                ctx.propose(
                    "speech",
                    start,
                    sent.end,
                    {"speaker": country, "verb": verb.group(1)},
                    "reported speech: leaders of A and B …",
                    0.6,
                    f"speech-{country}",
                )
            continue
        last_speaker = speaker
        fields = {"speaker": speaker, "verb": verb.group(1)}
        about = []
        for m in ctx.mentions_in(v_start, sent.end):
            if m.kind != "person" and m.entity not in about:
                about.append(m.entity)
        if about:
            fields["about"] = about
        fact = ctx.propose("speech", start, sent.end, fields, pattern, 0.8, f"speech-{speaker}")
        _terms(ctx, fact.start, fact.end, speaker)
    del text


def _subject(ctx: Context, s: int, v: int, v_end: int, e: int, last: str | None) -> tuple[str | None, str]:
    before = ctx.mentions_in(s, v, "person")
    head = ctx.text[s:v]
    if before:
        # the subject opens the clause ("Name, Title, said"); a name deep inside it is what is spoken of
        first = before[0]
        lead = ctx.text[s : first.start]
        if len(lead) < 120 and not _VERB.search(lead) and not re.search(r"\b(that|of|with|to|by)\s*$", lead):
            return first.entity, f"reported speech: Name … {ctx.text[v:v_end]}"
    after = [m for m in ctx.mentions_in(v_end, min(e, v_end + 40), "person")]
    if after and re.match(r"^[\s,]*$", ctx.text[v_end : after[0].start]):
        return after[0].entity, f"reported speech, inverted: … {ctx.text[v:v_end]} Name"
    words = head.split()
    if words and words[0].lower() in PRONOUNS and len(words) <= 2:
        # he/she: the subject of the sentence before ("Seitkali presided over … She noted that …")
        sent = ctx.sentence_at(s)
        before_sent = [x for x in ctx.sentences if sent is not None and x.end <= sent.start][-1:]
        subjects = ctx.mentions_in(before_sent[0].start, before_sent[0].end, "person") if before_sent else []
        if subjects:
            return subjects[0].entity, "reported speech: he/she for the subject of the sentence before"
        if last:
            return last, "reported speech: pronoun for the last speaker"
    return None, ""


def _group_speakers(ctx: Context, start: int, v: int) -> list[str]:
    """ "Leaders of China and Kazakhstan stressed …": each country speaks through its leaders."""
    if not re.match(
        r"^(?:The )?(?:leaders|officials|representatives|heads of state) of ", ctx.text[start:v], re.I
    ):
        return []
    return list(dict.fromkeys(m.entity for m in ctx.mentions_in(start, v, "country")))


def _terms(ctx: Context, start: int, end: int, speaker: str) -> None:
    """Terms a speaker's reported words put in quotation marks ("hard connectivity")."""
    for m in _QUOTED.finditer(ctx.text, start, end):
        body = (m.group(1) or m.group(2)).strip()
        if 0 < len(body.split()) < 4:
            q_start = m.start(1) if m.group(1) is not None else m.start(2)
            ctx.propose(
                "quotation",
                q_start,
                q_start + len(body),
                {"speaker": speaker},
                "term in quotation marks inside reported speech",
                0.6,
                f"quote-{speaker}",
            )
