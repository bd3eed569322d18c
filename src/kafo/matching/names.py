"""Person and organisation names: reading them, and comparing two of them.

West African names reach the files spelt many ways: French and English
transliterations of Arabic, Mande, Fula, Hausa, Songhai and Tamasheq names
("Mamadou", "Mahamadou", "Muhammad"), family name first or last, in
capitals or not, with particles ("Ag", "Ould", "Ben") and aliases ("dit",
"alias"), sometimes in Arabic or Cyrillic script. A name is read into
tokens (:func:`read_name`): folded to lower-case Latin letters without
accents, titles dropped, particles kept but marked, aliases split off.
Each token is then known by three keys, from strict to loose: itself, its
group in the shipped tables of spelling variants (``data/given_names.csv``,
``data/surnames.csv``, reviewable, one fact per row with its source), and a
phonetic key suited to these transliterations (:func:`phonetic`).

:func:`compare` pairs the tokens of two names whatever their order, scores
each pair by the strictest key they share (or by string similarity), and
returns a score between 0 and 1 with the reasons in words: which parts
agreed, how, and which did not.

Everything here is pure: no database, no settings.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import numpy as np
from anyascii import anyascii
from numpy.typing import NDArray
from rapidfuzz.distance import JaroWinkler

from kafo.datafiles import read_rows

MAX_NAME_LENGTH = 300  # characters; longer is refused, not compared
# At or above this score two names are taken to be the same (an alert, a
# proposed link). Chosen from the scoring rules (one given-name variant and
# one sound-alike surname still pass; a different given name does not),
# before any benchmark set was read.
MATCH_THRESHOLD = 0.85

# Words that join a name to the next one: kept, but weigh little.
PARTICLES = frozenset(
    {"ag", "ould", "wuld", "ben", "bin", "bint", "ibn", "abou", "abu", "el", "al", "ait", "mint"}
)
# Words that start an alias: "Ibrahim Ag Ghali dit Abou Fadl".
ALIAS_MARKERS = frozenset({"dit", "dite", "alias", "aka"})
# Titles and honorifics, never part of the name itself.
TITLES = frozenset(
    {
        "m",
        "mr",
        "mme",
        "mlle",
        "dr",
        "pr",
        "el hadj",
        "elhadj",
        "el hadji",
        "elhadji",
        "hadj",
        "hadji",
        "alhaji",
        "alhadji",
        "hajj",
        "sheikh",
        "cheikh",
        "imam",
        "colonel",
        "col",
        "general",
        "gen",
        "capitaine",
        "cpt",
        "sergent",
        "sgt",
    }
)
# Legal forms of organisations: dropped before comparing them.
LEGAL_FORMS = frozenset(
    {
        "sa",
        "sarl",
        "sas",
        "sasu",
        "suarl",
        "gie",
        "ltd",
        "limited",
        "llc",
        "inc",
        "incorporated",
        "corp",
        "corporation",
        "co",
        "company",
        "plc",
        "gmbh",
        "ag",
        "bv",
        "nv",
        "srl",
        "spa",
        "oy",
        "ab",
        "as",
        "jsc",
        "ooo",
        "oao",
        "pjsc",
        "lp",
        "llp",
        "the",
        "and",
        "et",
        "de",
        "du",
        "des",
    }
)


class NameRefused(ValueError):
    """A name that cannot be compared; the message says why."""


@dataclass(frozen=True)
class Token:
    text: str  # folded: lower-case Latin letters and digits
    written: str  # as written, for explanations
    particle: bool = False

    @property
    def weight(self) -> float:
        if self.particle:
            return 0.3
        return 0.5 if len(self.text) == 1 else 1.0


@dataclass(frozen=True)
class Name:
    """A name read for comparing: its tokens, and its aliases' tokens."""

    written: str
    tokens: tuple[Token, ...]
    aliases: tuple[tuple[Token, ...], ...] = ()

    @property
    def forms(self) -> tuple[tuple[Token, ...], ...]:
        """The name and each alias: a match on any counts."""
        return (self.tokens, *self.aliases)


def fold(text: str) -> str:
    """Lower-case Latin letters, digits and spaces: accents removed, other
    scripts transliterated, hyphens, apostrophes and dots made spaces."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    latin = anyascii(stripped).lower().replace("'", "").replace("`", "")
    return " ".join(re.sub(r"[^a-z0-9]+", " ", latin).split())


def _check(written: str, organisation: bool) -> None:
    if not written or not written.strip():
        raise NameRefused("the name is empty")
    if len(written) > MAX_NAME_LENGTH:
        raise NameRefused(
            f"the name has {len(written)} characters; at most {MAX_NAME_LENGTH} are compared"
        )
    if not organisation and any(ch.isdigit() for ch in written):
        raise NameRefused("a person's name cannot contain digits")


def _words(part: str) -> list[tuple[str, str]]:
    """(folded, written) words of one form of a name, titles dropped."""
    out: list[tuple[str, str]] = []
    for raw in re.split(r"[\s\-–—_/]+", part.strip()):
        folded = fold(raw)
        for piece in folded.split():
            out.append((piece, raw.strip("'’.,;:()")))
    # Titles of two words ("el hadj") and of one.
    kept: list[tuple[str, str]] = []
    i = 0
    while i < len(out):
        pair = f"{out[i][0]} {out[i + 1][0]}" if i + 1 < len(out) else ""
        if pair in TITLES:
            i += 2
            continue
        if out[i][0] in TITLES and len(out) > 1:
            i += 1
            continue
        kept.append(out[i])
        i += 1
    return kept


def read_name(written: str, organisation: bool = False) -> Name:
    """Read a name (and any aliases introduced by "dit", "alias" or "a.k.a.")."""
    _check(written, organisation)
    if organisation:
        words = [(f, w) for f, w in _words(written) if f not in LEGAL_FORMS] or _words(written)
        return Name(written, tuple(Token(f, w) for f, w in words))
    forms: list[list[tuple[str, str]]] = [[]]
    # "a.k.a." would fold to three initials: read it as the marker it is.
    marked = re.sub(r"(?i)\ba\.\s?k\.\s?a\.?(?=\s|$)", " aka ", written)
    for folded, raw in _words(marked):
        if folded in ALIAS_MARKERS and forms[-1]:
            forms.append([])
            continue
        forms[-1].append((folded, raw))
    parts = [
        tuple(Token(f, w, particle=f in PARTICLES and len(form) > 1) for f, w in form)
        for form in forms
        if form
    ]
    if not parts:
        raise NameRefused("the name has no letters")
    return Name(written, parts[0], tuple(parts[1:]))


# --- Keys -------------------------------------------------------------------

# Spellings of one sound in French and English transliterations, in order.
_DIGRAPHS = (
    ("tch", "c"),
    ("dj", "j"),
    ("dy", "j"),
    ("ch", "s"),
    ("sh", "s"),
    ("kh", "k"),
    ("gh", "g"),
    ("ph", "f"),
    ("th", "t"),
    ("dh", "d"),
    ("ck", "k"),
    ("qu", "k"),
    ("ou", "u"),
    ("oo", "u"),
    ("w", "u"),
    ("y", "i"),
    ("q", "k"),
    ("x", "ks"),
    ("z", "s"),
    ("v", "b"),
)
_VOWELS = frozenset("aeiou")


# Vowels by where they are said: a; front e, i; back o, u. Transliterations
# swap vowels within a class (Coulibaly / Kulibali) far more than across
# classes, which tell names apart (Koné / Kana).
_VOWEL_CLASS = {"a": "a", "e": "e", "i": "e", "o": "o", "u": "o"}


@lru_cache(maxsize=65536)
def phonetic(token: str) -> str:
    """A sound key for transliterated names: digraphs made one letter,
    soft c made s, hard c made k, "di" before a vowel made j (Diallo,
    Djalo, Jallow), h dropped, each run of vowels made the set of its
    classes (a; e/i; o/u), doubled letters made one. "Traoré" and "Troare"
    share "traore", while "Touré" ("tore") stays apart, and so do "Koné"
    and "Kana"; "Coulibaly" and "Kulibali" share "kolebale"."""
    s = token
    if s.startswith("di") and len(s) > 2 and s[2] in _VOWELS:
        s = "j" + s[2:]
    for a, b in _DIGRAPHS:
        s = s.replace(a, b)
    s = re.sub(r"c(?=[ei])", "s", s).replace("c", "k")
    s = s.replace("h", "") if len(s) > 1 else s
    out = ""
    for run in re.findall(r"[aeiou]+|[^aeiou]", s):
        code = "".join(sorted({_VOWEL_CLASS[v] for v in run})) if run[0] in _VOWELS else run
        if not out or not out.endswith(code):
            out += code
    return out or token


@dataclass(frozen=True)
class Variants:
    """Equivalence groups of spellings: folded spelling → group key."""

    groups: dict[str, str] = field(default_factory=dict)

    def group(self, token: str) -> str | None:
        return self.groups.get(token)


@lru_cache(maxsize=1)
def variants() -> Variants:
    """The shipped tables of given-name and surname spellings."""
    groups: dict[str, str] = {}
    for table, kind in (("given_names.csv", "given"), ("surnames.csv", "family")):
        for row in read_rows("data", table):
            folded = fold(row["variant"])
            # Compound spellings ("Abdoul Karim") are matched as one token too.
            for form in {folded, folded.replace(" ", "")}:
                groups.setdefault(form, f"{kind}:{row['group']}")
    return Variants(groups)


# --- Comparing ----------------------------------------------------------------


@dataclass(frozen=True)
class Agreement:
    ours: Token
    theirs: Token | None
    score: float
    how: str  # identical, variants, sound, consonants, initial, similar or different


@dataclass(frozen=True)
class NameMatch:
    score: float
    agreements: tuple[Agreement, ...]
    form: str = ""  # which of the names' forms matched, when an alias did

    def explain(self) -> list[str]:
        out = []
        for a in self.agreements:
            if a.theirs is None:
                out.append(f"{a.ours.written}: no counterpart")
            elif a.how == "identical":
                out.append(f"{a.ours.written} = {a.theirs.written}")
            elif a.how == "different":
                out.append(f"{a.ours.written} ≠ {a.theirs.written}")
            else:
                why = _HOW[a.how] if a.how != "similar" else f"close spelling ({a.score:.2f})"
                out.append(f"{a.ours.written} ~ {a.theirs.written}: {why}")
        if self.form:
            out.append(self.form)
        return out


# How two tokens agreed, in words (besides identical, different, similar).
_HOW = {
    "variants": "spellings of one name",
    "sound": "sound alike",
    "consonants": "same consonants",
    "initial": "initial",
}


@lru_cache(maxsize=65536)
def _consonants(token: str) -> str:
    """The sound key's consonants only, h dropped, doubled ones made one."""
    out = ""
    for ch in "".join(c for c in phonetic(token) if c not in _VOWELS):
        if not out or ch != out[-1]:
            out += ch
    return out


def _unvoweled(text: str) -> bool:
    return len(text) >= 3 and not _VOWELS.intersection(text) and "y" not in text


@lru_cache(maxsize=1 << 18)
def _pair(a: str, b: str) -> tuple[float, str]:
    """How two folded tokens agree (the same pairs recur: remembered)."""
    if a == b:
        return 1.0, "identical"
    table = variants()
    ga, gb = table.group(a), table.group(b)
    if ga is not None and ga == gb:
        return 0.95, "variants"
    if len(a) == 1 or len(b) == 1:
        short, long_ = (a, b) if len(a) == 1 else (b, a)
        return (0.8, "initial") if long_.startswith(short) else (0.0, "different")
    if min(len(a), len(b)) >= 3 and phonetic(a) == phonetic(b):
        return 0.9, "sound"
    # Arabic script writes no short vowels ("mhmd"): compare consonants.
    if (_unvoweled(a) or _unvoweled(b)) and _consonants(a) == _consonants(b):
        return 0.85, "consonants"
    similarity = JaroWinkler.normalized_similarity(a, b)
    if ga is not None and gb is not None:  # two known names, not the same one
        similarity = min(similarity, 0.5)
    return (similarity, "similar") if similarity >= 0.8 else (similarity * 0.5, "different")


# One pairing of two token sequences: the name score and, for each pair
# made, (our index, their index, score, how).
_Pairing = tuple[float, list[tuple[int, int, float, str]]]


def pair_score(a: str, b: str) -> float:
    """How two folded tokens agree, 0 to 1 (as :func:`compare` scores them)."""
    return _pair(a, b)[0]


def _pairing(ours: tuple[Token, ...], theirs: tuple[Token, ...]) -> _Pairing:
    """Pair tokens whatever their order, best pairs first, and score."""
    scored = []
    for i, a in enumerate(ours):
        for j, b in enumerate(theirs):
            score, how = _pair(a.text, b.text)
            scored.append((-score, i, j, how))
    scored.sort()  # best first; ties in token order (how never decides)
    used_a: set[int] = set()
    used_b: set[int] = set()
    pairs = []
    paired_weight = 0.0
    for negative, i, j, how in scored:
        if i in used_a or j in used_b:
            continue
        used_a.add(i)
        used_b.add(j)
        pairs.append((i, j, -negative, how))
        paired_weight += min(ours[i].weight, theirs[j].weight) * -negative
    # Dice-like: what agrees over what both names hold; a token one name has
    # and the other lacks costs less when the shorter name is fully matched
    # (a middle name missing from one record is common).
    weight_a = sum(t.weight for t in ours)
    weight_b = sum(t.weight for t in theirs)
    shorter = min(weight_a, weight_b)
    longer = max(weight_a, weight_b)
    score = paired_weight / (0.75 * shorter + 0.25 * longer) if shorter else 0.0
    return round(min(score, 1.0), 3), pairs


def pairing_bounds(
    scores: NDArray[np.float64], ours: NDArray[np.float64], theirs: NDArray[np.float64]
) -> NDArray[np.float64]:
    """Upper bounds of :func:`_pairing`'s score of one token sequence
    against many, without pairing: each token counts its best pair, on
    whichever side is smaller. ``scores[i, r, k]`` is the pair score of our
    token ``i`` with token ``k`` of row ``r``; ``ours`` our weights,
    ``theirs[r, k]`` the rows' weights (0 where a row has fewer tokens)."""
    weighted = np.minimum(ours[:, None, None], theirs[None]) * scores
    paired = np.minimum(weighted.max(axis=2).sum(axis=0), weighted.max(axis=0).sum(axis=1))
    weight_a = ours.sum()
    weight_b = theirs.sum(axis=1)
    denominator = 0.75 * np.minimum(weight_a, weight_b) + 0.25 * np.maximum(weight_a, weight_b)
    bounds: NDArray[np.float64] = np.minimum(paired / denominator, 1.0)
    return bounds


def _agreements(
    ours: tuple[Token, ...], theirs: tuple[Token, ...], pairs: list[tuple[int, int, float, str]]
) -> tuple[Agreement, ...]:
    """Our tokens in order with their counterparts, then theirs left unpaired."""
    found = {i: Agreement(ours[i], theirs[j], score, how) for i, j, score, how in pairs}
    paired = {j for _, j, _, _ in pairs}
    ordered = [found.get(i) or Agreement(t, None, 0.0, "different") for i, t in enumerate(ours)]
    ordered += [
        Agreement(t, None, 0.0, "different") for j, t in enumerate(theirs) if j not in paired
    ]
    return tuple(ordered)


def _joined(
    tokens: tuple[Token, ...], other: tuple[Token, ...], table: Variants
) -> tuple[Token, ...]:
    """``tokens`` with two neighbours written as one where the other name
    writes them so ("Abdoul Karim" / "Abdoulkarim", "Ag Ghali" / "Agghali")."""
    if len(tokens) < 2:
        return tokens
    joins = [tokens[i].text + tokens[i + 1].text for i in range(len(tokens) - 1)]
    single: set[str | None] | None = None
    out: list[Token] = []
    i = 0
    while i < len(tokens):
        if i + 1 < len(tokens):
            text = joins[i]
            if single is None:
                single = {t.text for t in other} | {table.group(t.text) for t in other} - {None}
            if text in single or table.group(text) in single:
                out.append(Token(text, f"{tokens[i].written} {tokens[i + 1].written}"))
                i += 2
                continue
        out.append(tokens[i])
        i += 1
    return tokens if len(out) == len(tokens) else tuple(out)


def compare(a: Name, b: Name) -> NameMatch:
    """How well two names agree (0 to 1), with the reasons. Every form of
    each (the name and its aliases) is tried; the best pair counts."""
    table = variants()
    best: tuple[float, int, int, tuple[Token, ...], tuple[Token, ...], list[Any]] | None = None
    for n, ours in enumerate(a.forms):
        for m, theirs in enumerate(b.forms):
            ours_joined = _joined(ours, theirs, table)
            theirs_joined = _joined(theirs, ours_joined, table)
            score, pairs = _pairing(ours_joined, theirs_joined)
            if best is None or score > best[0]:
                best = (score, n, m, ours_joined, theirs_joined, pairs)
    assert best is not None
    score, n, m, ours, theirs, pairs = best
    form = "matched through an alias" if n or m else ""
    return NameMatch(score, _agreements(ours, theirs, pairs), form)


def compare_names(a: str, b: str, organisation: bool = False) -> NameMatch:
    return compare(read_name(a, organisation), read_name(b, organisation))
