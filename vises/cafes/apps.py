from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CafesConfig(AppConfig):
    name = "vises.cafes"
    label = "cafes"
    verbose_name = _("Pop-up cafés")
