"""Screening people against a list (sanctions, wanted persons).

Every name and alias of the list is read once (:func:`read_name`) and
indexed under the keys of its tokens: the token, its group in the variant
tables, its sound key. A query is compared only with the listed names that
share a key with it (blocking), the names sharing most keys first, at most
:data:`MAX_COMPARED` of them; each comparison weighs the name with the date
of birth, documents and nationality (:func:`compare_persons`). An entry's
score is that of its best name; an alias the list itself calls of low
quality counts a little less.

Pure: the list comes in as values.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from kafo.matching.dates import PartialDate
from kafo.matching.names import (
    MATCH_THRESHOLD,
    Name,
    NameRefused,
    Token,
    phonetic,
    read_name,
    variants,
)
from kafo.matching.persons import PersonFacts, PersonMatch, compare_persons

MAX_COMPARED = 200  # listed names compared with one query, at most
LOW_QUALITY_PENALTY = 0.05


@dataclass(frozen=True)
class ListedPerson:
    """One entry of a list, as screening needs it."""

    key: str  # the list's reference ("MLi.004")
    names: tuple[tuple[str, str], ...]  # (name as written, quality: "main", "Good" or "Low")
    facts: PersonFacts  # date of birth, documents, nationalities (its name is the main one)
    other_dates: tuple[PartialDate, ...] = ()  # further dates of birth the list gives


@dataclass(frozen=True)
class ScreenHit:
    key: str
    score: float
    matched: str  # the listed name or alias that matched
    quality: str
    match: PersonMatch

    def explain(self) -> list[str]:
        why = self.match.explain()
        if self.quality == "Low":
            why.append("matched a low-quality alias (the list's own judgement)")
        return why


def _keys(tokens: Sequence[Token]) -> set[str]:
    table = variants()
    out: set[str] = set()
    for t in tokens:
        if t.particle or len(t.text) < 2:
            continue
        out.add(f"t:{t.text}")
        group = table.group(t.text)
        if group:
            out.add(f"g:{group}")
        out.add(f"p:{phonetic(t.text)}")
    return out


@dataclass
class Screen:
    people: Sequence[ListedPerson]
    _names: list[tuple[int, Name, str]] = field(default_factory=list)  # person, name, quality
    _index: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))

    def __post_init__(self) -> None:
        for p, person in enumerate(self.people):
            for written, quality in person.names:
                try:
                    name = read_name(written)
                except NameRefused:
                    continue  # a listed alias that is not a name ("N/A")
                n = len(self._names)
                self._names.append((p, name, quality))
                for key in set().union(*(_keys(form) for form in name.forms)):
                    self._index[key].append(n)

    @staticmethod
    def _compare(facts: PersonFacts, person: ListedPerson, name: Name) -> PersonMatch:
        """The best match over the listed dates of birth (one is asked for)."""
        listed = replace(person.facts, name=name)
        match = compare_persons(facts, listed)
        if facts.date_of_birth is not None:
            for born in person.other_dates:
                other = compare_persons(facts, replace(listed, date_of_birth=born))
                if other.score > match.score:
                    match = other
        return match

    def screen(self, facts: PersonFacts, limit: int = 5) -> list[ScreenHit]:
        """The listed people whose score reaches the alert threshold, best first."""
        shared: Counter[int] = Counter()
        for key in set().union(*(_keys(form) for form in facts.name.forms)):
            for n in self._index.get(key, ()):
                shared[n] += 1
        best: dict[int, ScreenHit] = {}
        # Most shared keys first; ties in list order, so that the answer
        # does not depend on the order of a set.
        for n, _count in sorted(shared.items(), key=lambda kv: (-kv[1], kv[0]))[:MAX_COMPARED]:
            p, name, quality = self._names[n]
            person = self.people[p]
            match = self._compare(facts, person, name)
            score = match.score - (LOW_QUALITY_PENALTY if quality == "Low" else 0.0)
            if score >= MATCH_THRESHOLD and (p not in best or score > best[p].score):
                best[p] = ScreenHit(person.key, round(score, 3), name.written, quality, match)
        return sorted(best.values(), key=lambda h: (-h.score, h.key))[:limit]
