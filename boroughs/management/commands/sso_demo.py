"""python manage.py sso_demo: set up single sign-on through the local test provider.

For a newcomer's demo only (`SSO_DEMO=1 bin/run`): refuses to run unless DEBUG is on.
Makes the provider "demo" with three rules over the demo's local areas, and writes the
configuration tests/oidc/provider.mjs starts from, with its invented people.
"""

import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from boroughs.models import Borough, Role
from boroughs.sso_accounts import identity_provider_set_up

PASSWORD = "sendplan-demo"  # noqa: S105 (the demo's published password, README.md)


def _person(email, name, groups=(), amr=("pwd",)):
    return {
        "password": PASSWORD,
        "email": email,
        "email_verified": True,
        "name": name,
        "groups": list(groups),
        "amr": list(amr),
    }


# Invented people, for the demo only.
PEOPLE = {
    "hackney-officer": _person("officer@hackney.demo.test", "Hana Officer (demo)"),
    "icb-member": _person(
        "member@icb.demo.test", "Ike Member (demo)", groups=["send-board"], amr=("pwd", "mfa")
    ),
    "stranger": _person("someone@elsewhere.demo.test", "Sol Stranger (demo)"),
}


class Command(BaseCommand):
    help = "Set up single sign-on through the local test provider (demo only; needs DEBUG)."

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=8010, help="The provider's port")
        parser.add_argument("--site", default="http://127.0.0.1:8000", help="sendplan's address")
        parser.add_argument("--write-config", required=True, help="Where to write its JSON")

    def handle(self, *args, port, site, write_config, **options):
        if not settings.DEBUG:
            raise CommandError("sso_demo is for a local demo only: run it with DEBUG on.")
        boroughs = {b.slug: b for b in Borough.objects.filter(slug__in=["hackney", "hillingdon"])}
        if len(boroughs) < 2:
            raise CommandError("Load the demo first (manage.py load_demo): no Hackney/Hillingdon.")
        issuer = f"http://127.0.0.1:{port}"
        identity_provider_set_up(
            key="demo",
            name="the demo identity provider",
            discovery_url=f"{issuer}/.well-known/openid-configuration",
            client_id="sendplan-demo",
            email_domains="hackney.demo.test, icb.demo.test, elsewhere.demo.test",
            rules=[
                {
                    "borough": boroughs["hackney"],
                    "email_domain": "hackney.demo.test",
                    "role": Role.EDITOR,
                },
                {"borough": boroughs["hillingdon"], "group": "send-board", "role": Role.VIEWER},
            ],
        )
        sites = {site.rstrip("/"), site.rstrip("/").replace("127.0.0.1", "localhost")}
        config = {
            "port": port,
            "client_id": "sendplan-demo",
            "client_secret": settings.SSO_CLIENT_SECRETS.get("DEMO", ""),
            "redirect_uris": [f"{s}/sign-in/sso/demo/callback/" for s in sorted(sites)],
            "post_logout_redirect_uris": [f"{s}/sign-in/" for s in sorted(sites)],
            "users": PEOPLE,
        }
        if not config["client_secret"]:
            raise CommandError("Set SSO_DEMO_CLIENT_SECRET (bin/run does).")
        Path(write_config).write_text(json.dumps(config, indent=2))
        self.stdout.write(f"Single sign-on demo: provider at {issuer}, people: {', '.join(PEOPLE)}")
