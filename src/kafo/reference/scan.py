"""Finding the reference's phrases in a description.

The text is folded and tokenised, misspelt words are corrected against the
reference vocabulary, then every phrase (model, maker, calibre, category,
country, craft or feature word) is looked up over the word n-grams, longest
first. What no phrase covers is read by shape (``7,62x39``, ``cal 12``).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from kafo.reference.calibres import guess_calibre
from kafo.reference.index import Entry, PhraseIndex, phrase_index
from kafo.reference.text import fold, tokens


@dataclass
class Found:
    """Phrases found in the text, by kind, with the words that matched."""

    hits: dict[str, list[tuple[Entry, str]]] = field(default_factory=lambda: defaultdict(list))
    unread: list[str] = field(default_factory=list)
    # Phrases found inside a model's own name ("Browning" in "Browning 7,65"),
    # with the models concerned: part of that name, not evidence against it.
    within: dict[tuple[str, str], frozenset[str]] = field(default_factory=dict)
    corrections: list[str] = field(default_factory=list)  # misspellings read

    def values(self, kind: str) -> list[str]:
        return list(dict.fromkeys(e.value for e, _ in self.hits[kind]))

    def words(self, kind: str, value: str) -> str:
        return next(w for e, w in self.hits[kind] if e.value == value)


def _inner(found: Found, span: list[str], kinds: set[str], owners: frozenset[str]) -> None:
    """Phrases of other kinds inside a longer match: "9 mm Makarov" is a
    calibre, and its "Makarov" still names the pistol."""
    index = phrase_index()
    for n in range(len(span) - 1, 0, -1):
        for j in range(len(span) - n + 1):
            if n == 1 and span[j].isdigit():
                continue  # "17" inside "Glock 17" is not a calibre
            key = "".join(t.replace("-", "") for t in span[j : j + n])
            for entry in index.entries.get(key, ()):
                if entry.kind not in kinds:
                    found.hits[entry.kind].append((entry, " ".join(span[j : j + n])))
                    found.within[entry.kind, entry.value] = owners
    if "calibre" not in kinds:
        for j in range(len(span)):
            cal = guess_calibre(span, j)
            if cal is not None:
                words = " ".join(span[j : j + cal[1]])
                found.hits["calibre"].append((Entry("calibre", cal[0], words, weak=True), words))


def scan(text: str) -> Found:
    index = phrase_index()
    toks = tokens(fold(text))
    found = Found()
    for n, tok in enumerate(toks):
        fixed = index.speller.correct(tok)
        if fixed is not None:
            found.corrections.append(f"'{tok}' read as '{fixed}'")
            toks[n] = fixed
    squashed = [t.replace("-", "") for t in toks]
    i = 0
    while i < len(toks):
        n, entries = _longest(index, squashed, i)
        if entries:
            words = " ".join(toks[i : i + n])
            for entry in entries:
                found.hits[entry.kind].append((entry, words))
            if n > 1:
                owners = frozenset(e.value for e in entries if e.kind == "model")
                _inner(found, toks[i : i + n], {e.kind for e in entries}, owners)
            i += n
        else:
            cal = guess_calibre(toks, i)
            if cal is not None:
                key, used = cal
                words = " ".join(toks[i : i + used])
                found.hits["calibre"].append((Entry("calibre", key, words, weak=True), words))
                i += used
            else:
                found.unread.append(toks[i])
                i += 1
    return found


def _longest(index: PhraseIndex, squashed: list[str], i: int) -> tuple[int, tuple[Entry, ...]]:
    """The longest phrase starting at word ``i``: (its length in words, entries)."""
    best: tuple[int, tuple[Entry, ...]] = (0, ())
    key = ""
    for n in range(i, min(i + index.longest, len(squashed))):
        key += squashed[n]
        if key not in index.prefixes:
            break
        if entries := index.entries.get(key):
            best = (n - i + 1, entries)
    return best
