"""NIP entry age: the TMT CPNS in a NIP falls on or after the 18th birthday, compared as full
dates (PP 11/2017 Ps. 23), on every path that takes a NIP: the rule, the form, the import, the API."""

import datetime as dt

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from kinerja.accounts.models import ApiToken
from kinerja.core.i18n import render
from kinerja.org import imports, rules
from kinerja.org.models import Employee, ImportBatch
from kinerja.org.rules import Gender, NipError, parse_nip

TODAY = dt.date(2026, 12, 1)
# Born 15 June 1990: TMT June 2008 (1 June) is two weeks short of 18; July 2008 is fine.
TOO_YOUNG = rules.build_nip(dt.date(1990, 6, 15), dt.date(2008, 6, 1), Gender.MALE, 7)
OLD_ENOUGH = rules.build_nip(dt.date(1990, 6, 15), dt.date(2008, 7, 1), Gender.MALE, 7)


def test_full_dates_not_years():
    assert parse_nip(OLD_ENOUGH, today=TODAY).cpns_start == dt.date(2008, 7, 1)
    with pytest.raises(NipError) as error:
        parse_nip(TOO_YOUNG, today=TODAY)
    assert error.value.part == "cpns_start"
    assert "berusia 18 tahun (lahir 15-06-1990)" in str(error.value)


def test_born_on_the_first_of_the_month_may_start_that_month():
    nip = rules.build_nip(dt.date(1990, 6, 1), dt.date(2008, 6, 1), Gender.FEMALE, 1)
    assert parse_nip(nip, today=TODAY).gender == Gender.FEMALE


def test_a_leap_day_birthday_comes_on_the_first_of_march():
    born = dt.date(1988, 2, 29)
    assert rules.age_on(born, dt.date(2006, 2, 28)) == 17
    assert rules.age_on(born, dt.date(2006, 3, 1)) == 18
    assert not rules.entry_age_ok(born, dt.date(2006, 2, 1))
    assert rules.entry_age_ok(born, dt.date(2006, 3, 1))


@given(
    birth=st.dates(min_value=dt.date(1960, 1, 1), max_value=dt.date(2006, 12, 31)),
    months=st.integers(16 * 12, 20 * 12),
)
def test_a_nip_parses_exactly_when_the_tmt_is_on_or_after_the_18th_birthday(birth, months):
    index = birth.year * 12 + birth.month - 1 + months
    cpns = dt.date(index // 12, index % 12 + 1, 1)
    nip = rules.build_nip(birth, cpns, Gender.MALE, 1)
    eighteenth = (
        dt.date(birth.year + 18, 3, 1) if (birth.month, birth.day) == (2, 29) else birth.replace(year=birth.year + 18)
    )
    future = cpns > TODAY.replace(day=1) + dt.timedelta(days=366)
    try:
        parse_nip(nip, today=TODAY)
    except NipError as error:
        assert future or (error.part == "cpns_start" and cpns < eighteenth)
    else:
        assert cpns >= eighteenth


@given(st.dates(min_value=dt.date(1950, 1, 1)), st.dates(min_value=dt.date(1950, 1, 1)))
def test_age_is_monotone_and_counts_whole_years(birth, day):
    age = rules.age_on(birth, day)
    assert rules.age_on(birth, day + dt.timedelta(days=1)) in (age, age + 1)
    assert day.year - birth.year - 1 <= age <= day.year - birth.year


# --------------------------------------------------------------------------- every path
@pytest.mark.django_db
def test_the_form_refuses_it_and_stores_nothing(client, cast):
    client.force_login(cast.admin)
    before = Employee.objects.count()
    response = client.post(
        reverse("org:employee_create"), {"nip": TOO_YOUNG, "name": "Budi", "status": "pns", "unit": cast.bidang.pk}
    )
    assert response.status_code == 200 and "berusia 18 tahun" in response.content.decode()
    assert Employee.objects.count() == before


@pytest.mark.django_db
def test_the_import_flags_the_row(cast):
    header = "NIP,NAMA,GELAR_DEPAN,GELAR_BELAKANG,STATUS_PEGAWAI,GOL_RUANG,UNOR_ID,JABATAN_NAMA,JENIS_JABATAN"
    content = f"{header}\r\n{TOO_YOUNG},Budi,,,PNS,II/a,{cast.bidang.code},Pengadministrasi,Pelaksana\r\n".encode()
    batch = imports.import_preview(
        instansi=cast.instansi, kind=ImportBatch.Kind.EMPLOYEES, content=content, filename="p.csv", by=cast.admin
    )
    messages = [render(m) for row in batch.summary["rows"] for _c, m in row["errors"]]
    assert any("berusia 18 tahun" in m for m in messages), batch.summary
    assert not Employee.objects.filter(nip=TOO_YOUNG).exists()


@pytest.mark.django_db
def test_the_api_answers_422(client, cast):
    response = client.post(
        "/api/v1/employees",
        {"nip": TOO_YOUNG, "name": "Budi", "unit_id": cast.bidang.pk},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {ApiToken.issue(cast.admin)[1]}",
    )
    assert response.status_code == 422 and "berusia 18 tahun" in str(response.json())
    assert not Employee.objects.filter(nip=TOO_YOUNG).exists()
    ok = client.post(
        "/api/v1/employees",
        {"nip": OLD_ENOUGH, "name": "Budi", "unit_id": cast.bidang.pk},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {ApiToken.issue(cast.admin)[1]}",
    )
    assert ok.status_code == 201
