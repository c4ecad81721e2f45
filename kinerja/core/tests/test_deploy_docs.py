"""The README's production recipe and docs/operations.md are the one the smoke test runs, word for word."""

import re

from django.conf import settings


def production_block() -> str:
    script = (settings.BASE_DIR / "deploy" / "smoke.sh").read_text()
    match = re.search(r"# ---- BEGIN production\n(.*?)# ---- END production\n", script, re.S)
    assert match, "deploy/smoke.sh lost its production markers"
    return match.group(1)


def test_readme_quotes_the_smoke_tests_production_recipe():
    block = production_block()
    assert "collectstatic" in block and "migrate" in block and "gunicorn" in block
    readme = (settings.BASE_DIR / "README.md").read_text()
    assert f"```sh\n{block}```" in readme


def test_the_operations_guide_quotes_the_same_recipe():
    guide = (settings.BASE_DIR / "docs" / "operations.md").read_text()
    assert f"```sh\n{production_block()}```" in guide
    for command in ("manage.py backup", "manage.py restore", "SECRET_KEY_FALLBACKS", "journalctl"):
        assert command in guide
