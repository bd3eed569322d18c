"""Candidate models for a description, scored by how the text agrees.

Named models are candidates, and naming one member of a family puts its
family in the running; a named maker or the craft mark proposes its models.
Each candidate's score then moves with the calibre, maker, country, category
words, craft mark and features the text gives. ``decide`` picks the answer,
or declines when the text cannot separate models of different families.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import cache

from kafo.model.vocab import FirearmCategory
from kafo.reference.calibres import DIAMETER
from kafo.reference.index import Entry
from kafo.reference.results import Alternative
from kafo.reference.scan import Found
from kafo.reference.tables import Model, load
from kafo.reference.text import strip_accents

CLOSE_CALL = 0.2


@dataclass(slots=True)
class Candidate:
    model: Model
    score: float
    reason: str = ""  # why it is in the running, when no words name it
    own_name: bool = False  # named by a name no other model shares
    from_maker: bool = False  # proposed because its maker is named, not itself
    named: str = ""  # the words that name it, if any


def candidates(found: Found) -> dict[str, Candidate]:
    models = load().models
    named = found.hits["model"]
    out: dict[str, Candidate] = {}
    share: dict[str, set[str]] = defaultdict(set)
    for entry, words in named:
        share[words].add(entry.value)
    for entry, words in named:
        shared = len(share[words]) > 1
        base = 0.6 if shared else 1.0
        if entry.value not in out or out[entry.value].score < base:
            out[entry.value] = Candidate(models[entry.value], base, "", not shared, named=words)
    # Naming one member names its family: "AKM chinois" is a Chinese AKM
    # copy, so the family's other members compete on the rest of the text.
    named_families = {c.model.family for c in out.values()}
    if found.hits["country"] or found.hits["maker"] or found.hits["feature"]:
        for m in _families()[frozenset(named_families)]:
            if m.key not in out:
                out[m.key] = Candidate(m, 0.5)  # reason: its family (see explain)
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
                out[m.key] = Candidate(m, base, "craft-produced", from_maker=True)
    for maker in makers:
        for m in _by_maker().get(maker, ()):
            if m.key not in out:
                out[m.key] = Candidate(m, 0.3, "made by a maker named in the text", from_maker=True)
    return out


@dataclass(frozen=True)
class Evidence:
    """What the text says besides model names, computed once per reading."""

    calibres: tuple[str, ...]
    diameters: tuple[float, ...]
    makers: tuple[str, ...]
    countries: frozenset[str]
    categories: tuple[tuple[Entry, str], ...]
    craft: bool
    features: tuple[tuple[str, frozenset[str]], ...]  # (feature named, models showing it)
    within: dict[tuple[str, str], frozenset[str]]

    @classmethod
    def of(cls, found: Found) -> Evidence:
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
            # Countries named, and those of makers named in their own right.
            countries=frozenset(found.values("country")).union(
                cc
                for k in makers
                if ("maker", k) not in found.within and (cc := t.manufacturers[k].country)
            ),
            categories=tuple(found.hits["category"]),
            craft=bool(found.hits["craft"]),
            features=tuple(
                (f, _feature_models(f))
                for f in dict.fromkeys(e.value for e, _ in found.hits["feature"])
            ),
            within=found.within,
        )


def weigh(c: Candidate, ev: Evidence) -> None:
    """Adjust a candidate's score by how the rest of the text agrees with it."""
    c.score += agreement(c.model, c.from_maker, ev, None)


def explain(c: Candidate, ev: Evidence) -> list[str]:
    """Why a candidate scored as it did, for the candidates that are reported.

    The words are written out only here: scoring runs on every candidate of
    every description, and explaining on the one or few that are shown.
    """
    why: list[str] = []
    if c.reason:
        why.append(c.reason)
    elif not c.named:
        why.append(f"a {c.model.family} pattern weapon")
    agreement(c.model, c.from_maker, ev, why)
    return why


def agreement(m: Model, from_maker: bool, ev: Evidence, why: list[str] | None) -> float:
    """How far the text besides the model's name agrees with ``m``; with
    ``why``, also says so in words."""
    t = load()
    delta = 0.0
    for key in ev.calibres:
        if key in m.calibres:
            delta += 0.4
            if why is not None:
                why.append(f"calibre {t.calibres[key].canonical} agrees")
        elif m.calibres:
            delta -= 0.6
            if why is not None:
                why.append(f"{m.name} is not chambered for {t.calibres[key].canonical}")
    for d in ev.diameters:
        if with_diameter(m, d):
            delta += 0.2
            if why is not None:
                why.append(f"{d:g} mm agrees")
        elif m.calibres:
            delta -= 0.3
    for key in ev.makers:
        owners = ev.within.get(("maker", key))
        if owners is not None and m.key not in owners:
            continue  # part of another model's name: no evidence about this one
        if key in m.makers:
            delta += 0.0 if from_maker else 0.5
            if why is not None:
                why.append(f"made by {t.manufacturers[key].name}")
        elif owners is None:
            delta -= 0.4
    if ev.countries:
        shared = ev.countries.intersection(m.countries)
        if shared:
            delta += 0.4
            if why is not None:
                why.append(f"made in {', '.join(sorted(shared))}")
        else:
            delta -= 0.3
    for entry, words in ev.categories:
        if entry.value == m.category:
            # A generic word ("rifle") agrees with many models: it confirms
            # nothing, but a specific one ("fusil d'assaut") does.
            if not entry.weak:
                delta += 0.3
                if why is not None:
                    why.append(f"'{words}' agrees with {m.category.value.replace('_', ' ')}")
        elif m.category not in _BROADER.get(entry.value, ()):
            delta -= 0.1 if entry.weak else 0.3
    stock_named = False
    for feature, models in ev.features:
        stock_named = stock_named or feature == "folding_stock"
        if m.key in models:
            delta += 0.5
            if why is not None:
                why.append(FEATURES[feature][0])
        else:
            delta -= 0.3
    if not stock_named and m.key in _feature_models("folding_stock"):
        delta -= 0.05  # without a word about the stock, the fixed stock is likelier
    if ev.craft != m.craft:
        delta -= 0.5 if ev.craft else 0.1
    elif ev.craft:
        delta += 0.5
        if why is not None:
            why.append("craft-produced")
    return delta


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


def decide(
    cands: dict[str, Candidate],
) -> tuple[Candidate | None, tuple[Alternative, ...], list[Candidate]]:
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


def with_diameter(model: Model, diameter: float) -> list[str]:
    """The model's calibres whose bullet has this diameter."""
    cals = load().calibres
    return [
        k
        for k in model.calibres
        if (b := cals[k].bullet_mm) is not None and abs(b - diameter) < 0.06
    ]
