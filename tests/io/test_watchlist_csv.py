"""Watchlists in kafo's CSV format: what is read, and what is refused whole."""

from __future__ import annotations

from pathlib import Path

import pytest

from kafo.io.watchlist_csv import read_watchlist_csv
from kafo.io.workbook import FileRejected, RowsRejected

HEADER = (
    "Reference , family_name,given_names,aliases,date_of_birth,sex,nationality,document_number\n"
)


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "recherches.csv"
    path.write_text(text, encoding="utf-8-sig")
    return path


def test_rows_are_read_with_several_values_per_cell(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        HEADER + "ML-MA-001,KONATÉ,Seydou,Seydou Konaté dit Le Vieux;Saïdou K,vers 1980;1981,H,"
        "Mali;BF,ML-0001234\n" + ",,,,,,,\n",  # a blank row is skipped
    )
    (row,) = read_watchlist_csv(path)
    assert (row.line, row.reference, row.name, row.sex) == (2, "ML-MA-001", "Seydou KONATÉ", "M")
    assert row.aliases == ("Seydou Konaté dit Le Vieux", "Saïdou K")
    assert [(text, d.year, d.approximate) for text, d in row.born] == [
        ("vers 1980", 1980, True),
        ("1981", 1981, False),
    ]
    assert row.nationalities == ("Mali", "BF") and row.documents == ("ML-0001234",)


@pytest.mark.parametrize(
    ("line", "column", "words"),
    [
        ("X-1,TRAORE2,Awa,,,,,", "family_name", "digits"),
        ("X-1," + "A" * 1000 + ",,,,,,", "family_name", "1000 characters"),
        ("X-1,,,,,,,", None, "no name"),
        (",TRAORE,Awa,,,,,", "reference", "empty"),
        ("X-1,TRAORE,Awa,,31/02/1980,,,", "date_of_birth", "does not exist"),
        ("X-1,TRAORE,Awa,,,X,,", "sex", "write M (H, homme, male) or F"),
        ("X-1,TRAORE,Awa,,,,Atlantide,", "nationality", "not a country"),
        ("X-1,TRAORE,Awa,Awa 2,,,,", "aliases", "digits"),
    ],
)
def test_a_bad_row_refuses_the_file_and_says_where(
    tmp_path: Path, line: str, column: str | None, words: str
) -> None:
    good = "X-0,DIALLO,Fatoumata,,,,,\n"
    with pytest.raises(RowsRejected) as caught:
        read_watchlist_csv(write(tmp_path, HEADER + good + line + "\n"))
    (error,) = caught.value.errors
    assert (error.row, error.column) == (3, column) and words in error.message
    assert "nothing was imported" in str(caught.value)


def test_a_reference_given_twice_is_located(tmp_path: Path) -> None:
    text = HEADER + "X-1,DIALLO,Fatoumata,,,,,\nX-1,TRAORE,Awa,,,,,\n"
    with pytest.raises(RowsRejected) as caught:
        read_watchlist_csv(write(tmp_path, text))
    assert str(caught.value.errors[0]) == (
        "recherches.csv, ligne 3, colonne reference: 'X-1' is already on line 2"
    )


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("family_name,given_names\nTRAORE,Awa\n", "missing: reference"),
        ("reference,date_of_birth\nX-1,1980\n", "must include reference and name"),
        ("reference,name,colour\nX-1,Awa,red\n", "unknown: colour"),
        ("reference,name\n", "no rows"),
    ],
)
def test_wrong_columns_refuse_the_file(tmp_path: Path, text: str, words: str) -> None:
    with pytest.raises(FileRejected, match=words):
        read_watchlist_csv(write(tmp_path, text))


def test_text_that_is_not_utf8_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "latin1.csv"
    path.write_bytes("reference,name\nX-1,Kéita\n".encode("latin-1"))
    with pytest.raises(FileRejected, match="not UTF-8"):
        read_watchlist_csv(path)
