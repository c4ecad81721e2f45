"""Settings for the test suite: the real settings plus a fast password hasher."""

import os

os.environ.setdefault("DEBUG", "1")  # Django's test runner turns DEBUG off again; this keeps HTTPS redirects off
os.environ.setdefault("TESTING", "1")
os.environ.setdefault("CONN_MAX_AGE", "0")

from config.settings import *  # noqa: E402, F403

# Argon2 is the production hasher (asserted in a test); tests hash hundreds of passwords.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", *PASSWORD_HASHERS]  # noqa: F405
MEDIA_ROOT = BASE_DIR / "var" / "test-media"  # noqa: F405
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # noqa: F405
# Jobs run inside .enqueue() in tests, so a click ends with the job done.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
