"""Demo data of this app: the real Vi Ses! partnership from the signed agreement, and one
demo user per role (DESIGN §9).

"Linköpings Kommun (hädanefter Kommunen), organisationsnummer: 212000-0449, genom
arbetsmarknadsnämnden, och Linköpings södra rödakorskrets (hädanefter Röda Korset),
organisationsnummer: 822002-1318, ingår härmed ett idéburet offentligt partnerskap; Vi Ses!"
(seeds/001_4c89f7ac864d56f0.txt)

The agreement: "Överenskommelsen gäller från och med den 1 januari 2022 till och med den 31
december 2023 med möjlighet till förlängning ytterligare två (2) gånger två (2) år", signed
"För Linköpings Kommun … Helena Paulsson, avdelningschef, Arbetsmarknad och Integration" and
"För Linköpings södra rödakorskrets … Kerstin Aldstedt, ordförande". The seed text leaves
"Ort och datum" blank, so the signing day below is the demo's assumption (before the start),
as are the dates of the two extension decisions (each in the autumn before its period).
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from vises.accounts.services import password_user_ensure
from vises.common import audit
from vises.common.demo import DemoRun
from vises.partnerships.access import Role
from vises.partnerships.data import LINKOPING_DISTRICTS, OTHER_DISTRICT
from vises.partnerships.models import Agreement, Membership, Organisation, Partnership
from vises.partnerships.services import agreement_create, agreement_extend, districts_seed

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
    agreement_load(partnership)
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


AGREEMENT_SIGNED_ON = date(2021, 12, 15)  # assumed: the seed's "Ort och datum" is blank
EXTENSION_DECISIONS = [date(2023, 10, 17), date(2025, 10, 21)]  # assumed, autumn before each


INVOICE_ADDRESS = "Linköpings kommun\nScanningscentralen 150Z\n581 81 Linköping"


def agreement_load(partnership: Partnership) -> Agreement:
    """The signed agreement with both extensions exercised, so the programme runs in 2026
    (idempotent: an existing agreement is kept, missing extensions are added)."""
    agreement = Agreement.objects.filter(partnership=partnership).first()
    if agreement is None:
        agreement = agreement_create(
            partnership=partnership,
            title="Vi Ses! - Idéburet Offentligt Partnerskap mellan Linköpings Kommun och "
            "Röda Korset",
            signed_on=AGREEMENT_SIGNED_ON,
            authority_signatory="Helena Paulsson, avdelningschef, Arbetsmarknad och Integration",
            organisation_signatory="Kerstin Aldstedt, ordförande, Linköpings södra rödakorskrets",
            starts_on=date(2022, 1, 1),
            initial_ends_on=date(2023, 12, 31),
            extension_options=2,
            extension_years=2,
            actor="system:demo",
        )
    for decided_on in EXTENSION_DECISIONS[agreement.extensions.count() :]:
        agreement_extend(agreement=agreement, decided_on=decided_on, actor="system:demo")
    if not agreement.invoice_address:
        # "Faktura skickas en gång per år till: Linköpings kommun, Scanningscentralen 150Z,
        # 581 81 Linköping" (the agreement's "Ekonomi").
        agreement.invoice_address = INVOICE_ADDRESS
        agreement.save(update_fields=["invoice_address", "updated_at"])
    return agreement


def demo_step(run: DemoRun) -> None:
    """The first step of `vises demo`: the partnership every later step fills."""
    run.partnership = load(size=run.size, seed=run.seed)
    run.report.append(_("Demo data loaded for %(name)s.") % {"name": run.partnership.name})


def demo_has_data() -> bool:
    return Partnership.objects.exists()


def demo_logins() -> list[str]:
    return [f"  {username:<18} {role}" for username, role, _first, _last in DEMO_USERS]
