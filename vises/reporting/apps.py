from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportingConfig(AppConfig):
    """Statistics and the annual report: the statistics read the other apps and write
    nothing; the annual report keeps its own versions, narratives and sign-offs."""

    name = "vises.reporting"
    label = "reporting"
    verbose_name = _("Reporting")

    def ready(self) -> None:
        from vises.common import navigation
        from vises.partnerships.access import Perm
        from vises.reporting import (
            panels,
            privacy,  # noqa: F401  (field declarations)
        )

        navigation.register(
            navigation.NavEntry(80, _("Statistics"), "statistics_dashboard", Perm.VIEW_STATISTICS)
        )
        navigation.register(
            navigation.NavEntry(84, _("Annual report"), "reporting_years", Perm.VIEW_STATISTICS)
        )
        panels.register()
