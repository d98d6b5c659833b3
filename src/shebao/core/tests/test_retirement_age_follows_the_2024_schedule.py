"""The statutory retirement age of the 2024 reform: every cohort boundary, the decision's table rows,
the minimum contribution years and the voluntary window."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from shebao.core.retirement import Category, min_contribution_years, month_index, retirement_age

# Rows of the decision's annexed tables: (category, birth, age years, age months, retirement month).
OFFICIAL_ROWS = [
    (Category.MALE, (1964, 12), 60, 0, "2024-12"),
    (Category.MALE, (1965, 1), 60, 1, "2025-02"),
    (Category.MALE, (1965, 4), 60, 1, "2025-05"),
    (Category.MALE, (1965, 5), 60, 2, "2025-07"),
    (Category.MALE, (1965, 8), 60, 2, "2025-10"),
    (Category.MALE, (1965, 9), 60, 3, "2025-12"),
    (Category.MALE, (1966, 1), 60, 4, "2026-05"),
    (Category.MALE, (1970, 1), 61, 4, "2031-05"),
    (Category.MALE, (1976, 5), 62, 11, "2039-04"),
    (Category.MALE, (1976, 8), 62, 11, "2039-07"),
    (Category.MALE, (1976, 9), 63, 0, "2039-09"),
    (Category.MALE, (1990, 6), 63, 0, "2053-06"),
    (Category.FEMALE_CADRE, (1969, 12), 55, 0, "2024-12"),
    (Category.FEMALE_CADRE, (1970, 1), 55, 1, "2025-02"),
    (Category.FEMALE_CADRE, (1970, 5), 55, 2, "2025-07"),
    (Category.FEMALE_CADRE, (1981, 8), 57, 11, "2039-07"),
    (Category.FEMALE_CADRE, (1981, 9), 58, 0, "2039-09"),
    (Category.FEMALE_WORKER, (1974, 12), 50, 0, "2024-12"),
    (Category.FEMALE_WORKER, (1975, 1), 50, 1, "2025-02"),
    (Category.FEMALE_WORKER, (1975, 2), 50, 1, "2025-03"),
    (Category.FEMALE_WORKER, (1975, 3), 50, 2, "2025-05"),
    (Category.FEMALE_WORKER, (1979, 12), 52, 6, "2032-06"),
    (Category.FEMALE_WORKER, (1980, 1), 52, 7, "2032-08"),
    (Category.FEMALE_WORKER, (1984, 9), 54, 11, "2039-08"),
    (Category.FEMALE_WORKER, (1984, 10), 54, 11, "2039-09"),
    (Category.FEMALE_WORKER, (1984, 11), 55, 0, "2039-11"),
]


@pytest.mark.parametrize(("category", "birth", "years", "months", "retire_on"), OFFICIAL_ROWS)
def test_the_official_tables_rows(category, birth, years, months, retire_on):
    answer = retirement_age(category, *birth).as_dict()
    assert (answer["age_years"], answer["age_months"], answer["retire_on"]) == (years, months, retire_on)


def _cohort_table(first: tuple[int, int], months_per_step: int, max_extra: int) -> dict[int, int]:
    """The decision's tables built group by group, independently of the function: birth month -> extra."""
    start = month_index(*first)
    table = {}
    for extra in range(1, max_extra + 1):
        for offset in range(months_per_step):
            table[start + (extra - 1) * months_per_step + offset] = extra
    return table


TABLES = {
    Category.MALE: (60, _cohort_table((1965, 1), 4, 36)),
    Category.FEMALE_CADRE: (55, _cohort_table((1970, 1), 4, 36)),
    Category.FEMALE_WORKER: (50, _cohort_table((1975, 1), 2, 60)),
}


@pytest.mark.parametrize("category", list(Category))
def test_every_birth_month_of_every_cohort_gets_its_tables_age(category):
    original, table = TABLES[category]
    first, last = min(table), max(table)
    for birth in range(first - 24, last + 25):
        extra = table.get(birth, 0 if birth < first else table[last])
        answer = retirement_age(category, birth // 12, birth % 12 + 1)
        assert answer.age_years * 12 + answer.age_months == original * 12 + extra, birth
        assert answer.retire_on == birth + original * 12 + extra


@pytest.mark.parametrize("category", list(Category))
def test_the_age_rises_exactly_at_each_cohort_boundary_and_never_elsewhere(category):
    _, table = TABLES[category]
    rises = []
    for birth in range(min(table) - 12, max(table) + 12):
        before = retirement_age(category, (birth - 1) // 12, (birth - 1) % 12 + 1)
        now = retirement_age(category, birth // 12, birth % 12 + 1)
        step = (now.age_years * 12 + now.age_months) - (before.age_years * 12 + before.age_months)
        assert step in (0, 1)
        if step:
            rises.append(birth)
    assert len(rises) == max(table.values())


@pytest.mark.parametrize(
    ("year", "years"),
    [
        (2024, "15"),
        (2029, "15"),
        (2030, "15.5"),
        (2031, "16"),
        (2035, "18"),
        (2038, "19.5"),
        (2039, "20"),
        (2050, "20"),
    ],
)
def test_minimum_contribution_years_rise_six_months_a_year_from_2030(year, years):
    assert min_contribution_years(year) == Decimal(years)


def test_the_minimum_contribution_follows_the_year_of_retirement():
    # A man born 1970-01 retires 2031-05: 16 years.
    assert retirement_age("male", 1970, 1).min_contribution_years == Decimal(16)
    assert retirement_age("male", 1965, 1).as_dict()["min_contribution_years"] == 15.0


def test_the_voluntary_window_never_starts_before_the_original_age():
    man = retirement_age("male", 1976, 9)  # 63: 3 years earlier is exactly 60
    assert (man.as_dict()["earliest_on"], man.as_dict()["latest_on"]) == ("2036-09", "2042-09")
    man = retirement_age("male", 1966, 1)  # 60y4m: never before 60
    assert man.as_dict()["earliest_on"] == "2026-01"
    worker = retirement_age("female_worker", 1984, 11)  # 55: 3 years earlier is 52, above the original 50
    assert worker.as_dict()["earliest_on"] == "2036-11"


@given(
    category=st.sampled_from(list(Category)),
    year=st.integers(1930, 2010),
    month=st.integers(1, 12),
)
def test_any_birth_month_keeps_the_rules_invariants(category, year, month):
    original, table = TABLES[category]
    answer = retirement_age(category, year, month)
    birth = month_index(year, month)
    age = answer.age_years * 12 + answer.age_months
    assert original * 12 <= age <= original * 12 + max(table.values())
    assert 0 <= answer.age_months < 12
    assert answer.earliest_on == max(birth + original * 12, answer.retire_on - 36)
    assert answer.earliest_on <= answer.retire_on < answer.latest_on == answer.retire_on + 36
    later = retirement_age(category, year + 1, month)
    assert later.retire_on >= answer.retire_on + 12  # born later never retires earlier or younger


def test_a_month_outside_1_to_12_is_refused():
    with pytest.raises(ValueError):
        retirement_age("male", 1970, 13)


def test_the_vectorised_rule_gives_every_birth_month_the_same_month_as_the_function():
    import duckdb

    from shebao.core.retirement import CATEGORY_CODES, retirement_month_sql

    births = range(month_index(1930, 1), month_index(2010, 12) + 1)
    rows = [(code, b) for code in CATEGORY_CODES.values() for b in births]
    con = duckdb.connect()
    con.execute("CREATE TABLE p (category TINYINT, birth INTEGER)")
    con.executemany("INSERT INTO p VALUES (?, ?)", rows)
    got = con.execute(
        f"SELECT category, birth, {retirement_month_sql('category', 'birth')} FROM p"
    ).fetchall()
    by_code = {code: cat for cat, code in CATEGORY_CODES.items()}
    assert len(got) == len(rows)
    for code, birth, month in got:
        assert month == retirement_age(by_code[code], birth // 12, birth % 12 + 1).retire_on, (code, birth)
