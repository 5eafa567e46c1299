from datetime import time, timedelta

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _
from django_tasks.base import Task

from vises.common.demo import DemoRun


def load_reference_data(sender: AppConfig, **kwargs: object) -> None:
    """Languages and education levels come from a data migration; a database flush (a
    transactional test ending, `vises flush`) removes them, so put them back afterwards."""
    from vises.people.models import EducationLevel, Language
    from vises.people.reference_data import reference_data_load

    if Language.objects.exists() and EducationLevel.objects.exists():
        return
    reference_data_load(language_model=Language, education_level_model=EducationLevel)


def _people_retention() -> Task:
    from vises.people.tasks import retention_anonymise

    return retention_anonymise


def _import_files_purge() -> Task:
    from vises.people.tasks import import_files_purge

    return import_files_purge


def _erasures_reconcile() -> Task:
    from vises.people.tasks import erasures_reconcile

    return erasures_reconcile


def _referrer_emails_expire() -> Task:
    from vises.people.tasks import referrer_emails_expire

    return referrer_emails_expire


def _demo_load(run: DemoRun) -> None:
    from django.utils.translation import gettext

    from vises.people import demo

    people = demo.load(partnership=run.partnership, size=run.size, seed=run.seed)
    if people.persons:
        run.report.append(
            gettext("%(count)s demo persons added to the register.") % {"count": people.persons}
        )


class PeopleConfig(AppConfig):
    name = "vises.people"
    label = "people"
    verbose_name = _("People")

    def ready(self) -> None:
        from vises.common import demo, navigation, scheduler
        from vises.partnerships.access import Perm
        from vises.people import (
            panels,
            privacy,  # noqa: F401  (field declarations and sections)
        )

        post_migrate.connect(load_reference_data, sender=self, dispatch_uid="people_reference")
        scheduler.register(scheduler.DailyJob("people.retention", time(3, 30), _people_retention))
        scheduler.register(
            scheduler.DailyJob(
                "people.referrer_emails_expire", time(3, 40), _referrer_emails_expire
            )
        )
        scheduler.register(
            scheduler.IntervalJob(
                "people.import_files_purge", timedelta(hours=1), _import_files_purge
            )
        )
        scheduler.register(
            scheduler.IntervalJob(
                "people.erasures_reconcile", timedelta(minutes=5), _erasures_reconcile
            )
        )
        navigation.register(
            navigation.NavEntry(40, _("People"), "people_list", Perm.VIEW_PERSONAL_DATA)
        )
        navigation.register(
            navigation.NavEntry(
                95, _("Consent texts"), "people_consent_texts", Perm.MANAGE_CONSENT_TEXTS
            )
        )
        panels.register()
        demo.register_step(demo.DemoStep(20, "people", _demo_load))
