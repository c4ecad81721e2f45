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
