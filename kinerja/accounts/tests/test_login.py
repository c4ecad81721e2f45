import pytest
from django.conf import settings
from django.urls import reverse

from kinerja.accounts.models import ApiToken
from kinerja.org import services

pytestmark = pytest.mark.django_db
PASSWORD = "rahasia-123"


def test_production_hashes_passwords_with_argon2():
    from config import settings as production

    assert production.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")


def test_an_employee_logs_in_with_nip_even_with_spaces(client, cast):
    response = client.post(reverse("accounts:login"), {"username": cast.employee.nip_formatted, "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == reverse("core:home")


def test_a_wrong_password_gets_a_clear_message(client, cast):
    response = client.post(reverse("accounts:login"), {"username": cast.employee.nip, "password": "salah"})
    assert "NIP atau kata sandi salah" in response.content.decode()


def test_repeated_failures_lock_the_nip_out(client, cast):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("accounts:login"), {"username": cast.employee.nip, "password": "salah"})
    response = client.post(reverse("accounts:login"), {"username": cast.employee.nip, "password": PASSWORD})
    assert response.status_code == 429
    assert "Akun terkunci sementara" in response.content.decode()


def test_an_admin_reset_lifts_the_lockout_and_forces_a_new_password(client, cast):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("accounts:login"), {"username": cast.employee.nip, "password": "salah"})
    temporary = services.account_reset_password(user=cast.pegawai)
    response = client.post(reverse("accounts:login"), {"username": cast.employee.nip, "password": temporary})
    assert response.status_code == 302
    assert client.get(reverse("core:home"))["Location"] == reverse("accounts:password_change")
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": temporary, "new_password1": "Kinerja-Baru-2026", "new_password2": "Kinerja-Baru-2026"},
    )
    assert response.status_code == 302
    assert client.get(reverse("core:home")).status_code == 200


def test_sessions_expire():
    assert settings.SESSION_COOKIE_AGE <= 12 * 3600 and settings.SESSION_EXPIRE_AT_BROWSER_CLOSE


def test_api_token_from_nip_and_password(client, cast):
    response = client.post(
        "/api/v1/auth/token", {"nip": cast.employee.nip, "password": PASSWORD}, content_type="application/json"
    )
    assert response.status_code == 200
    key = response.json()["token"]
    me = client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {key}").json()
    assert me["username"] == cast.employee.nip and me["roles"] == ["pegawai"]
    assert ApiToken.objects.get(user=cast.pegawai).digest != key  # stored hashed


def test_api_token_refuses_bad_passwords_and_locks_out(client, cast):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        r = client.post(
            "/api/v1/auth/token", {"nip": cast.employee.nip, "password": "x"}, content_type="application/json"
        )
        assert r.status_code in (401, 429)
    r = client.post(
        "/api/v1/auth/token", {"nip": cast.employee.nip, "password": PASSWORD}, content_type="application/json"
    )
    assert r.status_code == 429


def test_a_bad_token_is_401(client, cast):
    assert client.get("/api/v1/me", HTTP_AUTHORIZATION="Bearer knj_nope").status_code == 401
