"""Error pages speak the site's language and layout, say what happened and what to do."""

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory, override_settings
from django.urls import reverse
from django.utils import translation
from django.views import defaults

pytestmark = pytest.mark.django_db


@override_settings(DEBUG=False)
def test_404_is_in_the_layout_and_says_what_to_do(client, cast):
    client.force_login(cast.pegawai)
    response = client.get("/tidak-ada/")
    body = response.content.decode()
    assert response.status_code == 404
    assert "Halaman tidak ditemukan" in body and "Yang dapat Anda lakukan" in body
    assert 'id="sidebar"' in body  # the site's layout, with the menu


@override_settings(DEBUG=False)
def test_403_explains_roles_instead_of_django_bare_forbidden(client, cast):
    client.force_login(cast.pegawai)
    response = client.get(reverse("org:import_upload"))
    assert response.status_code == 403
    body = response.content.decode()
    assert "Anda tidak memiliki akses ke halaman ini" in body and "admin kepegawaian" in body


@override_settings(DEBUG=False)
def test_error_pages_follow_the_readers_language(client, cast):
    client.force_login(cast.pegawai)
    client.cookies["django_language"] = "en"
    body = client.get("/tidak-ada/").content.decode()
    assert "Page not found" in body


def test_500_renders_without_a_database_query(django_assert_num_queries):
    request = RequestFactory().get("/")
    with translation.override("id"), django_assert_num_queries(0):
        response = defaults.server_error(request)
    assert response.status_code == 500
    assert "Terjadi kesalahan di server" in response.content.decode()


@pytest.mark.parametrize("code", [400, 429])
def test_400_and_429_say_what_to_do(rf, code):
    with translation.override("id"):
        body = render_to_string(f"{code}.html", {"retry_minutes": 5}, request=rf.get("/"))
    assert f"Kode {code}" in body and "Yang dapat Anda lakukan" in body
