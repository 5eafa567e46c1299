from datetime import time

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django_tasks.base import Task


def _audit_record_heads() -> Task:
    from vises.common.tasks import audit_record_heads

    return audit_record_heads


class CommonConfig(AppConfig):
    name = "vises.common"
    label = "common"
    verbose_name = _("Common")

    def ready(self) -> None:
        from vises.common import scheduler, sms_checks  # noqa: F401  (registers its check)

        scheduler.register(
            scheduler.DailyJob("audit.record_heads", time(3, 15), _audit_record_heads)
        )
