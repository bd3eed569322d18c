"""Reading a firearm description into a standard one, with its evidence.

"kalach 7,62 chinois" → assault rifle, Type 56 (China, Norinco), 7.62×39mm.
The reader finds every phrase of the reference it can (:mod:`scan`), scores
the candidate models by how well the rest agrees with them
(:mod:`candidates`), and says why. Two candidates too close to call are both
returned with what tells them apart: ambiguity is reported, never hidden.
"""

from __future__ import annotations

from functools import lru_cache

from kafo.model.vocab import FirearmCategory
from kafo.reference.calibres import BARE_DIAMETER, DIAMETER
from kafo.reference.candidates import (
    Candidate,
    Evidence,
    candidates,
    decide,
    explain,
    weigh,
    with_diameter,
)
from kafo.reference.results import READER_VERSION, Alternative, Finding, Identification
from kafo.reference.scan import Found, scan
from kafo.reference.spelling import Speller
from kafo.reference.tables import Model, load

MAX_CHARS = 2_000

__all__ = ["READER_VERSION", "Alternative", "Finding", "Identification", "forget", "identify"]


def _consensus(tied: list[Candidate]) -> tuple[Finding | None, Finding | None]:
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


def _named(c: Candidate, evidence: Evidence) -> list[str]:
    """The candidate's evidence, starting with the words that named it."""
    why = explain(c, evidence)
    if not c.named:
        return why
    shared = "" if c.own_name else " (shared name)"
    return [f"'{c.named}' names {c.model.name}{shared}", *why]


def _finding(value: str, label: str, confidence: float, *evidence: str) -> Finding:
    return Finding(value, label, round(max(0.0, min(confidence, 0.99)), 2), tuple(evidence))


def _calibre(found: Found, model: Model | None, conf: float) -> Finding | None:
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
        options = with_diameter(model, float(bare[0])) if model else []
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


def _category(found: Found, model: Candidate | None, calibre: Finding | None) -> Finding | None:
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
    found: Found, model: Candidate | None, conf: float
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
    found = scan(parts[0])
    for part in parts[1:]:
        scanned = scan(part)
        for kind, hits in scanned.hits.items():
            found.hits[kind].extend(hits)
        found.unread.extend(scanned.unread)
        found.within.update(scanned.within)
        found.corrections.extend(scanned.corrections)
    if not any(found.hits.values()):
        reason = "no firearm words found" if found.unread else "no words to read"
        return Identification(False, unread=tuple(found.unread), reason=reason)
    cands = candidates(found)
    evidence = Evidence.of(found)
    for c in cands.values():
        weigh(c, evidence)
    top, alternatives, tied = decide(cands)
    conf = min(0.95, 0.4 + top.score / 3) if top else 0.0
    model_f = (
        _finding(top.model.key, top.model.name, conf, *found.corrections, *_named(top, evidence))
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
