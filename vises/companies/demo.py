"""Demo host companies for `vises demo`: eight invented Linköping workplaces (DESIGN §9).

The companies, their contacts and their addresses are made up; no name is a real
company's. Organisation numbers are valid by the checksum (python-stdnum) but taken from
the unused 502 series, which is no personal identity number (third digit ≥ 2) and not
the 556/559 series the Swedish Companies Registration Office gives limited companies;
one sole trader has none, as the register requires. Contacts get fictional phone numbers
(PTS's series for fiction, from its end so they do not meet the demo persons') and
example.org addresses.

Everything is written through the services (company_create, company_stage_set,
contact_create, contact_login_enable), so each step is validated and audited. The
`demo-company` user becomes the contact of the host of the demo's full café, so its
portal shows something. The size does not matter: `large` loads the same eight companies
(the large size is about the register, see vises.people.demo). A partnership that already
has companies is left alone, so `vises demo` can run again without doubling anything.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from stdnum import luhn

from vises.companies.models import Company, IndustrySection
from vises.companies.services import (
    PIPELINE,
    company_create,
    company_stage_set,
    contact_create,
    contact_login_enable,
)
from vises.partnerships.models import District, Partnership
from vises.people.demo import FICTIONAL_PHONES

ACTOR = "system:demo"
DEMO_COMPANY_USER = "demo-company"
Stage = Company.Stage


@dataclass(frozen=True)
class DemoCompany:
    name: str
    sni: str
    size: str
    district: str
    address: str
    stage: str
    next_step: str
    next_step_days: int | None  # from today; None: no date
    contact: tuple[str, str, str]  # first name, last name, title
    has_org_number: bool = True
    notes: str = ""


COMPANIES = (
    DemoCompany(
        "Östgöta Verkstad AB",
        "C",
        Company.SizeBand.MEDIUM,
        "Tornby",
        "Verkstadsgatan 12, 582 78 Linköping",
        Stage.RETURNING,
        "Boka höstens kafé",
        14,
        ("Per", "Ek", "HR-ansvarig"),
        notes="Vill gärna ha deltagare med erfarenhet av svets och montering.",
    ),
    DemoCompany(
        "Stångådalens Bygg AB",
        "F",
        Company.SizeBand.SMALL,
        "Skäggetorp",
        "Skäggetorpsvägen 40, 582 62 Linköping",
        Stage.HOSTED,
        "Följ upp med platschefen",
        7,
        ("Karin", "Holmberg", "Platschef"),
    ),
    DemoCompany(
        "Berga Omsorg AB",
        "Q",
        Company.SizeBand.MEDIUM,
        "Berga",
        "Bergavägen 7, 582 48 Linköping",
        Stage.AGREED,
        "Bekräfta datum och lokal",
        3,
        ("Lena", "Sandberg", "Enhetschef"),
    ),
    DemoCompany(
        "Rydsvägens Livs AB",
        "G",
        Company.SizeBand.SMALL,
        "Ryd",
        "Rydsvägen 100, 584 32 Linköping",
        Stage.AGREED,
        "Skicka information till de anställda",
        10,
        ("Mikael", "Lund", "Butikschef"),
    ),
    DemoCompany(
        "Valla Logistik AB",
        "H",
        Company.SizeBand.LARGE,
        "Valla",
        "Terminalvägen 3, 581 88 Linköping",
        Stage.CONTACTED,
        "Ring tillbaka efter ledningsgruppens möte",
        5,
        ("Johanna", "Wik", "Personalchef"),
    ),
    DemoCompany(
        "Linköpings Datakonsult AB",
        "J",
        Company.SizeBand.SMALL,
        "Innerstaden",
        "Storgatan 21, 582 23 Linköping",
        Stage.LEAD,
        "Skicka e-post med information om Vi Ses!",
        2,
        ("Anders", "Nyström", "VD"),
        notes="Hörde om kaféerna på en frukost hos Företagarna.",
    ),
    DemoCompany(
        "Tannefors Redovisning AB",
        "M",
        Company.SizeBand.MICRO,
        "Tannefors",
        "Industrigatan 8, 582 77 Linköping",
        Stage.DECLINED,
        "Fråga igen i vår",
        120,
        ("Sofia", "Engström", "Delägare"),
        notes="För få anställda på plats just nu.",
    ),
    DemoCompany(
        "Ek & Son Måleri",
        "F",
        Company.SizeBand.MICRO,
        "Lambohov",
        "Lambohovsleden 2, 583 31 Linköping",
        Stage.LEAD,
        "",
        None,
        ("Nils", "Ek", "Ägare"),
        has_org_number=False,
    ),
)
# The host whose contact the demo-company user becomes (it hosts the demo's full café).
PORTAL_COMPANY = "Östgöta Verkstad AB"


def org_number(rng: random.Random) -> str:
    """A made-up organisation number in the unused 502 series, valid by the Luhn checksum."""
    body = "502" + "".join(str(rng.randint(0, 9)) for _ in range(6))
    return f"{body[:6]}-{body[6:]}{luhn.calc_check_digit(body)}"


def _path(stage: str) -> list[str]:
    """The moves from lead to the stage, as the coordinator would have made them."""
    if stage == Stage.DECLINED:
        return [Stage.CONTACTED, Stage.DECLINED]
    return PIPELINE[1 : PIPELINE.index(stage) + 1]


def _mail_part(text: str) -> str:
    return text.lower().translate(str.maketrans("åäöé &", "aaoe--")).replace("--", "-")


@transaction.atomic
def load(*, partnership: Partnership, size: str = "small", seed: int = 0) -> list[Company]:
    """Create the demo companies with one contact each; nothing when the partnership
    already has companies. Returns the companies created."""
    del size  # the same companies for every size (module docstring)
    if Company.objects.filter(partnership=partnership).exists():
        return []
    rng = random.Random(seed)  # noqa: S311 - synthetic data, repeatable by seed
    districts = {d.name: d for d in District.objects.filter(partnership=partnership)}
    sections = {s.code: s for s in IndustrySection.objects.all()}
    today = timezone.localdate()
    portal_user = get_user_model().objects.filter(username=DEMO_COMPANY_USER).first()
    created: list[Company] = []
    for number, demo in enumerate(COMPANIES):
        company = company_create(
            partnership=partnership,
            actor=ACTOR,
            name=demo.name,
            org_number=org_number(rng) if demo.has_org_number else "",
            industry=sections.get(demo.sni),
            size_band=demo.size,
            district=districts.get(demo.district),
            address=demo.address,
            next_step=demo.next_step,
            next_step_date=today + timedelta(days=demo.next_step_days)
            if demo.next_step_days is not None
            else None,
            notes=demo.notes,
        )
        for stage in _path(demo.stage):
            company = company_stage_set(company=company, stage=stage, actor=ACTOR)
        first, last, title = demo.contact
        domain = _mail_part(demo.name.split()[0])
        email = f"{_mail_part(first)}.{_mail_part(last)}@{domain}.example.org"
        if demo.name == PORTAL_COMPANY and portal_user is not None:
            first, last, email = portal_user.first_name, portal_user.last_name, portal_user.email
        contact = contact_create(
            company=company,
            actor=ACTOR,
            first_name=first,
            last_name=last,
            title=title,
            email=email,
            phone=FICTIONAL_PHONES[-1 - number],
        )
        if demo.name == PORTAL_COMPANY and portal_user is not None:
            # The real service: a verified address for login by code, and the company role.
            contact_login_enable(contact=contact, actor=ACTOR)
        created.append(company)
    return created
