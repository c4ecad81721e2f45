"""Security headers on every page: the Content-Security-Policy (django-csp) and the rest."""

import re

import pytest
from django.conf import settings
from django.urls import reverse

pytestmark = pytest.mark.django_db


def directives(response) -> dict[str, list[str]]:
    policy = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in policy.split(";") if part.strip()}


def test_pages_carry_a_policy_without_inline_scripts(client, cast):
    client.force_login(cast.pegawai)
    for url in (reverse("accounts:login"), reverse("core:home"), reverse("activities:home")):
        response = client.get(url, follow=True)
        assert response.status_code == 200
        policy = directives(response)
        assert policy["script-src"] == ["'self'"], url
        assert policy["default-src"] == ["'self'"]
        assert policy["object-src"] == ["'none'"] and policy["base-uri"] == ["'none'"]
        assert policy["frame-ancestors"] == ["'none'"] and policy["form-action"] == ["'self'"]
        assert not any("unsafe" in value for value in policy["style-src"])
        # ... and the headers that were already right stay.
        assert response["X-Frame-Options"] == "DENY"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Referrer-Policy"] == "same-origin"
        assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def test_the_api_answers_with_the_policy_too(client, cast):
    client.force_login(cast.pegawai)
    response = client.get("/api/v1/me")
    assert "script-src 'self'" in response["Content-Security-Policy"]


def test_the_public_pages_inline_stylesheet_is_allowed_by_its_nonce(client, cast):
    response = client.get(reverse("citizen:track"))
    nonce = re.search(r'<style nonce="([^"]+)">', response.content.decode()).group(1)
    assert f"'nonce-{nonce}'" in directives(response)["style-src"]
    # A new nonce for every response.
    assert nonce not in client.get(reverse("citizen:track"))["Content-Security-Policy"]


def test_htmx_is_told_not_to_inject_its_inline_indicator_styles(client, cast):
    client.force_login(cast.pegawai)
    html = client.get(reverse("core:home")).content.decode()
    assert '"includeIndicatorStyles": false' in html


def test_no_template_has_an_inline_script_or_event_handler():
    """What the policy would refuse in a browser, refused here at once for every template."""
    inline_script = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/(ld\+)?json\")[^>]*>", re.I)
    handler = re.compile(r"""<[^>]*\son[a-z]+\s*=\s*["']""", re.I)
    javascript_url = re.compile(r"""href\s*=\s*["']\s*javascript:""", re.I)
    offenders = []
    for root in [settings.BASE_DIR / "templates", *(settings.BASE_DIR / "kinerja").glob("*/templates")]:
        for path in root.rglob("*.html"):
            text = path.read_text()
            for pattern in (inline_script, handler, javascript_url):
                offenders += [
                    f"{path.relative_to(settings.BASE_DIR)}: {m.group(0)[:80]}" for m in pattern.finditer(text)
                ]
    assert offenders == []
