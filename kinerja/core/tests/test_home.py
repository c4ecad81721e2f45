import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_admin_home_shows_what_to_fix(client, cast):
    client.force_login(cast.admin)
    body = client.get(reverse("core:home")).content.decode()
    assert "Yang perlu dibereskan" in body and "tanpa atasan langsung" in body


def test_an_atasan_home_lists_direct_subordinates(client, cast):
    client.force_login(cast.atasan)
    body = client.get(reverse("core:home")).content.decode()
    assert "Bawahan langsung" in body and "Staf Bidang" in body


def test_a_pegawai_without_supervisor_is_told_to_ask_for_one(client, cast):
    client.force_login(cast.outsider_user)
    assert "belum tercatat" in client.get(reverse("core:home")).content.decode()


def test_the_pimpinan_sees_the_instansi_summary(client, cast):
    client.force_login(cast.pimpinan)
    assert "Ringkasan pegawai instansi" in client.get(reverse("core:home")).content.decode()


def test_healthz(client, db):
    assert client.get("/healthz").json() == {"status": "ok"}


def test_the_home_page_tells_an_employee_to_write_their_skp(client, cast, period):
    client.force_login(cast.pegawai)
    body = client.get(reverse("core:home")).content.decode()
    assert "Susun SKP tahun 2026" in body


def test_the_home_page_tells_the_evaluator_what_waits(client, cast, period):
    from kinerja.skp import services

    skp = services.skp_create(employee=cast.employee, period=period, by=cast.pegawai)
    rhk = services.rhk_save(skp=skp, text="X", kind="utama", own_initiative=True)
    services.indicator_save(rhk=rhk, text="Y", aspect="kuantitas", target="1", target_unit="x", direction="higher")
    services.skp_submit(skp=skp, by=cast.pegawai)
    client.force_login(cast.atasan)
    assert "1 SKP bawahan menunggu keputusan Anda" in client.get(reverse("core:home")).content.decode()
