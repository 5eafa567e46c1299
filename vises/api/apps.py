from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "vises.api"
    label = "api"
    verbose_name = _("API")

    def ready(self) -> None:
        from vises.api import (
            privacy,  # noqa: F401  (field declarations)
        )
