"""The IAFQ-shaped tables and the SDG 16.4.2 figures, from facts.

Tables follow the sections of UNODC's Illicit Arms Flows Questionnaire:
arms seized, found and surrendered by type, by make and country of
manufacture and by the state of their markings; ammunition, parts and
explosives; tracing; persons arrested, prosecuted and convicted.

SDG indicator 16.4.2 is the proportion of seized, found or surrendered arms
whose illicit origin or context has been traced or established by a
competent authority: the numerator counts arms concluded ``traced`` or
``established``, the denominator every arm in the scope.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from kafo.io.report_book import Cell, Column, Row, Table
from kafo.labels import LABELS
from kafo.model.vocab import (
    CommodityKind,
    ExplosiveKind,
    MarkingState,
    QuantityUnit,
    Sex,
    TraceConclusion,
)
from kafo.services.statistics.tables import (
    HOW_LABELS,
    IAFQ_TYPE_LABELS,
    AmmoFact,
    ArmFact,
    Col,
    Number,
    PersonFact,
    QuantityFact,
    RequestFact,
    SeizureFact,
    Titles,
    by_how,
    count_if,
    labelled,
    seen,
    tabulate,
)

NUMERATOR = frozenset({TraceConclusion.TRACED, TraceConclusion.ESTABLISHED})
Names = dict[str, tuple[str, str]]


def arms_tables(arms: Sequence[ArmFact], countries: Names) -> list[Table]:
    def make_key(f: ArmFact) -> str:
        return f"{f.make} | {f.made_in}"

    makes = [
        (
            k,
            f"{k.split(' | ')[0]} ({_name(countries, k.split(' | ')[1], 0)})",
            _make_en(k, countries),
        )
        for k in seen(make_key(f) for f in arms)
    ]
    return [
        tabulate(
            Titles("arms_by_type", "Armes par type", "Arms by type"),
            arms,
            lambda f: f.iafq_type,
            labelled(IAFQ_TYPE_LABELS, IAFQ_TYPE_LABELS),
            by_how(),
        ),
        tabulate(
            Titles(
                "arms_by_make",
                "Armes par marque et pays de fabrication",
                "Arms by make and country of manufacture",
                "marque et pays lus par la table de référence, sinon tels qu'écrits",
                "make and country as read by the reference table, else as written",
            ),
            arms,
            make_key,
            makes,
            by_how(),
        ),
        tabulate(
            Titles("arms_by_marking", "Armes par état des marquages", "Arms by marking state"),
            arms,
            lambda f: f.marking.value,
            labelled([m.value for m in MarkingState], LABELS[MarkingState]),
            by_how(),
        ),
    ]


def _name(countries: Names, code: str, lang: int) -> str:
    return countries[code][lang] if code in countries else code


def _make_en(key: str, countries: Names) -> str:
    make, code = key.split(" | ")
    return f"{make} ({_name(countries, code, 1)})"


def _rounds_if(how: str) -> Callable[[AmmoFact], Number | None]:
    return lambda f: f.rounds if f.how == how else None


def _quantity_in(unit: str) -> Callable[[QuantityFact], Number | None]:
    return lambda f: f.quantity if f.unit == unit else None


def ammunition_table(lots: Sequence[AmmoFact]) -> Table:
    cols: list[Col[AmmoFact]] = [
        *(Col(h, fr, en, _rounds_if(h)) for h, (fr, en) in HOW_LABELS.items()),
        Col("all", "ensemble", "all", lambda f: f.rounds),
    ]
    return tabulate(
        Titles(
            "ammunition", "Munitions (cartouches) par calibre", "Ammunition (rounds) by calibre"
        ),
        lots,
        lambda f: f.calibre,
        [(k, k, k) for k in seen(f.calibre for f in lots)],
        cols,
    )


def quantities_table(titles: Titles, facts: Sequence[QuantityFact], kinds: type[StrEnum]) -> Table:
    """Quantities by kind (rows) and unit (columns): units never add up together."""
    units = seen((f.unit for f in facts), [u.value for u in QuantityUnit])
    unit_labels = LABELS[QuantityUnit]
    cols: list[Col[QuantityFact]] = [
        Col(u, *unit_labels.get(u, (u, u)), _quantity_in(u)) for u in units
    ]
    rows = labelled(seen((f.kind for f in facts), [k.value for k in kinds]), LABELS[kinds])
    return tabulate(titles, facts, lambda f: f.kind, rows, cols)


def explosives_table(facts: Sequence[QuantityFact]) -> Table:
    return quantities_table(Titles("explosives", "Explosifs", "Explosives"), facts, ExplosiveKind)


def goods_table(facts: Sequence[QuantityFact]) -> Table:
    return quantities_table(
        Titles(
            "parts_and_goods",
            "Pièces d'armes et autres biens saisis",
            "Firearm parts and other goods seized",
            "numéraire : en unités de la monnaie",
            "cash: in units of the currency",
        ),
        facts,
        CommodityKind,
    )


def _asked(test: Callable[[RequestFact], bool]) -> Callable[[RequestFact], Number | None]:
    return count_if(test)


def tracing_tables(
    asked: Sequence[RequestFact], arms: Sequence[ArmFact], countries: Names
) -> list[Table]:
    cols: list[Col[RequestFact]] = [
        Col("sent", "envoyées", "sent", _asked(lambda f: True)),
        Col("answered", "avec réponse", "answered", _asked(lambda f: f.answered)),
        Col("complete", "réponse complète", "answered in full", _asked(lambda f: f.complete)),
        Col("declined", "refusées", "declined", _asked(lambda f: f.declined)),
        Col("no_response", "sans réponse", "no response", _asked(lambda f: f.no_response)),
    ]
    recipients = [
        (c, _name(countries, c, 0), _name(countries, c, 1))
        for c in seen(f.recipient for f in asked)
    ]
    return [
        tabulate(
            Titles(
                "trace_requests",
                "Demandes de traçage envoyées, par pays destinataire",
                "Trace requests sent, by country addressed",
            ),
            asked,
            lambda f: f.recipient,
            recipients,
            cols,
        ),
        tabulate(
            Titles(
                "tracing_results",
                "Résultat du traçage des armes (ODD 16.4.2)",
                "Tracing results of arms (SDG 16.4.2)",
            ),
            arms,
            lambda f: f.conclusion.value,
            labelled([c.value for c in TraceConclusion], LABELS[TraceConclusion]),
            by_how(),
        ),
    ]


def persons_table(persons: Sequence[PersonFact]) -> Table:
    cols: list[Col[PersonFact]] = [
        Col("arrested", "interpellées", "arrested", count_if(lambda f: f.arrested)),
        Col("prosecuted", "poursuivies", "prosecuted", count_if(lambda f: f.prosecuted)),
        Col("convicted", "condamnées", "convicted", count_if(lambda f: f.convicted)),
    ]
    return tabulate(
        Titles(
            "persons",
            "Personnes interpellées, poursuivies et condamnées",
            "Persons arrested, prosecuted and convicted",
        ),
        persons,
        lambda f: f.sex,
        labelled([s.value for s in Sex], LABELS[Sex]),
        cols,
    )


@dataclass(frozen=True)
class Indicator:
    numerator: int
    denominator: int
    proportion: float | None
    numerator_ids: tuple[str, ...]
    denominator_ids: tuple[str, ...]


def indicator(arms: Sequence[ArmFact]) -> Indicator:
    counted = tuple(sorted(f.id for f in arms if f.conclusion in NUMERATOR))
    every = tuple(sorted(f.id for f in arms))
    share = round(len(counted) / len(every), 4) if every else None
    return Indicator(len(counted), len(every), share, counted, every)


def _sdg_cols() -> list[Col[ArmFact]]:
    return [
        Col("arms", "armes (dénominateur)", "arms (denominator)", count_if(lambda f: True)),
        Col("traced", "origine tracée", "origin traced", _concluded(TraceConclusion.TRACED)),
        Col(
            "established",
            "origine établie par une autorité",
            "origin established by an authority",
            _concluded(TraceConclusion.ESTABLISHED),
        ),
        Col("numerator", "numérateur", "numerator", count_if(lambda f: f.conclusion in NUMERATOR)),
    ]


def _concluded(conclusion: TraceConclusion) -> Callable[[ArmFact], Number | None]:
    return count_if(lambda f: f.conclusion is conclusion)


def sdg_tables(arms: Sequence[ArmFact]) -> list[Table]:
    ind = indicator(arms)
    summary = Table(
        "sdg_16_4_2",
        "Indicateur ODD 16.4.2",
        "SDG indicator 16.4.2",
        (Column("value", "valeur", "value"),),
        (
            Row(
                "numerator",
                "numérateur : origine tracée ou établie",
                "numerator: origin traced or established",
                {"value": Cell(ind.numerator, ind.numerator_ids)},
            ),
            Row(
                "denominator",
                "dénominateur : armes saisies, trouvées ou remises",
                "denominator: arms seized, found or surrendered",
                {"value": Cell(ind.denominator, ind.denominator_ids)},
            ),
            Row("proportion", "proportion", "proportion", {"value": Cell(ind.proportion)}),
        ),
        "proportion des armes saisies, trouvées ou remises dont l'origine illicite a été "
        "tracée ou établie par une autorité compétente",
        "proportion of seized, found or surrendered arms whose illicit origin or context "
        "has been traced or established by a competent authority",
    )
    return [
        summary,
        tabulate(
            Titles("sdg_by_conclusion", "Par conclusion", "By conclusion"),
            arms,
            lambda f: f.conclusion.value,
            labelled([c.value for c in TraceConclusion], LABELS[TraceConclusion]),
            [Col("arms", "armes", "arms", count_if(lambda f: True))],
        ),
        tabulate(
            Titles("sdg_by_how", "Par mode d'entrée", "By how the arms came in"),
            arms,
            lambda f: f.how,
            labelled(HOW_LABELS, HOW_LABELS),
            _sdg_cols(),
        ),
        tabulate(
            Titles("sdg_by_type", "Par type d'arme", "By type of arm"),
            arms,
            lambda f: f.iafq_type,
            labelled(IAFQ_TYPE_LABELS, IAFQ_TYPE_LABELS),
            _sdg_cols(),
        ),
    ]


def by_country_table(
    seized: Sequence[SeizureFact], arms: Sequence[ArmFact], countries: Names
) -> Table:
    """Seizures and arms by seizing country: an operation's first table."""
    rows = [
        (c, _name(countries, c, 0), _name(countries, c, 1))
        for c in seen([*(f.country for f in seized), *(f.country for f in arms)])
    ]
    by_seizure = tabulate(
        Titles("seizures_by_country", "Saisies par pays", "Seizures by country"),
        seized,
        lambda f: f.country,
        rows,
        [Col("seizures", "saisies", "seizures", count_if(lambda f: True))],
    )
    by_arm = tabulate(
        Titles("arms", "", ""), arms, lambda f: f.country, rows, by_how(("armes", "arms"))
    )
    return Table(
        "seizures_by_country",
        "Saisies et armes par pays",
        "Seizures and arms by country",
        (*by_seizure.columns, *by_arm.columns),
        tuple(
            Row(a.key, a.fr, a.en, {**a.cells, **b.cells}, a.total)
            for a, b in zip(by_seizure.rows, by_arm.rows, strict=True)
        ),
    )
