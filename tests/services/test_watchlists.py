"""Watchlist imports with history, screening, and alerts on recorded persons."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from kafo.io.un_list import ListRejected
from kafo.model.audit import AuditEvent
from kafo.model.vocab import EntryChange, EntryStatus, Role, Sharing
from kafo.model.watchlist import ScreeningAlert, Watchlist, WatchlistChange, WatchlistEntry
from kafo.schemas.seizure import SeizureCreate
from kafo.schemas.watchlist import ScreenIn
from kafo.services.actor import Actor
from kafo.services.errors import Forbidden, Invalid, NotFound
from kafo.services.identities import lists, screening, views
from kafo.services.register import record_seizure
from tests.factories import World, seizure_payload
from tests.graphs import kept_as_if_read_whole

FIXTURE = Path(__file__).parents[1] / "io" / "un_list_small.xml"
NEW_ENTRY = """<INDIVIDUAL><DATAID>9000003</DATAID><VERSIONNUM>1</VERSIONNUM>
      <FIRST_NAME>BOUBACAR</FIRST_NAME><SECOND_NAME>EXEMPLE</SECOND_NAME>
      <UN_LIST_TYPE>Mali</UN_LIST_TYPE><REFERENCE_NUMBER>MLi.902</REFERENCE_NUMBER>
    </INDIVIDUAL>
  </INDIVIDUALS>"""


def version(tmp_path: Path, name: str, *edits: tuple[str, str], drop: str = "") -> Path:
    """The fixture with ``edits`` made and the individual of DATAID ``drop`` removed."""
    text = FIXTURE.read_text(encoding="utf-8")
    if drop:
        text, n = re.subn(rf"<INDIVIDUAL><DATAID>{drop}<.*?</INDIVIDUAL>", "", text, flags=re.S)
        assert n == 1
    for old, new in edits:
        assert old in text
        text = text.replace(old, new)
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def load(
    factory: sessionmaker[Session], actor: Actor, path: Path, **options: object
) -> lists.ListImported:
    with factory.begin() as s:
        return lists.import_un_list(s, actor, path, **options)  # type: ignore[arg-type]


def screen(factory: sessionmaker[Session], actor: Actor, **query: object) -> list[str]:
    with factory.begin() as s:
        out = screening.screen_one(s, actor, ScreenIn.model_validate(query))
    return [h.reference for h in out.hits]


@pytest.fixture
def analyst(world: World) -> Actor:
    return world.user("ML", Role.ANALYST).actor


def test_a_newer_version_updates_delists_and_relists_with_history(
    factory: sessionmaker[Session], analyst: Actor, tmp_path: Path
) -> None:
    first = load(factory, analyst, FIXTURE)
    assert (first.entries, first.listed, first.unchanged) == (3, 3, 0)
    again = load(factory, analyst, FIXTURE)
    assert (again.listed, again.updated, again.unchanged) == (0, 0, 3)
    # Version 2: QDi.999 gone, MLi.901 has a new alias, MLi.902 is new.
    v2 = version(
        tmp_path,
        "v2.xml",
        ("<ALIAS_NAME>Abou Test</ALIAS_NAME>", "<ALIAS_NAME>Abou Testa</ALIAS_NAME>"),
        ("</INDIVIDUALS>", NEW_ENTRY),
        drop="9000002",
    )
    second = load(factory, analyst, v2)
    assert (second.listed, second.updated, second.delisted, second.unchanged) == (1, 1, 1, 1)
    third = load(factory, analyst, FIXTURE)  # back to version 1
    assert (third.relisted, third.delisted, third.updated) == (1, 1, 1)
    with factory() as s:
        entry = views.get_entry(s, analyst, "QDi.999", None)
        assert [h.change for h in entry.history] == [
            EntryChange.LISTED,
            EntryChange.DELISTED,
            EntryChange.RELISTED,
        ]
        assert entry.status is EntryStatus.LISTED and entry.dates_of_birth == ["1975–1979"]
        gone = views.get_entry(s, analyst, "MLi.902", None)
        assert gone.status is EntryStatus.DELISTED and gone.delisted_at is not None
        # Nothing was deleted, and each change kept the content it saw.
        assert s.scalar(select(func.count()).select_from(WatchlistEntry)) == 4
        updated = s.scalars(
            select(WatchlistChange).where(WatchlistChange.change == EntryChange.UPDATED)
        ).all()
        aliases = sorted(c.content["names"][2][0] for c in updated if c.content)
        assert aliases == ["Abou Test", "Abou Testa"]
        (listed,) = views.list_watchlists(s, analyst)
        assert (listed.listed, listed.delisted, listed.revision) == (3, 1, 3)


def test_delisted_entries_are_not_screened(
    factory: sessionmaker[Session], analyst: Actor, tmp_path: Path
) -> None:
    load(factory, analyst, FIXTURE)
    assert screen(factory, analyst, name="Boubacar Exemple") == []
    load(factory, analyst, version(tmp_path, "v2.xml", ("</INDIVIDUALS>", NEW_ENTRY)))
    assert screen(factory, analyst, name="EXEMPLE Boubakar") == ["MLi.902"]
    load(factory, analyst, FIXTURE)
    assert screen(factory, analyst, name="EXEMPLE Boubakar") == []


def test_screening_explains_and_weighs_dates(
    factory: sessionmaker[Session], analyst: Actor
) -> None:
    load(factory, analyst, FIXTURE)
    with factory.begin() as s:
        out = screening.screen_one(
            s, analyst, ScreenIn(name="TESTOU Moussa ag", date_of_birth="31/12/1970")
        )
    (hit,) = out.hits
    assert (hit.reference, hit.list_type, hit.watchlist) == ("MLi.901", "Mali", lists.UN_LIST_NAME)
    assert hit.score == 1.0
    assert any("same date of birth" in why for why in hit.explanation)
    # The second listed date (about 1971) is used too.
    assert screen(factory, analyst, name="Moussa Ag Testou", date_of_birth="vers 1972") == [
        "MLi.901"
    ]
    # Born forty years apart: not the listed person.
    assert screen(factory, analyst, name="Moussa Ag Testou", date_of_birth="2010") == []
    # A low-quality alias matches but says so.
    with factory.begin() as s:
        low = screening.screen_one(s, analyst, ScreenIn(name="Abou Test")).hits[0]
    assert low.quality == "Low" and low.explanation[-1].startswith("matched a low-quality")


@pytest.mark.parametrize(
    ("query", "field", "words"),
    [
        ({"name": "Moussa 2 Testou"}, "name", "digits"),
        ({"name": "a" * 1000}, "name", "1000 characters"),
        ({"name": "  "}, "name", "empty"),
        ({"name": "Moussa", "date_of_birth": "31/02/1970"}, "date_of_birth", "does not exist"),
        ({"name": "Moussa", "nationality": ["Atlantis"]}, "nationality.0", "not a country"),
    ],
)
def test_bad_queries_name_the_field(
    factory: sessionmaker[Session], analyst: Actor, query: dict[str, object], field: str, words: str
) -> None:
    load(factory, analyst, FIXTURE)
    with pytest.raises(Invalid) as caught, factory.begin() as s:
        screening.screen_one(s, analyst, ScreenIn.model_validate(query))
    (error,) = caught.value.errors
    assert error.where == field and words in error.message


def test_batch_rows_that_cannot_be_screened_say_why(
    factory: sessionmaker[Session], analyst: Actor
) -> None:
    load(factory, analyst, FIXTURE)
    items = [ScreenIn(id="a", name="Moussa Ag Testou"), ScreenIn(id="b", name="X 12")]
    with factory.begin() as s:
        good, bad = screening.screen_many(s, analyst, items)
    assert [h.reference for h in good.hits] == ["MLi.901"] and good.error is None
    assert bad.hits == [] and bad.error == "name: a person's name cannot contain digits"


def test_only_analysts_and_administrators_import(
    factory: sessionmaker[Session], world: World
) -> None:
    officer = world.user("ML", Role.FIELD_OFFICER).actor
    with pytest.raises(Forbidden), factory.begin() as s:
        lists.import_un_list(s, officer, FIXTURE)
    with factory() as s:
        assert s.scalar(select(func.count()).select_from(Watchlist)) == 0


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ('<?xml version="1.0"?><sanctionsList><x/></sanctionsList>', "root element"),
        (
            '<?xml version="1.0"?><!DOCTYPE b [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]>'
            "<CONSOLIDATED_LIST>&b;</CONSOLIDATED_LIST>",
            "entities",
        ),
        ("<CONSOLIDATED_LIST><INDIVIDUALS>", "not well-formed"),
    ],
)
def test_bad_files_import_nothing(
    factory: sessionmaker[Session], analyst: Actor, tmp_path: Path, text: str, words: str
) -> None:
    path = tmp_path / "list.xml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ListRejected, match=words), factory.begin() as s:
        lists.import_un_list(s, analyst, path)
    with factory() as s:
        assert s.scalar(select(func.count()).select_from(Watchlist)) == 0


def test_a_duplicated_reference_refuses_the_whole_file(
    factory: sessionmaker[Session], analyst: Actor, tmp_path: Path
) -> None:
    twice = version(tmp_path, "twice.xml", ("QDi.999", "MLi.901"))
    with pytest.raises(Invalid, match=r"MLi\.901' appears twice"), factory.begin() as s:
        lists.import_un_list(s, analyst, twice)
    with factory() as s:
        assert s.scalar(select(func.count()).select_from(WatchlistEntry)) == 0


def _courier(family: str, given: str, born: str) -> SeizureCreate:
    body = seizure_payload()
    person = body["persons"][0]["person"]
    person.update(family_name=family, given_names=given, date_of_birth=born, documents=[])
    return SeizureCreate.model_validate(body)


def test_recorded_persons_raise_alerts_that_follow_the_list(
    factory: sessionmaker[Session], world: World, analyst: Actor, tmp_path: Path
) -> None:
    load(factory, analyst, FIXTURE, sharing=Sharing.NATIONAL)
    officer = world.user("ML").actor
    kept_as_if_read_whole(factory)  # the link graph follows the alerts below
    with factory.begin() as s:
        seizure = record_seizure(s, officer, _courier("AG TESTOU", "Mousa", "1970")).seizure
        person_id = seizure.person_links[0].person_id
    hit = kept_as_if_read_whole(factory)
    assert "screened_hit" in {hit.edge_kind_name(e) for e in range(hit.m) if hit.live[e]}
    with factory.begin() as s:
        (alert,) = views.list_alerts(s, officer)
    assert (alert.person_id, alert.reference, alert.entry_status) == (
        person_id,
        "MLi.901",
        "listed",
    )
    assert alert.matched_name in ("MOUSSA AG TESTOU", "Moussa Ag Testou")
    assert any("1970" in why for why in alert.explanation)
    # The list is national to Mali: Burkina Faso's users see no alert, and
    # their own recordings are not screened against it.
    bf = world.user("BF").actor
    with factory.begin() as s:
        assert views.list_alerts(s, bf) == []
        record_seizure(s, bf, _courier("AG TESTOU", "Moussa", "1970"))
    with factory() as s:
        assert s.scalar(select(func.count()).select_from(ScreeningAlert)) == 1
    # De-listed: a rescreen removes the alert; re-listed: it comes back.
    load(factory, analyst, version(tmp_path, "v2.xml", drop="9000001"))
    with factory.begin() as s:
        done = screening.rescreen(s, officer)
        assert (done.persons, done.screened, done.alerts) == (1, 1, 0)
        assert views.list_alerts(s, officer) == []
    gone = kept_as_if_read_whole(factory)
    assert "screened_hit" not in {gone.edge_kind_name(e) for e in range(gone.m) if gone.live[e]}
    load(factory, analyst, FIXTURE, sharing=Sharing.PARTNERS)  # re-shared: audiences change
    with factory.begin() as s:
        done = screening.rescreen(s, officer)
        assert (done.alerts, done.new_alerts) == (1, 1)
        audit = s.scalars(select(AuditEvent).where(AuditEvent.action == "rescreen")).all()
        assert len(audit) == 2
    kept_as_if_read_whole(factory)


def test_an_entry_not_visible_is_not_found(
    factory: sessionmaker[Session], world: World, analyst: Actor
) -> None:
    load(factory, analyst, FIXTURE)
    bf = world.user("BF", Role.ANALYST).actor
    with pytest.raises(NotFound), factory() as s:
        views.get_entry(s, bf, "MLi.901", None)
    with factory() as s:
        assert views.list_watchlists(s, bf) == []
    load(factory, world.user("BF", Role.ANALYST).actor, FIXTURE, sharing=Sharing.PARTNERS)
    with factory() as s:
        assert [w.owner_country for w in views.list_watchlists(s, analyst)] == ["BF", "ML"]


WANTED = (
    "reference,family_name,given_names,aliases,date_of_birth,nationality,list_type\n"
    "ML-MA-001,KONATE,Seydou,Le Vieux,vers 1980,ML,mandat d'arrêt\n"
    "ML-MA-002,DIARRA,Fatoumata,,1991-04-02,ML,mandat d'arrêt\n"
)


def test_a_wanted_list_in_csv_is_imported_and_screened(
    factory: sessionmaker[Session], analyst: Actor, tmp_path: Path
) -> None:
    path = tmp_path / "recherches.csv"
    path.write_text(WANTED, encoding="utf-8")
    with factory.begin() as s:
        done = lists.import_watchlist(s, analyst, path, name="ML personnes recherchées")
    assert (done.listed, done.entries) == (2, 2)
    assert screen(factory, analyst, name="Seidou Konaté", date_of_birth="1979") == ["ML-MA-001"]
    path.write_text(WANTED.splitlines()[0] + "\n" + WANTED.splitlines()[1] + "\n", "utf-8")
    with factory.begin() as s:
        again = lists.import_watchlist(s, analyst, path, name="ML personnes recherchées")
        assert (again.unchanged, again.delisted) == (1, 1)
        (wanted,) = views.list_watchlists(s, analyst)
        assert (wanted.kind, wanted.listed, wanted.delisted) == ("wanted", 1, 1)
    with pytest.raises(Invalid, match="needs its name"), factory.begin() as s:
        lists.import_watchlist(s, analyst, path)
    text = tmp_path / "list.txt"
    text.write_text(WANTED, encoding="utf-8")
    with pytest.raises(Invalid, match="neither"), factory.begin() as s:
        lists.import_watchlist(s, analyst, text, name="x")


def test_groups_and_companies_are_screened_against_listed_entities(
    factory: sessionmaker[Session], analyst: Actor
) -> None:
    load(factory, analyst, FIXTURE)
    assert screen(factory, analyst, name="Front Test du Sahel", subject="entity") == ["QDe.999"]
    assert screen(factory, analyst, name="FTS", subject="entity") == ["QDe.999"]
    # A person's query is not compared with entities, nor an entity's with people.
    assert screen(factory, analyst, name="Front Test du Sahel") == []
    assert screen(factory, analyst, name="Moussa Ag Testou", subject="entity") == []
    with pytest.raises(Invalid) as caught, factory.begin() as s:
        screening.screen_one(
            s,
            analyst,
            ScreenIn(name="Sahel Transport SARL", subject="entity", date_of_birth="1990"),
        )
    assert caught.value.errors[0].where == "date_of_birth"


def test_entries_without_a_readable_name_are_counted(
    factory: sessionmaker[Session], analyst: Actor, tmp_path: Path
) -> None:
    assert load(factory, analyst, FIXTURE).unscreenable == 0
    digits = version(
        tmp_path, "digits.xml", ("<FIRST_NAME>AMADOU</FIRST_NAME>", "<FIRST_NAME>A7</FIRST_NAME>")
    )
    done = load(factory, analyst, digits)
    assert (done.updated, done.unscreenable) == (1, 1)
    assert screen(factory, analyst, name="Amadou Teste") == []
