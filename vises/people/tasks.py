"""Background tasks of the people register."""

from __future__ import annotations

from django.utils import timezone
from django_tasks import task

from vises.people.services.privacy import retention_apply


@task()
def retention_anonymise() -> int:
    """Daily: anonymise persons with no activity for their partnership's retention period
    (DESIGN §6). Returns how many were anonymised."""
    return retention_apply(now=timezone.now(), actor="system:retention")


@task()
def import_files_purge() -> int:
    """Hourly: delete uploaded import files older than 24 hours (personal data is kept no
    longer than the import needs it). Returns how many were deleted."""
    from vises.people.services.import_files import import_files_purge as purge

    return purge()


@task()
def erasures_reconcile() -> int:
    """Every 5 minutes: finish erasures that a crash or an error interrupted (their intent is
    journalled, their end is not). Returns how many were finished."""
    from vises.people.services.privacy import erasures_reconcile as reconcile

    return reconcile()


@task()
def referrer_emails_expire() -> int:
    """Daily: blank the work e-mail of referrers whose referral is older than the retention
    of services/referrals.py. Returns how many were blanked."""
    from vises.people.services.referrals import referrer_emails_expire as expire

    return expire()
