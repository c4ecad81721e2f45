import pytest
from django.urls import reverse

from kinerja.accounts.models import ApiToken
from kinerja.notifications import services
from kinerja.notifications.models import Kind, Notification, Preference

pytestmark = pytest.mark.django_db


def auth(user):
    return {"HTTP_AUTHORIZATION": f"Bearer {ApiToken.issue(user)[1]}"}


def test_the_navigation_shows_the_unread_count(client, cast):
    for n in range(3):
        services.notify(cast.pegawai, Kind.GENERAL, text=f"Pesan {n}")
    client.force_login(cast.pegawai)
    link = '<span class="me-auto">Notifikasi</span>\n            <span class="badge rounded-pill bg-danger">3<'
    assert link in client.get(reverse("core:home")).content.decode()
    services.notifications_read_all(user=cast.pegawai)
    assert link not in client.get(reverse("core:home")).content.decode()


def test_the_list_shows_only_the_users_own_with_a_fixed_query_count(client, cast, django_assert_num_queries):
    services.notify(cast.atasan, Kind.GENERAL, text="Untuk atasan")
    client.force_login(cast.pegawai)
    client.get(reverse("notifications:list"))
    for n in range(40):
        services.notify(cast.pegawai, Kind.COMMENT, text=f"Pesan {n}")
    # 1 session, 2 user, 3 instansi (time zone), 4 the menu (roles and counts, unread included),
    # 5 page count, 6 page rows: whatever the number of rows.
    with django_assert_num_queries(6):
        html = client.get(reverse("notifications:list")).content.decode()
    assert "Pesan 39" in html and "Untuk atasan" not in html
    assert "Halaman 1 dari 2" in html


def test_opening_one_marks_it_read_and_goes_to_its_page(client, cast):
    note = services.notify(cast.pegawai, Kind.SKP_APPROVED, text="SKP disetujui", url="/skp/")
    client.force_login(cast.pegawai)
    response = client.post(reverse("notifications:read", args=[note.pk]))
    assert response.status_code == 302 and response["Location"] == "/skp/"
    assert Notification.objects.get(pk=note.pk).read_at is not None


def test_a_foreign_address_is_never_followed(client, cast):
    note = services.notify(cast.pegawai, Kind.GENERAL, text="x", url="https://evil.example/")
    client.force_login(cast.pegawai)
    response = client.post(reverse("notifications:read", args=[note.pk]))
    assert response["Location"] == reverse("notifications:list")


@pytest.mark.parametrize("who", ["atasan", "admin", "pimpinan"])
def test_nobody_else_opens_or_marks_it(client, cast, other, who):
    note = services.notify(cast.pegawai, Kind.GENERAL, text="x")
    for user in (getattr(cast, who), other.admin):
        client.force_login(user)
        assert client.post(reverse("notifications:read", args=[note.pk])).status_code == 404
        assert client.post(f"/api/v1/notifications/{note.pk}/read", **auth(user)).status_code == 404
    assert Notification.objects.get(pk=note.pk).read_at is None


def test_read_all_and_get_are_post_only(client, cast):
    services.notify(cast.pegawai, Kind.GENERAL, text="x")
    client.force_login(cast.pegawai)
    assert client.get(reverse("notifications:read_all")).status_code == 405
    client.post(reverse("notifications:read_all"))
    assert not Notification.objects.filter(read_at__isnull=True).exists()


def test_the_old_address_redirects(client, cast):
    client.force_login(cast.pegawai)
    assert client.get("/kegiatan/notifikasi/")["Location"] == reverse("notifications:list")


def test_the_preferences_page_saves_the_choice(client, cast):
    client.force_login(cast.pegawai)
    html = client.get(reverse("notifications:preferences")).content.decode()
    assert "SKP disetujui" in html and "belum memiliki alamat surel" in html
    data = {f"{kind}__in_app": "on" for kind in Kind.values} | {f"{kind}__email": "on" for kind in Kind.values}
    del data["comment__email"]
    response = client.post(reverse("notifications:preferences"), data)
    assert response.status_code == 302
    assert list(Preference.objects.values_list("user_id", "kind", "in_app", "email")) == [
        (cast.pegawai.pk, "comment", True, False)
    ]


def test_anonymous_users_go_to_the_login(client):
    for name in ("notifications:list", "notifications:preferences"):
        assert client.get(reverse(name))["Location"].startswith("/akun/masuk/")


def test_the_api_lists_counts_reads_and_sets_preferences(client, cast):
    note = services.notify(cast.pegawai, Kind.COMPLAINT_ASSIGNED, text="Pengaduan ABCD-2345")
    services.notify(cast.atasan, Kind.GENERAL, text="bukan untuk pegawai")
    headers = auth(cast.pegawai)
    listed = client.get("/api/v1/notifications", **headers).json()
    assert [item["text"] for item in listed["items"]] == ["Pengaduan ABCD-2345"]
    assert client.get("/api/v1/notifications/unread", **headers).json() == {"unread": 1}
    assert client.post(f"/api/v1/notifications/{note.pk}/read", **headers).json()["read_at"]
    assert client.get("/api/v1/notifications/unread", **headers).json() == {"unread": 0}
    response = client.put(
        "/api/v1/notifications/preferences",
        [{"kind": "sla_due", "in_app": True, "email": False}],
        content_type="application/json",
        **headers,
    )
    assert response.status_code == 200
    assert {
        "kind": "sla_due",
        "label": "Batas waktu layanan pengaduan hampir lewat",
        "in_app": True,
        "email": False,
    } in (response.json())
    bad = client.put(
        "/api/v1/notifications/preferences",
        [{"kind": "nope", "in_app": True, "email": False}],
        content_type="application/json",
        **headers,
    )
    assert bad.status_code == 422
    assert list(Preference.objects.values_list("kind", flat=True)) == ["sla_due"]


def test_the_api_needs_a_login(client):
    assert client.get("/api/v1/notifications").status_code == 401
