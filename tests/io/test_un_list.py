"""Reading the UN Security Council Consolidated List, and refusing what is not it."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from kafo.io.un_list import Alias, ListRejected, read_un_list

# A small list in the official schema, written for these tests (the names
# are invented; the shapes are the real list's): un_list_small.xml.
LIST = (Path(__file__).parent / "un_list_small.xml").read_text(encoding="utf-8")


def write(tmp_path: Path, text: str, name: str = "list.xml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_individuals_and_entities_are_read_with_what_screening_needs(tmp_path: Path) -> None:
    listed = read_un_list(write(tmp_path, LIST))
    assert listed.generated == "2026-01-15T10:00:00.000-05:00"
    first, second, entity = listed.entries
    assert (first.kind, first.reference_number, first.list_type, first.version) == (
        "individual",
        "MLi.901",
        "Mali",
        2,
    )
    assert first.name == "MOUSSA AG TESTOU" and first.listed_on == date(2019, 7, 10)
    assert first.aliases == (Alias("Moussa Ag Testou", "Good"), Alias("Abou Test", "Low"))
    assert [(b.kind, b.day, b.year) for b in first.birth_dates] == [
        ("EXACT", date(1970, 12, 31), None),
        ("APPROXIMATELY", None, 1971),
    ]
    assert first.nationalities == ("Mali",)
    assert [(d.kind, d.number, d.country) for d in first.documents] == [
        ("Passport", "B0123456", "Mali")
    ]
    assert second.original_script == "أمادو"
    assert (second.birth_dates[0].from_year, second.birth_dates[0].to_year) == (1975, 1979)
    assert (entity.kind, entity.name, entity.aliases) == (
        "entity",
        "FRONT TEST DU SAHEL",
        (Alias("FTS", "Good"),),
    )


BOMB = """<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<CONSOLIDATED_LIST><INDIVIDUALS><INDIVIDUAL><FIRST_NAME>&lol3;</FIRST_NAME></INDIVIDUAL></INDIVIDUALS></CONSOLIDATED_LIST>
"""


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        (BOMB, "declares entities or a document type"),
        ('<?xml version="1.0"?><sdnList><sdnEntry/></sdnList>', "root element is <sdnList>"),
        ("ceci n'est pas du XML", "not well-formed XML"),
        ("<CONSOLIDATED_LIST/>", "neither INDIVIDUALS nor ENTITIES"),
        (
            "<CONSOLIDATED_LIST><INDIVIDUALS><INDIVIDUAL><DATAID>7</DATAID>"
            "<FIRST_NAME>X</FIRST_NAME></INDIVIDUAL></INDIVIDUALS></CONSOLIDATED_LIST>",
            "individual DATAID 7: no REFERENCE_NUMBER",
        ),
        (
            LIST.replace("<TYPE_OF_DATE>EXACT", "<TYPE_OF_DATE>SOMETIME"),
            "DATAID 9000001: TYPE_OF_DATE 'SOMETIME'",
        ),
        (LIST.replace("2019-07-10", "10 July 2019"), "'10 July 2019' is not a date"),
    ],
)
def test_what_is_not_the_list_is_refused_with_the_reason(
    tmp_path: Path, text: str, reason: str
) -> None:
    with pytest.raises(ListRejected, match=reason):
        read_un_list(write(tmp_path, text))
