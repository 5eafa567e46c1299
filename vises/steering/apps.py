from datetime import time

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django_tasks.base import Task

from vises.common.demo import DemoRun


def _reminders() -> Task:
    from vises.steering.tasks import meeting_reminders_send

    return meeting_reminders_send


def _demo_load(run: DemoRun) -> None:
    from vises.steering import demo

    demo.load(run)


class SteeringConfig(AppConfig):
    """The steering group: meetings, minutes, action items and the meeting pack."""

    name = "vises.steering"
    label = "steering"
    verbose_name = _("Steering group")

    def ready(self) -> None:
        from vises.common import demo, navigation, scheduler
        from vises.partnerships.access import Perm
        from vises.steering import (
            panels,
            privacy,  # noqa: F401  (field declarations)
        )

        scheduler.register(scheduler.DailyJob("steering.reminders", time(8, 0), _reminders))
        navigation.register(
            navigation.NavEntry(88, _("Steering group"), "steering_meetings", Perm.STEERING)
        )
        panels.register()
        demo.register_step(demo.DemoStep(80, "steering", _demo_load))
