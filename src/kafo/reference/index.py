"""One phrase index over every table, built once per process.

Each entry maps the *squashed* form of a phrase ("ak47", "fusildassaut",
"7.62x39") to what it names: a model, a maker, a calibre, a category, a
country or the craft mark. Reading a description is then a handful of
dictionary lookups over its word n-grams, fast enough to run on every
imported row.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from kafo.datafiles import read_rows
from kafo.reference.spelling import Speller
from kafo.reference.tables import Tables, load
from kafo.reference.text import fold, squash, tokens


@dataclass(frozen=True)
class Entry:
    kind: str  # model | maker | calibre | category | country | craft
    value: str
    phrase: str  # as written in the table, for the evidence
    weak: bool = False


@dataclass(frozen=True)
class PhraseIndex:
    entries: dict[str, tuple[Entry, ...]]
    # Every beginning of every key: extending a run of words stops as soon
    # as no phrase starts that way, so most words cost one lookup.
    prefixes: frozenset[str]
    longest: int  # the most words any phrase has
    speller: Speller  # corrects words no phrase contains


def _add(index: dict[str, list[Entry]], phrase: str, entry: Entry) -> None:
    key = squash(phrase)
    if key and entry not in index.setdefault(key, []):
        index[key].append(entry)


def _lexicon(index: dict[str, list[Entry]]) -> None:
    for row in read_rows("reference", "data", "lexicon.csv"):
        weak = "weak" in (row.get("notes") or "")
        _add(index, row["term"], Entry(row["kind"], row["value"], row["term"], weak))


# Short maker initials read everywhere in French and English prose ("sa
# caisse", "HS" for hors service); only these are unmistakable.
SHORT_MAKERS = {"fn", "hk", "cz"}
STOPWORDS = {
    "sa",
    "se",
    "de",
    "du",
    "la",
    "le",
    "les",
    "un",
    "une",
    "et",
    "ou",
    "en",
    "au",
    "aux",
    "par",
    "pour",
    "sur",
    "avec",
    "sans",
    "lot",
    "sac",
    "pas",
    "ses",
    "son",
    "the",
    "and",
    "for",
    "with",
    "hs",
    "ss",
    "pb",
    "rg",
    "sal",
    "fat",
    "cis",
    "ulm",
    "wah",
    "ria",
    "mic",
}


def _usable_maker_alias(phrase: str) -> bool:
    key = squash(phrase)
    if key in STOPWORDS:
        return False
    return len(key) > 2 or key in SHORT_MAKERS


def _tables(index: dict[str, list[Entry]], t: Tables) -> None:
    # A word that names a kind of weapon ("revolver", "fusil de chasse") is
    # category evidence, not the name of whichever models list it.
    generic = {k for k, entries in index.items() if any(e.kind == "category" for e in entries)}
    for cal in t.calibres.values():
        for phrase in (cal.key, cal.canonical, *cal.aliases):
            _add(index, phrase, Entry("calibre", cal.key, phrase))
    for maker in t.manufacturers.values():
        if maker.country is None:
            continue  # the "craft / unknown" placeholder is read from the craft words
        for phrase in (maker.key, maker.name, *maker.aliases):
            if _usable_maker_alias(phrase):
                _add(index, phrase, Entry("maker", maker.key, phrase))
    for model in t.models.values():
        for phrase in (model.key, *model.names):
            if squash(phrase) not in generic:
                _add(index, phrase, Entry("model", model.key, phrase))


@cache
def phrase_index() -> PhraseIndex:
    index: dict[str, list[Entry]] = {}
    _lexicon(index)
    _tables(index, load())
    longest = 1
    words: set[str] = set()
    for entries in index.values():
        for e in entries:
            toks = tokens(fold(e.phrase))
            longest = max(longest, len(toks))
            words.update(t.replace("-", "") for t in toks)
    meaning = {k: frozenset(f"{e.kind}:{e.value}" for e in entries) for k, entries in index.items()}
    prefixes = frozenset(k[:n] for k in index for n in range(1, len(k) + 1))
    return PhraseIndex(
        {k: tuple(v) for k, v in index.items()},
        prefixes,
        min(longest, 6),
        Speller.of(words, meaning),
    )
