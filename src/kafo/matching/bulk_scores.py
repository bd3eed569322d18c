"""Weighing many candidate pairs of person records at once, as
:func:`~kafo.matching.persons.compare_persons` would one by one.

Identity resolution scores millions of pairs; calling ``compare_persons``
for each would take minutes. Each record's facts are held as arrays
(:class:`Facts`), and everything besides the names is weighed for all
pairs at once, term by term in ``compare_persons``'s order and with its
weights (so that the sums are the same floats), then rounded the same way.
A record holding more values of a fact than the arrays hold is marked
``odd`` and left to ``compare_persons``. :mod:`kafo.matching.resolution`
re-checks a sample of every run against ``compare_persons``: this module
must follow any change to :mod:`kafo.matching.persons` or
:mod:`kafo.matching.dates`.

Pure: arrays in, arrays out.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
from numpy.typing import NDArray

from kafo.matching import persons as weights
from kafo.matching.dates import APPROXIMATE_YEARS
from kafo.matching.names import Name
from kafo.matching.persons import PersonFacts, document_keys

HELD = 2  # values of a fact held in arrays; a record with more is scored by compare_persons
SLICE = 2_000_000  # candidate pairs weighed at once (bounds memory)

Ints = NDArray[np.int64]
Floats = NDArray[np.float64]
Bools = NDArray[np.bool_]
Form = tuple[tuple[str, bool], ...]  # (folded token, particle): all a score or a key reads


def forms_of(name: Name) -> tuple[Form, ...]:
    return tuple(tuple((t.text, t.particle) for t in form) for form in name.forms)


def documents_of(facts: PersonFacts) -> list[str]:
    return sorted(document_keys(facts.documents))


# --- Facts as arrays ------------------------------------------------------------


def _hold(values: Iterable[str], ids: dict[str, int], out: Ints, r: int) -> bool:
    """Values as ids in row ``r`` of ``out`` (0: none); False if too many."""
    held = sorted(ids.setdefault(v, len(ids) + 1) for v in values)
    out[r, : min(len(held), HELD)] = held[:HELD]
    return len(held) <= HELD


class Facts:
    """Each record's facts as arrays: what the weighing in numpy reads."""

    def __init__(self, facts: Sequence[PersonFacts]) -> None:
        n = len(facts)
        self.spelling, self.year, self.month, self.day, self.sex = np.zeros((5, n), np.int64)
        self.approx, self.odd = np.zeros((2, n), bool)  # odd: more values than HELD
        self.nations, self.phones, self.docs, self.vehicles = np.zeros((4, n, HELD), np.int64)
        self.names: list[Name] = []  # one per distinct spelling
        spellings: dict[tuple[Form, ...], int] = {}
        by_object: dict[int, int] = {}  # a Name object shared by records is read once
        ids: dict[str, int] = {}  # every value of every fact, as a positive int
        for r, p in enumerate(facts):
            s = by_object.get(id(p.name))
            if s is None:
                s = by_object[id(p.name)] = spellings.setdefault(forms_of(p.name), len(spellings))
                if s == len(self.names):
                    self.names.append(p.name)
            self.spelling[r] = s
            if (born := p.date_of_birth) is not None:
                self.year[r], self.month[r], self.day[r] = born.year, born.month or 0, born.day or 0
                self.approx[r] = born.approximate
            if p.sex:
                self.sex[r] = ids.setdefault(f"sex {p.sex}", len(ids) + 1)
            ok = not p.nationalities or _hold(p.nationalities, ids, self.nations, r)
            ok &= not p.phones or _hold(p.phones, ids, self.phones, r)
            ok &= not p.documents or _hold(documents_of(p), ids, self.docs, r)
            ok &= not p.vehicles or _hold(p.vehicles, ids, self.vehicles, r)
            self.odd[r] = not ok


def shared(values: Ints, i: Ints, j: Ints) -> Bools:
    a, b = values[i], values[j]
    out = np.zeros(len(i), bool)
    for x, y in np.ndindex(HELD, HELD):
        out |= (a[:, x] == b[:, y]) & (a[:, x] != 0)
    return out


def date_weights(f: Facts, i: Ints, j: Ints) -> Floats:
    """:func:`compare_dates`'s weight, case by case in its order (0: no date)."""
    y1, m1, d1, y2, m2, d2 = f.year[i], f.month[i], f.day[i], f.year[j], f.month[j], f.day[j]
    slack = np.where(f.approx[i] | f.approx[j], APPROXIMATE_YEARS, 0)
    gap, days = np.abs(y1 - y2), (d1 > 0) & (d2 > 0)
    cases = [
        ((y1 == 0) | (y2 == 0), 0.0),
        ((gap > slack) & (gap <= 1) & (slack == 0), -0.3),
        (gap > slack, -1.0),
        ((slack > 0) & (gap == 0), 0.35),
        (slack > 0, 0.3),
        ((m1 == 0) | (m2 == 0), 0.4),
        (days & (m1 == m2) & (d1 == d2), 1.0),
        (days & (m1 == d2) & (d1 == m2), 0.8),
        (days & (m1 == m2), -0.2),
        (days, -0.6),
        (m1 == m2, 0.6),
        (((d1 > 0) & (d1 == m2)) | ((d2 > 0) & (d2 == m1)), 0.3),
    ]
    return np.select([c for c, _ in cases], [w for _, w in cases], -0.6)


class _Evidence:
    """What compare_persons adds to the name score for a slice of pairs,
    term by term in its order (so that the sums are the same floats), and
    what corroborates them."""

    def __init__(self, f: Facts, i: Ints, j: Ints) -> None:
        self.dates = date_weights(f, i, j)
        self.dated = (f.year[i] > 0) & (f.year[j] > 0)
        self.phones = shared(f.phones, i, j)
        self.documents = shared(f.docs, i, j)
        self.vehicles = shared(f.vehicles, i, j)
        nations = (f.nations[i, 0] != 0) & (f.nations[j, 0] != 0)
        same_nation = shared(f.nations, i, j)
        self.nations_differ = nations & ~same_nation
        agree = np.where(same_nation, weights.NATIONALITY_BONUS, -weights.NATIONALITY_PENALTY)
        sexes = (f.sex[i] != 0) & (f.sex[j] != 0) & (f.sex[i] != f.sex[j])
        self.terms = (
            np.where(self.dates > 0, weights.DOB_FOR, weights.DOB_AGAINST) * self.dates,
            np.where(self.phones, weights.PHONE_BONUS, 0.0),
            np.where(nations, agree, 0.0),
            np.where(sexes, -weights.SEX_PENALTY, 0.0),
        )

    def total(self, names: Floats) -> Floats:
        out = names.copy()
        for term in self.terms:
            out += term
        floor = self.documents & (names >= weights.DOCUMENT_NAME_MIN)
        result: Floats = np.where(floor, np.maximum(out, weights.DOCUMENT_FLOOR), out)
        return result

    def corroborated(self, namesakes: Ints) -> Bools:
        """:meth:`PersonMatch.corroborated_among` for each pair, ``namesakes``
        the number of records bearing the pair's name."""
        w = self.dates
        partial = ~self.nations_differ & (
            ((w >= weights.SAME_MONTH) & (namesakes <= weights.SAME_MONTH_NAMESAKES))
            | ((w >= weights.SAME_YEAR) & (namesakes <= weights.SAME_YEAR_NAMESAKES))
        )
        dates = self.dated & ((w >= weights.FULL_DATE) | partial)
        out: Bools = dates | self.phones | self.documents | self.vehicles
        return out


def weigh(f: Facts, i: Ints, j: Ints, name: Floats) -> Floats:
    """Each pair's score before rounding; a slice of pairs at a time (bounds memory)."""
    parts = [np.zeros(0)]
    for s in range(0, len(i), SLICE):
        parts.append(_Evidence(f, i[s : s + SLICE], j[s : s + SLICE]).total(name[s : s + SLICE]))
    return np.concatenate(parts)


def promising(f: Facts, i: Ints, j: Ints, namesakes: Ints, threshold: float) -> tuple[Bools, Bools]:
    """For each pair: could its score reach ``threshold`` if the names were
    the same (only then are the names worth comparing), and is it
    corroborated. A slice of pairs at a time (bounds memory)."""
    reach, sure = [np.zeros(0, bool)], [np.zeros(0, bool)]
    for s in range(0, len(i), SLICE):
        cut = slice(s, s + SLICE)
        found = _Evidence(f, i[cut], j[cut])
        reach.append(found.total(np.ones(len(found.dates))) >= threshold)
        sure.append(found.corroborated(namesakes[cut]))
    return np.concatenate(reach), np.concatenate(sure)


def rounded(total: Floats) -> Floats:
    """``round(max(0, min(t, 1)), 3)`` as compare_persons computes it: numpy
    rounds the same but at a near tie, where Python's round decides."""
    clipped = np.clip(total, 0.0, 1.0)
    out = np.round(clipped, 3)
    thousandths = clipped * 1000
    for k in np.flatnonzero(np.abs(thousandths - np.floor(thousandths) - 0.5) < 1e-6).tolist():
        out[k] = round(float(clipped[k]), 3)
    return out
