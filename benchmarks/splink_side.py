"""Splink 4 (DuckDB) on the synthetic person file of ``resolve_bench.py``:
preparation in SQL, the settings a careful user would write, training,
prediction and clustering. Runs in its own process."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import numpy as np
import pycountry

from bench_common import maxrss_mb

THRESHOLD = 0.9  # Splink's match probability for links and clusters

# Read the file with DuckDB and normalise what Splink compares: names lower
# case without accents, dates to year/month/day (markers of approximation
# dropped), phones to their last eight digits (the national number, written
# with or without the country code), documents to letters and digits.
PREPARE = r"""
CREATE TABLE persons AS
WITH raw AS (
    SELECT *, regexp_replace(trim(coalesce(date_of_birth, '')),
                             '^(vers|env\.?|environ|ca\.?|c\.|circa|~)\s*', '', 'i') AS born
    FROM read_csv('{path}', header = true, all_varchar = true)
), parsed AS (
    SELECT *, coalesce(try_strptime(born, '%Y-%m-%d'), try_strptime(born, '%d/%m/%Y'))::DATE AS dob
    FROM raw
)
SELECT
    id AS unique_id,
    nullif(lower(strip_accents(trim(coalesce(family_name, '')))), '') AS surname,
    nullif(lower(strip_accents(trim(coalesce(given_names, '')))), '') AS given,
    nullif(trim(concat_ws(' ', lower(strip_accents(given_names)),
                              lower(strip_accents(family_name)))), '') AS full_name,
    dob,
    try_cast(nullif(regexp_extract(born, '(\d{{4}})', 1), '') AS INTEGER) AS birth_year,
    coalesce(month(dob), try_cast(nullif(regexp_extract(born, '^(\d{{1,2}})/\d{{4}}$', 1), '')
                                  AS INTEGER)) AS birth_month,
    day(dob) AS birth_day,
    nullif(upper(trim(coalesce(sex, ''))), '') AS sex,
    n.code AS nationality,
    nullif(upper(regexp_replace(coalesce(document_number, ''), '[^A-Za-z0-9]', '', 'g')), '')
        AS document,
    nullif(right(regexp_replace(coalesce(phone, ''), '[^0-9]', '', 'g'), 8), '') AS phone
FROM parsed LEFT JOIN nationalities n ON n.written = parsed.nationality
"""


def _nationalities(con: Any, path: Path) -> None:
    """A table from each nationality as written to its ISO alpha-2 code."""
    source = f"read_csv('{path}', header = true, all_varchar = true)"
    query = f"SELECT DISTINCT nationality FROM {source} WHERE nationality IS NOT NULL"  # noqa: S608
    written = con.execute(query).fetchall()
    pairs = []
    for (value,) in written:
        try:
            pairs.append((value, pycountry.countries.lookup(value.strip()).alpha_2))
        except LookupError:
            continue
    con.execute("CREATE TABLE nationalities (written VARCHAR, code VARCHAR)")
    con.executemany("INSERT INTO nationalities VALUES (?, ?)", pairs)


# What the result says of Splink's settings (the code is in splink_settings
# and run_splink).
SPLINK_SETTINGS = {
    "comparisons": [
        "ForenameSurnameComparison(given, surname, concat full_name: tf on exact)",
        "date of birth: null year / same dob / day-month swapped / same year and month"
        " / same year / years 1 apart / else",
        "ExactMatch(phone)",
        "ExactMatch(document)",
        "ExactMatch(nationality)",
        "ExactMatch(sex)",
    ],
    "blocking_rules": [
        "surname, birth_year",
        "given, birth_year",
        "surname = given swapped, birth_year",
        "phone",
        "document",
    ],
    "prior": "deterministic rules (given, dob), (surname, dob), (phone), (document); recall 0.7",
    "u": "random sampling, max_pairs 1e7",
    "m": "EM blocked on dob, then on phone",
    "threshold_match_probability": THRESHOLD,
}


def splink_settings() -> Any:
    import splink.comparison_level_library as cll
    import splink.comparison_library as cl
    from splink import SettingsCreator, block_on

    swapped_day_month = (
        "birth_year_l = birth_year_r AND birth_month_l = birth_day_r"
        " AND birth_day_l = birth_month_r"
    )
    date_of_birth = cl.CustomComparison(
        output_column_name="date_of_birth",
        comparison_levels=[
            cll.NullLevel("birth_year"),
            cll.ExactMatchLevel("dob"),
            cll.CustomLevel(swapped_day_month, "day and month swapped"),
            cll.And(cll.ExactMatchLevel("birth_year"), cll.ExactMatchLevel("birth_month")),
            cll.ExactMatchLevel("birth_year"),
            cll.AbsoluteDifferenceLevel("birth_year", 1),
            cll.ElseLevel(),
        ],
    )
    swapped_names = "l.surname = r.given AND l.given = r.surname AND l.birth_year = r.birth_year"
    return SettingsCreator(
        link_type="dedupe_only",
        comparisons=[
            cl.ForenameSurnameComparison(
                "given", "surname", forename_surname_concat_col_name="full_name"
            ),
            date_of_birth,
            cl.ExactMatch("phone"),
            cl.ExactMatch("document"),
            cl.ExactMatch("nationality"),
            cl.ExactMatch("sex"),
        ],
        blocking_rules_to_generate_predictions=[
            block_on("surname", "birth_year"),
            block_on("given", "birth_year"),
            swapped_names,
            block_on("phone"),
            block_on("document"),
        ],
        retain_matching_columns=False,
        retain_intermediate_calculation_columns=False,
    )


def run_splink(workdir: Path, seed: int) -> dict[str, Any]:
    import duckdb
    from splink import DuckDBAPI, Linker, block_on

    phases: dict[str, float] = {}
    start = time.perf_counter()
    con = duckdb.connect()
    con.execute(f"SET temp_directory = '{workdir / 'duckdb_tmp'}'")
    path = workdir / "persons.csv"
    _nationalities(con, path)
    con.execute(PREPARE.format(path=path))
    phases["read_prepare"] = time.perf_counter() - start
    start = time.perf_counter()
    linker = Linker("persons", splink_settings(), DuckDBAPI(con))
    training = linker.training
    deterministic = [block_on("given", "dob"), block_on("surname", "dob")]
    deterministic += [block_on("phone"), block_on("document")]
    training.estimate_probability_two_random_records_match(deterministic, recall=0.7)
    training.estimate_u_using_random_sampling(max_pairs=1e7, seed=seed)
    training.estimate_parameters_using_expectation_maximisation(block_on("dob"))
    training.estimate_parameters_using_expectation_maximisation(block_on("phone"))
    phases["train"] = time.perf_counter() - start
    start = time.perf_counter()
    predicted = linker.inference.predict(threshold_match_probability=THRESHOLD)
    phases["predict"] = time.perf_counter() - start
    start = time.perf_counter()
    clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(
        predicted, threshold_match_probability=THRESHOLD
    )
    phases["cluster"] = time.perf_counter() - start
    rss = maxrss_mb()
    # Not timed: the answer as record numbers, for scoring.
    number = "CAST(substr(unique_id{}, 2) AS BIGINT)"  # the record's number: R0000042 → 42
    pairs = f"SELECT {number.format('_l')} AS a, {number.format('_r')} AS b"
    ends = con.execute(f"{pairs} FROM {predicted.physical_name}").fetchnumpy()
    np.save(workdir / "splink_links.npy", np.stack([ends["a"], ends["b"]], axis=1))
    rank = "dense_rank() OVER (ORDER BY cluster_id)"
    query = f"SELECT {number.format('')} AS r, {rank} AS c FROM {clusters.physical_name}"  # noqa: S608
    members = con.execute(query).fetchnumpy()
    labels = np.full(int(members["r"].max()) + 1, -1, np.int64)
    labels[members["r"]] = members["c"]
    np.save(workdir / "splink_clusters.npy", labels)
    return {
        "phases_s": {k: round(v, 2) for k, v in phases.items()},
        "total_s": round(sum(phases.values()), 2),
        "rss_mb_after_cluster": rss,
        "links": len(ends["a"]),
        "duckdb_threads": con.execute("SELECT current_setting('threads')").fetchone()[0],
        "duckdb_memory_limit": con.execute("SELECT current_setting('memory_limit')").fetchone()[0],
        "settings": SPLINK_SETTINGS,
    }
