"""The Vi Ses! parties, agreement and invoice address for the invoice tests."""

from __future__ import annotations

from vises.partnerships.models import Agreement, Organisation, Partnership
from vises.partnerships.tests.factories import agreement_for

BUYER = ("Linköpings kommun", "212000-0449")
SELLER = ("Linköpings södra rödakorskrets", "822002-1318")
INVOICE_ADDRESS = "Linköpings kommun\nScanningscentralen 150Z\n581 81 Linköping"


def vises_agreement(partnership: Partnership, *, extensions: int = 2) -> Agreement:
    """The partnership with the real parties and the agreement with its invoice address."""
    Organisation.objects.filter(pk=partnership.public_authority_id).update(
        name=BUYER[0], org_number=BUYER[1], kind=Organisation.Kind.MUNICIPALITY
    )
    Organisation.objects.filter(pk=partnership.organisation_id).update(
        name=SELLER[0], org_number=SELLER[1]
    )
    partnership.refresh_from_db()
    partnership.public_authority.refresh_from_db()
    partnership.organisation.refresh_from_db()
    agreement = agreement_for(partnership, extensions=extensions)
    agreement.title = "Vi Ses! – Idéburet Offentligt Partnerskap"
    agreement.invoice_address = INVOICE_ADDRESS
    agreement.save()
    return agreement
