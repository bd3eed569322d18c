"""Reading a firearm description into a standard one, with its evidence.

"kalach 7,62 chinois" → assault rifle, Type 56 (China, Norinco), 7.62×39mm.
The reader finds every phrase of the reference it can (models, makers,
calibres, category words, countries, the craft mark), scores the candidate
models by how well the rest agrees with them, and says why. Two candidates
too close to call are both returned with what tells them apart: ambiguity
is reported, never hidden.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import cache, lru_cache

from kafo.model.vocab import FirearmCategory
from kafo.reference.calibres import BARE_DIAMETER, DIAMETER, guess_calibre
from kafo.reference.index import Entry, phrase_index
from kafo.reference.spelling import Speller
from kafo.reference.tables import Model, load
from kafo.reference.text import fold, strip_accents, tokens

READER_VERSION = "identify/1"
MAX_CHARS = 2_000
CLOSE_CALL = 0.2


@dataclass(frozen=True)
class Finding:
    """One field of the standard description."""

    value: str
    label: str
    confidence: float
    evidence: tuple[str, ...]


@dataclass(frozen=True)
class Alternative:
    model: str
    name: str
    score: float
    distinguishing: str


@dataclass(frozen=True)
class Identification:
    identified: bool
    category: Finding | None = None
    make: Finding | None = None
    model: Finding | None = None
    calibre: Finding | None = None
    country: Finding | None = None
    craft: bool = False
    alternatives: tuple[Alternative, ...] = ()
    unread: tuple[str, ...] = ()
    reason: str = ""
    version: str = READER_VERSION


@dataclass
class _Found:
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


def _inner(found: _Found, span: list[str], kinds: set[str], owners: frozenset[str]) -> None:
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


def _scan(text: str) -> _Found:
    index = phrase_index()
    toks = tokens(fold(text))
    found = _Found()
    for n, tok in enumerate(toks):
        fixed = index.speller.correct(tok)
        if fixed is not None:
            found.corrections.append(f"'{tok}' read as '{fixed}'")
            toks[n] = fixed
    i = 0
    while i < len(toks):
        for n in range(min(index.longest, len(toks) - i), 0, -1):
            key = "".join(t.replace("-", "") for t in toks[i : i + n])
            entries = index.entries.get(key)
            if entries:
                words = " ".join(toks[i : i + n])
                for entry in entries:
                    found.hits[entry.kind].append((entry, words))
                if n > 1:
                    owners = frozenset(e.value for e in entries if e.kind == "model")
                    _inner(found, toks[i : i + n], {e.kind for e in entries}, owners)
                i += n
                break
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


@dataclass
class _Candidate:
    model: Model
    score: float
    evidence: list[str]
    own_name: bool = False  # named by a name no other model shares
    from_maker: bool = False  # proposed because its maker is named, not itself
    named: str = ""  # the words that name it, if any


def _candidates(found: _Found) -> dict[str, _Candidate]:
    models = load().models
    named = found.hits["model"]
    out: dict[str, _Candidate] = {}
    share: dict[str, set[str]] = defaultdict(set)
    for entry, words in named:
        share[words].add(entry.value)
    for entry, words in named:
        shared = len(share[words]) > 1
        base = 0.6 if shared else 1.0
        if entry.value not in out or out[entry.value].score < base:
            # The evidence is written out only for what is reported (see _named).
            out[entry.value] = _Candidate(models[entry.value], base, [], not shared, named=words)
    # Naming one member names its family: "AKM chinois" is a Chinese AKM
    # copy, so the family's other members compete on the rest of the text.
    named_families = {c.model.family for c in out.values()}
    if found.hits["country"] or found.hits["maker"] or found.hits["feature"]:
        for m in _families()[frozenset(named_families)]:
            if m.key not in out:
                out[m.key] = _Candidate(m, 0.5, [f"a {m.family} pattern weapon"])
    craft = bool(found.hits["craft"])
    makers = set(found.values("maker")) if not out else set()
    if not (craft or makers):
        return out
    families = {c.model.family for c in out.values()}
    if craft:
        for m in _craft_models():
            if m.key not in out:
                # "kalach artisanale": the craft copy of the family that was named.
                base = 0.6 if m.family in families else 0.3
                out[m.key] = _Candidate(m, base, ["craft-produced"], from_maker=True)
    for maker in makers:
        for m in _by_maker().get(maker, ()):
            if m.key not in out:
                out[m.key] = _Candidate(
                    m, 0.3, ["made by a maker named in the text"], from_maker=True
                )
    return out


@dataclass(frozen=True)
class _Evidence:
    """What the text says besides model names, computed once per reading."""

    calibres: tuple[str, ...]
    diameters: tuple[float, ...]
    makers: tuple[str, ...]
    countries: frozenset[str]
    maker_countries: tuple[tuple[str, str], ...]  # (maker key, its country)
    categories: tuple[tuple[Entry, str], ...]
    craft: bool
    features: frozenset[str]
    feature_models: tuple[tuple[str, frozenset[str]], ...]
    within: dict[tuple[str, str], frozenset[str]]

    @classmethod
    def of(cls, found: _Found) -> _Evidence:
        makers = tuple(found.values("maker"))
        t = load()
        return cls(
            calibres=tuple(k for k in found.values("calibre") if not k.startswith(DIAMETER)),
            diameters=tuple(
                float(k.removeprefix(DIAMETER))
                for k in found.values("calibre")
                if k.startswith(DIAMETER)
            ),
            makers=makers,
            countries=frozenset(found.values("country")),
            maker_countries=tuple((k, cc) for k in makers if (cc := t.manufacturers[k].country)),
            categories=tuple(found.hits["category"]),
            craft=bool(found.hits["craft"]),
            features=frozenset(e.value for e, _ in found.hits["feature"]),
            feature_models=tuple((f, _feature_models(f)) for f in FEATURES),
            within=found.within,
        )


def _weigh(c: _Candidate, ev: _Evidence) -> None:
    """Adjust a candidate's score by how the rest of the text agrees with it."""
    m = c.model
    t = load()
    for key in ev.calibres:
        if key in m.calibres:
            c.score += 0.4
            c.evidence.append(f"calibre {t.calibres[key].canonical} agrees")
        elif m.calibres:
            c.score -= 0.6
            c.evidence.append(f"{m.name} is not chambered for {t.calibres[key].canonical}")
    for d in ev.diameters:
        if _with_diameter(m, d):
            c.score += 0.2
            c.evidence.append(f"{d:g} mm agrees")
        elif m.calibres:
            c.score -= 0.3
    countries = set(ev.countries)
    for key in ev.makers:
        owners = ev.within.get(("maker", key))
        if owners is not None and m.key not in owners:
            continue  # part of another model's name: no evidence about this one
        if key in m.makers:
            c.score += 0.0 if c.from_maker else 0.5
            c.evidence.append(f"made by {t.manufacturers[key].name}")
        elif owners is None:
            c.score -= 0.4
    for key, cc in ev.maker_countries:
        if ("maker", key) not in ev.within:
            countries.add(cc)
    if countries:
        shared = countries.intersection(m.countries)
        if shared:
            c.score += 0.4
            c.evidence.append(f"made in {', '.join(sorted(shared))}")
        else:
            c.score -= 0.3
    for entry, words in ev.categories:
        if entry.value == m.category:
            # A generic word ("rifle") agrees with many models: it confirms
            # nothing, but a specific one ("fusil d'assaut") does.
            if not entry.weak:
                c.score += 0.3
                c.evidence.append(f"'{words}' agrees with {m.category.value.replace('_', ' ')}")
        elif m.category not in _BROADER.get(entry.value, ()):
            c.score -= 0.1 if entry.weak else 0.3
    for feature, models in ev.feature_models:
        has = m.key in models
        if feature in ev.features:
            c.score += 0.5 if has else -0.3
            if has:
                c.evidence.append(FEATURES[feature][0])
        elif has and feature == "folding_stock":
            c.score -= 0.05  # without a word about the stock, the fixed stock is likelier
    if ev.craft != m.craft:
        c.score -= 0.5 if ev.craft else 0.1
    elif ev.craft:
        c.score += 0.5
        c.evidence.append("craft-produced")


@cache
def _craft_models() -> tuple[Model, ...]:
    return tuple(m for m in load().models.values() if m.craft)


@cache
def _by_maker() -> dict[str, tuple[Model, ...]]:
    makers: dict[str, list[Model]] = defaultdict(list)
    for m in load().models.values():
        for k in m.makers:
            makers[k].append(m)
    return {k: tuple(ms) for k, ms in makers.items()}


@cache
def _family_members() -> dict[str, tuple[Model, ...]]:
    members: dict[str, list[Model]] = defaultdict(list)
    for m in load().models.values():
        members[m.family].append(m)
    return {f: tuple(ms) for f, ms in members.items()}


class _FamilyLookup(dict[frozenset[str], tuple[Model, ...]]):
    def __missing__(self, families: frozenset[str]) -> tuple[Model, ...]:
        members = _family_members()
        value = tuple(m for f in sorted(families) for m in members.get(f, ()))
        self[families] = value
        return value


@cache
def _families() -> _FamilyLookup:
    """Members of a set of families (memoised: the same few sets recur)."""
    return _FamilyLookup()


# Kinds that a broader word also covers: an assault rifle is a "rifle", a
# heavy machine gun a "machine gun", a revolver a "pistol" in loose English.
_BROADER: dict[str, frozenset[FirearmCategory]] = {
    "rifle_carbine": frozenset({FirearmCategory.ASSAULT_RIFLE}),
    "light_machine_gun": frozenset({FirearmCategory.HEAVY_MACHINE_GUN}),
    "pistol": frozenset({FirearmCategory.REVOLVER}),
}

# Features the text may name, and the words that show them in a model's own
# names: (what the evidence says, words in names).
FEATURES: dict[str, tuple[str, tuple[str, ...]]] = {
    "folding_stock": (
        "folding stock",
        ("pliant", "repliable", "folding", "underfold", "rabattable", "pliable"),
    ),
    "foregrip": ("front grip", ("poignee avant", "foregrip")),
    "converted": ("converted to fire live rounds", ("converti", "converted", "modifie")),
}


@cache
def _feature_models(feature: str) -> frozenset[str]:
    """Models whose own names show ``feature`` (AKS, Type 56-1, PM md. 65…)."""
    words = FEATURES[feature][1]
    return frozenset(
        m.key
        for m in load().models.values()
        if any(w in strip_accents(n.lower()) for n in m.names for w in words)
    )


@cache
def _rank() -> dict[str, int]:
    """Row order of models.csv: the first model of a family stands for it."""
    return {key: i for i, key in enumerate(load().models)}


# Which kinds of weapon are seized most in the Sahel: breaks ties between
# candidates of different kinds that the text cannot separate ("Type 56").
PREVALENCE = (
    FirearmCategory.ASSAULT_RIFLE,
    FirearmCategory.PISTOL,
    FirearmCategory.SHOTGUN,
    FirearmCategory.RIFLE_CARBINE,
    FirearmCategory.LIGHT_MACHINE_GUN,
    FirearmCategory.SUBMACHINE_GUN,
    FirearmCategory.HEAVY_MACHINE_GUN,
    FirearmCategory.REVOLVER,
    FirearmCategory.LIGHT_WEAPON,
    FirearmCategory.OTHER,
    FirearmCategory.UNKNOWN,
)
TIE = 0.05


def _decide(
    cands: dict[str, _Candidate],
) -> tuple[_Candidate | None, tuple[Alternative, ...], list[_Candidate]]:
    """The best candidate, or None when the text cannot choose between models.

    Candidates of one family that nothing separates stand for the family
    (its first row). Between families, the most prevalent kind of weapon
    wins; two families of the same kind are too close to call.
    """
    if not cands:
        return None, (), []
    rank = _rank()
    best = max(c.score for c in cands.values())
    ordered = sorted(
        (c for c in cands.values() if best - c.score <= CLOSE_CALL + 1e-9),
        key=lambda c: (-round(c.score, 6), rank[c.model.key]),
    )
    top = ordered[0]
    if top.score < 0.5:
        return None, (), []
    close = [c for c in ordered[1:] if top.score - c.score <= CLOSE_CALL]
    alternatives = (
        tuple(
            Alternative(c.model.key, c.model.name, round(c.score, 2), c.model.distinguishing)
            for c in [top, *close][:6]
        )
        if close
        else ()
    )
    tied = [c for c in ordered if top.score - c.score <= TIE]
    if len({c.model.family for c in tied}) > 1:
        best = min(PREVALENCE.index(c.model.category) for c in tied)
        tied = [c for c in tied if PREVALENCE.index(c.model.category) == best]
        families = Counter(c.model.family for c in tied)
        family, count = families.most_common(1)[0]
        if count <= len(tied) / 2:
            # The text names only a type of gun ("fusil juxtaposé"): the
            # generic row for that type, if there is exactly one.
            generic = [c for c in tied if not c.model.makers and not c.model.craft]
            if len(generic) != 1:
                return None, alternatives, tied
            return generic[0], alternatives, [generic[0]]
        top = min((c for c in tied if c.model.family == family), key=lambda c: rank[c.model.key])
    return top, alternatives, [top]


def _consensus(tied: list[_Candidate]) -> tuple[Finding | None, Finding | None]:
    """Category and calibre that every candidate still in the running shares."""
    if not tied:
        return None, None
    cats = {c.model.category for c in tied}
    category = calibre = None
    if len(cats) == 1:
        cat = cats.pop()
        category = _finding(
            cat.value, cat.value, 0.75, "every close candidate is a " + cat.value.replace("_", " ")
        )
    common = set.intersection(*(set(c.model.calibres) for c in tied))
    if len(common) == 1:
        cal = load().calibres[common.pop()]
        calibre = _finding(
            cal.key, cal.canonical, 0.7, f"every close candidate is chambered for {cal.canonical}"
        )
    return category, calibre


def _named(c: _Candidate) -> list[str]:
    """The candidate's evidence, starting with the words that named it."""
    if not c.named:
        return c.evidence
    shared = "" if c.own_name else " (shared name)"
    return [f"'{c.named}' names {c.model.name}{shared}", *c.evidence]


def _finding(value: str, label: str, confidence: float, *evidence: str) -> Finding:
    return Finding(value, label, round(max(0.0, min(confidence, 0.99)), 2), tuple(evidence))


def _with_diameter(model: Model, diameter: float) -> list[str]:
    """The model's calibres whose bullet has this diameter."""
    cals = load().calibres
    return [
        k
        for k in model.calibres
        if (b := cals[k].bullet_mm) is not None and abs(b - diameter) < 0.06
    ]


def _calibre(found: _Found, model: Model | None, conf: float) -> Finding | None:
    tables = load()
    keys = found.values("calibre")
    exact = [k for k in keys if not k.startswith(DIAMETER)]
    if exact:
        key = exact[0]
        weak = all(e.weak for e, _ in found.hits["calibre"] if e.value == key)
        words = found.words("calibre", key)
        return _finding(
            key,
            tables.calibres[key].canonical,
            0.75 if weak else 0.95,
            f"'{words}' is {tables.calibres[key].canonical}",
        )
    bare = [k.removeprefix(DIAMETER) for k in keys if k.startswith(DIAMETER)]
    if bare:
        default = BARE_DIAMETER.get(bare[0])
        options = _with_diameter(model, float(bare[0])) if model else []
        chosen = (default if default in options else options[0]) if options else default
        if chosen is not None:
            cal = tables.calibres[chosen]
            why = f"of {model.name}" if options and model else "most often meant"
            return _finding(
                chosen,
                cal.canonical,
                0.8 if options else 0.6,
                f"'{bare[0]} mm' read as {cal.canonical}, {why}",
            )
    if model is not None and len(model.calibres) == 1:
        cal = tables.calibres[model.calibres[0]]
        return _finding(
            cal.key,
            cal.canonical,
            conf * 0.8,
            f"{model.name} is chambered only for {cal.canonical}",
        )
    return None


_CALIBRE_CATEGORY = {
    "handgun": FirearmCategory.PISTOL,
    "shotgun": FirearmCategory.SHOTGUN,
    "heavy_machine_gun": FirearmCategory.HEAVY_MACHINE_GUN,
    "light_weapon": FirearmCategory.LIGHT_WEAPON,
    "rimfire": FirearmCategory.RIFLE_CARBINE,
}
_INTERMEDIATE = {"7.62x39", "5.45x39", "5.56x45"}


def _category(found: _Found, model: _Candidate | None, calibre: Finding | None) -> Finding | None:
    if model is not None:
        cat = model.model.category
        return _finding(
            cat.value,
            cat.value,
            min(0.99, 0.5 + model.score / 3),
            f"category of {model.model.name}",
        )
    strong = [(e, w) for e, w in found.hits["category"] if not e.weak]
    if strong or found.hits["category"]:
        entry, words = max(strong or found.hits["category"], key=lambda h: len(h[1]))
        return _finding(
            entry.value,
            entry.value,
            0.6 if entry.weak else 0.9,
            f"'{words}' means {entry.value.replace('_', ' ')}",
        )
    if calibre is not None:
        ctype = load().calibres[calibre.value].type
        cat = _CALIBRE_CATEGORY.get(ctype) or (
            FirearmCategory.ASSAULT_RIFLE
            if calibre.value in _INTERMEDIATE
            else FirearmCategory.RIFLE_CARBINE
        )
        return _finding(
            cat.value, cat.value, 0.6, f"{calibre.label} is a {ctype.replace('_', ' ')} calibre"
        )
    return None


def _make_and_country(
    found: _Found, model: _Candidate | None, conf: float
) -> tuple[Finding | None, Finding | None]:
    t = load()
    make = country = None
    makers = found.values("maker")
    if model is not None:
        own = [k for k in makers if k in model.model.makers]
        makers = own or [
            k for k in makers if model.model.key not in found.within.get(("maker", k), ())
        ]
    if makers:
        m = t.manufacturers[makers[0]]
        make = _finding(m.key, m.name, 0.9, f"'{found.words('maker', m.key)}' is {m.name}")
    if make is not None and (cc := t.manufacturers[make.value].country):
        country = _finding(cc, cc, make.confidence, f"{make.label} is in {cc}")
    elif found.values("country"):
        cc = found.values("country")[0]
        country = _finding(cc, cc, 0.85, f"'{found.words('country', cc)}' points to {cc}")
    elif model is not None and model.own_name and len(model.model.countries) == 1:
        cc = model.model.countries[0]
        country = _finding(cc, cc, conf * 0.7, f"{model.model.name} is made only in {cc}")
    return make, country


def identify(
    text: str | None = None,
    *,
    make: str | None = None,
    model: str | None = None,
    calibre: str | None = None,
    markings: str | None = None,
) -> Identification:
    """Read a description (free text and/or the structured fields as written).

    Imports repeat the same few descriptions ("kalach", "PA 9mm") thousands
    of times, so answers are memoised; the reading itself is pure.
    """
    return _identify(text, make, model, calibre, markings)


@lru_cache(maxsize=100_000)
def _identify(
    text: str | None,
    make: str | None,
    model: str | None,
    calibre: str | None,
    markings: str | None,
) -> Identification:
    # Make and model are read together: officers split "Beretta" / "92".
    maker_model = " ".join(p for p in (make, model) if p)
    # A bare number in the calibre field is a calibre ("12" is 12 gauge).
    if calibre and calibre.strip().isdigit():
        calibre = f"cal {calibre.strip()}"
    parts = [p for p in (text, maker_model, calibre, markings) if p]
    joined = " ; ".join(parts)
    if not joined.strip():
        return Identification(False, reason="empty description")
    if len(joined) > MAX_CHARS:
        return Identification(
            False, reason=f"description of {len(joined)} characters; at most {MAX_CHARS} are read"
        )
    found = _Found()
    for part in parts:
        scanned = _scan(part)
        for kind, hits in scanned.hits.items():
            found.hits[kind].extend(hits)
        found.unread.extend(scanned.unread)
        found.within.update(scanned.within)
        found.corrections.extend(scanned.corrections)
    if not any(found.hits.values()):
        reason = "no firearm words found" if found.unread else "no words to read"
        return Identification(False, unread=tuple(found.unread), reason=reason)
    cands = _candidates(found)
    evidence = _Evidence.of(found)
    for c in cands.values():
        _weigh(c, evidence)
    top, alternatives, tied = _decide(cands)
    conf = min(0.95, 0.4 + top.score / 3) if top else 0.0
    model_f = (
        _finding(top.model.key, top.model.name, conf, *found.corrections, *_named(top))
        if top
        else None
    )
    calibre_f = _calibre(found, top.model if top else None, conf)
    category_f = _category(found, top, calibre_f)
    if top is None:
        agreed_category, agreed_calibre = _consensus(tied)
        category_f = (
            category_f
            if category_f and category_f.confidence >= 0.9
            else (agreed_category or category_f)
        )
        calibre_f = calibre_f or agreed_calibre
    make_f, country_f = _make_and_country(found, top, conf)
    identified = any((category_f, model_f, calibre_f))
    return Identification(
        identified,
        category_f,
        make_f,
        model_f,
        calibre_f,
        country_f,
        craft=bool(found.hits["craft"]) or bool(top and top.model.craft),
        alternatives=alternatives,
        unread=tuple(found.unread),
        reason="" if identified else "nothing firearm-specific was recognised",
    )


def forget() -> None:
    """Drop memoised answers (benchmarks measure reading, not remembering)."""
    _identify.cache_clear()
    Speller._nearest.cache_clear()
