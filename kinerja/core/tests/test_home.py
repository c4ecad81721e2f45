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
    assert "1 SKP bawahan menunggu persetujuan Anda" in client.get(reverse("core:home")).content.decode()


def _log(cast, period, n, day=None):
    import datetime as dt

    from django.utils import timezone

    from kinerja.activities import services

    day = day or timezone.localdate() - dt.timedelta(days=1)
    return [
        services.activity_create(
            employee=cast.employee, by=cast.pegawai, day=day, description=f"Pekerjaan nomor {i}", minutes=30
        )
        for i in range(n)
    ]


def test_the_todo_list_links_each_count_to_the_filtered_list(client, cast, period):
    from kinerja.activities import services

    first, *_rest = _log(cast, period, 3)
    services.activity_return(activity=first, by=cast.atasan, comment="Lengkapi bukti")
    client.force_login(cast.atasan)
    body = client.get(reverse("core:home")).content.decode()
    assert "2 kegiatan bawahan menunggu verifikasi Anda" in body
    assert 'href="/kegiatan/verifikasi/?status=submitted"' in body
    client.force_login(cast.pegawai)
    body = client.get(reverse("core:home")).content.decode()
    assert "1 kegiatan Anda dikembalikan atasan" in body and 'href="/kegiatan/?status=returned#my-log"' in body
    assert "Catat kegiatan hari ini" in body  # the phone home leads with logging today's work
    listed = client.get("/kegiatan/?status=returned").content.decode()
    assert "Pekerjaan nomor 0" in listed and "Pekerjaan nomor 1" not in listed


def test_the_menu_counts_cost_one_query_however_many_items_wait(client, cast, period, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(cast.atasan)
    _log(cast, period, 1)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("org:unit_tree"))
    _log(cast, period, 12)
    with CaptureQueriesContext(connection) as many:
        body = client.get(reverse("org:unit_tree")).content.decode()
    assert len(many) == len(few)
    assert ">13<" in body  # the badge beside "Verifikasi kegiatan"
    # the menu (roles and every count) is a single statement
    menu = [q["sql"] for q in many.captured_queries if "COUNT(*)" in q["sql"]]
    assert len(menu) == 1


def test_the_home_page_runs_a_fixed_number_of_queries(client, cast, period, django_assert_max_num_queries):
    client.force_login(cast.pegawai)
    _log(cast, period, 2)
    client.get(reverse("core:home"))
    with django_assert_max_num_queries(12):
        client.get(reverse("core:home"))
