from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def load_reference_data(sender: AppConfig, **kwargs: object) -> None:
    """Languages and education levels come from a data migration; a database flush (a
    transactional test ending, `vises flush`) removes them, so put them back afterwards."""
    from vises.people.models import EducationLevel, Language
    from vises.people.reference_data import reference_data_load

    if Language.objects.exists() and EducationLevel.objects.exists():
        return
    reference_data_load(language_model=Language, education_level_model=EducationLevel)


class PeopleConfig(AppConfig):
    name = "vises.people"
    label = "people"
    verbose_name = _("People")

    def ready(self) -> None:
        post_migrate.connect(load_reference_data, sender=self, dispatch_uid="people_reference")
