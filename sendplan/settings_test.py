"""Settings for the test suite: the real settings, with test-only defaults.

Environment variables still win, so `DATABASE_URL=postgres://...` runs the suite
against PostgreSQL.
"""

import os

os.environ.setdefault("SECRET_KEY", "tests-only-not-a-secret")
# Browser tests talk to a live server over plain http.
os.environ.setdefault("SECURE_COOKIES", "false")
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
os.environ.setdefault("SITE_URL", "http://testserver")

from sendplan.settings import *  # noqa: E402, F403

# Hashing passwords properly is slow by design; tests make many users.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# django-axes stays on, so lock-out tests are real; its records live in the test
# database, which each test rolls back, so no test inherits another's failures.
# One folder per pytest-xdist worker, so parallel tests never share stored files.
MEDIA_ROOT = BASE_DIR / "var" / f"test-media-{os.environ.get('PYTEST_XDIST_WORKER', 'main')}"  # noqa: F405
# Tests serve static files from their sources; the hashed manifest is a production concern.
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_AUTOREFRESH = True
