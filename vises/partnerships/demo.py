"""Demo data of this app: the real Vi Ses! partnership from the signed agreement, and one
demo user per role (DESIGN §9).

"Linköpings Kommun (hädanefter Kommunen), organisationsnummer: 212000-0449, genom
arbetsmarknadsnämnden, och Linköpings södra rödakorskrets (hädanefter Röda Korset),
organisationsnummer: 822002-1318, ingår härmed ett idéburet offentligt partnerskap; Vi Ses!"
(seeds/001_4c89f7ac864d56f0.txt)
"""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from vises.accounts.services import password_user_ensure
from vises.common import audit
from vises.common.demo import DemoRun
from vises.partnerships.access import Role
from vises.partnerships.data import LINKOPING_DISTRICTS, OTHER_DISTRICT
from vises.partnerships.models import Membership, Organisation, Partnership
from vises.partnerships.services import districts_seed

DEMO_SLUG = "vi-ses"

DEMO_USERS: list[tuple[str, str, str, str]] = [
    # (username, role, first name, last name)
    ("demo-coordinator", Role.COORDINATOR, "Sara", "Lindqvist"),
    ("demo-manager", Role.MANAGER, "Johan", "Berg"),
    ("demo-municipal", Role.MUNICIPAL, "Eva", "Holm"),
    ("demo-volunteer", Role.VOLUNTEER, "Amina", "Yusuf"),
    ("demo-company", Role.COMPANY, "Per", "Ek"),
    ("demo-admin", Role.ADMIN, "Ali", "Karimi"),
]


@transaction.atomic
def load(*, size: str = "small", seed: int = 0) -> Partnership:
    """Create or update the partnership, its parties and the demo users (idempotent)."""
    municipality, _created = Organisation.objects.update_or_create(
        org_number="212000-0449",
        defaults={"name": "Linköpings kommun", "kind": Organisation.Kind.MUNICIPALITY},
    )
    red_cross, _created = Organisation.objects.update_or_create(
        org_number="822002-1318",
        defaults={"name": "Linköpings södra rödakorskrets", "kind": Organisation.Kind.NONPROFIT},
    )
    partnership, created = Partnership.objects.update_or_create(
        slug=DEMO_SLUG,
        defaults={
            "name": "Vi Ses!",
            "public_authority": municipality,
            "authority_body": "arbetsmarknadsnämnden",
            "organisation": red_cross,
        },
    )
    if created:
        audit.log(
            "system:demo", "partnerships.partnership.created", partnership, fields=["name", "slug"]
        )
    districts_seed(
        partnership=partnership,
        names=LINKOPING_DISTRICTS,
        other=OTHER_DISTRICT,
        actor="system:demo",
    )
    for username, role, first_name, last_name in DEMO_USERS:
        user = password_user_ensure(
            username=username,
            email=f"{username}@example.org",
            first_name=first_name,
            last_name=last_name,
            password=settings.VISES_DEMO_PASSWORD,
        )
        Membership.objects.update_or_create(
            user=user, partnership=partnership, defaults={"role": role, "is_active": True}
        )
    return partnership


def demo_step(run: DemoRun) -> None:
    """The first step of `vises demo`: the partnership every later step fills."""
    run.partnership = load(size=run.size, seed=run.seed)
    run.report.append(_("Demo data loaded for %(name)s.") % {"name": run.partnership.name})


def demo_has_data() -> bool:
    return Partnership.objects.exists()


def demo_logins() -> list[str]:
    return [f"  {username:<18} {role}" for username, role, _first, _last in DEMO_USERS]
