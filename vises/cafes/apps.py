from datetime import timedelta

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django_tasks.base import Task

from vises.common.demo import DemoRun


def _cafe_reminders() -> Task:
    from vises.cafes.tasks import enqueue_due_reminders

    return enqueue_due_reminders


def _invitations_expire() -> Task:
    from vises.cafes.tasks import invitations_expire

    return invitations_expire


def _demo_load(run: DemoRun) -> None:
    from vises.cafes import demo

    demo.load(partnership=run.partnership, size=run.size, seed=run.seed)


def _demo_history_load(run: DemoRun) -> None:
    from vises.cafes import demo_history

    demo_history.load(partnership=run.partnership, seed=run.seed)


class CafesConfig(AppConfig):
    name = "vises.cafes"
    label = "cafes"
    verbose_name = _("Pop-up cafés")

    def ready(self) -> None:
        from vises.cafes import (
            panels,
            privacy,  # noqa: F401  (field declarations and sections)
        )
        from vises.common import demo, navigation, scheduler
        from vises.partnerships.access import Perm

        scheduler.register(
            scheduler.IntervalJob("cafes.reminders", timedelta(minutes=5), _cafe_reminders)
        )
        scheduler.register(
            scheduler.IntervalJob(
                "cafes.invitations_expire", timedelta(minutes=5), _invitations_expire
            )
        )
        navigation.register(navigation.NavEntry(20, _("Cafés"), "cafes_list", Perm.OPERATE))
        navigation.register(
            navigation.NavEntry(70, _("My cafés"), "partnership_volunteer", Perm.VOLUNTEER_DUTY)
        )
        navigation.register(
            navigation.NavEntry(80, _("Our cafés"), "partnership_company", Perm.COMPANY_PORTAL)
        )
        panels.register()
        demo.register_step(demo.DemoStep(40, "cafes", _demo_load))
        demo.register_step(demo.DemoStep(45, "cafes.history", _demo_history_load))
