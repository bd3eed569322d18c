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
from itertools import pairwise

import numpy as np
from numpy.typing import NDArray

from kafo.matching.dates import PartialDate
from kafo.matching.names import (
    MATCH_THRESHOLD,
    Name,
    NameRefused,
    Token,
    pair_score,
    pairing_bounds,
    phonetic,
    read_name,
    variants,
)
from kafo.matching.persons import PersonFacts, PersonMatch, compare_persons, most_added

MAX_COMPARED = 200  # listed names compared with one query, at most
LOW_QUALITY_PENALTY = 0.05


@dataclass(frozen=True)
class ListedPerson:
    """One entry of a list, as screening needs it."""

    key: str  # the list's reference ("MLi.004")
    names: tuple[tuple[str, str], ...]  # (name as written, quality: "main", "Good" or "Low")
    facts: PersonFacts  # date of birth, documents, nationalities (its name is the main one)
    other_dates: tuple[PartialDate, ...] = ()  # further dates of birth the list gives
    organisation: bool = False  # an entity of the list: names read as organisations


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


def _singles(tokens: Sequence[Token]) -> set[str]:
    """What a neighbour pair of the other name may be joined into (see
    :func:`kafo.matching.names.compare`): these tokens and their groups."""
    table = variants()
    return {t.text for t in tokens} | {g for t in tokens if (g := table.group(t.text))}


def _joins(tokens: Sequence[Token]) -> set[str]:
    """Neighbour pairs written as one, and their groups."""
    table = variants()
    out = set()
    for a, b in pairwise(tokens):
        out.add(a.text + b.text)
        if group := table.group(a.text + b.text):
            out.add(group)
    return out


@dataclass
class Screen:
    """A list read and indexed for screening.

    A query is compared in full only with candidates that might reach the
    threshold: for each candidate name an upper bound of the name score is
    computed for all of them at once from the pair scores of their tokens
    (:func:`~kafo.matching.names.pairing_bounds`), plus the most the other
    facts can add (:func:`~kafo.matching.persons.most_added`). Names where a
    join of neighbours could change the tokens, or that share a document
    with the query, are always compared. The answer is the same as
    comparing every candidate.
    """

    people: Sequence[ListedPerson]
    _names: list[tuple[int, Name, str]] = field(default_factory=list)  # person, name, quality
    _index: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))
    # Exact forms for the join check: a token text or group, and a joined
    # neighbour pair or its group, to the names holding them.
    _singles: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))
    _joins: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))
    # One row per form of each name: its tokens (vocabulary ids, -1 padding)
    # and their weights (0 padding).
    _vocabulary: list[str] = field(default_factory=list)
    _rows_of: list[list[int]] = field(default_factory=list)
    _tokens: NDArray[np.int64] = field(default_factory=lambda: np.zeros((0, 0), np.int64))
    _weights: NDArray[np.float64] = field(default_factory=lambda: np.zeros((0, 0)))

    def __post_init__(self) -> None:
        ids: dict[str, int] = {}
        rows: list[tuple[Token, ...]] = []
        for p, person in enumerate(self.people):
            for written, quality in person.names:
                try:
                    name = read_name(written, person.organisation)
                except NameRefused:
                    continue  # a listed alias that is not a name ("N/A")
                n = len(self._names)
                self._names.append((p, name, quality))
                for key in set().union(*(_keys(form) for form in name.forms)):
                    self._index[key].append(n)
                for single in set().union(*(_singles(form) for form in name.forms)):
                    self._singles[single].append(n)
                for join in set().union(*(_joins(form) for form in name.forms)):
                    self._joins[join].append(n)
                self._rows_of.append(list(range(len(rows), len(rows) + len(name.forms))))
                rows.extend(name.forms)
                for form in name.forms:
                    for t in form:
                        ids.setdefault(t.text, len(ids))
        self._vocabulary = list(ids)
        width = max((len(r) for r in rows), default=1)
        self._tokens = np.full((len(rows), width), -1, np.int64)
        self._weights = np.zeros((len(rows), width))
        for r, form in enumerate(rows):
            self._tokens[r, : len(form)] = [ids[t.text] for t in form]
            self._weights[r, : len(form)] = [t.weight for t in form]

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

    def _candidates(self, facts: PersonFacts) -> list[int]:
        """Names sharing a key with the query, most shared keys first (ties
        in list order, so the answer does not depend on a set's order)."""
        shared: Counter[int] = Counter()
        for key in set().union(*(_keys(form) for form in facts.name.forms)):
            for n in self._index.get(key, ()):
                shared[n] += 1
        ranked = sorted(shared.items(), key=lambda kv: (-kv[1], kv[0]))[:MAX_COMPARED]
        return [n for n, _ in ranked]

    def _joinable(self, facts: PersonFacts) -> set[int]:
        """Names with which :func:`compare` might join neighbour tokens."""
        out: set[int] = set()
        for form in facts.name.forms:
            for join in _joins(form):
                out.update(self._singles.get(join, ()))
            for single in _singles(form):
                out.update(self._joins.get(single, ()))
        return out

    def _bounds(self, facts: PersonFacts, names: list[int]) -> NDArray[np.float64]:
        """An upper bound of the name score of each of ``names``."""
        rows = np.array([r for n in names for r in self._rows_of[n]], np.int64)
        owner = np.repeat(np.arange(len(names)), [len(self._rows_of[n]) for n in names])
        tokens = self._tokens[rows]
        used, local = np.unique(tokens, return_inverse=True)
        local = local.reshape(tokens.shape)
        words = [self._vocabulary[v] if v >= 0 else "" for v in used]
        best = np.zeros(len(names))
        for form in facts.name.forms:
            pair = np.array([[pair_score(t.text, w) if w else 0.0 for w in words] for t in form])
            ours = np.array([t.weight for t in form])
            bound = pairing_bounds(pair[:, local], ours, self._weights[rows])
            np.maximum.at(best, owner, bound)
        return best

    def screen(self, facts: PersonFacts, limit: int = 5) -> list[ScreenHit]:
        """The listed people whose score reaches the alert threshold, best first."""
        names = self._candidates(facts)
        compared = set(names)
        if names:
            joinable = self._joinable(facts)
            bounds = self._bounds(facts, names)
            for n, bound in zip(names, bounds, strict=True):
                added = most_added(facts, self.people[self._names[n][0]].facts)
                if n in joinable or added is None:
                    continue
                if bound + added + 0.001 < MATCH_THRESHOLD:  # 0.001: scores are rounded
                    compared.discard(n)
        best: dict[int, ScreenHit] = {}
        for n in names:
            if n not in compared:
                continue
            p, name, quality = self._names[n]
            person = self.people[p]
            match = self._compare(facts, person, name)
            score = match.score - (LOW_QUALITY_PENALTY if quality == "Low" else 0.0)
            if score >= MATCH_THRESHOLD and (p not in best or score > best[p].score):
                best[p] = ScreenHit(person.key, round(score, 3), name.written, quality, match)
        return sorted(best.values(), key=lambda h: (-h.score, h.key))[:limit]
