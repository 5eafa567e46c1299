from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from vises.common.demo import DemoRun


def _demo_load(run: DemoRun) -> None:
    from vises.economy import demo

    demo.load(run)
    demo.invoices_load(run)


class EconomyConfig(AppConfig):
    name = "vises.economy"
    label = "economy"
    verbose_name = _("Economy")

    def ready(self) -> None:
        from vises.common import demo, navigation
        from vises.economy import (
            panels,
            privacy,  # noqa: F401  (field declarations)
        )
        from vises.partnerships.access import Perm

        navigation.register(
            navigation.NavEntry(86, _("Economy"), "economy_years", Perm.VIEW_STATISTICS)
        )
        panels.register()
        demo.register_step(demo.DemoStep(60, "economy", _demo_load))
