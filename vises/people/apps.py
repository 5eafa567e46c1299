from importlib import import_module

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def load_reference_data(sender: AppConfig, **kwargs: object) -> None:
    """Languages and education levels come from a data migration; a database flush (a
    transactional test ending, `vises flush`) removes them, so put them back afterwards."""
    from django.apps import apps

    from vises.people.models import EducationLevel, Language

    if Language.objects.exists() and EducationLevel.objects.exists():
        return
    import_module("vises.people.migrations.0002_reference_data").load(apps, None)


class PeopleConfig(AppConfig):
    name = "vises.people"
    label = "people"
    verbose_name = _("People")

    def ready(self) -> None:
        post_migrate.connect(load_reference_data, sender=self, dispatch_uid="people_reference")
