"""Identity resolution: which person records describe one individual.

The same courier is recorded in Mali as "TRAORE Mamadou", in Burkina Faso
as "Mahamadou Traoré" and in Côte d'Ivoire as "Mamadu Troare". Comparing
every record with every other is out of reach for a national file (a
million records make half a trillion pairs), so resolution runs in three
steps, none of which depends on the input order or on any set order.

**Blocking.** Records are compared only when they share a key:

- per form of a name (the name, each alias), each usable token (not a
  particle, two letters or more; the first :data:`KEYED_TOKENS`) is known by
  its variant group, else by the one group its sound key belongs to, else by
  its sound key; two neighbours written as one word elsewhere ("Ag Ghali",
  "Abdoul Karim") add the joined word. Each pair of these keys, sorted, is
  a key (so FAMILY Given meets Given Family), and so is each pair of the
  tokens' consonants (spellings off the tables: Asseta, Aïssata); a form
  with one token key has a solo key, met only by other such forms;
- each document number (its letters and digits, five or more, as
  :func:`compare_persons` compares them) and each E.164 phone number.

A block is sorted by date of birth (year, month, day; no year last; then
id) and each record is paired with the next :data:`PAIR_WINDOW` records (a
sorted neighbourhood): a block of ``PAIR_WINDOW + 1`` records or fewer is
paired whole, and a very common name stays bounded. The year-compatible
pairs that windows leave out are counted in :attr:`Resolution.skipped` (per
block: a pair left out of one block may be found through another). Pairs
with both years known and more than ``APPROXIMATE_YEARS`` apart are not
paired where the threshold makes that safe: :func:`compare_persons` takes
0.3 off them, which only a shared document outweighs, and document keys
pair regardless of dates.

**Scoring.** A link needs more than the names: the pair must be
*corroborated* (:meth:`PersonMatch.corroborated_among`): a shared phone or
document, the same date of birth, or a partial date agreeing when the name
is rare enough that namesakes born the same year (or month) are unlikely;
how many records of the set bear each name is counted (:func:`namesakes`).
The same common name with nothing else known is as often two people as
one; such pairs are left to screening and to the analysts. The evidence besides names
(dates, phones, nationalities, sex, documents) is weighed for all pairs at
once in numpy (:mod:`kafo.matching.bulk_scores`) with the weights of
:mod:`kafo.matching.persons`; pairs not corroborated, or that cannot reach
the threshold even with identical names, stop there. The others have their names compared, each
distinct pair of spellings once (in ``workers`` processes). The result is
:func:`compare_persons`'s score to the last digit; each run checks a sample
of links against it and fails loudly on a difference. A link's evidence in
words (:attr:`Link.match`) is worked out when read, and the links are held
as arrays (:class:`Links`): a million records may give millions of links,
and few are read.

**Clustering.** Links are taken strongest first (then by ids). Two clusters
join only when more than half of the record pairs between them are links:
two records join on their link, a record joins a pair only if it links to
both, and so on, so one weak link cannot chain two people through a third
record (an undated namesake linked to both). :attr:`Resolution.identities`
holds every linked record, alone when each join it took part in was
refused; records without a link are left out.

Pure: the records come in as values; no database, no settings.
"""

from __future__ import annotations

import gc
import multiprocessing
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import combinations, pairwise
from typing import overload

import numpy as np

from kafo.matching import persons as weights
from kafo.matching.bulk_scores import (
    Bools,
    Facts,
    Floats,
    Form,
    Ints,
    documents_of,
    forms_of,
    promising,
    rounded,
    weigh,
)
from kafo.matching.dates import APPROXIMATE_YEARS
from kafo.matching.names import MATCH_THRESHOLD, Name, compare, phonetic, variants
from kafo.matching.persons import PersonFacts, PersonMatch, compare_persons

PAIR_WINDOW = 20  # partners after each record in a sorted block
KEYED_TOKENS = 6  # tokens of a form that give keys (a 40-word "name" gives no 780 keys)
CHUNK = 20_000  # pairs of spellings per task when comparing in several processes
CHECKED = 64  # links checked against compare_persons on every run
MARGIN = 0.001  # compare_persons rounds to three decimals: a bound this close may round up
# Possible links (names only) are kept for names borne by this many records
# at most: as for a year of birth, a commoner name brings too many namesakes.
POSSIBLE_NAMESAKES = weights.SAME_YEAR_NAMESAKES


@dataclass(frozen=True, slots=True)
class PersonRecord:
    id: str
    facts: PersonFacts


@dataclass(frozen=True, slots=True)
class Link:
    """Two records judged to be one person: ``a < b`` by id."""

    a: str
    b: str
    score: float
    facts_a: PersonFacts = field(repr=False, compare=False)
    facts_b: PersonFacts = field(repr=False, compare=False)

    @property
    def match(self) -> PersonMatch:
        return compare_persons(self.facts_a, self.facts_b)

    def explain(self) -> list[str]:
        return self.match.explain()


class Links(Sequence[Link]):
    """Links held as arrays (a million records may give millions of links);
    each :class:`Link` is made when read."""

    def __init__(
        self, ids: Sequence[str], facts: Sequence[PersonFacts], a: Ints, b: Ints, score: Floats
    ) -> None:
        self._ids, self._facts, self._a, self._b, self._score = ids, facts, a, b, score

    def __len__(self) -> int:
        return len(self._a)

    @overload
    def __getitem__(self, k: int) -> Link: ...
    @overload
    def __getitem__(self, k: slice) -> list[Link]: ...
    def __getitem__(self, k: int | slice) -> Link | list[Link]:
        if isinstance(k, slice):
            return [self[x] for x in range(*k.indices(len(self)))]
        a, b = int(self._a[k]), int(self._b[k])
        return Link(
            self._ids[a], self._ids[b], float(self._score[k]), self._facts[a], self._facts[b]
        )

    def __iter__(self) -> Iterator[Link]:
        ids, facts = self._ids, self._facts
        for s in range(0, len(self), CHUNK):  # Python ints for a chunk at a time
            rows = (x[s : s + CHUNK].tolist() for x in (self._a, self._b, self._score))
            for a, b, score in zip(*rows, strict=True):
                yield Link(ids[a], ids[b], score, facts[a], facts[b])

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Sequence) or len(other) != len(self):
            return False
        return all(x == y for x, y in zip(self, other, strict=True))

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"Links({len(self)})"


@dataclass(frozen=True)
class Resolution:
    """The links and identities, and the work done and left out: ``compared``
    distinct candidate pairs weighed, ``scored`` of them with names compared,
    ``skipped`` pairs left out by the windows, ``refused`` links not followed
    because the join would have chained."""

    links: Sequence[Link]
    identities: tuple[tuple[str, ...], ...]
    compared: int = 0
    scored: int = 0
    skipped: int = 0
    refused: int = 0
    # Pairs at or above the threshold that nothing corroborates (asked for
    # with ``possible``): not links, but worth an analyst's look.
    possible: Sequence[Link] = ()

    def identity_keys(self) -> dict[str, str]:
        """Record id → the key of its identity (the identity's smallest id)."""
        return {rid: ids[0] for ids in self.identities for rid in ids}


# --- Blocking keys --------------------------------------------------------------


@lru_cache(maxsize=1)
def _sound_groups() -> dict[str, str]:
    """Sound key → the one variant group whose spellings have it, so that a
    spelling missing from the tables ("Mamadu") still meets its group."""
    seen: dict[str, set[str]] = {}
    for spelling, group in variants().groups.items():
        if " " not in spelling:
            seen.setdefault(phonetic(spelling), set()).add(group)
    return {key: groups.pop() for key, groups in seen.items() if len(groups) == 1}


@lru_cache(maxsize=1 << 16)
def _token_key(text: str) -> str:
    group = variants().group(text) or _sound_groups().get(phonetic(text))
    return f"g:{group}" if group else f"p:{phonetic(text)}"


@lru_cache(maxsize=1 << 16)
def _consonants(text: str) -> str:
    out = ""
    for ch in phonetic(text):
        if ch not in "aeo" and not out.endswith(ch):  # the sound key's vowel classes
            out += ch
    return out


@lru_cache(maxsize=1 << 16)
def _keys(forms: tuple[Form, ...]) -> tuple[str, ...]:
    out: set[str] = set()
    for whole in forms:
        form = whole[: 2 * KEYED_TOKENS]  # with particles between the keyed tokens
        usable = [text for text, particle in form if not particle and len(text) >= 2]
        usable = usable[:KEYED_TOKENS]
        keys = {_token_key(text) for text in usable}
        for (left, particle), (right, _) in pairwise(form):
            if particle or variants().group(left + right):
                keys.add(_token_key(left + right))
        if len(keys) == 1:
            out.add(f"s:{min(keys)}")
        out.update(f"n:{a}|{b}" for a, b in combinations(sorted(keys), 2))
        bones = sorted({_consonants(text) for text in usable} - {""})
        out.update(f"c:{a}|{b}" for a, b in combinations(bones, 2))
    return tuple(sorted(out))


def name_keys(name: Name) -> tuple[str, ...]:
    """The blocking keys of a name and its aliases, sorted."""
    return _keys(forms_of(name))


# --- Candidate pairs ------------------------------------------------------------


def _document_keys(facts: PersonFacts) -> list[str]:
    return [f"d:{d}" for d in documents_of(facts)]


def _phone_keys(facts: PersonFacts) -> list[str]:
    return [f"t:{t}" for t in sorted(facts.phones) if t.startswith("+")]


def record_keys(facts: PersonFacts) -> tuple[str, ...]:
    """Every blocking key of one record (its name's, its documents', its
    phones'), and its name's signature (:func:`signature_key`): two records
    are compared when they share one. Stored per person, they find the
    candidates of a record entered since the last resolution."""
    return (
        *name_keys(facts.name),
        *_document_keys(facts),
        *_phone_keys(facts),
        signature_key(facts.name),
    )


def signature_key(name: Name) -> str:
    """The key its namesakes share, as :func:`namesakes` counts them."""
    return "w:" + "|".join(_signature(name))


def _memberships(facts: Sequence[PersonFacts], f: Facts) -> tuple[Ints, Ints, Bools]:
    """(key, record) for every key of every record, and whether the key is
    a document's."""
    ids: dict[str, int] = {}
    per_name = [[ids.setdefault(k, len(ids)) for k in name_keys(n)] for n in f.names]
    sizes = np.array([len(k) for k in per_name], np.int64)
    counts = sizes[f.spelling]
    rec = np.repeat(np.arange(len(facts), dtype=np.int64), counts)
    first = np.repeat((np.cumsum(sizes) - sizes)[f.spelling] - (np.cumsum(counts) - counts), counts)
    flat = np.array([k for keys in per_name for k in keys], np.int64)
    key = flat[first + np.arange(len(rec))] if len(rec) else rec
    extra: list[tuple[int, int, bool]] = []
    for r, p in enumerate(facts):
        if p.documents:
            extra += [(ids.setdefault(d, len(ids)), r, True) for d in _document_keys(p)]
        extra += [(ids.setdefault(t, len(ids)), r, False) for t in _phone_keys(p)]
    more = np.array(extra, np.int64).reshape(-1, 3)
    return np.r_[key, more[:, 0]], np.r_[rec, more[:, 1]], np.r_[key < 0, more[:, 2] == 1]


def _candidates(key: Ints, rec: Ints, doc: Bools, f: Facts, apart: bool) -> tuple[Ints, Ints, int]:
    """Distinct pairs (i < j) from the windows, and how many year-compatible
    pairs the windows left out. ``apart``: pair years far apart too."""
    n, records = len(key), len(f.year)
    year = np.where(doc, 0, f.year[rec])  # document keys ignore dates
    birth = np.where(year > 0, year * 10_000 + f.month[rec] * 100 + f.day[rec], 99_999_999)
    order = np.lexsort((rec, birth, key))
    key, rec, year = key[order], rec[order], year[order]
    starts = np.flatnonzero(np.r_[True, key[1:] != key[:-1]]) if n else key
    sizes = np.diff(np.r_[starts, n])
    end, pos = np.repeat(starts + sizes, sizes), np.arange(n)
    unique, codes, emitted = key[:0], [key[:0]], 0
    for k in range(1, PAIR_WINDOW + 1):
        at = np.flatnonzero(pos[: max(n - k, 0)] + k < end[: max(n - k, 0)])
        ya, yb = year[at], year[at + k]
        at = at[apart | (ya == 0) | (yb == 0) | (yb - ya <= APPROXIMATE_YEARS)]
        a, b = rec[at], rec[at + k]
        codes.append(np.minimum(a, b) * records + np.maximum(a, b))
        emitted += len(at)
        if k % 10 == 0 or k == PAIR_WINDOW:  # drop repeats as we go: bounds memory
            unique = np.concatenate([unique, *codes])
            unique.sort()  # faster than np.unique's hashing here
            first = np.ones(len(unique), bool)
            first[1:] = unique[1:] != unique[:-1]
            unique, codes = unique[first], []
    # Compatible later records: known years within reach, and all without a
    # year (they sort last in their block).
    slot = np.repeat(np.arange(len(starts)), sizes) * (1 << 20) + np.where(year > 0, year, 1 << 19)
    reach = np.searchsorted(slot, slot + (1 << 18 if apart else APPROXIMATE_YEARS), "right")
    yearless = np.add.reduceat((year == 0).astype(np.int64), starts) if n else starts
    later = np.where(year > 0, reach - pos - 1 + np.repeat(yearless, sizes), end - pos - 1)
    return unique // records, unique % records, int(later.sum()) - emitted


# --- How common a name is ----------------------------------------------------


def _signature(name: Name) -> tuple[str, ...]:
    """A name's words by their keys, in any order: what its namesakes share."""
    words = [text for text, particle in forms_of(name)[0] if not particle and len(text) >= 2]
    return tuple(sorted({_token_key(text) for text in words})) or tuple(
        text for text, _ in forms_of(name)[0]
    )


def _namesakes(f: Facts) -> Ints:
    """For each record, how many records of the set bear its name (its
    words' spelling groups or sound keys, in any order)."""
    ids: dict[tuple[str, ...], int] = {}
    of_spelling = np.array([ids.setdefault(_signature(n), len(ids)) for n in f.names], np.int64)
    per_record = of_spelling[f.spelling] if len(f.spelling) else f.spelling
    counts: Ints = np.bincount(per_record, minlength=len(ids))[per_record]
    return counts


def namesakes(records: Sequence[PersonRecord]) -> dict[str, int]:
    """Record id → how many records of ``records`` bear its name, as
    :func:`resolve` counts them to weigh a partial date of birth."""
    f = Facts([r.facts for r in records])
    return dict(zip((r.id for r in records), _namesakes(f).tolist(), strict=True))


# --- Comparing names ------------------------------------------------------------

_NAMES: list[Name] = []  # in a worker process: the distinct spellings


def _install(names: list[Name]) -> None:
    _NAMES[:] = names


def _compare(pairs: tuple[Ints, Ints], names: list[Name] | None = None) -> Floats:
    table = _NAMES if names is None else names
    scores = (compare(table[a], table[b]).score for a, b in zip(*pairs, strict=True))
    return np.fromiter(scores, np.float64, len(pairs[0]))


def _name_scores(f: Facts, i: Ints, j: Ints, workers: int) -> Floats:
    """Each pair's name score; each distinct pair of spellings compared once."""
    m = len(f.names)
    unique, inverse = np.unique(f.spelling[i] * m + f.spelling[j], return_inverse=True)
    cuts = [unique[s : s + CHUNK] for s in range(0, len(unique), CHUNK)]
    tasks = [(c // m, c % m) for c in cuts]
    if workers <= 1 or len(tasks) <= 1:
        scores = [_compare(task, f.names) for task in tasks]
    else:
        # Forked workers share the names without pickling them.
        fork = "fork" in multiprocessing.get_all_start_methods()
        context = multiprocessing.get_context("fork" if fork else None)
        with ProcessPoolExecutor(workers, context, _install, (f.names,)) as pool:
            scores = list(pool.map(_compare, tasks))
    out: Floats = np.concatenate([np.zeros(0), *scores])[inverse.reshape(-1)]
    return out


# --- Clustering -----------------------------------------------------------------


def _cluster(
    a: Ints, b: Ints, scores: Floats, ids: Sequence[str]
) -> tuple[tuple[tuple[str, ...], ...], int]:
    """Identities from links between records (indices into ``ids``), and how
    many links were refused (the rule is in the module's docstring)."""
    parent = list(range(len(ids)))  # its ints are the only ones the dicts below hold
    size = [1] * len(ids)
    between: dict[int, dict[int, int]] = {}  # root → other root → links between them
    for x, y in zip(a.tolist(), b.tolist(), strict=True):
        x, y = parent[x], parent[y]
        between.setdefault(x, {})[y] = between.setdefault(y, {})[x] = 1

    def root(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]  # path halving
            x = parent[x]
        return x

    refused = 0
    order = np.lexsort((b, a, -scores))
    for x, y in zip(a[order].tolist(), b[order].tolist(), strict=True):
        ra, rb = root(x), root(y)
        if ra == rb:
            continue
        if 2 * between[ra][rb] <= size[ra] * size[rb]:
            refused += 1
            continue
        big, small = (ra, rb) if size[ra] >= size[rb] else (rb, ra)
        # Invariant: between[x][y] == between[y][x], over current roots only.
        into = between[big]
        for other, count in between.pop(small).items():
            theirs = between[other]
            del theirs[small]
            if other != big:
                into[other] = theirs[big] = into.get(other, 0) + count
        parent[small] = big
        size[big] += size[small]
    clusters: dict[int, list[str]] = {}
    for x in np.unique(np.r_[a, b]).tolist():
        clusters.setdefault(root(x), []).append(ids[x])
    return tuple(sorted(tuple(sorted(c)) for c in clusters.values())), refused


def cluster(
    links: Iterable[tuple[str, str, float]], joined: Iterable[tuple[str, str]] = ()
) -> tuple[tuple[str, ...], ...]:
    """Identities from scored links ``(a, b, score)`` kept elsewhere, by the
    rule of :func:`resolve`, and pairs ``joined`` whatever the rule says (an
    analyst judged them one person). Records joined so count as one record
    for the rule, their links as its links. Every linked id is in one
    identity; each identity's ids are sorted."""
    parent: dict[str, str] = {}

    def root(x: str) -> str:
        while parent.get(x, x) != x:
            x = parent[x]
        return x

    for a, b in joined:
        ra, rb = root(a), root(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    best: dict[tuple[str, str], float] = {}
    for a, b, score in links:
        ra, rb = sorted((root(a), root(b)))
        if ra != rb:
            best[ra, rb] = max(score, best.get((ra, rb), score))
    units = sorted({x for pair in best for x in pair} | {root(x) for x in parent})
    index = {x: k for k, x in enumerate(units)}
    ends = np.array([(index[a], index[b]) for a, b in best], np.int64).reshape(-1, 2)
    groups, _ = _cluster(ends[:, 0], ends[:, 1], np.array(list(best.values())), units)
    members: dict[str, list[str]] = {}
    for x in set(parent) | set(parent.values()):
        members.setdefault(root(x), []).append(x)
    placed = {u for g in groups for u in g}
    groups += tuple((u,) for u in units if u not in placed)  # joined, without links
    return tuple(sorted(tuple(sorted(x for u in g for x in members.get(u, [u]))) for g in groups))


# --- Resolving ------------------------------------------------------------------


def resolve(
    records: Sequence[PersonRecord],
    threshold: float = MATCH_THRESHOLD,
    workers: int = 1,
    *,
    possible: bool = False,
) -> Resolution:
    """The links between ``records`` at or above ``threshold``, and the
    identities they make (the rules are in the module's docstring). With
    ``possible``, also the pairs of a rare name (borne by at most
    :data:`POSSIBLE_NAMESAKES` records) that reach the threshold but are
    not corroborated, for analysts to look at."""
    # Millions of acyclic objects (links, tuples) are made here: the cycle
    # collector would walk every record again and again (40 % of the time).
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _resolve(records, threshold, workers, possible)
    finally:
        if collecting:
            gc.enable()


def _resolve(
    records: Sequence[PersonRecord], threshold: float, workers: int, possible: bool
) -> Resolution:
    ordered = sorted(records, key=lambda r: r.id)
    ids = [r.id for r in ordered]
    if repeated := sorted({a for a, b in pairwise(ids) if a == b}):
        raise ValueError(f"record ids must be unique: {', '.join(repeated[:5])}")
    facts = [r.facts for r in ordered]
    found = _scored(facts, threshold, workers, possible)
    a, b, score = found.links
    links = Links(ids, facts, a, b, score)
    for link in links[:: max(1, len(links) // CHECKED)]:
        if link.match.score != link.score:
            raise RuntimeError(
                f"resolution scored {link.a}–{link.b} {link.score}, compare_persons "
                f"{link.match.score}: kafo.matching.resolution must follow kafo.matching.persons"
            )
    identities, refused = _cluster(a, b, score, ids)
    return Resolution(
        links,
        identities,
        found.compared,
        found.scored,
        found.skipped,
        refused,
        Links(ids, facts, *found.possible),
    )


@dataclass
class _Scored:
    links: tuple[Ints, Ints, Floats]
    possible: tuple[Ints, Ints, Floats]
    compared: int
    scored: int
    skipped: int


def _scored(
    facts: Sequence[PersonFacts], threshold: float, workers: int, possible: bool
) -> _Scored:
    """The links (and the possible pairs) as arrays (records, score), and the
    pairs compared, scored and skipped. The candidates' arrays are freed on
    return."""
    f = Facts(facts)
    # Years far apart take DOB_AGAINST off: can the most of the rest make up?
    most = 1.0 - weights.DOB_AGAINST + weights.PHONE_BONUS + weights.NATIONALITY_BONUS
    i, j, skipped = _candidates(*_memberships(facts, f), f, most >= threshold - MARGIN)
    # Only pairs whose score could reach the threshold with the same names,
    # and (but for possible pairs) corroborated, have their names compared.
    bearers = _namesakes(f)
    common = np.maximum(bearers[i], bearers[j])
    reach, sure = promising(f, i, j, common, threshold - MARGIN)
    # A possible link is worth an analyst's look only for a rare name: a
    # common one would bring every namesake.
    rare = possible & (common <= POSSIBLE_NAMESAKES)
    keep = (reach & (sure | rare)) | f.odd[i] | f.odd[j]
    ki, kj, sure, rare = i[keep], j[keep], sure[keep], rare[keep]
    score = rounded(weigh(f, ki, kj, _name_scores(f, ki, kj, workers)))
    for k in np.flatnonzero(f.odd[ki] | f.odd[kj]).tolist():  # more values than arrays hold
        match = compare_persons(facts[ki[k]], facts[kj[k]])
        score[k] = match.score
        sure[k] = match.corroborated_among(max(int(bearers[ki[k]]), int(bearers[kj[k]])))
    high = score >= threshold
    at, maybe = np.flatnonzero(high & sure), np.flatnonzero(high & ~sure & rare)
    return _Scored(
        (ki[at], kj[at], score[at]),
        (ki[maybe], kj[maybe], score[maybe]),
        len(i),
        len(ki),
        skipped,
    )
