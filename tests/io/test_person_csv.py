"""The person-records CSV: read whole or refused whole; the links CSV written."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from kafo.io.person_csv import read_person_csv, write_links
from kafo.io.workbook import FileRejected, RowsRejected
from kafo.matching.dates import PartialDate
from kafo.matching.resolution import resolve

HEADER = "id,family_name,given_names,date_of_birth,sex,nationality,document_number,phone"


def write(tmp_path: Path, text: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / "persons.csv"
    path.write_bytes(text.encode(encoding))
    return path


def test_rows_are_read_with_their_values_beside_what_was_written(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "\ufeff ID , Family_Name,GIVEN_NAMES,Date_of_birth,Sex,Nationality,"
        "Document_Number,Phone,Place_of_birth,Address\n"
        "ml-1,TRAORE,Mamadou,vers 1985,H,MLI; bf,B 0123456;A7654321,76 12 34 56; +22670123456,"
        "Sikasso,Rue 12\n"
        "ci-1,,Mamadu Troare,12/03/1985,femme,Côte d'Ivoire,,,,\n",
    )
    first, second = read_person_csv(path)
    assert (first.row, first.id, first.family_name, first.given_names) == (
        2,
        "ml-1",
        "TRAORE",
        "Mamadou",
    )
    assert [t.text for t in first.name.tokens] == ["traore", "mamadou"]
    assert first.date_of_birth == PartialDate(1985, approximate=True)
    assert (first.sex, first.nationalities) == ("M", ("ML", "BF"))
    assert first.documents == ("B 0123456", "A7654321")
    # A national number is read in the region of the first nationality.
    assert first.phones == ("+22376123456", "+22670123456")
    assert (first.place_of_birth, first.address) == ("Sikasso", "Rue 12")
    assert (second.sex, second.nationalities, second.phones) == ("F", ("CI",), ())
    facts = first.record().facts
    assert first.facts is facts
    assert facts.documents == frozenset({"B 0123456", "A7654321"}) and facts.sex == "M"


def test_only_id_and_a_name_column_are_required(tmp_path: Path) -> None:
    (row,) = read_person_csv(write(tmp_path, "given_names,id\nMoussa Keita,x\n"))
    assert (row.id, row.family_name, row.date_of_birth, row.phones) == ("x", "", None, ())


def test_the_caller_gives_the_region_of_national_phone_numbers(tmp_path: Path) -> None:
    path = write(tmp_path, "id,given_names,nationality,phone\na,Moussa Keita,ML,70 12 34 56\n")
    assert read_person_csv(path, default_region="BF")[0].phones == ("+22670123456",)


def test_the_three_sightings_read_from_a_file_are_one_identity(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        f"{HEADER}\n"
        "ml-1,TRAORE,Mamadou,1985,M,ML,,\n"
        "bf-1,Traoré,Mahamadou,1985-03-02,M,Mali,,\n"
        "ci-1,Troare,Mamadu,vers 1985,M,MLI,,\n"
        "ne-1,Traoré,Mamadou,1955,M,ML,,\n",
    )
    found = resolve([row.record() for row in read_person_csv(path)])
    assert found.identities == (("bf-1", "ci-1", "ml-1"),)


@pytest.mark.parametrize(
    ("header", "column", "reason"),
    [
        ("family_name,given_names", "id", "required column missing"),
        ("id,date_of_birth", None, "no name column"),
        ("id,given_names,nickname,Surnom", "nickname", "unknown column"),
        ("id,given_names,GIVEN_NAMES", "given_names", "column given twice"),
        ("id;given_names;phone", None, "separated by ';'"),
    ],
)
def test_a_header_that_cannot_be_read_refuses_the_file(
    tmp_path: Path, header: str, column: str | None, reason: str
) -> None:
    with pytest.raises(RowsRejected) as refused:
        read_person_csv(write(tmp_path, f"{header}\nx,Moussa Keita\n"))
    assert any(
        e.row == 1 and e.column == column and reason in e.message for e in refused.value.errors
    )
    if header.endswith("Surnom"):
        assert [e.column for e in refused.value.errors] == ["nickname", "Surnom"]


@pytest.mark.parametrize(
    ("row", "column", "reason"),
    [
        (",Keita,Moussa,,,,,", "id", "empty: every row needs an id"),
        ("b,Ke1ta,Moussa,,,,,", "family_name", "a person's name has no digits"),
        ("b,Keita," + "A" * 1000 + ",,,,,", "given_names", "1000 characters; at most 300"),
        ("b,,,1985,M,,,", "family_name", "no name"),
        ("b,!!!,,,,,,", "family_name", "the name has no letters"),
        ("b,Keita,Moussa,31/02/1985,,,,", "date_of_birth", "does not exist"),
        ("b,Keita,Moussa,hier,,,,", "date_of_birth", "'hier' is not a date"),
        ("b,Keita,Moussa,,X,,,", "sex", "write M (H, homme, male) or F"),
        ("b,Keita,Moussa,,,Atlantide,,", "nationality", "'Atlantide': not a country"),
        ("b,Keita,Moussa,,,,,12", "phone", "no region known"),
        ("b,Keita,Moussa,,,ML,,+223 12", "phone", "wrong length"),
        ("a,Keita,Musa,,,,,", "id", "'a' is already the id of row 2"),
        ("b,Keita,Moussa\tdit Musa,,,,,", "given_names", "control character"),
        ("b,Keita,Moussa,,,,,,surplus", None, "9 values; the header has 8 columns"),
    ],
)
def test_a_bad_row_refuses_the_file_naming_row_and_column(
    tmp_path: Path, row: str, column: str | None, reason: str
) -> None:
    path = write(tmp_path, f"{HEADER}\na,Traoré,Aminata,1990,F,ML,,\n{row}\n")
    with pytest.raises(RowsRejected) as refused:
        read_person_csv(path)
    (error,) = refused.value.errors
    assert (error.row, error.column) == (3, column) and reason in error.message, error
    # The message is one line; each error carries its place, as the CLI prints it.
    assert str(refused.value) == "persons.csv: 1 problem(s); nothing was imported"
    assert f"ligne 3{f', colonne {column}' if column else ''}: " in str(error)


def test_every_bad_row_is_reported_up_to_a_cap(tmp_path: Path) -> None:
    rows = "\n".join(f"r{k},Keita,Moussa,,Z,,," for k in range(60))
    with pytest.raises(RowsRejected) as refused:
        read_person_csv(write(tmp_path, f"{HEADER}\n{rows}\n"))
    assert len(refused.value.errors) == 50 and refused.value.more == 10
    assert [e.row for e in refused.value.errors[:2]] == [2, 3]
    assert str(refused.value) == "persons.csv: 60 problem(s); nothing was imported"


def test_a_file_that_is_not_utf8_csv_is_refused(tmp_path: Path) -> None:
    with pytest.raises(FileRejected, match=r"not UTF-8 text \(byte 0xe9 on line 2\)"):
        read_person_csv(write(tmp_path, f"{HEADER}\na,Traoré,Aminata,,,,,\n", "cp1252"))
    with pytest.raises(FileRejected, match="the file is empty"):
        read_person_csv(write(tmp_path, ""))
    with pytest.raises(FileRejected, match="no such file"):
        read_person_csv(tmp_path / "absent.csv")


def test_links_are_written_with_their_identity_and_explanation(tmp_path: Path) -> None:
    people = write(
        tmp_path,
        "id,given_names,date_of_birth,phone\n"
        "a,Moussa Keita,1980-01-01,+22376000001\n"
        "b,Moussa Keita,,+22376000001;+22376000002\n"
        "c,Moussa Keita,1950-06-06,+22376000002\n",
    )
    found = resolve([row.record() for row in read_person_csv(people)])
    out = tmp_path / "links.csv"
    assert write_links(out, found.links, found.identity_keys()) == 2
    with out.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [(r["a"], r["b"], r["score"], r["identity"]) for r in rows] == [
        ("a", "b", "1.000", "a"),
        ("b", "c", "1.000", ""),  # not followed: it would chain a to c
    ]
    assert rows[0]["explanation"] == (
        "Moussa = Moussa | Keita = Keita | same phone number +22376000001"
    )
