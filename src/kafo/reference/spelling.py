"""Correcting misspelt words against the reference vocabulary.

"kalachnikof", "makarove", "tokarof", "berreta", "glok", "mosberg" are how
names reach a register. A word the tables do not know is compared with the
words they do know, by Damerau-Levenshtein distance (rapidfuzz): at most one
edit for words of four to six letters, two from seven. A correction is
kept only when it is the single closest word, and it is reported as
evidence. Candidates are found through a deletion index (each known word
under every one- and two-letter deletion), so a lookup costs a few dozen
dictionary probes instead of a scan of the vocabulary.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz.distance import DamerauLevenshtein, JaroWinkler

MIN_LENGTH = 4


def max_edits(word: str) -> int:
    return 1 if len(word) < 7 else 2


def _deletes(word: str, n: int) -> set[str]:
    """``word`` and every string made by deleting up to ``n`` of its letters."""
    out = {word}
    layer = {word}
    for _ in range(n):
        layer = {w[:i] + w[i + 1 :] for w in layer for i in range(len(w))}
        out |= layer
    return out


@dataclass(frozen=True, eq=False)  # hashed by identity, for the word cache
class Speller:
    known: frozenset[str]
    by_deletion: dict[str, tuple[str, ...]]
    # What a word means in the reference: two words with the same meaning
    # ("kalach", "kalache") are equally good corrections.
    meaning: dict[str, frozenset[str]]

    @classmethod
    def of(cls, words: set[str], meaning: dict[str, frozenset[str]] | None = None) -> Speller:
        index: dict[str, set[str]] = defaultdict(set)
        for word in words:
            if len(word) >= MIN_LENGTH and word.isalpha():
                for d in _deletes(word, max_edits(word)):
                    index[d].add(word)
        return cls(frozenset(words), {k: tuple(sorted(v)) for k, v in index.items()}, meaning or {})

    def correct(self, word: str) -> str | None:
        """The one known word within reach of ``word``, or None."""
        if word in self.known or len(word) < MIN_LENGTH or not word.isalpha():
            return None
        return self._nearest(word)

    # Field vocabulary is small and repetitive: remember each word's answer.
    @lru_cache(maxsize=200_000)  # noqa: B019 - one Speller per process (cached index)
    def _nearest(self, word: str) -> str | None:
        limit = max_edits(word)
        candidates: set[str] = set()
        for d in _deletes(word, limit):
            candidates.update(self.by_deletion.get(d, ()))
        best: list[tuple[int, str]] = sorted(
            (DamerauLevenshtein.distance(word, c), c) for c in candidates
        )
        best = [b for b in best if b[0] <= min(limit, max_edits(b[1]))]
        if not best:
            return None
        closest = [w for d, w in best if d == best[0][0]]
        if len(closest) == 1:
            return closest[0]
        meanings = [self.meaning.get(w, frozenset({w})) for w in closest]
        if frozenset.intersection(*meanings):
            # Spellings of the same thing ("kalach", "kalache"): the most general.
            return max(zip(meanings, closest, strict=True), key=lambda p: (len(p[0]), p[1]))[1]
        # Otherwise the word that keeps the beginning ("berreta" → "beretta",
        # not "barrett"), if it is clearly closer by Jaro-Winkler.
        ranked = sorted(((JaroWinkler.similarity(word, w), w) for w in closest), reverse=True)
        return ranked[0][1] if ranked[0][0] - ranked[1][0] >= 0.03 else None
