"""NIP parsing, golongan and hierarchy rules: no database."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kinerja.org import rules
from kinerja.org.rules import Gender, NipError, NipKind, parse_nip

TODAY = dt.date(2026, 11, 22)


def test_it_parses_every_part_of_a_valid_nip():
    parsed = parse_nip("198003152005011002", today=TODAY)
    assert parsed.birth_date == dt.date(1980, 3, 15)
    assert parsed.cpns_start == dt.date(2005, 1, 1)
    assert parsed.gender == Gender.MALE
    assert parsed.sequence == 2
    assert parsed.formatted == "19800315 200501 1 002"


def test_it_accepts_the_display_form_with_spaces():
    assert parse_nip("19800315 200501 2 002", today=TODAY).gender == Gender.FEMALE


@pytest.mark.parametrize(
    ("nip", "part", "fragment"),
    [
        ("", "nip", "wajib"),
        ("19800315200501100A", "nip", "angka"),
        ("1980031520050110", "nip", "18 digit"),
        ("198002302005011001", "birth_date", "bukan tanggal"),
        ("193002152005011001", "birth_date", "terlalu lampau"),
        ("202712012005011001", "birth_date", "masa depan"),
        ("198003152005131001", "cpns_start", "01 sampai 12"),
        ("198003151990011001", "cpns_start", "berusia 18 tahun"),
        ("198003152035011001", "cpns_start", "masa depan"),
        ("198003152005013001", "gender", "jenis kelamin"),
        ("198003152005011000", "sequence", "000"),
    ],
)
def test_it_names_the_wrong_part_of_a_nip(nip, part, fragment):
    with pytest.raises(NipError) as error:
        parse_nip(nip, today=TODAY)
    assert error.value.part == part
    assert fragment in str(error.value)


def test_it_parses_a_pppk_number_without_a_tmt():
    parsed = parse_nip("199001012022212001", kind=NipKind.PPPK, today=TODAY)
    assert parsed.appointment_year == 2022
    assert parsed.contract_code == "21"
    assert parsed.gender == Gender.FEMALE
    assert parsed.cpns_start is None
    assert parsed.formatted == "19900101 2022 21 2 001"


def test_it_refuses_a_pppk_appointment_before_adulthood():
    with pytest.raises(NipError) as error:
        parse_nip("199001012000212001", kind=NipKind.PPPK, today=TODAY)
    assert error.value.part == "appointment"


births = st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2004, 12, 31))


@given(
    birth=births,
    years=st.integers(19, 40),  # a whole year past the 18th birthday: always old enough
    month=st.integers(1, 12),
    gender=st.sampled_from(Gender),
    seq=st.integers(1, 999),
)
def test_build_and_parse_are_inverse(birth, years, month, gender, seq):
    cpns = dt.date(min(birth.year + years, 2026), month, 1)
    nip = rules.build_nip(birth, cpns, gender, seq)
    parsed = parse_nip(nip, today=TODAY)
    assert (parsed.birth_date, parsed.cpns_start, parsed.gender, parsed.sequence) == (birth, cpns, gender, seq)
    assert parsed.formatted.replace(" ", "") == nip


@given(st.text(max_size=30))
def test_any_text_either_parses_or_raises_a_nip_error(text):
    try:
        parsed = parse_nip(text, today=TODAY)
    except NipError as error:
        assert error.part in {"nip", "birth_date", "cpns_start", "gender", "sequence"}
        assert str(error)
    else:
        assert len(parsed.nip) == 18 and parsed.nip.isdigit()


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("III/a", "III/a"),
        ("3a", "III/a"),
        ("III-A", "III/a"),
        ("31", "III/a"),
        ("45", "IV/e"),
        ("IX", "IX"),
        ("V/f", None),
        ("", None),
        ("99", None),
    ],
)
def test_it_normalizes_golongan(raw, expected):
    assert rules.normalize_rank(raw) == expected


def test_find_cycle_finds_a_loop_and_ignores_chains():
    assert rules.find_cycle({"a": "b", "b": "c", "c": None}) is None
    cycle = rules.find_cycle({"a": "b", "b": "c", "c": "a", "d": "a"})
    assert cycle is not None and set(cycle) == {"a", "b", "c"}
    assert rules.find_cycle({"a": "a"}) == ["a", "a"]


@given(st.dictionaries(st.integers(0, 30), st.one_of(st.none(), st.integers(0, 30)), max_size=30))
def test_find_cycle_agrees_with_a_naive_walk(edges):
    def naive_has_cycle():
        for start in edges:
            seen, node = set(), start
            while node is not None:
                if node in seen:
                    return True
                seen.add(node)
                node = edges.get(node)
        return False

    cycle = rules.find_cycle(edges)
    assert (cycle is not None) == naive_has_cycle()
    if cycle:
        assert cycle[0] == cycle[-1]
        assert all(edges[a] == b for a, b in zip(cycle, cycle[1:], strict=False))


@pytest.mark.parametrize(
    ("value", "danger"),
    [
        ("=SUM(A1)", True),
        ("+62812", False),
        ("+cmd|' /C calc'!A0", True),
        ("@cmd", True),
        ("-5", False),
        ("Budi", False),
        ("", False),
    ],
)
def test_formula_like_cells(value, danger):
    assert rules.formula_like(value) is danger


def test_full_name_places_titles():
    assert rules.full_name("Siti Aminah", "dr.", "M.Kes.") == "dr. Siti Aminah, M.Kes."
    assert rules.full_name("Budi") == "Budi"
