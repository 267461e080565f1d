"""The production settings pass Django's deployment checks, and passwords are stored well.

`manage.py check --deploy` runs in a subprocess with the environment a real deployment
has (sendplan.settings, not the test settings): DEBUG off, a long random SECRET_KEY,
ALLOWED_HOSTS set, and nothing else.
"""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth.hashers import check_password, identify_hasher, make_password
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from governance.demo import DEMO_PASSWORD
from sendplan import settings as production

ROOT = Path(__file__).resolve().parents[2]
# The test settings and the browser fixtures set these in os.environ for the test
# process (DJANGO_ALLOW_ASYNC_UNSAFE among them); a deployment has none of them.
TEST_ONLY = {"SECURE_COOKIES", "SECURE_SSL_REDIRECT", "SECRET_KEY", "DEBUG"}


def production_env(**extra):
    env = {
        k: v for k, v in os.environ.items() if k not in TEST_ONLY and not k.startswith("DJANGO_")
    }
    env.update(
        DJANGO_SETTINGS_MODULE="sendplan.settings",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="sendplan.example.gov.uk",
        **extra,
    )
    return env


def manage(*args, env):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_check_deploy_passes_with_no_warnings_under_the_production_settings():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=production_env())
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout
    assert "WARNING" not in result.stdout + result.stderr


def test_check_deploy_fails_when_a_protection_is_switched_off():
    # The same check, with cookies allowed over plain http: it must notice.
    result = manage(
        "check", "--deploy", "--fail-level", "WARNING", env=production_env(SECURE_COOKIES="false")
    )
    assert result.returncode != 0
    assert "security.W012" in result.stderr  # SESSION_COOKIE_SECURE


def test_production_without_a_secret_key_refuses_to_start():
    env = production_env()
    del env["SECRET_KEY"]
    result = manage("check", env=env)
    assert result.returncode != 0
    assert "SECRET_KEY is required unless DEBUG is on" in result.stderr


@pytest.mark.parametrize("name", ["SESSION_IDLE_MINUTES", "SIGN_IN_FAILURE_LIMIT"])
def test_a_bad_number_in_a_security_variable_stops_start_up_naming_it(name):
    result = manage("check", env=production_env(**{name: "thirty"}))
    assert result.returncode != 0
    assert f"{name} must be a whole number, not 'thirty'" in result.stderr


def test_production_stores_passwords_with_argon2():
    code = (
        "import django; django.setup(); from django.conf import settings; "
        "from django.contrib.auth.hashers import make_password; "
        "print(settings.PASSWORD_HASHERS[0]); print(make_password('correct horse battery staple'))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=production_env(),
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    hasher, encoded = result.stdout.strip().splitlines()[-2:]
    assert hasher == "django.contrib.auth.hashers.Argon2PasswordHasher"
    assert encoded.startswith("argon2$argon2id$")


def test_argon2_hashes_verify_and_a_wrong_password_does_not(settings):
    settings.PASSWORD_HASHERS = production.PASSWORD_HASHERS  # the tests' own use MD5, for speed
    encoded = make_password("correct horse battery staple", hasher="argon2")
    assert identify_hasher(encoded).algorithm == "argon2"
    assert check_password("correct horse battery staple", encoded)
    assert not check_password("correct horse battery stapler", encoded)


@pytest.mark.parametrize(
    "password, problem",
    [
        ("Tr0ub4dor&3", "at least 12 characters"),
        ("password1234", "too common"),
        ("839274619283", "entirely numeric"),
    ],
)
def test_short_common_or_numeric_passwords_are_refused(db, password, problem):
    with pytest.raises(ValidationError) as refused:
        validate_password(password)
    assert any(problem in message for message in refused.value.messages)


def test_the_suites_password_and_the_demo_password_are_long_enough(db):
    validate_password("correct horse battery staple")
    validate_password(DEMO_PASSWORD)
