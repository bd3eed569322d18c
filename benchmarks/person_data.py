"""The synthetic person file of ``resolve_bench.py``: people drawn as kafo's
demo draws them, each seen one to five times and written down as officers
write (see that script's docstring for the proportions). Deterministic for
a seed."""

from __future__ import annotations

import csv
import random
import string
from dataclasses import replace
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import phonenumbers
import pycountry

from kafo.demo.people import (
    KAFO_COUNTRIES,
    MOBILE,
    NATIONAL_ID,
    NEIGHBOURS,
    Identity,
    family_pool,
    write_birth,
    write_name,
)
from kafo.demo.tables import GivenName, fill_pattern, given_names

COLUMNS = ("id", "family_name", "given_names", "date_of_birth", "sex", "nationality")
COLUMNS += ("document_number", "phone")


@cache
def _givens(sex: str, languages: tuple[str, ...]) -> tuple[GivenName, ...]:
    givens = [g for g in given_names() if g.sex == sex]
    shared = [g for g in givens if set(g.languages) & set(languages)]
    return tuple(shared or givens)


@cache
def _country_names(code: str) -> tuple[str, str, str]:
    country = pycountry.countries.get(alpha_2=code)
    return code, country.alpha_3, getattr(country, "common_name", country.name)


# Every country of the demo's MOBILE table has a three-digit calling code.
CALLING = {c: str(phonenumbers.country_code_for_region(c)) for c in MOBILE}
REGION = {code: c for c, code in CALLING.items()}
assert all(len(code) == 3 for code in REGION)


def _phone(rng: random.Random, country: str) -> str:
    """A mobile number of ``country`` in E.164 with the demo's prefixes
    (kafo.demo.people.phone_number also checks it against the numbering
    plan, too slowly for a million; the reader checks the length only)."""
    prefixes, rest = MOBILE[country]
    return f"+{CALLING[country]}{rng.choice(prefixes)}{rng.randrange(10**rest):0{rest}d}"


def _person(rng: random.Random, key: str) -> Identity:
    home = rng.choice(KAFO_COUNTRIES)
    nationality = home if rng.random() < 0.8 else rng.choice(NEIGHBOURS[home])
    sex = "F" if rng.random() < 0.2 else "M"
    family = rng.choice(family_pool(nationality))
    given = rng.choice(_givens(sex, family.languages))
    year = int(rng.triangular(1962, 2006, 1992))
    sim = nationality if nationality in MOBILE else home
    phones = (_phone(rng, sim),) if rng.random() < 0.75 else ()
    document = None
    if rng.random() < 0.6:
        shape = NATIONAL_ID.get(nationality) if rng.random() < 0.6 else None
        document = ("id", fill_pattern(shape or "A9999999", rng), nationality)
    birth = date(year, rng.randint(1, 12), rng.randint(1, 28))
    return Identity(key, family, given, sex, birth, nationality, None, phones, document, None)


def _typo(rng: random.Random, text: str) -> str:
    """One character inserted, deleted, replaced or transposed."""
    if len(text) < 4:
        return text
    k = rng.randrange(1, len(text) - 1)
    letter = rng.choice(string.ascii_lowercase)
    letter = letter.upper() if text.isupper() else letter
    edits = (
        text[:k] + letter + text[k + 1 :],
        text[:k] + text[k + 1 :],
        text[:k] + letter + text[k:],
        text[:k] + text[k + 1] + text[k] + text[k + 2 :],
    )
    return " ".join(rng.choice(edits).split())


def _write_phone(rng: random.Random, e164: str, nationality: str) -> str:
    """E.164, spaced, or national when the row's nationality is the number's
    country (the reader reads a national number in that region)."""
    code, nsn = e164[1:4], e164[4:]
    grouped = " ".join(nsn[i : i + 2] for i in range(0, len(nsn), 2))
    form = rng.random()
    if form < 0.3 and nationality and nationality == REGION[code]:
        return grouped
    return f"+{code} {grouped}" if form < 0.6 else e164


def _sighting(rng: random.Random, ident: Identity, typo: bool) -> list[str]:
    family, given = write_name(rng, ident)
    if typo:
        family, given = (
            (_typo(rng, family), given) if rng.random() < 0.5 else (family, _typo(rng, given))
        )
    nationality = ""
    if rng.random() < 0.8:
        nationality = rng.choices(_country_names(ident.nationality), (7, 2, 1))[0]
    written = ident.nationality if nationality else ""
    phone = ""
    chance = rng.random()
    if ident.phones and chance < 0.6:
        phone = _write_phone(rng, ident.phones[0], written)
    elif chance < 0.75:
        phone = _write_phone(
            rng, _phone(rng, ident.nationality if ident.nationality in MOBILE else "ML"), written
        )
    document = ""
    if ident.document and rng.random() < 0.5:
        number = ident.document[1]
        document = (
            " ".join(number[i : i + 4] for i in range(0, len(number), 4))
            if rng.random() < 0.3
            else number
        )
    return [
        family,
        given,
        write_birth(rng, ident.birth) or "",
        ident.sex if rng.random() < 0.9 else "",
        nationality,
        document,
        phone,
    ]


def generate(records: int, seed: int, workdir: Path) -> dict[str, Any]:
    """Write ``persons.csv`` and ``truth.csv`` in ``workdir``; the counts."""
    rng = random.Random(seed)
    rows: list[list[str]] = []
    person: list[int] = []
    people = duplicated = 0
    shared: list[str] = []  # phones of earlier people, for the few who share one
    while len(rows) < records:
        ident = _person(rng, str(people))
        if shared and rng.random() < 0.005:
            ident = replace(ident, phones=(rng.choice(shared),))
        elif ident.phones and rng.random() < 0.01:
            shared.append(ident.phones[0])
        seen = 1 if rng.random() < 0.9 else rng.choices((2, 3, 4, 5), (65, 20, 10, 5))[0]
        duplicated += seen > 1
        for _ in range(min(seen, records - len(rows))):
            rows.append(_sighting(rng, ident, seen > 1 and rng.random() < 0.1))
            person.append(people)
        people += 1
    order = list(range(len(rows)))
    rng.shuffle(order)
    with (workdir / "persons.csv").open("w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(COLUMNS)
        out.writerows([f"R{k:07d}", *rows[i]] for k, i in enumerate(order))
    truth = np.array(person, np.int64)[order]
    np.save(workdir / "truth.npy", truth)
    with (workdir / "truth.csv").open("w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(("id", "person"))
        out.writerows((f"R{k:07d}", p) for k, p in enumerate(truth.tolist()))
    sizes = np.bincount(truth)
    return {
        "records": len(rows),
        "people": people,
        "duplicated_people": duplicated,
        "true_pairs": int((sizes * (sizes - 1) // 2).sum()),
    }
