"""Reading and comparing person and organisation names."""

from __future__ import annotations

import pytest

from kafo.datafiles import read_rows
from kafo.matching.names import (
    MATCH_THRESHOLD,
    NameRefused,
    compare_names,
    fold,
    phonetic,
    read_name,
    variants,
)


def test_fold_removes_accents_case_punctuation_and_other_scripts() -> None:
    assert fold("OUÉDRAOGO") == "ouedraogo"
    assert fold("N'Diaye") == "ndiaye"
    assert fold("Keïta-Sidibé") == "keita sidibe"
    assert fold("Мамаду Траоре") == "mamadu traore"
    assert fold("محمد") == "mhmd"  # Arabic script: its consonants


def test_reading_drops_titles_marks_particles_and_splits_aliases() -> None:
    name = read_name("El Hadj Ibrahim AG GHALI dit Abou Fadl")
    assert [t.text for t in name.tokens] == ["ibrahim", "ag", "ghali"]
    assert [t.particle for t in name.tokens] == [False, True, False]
    assert [[t.text for t in form] for form in name.aliases] == [["abou", "fadl"]]
    english = read_name("Ibrahim Ag Ghali a.k.a. Abou Fadl")
    assert [[t.text for t in form] for form in english.forms] == [
        ["ibrahim", "ag", "ghali"],
        ["abou", "fadl"],
    ]


@pytest.mark.parametrize(
    ("written", "reason"),
    [
        ("", "empty"),
        ("   ", "empty"),
        ("Mamadou 2 Traoré", "digits"),
        ("A" * 1000, "at most 300"),
        ("!!! ---", "no letters"),
    ],
)
def test_unreadable_names_are_refused_with_a_reason(written: str, reason: str) -> None:
    with pytest.raises(NameRefused, match=reason):
        read_name(written)


def test_organisations_may_have_digits_and_lose_their_legal_form() -> None:
    assert [t.text for t in read_name("SOTRAMA 2000 SARL", organisation=True).tokens] == [
        "sotrama",
        "2000",
    ]


@pytest.mark.parametrize(
    "spellings",
    [
        ("Traoré", "Troare", "TRAORE"),
        ("Coulibaly", "Kulibali", "Koulibaly"),
        ("Ouédraogo", "Wedraogo"),
        ("Diallo", "Djalo", "Jallow"),
        ("Ouattara", "Wattara"),
    ],
)
def test_spellings_of_one_family_name_share_a_sound_key(spellings: tuple[str, ...]) -> None:
    keys = {phonetic(fold(s)) for s in spellings}
    assert len(keys) == 1, keys


def test_sound_keys_keep_different_names_apart() -> None:
    assert phonetic("traore") != phonetic("toure")
    assert phonetic("kone") != phonetic("konate")
    assert phonetic("kone") != phonetic("kana")  # vowels of another class


ORIGINS = {
    *("arabic", "mande", "fula", "hausa", "songhai", "tamasheq"),
    *("mossi", "akan", "wolof", "french", "other"),
}


def test_the_variant_tables_are_reviewable_data_with_sources() -> None:
    for table in ("given_names.csv", "surnames.csv"):
        rows = read_rows("data", table)
        assert rows and all(r["group"] and r["variant"] and r["source"] for r in rows)
        assert {r["origin"] for r in rows} <= ORIGINS, table  # as data-formats.md lists
    table = variants()
    assert table.group("mamadou") == table.group("mahamadou") == table.group("mohamed")
    assert table.group("traore") is not None
    assert table.group("kone") != table.group("konate")


def test_the_same_courier_in_three_countries() -> None:
    mali = "TRAORE Mamadou"
    for other in ("Mahamadou Traoré", "Mamadu Troare"):
        found = compare_names(mali, other)
        assert found.score >= MATCH_THRESHOLD, (other, found)
    words = " | ".join(compare_names(mali, "Mahamadou Traoré").explain())
    assert "spellings of one name" in words and "TRAORE = Traoré" in words


def test_different_people_stay_apart() -> None:
    for a, b in (
        ("Mamadou Traoré", "Moussa Traoré"),
        ("Mamadou Traoré", "Mamadou Touré"),
        ("Aminata Diallo", "Mariam Coulibaly"),
    ):
        found = compare_names(a, b)
        assert found.score < MATCH_THRESHOLD, (a, b, found)
    words = compare_names("Mamadou Traoré", "Moussa Traoré").explain()
    assert "Mamadou ≠ Moussa" in words


def test_an_alias_matches_and_says_so() -> None:
    found = compare_names("Ibrahim Ag Ghali dit Abou Fadl", "Abou Fadl")
    assert found.score >= MATCH_THRESHOLD
    assert "matched through an alias" in found.explain()


def test_a_missing_middle_name_costs_less_than_a_wrong_one() -> None:
    missing = compare_names("Mamadou Lamine Traoré", "Mamadou Traoré").score
    wrong = compare_names("Mamadou Lamine Traoré", "Mamadou Seydou Traoré").score
    assert missing > wrong


def test_initials_agree_with_the_name_they_start() -> None:
    initial = compare_names("A Traoré", "Aminata Traoré")
    assert initial.score >= MATCH_THRESHOLD
    assert "A ~ Aminata: initial" in initial.explain()
    # "M." is Monsieur: a lone family name is not enough for an alert.
    assert compare_names("M. Traoré", "Mamadou Traoré").score < MATCH_THRESHOLD


def test_a_name_written_as_one_word_or_two_is_the_same() -> None:
    found = compare_names("Abdoul Karim Traoré", "Abdoulkarim Traore")
    assert found.score == 1.0 and "Abdoul Karim = Abdoulkarim" in found.explain()
    assert compare_names("Ibrahim Ag Ghali", "Ibrahim Agghali").score == 1.0


def test_arabic_script_is_compared_by_its_consonants() -> None:
    found = compare_names("محمد توري", "Mohamed Touré")
    assert found.score >= MATCH_THRESHOLD
    assert any("same consonants" in line for line in found.explain())
    # Consonants alone never join two spellings that both show their vowels.
    latin = compare_names("Koné Issa", "Kana Issa")
    assert not any("same consonants" in line for line in latin.explain())
    assert latin.score < MATCH_THRESHOLD
