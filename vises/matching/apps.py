from datetime import time

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django_tasks.base import Task

from vises.common.demo import DemoRun


def _proposals_follow_up() -> Task:
    from vises.matching.tasks import proposals_follow_up

    return proposals_follow_up


def _followups_send_due() -> Task:
    from vises.matching.tasks import followups_send_due

    return followups_send_due


def _demo_load(run: DemoRun) -> None:
    from vises.matching import demo

    demo.load(partnership=run.partnership, size=run.size, seed=run.seed)


def _demo_history_load(run: DemoRun) -> None:
    from vises.matching import demo_history

    demo_history.load(partnership=run.partnership, seed=run.seed)


class MatchingConfig(AppConfig):
    """Language friends: match runs, pairs and follow-ups (the engine is pure: engine/)."""

    name = "vises.matching"
    label = "matching"
    verbose_name = _("Language friends")

    def ready(self) -> None:
        from vises.common import demo, navigation, scheduler
        from vises.matching import (
            panels,
            privacy,  # noqa: F401  (field declarations and sections)
        )
        from vises.partnerships.access import Perm

        scheduler.register(
            scheduler.DailyJob("matching.proposals_follow_up", time(9, 0), _proposals_follow_up)
        )
        scheduler.register(
            scheduler.DailyJob("matching.followups_send", time(10, 0), _followups_send_due)
        )
        navigation.register(
            navigation.NavEntry(25, _("Language friends"), "matching_home", Perm.OPERATE)
        )
        panels.register()
        demo.register_step(demo.DemoStep(50, "matching", _demo_load))
        demo.register_step(demo.DemoStep(55, "matching.history", _demo_history_load))
