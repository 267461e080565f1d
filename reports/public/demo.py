"""The demo's public page: one borough's plan published, and a co-production partner.

Run after governance's demo (manage.py load_public_demo, which bin/run calls). Hillingdon
reviews its updates and has one waiting, one returned, one approved in its open round,
so its public page shows that none of them reach the public. Idempotent.
"""

from django.contrib.auth import get_user_model

from actions.models import Plan
from boroughs.models import Borough, Membership, Role
from governance.demo import DEMO_PASSWORD
from reports.public import services

BOROUGH, PLAN = "hillingdon", "send-strategy"
PARTNER = f"{BOROUGH}-partner"


def load_public_demo():
    """Publish the plan and make the partner login; returns the plan, or None when the
    demo is not loaded."""
    plan = Plan.objects.filter(borough__slug=BOROUGH, slug=PLAN).select_related("borough").first()
    if plan is None:
        return None
    admin = get_user_model().objects.filter(username=f"{BOROUGH}-admin").first()
    services.publication_set(plan=plan, user=admin, published=True)
    User = get_user_model()
    partner = User.objects.filter(username=PARTNER).first()
    if partner is None:
        partner = User.objects.create_user(
            PARTNER,
            f"{PARTNER}@example.org",
            DEMO_PASSWORD,
            first_name="Priya",
            last_name="Forum",
        )
    borough = Borough.objects.get(slug=BOROUGH)
    Membership.objects.update_or_create(
        user=partner, borough=borough, defaults={"role": Role.PARTNER}
    )
    return plan
