from importlib import import_module

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _

from vises.common.demo import DemoRun


def load_reference_data(sender: AppConfig, **kwargs: object) -> None:
    """The SNI 2007 sections come from a data migration; a flush removes them: reload."""
    from django.apps import apps

    from vises.companies.models import IndustrySection

    if not IndustrySection.objects.exists():
        import_module("vises.companies.migrations.0002_industry_sections").load(apps, None)


def _demo_load(run: DemoRun) -> None:
    from vises.companies import demo

    demo.load(partnership=run.partnership, size=run.size, seed=run.seed)


class CompaniesConfig(AppConfig):
    name = "vises.companies"
    label = "companies"
    verbose_name = _("Host companies")

    def ready(self) -> None:
        from vises.common import demo, navigation
        from vises.companies import privacy  # noqa: F401  (field declarations)
        from vises.partnerships.access import Perm

        post_migrate.connect(load_reference_data, sender=self, dispatch_uid="companies_reference")
        navigation.register(navigation.NavEntry(30, _("Companies"), "companies_list", Perm.OPERATE))
        demo.register_step(demo.DemoStep(30, "companies", _demo_load))
