"""Email settings come from the environment and fail fast, like every other setting."""

from tests.security.test_deploy_settings import manage, production_env


def test_production_settings_refuse_to_start_without_a_site_url_for_email_links():
    env = production_env()
    env.pop("SITE_URL", None)

    result = manage("check", env=env)

    assert result.returncode != 0
    assert "SITE_URL is required unless DEBUG is on" in result.stderr


def test_production_settings_send_email_over_smtp_to_the_configured_relay():
    env = production_env(
        SITE_URL="https://sendplan.example.gov.uk", EMAIL_HOST="smtp.example.gov.uk"
    )
    code = (
        "from django.conf import settings as s;"
        "print(s.EMAIL_BACKEND, s.EMAIL_HOST, s.EMAIL_PORT, s.SITE_URL)"
    )

    result = manage("shell", "-c", code, env=env)

    assert result.stdout.splitlines()[-1].split() == [
        "django.core.mail.backends.smtp.EmailBackend",
        "smtp.example.gov.uk",
        "25",
        "https://sendplan.example.gov.uk",
    ], result.stderr
