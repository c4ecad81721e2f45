"""Static files as production collects them: the manifest storage with DEBUG off.

The suite itself runs with the plain storage (TESTING), so a file the manifest storage cannot
process (a dangling ``sourceMappingURL``, a ``url()`` to a missing file) would only show on a
real deployment: every page would then answer 500. This runs ``collectstatic`` with DEBUG off and
the manifest storage of production, without its compression (half a minute of brotli, which CI's
deploy/smoke.sh runs with the README's recipe, word for word).
"""

import json
import os
import subprocess
import sys

from django.conf import settings


def test_collectstatic_with_debug_off_builds_the_manifest(tmp_path):
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DEBUG": "0",
        "TESTING": "0",
        "SECRET_KEY": "ci-only-" + "s" * 60,
        "ALLOWED_HOSTS": "kinerja.example.go.id",
        "STATIC_ROOT": str(tmp_path / "static"),
        "DJANGO_SETTINGS_MODULE": "config.settings",
    }
    # Production's storage without the compression step (its post-processing is the manifest's).
    script = (
        "import django; from django.conf import settings; "
        "settings.STORAGES['staticfiles'] = "
        "{'BACKEND': 'django.contrib.staticfiles.storage.ManifestStaticFilesStorage'}; "
        "django.setup(); from django.core.management import call_command; "
        "call_command('collectstatic', interactive=False, verbosity=0)"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    manifest = json.loads((tmp_path / "static" / "staticfiles.json").read_text())
    for name in ("vendor/bootstrap.min.css", "vendor/bootstrap.bundle.min.js", "vendor/htmx.min.js", "css/kinerja.css"):
        hashed = manifest["paths"][name]
        assert hashed != name and (tmp_path / "static" / hashed).is_file()


def test_vendor_files_point_at_no_missing_source_map():
    vendor = settings.BASE_DIR / "kinerja" / "static" / "vendor"
    for path in vendor.iterdir():
        text = path.read_text()
        if "sourceMappingURL=" in text:
            target = text.rsplit("sourceMappingURL=", 1)[1].split()[0]
            assert (vendor / target).is_file(), f"{path.name} points at {target}, which is not shipped"


def test_the_favicon_browsers_ask_for_is_served(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert b"".join(response.streaming_content)[:4] == b"\x00\x00\x01\x00"  # an .ico file


def test_no_page_or_asset_names_a_cdn():
    """Remote offices have poor links: every asset is served from our own static files, and no
    vendor file keeps a CDN address as a fallback (workbox-sw's default module path is ours)."""
    import re

    from django.conf import settings

    cdn = re.compile(r"https?://(cdn\.|unpkg\.com|cdnjs\.|[\w.]*jsdelivr|storage\.googleapis\.com|fonts\.g)")
    roots = [settings.BASE_DIR / "templates", settings.BASE_DIR / "kinerja" / "static"]
    found = [
        str(path)
        for root in roots
        for path in root.rglob("*")
        if path.suffix in {".html", ".js", ".css"} and cdn.search(path.read_text(errors="ignore"))
    ]
    assert found == []


def test_the_api_docs_page_loads_no_remote_validator(client):
    """Swagger UI's default fetches a badge from validator.swagger.io on a public host name."""
    import json as _json

    page = client.get("/api/v1/docs", HTTP_HOST="localhost").content.decode()
    settings_json = page.split('id="swagger-settings">', 1)[1].split("</script>", 1)[0]
    assert _json.loads(settings_json)["validatorUrl"] is None
    assert "validator.swagger.io" not in page
